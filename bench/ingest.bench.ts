/**
 * npm run bench -- --only ingest [--records N --households N]
 * node dist/bench/ingest.bench.js [--records N --households N --batch N --no-results]
 *
 * Ingest throughput on PostgreSQL: the same subsidy records (CIVIL's CIV_DIBAO, one per head of
 * household and month, the beneficiary named by ID number) go into the same `subsidy` table three
 * times in one run, each time from the same starting state:
 *
 *   1. through the `ingest` mutation over HTTP, batches of 1,000, one request at a time;
 *   2. through the file import (importFile, built-in civil-dibao mapping, chunks of 1,000 rows)
 *      from a UTF-8 CSV with the civil roster's Chinese headers;
 *   3. through `COPY subsidy FROM STDIN` (psql's \copy), with households and members already
 *      resolved to row ids: the floor any validating path is compared with.
 *
 * The mutation authenticates like any department system: a DEPARTMENT key of CIVIL (no
 * personal-data scopes; rate limit raised to 100,000 a minute), created after the county is loaded.
 *
 * Records per second, the ratio to COPY, the import's peak RSS growth and where the time went
 * (SQL statements, timed at the driver adapter) are printed and appended to bench/results.md.
 */
import 'reflect-metadata';
import { spawn } from 'node:child_process';
import { createWriteStream, mkdtempSync, rmSync, statSync } from 'node:fs';
import { once } from 'node:events';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { Client } from 'pg';
import type { HubDatabase } from '../src/db/database';
import { migrateDatabase } from '../src/db/migrate';
import { createScratchDatabase } from '../src/db/scratch-database';
import { generateCounty } from '../src/demo/county-generator';
import { loadCounty } from '../src/demo/load-county';
import { chinaToday, parseIdNumber } from '../src/domain/id-number';
import { ApiKeyService } from '../src/modules/auth/api-key.service';
import { commandLineActor } from '../src/modules/auth/audit';
import { resolveMapping } from '../src/modules/ingest/file-import';
import { importFile } from '../src/modules/ingest/file-import/import-file';
import type { SubsidyRecord } from '../src/modules/ingest/ingest-records';
import { IngestService } from '../src/modules/ingest/ingest.service';
import { appendResults, BENCH_POSTGRES_URL, machineDescription, MiB, openTimedDatabase, optionValue, rssSampler, StatementTimer } from './support';
import { startHubServer } from '../src/server/http-server';

interface Options {
  records: number;
  households: number;
  batch: number;
  postgresUrl: string;
  psql: string;
  /** --no-results: print the figures without appending them to bench/results.md (trial runs). */
  writeResults: boolean;
}

function parseOptions(argv: string[]): Options {
  const value = (name: string, fallback: string) => optionValue(argv, name, fallback);
  const options = {
    records: Number(value('records', '100000')),
    households: Number(value('households', '2000')),
    batch: Number(value('batch', '1000')),
    postgresUrl: BENCH_POSTGRES_URL,
    psql: process.env.PSQL ?? 'psql',
    writeResults: !argv.includes('--no-results'),
  };
  for (const key of ['records', 'households', 'batch'] as const) {
    if (!Number.isInteger(options[key]) || options[key] < 1) throw new Error(`--${key} must be a positive whole number`);
  }
  return options;
}

const PREFIX = 'DIBAO-';
const PROGRAM = 'CIV_DIBAO';
const DEPARTMENT = 'CIVIL';
const FIRST_YEAR = 2016;

/* ------------------------------------------------------------------------------------------ *
 * The records: one CIV_DIBAO payment per head of household and month, a monthly roster.
 * ------------------------------------------------------------------------------------------ */

interface Beneficiary {
  memberId: number;
  householdId: number;
  idNumber: string;
  name: string;
  township: string;
  village: string;
  people: number;
}

interface Row {
  beneficiary: Beneficiary;
  month: string;
  startDate: string;
  endDate: string;
  amount: string;
  sourceRecordId: string;
}

/**
 * Heads whose ID number is on record once in the whole county (the demo plants duplicate
 * people; a subsidy naming one of those is refused as ambiguous, which is not what is measured).
 */
async function beneficiaries(db: HubDatabase): Promise<{ list: Beneficiary[]; excluded: number }> {
  const rows = await db.prisma.$queryRawUnsafe<
    Array<{ member_id: number; household_id: number; id_number: string; name: string; township: string | null; village: string; people: bigint | number; on_record: bigint | number }>
  >(
    `SELECT m.id AS member_id, m.household_id, m.id_number, m.name, t.name AS township, v.name AS village,
            (SELECT count(*) FROM member x WHERE x.household_id = h.id AND x.merged_into_id IS NULL) AS people,
            (SELECT count(*) FROM member o WHERE o.id_number = m.id_number) AS on_record
       FROM member m JOIN household h ON h.id = m.household_id
       JOIN region v ON v.code = h.region_code LEFT JOIN region t ON t.code = v.parent_code
      WHERE m.relation = 'HEAD' AND m.merged_into_id IS NULL AND h.merged_into_id IS NULL
      ORDER BY h.household_no`,
  );
  const today = chinaToday();
  const valid = (idNumber: string) => {
    try {
      return parseIdNumber(idNumber, today).idNumber === idNumber;
    } catch {
      return false;
    }
  };
  const list = rows
    .filter((row) => Number(row.on_record) === 1 && valid(row.id_number))
    .map((row) => ({
      memberId: Number(row.member_id),
      householdId: Number(row.household_id),
      idNumber: row.id_number,
      name: row.name,
      township: row.township ?? '',
      village: row.village,
      people: Number(row.people),
    }));
  return { list, excluded: rows.length - list.length };
}

/** Row k: month k / heads, head k % heads, so a batch of 1,000 names up to 1,000 different people. */
function generateRows(people: Beneficiary[], count: number): Row[] {
  const rows: Row[] = [];
  for (let k = 0; k < count; k++) {
    const beneficiary = people[k % people.length];
    const monthIndex = Math.floor(k / people.length);
    const year = FIRST_YEAR + Math.floor(monthIndex / 12);
    const monthNumber = (monthIndex % 12) + 1;
    const month = `${year}-${String(monthNumber).padStart(2, '0')}`;
    const lastDay = new Date(Date.UTC(year, monthNumber, 0)).getUTCDate();
    // 280 to 399 yuan a person and month, with fen, deterministic
    const fen = beneficiary.people * (28_000 + ((beneficiary.memberId * 7919 + monthIndex * 104_729) % 12_000));
    rows.push({
      beneficiary,
      month,
      startDate: `${month}-01`,
      endDate: `${month}-${lastDay}`,
      amount: `${Math.floor(fen / 100)}.${String(fen % 100).padStart(2, '0')}`,
      // what the civil-dibao mapping's template makes of the row
      sourceRecordId: `${PREFIX}${beneficiary.idNumber}-${month}`,
    });
  }
  return rows;
}

const asRecord = (row: Row): SubsidyRecord => ({
  sourceRecordId: row.sourceRecordId,
  beneficiaryIdNumber: row.beneficiary.idNumber,
  programCode: PROGRAM,
  amount: row.amount,
  startDate: row.startDate,
  endDate: row.endDate,
  state: 'PAID',
});

async function writeLines(path: string, header: string | null, rows: Row[], line: (row: Row, index: number) => string): Promise<void> {
  const out = createWriteStream(path);
  const write = async (text: string) => {
    if (!out.write(text)) await once(out, 'drain');
  };
  if (header !== null) await write(header);
  let buffer = '';
  for (let i = 0; i < rows.length; i++) {
    buffer += line(rows[i], i);
    if (buffer.length > 64 * 1024) {
      await write(buffer);
      buffer = '';
    }
  }
  await write(buffer);
  out.end();
  await once(out, 'finish');
}

const csvField = (value: string | number) => {
  const text = String(value);
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
};

/** The civil affairs bureau's monthly roster (低保发放花名册) as Excel saves "CSV UTF-8": with a BOM. */
const CSV_HEADER = '\ufeff序号,乡镇（街道）,村（社区）,户主姓名,身份证号码,保障人口,月保障金额（元）,发放月份,备注\r\n';
const csvLine = (row: Row, index: number) =>
  `${[index + 1, row.beneficiary.township, row.beneficiary.village, row.beneficiary.name, row.beneficiary.idNumber, row.beneficiary.people, row.amount, row.month, ''].map(csvField).join(',')}\r\n`;

const COPY_COLUMNS = ['department_id', 'program_id', 'household_id', 'member_id', 'amount', 'start_date', 'end_date', 'year', 'state', 'source_system', 'source_record_id', 'updated_at'];

/* ------------------------------------------------------------------------------------------ *
 * Measuring.
 * ------------------------------------------------------------------------------------------ */

interface RunFigures {
  path: string;
  seconds: number;
  rows: number;
  rate: number;
  peakRssGrowthMiB: number;
  rssAfterChunksMiB?: number[];
  statements?: number;
  sqlSeconds?: number;
  topStatements?: Array<{ sql: string; count: number; ms: number }>;
  /** What the API keys and the audit log added: key look-ups, last-used stamps, audit rows. */
  keyAndAudit?: Record<'authenticate' | 'lastUsed' | 'audit', { count: number; ms: number }>;
}

/** The statements API keys and the audit log brought, as normaliseSql shortens them. */
const KEY_AND_AUDIT_STATEMENTS = {
  authenticate: /^SELECT k\.id, k\.name, k\.role/,
  lastUsed: /^UPDATE "public"\."api_key"/,
  audit: /^INSERT INTO audit_entry/,
} as const;


class Bench {
  private readonly admin: Client;
  private departmentId = 0;
  private programId = 0;
  private sourceSystem = '';
  /** The secret of the CIVIL department key the mutation presents. */
  private secret = '';

  constructor(
    private readonly db: HubDatabase,
    private readonly url: string,
    private readonly timer: StatementTimer,
    private readonly options: Options,
  ) {
    this.admin = new Client({ connectionString: url });
  }

  async start(): Promise<void> {
    await this.admin.connect();
    const { rows } = await this.admin.query<{ department_id: number; program_id: number }>(
      'SELECT d.id AS department_id, p.id AS program_id FROM program p JOIN department d ON d.id = p.department_id WHERE p.code = $1 AND d.code = $2',
      [PROGRAM, DEPARTMENT],
    );
    if (rows.length !== 1) throw new Error(`program ${PROGRAM} of ${DEPARTMENT} is missing from the reference data`);
    this.departmentId = rows[0].department_id;
    this.programId = rows[0].program_id;
    this.sourceSystem = (await resolveMapping('civil-dibao')).sourceSystem ?? '';
    // A DEPARTMENT key may deliver its own department's records only; the default limit of
    // 600 requests a minute would hold the benchmark back.
    const created = await new ApiKeyService(this.db.prisma).create(
      { name: `bench ingest ${DEPARTMENT}`, role: 'DEPARTMENT', department: DEPARTMENT, rateLimitPerMinute: 100_000 },
      commandLineActor(),
    );
    if ('problems' in created) throw new Error(`bench key: ${created.problems.map((p) => `${p.field}: ${p.message}`).join('; ')}`);
    this.secret = created.secret;
  }

  async end(): Promise<void> {
    await this.admin.end();
  }

  async analyse(): Promise<void> {
    await this.admin.query('VACUUM ANALYZE');
  }

  /** The same starting state for every run: the benchmark's rows gone, the table vacuumed, the buffers flushed. */
  async reset(): Promise<void> {
    await this.admin.query(`DELETE FROM subsidy WHERE department_id = $1 AND source_record_id LIKE '${PREFIX}%'`, [this.departmentId]);
    await this.admin.query('VACUUM ANALYZE subsidy');
    await this.admin.query('CHECKPOINT');
  }

  async tableRows(): Promise<number> {
    const { rows } = await this.admin.query<{ n: string }>('SELECT count(*) AS n FROM subsidy');
    return Number(rows[0].n);
  }

  /** Count and a digest of what landed, to prove that the three paths wrote the same rows. */
  async landed(): Promise<{ count: number; digest: string }> {
    const { rows } = await this.admin.query<{ n: string; digest: string }>(
      `SELECT count(*) AS n, md5(string_agg(concat_ws('|', source_record_id, household_id, member_id, program_id, amount, start_date, end_date, year, state, source_system), ',' ORDER BY source_record_id)) AS digest
         FROM subsidy WHERE department_id = $1 AND source_record_id LIKE '${PREFIX}%'`,
      [this.departmentId],
    );
    return { count: Number(rows[0].n), digest: rows[0].digest };
  }

  private measured<T>(work: () => Promise<T>) {
    return async () => {
      this.timer.reset();
      const before = this.db.statements.count;
      const rss = rssSampler();
      const started = performance.now();
      const result = await work();
      const seconds = (performance.now() - started) / 1000;
      const peakRssGrowthMiB = rss.stop();
      return {
        result,
        seconds,
        peakRssGrowthMiB,
        statements: this.db.statements.count - before,
        sqlSeconds: this.timer.totalMs / 1000,
        topStatements: this.timer.top(8),
        keyAndAudit: {
          authenticate: this.timer.matching(KEY_AND_AUDIT_STATEMENTS.authenticate),
          lastUsed: this.timer.matching(KEY_AND_AUDIT_STATEMENTS.lastUsed),
          audit: this.timer.matching(KEY_AND_AUDIT_STATEMENTS.audit),
        },
      };
    };
  }

  async viaMutation(rows: Row[], warmUp: boolean): Promise<RunFigures | null> {
    const server = await startHubServer({ db: this.db, port: 0, host: '127.0.0.1' });
    try {
      const bodies: string[] = [];
      const batches = warmUp ? rows.slice(0, 2 * this.options.batch) : rows;
      for (let i = 0; i < batches.length; i += this.options.batch) {
        const subsidies = batches.slice(i, i + this.options.batch).map(asRecord);
        // built before the clock starts: a department system serialises on its own machine
        bodies.push(JSON.stringify({ query: INGEST, variables: { input: { department: DEPARTMENT, sourceSystem: this.sourceSystem, subsidies } } }));
      }
      const headers = { 'content-type': 'application/json', authorization: `Bearer ${this.secret}` };
      const run = await this.measured(async () => {
        let accepted = 0;
        for (const body of bodies) {
          const response = await fetch(server.url, { method: 'POST', headers, body });
          const payload = (await response.json()) as { errors?: unknown[]; data?: { ingest: IngestPayload } };
          const ingest = payload.data?.ingest;
          if (response.status !== 200 || payload.errors || !ingest) throw new Error(`ingest failed: HTTP ${response.status} ${JSON.stringify(payload.errors)}`);
          if (ingest.userErrors.length > 0) throw new Error(`delivery refused: ${JSON.stringify(ingest.userErrors)}`);
          if (ingest.rejected.length > 0) throw new Error(`${ingest.rejected.length} records rejected, e.g. ${JSON.stringify(ingest.rejected.slice(0, 3))}`);
          accepted += ingest.accepted;
        }
        return accepted;
      })();
      if (run.result !== batches.length) throw new Error(`mutation accepted ${run.result} of ${batches.length} records`);
      if (warmUp) return null;
      return { path: `ingest mutation over HTTP, ${this.options.batch} per request`, seconds: run.seconds, rows: rows.length, rate: rows.length / run.seconds, peakRssGrowthMiB: run.peakRssGrowthMiB, statements: run.statements, sqlSeconds: run.sqlSeconds, topStatements: run.topStatements, keyAndAudit: run.keyAndAudit };
    } finally {
      await server.stop();
    }
  }

  async viaFile(rows: Row[], csvPath: string): Promise<RunFigures> {
    const mapping = await resolveMapping('civil-dibao');
    const service = new IngestService(this.db.prisma);
    const rssAfterChunks: number[] = [];
    const run = await this.measured(() =>
      importFile(service, this.db.prisma, {
        file: csvPath,
        mapping,
        chunkSize: this.options.batch,
        restart: true,
        onChunkCommitted: () => {
          rssAfterChunks.push(process.memoryUsage().rss / MiB);
        },
      }),
    )();
    const summary = run.result;
    if (summary.rejected !== 0) throw new Error(`file import rejected ${summary.rejected} rows; see ${summary.reportPath}`);
    if (summary.rows !== rows.length || summary.created !== rows.length) throw new Error(`file import read ${summary.rows} rows and created ${summary.created}, expected ${rows.length}`);
    return {
      path: `file import (civil-dibao CSV, ${this.options.batch} rows per chunk)`,
      seconds: run.seconds,
      rows: rows.length,
      rate: rows.length / run.seconds,
      peakRssGrowthMiB: run.peakRssGrowthMiB,
      rssAfterChunksMiB: rssAfterChunks,
      statements: run.statements,
      sqlSeconds: run.sqlSeconds,
      topStatements: run.topStatements,
      keyAndAudit: run.keyAndAudit,
    };
  }

  /** Rows resolved in advance to ids, in COPY's text format. */
  async writeCopyFile(rows: Row[], path: string): Promise<void> {
    const updatedAt = new Date().toISOString().replace('T', ' ').replace('Z', '');
    await writeLines(path, null, rows, (row) =>
      `${[this.departmentId, this.programId, row.beneficiary.householdId, row.beneficiary.memberId, row.amount, row.startDate, row.endDate, row.startDate.slice(0, 4), 'PAID', this.sourceSystem, row.sourceRecordId, updatedAt].join('\t')}\n`,
    );
  }

  async viaCopy(rows: Row[], tsvPath: string): Promise<RunFigures> {
    const command = `\\copy subsidy (${COPY_COLUMNS.join(', ')}) FROM '${tsvPath.replace(/'/g, "''")}' WITH (FORMAT text)`;
    const run = await this.measured(
      () =>
        new Promise<string>((resolve, reject) => {
          const child = spawn(this.options.psql, [this.url, '-X', '-q', '-v', 'ON_ERROR_STOP=1', '-c', command], { stdio: ['ignore', 'pipe', 'pipe'] });
          let output = '';
          child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
          child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
          child.once('error', reject);
          child.once('exit', (code) => (code === 0 ? resolve(output) : reject(new Error(`psql exited with ${code}: ${output}`))));
        }),
    )();
    return { path: 'COPY subsidy FROM STDIN (psql \\copy, ids resolved in advance)', seconds: run.seconds, rows: rows.length, rate: rows.length / run.seconds, peakRssGrowthMiB: run.peakRssGrowthMiB };
  }
}

interface IngestPayload {
  accepted: number;
  created: number;
  rejected: Array<{ index: number; code: string; message: string }>;
  userErrors: Array<{ code: string; message: string }>;
}

const INGEST = `mutation Ingest($input: IngestInput!) {
  ingest(input: $input) {
    delivery { id status received }
    accepted created updated unchanged
    rejected { recordType index sourceRecordId field code message }
    userErrors { field code message }
  }
}`;

/* ------------------------------------------------------------------------------------------ */

async function main(): Promise<void> {
  const options = parseOptions(process.argv.slice(2));
  const work = mkdtempSync(join(tmpdir(), 'hub-ingest-bench-'));
  const scratch = await createScratchDatabase(options.postgresUrl, 'hub_bench_ingest');
  const timer = new StatementTimer();
  const db = await openTimedDatabase(scratch.url, timer);
  const bench = new Bench(db, scratch.url, timer, options);
  try {
    await migrateDatabase(db);
    const loadStarted = performance.now();
    await loadCounty(db.prisma, generateCounty({ households: options.households }));
    console.log(`demo county of ${options.households} households loaded in ${((performance.now() - loadStarted) / 1000).toFixed(1)} s`);
    await bench.start();
    // a database in service has been analysed by autovacuum; a freshly loaded one has not
    await bench.analyse();

    const people = await beneficiaries(db);
    if (people.list.length === 0) throw new Error('the demo county has no head of household with a unique ID number');
    const rows = generateRows(people.list, options.records);
    const months = Math.ceil(options.records / people.list.length);
    console.log(`${rows.length} records: ${people.list.length} heads (${people.excluded} left out: ID number on record more than once) × ${months} months from ${FIRST_YEAR}-01`);

    const csvPath = join(work, 'civil-dibao-roster.csv');
    const tsvPath = join(work, 'subsidy.copy.tsv');
    await writeLines(csvPath, CSV_HEADER, rows, csvLine);
    await bench.writeCopyFile(rows, tsvPath);
    const csvMiB = statSync(csvPath).size / MiB;

    // warm-up: the hub's first requests compile the schema paths and the JIT; not measured
    await bench.reset();
    await bench.viaMutation(rows, true);

    const results: RunFigures[] = [];
    const digests: string[] = [];
    const tableRows: number[] = [];
    const runs: Array<() => Promise<RunFigures>> = [
      async () => (await bench.viaMutation(rows, false))!,
      () => bench.viaFile(rows, csvPath),
      () => bench.viaCopy(rows, tsvPath),
    ];
    for (const run of runs) {
      await bench.reset();
      tableRows.push(await bench.tableRows());
      const figures = await run();
      const landed = await bench.landed();
      if (landed.count !== rows.length) throw new Error(`${figures.path}: ${landed.count} rows landed, expected ${rows.length}`);
      digests.push(landed.digest);
      results.push(figures);
      console.log(`${figures.path}: ${figures.rows} rows in ${figures.seconds.toFixed(2)} s = ${figures.rate.toFixed(0)} rows/s` +
        (figures.sqlSeconds !== undefined ? `; ${figures.statements} SQL statements, ${figures.sqlSeconds.toFixed(2)} s waiting on them` : ''));
      for (const statement of figures.topStatements ?? []) console.log(`    ${statement.ms.toFixed(0).padStart(7)} ms  ${String(statement.count).padStart(6)} ×  ${statement.sql}`);
    }
    if (new Set(digests).size !== 1) throw new Error(`the three paths wrote different rows: digests ${digests.join(', ')}`);

    const [mutation, file, copy] = results;
    const ratio = (r: RunFigures) => r.rate / copy.rate;
    const target = 0.25;
    const meets = (r: RunFigures) => (ratio(r) >= target ? 'yes' : 'no');
    const chunkRss = file.rssAfterChunksMiB ?? [];
    const rssNote = chunkRss.length > 1
      ? `RSS after the first chunk ${chunkRss[0].toFixed(0)} MiB, after the last (${chunkRss.length}th) ${chunkRss[chunkRss.length - 1].toFixed(0)} MiB, highest ${Math.max(...chunkRss).toFixed(0)} MiB`
      : '';

    const machine = machineDescription();
    const pgVersion = await serverVersion(scratch.url);
    const statementTable = (r: RunFigures, name: string, javascript: string) => [
      `Where the ${name} spent its ${r.seconds.toFixed(1)} s: ${r.sqlSeconds!.toFixed(1)} s waiting on ${r.statements} SQL statements (timed at the driver adapter, round trip included), the other ${(r.seconds - r.sqlSeconds!).toFixed(1)} s in ${javascript}. Costliest statements:`,
      '',
      '| ms | count | statement |',
      '| ---: | ---: | --- |',
      ...r.topStatements!.slice(0, 6).map((s) => `| ${s.ms.toFixed(0)} | ${s.count} | \`${s.sql.replace(/\|/g, '\\|')}\` |`),
      '',
      `Of the ${r.statements} statements, API keys and the audit log brought ${r.keyAndAudit!.authenticate.count} key look-ups (${r.keyAndAudit!.authenticate.ms.toFixed(0)} ms), ` +
        `${r.keyAndAudit!.lastUsed.count} last-used stamps (${r.keyAndAudit!.lastUsed.ms.toFixed(0)} ms), ${r.keyAndAudit!.audit.count} audit_entry INSERTs of the writes (${r.keyAndAudit!.audit.ms.toFixed(0)} ms).`,
      '',
    ];
    const lines = [
      '',
      `## Ingest: ${rows.length.toLocaleString('en')} subsidy records on PostgreSQL, ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC`,
      '',
      `Machine: ${machine}; ${pgVersion} on the same machine. Demo county of ${options.households} households (seed 2016), vacuumed and analysed after loading; ${rows.length} CIVIL CIV_DIBAO records, one per head of household (${people.list.length} heads whose ID number is on record once) and month, the beneficiary given by ID number only, so each record is checked and resolved to its household and member. ` +
        `Each path starts from the same table (${tableRows[0]} subsidy rows, the benchmark's rows deleted, VACUUM ANALYZE, CHECKPOINT) and wrote the same ${rows.length} rows (same digest), 0 rejected. The CSV is ${csvMiB.toFixed(1)} MiB. ` +
        `The mutation presents a DEPARTMENT key of ${DEPARTMENT} (no personal-data scopes, 100000 requests/min) on every request; the file import runs as the command line.`,
      '',
      '| path | seconds | records/s | ÷ COPY rate | peak RSS growth MiB |',
      '| --- | ---: | ---: | ---: | ---: |',
      ...results.map((r) => `| ${r.path} | ${r.seconds.toFixed(2)} | ${r.rate.toFixed(0)} | ${ratio(r).toFixed(3)} | ${r.peakRssGrowthMiB.toFixed(0)} |`),
      '',
      `Ratios: mutation / COPY = ${ratio(mutation).toFixed(3)}, file import / COPY = ${ratio(file).toFixed(3)}. ` +
        `Target (at least a quarter of COPY's rate with validation and identity resolution on): mutation ${meets(mutation)}, file import ${meets(file)}.`,
      '',
      `File import memory: ${rssNote}.`,
      '',
      ...statementTable(mutation, 'mutation', 'JavaScript (HTTP, JSON, GraphQL input coercion, record checks, building the statements)'),
      ...statementTable(file, 'file import', 'JavaScript (reading and parsing the CSV, mapping rows, record checks, building the statements)'),
    ];
    console.log(lines.join('\n'));
    if (options.writeResults) {
      appendResults(lines);
    }
  } finally {
    await bench.end().catch(() => undefined);
    await db.close();
    await scratch.drop();
    rmSync(work, { recursive: true, force: true });
  }
}

async function serverVersion(url: string): Promise<string> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ server_version: string }>('SHOW server_version');
    return `PostgreSQL ${rows[0].server_version.split(' ')[0]}`;
  } finally {
    await client.end();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
