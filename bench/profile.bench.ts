/**
 * npm run bench [-- --households N --seconds S --concurrency C --databases pglite,postgres]
 *
 * Measures the unified household profile query over HTTP on the demo county, on the embedded
 * database (PGlite) and on PostgreSQL side by side in one run, and appends the figures with the
 * date and machine to bench/results.md.
 */
import 'reflect-metadata';
import { appendFileSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { Worker } from 'node:worker_threads';
import { openDatabase, type HubDatabase } from '../src/db/database';
import { migrateDatabase } from '../src/db/migrate';
import { createScratchDatabase } from '../src/db/scratch-database';
import { generateCounty } from '../src/demo/county-generator';
import { loadCounty } from '../src/demo/load-county';
import { projectRoot } from '../src/project-root';
import { startHubServer } from '../src/server/http-server';

interface Options {
  households: number;
  seconds: number;
  concurrency: number;
  databases: string[];
  postgresUrl: string;
}

function parseOptions(argv: string[]): Options {
  const value = (name: string, fallback: string) => {
    const index = argv.indexOf(`--${name}`);
    return index >= 0 && argv[index + 1] ? argv[index + 1] : fallback;
  };
  return {
    households: Number(value('households', '2000')),
    seconds: Number(value('seconds', '10')),
    concurrency: Number(value('concurrency', '8')),
    databases: value('databases', 'pglite,postgres').split(','),
    postgresUrl: process.env.BENCH_POSTGRES_URL ?? process.env.TEST_POSTGRES_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres',
  };
}

const PROFILE_QUERY = readFileSync(join(projectRoot(), 'schema', 'operations', 'household-profile.graphql'), 'utf8');

interface Figures {
  database: string;
  requests: number;
  throughput: number;
  p50: number;
  p99: number;
  statementsPerProfile: number;
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
const { url, query, householdNos, concurrency, seconds } = workerData;
(async () => {
  const latencies = [];
  let next = 0;
  const started = performance.now();
  const deadline = started + seconds * 1000;
  await Promise.all(Array.from({ length: concurrency }, async () => {
    while (performance.now() < deadline) {
      const householdNo = householdNos[(next++ * 7919) % householdNos.length];
      const t0 = performance.now();
      const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query, variables: { householdNo } }) });
      const body = await response.json();
      if (body.errors || !body.data.household) throw new Error('profile of ' + householdNo + ' failed: ' + JSON.stringify(body.errors));
      latencies.push(performance.now() - t0);
    }
  }));
  parentPort.postMessage({ latencies, elapsed: (performance.now() - started) / 1000 });
})();
`;

function runClients(url: string, householdNos: string[], options: Options): Promise<{ latencies: number[]; elapsed: number }> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(CLIENT_SOURCE, {
      eval: true,
      workerData: { url, query: PROFILE_QUERY, householdNos, concurrency: options.concurrency, seconds: options.seconds },
    });
    worker.once('message', resolve);
    worker.once('error', reject);
  });
}

async function measure(database: string, db: HubDatabase, options: Options): Promise<Figures> {
  await migrateDatabase(db);
  const loadStarted = performance.now();
  await loadCounty(db.prisma, generateCounty({ households: options.households }));
  const loadSeconds = (performance.now() - loadStarted) / 1000;
  const householdNos = (await db.prisma.household.findMany({ select: { householdNo: true }, orderBy: { id: 'asc' } })).map((h) => h.householdNo);
  const server = await startHubServer({ db, port: 0, host: '127.0.0.1' });
  const ask = async (householdNo: string) => {
    const response = await fetch(server.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: PROFILE_QUERY, variables: { householdNo } }),
    });
    const body = (await response.json()) as { errors?: unknown[]; data?: { household: unknown } };
    if (body.errors || !body.data?.household) throw new Error(`profile of ${householdNo} failed: ${JSON.stringify(body.errors)}`);
  };
  try {
    const counted = await db.statements.measure(() => ask(householdNos[0]));
    for (let i = 0; i < 50; i++) await ask(householdNos[i % householdNos.length]);
    const { latencies, elapsed } = await runClients(server.url, householdNos, options);
    latencies.sort((a, b) => a - b);
    return {
      database,
      requests: latencies.length,
      throughput: latencies.length / elapsed,
      p50: percentile(latencies, 50),
      p99: percentile(latencies, 99),
      statementsPerProfile: counted.count,
      loadSeconds,
    };
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
        results.push(await measure('PGlite (embedded, in memory)', db, options));
      } finally {
        await db.close();
      }
    } else if (database === 'postgres') {
      const scratch = await createScratchDatabase(options.postgresUrl, 'hub_bench');
      const db = await openDatabase({ url: scratch.url, dataDir: 'memory://' });
      try {
        results.push(await measure('PostgreSQL server', db, options));
      } finally {
        await db.close();
        await scratch.drop();
      }
    } else {
      throw new Error(`unknown database "${database}": use pglite and/or postgres`);
    }
    console.log(results[results.length - 1]);
  }

  const cpu = cpus();
  const machine = `${cpu.length} × ${cpu[0]?.model ?? 'unknown CPU'}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}, ${process.platform}`;
  const lines = [
    '',
    `## Profile query, ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC`,
    '',
    `Machine: ${machine}. Demo county of ${options.households} households (seed 2016); ${options.concurrency} concurrent HTTP clients in a worker thread for ${options.seconds} s each; query: schema/operations/household-profile.graphql.`,
    '',
    '| database | requests | profiles/s | p50 ms | p99 ms | SQL statements per profile | county load s |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: |',
    ...results.map((r) => `| ${r.database} | ${r.requests} | ${r.throughput.toFixed(1)} | ${r.p50.toFixed(1)} | ${r.p99.toFixed(1)} | ${r.statementsPerProfile} | ${r.loadSeconds.toFixed(1)} |`),
    '',
  ];
  const resultsPath = join(projectRoot(), 'bench', 'results.md');
  if (!existsSync(resultsPath)) writeFileSync(resultsPath, '# Benchmark results\n\nAppended by `npm run bench`; newest last. Rerun on your machine to compare.\n');
  appendFileSync(resultsPath, lines.join('\n'));
  console.log(lines.join('\n'));
  console.log(`written to ${resultsPath}`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
