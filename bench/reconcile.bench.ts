/**
 * npm run bench -- --only reconcile [--households 400000] [--no-results]
 *
 *   --households  households in the generated county (default 400,000, at least 1,000; 20,000 is a
 *                 quick trial of about a minute). Payments come out at about 7 per household.
 *   --no-results  print the section but do not append it to bench/results.md.
 *   --keep        leave the database hub_bench_reconcile in place afterwards, to look at plans.
 *
 * 一户一卡 reconciliation of a county-year of bank payments on PostgreSQL, beside one plain read of
 * the same rows in the same run:
 *   1. plain read: what the scan reads, in its chunks of households: subsidies, status history
 *      and deaths (the scan's own reader), the bank payments (by household and by the payment
 *      references of the chunk's subsidies) and the cards, through the same kind of statements,
 *      decoded into objects; nothing matched, judged or written;
 *   2. the first scan (FindingDetection.scan over the county): reads, matches every payment,
 *      writes bank_payment.subsidy_id/match and raises the findings;
 *   3. the scan again: nothing changes (no match rewritten, no finding raised or closed), so this
 *      is the cost of checking alone;
 *   4. the plain read again, to show the machine did not drift between 1 and 3.
 * Time, the ratio to the plain read, peak RSS growth, and RSS after the first, middle and last
 * chunk of each scan (memory must stay bounded by a chunk, not grow with the county).
 *
 * The county is generated in SQL: the households, status histories and heads of the detect
 * benchmark (generateHouseholds), a spouse per household (a child where there is education aid),
 * one bank card per household (holder: the head, or the spouse where the head has died), and a
 * year (2024) of approved subsidies with the bank's payments for them:
 *   低保 monthly for 30 % of households and 特困 monthly for 10 % (12 subsidies and payments each),
 *   farmland for 90 %, microcredit interest quarterly, industry projects, education twice a year,
 *   medical and temporary assistance, the pairing units' Spring Festival consolation, machinery and
 *   biogas, employment transport aid: about 7 payments per household. CIVIL and POVERTY subsidies
 *   carry a payment reference that their payments quote; the others are matched by card, amount
 *   and date. Every month of 2024 is a covered month (bank_coverage_month).
 * Planted, by a hash of the subsidy, about 0.1 % each (0.5 % in all), outside the households below:
 *   MISSING     no payment (only where the whole payment window lies in the covered year)
 *   SHORT/OVER  one payment 10 % short or 100 yuan over
 *   DUPLICATE   the same payment twice, three days apart
 *   SPLIT       (no reference) two payments two days apart summing exactly: matched, not a finding
 *   OTHER_CARD  (referenced) the payment went to the next household's card
 * and for 0.5 % of 特困 households the head (the card holder and the 特困 beneficiary) died on
 * 2024-06-15 while the payments to the card went on (AFTER_DEATH: every subsidy paid after that).
 * MISSING is planted only where the payment window (reconciliation setting) ends inside 2024, so
 * the months a NOT_PAID rule must see covered are covered whatever its days.
 * The run prints, per planted kind, how many of the planted subsidies a finding of the expected
 * kind names, and how many findings name nothing planted.
 */
import 'reflect-metadata';
import { loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import { Client } from 'pg';
import type { HubDatabase } from '../src/db/database';
import { migrateDatabase } from '../src/db/migrate';
import { createScratchDatabase } from '../src/db/scratch-database';
import { yuanToFen } from '../src/domain/money';
import { readChunkCards, readChunkPayments, readHouseholdFacts, SCAN_CHUNK } from '../src/modules/findings/finding-detection';
import { regionHouseholdChunks } from '../src/modules/household/region-households';
import { generateHouseholds, scan, type RunFigures } from './detect.bench';
import { appendResults, BENCH_POSTGRES_URL, machineDescription, openTimedDatabase, optionValue, rssAfterChunks, rssSampler, StatementTimer } from './support';

interface Options {
  households: number;
  postgresUrl: string;
  writeResults: boolean;
  keep: boolean;
}

function parseOptions(argv: string[]): Options {
  const options: Options = {
    households: Number(optionValue(argv, 'households', '400000')),
    postgresUrl: BENCH_POSTGRES_URL,
    writeResults: !argv.includes('--no-results'),
    keep: argv.includes('--keep'),
  };
  if (!Number.isInteger(options.households) || options.households < 1000) throw new Error('--households must be a whole number of at least 1000');
  return options;
}

/** The planted gaps and the rule kind whose findings must name them ('' for none: matched, nothing flagged). */
const PLANTED: Record<string, string> = {
  MISSING: 'NOT_PAID',
  SHORT: 'PAID_AMOUNT_MISMATCH',
  OVER: 'PAID_AMOUNT_MISMATCH',
  DUPLICATE: 'PAID_TWICE',
  SPLIT: '',
  OTHER_CARD: 'PAID_TO_OTHER_CARD',
  AFTER_DEATH: 'PAID_AFTER_DEATH_OR_EXIT',
};

/** The reconciliation setting in force for 2024 (the lead and window days of a payment window; the start seeds one). */
async function paymentWindow(client: Client): Promise<{ leadDays: number; windowDays: number }> {
  const { rows: [setting] } = await client.query<{ lead_days: number; window_days: number }>(
    `SELECT lead_days, window_days FROM reconciliation_setting WHERE effective_from <= date '2024-01-01' ORDER BY effective_from DESC LIMIT 1`,
  );
  return { leadDays: setting.lead_days, windowDays: setting.window_days };
}

/**
 * The year of subsidies, cards and payments on top of generateHouseholds. Rows go in as the
 * departments and the bank would deliver them: subsidies by approval date, payments by payment date.
 */
async function generateYear(client: Client, households: number): Promise<void> {
  await client.query(`CREATE FUNCTION bench_r(k bigint, salt int) RETURNS bigint LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$ SELECT abs(hashint8(k * 1009 + salt)::bigint) $$`);
  await client.query(
    `INSERT INTO member (id, household_id, id_number, name, relation, department_id, source_record_id, updated_at)
     SELECT $1::int + h.id, h.id, '520524' || to_char(make_date(1952 + h.id % 40, 1 + (h.id + 3) % 12, 1 + (h.id + 5) % 28), 'YYYYMMDD') || lpad((h.id % 1000)::text, 3, '0') || '2',
            '配偶' || h.id, 'SPOUSE'::"Relation", h.department_id, h.source_record_id || '-M2', now()
       FROM household h
     UNION ALL
     SELECT 2 * $1::int + h.id, h.id, '520524' || to_char(make_date(2004 + h.id % 4, 1 + h.id % 12, 1 + h.id % 28), 'YYYYMMDD') || lpad((h.id % 1000)::text, 3, '0') || '3',
            '子女' || h.id, 'CHILD'::"Relation", h.department_id, h.source_record_id || '-M3', now()
       FROM household h WHERE h.id % 10 >= 7 AND bench_r(h.id, 20) % 5 = 0`,
    [households],
  );
  await client.query(`SELECT setval(pg_get_serial_sequence('member', 'id'), $1::int)`, [3 * households]);
  await client.query(
    `INSERT INTO bank_card (household_id, holder_member_id, bank_name, card_no, opened_on, department_id, source_record_id, updated_at)
     SELECT h.id, CASE WHEN m.deceased_on IS NULL THEN m.id ELSE $1::int + h.id END, '织金农商银行', '6217003' || lpad(h.id::text, 12, '0'),
            date '2016-03-01' + (h.id % 1500), (SELECT id FROM department WHERE code = 'BANK'), 'CARD-6217003' || lpad(h.id::text, 12, '0'), now()
       FROM household h JOIN member m ON m.id = h.id`,
    [households],
  );
  // The heads of 0.5 % of 特困 households die mid-year; their cards stay in their names.
  await client.query(`UPDATE member SET deceased_on = date '2024-06-15' WHERE relation = 'HEAD' AND household_id % 10 = 9 AND bench_r(household_id, 99) % 200 = 0`);
  await client.query(
    `WITH hh AS (
       SELECT id AS h, id % 10 AS d,
              -- the member for personal aid: the head, or the spouse where the head has died or will
              CASE WHEN id % 100 = 7 OR (id % 10 = 9 AND bench_r(id, 99) % 200 = 0) THEN $1::int + id ELSE id END AS adult
         FROM household
     ),
     plan AS (
       SELECT h, 'CIV_DIBAO' AS program, NULL::int AS member_id, (300 + bench_r(h, 1) % 1500)::numeric AS amount,
              make_date(2024, m, 1) AS start_date, (make_date(2024, m, 1) + interval '1 month - 1 day')::date AS end_date,
              make_date(2024, m, 1) AS approved_on, make_date(2024, m, 10) AS paid_on, 'MZDB2024' || lpad(m::text, 2, '0') || '-' || h AS reference, 'M' || m AS slot
         FROM hh, generate_series(1, 12) m WHERE d IN (6, 7, 8)
       UNION ALL
       SELECT h, 'CIV_TEKUN', h, (450 + bench_r(h, 2) % 300)::numeric,
              make_date(2024, m, 1), (make_date(2024, m, 1) + interval '1 month - 1 day')::date,
              make_date(2024, m, 1), make_date(2024, m, 10), 'MZTK2024' || lpad(m::text, 2, '0') || '-' || h, 'M' || m
         FROM hh, generate_series(1, 12) m WHERE d = 9
       UNION ALL
       SELECT h, 'AGR_FARMLAND', NULL, 150 + bench_r(h, 4) % 2500 + (bench_r(h, 5) % 100) / 100.0, a, a, a, a + (15 + bench_r(h, 7) % 30)::int, NULL, '1'
         FROM (SELECT h, date '2024-04-01' + (bench_r(h, 6) % 60)::int AS a FROM hh WHERE bench_r(h, 3) % 10 < 9) x
       UNION ALL
       SELECT h, 'POV_MICROCREDIT', NULL, 80 + bench_r(h * 4 + q, 8) % 400 + (bench_r(h * 4 + q, 9) % 100) / 100.0,
              make_date(2024, 3 * q - 2, 1), (make_date(2024, 3 * q, 1) + interval '1 month - 1 day')::date,
              make_date(2024, 3 * q, 20), make_date(2024, 3 * q, 21) + (bench_r(h, 10) % 3)::int, 'FPXD2024Q' || q || '-' || h, 'Q' || q
         FROM hh, generate_series(1, 4) q WHERE d >= 7 AND bench_r(h, 11) % 3 = 0
       UNION ALL
       SELECT h, (ARRAY['POV_INDUSTRY_GOAT', 'POV_INDUSTRY_CATTLE', 'POV_INDUSTRY_HERB'])[1 + bench_r(h, 12) % 3], NULL, (2000 + bench_r(h, 13) % 6000)::numeric,
              a, a + 30, a, a + (10 + bench_r(h, 14) % 30)::int, 'FPCY2024-' || h, '1'
         FROM (SELECT h, make_date(2024, 3 + (bench_r(h, 15) % 6)::int, 5) AS a FROM hh WHERE d >= 7 AND bench_r(h, 16) % 2 = 0) x
       UNION ALL
       SELECT h, (ARRAY['AGR_GOAT', 'AGR_CATTLE', 'AGR_HERB'])[1 + bench_r(h, 17) % 3], NULL, 1000 + bench_r(h, 18) % 5000 + (bench_r(h, 19) % 100) / 100.0,
              a, a + 30, a, a + (10 + bench_r(h, 21) % 30)::int, NULL, '1'
         FROM (SELECT h, make_date(2024, 3 + (bench_r(h, 22) % 6)::int, 12) AS a FROM hh WHERE d < 7 AND bench_r(h, 23) % 10 = 0) x
       UNION ALL
       SELECT h, 'POV_EDUCATION', 2 * $1::int + h, 1500::numeric, make_date(2024, 6 * s - 3, 1), make_date(2024, 6 * s - 3, 1) + 30, make_date(2024, 6 * s - 3, 1),
              make_date(2024, 6 * s - 3, 1) + (5 + bench_r(h, 24) % 20)::int, 'FPJY2024S' || s || '-' || h, 'S' || s
         FROM hh, generate_series(1, 2) s WHERE d >= 7 AND bench_r(h, 20) % 5 = 0
       UNION ALL
       SELECT h, 'CIV_MEDICAL', adult, 200 + bench_r(h * 3 + e, 25) % 5000 + (bench_r(h * 3 + e, 26) % 100) / 100.0, a, a, a, a + (5 + bench_r(h * 3 + e, 27) % 15)::int,
              'MZYL2024-' || h || '-' || e, 'E' || e
         FROM (SELECT h, adult, e, make_date(2024, 1 + (bench_r(h * 3 + e, 28) % 11)::int, 1 + (bench_r(h * 3 + e, 29) % 27)::int) AS a
                 FROM hh, generate_series(1, 2) e WHERE bench_r(h, 30) % 10 = 0 AND (e = 1 OR bench_r(h, 31) % 2 = 0)) x
       UNION ALL
       SELECT h, 'CIV_TEMPORARY', NULL, (500 + bench_r(h, 32) % 2500)::numeric, a, a, a, a + (3 + bench_r(h, 33) % 10)::int, 'MZLS2024-' || h, '1'
         FROM (SELECT h, make_date(2024, 1 + (bench_r(h, 34) % 10)::int, 8) AS a FROM hh WHERE bench_r(h, 35) % 50 = 0) x
       UNION ALL
       SELECT h, 'ARC_PAIRING_CONSOLATION', NULL, (ARRAY[500, 600, 800, 1000])[1 + bench_r(h, 36) % 4]::numeric, date '2024-01-25', date '2024-01-25', date '2024-01-25',
              date '2024-02-02' + (bench_r(h, 37) % 5)::int, NULL, '1'
         FROM hh WHERE d >= 7
       UNION ALL
       SELECT h, 'AGR_MACHINERY', NULL, 3000 + bench_r(h, 38) % 20000 + (bench_r(h, 39) % 100) / 100.0, a, a, a, a + (20 + bench_r(h, 40) % 40)::int, NULL, '1'
         FROM (SELECT h, make_date(2024, 2 + (bench_r(h, 41) % 7)::int, 18) AS a FROM hh WHERE bench_r(h, 42) % 50 = 0) x
       UNION ALL
       SELECT h, 'POV_EMPLOYMENT', adult, (300 + bench_r(h, 43) % 500)::numeric, a, a, a, a + (7 + bench_r(h, 44) % 20)::int, 'FPJZ2024-' || h, '1'
         FROM (SELECT h, adult, make_date(2024, 2 + (bench_r(h, 45) % 3)::int, 15) AS a FROM hh WHERE d >= 7 AND bench_r(h, 46) % 4 = 0) x
       UNION ALL
       SELECT h, 'AGR_BIOGAS', NULL, 1500 + bench_r(h, 47) % 1500 + (bench_r(h, 48) % 100) / 100.0, a, a, a, a + (30 + bench_r(h, 49) % 30)::int, NULL, '1'
         FROM (SELECT h, make_date(2024, 3 + (bench_r(h, 50) % 6)::int, 1) AS a FROM hh WHERE bench_r(h, 51) % 100 = 0) x
       UNION ALL
       SELECT h, 'POV_HOUSING_RENOVATION', NULL, (10000 + bench_r(h, 52) % 20000)::numeric, a, a + 60, a, a + (20 + bench_r(h, 53) % 30)::int, 'FPWG2024-' || h, '1'
         FROM (SELECT h, make_date(2024, 3 + (bench_r(h, 54) % 5)::int, 1) AS a FROM hh WHERE d >= 7 AND bench_r(h, 55) % 100 = 0) x
     )
     INSERT INTO subsidy (department_id, program_id, household_id, member_id, amount, start_date, end_date, year, state, approved_on, paid_on, payment_reference, source_record_id, updated_at)
     SELECT p.department_id, p.id, x.h, x.member_id, x.amount, x.start_date, x.end_date, 2024, 'PAID', x.approved_on, x.paid_on, x.reference,
            'S2024-' || x.program || '-' || x.h || '-' || x.slot, now()
       FROM plan x JOIN program p ON p.code = x.program
      ORDER BY x.approved_on, p.id, x.h`,
    [households],
  );
  const { leadDays, windowDays } = await paymentWindow(client);
  await client.query(`CREATE TABLE bench_planted (subsidy_id int PRIMARY KEY, household_id int NOT NULL, kind text NOT NULL, other_household_id int)`);
  await client.query(
    `INSERT INTO bench_planted (subsidy_id, household_id, kind, other_household_id)
     SELECT s.id, s.household_id, k.kind, CASE WHEN k.kind = 'OTHER_CARD' THEN s.household_id % $1::int + 1 END
       FROM subsidy s JOIN program p ON p.id = s.program_id
      CROSS JOIN LATERAL (SELECT bench_r(s.id, 56) % 10000 AS g, s.household_id % 10 = 9 AND bench_r(s.household_id, 99) % 200 = 0 AS dies) x
      CROSS JOIN LATERAL (SELECT CASE
               WHEN x.dies THEN CASE WHEN s.paid_on > date '2024-06-15' THEN 'AFTER_DEATH' END
               WHEN x.g < 10 THEN CASE WHEN least(s.approved_on, s.start_date) - $2::int >= date '2024-01-01' AND greatest(s.approved_on, s.end_date) + $3::int <= date '2024-12-31' THEN 'MISSING' END
               WHEN x.g < 20 THEN 'SHORT'
               WHEN x.g < 30 THEN 'OVER'
               WHEN x.g < 40 THEN 'DUPLICATE'
               WHEN x.g < 50 THEN CASE WHEN s.payment_reference IS NULL THEN 'SPLIT' ELSE 'OTHER_CARD' END
             END AS kind) k
      WHERE s.year = 2024 AND k.kind IS NOT NULL`,
    [households, leadDays, windowDays],
  );
  await client.query(
    `INSERT INTO bank_payment (department_id, card_no, holder_name, holder_id_number, amount, paid_on, payment_reference, memo, household_id, source_record_id, updated_at)
     SELECT c.department_id, c.card_no, m.name, m.id_number, v.amount, v.paid_on, s.payment_reference, p.name || ' ' || to_char(s.start_date, 'YYYY-MM'),
            c.household_id, 'BK' || s.id || '-' || v.n, now()
       FROM subsidy s
       JOIN program p ON p.id = s.program_id
       LEFT JOIN bench_planted pl ON pl.subsidy_id = s.id
       JOIN bank_card c ON c.household_id = coalesce(pl.other_household_id, s.household_id)
       JOIN member m ON m.id = c.holder_member_id
      CROSS JOIN LATERAL (VALUES
             (1, CASE pl.kind WHEN 'SHORT' THEN s.amount - round(s.amount * 0.1, 2) WHEN 'OVER' THEN s.amount + 100 WHEN 'SPLIT' THEN round(s.amount * 0.4, 2) ELSE s.amount END, s.paid_on),
             (2, CASE pl.kind WHEN 'SPLIT' THEN s.amount - round(s.amount * 0.4, 2) ELSE s.amount END, s.paid_on + CASE pl.kind WHEN 'SPLIT' THEN 2 ELSE 3 END)
           ) AS v(n, amount, paid_on)
      WHERE s.year = 2024 AND pl.kind IS DISTINCT FROM 'MISSING' AND (v.n = 1 OR pl.kind IN ('SPLIT', 'DUPLICATE'))
      ORDER BY v.paid_on, s.id, v.n`,
  );
  await client.query(`INSERT INTO bank_coverage_month (month) SELECT make_date(2024, m, 1) FROM generate_series(1, 12) m`);
  await client.query('VACUUM ANALYZE');
  // The load wrote gigabytes of WAL; without a checkpoint now, the first scan would pay for writing it out.
  await client.query('CHECKPOINT');
}

interface Measured extends RunFigures {
  paymentRows: number;
  cardRows: number | null;
  /** Payments whose match the run wrote (null for the plain read). */
  rematched: number | null;
  sqlSeconds: number;
  statements: number;
  top: Array<{ sql: string; count: number; ms: number }>;
}

/** The same statement's time in another run, for the slowest-statements list. */
function topIn(run: Measured, sql: string): string {
  const entry = run.top.find((t) => t.sql === sql);
  return entry ? ` (rescan ${(entry.ms / 1000).toFixed(1)} s)` : '';
}

interface ReadFigures extends RunFigures {
  payments: number;
  cardRows: number;
}

/**
 * What the scan reads, chunk by chunk, and nothing else: subsidies, status history and deaths (the
 * scan's own reader), the bank payments resolved to the chunk's households or quoting its
 * subsidies' payment references, each with the subsidy it quotes, and the cards of the households
 * and of the paid card numbers; decoded into objects, nothing matched, judged or written.
 */
async function plainRead(db: HubDatabase): Promise<ReadFigures> {
  const rss = rssSampler();
  const started = performance.now();
  let rows = 0;
  let payments = 0;
  let cardRows = 0;
  for await (const ids of regionHouseholdChunks(db.prisma, '', SCAN_CHUNK)) {
    const facts = await readHouseholdFacts(db.prisma, ids, { needsStatus: true, needsDeaths: true });
    for (const household of facts) rows += household.subsidies.length;
    const read = await readChunkPayments(db.prisma, ids);
    const decoded = read.map((p) => ({ id: Number(p.id), cardNo: p.card_no, amountFen: yuanToFen(p.amount), paidOn: p.paid_on, referencedSubsidyId: p.ref_id === null ? null : Number(p.ref_id), refAmountFen: p.ref_amount === null ? null : yuanToFen(p.ref_amount) }));
    const cards = await readChunkCards(db.prisma, ids, [...new Set(decoded.map((p) => p.cardNo))]);
    payments += decoded.length;
    cardRows += cards.length;
  }
  return { what: 'plain read of what the scan reads (same chunks, nothing matched or written)', seconds: (performance.now() - started) / 1000, rows, payments, cardRows, peakRssGrowthMiB: rss.stop() };
}

/** Found against planted, per planted kind and per reconciliation rule kind. */
async function plantedAgainstFound(client: Client): Promise<{ lines: string[]; allFound: boolean }> {
  // The subsidies each finding names: directly, or through the payments it names.
  await client.query(`DROP TABLE IF EXISTS bench_named`);
  await client.query(
    `CREATE TABLE bench_named AS
     SELECT DISTINCT f.id AS finding_id, r.kind::text AS kind, f.household_id, x.subsidy_id
       FROM finding f JOIN policy_rule r ON r.id = f.rule_id
       LEFT JOIN LATERAL (
         SELECT fs.subsidy_id FROM finding_subsidy fs WHERE fs.finding_id = f.id
         UNION SELECT p.subsidy_id FROM finding_payment fp JOIN bank_payment p ON p.id = fp.payment_id WHERE fp.finding_id = f.id AND p.subsidy_id IS NOT NULL
       ) x ON true`,
  );
  const lines: string[] = ['| planted | subsidies | expected finding kind | named by such a finding | named by any finding |', '| --- | ---: | --- | ---: | ---: |'];
  let allFound = true;
  const { rows: planted } = await client.query<{ kind: string; planted: number; by_any: number }>(
    `SELECT pl.kind, count(*)::int AS planted, count(*) FILTER (WHERE EXISTS (SELECT 1 FROM bench_named n WHERE n.subsidy_id = pl.subsidy_id))::int AS by_any
       FROM bench_planted pl GROUP BY pl.kind ORDER BY pl.kind`,
  );
  for (const row of planted) {
    const expected = PLANTED[row.kind];
    const { rows: [own] } = await client.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM bench_planted pl WHERE pl.kind = $1 AND EXISTS (SELECT 1 FROM bench_named n WHERE n.subsidy_id = pl.subsidy_id AND n.kind = $2)`,
      [row.kind, expected],
    );
    const ok = expected === '' ? row.by_any === 0 : own.n === row.planted;
    if (!ok) allFound = false;
    lines.push(`| ${row.kind} | ${row.planted.toLocaleString('en')} | ${expected || '(none: matched)'} | ${expected ? `${own.n.toLocaleString('en')} of ${row.planted.toLocaleString('en')}` : '—'} | ${row.by_any.toLocaleString('en')} |`);
  }
  // Findings that name nothing planted: on a household without a planted gap (the other-card households count as planted).
  const { rows: byKind } = await client.query<{ kind: string; findings: number; unplanted: number }>(
    `SELECT n.kind, count(DISTINCT n.finding_id)::int AS findings,
            count(DISTINCT n.finding_id) FILTER (WHERE NOT EXISTS (SELECT 1 FROM bench_planted pl WHERE pl.household_id = n.household_id OR pl.other_household_id = n.household_id))::int AS unplanted
       FROM bench_named n GROUP BY n.kind ORDER BY n.kind`,
  );
  lines.push('', `Findings by kind (on households with nothing planted): ${byKind.map((k) => `${k.kind} ${k.findings.toLocaleString('en')} (${k.unplanted.toLocaleString('en')})`).join(', ') || 'none'}.`);
  if (byKind.some((k) => k.unplanted > 0)) allFound = false;
  return { lines, allFound };
}

async function main(): Promise<void> {
  const options = parseOptions(process.argv.slice(2));
  const scratch = await createScratchDatabase(options.postgresUrl, 'hub_bench_reconcile');
  const timer = new StatementTimer();
  const db = await openTimedDatabase(scratch.url, timer);
  const client = new Client({ connectionString: scratch.url });
  try {
    await migrateDatabase(db);
    await client.connect();
    const generateStarted = performance.now();
    await generateHouseholds(client, options.households);
    await generateYear(client, options.households);
    const generateSeconds = (performance.now() - generateStarted) / 1000;
    const { rows: [counts] } = await client.query<{ households: number; members: number; cards: number; subsidies: number; referenced: number; payments: number; largest: number; planted: number }>(
      `SELECT (SELECT count(*) FROM household)::int AS households, (SELECT count(*) FROM member)::int AS members, (SELECT count(*) FROM bank_card)::int AS cards,
              (SELECT count(*) FROM subsidy)::int AS subsidies, (SELECT count(payment_reference) FROM subsidy)::int AS referenced,
              (SELECT count(*) FROM bank_payment)::int AS payments, (SELECT max(n) FROM (SELECT count(*) AS n FROM bank_payment GROUP BY household_id) x)::int AS largest,
              (SELECT count(*) FROM bench_planted)::int AS planted`,
    );
    console.log(
      `county generated in ${generateSeconds.toFixed(0)} s: ${counts.households} households, ${counts.members} members, ${counts.cards} cards, ` +
        `${counts.subsidies} subsidies (${counts.referenced} with a payment reference), ${counts.payments} payments, ${counts.planted} planted gaps`,
    );

    await plainRead(db); // warm-up: caches and JIT, not measured
    const loadBefore = loadavg()[0];
    const runs: Measured[] = [];
    const measure = async (run: () => Promise<RunFigures>): Promise<Measured> => {
      timer.reset();
      const figures = await run();
      const sql = { sqlSeconds: timer.totalMs / 1000, statements: timer.count, top: timer.top(6) };
      if ('payments' in figures) return { ...figures, ...sql, paymentRows: (figures as ReadFigures).payments, cardRows: (figures as ReadFigures).cardRows, rematched: null };
      const { rows: [done] } = await client.query<{ payments_read: number; payments_rematched: number }>(`SELECT payments_read, payments_rematched FROM detection_run ORDER BY id DESC LIMIT 1`);
      return { ...figures, ...sql, paymentRows: done.payments_read, cardRows: null, rematched: done.payments_rematched };
    };
    runs.push(await measure(() => plainRead(db)));
    runs.push(await measure(() => scan(db, 'reconciliation scan, first run (matches and findings written)')));
    await client.query('VACUUM ANALYZE bank_payment, finding, finding_subsidy, finding_payment, finding_event');
    await client.query('CHECKPOINT');
    runs.push(await measure(() => scan(db, 'reconciliation scan again (nothing changes: the cost of checking)')));
    runs.push(await measure(() => plainRead(db)));
    for (const run of runs) {
      console.log(`${run.what}: ${run.rows} subsidy and ${run.paymentRows} payment rows in ${run.seconds.toFixed(1)} s (SQL ${run.sqlSeconds.toFixed(1)} s in ${run.statements} statements), peak RSS growth ${run.peakRssGrowthMiB.toFixed(0)} MiB`);
      for (const statement of run.top) console.log(`  ${(statement.ms / 1000).toFixed(2)} s in ${statement.count} × ${statement.sql}`);
    }

    const [read, first, again, readAgain] = runs;
    const baseline = (read.seconds + readAgain.seconds) / 2;
    const { rows: matches } = await client.query<{ match: string; n: number }>(
      `SELECT coalesce(match::text, 'unmatched') AS match, count(*)::int AS n FROM bank_payment GROUP BY 1 ORDER BY 2 DESC`,
    );
    const { rows: [expectedMatches] } = await client.query<{ referenced: number; by_card: number }>(
      `SELECT count(*) FILTER (WHERE payment_reference IS NOT NULL)::int AS referenced, count(*) FILTER (WHERE payment_reference IS NULL)::int AS by_card FROM bank_payment`,
    );
    const check = await plantedAgainstFound(client);
    const machine = machineDescription();
    const { rows: [version] } = await client.query<{ server_version: string }>('SHOW server_version');
    const rssLine = (run: RunFigures) => rssAfterChunks(run.rssAfterChunksMiB ?? []) ?? '';
    const findingsLine = (run: RunFigures) => `raised ${run.findings!.raised}, updated ${run.findings!.updated}, reopened ${run.findings!.reopened}, closed ${run.findings!.closed}`;
    const lines = [
      '',
      `## 一户一卡 reconciliation: ${counts.households.toLocaleString('en')} households, ${counts.payments.toLocaleString('en')} bank payments of 2024 on PostgreSQL, ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC`,
      '',
      `Machine: ${machine}; PostgreSQL ${version.server_version.split(' ')[0]} on the same machine; load average ${loadBefore.toFixed(1)} before the runs, ${loadavg()[0].toFixed(1)} after. County generated in SQL in ${generateSeconds.toFixed(0)} s (households and heads of the detect benchmark; ` +
        `${counts.members.toLocaleString('en')} members, ${counts.cards.toLocaleString('en')} cards, ${counts.subsidies.toLocaleString('en')} subsidies of 2024 of which ${counts.referenced.toLocaleString('en')} carry a payment reference, ` +
        `${counts.payments.toLocaleString('en')} payments, at most ${counts.largest} on one household; ${counts.planted.toLocaleString('en')} planted gaps), vacuumed and analysed. ` +
        `The scan reads ${SCAN_CHUNK} households per transaction, matches their payments and runs the ${await db.prisma.policyRule.count()} default rules. ` +
        `The plain read is what the scan reads, in the same chunks: subsidies, status history and deaths (the scan's reader), payments (by household and by the chunk's payment references) and cards, decoded, without matching or writes; it ran before and after the scans (mean used).`,
      '',
      '| run | seconds | ÷ plain read time | subsidy rows | payment rows | payment matches written | SQL seconds (statements) | peak RSS growth MiB |',
      '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
      ...runs.map(
        (r) =>
          `| ${r.what} | ${r.seconds.toFixed(1)} | ${(r.seconds / baseline).toFixed(2)} | ${r.rows.toLocaleString('en')} | ${r.paymentRows.toLocaleString('en')} | ${r.rematched === null ? '' : r.rematched.toLocaleString('en')} | ` +
          `${r.sqlSeconds.toFixed(1)} (${r.statements.toLocaleString('en')}) | ${r.peakRssGrowthMiB.toFixed(0)} |`,
      ),
      '',
      `Payment rows: the plain read counts every row its statements return (${read.cardRows!.toLocaleString('en')} card rows besides), the scan the payments matched in a household's run (detection_run.payments_read). ` +
        `SQL seconds are timed at the driver adapter, call to result. Payments by match after the first scan: ${matches.map((m) => `${m.match} ${m.n.toLocaleString('en')}`).join(', ')} ` +
        `(${expectedMatches.referenced.toLocaleString('en')} payments quote a reference, ${expectedMatches.by_card.toLocaleString('en')} do not).`,
      '',
      `The first scan ${findingsLine(first)}; the second ${findingsLine(again)}.`,
      '',
      `Target: the scan within 3× of the plain read: first scan ${(first.seconds / baseline).toFixed(2)}× (${first.seconds / baseline <= 3 ? 'yes' : 'no'}), rescan ${(again.seconds / baseline).toFixed(2)}× (${again.seconds / baseline <= 3 ? 'yes' : 'no'}).`,
      '',
      'Slowest statements of the first scan (and of the rescan):',
      '',
      ...first.top.map((t) => `- ${(t.ms / 1000).toFixed(1)} s in ${t.count.toLocaleString('en')} × \`${t.sql.replace(/`/g, "'")}\`${topIn(again, t.sql)}`),
      '',
      'Planted gaps against findings (a subsidy counts as named when a finding links it, or links a payment matched to it):',
      '',
      ...check.lines,
      '',
      `Everything planted found and nothing else flagged: ${check.allFound ? 'yes' : 'no'}.`,
      '',
      `Memory: ${rssLine(first)} (first scan); ${rssLine(again)} (rescan).`,
      '',
    ];
    console.log(lines.join('\n'));
    if (options.writeResults) appendResults(lines);
  } finally {
    await client.end().catch(() => undefined);
    await db.close();
    if (!options.keep) await scratch.drop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
