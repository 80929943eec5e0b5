import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { type GraphQLFormattedError, print } from 'graphql';
import type { HubDatabase } from '../../src/db/database';
import { type RunningHub, startHubServer } from '../../src/server/http-server';

export interface GraphQLResponse<T> {
  status: number;
  data?: T | null;
  errors?: GraphQLFormattedError[];
}

export interface TestHub {
  url: string;
  /** Sends a typed document over HTTP, as a department system would. */
  execute<T, V>(document: TypedDocumentNode<T, V>, variables?: V): Promise<GraphQLResponse<T>>;
  /** Sends raw query text, for malformed or ad-hoc requests. */
  send(query: string, variables?: Record<string, unknown>): Promise<GraphQLResponse<Record<string, unknown>>>;
  stop(): Promise<void>;
}

export async function startTestHub(db: HubDatabase, logged: unknown[] = []): Promise<TestHub> {
  const server: RunningHub = await startHubServer({ db, port: 0, host: '127.0.0.1', log: (_message, detail) => logged.push(detail) });
  const post = async (query: string, variables?: unknown) => {
    const response = await fetch(server.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query, variables }),
    });
    return { status: response.status, ...((await response.json()) as object) };
  };
  return {
    url: server.url,
    execute: (document, variables) => post(print(document), variables),
    send: (query, variables) => post(query, variables),
    stop: () => server.stop(),
  };
}
