import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import * as ExcelJS from 'exceljs';
import * as iconv from 'iconv-lite';
import type { HubDatabase } from '../../../src/db/database';
import { migrateDatabase } from '../../../src/db/migrate';
import { fromGlobalId } from '../../../src/graphql/relay/global-id';
import { generateCounty } from '../../../src/demo/county-generator';
import { loadCounty } from '../../../src/demo/load-county';
import { commandLineActor } from '../../../src/modules/auth/audit';
import { FindingDetection } from '../../../src/modules/findings/finding-detection';
import {
  chooseEncoding,
  chooseFormat,
  EXPORT_HEADERS,
  ExportOptionError,
  exportFindingsToFile,
  FILTER_OPTION_NAMES,
  resolveExportFilter,
  SHEET_NAME,
  wholeHubViewer,
} from '../../../src/modules/findings/findings-export';
import { startTestHub, type TestHub } from '../../support/hub-client';
import { CliHarness, type CliResult } from '../../support/cli-harness';

jest.setTimeout(300_000);

/**
 * Opening the database is slow, so the CLI is spawned only where the process boundary matters
 * (exit codes, stdout and stderr); everything else calls what the commands call, in process.
 */
const harness = new CliHarness('findings-cli');
const { cli, startCli, withDatabase, work } = harness;
const county = generateCounty({ seed: 2016, households: 150 });

/** Finding ids and exact amounts that a WHERE clause over `finding f JOIN household h` selects. */
async function findingsWhere(db: HubDatabase, where: string, ...parameters: unknown[]): Promise<Map<number, { amount: string; recovered: string | null }>> {
  const rows = await db.prisma.$queryRawUnsafe<Array<{ id: number; amount: string; recovered: string | null }>>(
    `SELECT f.id, f.amount_at_risk::text AS amount, f.amount_recovered::text AS recovered FROM finding f JOIN household h ON h.id = f.household_id WHERE ${where} ORDER BY f.id`,
    ...parameters,
  );
  return new Map(rows.map((row) => [Number(row.id), { amount: row.amount, recovered: row.recovered }]));
}

const column = (header: string) => EXPORT_HEADERS.indexOf(header);

function readCsv(file: string, encoding: 'utf-8' | 'gb18030' = 'utf-8'): string[][] {
  const bytes = readFileSync(file);
  if (encoding === 'gb18030') return parse(iconv.decode(bytes, 'gb18030')) as string[][];
  expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  return parse(bytes, { bom: true }) as string[][];
}

/**
 * What `findings:export` does after reading its flags (src/cli.ts), in process: the format and
 * encoding from --out, --format and --encoding, the filter from the filter flags for a viewer of
 * the whole hub, then the file. A mistake in an option throws an ExportOptionError; the command
 * reports it as `--<option>: <reason>` with exit code 2.
 */
async function exportInProcess(db: HubDatabase, out: string, flags: Record<string, string> = {}): Promise<number> {
  const format = chooseFormat(out, flags.format);
  const encoding = chooseEncoding(format, flags.encoding);
  const options = Object.fromEntries(FILTER_OPTION_NAMES.filter((name) => flags[name] !== undefined).map((name) => [name, flags[name]]));
  const filter = await resolveExportFilter(db.prisma, wholeHubViewer(commandLineActor().name), options);
  return exportFindingsToFile(db.prisma, filter, out, { format, encoding });
}

/** The message the command would print for an option's mistake (as asUsageError in src/cli.ts words it). */
async function refusal(attempt: Promise<unknown>): Promise<string> {
  const error = await attempt.then(
    () => null,
    (thrown: unknown) => thrown,
  );
  expect(error).toBeInstanceOf(ExportOptionError);
  const { option, reason } = error as ExportOptionError;
  return `--${option}: ${reason}`;
}

/**
 * Commands refused while their flags are read, before they open the database: they run while the
 * database is being set up, on the other core. (A command that opens the database must not run
 * alongside anything else that has it open.)
 */
let refusedBeforeOpening: Promise<{ unknownFlag: CliResult; noOut: CliResult }>;
const unknownFlagFile = join(work, 'refused-cli-colour.csv');

beforeAll(async () => {
  await harness.setUp();
  const built = harness.compile();
  refusedBeforeOpening = built.then(async () => {
    const [unknownFlag, noOut] = await Promise.all([startCli('findings:export', '--out', unknownFlagFile, '--colour', 'red'), startCli('findings:export')]);
    return { unknownFlag, noOut };
  });
  await Promise.all([
    withDatabase(async (db) => {
      await migrateDatabase(db);
      await loadCounty(db.prisma, county);
    }),
    built,
    refusedBeforeOpening,
  ]);
});

afterAll(() => harness.tearDown());

let all: Map<number, { amount: string; recovered: string | null }>;
let auditBefore: number;

describe('detect from the command line', () => {
  it('refuses a malformed region with exit code 2, naming --region, and scans the county, showing progress on stderr and the counts on stdout', async () => {
    const malformed = cli('detect', '--region', '52052');
    expect(malformed.status).toBe(2);
    expect(malformed.stderr).toMatch(/--region: invalid region code "52052"/);

    const countyCode = county.regions.find((region) => region.level === 'COUNTY')!.code;
    const scanned = cli('detect', '--region', countyCode.slice(0, 6));
    expect(scanned.stderr).toMatch(new RegExp(`detect ${countyCode}: 150 households in \\d+`));
    expect(scanned.status).toBe(0);
    const summary = /(\d+) households scanned, (\d+) subsidies read.*\nfindings: (\d+) raised, (\d+) updated, (\d+) reopened, (\d+) closed/.exec(scanned.stdout);
    expect(summary).not.toBeNull();
    const [households, subsidies, raised, updated, reopened, closed] = summary!.slice(1).map(Number);
    expect(households).toBe(150);

    await withDatabase(async (db) => {
      // the refused command scanned nothing: the county scan is the only run
      expect(await db.prisma.detectionRun.count()).toBe(1);
      expect(subsidies).toBe(await db.prisma.subsidy.count());
      const findings = await db.prisma.finding.count();
      expect(findings).toBeGreaterThan(0);
      expect(raised).toBe(findings);
      expect([updated, reopened, closed]).toEqual([0, 0, 0]);
      const run = await db.prisma.detectionRun.findFirstOrThrow({ orderBy: { id: 'desc' } });
      expect(run).toMatchObject({ trigger: 'SCAN', regionCode: countyCode, householdsScanned: 150, subsidiesRead: subsidies, raised, actorName: expect.stringMatching(/^cli:/) });
      expect(run.finishedAt).not.toBeNull();

      // a second scan of the whole hub (what `detect` without --region runs) finds the same things and raises nothing new
      const again = await new FindingDetection(db.prisma).scan(null, { ...commandLineActor(), operation: 'detect' });
      expect(again).toMatchObject({ householdsScanned: 150, raised: 0, updated: 0, reopened: 0, closed: 0 });
      expect(await db.prisma.finding.count()).toBe(findings);

      // give the findings some variety for the exports: one confirmed, one recovered with an amount back
      const [first, second] = await db.prisma.finding.findMany({ orderBy: { id: 'asc' }, take: 2 });
      await db.prisma.finding.update({ where: { id: first.id }, data: { status: 'CONFIRMED' } });
      if (second) await db.prisma.finding.update({ where: { id: second.id }, data: { status: 'RECOVERED', amountRecovered: '123.45' } });
      all = await findingsWhere(db, 'TRUE');
      auditBefore = await db.prisma.auditEntry.count();
    });
  });
});

describe('findings:export from the command line', () => {
  it('writes every finding to a UTF-8 CSV with Chinese headers and exact amounts', () => {
    const file = join(work, '核查发现.csv');
    const exported = cli('findings:export', '--out', file);
    expect(exported.stderr).toBe('');
    expect(exported.status).toBe(0);
    expect(exported.stdout).toMatch(new RegExp(`wrote ${all.size} findings to `));
    const [header, ...rows] = readCsv(file);
    expect(header).toEqual(EXPORT_HEADERS);
    expect(rows.map((row) => Number(row[column('核查编号')]))).toEqual([...all.keys()]);
    for (const row of rows) {
      const stored = all.get(Number(row[column('核查编号')]))!;
      expect(row[column('风险金额（元）')]).toBe(stored.amount);
      expect(row[column('已追回金额（元）')]).toBe(stored.recovered ?? '');
      expect(row[column('户编号')]).toMatch(/^\d+$/);
      expect(fromGlobalId(row[column('全局编号（GraphQL ID）')])).toEqual({ typename: 'Finding', key: row[column('核查编号')] });
      expect(row[column('说明')]).not.toBe('');
      expect(row[column('涉及补贴')]).toMatch(/^[A-Z]+:/);
    }
    expect(rows.map((row) => row[column('状态')])).toEqual(expect.arrayContaining(['已确认', '待核实']));
    expect(existsSync(`${file}.partial`)).toBe(false);
    // (that it wrote no audit entry is checked in process below, without opening the database once more)
  });

  it('refuses an unknown department with exit code 2, naming --department, and writes no file', () => {
    const file = join(work, 'refused-cli-department.csv');
    const refused = cli('findings:export', '--out', file, '--department', 'NOPE');
    expect(refused.stderr).toMatch(/--department: no department with code "NOPE"/);
    expect(refused.status).toBe(2);
    expect(existsSync(file)).toBe(false);
    expect(existsSync(`${file}.partial`)).toBe(false);
  });

  it('refuses an unknown flag with exit code 2, naming it, and writes no file', async () => {
    const { unknownFlag } = await refusedBeforeOpening;
    expect(unknownFlag.stderr).toMatch(/unknown or incomplete option --colour/);
    expect(unknownFlag.status).toBe(2);
    expect(existsSync(unknownFlagFile)).toBe(false);
  });

  it('needs --out', async () => {
    const { noOut } = await refusedBeforeOpening;
    expect(noOut.status).toBe(2);
    expect(noOut.stderr).toMatch(/--out: give the file/);
  });
});

describe('the findings export in process (what findings:export calls)', () => {
  let db: HubDatabase;

  beforeAll(async () => {
    db = await harness.openDatabase();
  });

  afterAll(async () => {
    await db?.close();
  });

  it('wrote no audit entry for the exports from the command line', async () => {
    expect(await db.prisma.auditEntry.count()).toBe(auditBefore);
  });

  it('writes the findings a filter selects to an .xlsx workbook, amounts as exact numbers', async () => {
    const amounts = [...all.values()].map((f) => f.amount).sort((a, b) => Number(a) - Number(b));
    const minAmount = amounts[Math.floor(amounts.length / 2)];
    const file = join(work, 'findings.xlsx');
    const count = await exportInProcess(db, file, { status: 'open,CONFIRMED', 'min-amount': minAmount });
    const expected = await findingsWhere(db, `f.status IN ('OPEN', 'CONFIRMED') AND f.amount_at_risk >= $1::numeric`, minAmount);
    expect(expected.size).toBeGreaterThan(0);
    expect(expected.size).toBeLessThan(all.size);
    expect(count).toBe(expected.size);

    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(file);
    const sheet = workbook.getWorksheet(SHEET_NAME)!;
    expect((sheet.getRow(1).values as unknown[]).slice(1)).toEqual(EXPORT_HEADERS);
    expect(sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    expect(sheet.rowCount - 1).toBe(expected.size);
    const ids: number[] = [];
    sheet.eachRow((row, number) => {
      if (number === 1) return;
      const id = row.getCell(column('核查编号') + 1).value as number;
      ids.push(id);
      const amount = row.getCell(column('风险金额（元）') + 1).value;
      expect(typeof amount).toBe('number');
      expect((amount as number).toFixed(2)).toBe(expected.get(id)!.amount);
      expect(['待核实', '已确认']).toContain(row.getCell(column('状态') + 1).value);
    });
    expect(ids).toEqual([...expected.keys()]);
    expect(existsSync(`${file}.partial`)).toBe(false);
  });

  it('narrows to a township, a household, a department and a rule', async () => {
    const [sample] = await db.prisma.$queryRawUnsafe<Array<{ region_code: string; household_no: string; department: string; rule: string }>>(
      `SELECT h.region_code, h.household_no, d.code AS department, r.code AS rule
         FROM finding f JOIN household h ON h.id = f.household_id JOIN policy_rule r ON r.id = f.rule_id JOIN department d ON d.id = f.department_ids[1]
        ORDER BY f.id LIMIT 1`,
    );
    const township = sample.region_code.slice(0, 9);
    const csv = join(work, 'township.csv');
    const inTownship = await findingsWhere(db, `h.region_code LIKE $1`, `${township}%`);
    expect(await exportInProcess(db, csv, { region: township })).toBe(inTownship.size);
    expect(readCsv(csv).length - 1).toBe(inTownship.size);

    const ofHousehold = await findingsWhere(db, `h.household_no = $1`, sample.household_no);
    expect(await exportInProcess(db, csv, { household: sample.household_no })).toBe(ofHousehold.size);
    const household = readCsv(csv).slice(1);
    expect(household.length).toBe(ofHousehold.size);
    expect(new Set(household.map((row) => row[column('户编号')]))).toEqual(new Set([sample.household_no]));

    const expected = await findingsWhere(db, `f.rule_id = (SELECT id FROM policy_rule WHERE code = $1) AND (SELECT id FROM department WHERE code = $2) = ANY(f.department_ids)`, sample.rule, sample.department);
    expect(await exportInProcess(db, csv, { department: sample.department.toLowerCase(), rule: sample.rule })).toBe(expected.size);
    const rows = readCsv(csv).slice(1);
    expect(rows.map((row) => Number(row[column('核查编号')]))).toEqual([...expected.keys()]);
    expect(new Set(rows.map((row) => row[column('规则代码')]))).toEqual(new Set([sample.rule]));
  });

  it('writes GB18030 when asked, for older Excel on Chinese Windows', async () => {
    const file = join(work, 'findings-gbk.csv');
    const count = await exportInProcess(db, file, { encoding: 'gb18030' });
    const [header, ...rows] = readCsv(file, 'gb18030');
    expect(readFileSync(file).subarray(0, 3).equals(Buffer.from([0xef, 0xbb, 0xbf]))).toBe(false);
    expect(header).toEqual(EXPORT_HEADERS);
    expect(rows.length).toBe((await findingsWhere(db, 'TRUE')).size);
    expect(count).toBe(rows.length);
  });

  it.each([
    [['--status', 'OPEN,LOST'], /--status: /],
    [['--department', 'NOPE'], /--department: no department with code "NOPE"/],
    [['--rule', 'NO-SUCH-RULE'], /--rule: no rule with code "NO-SUCH-RULE"/],
    [['--min-amount', '12.345'], /--min-amount: invalid amount/],
    [['--region', '12'], /--region: invalid region code "12"/],
    [['--region', '990000'], /--region: no region 990000000000 in this hub/],
    [['--encoding', 'latin1'], /--encoding: /],
    [['--format', 'pdf'], /--format: "pdf" is not a format/],
  ])('refuses %j, naming the flag, and writes no file', async ([flag, value], message) => {
    const file = join(work, `refused-${flag.slice(2)}.csv`);
    expect(await refusal(exportInProcess(db, file, { [flag.slice(2)]: value }))).toMatch(message);
    expect(existsSync(file)).toBe(false);
    expect(existsSync(`${file}.partial`)).toBe(false);
  });

  it('needs a format it can tell', async () => {
    const file = join(work, 'findings.txt');
    expect(await refusal(exportInProcess(db, file))).toMatch(/--format: .* ends in neither \.csv nor \.xlsx/);
    expect(existsSync(file)).toBe(false);
  });
});

describe('the findings download over HTTP', () => {
  let db: HubDatabase;
  let hub: TestHub;
  let base: string;
  let auditor: string;
  let township: string;
  let townshipKey: string;

  beforeAll(async () => {
    db = await harness.openDatabase();
    hub = await startTestHub(db);
    base = hub.url.replace(/\/graphql$/, '');
    auditor = await hub.createKey({ name: 'county auditor', role: 'AUDITOR' });
    const [first] = await db.prisma.$queryRawUnsafe<Array<{ region_code: string }>>(
      `SELECT h.region_code FROM finding f JOIN household h ON h.id = f.household_id ORDER BY f.id LIMIT 1`,
    );
    township = `${first.region_code.slice(0, 9)}000`;
    townshipKey = await hub.createKey({ name: 'township office', role: 'OFFICIAL', regionCode: township });
  });

  afterAll(async () => {
    await hub?.stop();
    await db?.close();
  });

  const get = (path: string, secret: string | null, init: RequestInit = {}) =>
    fetch(`${base}${path}`, { ...init, headers: secret === null ? {} : { authorization: `Bearer ${secret}` } });

  async function countWhere(where: string, ...parameters: unknown[]): Promise<Map<number, string>> {
    const rows = await db.prisma.$queryRawUnsafe<Array<{ id: number; amount: string }>>(
      `SELECT f.id, f.amount_at_risk::text AS amount FROM finding f JOIN household h ON h.id = f.household_id WHERE ${where} ORDER BY f.id`,
      ...parameters,
    );
    return new Map(rows.map((row) => [Number(row.id), row.amount]));
  }

  it('needs a key, even from a browser', async () => {
    const response = await fetch(`${base}/exports/findings.csv`, { headers: { accept: 'text/html' } });
    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toMatch(/Bearer/);
  });

  it('streams a CSV of the findings the parameters select', async () => {
    const response = await get('/exports/findings.csv?status=OPEN&status=CONFIRMED', auditor);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(response.headers.get('content-disposition')).toMatch(/^attachment; filename="findings-\d{4}-\d{2}-\d{2}\.csv"/);
    const bytes = Buffer.from(await response.arrayBuffer());
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const [header, ...rows] = parse(bytes, { bom: true }) as string[][];
    expect(header).toEqual(EXPORT_HEADERS);
    const expected = await countWhere(`f.status IN ('OPEN', 'CONFIRMED')`);
    expect(new Map(rows.map((row) => [Number(row[column('核查编号')]), row[column('风险金额（元）')]]))).toEqual(expected);
  });

  it("narrows an .xlsx download to the key's region and refuses a region outside it", async () => {
    const response = await get('/exports/findings.xlsx', townshipKey);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(await response.arrayBuffer());
    const sheet = workbook.getWorksheet(SHEET_NAME)!;
    const expected = await countWhere(`h.region_code LIKE $1`, `${township.slice(0, 9)}%`);
    expect(expected.size).toBeLessThan((await countWhere('TRUE')).size);
    const ids: number[] = [];
    sheet.eachRow((row, number) => {
      if (number > 1) ids.push(row.getCell(column('核查编号') + 1).value as number);
    });
    expect(ids).toEqual([...expected.keys()]);

    const elsewhere = county.regions.find((region) => region.level === 'TOWNSHIP' && region.code !== township)!.code;
    const refused = await get(`/exports/findings.xlsx?region=${elsewhere}`, townshipKey);
    expect(refused.status).toBe(403);
    expect(JSON.stringify(await refused.json())).toMatch(/region: .*outside your key's region/);
  });

  it('names the parameter at fault, and answers only GET', async () => {
    const unknown = await get('/exports/findings.csv?colour=red', auditor);
    expect(unknown.status).toBe(400);
    expect((await unknown.json()).errors[0]).toMatchObject({ message: expect.stringMatching(/^colour: unknown parameter/), extensions: { code: 'BAD_USER_INPUT' } });
    const amount = await get('/exports/findings.csv?min-amount=lots', auditor);
    expect(amount.status).toBe(400);
    expect((await amount.json()).errors[0].message).toMatch(/^min-amount: invalid amount/);
    expect((await get('/exports/findings.csv', auditor, { method: 'POST' })).status).toBe(405);
  });
});
