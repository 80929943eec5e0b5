/**
 * npm run bench [-- --households N --requests N --rounds R --concurrency C --databases pglite,postgres]
 * node dist/bench/profile.bench.js [same options] [--no-results]
 *
 * Measures the unified household profile query over HTTP on the demo county, on the embedded
 * database (PGlite) and on PostgreSQL side by side in one run, and appends the figures with the
 * date and machine to bench/results.md.
 *
 * Every request carries an API key. On each database two keys read the same households, the same
 * number of requests each: a county official's key without personal-data scopes (ID numbers and
 * bank cards come back masked; nothing is audited) and the same key with all four scopes (values
 * unmasked; one audit_entry INSERT per request before the response leaves). The requests are split
 * into rounds that alternate which key goes first (masked, unmasked | unmasked, masked | ...), so
 * drift on a shared machine falls on both alike.
 */
import 'reflect-metadata';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { Worker } from 'node:worker_threads';
import { openDatabase, type HubDatabase } from '../src/db/database';
import { migrateDatabase } from '../src/db/migrate';
import { createScratchDatabase } from '../src/db/scratch-database';
import { generateCounty } from '../src/demo/county-generator';
import { loadCounty } from '../src/demo/load-county';
import { projectRoot } from '../src/project-root';
import { appendResults, BENCH_POSTGRES_URL, machineDescription, optionValue } from './support';
import { ApiKeyService } from '../src/modules/auth/api-key.service';
import type { ApiKeySpecInput } from '../src/modules/auth/api-key-spec';
import { commandLineActor } from '../src/modules/auth/audit';
import { startHubServer } from '../src/server/http-server';

interface Options {
  households: number;
  /** Requests per key and database. */
  requests: number;
  /** Alternating rounds the requests are split into. */
  rounds: number;
  concurrency: number;
  databases: string[];
  postgresUrl: string;
  /** --no-results: print the figures without appending them to bench/results.md (trial runs). */
  writeResults: boolean;
}

function parseOptions(argv: string[]): Options {
  const value = (name: string, fallback: string) => optionValue(argv, name, fallback);
  if (argv.includes('--seconds')) throw new Error('--seconds is gone: both keys make the same number of requests; use --requests N (per key) instead');
  const options = {
    households: Number(value('households', '2000')),
    requests: Number(value('requests', '1000')),
    rounds: Number(value('rounds', '10')),
    concurrency: Number(value('concurrency', '8')),
    databases: value('databases', 'pglite,postgres').split(','),
    postgresUrl: BENCH_POSTGRES_URL,
    writeResults: !argv.includes('--no-results'),
  };
  for (const key of ['households', 'requests', 'rounds', 'concurrency'] as const) {
    if (!Number.isInteger(options[key]) || options[key] < 1) throw new Error(`--${key} must be a positive whole number`);
  }
  if (options.rounds > options.requests) throw new Error('--rounds must not exceed --requests');
  return options;
}

const PROFILE_QUERY = readFileSync(join(projectRoot(), 'schema', 'operations', 'household-profile.graphql'), 'utf8');

/** The two keys compared: identical but for the personal-data scopes. */
const VARIANTS = [
  { id: 'masked', label: 'no personal-data scopes (masked, no audit)', personalData: [] as string[] },
  { id: 'unmasked', label: 'all four scopes (unmasked, audited)', personalData: ['ID_NUMBER', 'BANK_CARD', 'HEALTH', 'INCOME'] },
] as const;
type VariantId = (typeof VARIANTS)[number]['id'];

interface Figures {
  database: string;
  key: string;
  requests: number;
  throughput: number;
  p50: number;
  p99: number;
  statementsPerProfile: number;
  /** All statements of the timed requests (last-used stamps included) over the requests. */
  statementsPerRequest: number;
  /** READ_PERSONAL_DATA rows this key's timed requests added to audit_entry. */
  auditRows: number;
  loadSeconds: number;
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

/**
 * The HTTP clients run in a worker thread, as a department system would in its own process, so
 * parsing responses does not steal the hub's event loop.
 */
const CLIENT_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const { url, query, householdNos, concurrency, offset, count, secret } = workerData;
const headers = { 'content-type': 'application/json', authorization: 'Bearer ' + secret };
(async () => {
  const latencies = [];
  let next = 0;
  const started = performance.now();
  await Promise.all(Array.from({ length: concurrency }, async () => {
    while (next < count) {
      const householdNo = householdNos[((offset + next++) * 7919) % householdNos.length];
      const t0 = performance.now();
      const response = await fetch(url, { method: 'POST', headers, body: JSON.stringify({ query, variables: { householdNo } }) });
      const body = await response.json();
      if (response.status !== 200 || body.errors || !body.data.household) throw new Error('profile of ' + householdNo + ' failed: HTTP ' + response.status + ' ' + JSON.stringify(body.errors));
      latencies.push(performance.now() - t0);
    }
  }));
  parentPort.postMessage({ latencies, elapsed: (performance.now() - started) / 1000 });
})();
`;

/** Requests `offset` to `offset + count - 1` of the household sequence, `concurrency` at a time. */
function runClients(url: string, secret: string, householdNos: string[], offset: number, count: number, options: Options): Promise<{ latencies: number[]; elapsed: number }> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(CLIENT_SOURCE, {
      eval: true,
      workerData: { url, query: PROFILE_QUERY, householdNos, concurrency: options.concurrency, offset, count, secret },
    });
    worker.once('message', resolve);
    worker.once('error', reject);
  });
}

/** A county official's key for the benchmark, with or without personal-data scopes. */
async function createKey(db: HubDatabase, countyCode: string, personalData: readonly string[]): Promise<string> {
  const spec: ApiKeySpecInput = {
    name: `bench profile ${personalData.length > 0 ? 'unmasked' : 'masked'}`,
    role: 'OFFICIAL',
    regionCode: countyCode,
    personalData,
    // the default 600 a minute would refuse the benchmark's clients
    rateLimitPerMinute: 100_000,
  };
  const created = await new ApiKeyService(db.prisma).create(spec, commandLineActor());
  if ('problems' in created) throw new Error(`bench key: ${created.problems.map((p) => `${p.field}: ${p.message}`).join('; ')}`);
  return created.secret;
}

const readAudits = (db: HubDatabase) => db.prisma.auditEntry.count({ where: { action: 'READ_PERSONAL_DATA' } });

async function measure(database: string, db: HubDatabase, options: Options): Promise<Figures[]> {
  await migrateDatabase(db);
  const loadStarted = performance.now();
  await loadCounty(db.prisma, generateCounty({ households: options.households }));
  const loadSeconds = (performance.now() - loadStarted) / 1000;
  const householdNos = (await db.prisma.household.findMany({ select: { householdNo: true }, orderBy: { id: 'asc' } })).map((h) => h.householdNo);
  const first = await db.prisma.household.findFirst({ orderBy: { id: 'asc' }, select: { regionCode: true } });
  const countyCode = `${first!.regionCode.slice(0, 6)}000000`;
  const secrets = {} as Record<VariantId, string>;
  for (const variant of VARIANTS) secrets[variant.id] = await createKey(db, countyCode, variant.personalData);
  const server = await startHubServer({ db, port: 0, host: '127.0.0.1' });
  type Profile = { head: { idNumber: string } | null; members: Array<{ idNumber: string | null }> };
  const ask = async (secret: string, householdNo: string): Promise<Profile> => {
    const response = await fetch(server.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${secret}` },
      body: JSON.stringify({ query: PROFILE_QUERY, variables: { householdNo } }),
    });
    const body = (await response.json()) as { errors?: unknown[]; data?: { household: Profile | null } };
    if (response.status !== 200 || body.errors || !body.data?.household) throw new Error(`profile of ${householdNo} failed: HTTP ${response.status} ${JSON.stringify(body.errors)}`);
    return body.data.household;
  };
  try {
    const counted = {} as Record<VariantId, number>;
    for (const variant of VARIANTS) {
      // the first requests stamp the key's last use and warm the JIT; not measured
      for (let i = 0; i < 50; i++) await ask(secrets[variant.id], householdNos[i % householdNos.length]);
      // what is measured is what it says: masked ID numbers for one key, whole ones for the other
      const profile = (await db.statements.measure(() => ask(secrets[variant.id], householdNos[0]))).result;
      const masked = (profile.head?.idNumber ?? '').includes('*');
      if (masked !== (variant.id === 'masked')) throw new Error(`${variant.label}: head's ID number came back as ${profile.head?.idNumber}`);
      const audits = await readAudits(db);
      counted[variant.id] = (await db.statements.measure(() => ask(secrets[variant.id], householdNos[1]))).count;
      const added = (await readAudits(db)) - audits;
      if (added !== (variant.id === 'masked' ? 0 : 1)) throw new Error(`${variant.label}: one profile added ${added} audit rows`);
    }

    const runs = Object.fromEntries(VARIANTS.map((v) => [v.id, { latencies: [] as number[], elapsed: 0, statements: 0, auditRows: 0 }])) as Record<
      VariantId,
      { latencies: number[]; elapsed: number; statements: number; auditRows: number }
    >;
    for (let round = 0; round < options.rounds; round++) {
      const offset = Math.floor((round * options.requests) / options.rounds);
      const count = Math.floor(((round + 1) * options.requests) / options.rounds) - offset;
      const order = round % 2 === 0 ? VARIANTS : [...VARIANTS].reverse();
      for (const variant of order) {
        const audits = await readAudits(db);
        const statements = db.statements.count;
        const { latencies, elapsed } = await runClients(server.url, secrets[variant.id], householdNos, offset, count, options);
        const run = runs[variant.id];
        run.statements += db.statements.count - statements;
        run.auditRows += (await readAudits(db)) - audits;
        run.latencies.push(...latencies);
        run.elapsed += elapsed;
        console.log(`${database}, round ${round + 1}/${options.rounds}, ${variant.id}: ${latencies.length} profiles in ${elapsed.toFixed(2)} s = ${(latencies.length / elapsed).toFixed(1)}/s`);
      }
    }
    return VARIANTS.map((variant) => {
      const { latencies, elapsed, statements, auditRows } = runs[variant.id];
      latencies.sort((a, b) => a - b);
      return {
        database,
        key: variant.label,
        requests: latencies.length,
        throughput: latencies.length / elapsed,
        p50: percentile(latencies, 50),
        p99: percentile(latencies, 99),
        statementsPerProfile: counted[variant.id],
        statementsPerRequest: statements / latencies.length,
        auditRows,
        loadSeconds,
      };
    });
  } finally {
    await server.stop();
  }
}

async function main(): Promise<void> {
  const options = parseOptions(process.argv.slice(2));
  const results: Figures[] = [];
  for (const database of options.databases) {
    if (database === 'pglite') {
      const db = await openDatabase({ dataDir: 'memory://' });
      try {
        results.push(...(await measure('PGlite (embedded, in memory)', db, options)));
      } finally {
        await db.close();
      }
    } else if (database === 'postgres') {
      const scratch = await createScratchDatabase(options.postgresUrl, 'hub_bench');
      const db = await openDatabase({ url: scratch.url, dataDir: 'memory://' });
      try {
        results.push(...(await measure('PostgreSQL server', db, options)));
      } finally {
        await db.close();
        await scratch.drop();
      }
    } else {
      throw new Error(`unknown database "${database}": use pglite and/or postgres`);
    }
    console.log(results.slice(-VARIANTS.length));
  }

  const machine = machineDescription();
  const databases = [...new Set(results.map((r) => r.database))];
  const comparison = databases.map((database) => {
    const [masked, unmasked] = VARIANTS.map((v) => results.find((r) => r.database === database && r.key === v.label)!);
    const delta = (a: number, b: number) => `${b - a >= 0 ? '+' : ''}${(b - a).toFixed(1)}`;
    return `- ${database}: unmasked ÷ masked profiles/s = ${(unmasked.throughput / masked.throughput).toFixed(3)}; p50 ${delta(masked.p50, unmasked.p50)} ms, p99 ${delta(masked.p99, unmasked.p99)} ms; ${unmasked.auditRows} audit rows for ${unmasked.requests} unmasked requests, ${masked.auditRows} for ${masked.requests} masked ones.`;
  });
  const lines = [
    '',
    `## Profile query, ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC`,
    '',
    `Machine: ${machine}. Demo county of ${options.households} households (seed 2016); ${options.concurrency} concurrent HTTP clients in a worker thread, ${options.requests} requests per key (the same households in the same order for both keys), in ${options.rounds} rounds alternating which key goes first; query: schema/operations/household-profile.graphql. ` +
      'Both keys are OFFICIAL keys for the whole county, rate limit 100000/min; they differ only in personal-data scopes.',
    '',
    '| database | key | requests | profiles/s | p50 ms | p99 ms | SQL statements per profile | SQL statements per request, whole run | audit rows written | county load s |',
    '| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
    ...results.map(
      (r) =>
        `| ${r.database} | ${r.key} | ${r.requests} | ${r.throughput.toFixed(1)} | ${r.p50.toFixed(1)} | ${r.p99.toFixed(1)} | ${r.statementsPerProfile} | ${r.statementsPerRequest.toFixed(3)} | ${r.auditRows} | ${r.loadSeconds.toFixed(1)} |`,
    ),
    '',
    ...comparison,
    '',
  ];
  console.log(lines.join('\n'));
  if (!options.writeResults) return;
  appendResults(lines);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
