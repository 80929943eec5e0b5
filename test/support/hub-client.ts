import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { type GraphQLFormattedError, print } from 'graphql';
import type { HubDatabase } from '../../src/db/database';
import { PERSONAL_DATA_CATEGORIES } from '../../src/modules/auth/access';
import type { ApiKeySpecInput } from '../../src/modules/auth/api-key-spec';
import { ApiKeyService } from '../../src/modules/auth/api-key.service';
import { commandLineActor } from '../../src/modules/auth/audit';
import { type HubServerOptions, type RunningHub, startHubServer } from '../../src/server/http-server';

export interface GraphQLResponse<T> {
  status: number;
  headers: Headers;
  data?: T | null;
  errors?: GraphQLFormattedError[];
}

export interface HubClient {
  /** Sends a typed document over HTTP, as a department system would. */
  execute<T, V>(document: TypedDocumentNode<T, V>, variables?: V): Promise<GraphQLResponse<T>>;
  /** Sends raw query text, for malformed or ad-hoc requests. */
  send(query: string, variables?: Record<string, unknown>): Promise<GraphQLResponse<Record<string, unknown>>>;
  /** Sends any JSON body with extra headers (batches, CSRF checks). */
  post(body: unknown, headers?: Record<string, string>): Promise<GraphQLResponse<Record<string, unknown>>>;
}

export interface TestHub extends HubClient {
  url: string;
  /** Creates an API key and returns its secret. */
  createKey(spec: ApiKeySpecInput): Promise<string>;
  /** A client sending this key (or none, for null). */
  as(secret: string | null): HubClient;
  /** A client for a department's system (its key is made once), seeing every kind of personal data. */
  asDepartment(department: string): Promise<HubClient>;
  stop(): Promise<void>;
}

const ALL_PERSONAL_DATA = [...PERSONAL_DATA_CATEGORIES];

/** The key look-up (and its once-a-minute last-used stamp) runs per request; statement counts of a query leave it out. */
export const KEY_LOOKUP = /\bapi_key\b/;

/**
 * The hub over HTTP on a random port. `execute` and `send` use a whole-hub auditor's key that
 * sees all personal data and every delivery; `as` and `asDepartment` speak for other keys.
 */
export async function startTestHub(db: HubDatabase, logged: unknown[] = [], options: Partial<HubServerOptions> = {}): Promise<TestHub> {
  const keys = new ApiKeyService(db.prisma);
  const createKey = async (spec: ApiKeySpecInput) => {
    const created = await keys.create(spec, commandLineActor());
    if ('problems' in created) throw new Error(`test key ${spec.name}: ${JSON.stringify(created.problems)}`);
    return created.secret;
  };
  const readerKey = await createKey({ name: 'test reader', role: 'AUDITOR', personalData: ALL_PERSONAL_DATA });
  const server: RunningHub = await startHubServer({ db, port: 0, host: '127.0.0.1', log: (_message, detail) => logged.push(detail), ideKey: readerKey, ...options });
  const client = (secret: string | null): HubClient => {
    const post = async (body: unknown, headers: Record<string, string> = {}) => {
      const response = await fetch(server.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(secret === null ? {} : { authorization: `Bearer ${secret}` }), ...headers },
        body: JSON.stringify(body),
      });
      const text = await response.text();
      const json = text.startsWith('{') || text.startsWith('[') ? (JSON.parse(text) as object) : { raw: text };
      return { status: response.status, headers: response.headers, ...json } as GraphQLResponse<Record<string, unknown>>;
    };
    return {
      execute: (document, variables) => post({ query: print(document), variables }) as never,
      send: (query, variables) => post({ query, variables }),
      post,
    };
  };
  const reader = client(readerKey);
  const departments = new Map<string, Promise<HubClient>>();
  return {
    url: server.url,
    ...reader,
    createKey,
    as: client,
    asDepartment(department) {
      if (!departments.has(department)) {
        departments.set(department, createKey({ name: `test ${department} system`, role: 'DEPARTMENT', department, personalData: ALL_PERSONAL_DATA }).then(client));
      }
      return departments.get(department)!;
    },
    stop: () => server.stop(),
  };
}
