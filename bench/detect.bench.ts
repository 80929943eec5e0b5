/**
 * npm run bench -- --only detect [--households 400000] [--subsidies 7.5 × households] [--no-results]
 *
 * A full 多策合一 scan of a generated county on PostgreSQL, beside one plain read of the same
 * subsidy rows in the same run:
 *   1. plain read: every subsidy row of the county, in the scan's chunks of households, through the
 *      same driver and the same statement the scan uses, decoded into the same objects; no rules;
 *   2. the scan (FindingDetection.scan): the same reads plus status history, deaths and stored
 *      findings, every rule on every household, findings written;
 *   3. the scan again: nothing changes (idempotent), so this is the cost of checking alone;
 *   4. the plain read again, to show the machine did not drift between 1 and 3.
 * Time and peak RSS growth of each, and RSS after the first and the last chunk of the scan: memory
 * must stay flat (bounded by a chunk of households), not grow with the county.
 *
 * The county is generated in SQL (generate_series), because the demo generator's full archive
 * (documents, visits, pairings) is not what the rules read and would take most of an hour to load
 * at this size. Households get status histories (70 % exited), a head each (1 % deceased), and
 * subsidies from all four departments, with duplicates, exclusions, repeats, caps and payments
 * after exit or death planted at a few per cent, so the scan writes findings as it would for real.
 */
import 'reflect-metadata';
import { performance } from 'node:perf_hooks';
import { Client } from 'pg';
import { openDatabase, type HubDatabase } from '../src/db/database';
import { migrateDatabase } from '../src/db/migrate';
import { createScratchDatabase } from '../src/db/scratch-database';
import { commandLineActor } from '../src/modules/auth/audit';
import { FindingDetection, readHouseholdFacts, SCAN_CHUNK } from '../src/modules/findings/finding-detection';
import { appendResults, BENCH_POSTGRES_URL, machineDescription, MiB, optionValue, rssAfterChunks, rssSampler } from './support';

interface Options {
  households: number;
  subsidies: number;
  postgresUrl: string;
  writeResults: boolean;
}

function parseOptions(argv: string[]): Options {
  const households = Number(optionValue(argv, 'households', '400000'));
  const options: Options = {
    households,
    subsidies: Number(optionValue(argv, 'subsidies', String(households * 7.5))),
    postgresUrl: BENCH_POSTGRES_URL,
    writeResults: !argv.includes('--no-results'),
  };
  if (!Number.isInteger(options.households) || options.households < 1000) throw new Error('--households must be a whole number of at least 1000');
  if (!Number.isInteger(options.subsidies) || options.subsidies < 5 * options.households || options.subsidies > 13 * options.households) throw new Error('--subsidies must be from 5 to 13 times --households');
  return options;
}

/**
 * The county's regions (32 townships of 40 villages), `households` households with status
 * histories (70 % exited between 2016 and 2020, the rest assisted) and a head each (member id =
 * household id; 1 % died in 2021). Poverty type by the last digit of the id: 0–6 general, 7–8
 * 低保, 9 特困.
 */
export async function generateHouseholds(client: Client, households: number): Promise<void> {
  await client.query(`
    INSERT INTO region (code, name, level, parent_code) VALUES ('520524000000', '织金县', 'COUNTY', NULL);
    INSERT INTO region (code, name, level, parent_code)
      SELECT '520524' || lpad((100 + t)::text, 3, '0') || '000', '乡镇' || t, 'TOWNSHIP', '520524000000' FROM generate_series(1, 32) t;
    INSERT INTO region (code, name, level, parent_code)
      SELECT '520524' || lpad((100 + t)::text, 3, '0') || lpad(v::text, 3, '0'), '乡镇' || t || '村' || v, 'VILLAGE', '520524' || lpad((100 + t)::text, 3, '0') || '000'
        FROM generate_series(1, 32) t, generate_series(1, 40) v;`);
  await client.query(
    `INSERT INTO household (id, household_no, region_code, poverty_type, status, identified_on, department_id, source_record_id, updated_at)
     SELECT h, '5205249' || lpad(h::text, 8, '0'),
            '520524' || lpad((101 + (h % 32))::text, 3, '0') || lpad((1 + (h / 32) % 40)::text, 3, '0'),
            (CASE WHEN h % 10 < 7 THEN 'GENERAL' WHEN h % 10 < 9 THEN 'MINIMUM_ALLOWANCE' ELSE 'EXTREME_POVERTY' END)::"PovertyType",
            (CASE WHEN h % 10 < 7 THEN 'EXITED' ELSE 'ASSISTED' END)::"HouseholdStatus",
            make_date(2014 + h % 3, 5, 1), (SELECT id FROM department WHERE code = 'POVERTY'), 'H' || h, now()
       FROM generate_series(1, $1::int) h`,
    [households],
  );
  await client.query(`SELECT setval(pg_get_serial_sequence('household', 'id'), $1::int)`, [households]);
  await client.query(`
    INSERT INTO household_status_change (household_id, from_status, to_status, effective_on, actor, department_id, source_record_id)
    SELECT h.id, s.from_status::"HouseholdStatus", s.to_status::"HouseholdStatus", s.effective_on, '扶贫办', h.department_id, h.source_record_id || '-' || s.n
      FROM household h
      CROSS JOIN LATERAL (VALUES
        (1, NULL, 'IDENTIFIED', h.identified_on),
        (2, 'IDENTIFIED', 'ASSISTED', h.identified_on + 40),
        (3, CASE WHEN h.status = 'EXITED' THEN 'ASSISTED' END, CASE WHEN h.status = 'EXITED' THEN 'EXITED' END, make_date(2016 + h.id % 5, 11, 20))
      ) AS s(n, from_status, to_status, effective_on)
     WHERE s.to_status IS NOT NULL`);
  await client.query(`
    INSERT INTO member (id, household_id, id_number, name, relation, deceased_on, department_id, source_record_id, updated_at)
    SELECT h.id, h.id, '520524' || to_char(make_date(1950 + h.id % 40, 1 + h.id % 12, 1 + h.id % 28), 'YYYYMMDD') || lpad((h.id % 1000)::text, 3, '0') || 'X',
           '户主' || h.id, 'HEAD', CASE WHEN h.id % 100 = 7 THEN make_date(2021, 6, 1) END, h.department_id, h.source_record_id || '-M1', now()
      FROM household h`);
  await client.query(`SELECT setval(pg_get_serial_sequence('member', 'id'), $1::int)`, [households]);
}

/**
 * The county in SQL. Per household: 4 farmland subsidies (AGRI, 2021–2024) and a microcredit
 * interest subsidy (POVERTY); then, by a hash of the household, a livestock project, 低保 or
 * 特困供养, medical assistance to the head, housing, biogas, until the subsidy count is reached.
 */
async function generateCounty(client: Client, households: number, subsidies: number): Promise<void> {
  const extraPerHousehold = subsidies / households - 5;
  if (extraPerHousehold < 0) throw new Error('--subsidies must be at least 5 × --households');
  await generateHouseholds(client, households);
  // One row per household and slot; slots past 5 exist for a share of households so the total comes out right.
  await client.query(
    `WITH program AS (SELECT code, id, department_id FROM program),
     slot AS (
       SELECT h.id AS household_id, k,
              abs(hashint4(h.id * 31 + k)) AS r
         FROM household h, generate_series(0, 12) k
        WHERE k < 5 OR (abs(hashint4(h.id * 17 + k)) % 1000) < $1::float8 * 1000 / 8
     ),
     chosen AS (
       SELECT household_id, k, r,
              CASE
                WHEN k < 4 THEN 'AGR_FARMLAND'
                WHEN k = 4 THEN 'POV_MICROCREDIT'
                ELSE (ARRAY['POV_INDUSTRY_GOAT', 'AGR_GOAT', 'POV_INDUSTRY_CATTLE', 'CIV_DIBAO', 'CIV_TEKUN', 'CIV_MEDICAL', 'POV_HOUSING_RENOVATION', 'CIV_HOUSING',
                            'POV_BIOGAS', 'AGR_BIOGAS', 'POV_INDUSTRY_HERB', 'CIV_TEMPORARY', 'ARC_PAIRING_CONSOLATION', 'AGR_MACHINERY', 'POV_EMPLOYMENT', 'POV_EDUCATION',
                            'CIV_MEDICAL', 'AGR_HERB', 'CIV_TEMPORARY', 'ARC_PAIRING_CONSOLATION'])[1 + r % 20]
              END AS program_code,
              CASE WHEN k < 4 THEN 2021 + k WHEN k = 4 THEN 2016 + r % 3 ELSE 2015 + r % 10 END AS year
         FROM slot
     ),
     -- the poverty office pays an exited household until a year after its exit, with a few planted exceptions
     dated AS (
       SELECT c.household_id, c.k, c.r, c.program_code,
              CASE WHEN c.program_code LIKE 'POV%' AND c.household_id % 10 < 7 AND abs(hashint4(c.household_id * 7 + c.k)) % 200 <> 0 THEN least(c.year, 2017 + c.household_id % 5) ELSE c.year END AS year
         FROM chosen c
     )
     INSERT INTO subsidy (department_id, program_id, household_id, member_id, amount, start_date, end_date, year, state, approved_on, paid_on, source_record_id, updated_at)
     SELECT p.department_id, p.id, c.household_id,
            CASE WHEN c.program_code IN ('CIV_TEKUN', 'CIV_MEDICAL', 'POV_EMPLOYMENT', 'POV_EDUCATION') THEN c.household_id END,
            (500 + (c.r % 9500))::numeric + (c.r % 100)::numeric / 100,
            make_date(c.year, 1 + c.r % 9, 1), make_date(c.year, 1 + c.r % 9, 1) + (30 + c.r % 200),
            c.year, 'PAID', make_date(c.year, 1 + c.r % 9, 1), make_date(c.year, 1 + c.r % 9, 1) + (30 + c.r % 200),
            'S' || c.household_id || '-' || c.k, now()
       FROM dated c JOIN program p ON p.code = c.program_code`,
    [Math.round(extraPerHousehold * 1000) / 1000],
  );
  await client.query('VACUUM ANALYZE');
  // The load wrote gigabytes of WAL; without a checkpoint now, the first scan would pay for writing it out.
  await client.query('CHECKPOINT');
}

export interface RunFigures {
  what: string;
  seconds: number;
  rows: number;
  peakRssGrowthMiB: number;
  rssAfterChunksMiB?: number[];
  findings?: { raised: number; updated: number; reopened: number; closed: number };
}

/** Every subsidy row of the county, in the scan's chunks and through the scan's own reader, with no rules. */
async function plainRead(db: HubDatabase): Promise<RunFigures> {
  const rss = rssSampler();
  const started = performance.now();
  let after = 0;
  let rows = 0;
  for (;;) {
    const ids = (await db.prisma.$queryRawUnsafe<Array<{ id: number }>>(`SELECT id FROM household WHERE region_code LIKE '%' AND merged_into_id IS NULL AND id > $1 ORDER BY id LIMIT $2`, after, SCAN_CHUNK)).map((r) => Number(r.id));
    if (ids.length === 0) break;
    after = ids[ids.length - 1];
    const facts = await readHouseholdFacts(db.prisma, ids, { needsStatus: false, needsDeaths: false });
    for (const household of facts) rows += household.subsidies.length;
  }
  return { what: 'plain read of the subsidy rows (same chunks, same statement, no rules)', seconds: (performance.now() - started) / 1000, rows, peakRssGrowthMiB: rss.stop() };
}

export async function scan(db: HubDatabase, what: string): Promise<RunFigures> {
  const rss = rssSampler();
  const chunks: number[] = [];
  const started = performance.now();
  const result = await new FindingDetection(db.prisma).scan(null, { ...commandLineActor(), operation: 'bench' }, ({ householdsDone }) => {
    if (householdsDone > 0) chunks.push(rss.sample() / MiB);
  });
  return {
    what,
    seconds: (performance.now() - started) / 1000,
    rows: result.subsidiesRead,
    peakRssGrowthMiB: rss.stop(),
    rssAfterChunksMiB: chunks,
    findings: { raised: result.raised, updated: result.updated, reopened: result.reopened, closed: result.closed },
  };
}

async function main(): Promise<void> {
  const options = parseOptions(process.argv.slice(2));
  const scratch = await createScratchDatabase(options.postgresUrl, 'hub_bench_detect');
  const db = await openDatabase({ url: scratch.url, dataDir: '' });
  const client = new Client({ connectionString: scratch.url });
  try {
    await migrateDatabase(db);
    await client.connect();
    const generateStarted = performance.now();
    await generateCounty(client, options.households, options.subsidies);
    const { rows: [counts] } = await client.query<{ households: number; subsidies: number; changes: number }>(
      `SELECT (SELECT count(*) FROM household)::int AS households, (SELECT count(*) FROM subsidy)::int AS subsidies, (SELECT count(*) FROM household_status_change)::int AS changes`,
    );
    console.log(`county generated in ${((performance.now() - generateStarted) / 1000).toFixed(0)} s: ${counts.households} households, ${counts.subsidies} subsidies, ${counts.changes} status changes`);

    await plainRead(db); // warm-up: caches and JIT, not measured
    const runs: RunFigures[] = [];
    runs.push(await plainRead(db));
    runs.push(await scan(db, 'scan, first run (findings raised and written)'));
    await client.query('VACUUM ANALYZE finding, finding_subsidy, finding_event');
    await client.query('CHECKPOINT');
    runs.push(await scan(db, 'scan again (nothing changes: the cost of checking)'));
    runs.push(await plainRead(db));
    for (const run of runs) console.log(`${run.what}: ${run.rows} rows in ${run.seconds.toFixed(1)} s, peak RSS growth ${run.peakRssGrowthMiB.toFixed(0)} MiB`);

    const [read, first, again, readAgain] = runs;
    const baseline = (read.seconds + readAgain.seconds) / 2;
    const { rows: [found] } = await client.query<{ findings: number; households: number; largest: number }>(
      `SELECT (SELECT count(*) FROM finding)::int AS findings, (SELECT count(DISTINCT household_id) FROM finding)::int AS households,
              (SELECT max(n) FROM (SELECT count(*) AS n FROM subsidy GROUP BY household_id) x)::int AS largest`,
    );
    const { rows: [byRule] } = await client.query<{ summary: string }>(
      `SELECT string_agg(code || ' ' || n, ', ' ORDER BY code) AS summary FROM (SELECT r.code, count(*) AS n FROM finding f JOIN policy_rule r ON r.id = f.rule_id GROUP BY r.code) x`,
    );
    const machine = machineDescription();
    const { rows: [version] } = await client.query<{ server_version: string }>('SHOW server_version');
    const rssLine = (run: RunFigures) => rssAfterChunks(run.rssAfterChunksMiB ?? []) ?? '';
    const lines = [
      '',
      `## 多策合一 scan: ${counts.households.toLocaleString('en')} households, ${counts.subsidies.toLocaleString('en')} subsidies on PostgreSQL, ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC`,
      '',
      `Machine: ${machine}; PostgreSQL ${version.server_version.split(' ')[0]} on the same machine. County generated in SQL (${counts.changes.toLocaleString('en')} status changes; largest household ${found.largest} subsidies), vacuumed and analysed. ` +
        `The scan reads ${SCAN_CHUNK} households per transaction and runs the ${(await db.prisma.policyRule.count())} default rules. The plain read is the scan's own subsidy statement over the same chunks, decoded into the same objects, without rules or writes; it ran before and after the scans (mean used).`,
      '',
      '| run | seconds | subsidy rows | rows/s | ÷ plain read time | peak RSS growth MiB |',
      '| --- | ---: | ---: | ---: | ---: | ---: |',
      ...runs.map((r) => `| ${r.what} | ${r.seconds.toFixed(1)} | ${r.rows.toLocaleString('en')} | ${Math.round(r.rows / r.seconds).toLocaleString('en')} | ${(r.seconds / baseline).toFixed(2)} | ${r.peakRssGrowthMiB.toFixed(0)} |`),
      '',
      `Findings: ${found.findings.toLocaleString('en')} on ${found.households.toLocaleString('en')} households (${byRule.summary}); the first scan raised ${first.findings!.raised}, the second raised ${again.findings!.raised}, updated ${again.findings!.updated}, reopened ${again.findings!.reopened}, closed ${again.findings!.closed}.`,
      '',
      `Target: the scan within 3× of the plain read: first scan ${(first.seconds / baseline).toFixed(2)}× (${first.seconds / baseline <= 3 ? 'yes' : 'no'}), rescan ${(again.seconds / baseline).toFixed(2)}× (${again.seconds / baseline <= 3 ? 'yes' : 'no'}).`,
      '',
      `Memory: ${rssLine(first)} (first scan); ${rssLine(again)} (rescan).`,
      '',
    ];
    console.log(lines.join('\n'));
    if (options.writeResults) {
      appendResults(lines);
    }
  } finally {
    await client.end().catch(() => undefined);
    await db.close();
    await scratch.drop();
  }
}

// The reconciliation benchmark imports the household generator and the scan; only a direct run benchmarks.
if (require.main === module) {
  main().catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}
