import type { HubDatabase } from '../../src/db/database';
import { generateCounty } from '../../src/demo/county-generator';
import { loadCounty } from '../../src/demo/load-county';
import { toGlobalId } from '../../src/graphql/relay/global-id';
import { KEY_LOOKUP, startTestHub, type TestHub } from '../support/hub-client';
import { createTestDatabase } from '../support/test-database';

/*
 * Every abuse limit refuses over real HTTP, early and with a message saying what was asked and
 * what the hub allows. Extra servers, started with one option changed, share the test database.
 * Error masking and the basic depth refusal are covered in household-profile.test.ts.
 */

let db: HubDatabase;
let hub: TestHub;
/** A key of our own for requests the test client cannot make (GET, batches, other content types). */
let secret: string;
const extraHubs: TestHub[] = [];

async function extraHub(options: Parameters<typeof startTestHub>[2]): Promise<TestHub> {
  const started = await startTestHub(db, [], options);
  extraHubs.push(started);
  return started;
}

beforeAll(async () => {
  db = await createTestDatabase();
  await loadCounty(db.prisma, generateCounty({ seed: 5, households: 20 }));
  hub = await startTestHub(db, []);
  secret = await hub.createKey({ name: 'abuse tester', role: 'AUDITOR' });
});

afterAll(async () => {
  for (const started of extraHubs) await started.stop();
  await hub?.stop();
  await db?.close();
});

interface FormattedError {
  message: string;
  extensions?: Record<string, unknown>;
}

function errorOf(response: { errors?: readonly FormattedError[] }): FormattedError {
  expect(response.errors).toHaveLength(1);
  return response.errors![0];
}

interface RawResponse {
  status: number;
  headers: Headers;
  body: any;
}

/** A request the test client cannot make; the body is parsed as JSON when it is JSON. */
async function request(url: string, init: RequestInit): Promise<RawResponse> {
  const response = await fetch(url, init);
  const text = await response.text();
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    // not JSON: keep the text
  }
  return { status: response.status, headers: response.headers, body };
}

function postBatch(url: string, key: string, operations: unknown[]): Promise<RawResponse> {
  return request(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
    body: JSON.stringify(operations),
  });
}

/** Costs 1 + first × (1 + 10 members × (1 + 1 household × (1 + 10 subsidies))) = 1 + 121 × first. */
const FAN_OUT = (first: string) => `households(first: ${first}) { nodes { members { household { subsidies { amount } } } } }`;

describe('query cost', () => {
  it('refuses a costly query before any SQL runs, naming its cost and the limit, and answers a cheaper one', async () => {
    const { result, count, statements } = await db.statements.measure(() => hub.send(`query FanOut { ${FAN_OUT('100')} }`), KEY_LOOKUP);
    expect(result.status).toBe(400);
    const error = errorOf(result);
    expect(error.extensions).toMatchObject({ code: 'QUERY_TOO_COSTLY', cost: 12101, maxCost: 10000 });
    expect(error.message).toMatch(/FanOut costs 12101; the hub answers at most 10000/);
    expect(result.data).toBeUndefined();
    expect(statements).toEqual([]);
    expect(count).toBe(0);

    const cheap = await hub.send(`{ ${FAN_OUT('5')} }`);
    expect(cheap.status).toBe(200);
    expect(cheap.errors).toBeUndefined();
    expect((cheap.data as { households: { nodes: unknown[] } }).households.nodes).toHaveLength(5);
  });

  it('counts a page size given in a variable', async () => {
    const query = `query FanOut($first: Int) { ${FAN_OUT('$first')} }`;
    const costly = await hub.send(query, { first: 100 });
    expect(costly.status).toBe(400);
    expect(errorOf(costly).extensions).toMatchObject({ code: 'QUERY_TOO_COSTLY', cost: 12101 });
    const cheap = await hub.send(query, { first: 5 });
    expect(cheap.errors).toBeUndefined();
    expect((cheap.data as { households: { nodes: unknown[] } }).households.nodes).toHaveLength(5);
  });

  it('refuses at a configured lower limit what the default allows', async () => {
    const strict = await extraHub({ limits: { maxQueryCost: 50 } });
    const query = `{ ${FAN_OUT('5')} }`;
    const refused = await strict.send(query);
    expect(refused.status).toBe(400);
    const error = errorOf(refused);
    expect(error.extensions).toMatchObject({ code: 'QUERY_TOO_COSTLY', cost: 606, maxCost: 50 });
    expect(error.message).toMatch(/costs 606; the hub answers at most 50/);
    expect((await hub.send(query)).errors).toBeUndefined();
  });
});

describe('aliases', () => {
  const aliased = (n: number) => `query Flood { viewer { ${Array.from({ length: n }, (_, i) => `a${i}: name`).join(' ')} } }`;

  it('refuses 21 aliases before any SQL runs and answers 20', async () => {
    const { result, count } = await db.statements.measure(() => hub.send(aliased(21)), KEY_LOOKUP);
    expect(result.status).toBe(400);
    const error = errorOf(result);
    expect(error.extensions?.code).toBe('TOO_MANY_ALIASES');
    expect(error.message).toMatch(/Flood uses 21 aliases; the hub answers at most 20/);
    expect(count).toBe(0);

    const allowed = await hub.send(aliased(20));
    expect(allowed.errors).toBeUndefined();
    expect(Object.keys((allowed.data as { viewer: object }).viewer)).toHaveLength(20);
  });
});

describe('depth', () => {
  // Household.head is one member, so the chain stays cheap and only its depth grows.
  const chain = `household(householdNo: $no) { ${'head { household { '.repeat(5)}`;
  const close = ' } }'.repeat(5);

  it('answers 12 levels and refuses 13, naming both numbers', async () => {
    const householdNo = (await db.prisma.household.findFirstOrThrow({ orderBy: { id: 'asc' } })).householdNo;
    // 1 + 2 × 5 + 1 = 12 fields deep.
    const twelve = await hub.send(`query Deep($no: String) { ${chain}householdNo${close} } }`, { no: householdNo });
    expect(twelve.errors).toBeUndefined();
    expect(JSON.stringify(twelve.data)).toContain(householdNo);
    // 1 + 2 × 5 + 2 = 13.
    const thirteen = await hub.send(`query Deep($no: String) { ${chain}members { idNumber }${close} } }`, { no: householdNo });
    expect(thirteen.status).toBe(400);
    const error = errorOf(thirteen);
    expect(error.extensions?.code).toBe('QUERY_TOO_DEEP');
    expect(error.message).toMatch(/Deep is nested 13 fields deep; the hub answers at most 12/);
  });
});

describe('page size', () => {
  it('refuses `first` above 100, naming the argument, before any SQL runs', async () => {
    const { result, count } = await db.statements.measure(() => hub.send('{ households(first: 101) { totalCount } }'), KEY_LOOKUP);
    const error = errorOf(result);
    expect(error.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argumentName: 'first' });
    expect(error.message).toMatch(/^first: .*100.*101/);
    expect(count).toBe(0);
  });

  it('refuses more than 100 ids in `nodes`, naming the argument, and answers 100', async () => {
    const query = 'query($ids: [ID!]!) { nodes(ids: $ids) { id } }';
    const ids = (n: number) => Array.from({ length: n }, (_, i) => toGlobalId('Household', i + 1));
    const { result, count } = await db.statements.measure(() => hub.send(query, { ids: ids(101) }), KEY_LOOKUP);
    const error = errorOf(result);
    expect(error.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argumentName: 'ids' });
    expect(error.message).toMatch(/^ids: at most 100 IDs per request, got 101/);
    expect(count).toBe(0);

    const allowed = await hub.send(query, { ids: ids(100) });
    expect(allowed.errors).toBeUndefined();
    expect((allowed.data as { nodes: unknown[] }).nodes).toHaveLength(100);
  });
});

describe('request body size', () => {
  let client: ReturnType<TestHub['as']>;
  beforeAll(async () => {
    const small = await extraHub({ maxBodyBytes: 10_000 });
    client = small.as(await small.createKey({ name: 'body size tester', role: 'AUDITOR' }));
  });

  it('answers a body under the configured size', async () => {
    const answered = await client.send('{ viewer { name } }', { padding: 'x'.repeat(5_000) });
    expect(answered.status).toBe(200);
    expect(answered.data).toEqual({ viewer: { name: 'body size tester' } });
  });

  it('refuses a body above the configured size with 413 PAYLOAD_TOO_LARGE', async () => {
    const refused = await client.send('{ viewer { name } }', { padding: 'x'.repeat(20_000) });
    expect(refused.status).toBe(413);
    const error = errorOf(refused);
    expect(error.extensions?.code).toBe('PAYLOAD_TOO_LARGE');
    expect(error.message).toMatch(/above 10000 bytes/);
  });
});

describe('batches', () => {
  const operation = { query: '{ viewer { name } }' };

  it('answers a batch of 2 with 2 results', async () => {
    const response = await postBatch(hub.url, secret, [operation, { query: '{ departments { code } }' }]);
    expect(response.status).toBe(200);
    expect(response.body).toHaveLength(2);
    expect(response.body[0]).toEqual({ data: { viewer: { name: 'abuse tester' } } });
    expect(response.body[1].data.departments).toHaveLength(5);
  });

  it('refuses 11 operations (the limit is 10) before running any, naming both numbers', async () => {
    const { result, count } = await db.statements.measure(() => postBatch(hub.url, secret, Array(11).fill(operation)), KEY_LOOKUP);
    expect(result.status).toBe(400);
    const error = errorOf(result.body);
    expect(error.extensions?.code).toBe('BATCH_TOO_LARGE');
    expect(error.message).toMatch(/holds 11 operations; the hub answers at most 10/);
    expect(count).toBe(0);

    const ten = await postBatch(hub.url, secret, Array(10).fill(operation));
    expect(ten.status).toBe(200);
    expect(ten.body).toHaveLength(10);
  });

  it('refuses an empty batch', async () => {
    const response = await postBatch(hub.url, secret, []);
    expect(response.status).toBe(400);
    expect(errorOf(response.body).extensions?.code).toBe('BAD_REQUEST');
    expect(errorOf(response.body).message).toMatch(/empty/);
  });
});

describe('field suggestions', () => {
  it('are left out of errors in production and given otherwise', async () => {
    const production = await extraHub({ production: true });
    const hidden = errorOf(await production.send('{ householdz }'));
    expect(hidden.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(hidden.message).toMatch(/householdz/);
    expect(hidden.message).not.toMatch(/Did you mean/);

    const shown = errorOf(await hub.send('{ householdz }'));
    expect(shown.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(shown.message).toMatch(/Did you mean "household"/);
  });
});

describe('introspection', () => {
  const query = '{ __schema { types { name } } }';

  it('is refused when turned off and answered by default', async () => {
    const closed = await extraHub({ introspection: false });
    const refused = await closed.send(query);
    expect(refused.status).toBe(400);
    expect(refused.data).toBeUndefined();
    expect(errorOf(refused).message).toMatch(/introspection is not allowed/i);

    const answered = await hub.send(query);
    expect(answered.errors).toBeUndefined();
    const types = (answered.data as { __schema: { types: { name: string }[] } }).__schema.types.map((type) => type.name);
    expect(types).toContain('Household');
  });
});

describe('CSRF prevention', () => {
  const get = (headers: Record<string, string>) =>
    request(`${hub.url}?query=${encodeURIComponent('{ viewer { name } }')}`, { method: 'GET', headers: { authorization: `Bearer ${secret}`, ...headers } });

  it('refuses a simple GET and answers one with a preflight header', async () => {
    const simple = await get({});
    expect(simple.status).toBe(400);
    expect(JSON.stringify(simple.body)).toMatch(/Cross-Site Request Forgery/);
    expect(JSON.stringify(simple.body)).not.toContain('abuse tester');

    const preflighted = await get({ 'apollo-require-preflight': 'true' });
    expect(preflighted.status).toBe(200);
    expect(preflighted.body).toEqual({ data: { viewer: { name: 'abuse tester' } } });
  });

  it('refuses a POST of text/plain', async () => {
    const response = await hub.as(secret).post({ query: '{ viewer { name } }' }, { 'content-type': 'text/plain' });
    expect(response.status).toBe(400);
    expect(JSON.stringify(response)).toMatch(/Cross-Site Request Forgery/);
    expect(response.data).toBeUndefined();
  });
});

describe('rate limit', () => {
  /** Windows are aligned to the clock; start a sequence where it cannot straddle two windows. */
  async function awayFromWindowEnd(): Promise<void> {
    const left = 60_000 - (Date.now() % 60_000);
    if (left < 3_000) await new Promise((resolve) => setTimeout(resolve, left + 50));
  }

  it('answers a key its quota with headers counting down, then 429 with Retry-After; another key is unaffected', async () => {
    const limited = hub.as(await hub.createKey({ name: 'limited', role: 'AUDITOR', rateLimitPerMinute: 3 }));
    const other = hub.as(await hub.createKey({ name: 'other', role: 'AUDITOR', rateLimitPerMinute: 3 }));
    await awayFromWindowEnd();

    for (const remaining of ['2', '1', '0']) {
      const response = await limited.send('{ viewer { name rateLimitPerMinute } }');
      expect(response.status).toBe(200);
      expect(response.data).toEqual({ viewer: { name: 'limited', rateLimitPerMinute: 3 } });
      expect(response.headers.get('ratelimit-limit')).toBe('3');
      expect(response.headers.get('ratelimit-remaining')).toBe(remaining);
      expect(response.headers.get('x-ratelimit-limit')).toBe('3');
      expect(response.headers.get('x-ratelimit-remaining')).toBe(remaining);
      expect(Number(response.headers.get('x-ratelimit-reset'))).toBeGreaterThan(Date.now() / 1000 - 1);
      expect(response.headers.get('retry-after')).toBeNull();
    }

    const refused = await limited.send('{ viewer { name } }');
    expect(refused.status).toBe(429);
    expect(refused.data).toBeUndefined();
    const error = errorOf(refused);
    expect(error.extensions?.code).toBe('RATE_LIMITED');
    expect(error.message).toMatch(/3 requests a minute; try again in \d+ s/);
    const retryAfter = Number(refused.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(60);
    expect(refused.headers.get('ratelimit-remaining')).toBe('0');

    const unaffected = await other.send('{ viewer { name } }');
    expect(unaffected.status).toBe(200);
    expect(unaffected.headers.get('ratelimit-remaining')).toBe('2');
  });

  it('counts each operation of a batch', async () => {
    const key = await hub.createKey({ name: 'batching', role: 'AUDITOR', rateLimitPerMinute: 3 });
    await awayFromWindowEnd();
    const batch = await postBatch(hub.url, key, [{ query: '{ viewer { name } }' }, { query: '{ viewer { name } }' }]);
    expect(batch.status).toBe(200);
    expect(batch.body).toHaveLength(2);
    expect(batch.headers.get('ratelimit-remaining')).toBe('1');
    const again = await postBatch(hub.url, key, [{ query: '{ viewer { name } }' }, { query: '{ viewer { name } }' }]);
    expect(again.status).toBe(429);
    expect(errorOf(again.body).extensions?.code).toBe('RATE_LIMITED');
    // The refused batch took nothing: the one request left is still there.
    const last = await hub.as(key).send('{ viewer { name } }');
    expect(last.status).toBe(200);
    expect(last.headers.get('ratelimit-remaining')).toBe('0');
  });
});
