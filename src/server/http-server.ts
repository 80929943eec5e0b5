import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ApolloServer, HeaderMap } from '@apollo/server';
import { ApolloServerPluginCacheControlDisabled } from '@apollo/server/plugin/disabled';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import { DEFAULT_LIMITS, type RequestLimits } from '../config';
import type { HubDatabase } from '../db/database';
import { createContext, type HubContext } from '../graphql/context';
import { hubSchema } from '../graphql/schema';
import type { PersonalDataCategory, Viewer } from '../modules/auth/access';
import { bearerKey } from '../modules/auth/api-key-spec';
import { ApiKeyService } from '../modules/auth/api-key.service';
import { DOWNLOAD_PATHS, serveFindingsDownload } from '../modules/findings/findings-export';
import { aliasLimitRule } from './alias-limit.rule';
import { checkBatch } from './batch-limit';
import { costLimitPlugin, DEFAULT_LIST_SIZE } from './cost-limit.plugin';
import { depthLimitRule } from './depth-limit.rule';
import { RateLimiter, rateLimitHeaders } from './rate-limiter';
import { maskUnexpectedErrors } from './error-masking';
import { offlineGraphiQLPlugin } from './graphiql.plugin';

export const GRAPHQL_PATH = '/graphql';
/** A delivery of a few thousand records is one to two megabytes of JSON. */
export const DEFAULT_MAX_BODY_BYTES = 4 * 1024 * 1024;
/** The profile query is 5 deep; 12 leaves room for frontends while bounding fan-out. */
export const MAX_QUERY_DEPTH = 12;

export interface HubServerOptions {
  db: HubDatabase;
  port: number;
  host?: string;
  maxBodyBytes?: number;
  maxRecordsPerDelivery?: number;
  limits?: Partial<RequestLimits>;
  /** Turns off field suggestions ("Did you mean …?") in errors. */
  production?: boolean;
  introspection?: boolean;
  protectedPersonalData?: ReadonlySet<PersonalDataCategory>;
  /** A key the IDE's headers tab starts with (the embedded demo's); otherwise a placeholder. */
  ideKey?: string;
  log?: (message: string, detail?: unknown) => void;
}

export interface RunningHub {
  url: string;
  apollo: ApolloServer<HubContext>;
  stop(): Promise<void>;
}

class BodyTooLargeError extends Error {}

/**
 * Reads the body up to `maxBytes`. Past that it keeps draining without storing, so the 413 can
 * still be written: destroying the request would close the socket before the client reads it.
 */
function readBody(request: IncomingMessage, maxBytes: number): Promise<string> {
  return new Promise((resolve, reject) => {
    if (Number(request.headers['content-length'] ?? 0) > maxBytes) {
      request.resume();
      reject(new BodyTooLargeError());
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= maxBytes) chunks.push(chunk);
    });
    request.on('end', () => (size > maxBytes ? reject(new BodyTooLargeError()) : resolve(Buffer.concat(chunks).toString('utf8'))));
    request.on('error', reject);
  });
}

function sendJson(response: ServerResponse, status: number, body: unknown): void {
  response.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
  response.end(JSON.stringify(body));
}

function sendError(response: ServerResponse, status: number, code: string, message: string): void {
  sendJson(response, status, { errors: [{ message, extensions: { code } }] });
}

/** The IDE's page carries no data; everything it then asks for needs a key like any other request. */
function asksForLandingPage(request: IncomingMessage, url: URL): boolean {
  return request.method === 'GET' && !url.searchParams.has('query') && (request.headers.accept ?? '').includes('text/html');
}

function operationNameOf(body: unknown): string | null {
  const first = Array.isArray(body) ? body[0] : body;
  const name = typeof first === 'object' && first !== null ? (first as { operationName?: unknown }).operationName : undefined;
  return typeof name === 'string' ? name.slice(0, 200) : null;
}

function parseBody(text: string, contentType: string | undefined): unknown {
  if (text === '') return undefined;
  return contentType?.includes('application/json') ? JSON.parse(text) : text;
}

export async function startHubServer(options: HubServerOptions): Promise<RunningHub> {
  const { db } = options;
  const maxBodyBytes = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  const log = options.log ?? ((message: string, detail?: unknown) => console.error(message, detail ?? ''));
  const limits = { ...DEFAULT_LIMITS, ...options.limits };
  const apiKeys = new ApiKeyService(db.prisma);
  const rateLimiter = new RateLimiter({ windowMs: 60_000 });
  // Idle keep-alive connections outlive a reverse proxy's usual 60 s, so the proxy closes them
  // first and never sends a request down a socket the hub is closing (Node's default is 5 s).
  const httpServer: Server = createServer({ keepAliveTimeout: 65_000 });
  const apollo = new ApolloServer<HubContext>({
    schema: hubSchema(),
    introspection: options.introspection ?? true,
    hideSchemaDetailsFromClientErrors: options.production ?? false,
    csrfPrevention: true,
    allowBatchedHttpRequests: true,
    includeStacktraceInErrorResponses: false,
    validationRules: [depthLimitRule(MAX_QUERY_DEPTH), aliasLimitRule(limits.maxAliases)],
    formatError: maskUnexpectedErrors((error) => log('unexpected error', error)),
    // The hub sets no cache hints; computing them costs a hook on every resolved field.
    plugins: [
      ApolloServerPluginDrainHttpServer({ httpServer }),
      ApolloServerPluginCacheControlDisabled(),
      offlineGraphiQLPlugin(GRAPHQL_PATH, options.ideKey),
      costLimitPlugin({ maxCost: limits.maxQueryCost, defaultListSize: DEFAULT_LIST_SIZE }),
    ],
  });
  await apollo.start();

  httpServer.on('request', async (request: IncomingMessage, response: ServerResponse) => {
    const requestId = (request.headers['x-request-id'] as string | undefined) ?? randomUUID();
    response.setHeader('x-request-id', requestId);
    const url = new URL(request.url ?? '/', 'http://hub.local');
    try {
      if (url.pathname === '/health') {
        await db.prisma.$queryRaw`SELECT 1`;
        return sendJson(response, 200, { status: 'ok', database: db.kind });
      }
      if (url.pathname === '/') {
        response.writeHead(302, { location: GRAPHQL_PATH });
        return response.end();
      }
      // GET /exports/findings.csv|.xlsx?region=…&status=…: the findings as a spreadsheet, with the same key
      const download = Object.hasOwn(DOWNLOAD_PATHS, url.pathname) ? DOWNLOAD_PATHS[url.pathname] : null;
      if (url.pathname !== GRAPHQL_PATH && download === null) return sendJson(response, 404, { error: `not found; the GraphQL endpoint is ${GRAPHQL_PATH}` });

      const headers = new HeaderMap();
      for (const [key, value] of Object.entries(request.headers)) {
        if (value !== undefined) headers.set(key, Array.isArray(value) ? value.join(', ') : value);
      }
      let viewer: Viewer | null = null;
      if (download !== null || !asksForLandingPage(request, url)) {
        const key = bearerKey(request.headers.authorization);
        viewer = key === null ? null : await apiKeys.authenticate(key);
        if (viewer === null) {
          response.setHeader('www-authenticate', 'Bearer realm="household-hub"');
          const why = key === null ? 'send an API key as `Authorization: Bearer hub_…`' : 'the API key is unknown, revoked or expired';
          return sendError(response, 401, 'UNAUTHENTICATED', `${why}; only /health answers without a key`);
        }
      }
      let body: unknown;
      try {
        body = parseBody(await readBody(request, maxBodyBytes), request.headers['content-type']);
      } catch (error) {
        if (error instanceof BodyTooLargeError) {
          response.setHeader('connection', 'close');
          return sendError(response, 413, 'PAYLOAD_TOO_LARGE', `request body above ${maxBodyBytes} bytes: split the delivery`);
        }
        return sendError(response, 400, 'BAD_REQUEST', 'request body is not valid JSON');
      }
      const batch = checkBatch(body, limits.maxBatch);
      if (!batch.ok) return sendError(response, 400, batch.code, batch.message);
      let context: HubContext | null = null;
      if (viewer !== null) {
        const allowed = viewer.rateLimitPerMinute ?? limits.rateLimitPerMinute;
        const decision = rateLimiter.take(String(viewer.keyId), allowed, batch.operations);
        for (const [name, value] of Object.entries(rateLimitHeaders(decision))) response.setHeader(name, value);
        if (!decision.allowed) {
          return sendError(response, 429, 'RATE_LIMITED', `this key may make ${allowed} requests a minute; try again in ${decision.retryAfterSeconds} s`);
        }
        if (download !== null) {
          const refused = request.method === 'GET' ? await serveFindingsDownload(db.prisma, viewer, download, url.searchParams, response) : { status: 405, code: 'METHOD_NOT_ALLOWED', message: 'a download is a GET request' };
          return refused === null ? undefined : sendError(response, refused.status, refused.code, refused.message);
        }
        context = createContext(db.prisma, viewer, {
          requestId,
          operation: operationNameOf(body),
          maxRecordsPerDelivery: options.maxRecordsPerDelivery,
          protectedPersonalData: options.protectedPersonalData,
          rateLimitPerMinute: allowed,
        });
      }
      const result = await apollo.executeHTTPGraphQLRequest({
        httpGraphQLRequest: { method: request.method ?? 'GET', headers, search: url.search, body },
        // Only the landing page is served without a viewer, and it asks for no context.
        context: async () => context ?? Promise.reject(new Error('no viewer')),
      });
      // Unmasked personal data leaves only once its reading is in the audit log.
      if (context !== null) await context.personalDataReads.flush(db.prisma, context.actor);
      for (const [key, value] of result.headers) response.setHeader(key, value);
      response.statusCode = result.status ?? 200;
      if (result.body.kind === 'complete') return response.end(result.body.string);
      for await (const chunk of result.body.asyncIterator) response.write(chunk);
      response.end();
    } catch (error) {
      log(`request ${requestId} failed`, error);
      if (!response.headersSent) sendJson(response, 500, { errors: [{ message: 'Internal server error', extensions: { code: 'INTERNAL_SERVER_ERROR' } }] });
      else response.end();
    }
  });

  await new Promise<void>((resolve, reject) => {
    httpServer.once('error', reject);
    httpServer.listen(options.port, options.host ?? '0.0.0.0', resolve);
  });
  const { port } = httpServer.address() as AddressInfo;
  return {
    url: `http://localhost:${port}${GRAPHQL_PATH}`,
    apollo,
    stop: () => apollo.stop(),
  };
}
