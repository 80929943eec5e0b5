import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ApolloServer, HeaderMap } from '@apollo/server';
import { ApolloServerPluginCacheControlDisabled } from '@apollo/server/plugin/disabled';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import type { HubDatabase } from '../db/database';
import { createContext, type HubContext } from '../graphql/context';
import { hubSchema } from '../graphql/schema';
import { depthLimitRule } from './depth-limit.rule';
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
  log?: (message: string, detail?: unknown) => void;
}

export interface RunningHub {
  url: string;
  apollo: ApolloServer<HubContext>;
  stop(): Promise<void>;
}

class BodyTooLargeError extends Error {}

function readBody(request: IncomingMessage, maxBytes: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxBytes) {
        reject(new BodyTooLargeError());
        request.destroy();
        return;
      }
      chunks.push(chunk);
    });
    request.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    request.on('error', reject);
  });
}

function sendJson(response: ServerResponse, status: number, body: unknown): void {
  response.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
  response.end(JSON.stringify(body));
}

function parseBody(text: string, contentType: string | undefined): unknown {
  if (text === '') return undefined;
  return contentType?.includes('application/json') ? JSON.parse(text) : text;
}

export async function startHubServer(options: HubServerOptions): Promise<RunningHub> {
  const { db } = options;
  const maxBodyBytes = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  const log = options.log ?? ((message: string, detail?: unknown) => console.error(message, detail ?? ''));
  const httpServer: Server = createServer();
  const apollo = new ApolloServer<HubContext>({
    schema: hubSchema(),
    introspection: true,
    includeStacktraceInErrorResponses: false,
    validationRules: [depthLimitRule(MAX_QUERY_DEPTH)],
    formatError: maskUnexpectedErrors((error) => log('unexpected error', error)),
    // The hub sets no cache hints; computing them costs a hook on every resolved field.
    plugins: [ApolloServerPluginDrainHttpServer({ httpServer }), ApolloServerPluginCacheControlDisabled(), offlineGraphiQLPlugin(GRAPHQL_PATH)],
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
      if (url.pathname !== GRAPHQL_PATH) return sendJson(response, 404, { error: `not found; the GraphQL endpoint is ${GRAPHQL_PATH}` });

      const headers = new HeaderMap();
      for (const [key, value] of Object.entries(request.headers)) {
        if (value !== undefined) headers.set(key, Array.isArray(value) ? value.join(', ') : value);
      }
      let body: unknown;
      try {
        body = parseBody(await readBody(request, maxBodyBytes), request.headers['content-type']);
      } catch (error) {
        if (error instanceof BodyTooLargeError) return sendJson(response, 413, { errors: [{ message: `request body above ${maxBodyBytes} bytes: split the delivery`, extensions: { code: 'PAYLOAD_TOO_LARGE' } }] });
        return sendJson(response, 400, { errors: [{ message: 'request body is not valid JSON', extensions: { code: 'BAD_REQUEST' } }] });
      }
      const result = await apollo.executeHTTPGraphQLRequest({
        httpGraphQLRequest: { method: request.method ?? 'GET', headers, search: url.search, body },
        context: async () => createContext(db.prisma, requestId, { maxRecordsPerDelivery: options.maxRecordsPerDelivery }),
      });
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
