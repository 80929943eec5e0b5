import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { openDatabase, type HubDatabase } from '../../src/db/database';
import { migrateDatabase } from '../../src/db/migrate';
import { createScratchDatabase, type ScratchDatabase } from '../../src/db/scratch-database';
import { generateCounty } from '../../src/demo/county-generator';
import { resolveMapping } from '../../src/modules/ingest/file-import';
import { importFile } from '../../src/modules/ingest/file-import/import-file';
import { IngestService } from '../../src/modules/ingest/ingest.service';
import { POSTGRES_ADMIN_URL, testDatabaseKind } from '../support/test-database';

// The bank's files (一户一卡 代发明细 and the card register) through the `import` command path.
// Findings are reconciliation's business and are not asserted here.

const ROOT = resolve(__dirname, '../..');
const SAMPLES = join(ROOT, 'test/fixtures/department-files');
const BANK_SAMPLE = join(SAMPLES, 'bank-disbursement-2024-06.csv');
const work = mkdtempSync(join(tmpdir(), 'hub-bank-import-'));

let scratch: ScratchDatabase | null = null;
let db: HubDatabase;
let service: IngestService;
const dataDir = join(work, 'hub');
const open = () => openDatabase({ url: scratch?.url, dataDir });

/** The sample's rows as objects keyed by header. */
function sampleRows(file: string): Array<Record<string, string>> {
  const [header, ...lines] = readFileSync(file, 'utf8').replace(/^\ufeff/, '').trim().split(/\r?\n/).map((line) => line.split(','));
  return lines.map((cells) => Object.fromEntries(header.map((name, k) => [name, cells[k]])));
}

/** The households of the poverty office's register, by head's ID number (GB18030). */
function householdsByHead(): Map<string, string> {
  const text = iconv.decode(readFileSync(join(SAMPLES, 'poverty-office-households-gb18030.csv')), 'gb18030').replace(/^\ufeff/, '');
  const [header, ...lines] = text.trim().split(/\r?\n/).map((line) => line.split(','));
  const no = header.indexOf('户编号');
  const id = header.indexOf('身份证号');
  return new Map(lines.map((cells) => [cells[id], cells[no]]));
}

beforeAll(async () => {
  if (testDatabaseKind() === 'postgres') scratch = await createScratchDatabase(POSTGRES_ADMIN_URL);
  db = await open();
  await migrateDatabase(db);
  await db.prisma.region.createMany({ data: generateCounty({ seed: 2016, households: 2000 }).regions });
  service = new IngestService(db.prisma);
  const households = await importFile(service, db.prisma, {
    file: join(SAMPLES, 'poverty-office-households-gb18030.csv'),
    mapping: await resolveMapping('poverty-households'),
    reportPath: join(work, 'households.errors.csv'),
  });
  expect(households.rejected).toBe(0);
});

afterAll(async () => {
  await db?.close().catch(() => undefined);
  await scratch?.drop();
  rmSync(work, { recursive: true, force: true });
});

const run = async (file: string, mapping: string) => importFile(service, db.prisma, { file, mapping: await resolveMapping(mapping), reportPath: join(work, `${mapping}.errors.csv`) });

describe('the bank card register (bank-cards)', () => {
  const file = join(work, 'bank-cards-2024.csv');
  const payments = sampleRows(BANK_SAMPLE);
  const byHead = householdsByHead();
  // Two cards of the sample's households, one by 户编号 and one by the head's ID number; one card of 12 digits.
  const rows = [
    ['户编号', '户主身份证号', '开户银行', '卡号', '持卡人身份证号', '开户日期', '销户日期'],
    [byHead.get(payments[0]['证件号码'])!, '', '织金农商银行', payments[0]['卡号'], payments[0]['证件号码'], '2019-03-01', ''],
    ['', payments[1]['证件号码'], '织金农商银行', payments[1]['卡号'].replace(/(\d{4})(?=\d)/g, '$1 '), payments[1]['证件号码'], '2019/3/2', ''],
    [byHead.get(payments[2]['证件号码'])!, '', '织金农商银行', '621700336196', payments[2]['证件号码'], '2019-03-03', ''],
  ];

  it('registers the cards, finds the households both ways and reports the bad card number by row and field', async () => {
    writeFileSync(file, `\ufeff${rows.map((row) => row.join(',')).join('\r\n')}\r\n`);
    const summary = await run(file, 'bank-cards');
    expect(summary).toMatchObject({ rows: 3, created: 2, rejected: 1 });
    const cards = await db.prisma.bankCard.findMany({ include: { household: true, holder: true }, orderBy: { id: 'asc' } });
    expect(cards.map((card) => [card.household.householdNo, card.holder.idNumber, card.cardNo, card.openedOn?.toISOString().slice(0, 10)])).toEqual([
      [byHead.get(payments[0]['证件号码']), payments[0]['证件号码'], payments[0]['卡号'], '2019-03-01'],
      [byHead.get(payments[1]['证件号码']), payments[1]['证件号码'], payments[1]['卡号'], '2019-03-02'],
    ]);
    const report = readFileSync(summary.reportPath, 'utf8').trim().split('\r\n').slice(1);
    expect(report).toHaveLength(1);
    expect(report[0].split(',').slice(0, 5)).toEqual(['4', 'BANK_CARD', `CARD-${payments[2]['证件号码']}-2019-03-03`, 'cardNo', 'INVALID_CARD_NUMBER']);
    expect(report[0]).not.toContain('621700336196');
  });

  it('finds the register unchanged when it is imported again', async () => {
    expect(await run(file, 'bank-cards')).toMatchObject({ rows: 3, created: 0, updated: 0, unchanged: 2, rejected: 1 });
  });
});

describe('the disbursement file (bank-payments)', () => {
  const payments = sampleRows(BANK_SAMPLE);
  const byHead = householdsByHead();

  it('imports the sample through the import command, finding every payment’s household', async () => {
    // The command runs in its own process, as a clerk runs it; PGlite admits one process at a time.
    const build = join(ROOT, 'node_modules/.cache/hub-bank-test-build', testDatabaseKind());
    execFileSync(join(ROOT, 'node_modules/.bin/swc'), ['src', '-d', build, '--copy-files', '-q'], { cwd: ROOT });
    if (db.kind === 'pglite') await db.close();
    const report = join(work, 'bank-disbursement.errors.csv');
    const env = { ...process.env, ...(scratch ? { DATABASE_URL: scratch.url } : { HUB_DATA_DIR: dataDir }) };
    const result = spawnSync(process.execPath, [join(build, 'src/cli.js'), 'import', BANK_SAMPLE, '--mapping', 'bank-payments', '--report', report], { env, encoding: 'utf8' });
    if (db.kind === 'pglite') {
      db = await open();
      service = new IngestService(db.prisma);
    }
    expect(result.status).toBe(0);
    expect(result.stdout).toContain(`${payments.length} rows: ${payments.length} created, 0 updated, 0 unchanged, 0 rejected`);

    const stored = await db.prisma.bankPayment.findMany({ include: { household: true, department: true }, orderBy: { sourceRecordId: 'asc' } });
    expect(stored.map((p) => [p.sourceRecordId, p.cardNo, p.holderIdNumber, p.amount.toFixed(2), p.paidOn.toISOString().slice(0, 10), p.memo, p.department.code, p.household?.householdNo])).toEqual(
      [...payments]
        .sort((a, b) => a['流水号'].localeCompare(b['流水号']))
        .map((row) => [row['流水号'], row['卡号'], row['证件号码'], row['金额'], row['交易日期'], row['摘要'], 'BANK', byHead.get(row['证件号码'])]),
    );
    expect(stored.every((p) => p.paymentReference === null && p.sourceSystem === '农商银行代发系统')).toBe(true);
    const months = await db.prisma.$queryRawUnsafe<Array<{ month: string }>>('SELECT month::text FROM bank_coverage_month ORDER BY month');
    expect(months.map((m) => m.month)).toEqual([...new Set(payments.map((row) => `${row['交易日期'].slice(0, 7)}-01`))].sort());
  });

  it('finds the same file unchanged when it is imported again, also as .xlsx with a 业务编号 column', async () => {
    expect(await run(BANK_SAMPLE, 'bank-payments')).toMatchObject({ rows: payments.length, created: 0, updated: 0, unchanged: payments.length, rejected: 0 });

    // The same sheet saved as .xlsx with the department's payment reference for the first row: one payment changes.
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('代发明细');
    const headers = [...Object.keys(payments[0]), '业务编号'];
    sheet.addRow(headers);
    payments.forEach((row, k) => sheet.addRow([...Object.values(row), k === 0 ? 'ZF-2024-06-0001' : '']));
    const xlsx = join(work, 'bank-disbursement-2024-06.xlsx');
    await workbook.xlsx.writeFile(xlsx);
    const summary = await importFile(service, db.prisma, { file: xlsx, mapping: await resolveMapping('bank-payments') });
    expect(summary).toMatchObject({ rows: payments.length, created: 0, updated: 1, unchanged: payments.length - 1, rejected: 0 });
    const changed = await db.prisma.bankPayment.findFirstOrThrow({ where: { sourceRecordId: payments[0]['流水号'] } });
    expect([changed.paymentReference, changed.version]).toEqual(['ZF-2024-06-0001', 2]);
    const revisions = await db.prisma.recordRevision.findMany({ where: { recordType: 'BANK_PAYMENT' } });
    expect(revisions.map((r) => [r.sourceRecordId, r.changes])).toEqual([[payments[0]['流水号'], [{ field: 'paymentReference', from: null, to: 'ZF-2024-06-0001' }]]]);
  });

  it('reports a bad row of a disbursement file by row and field and applies the rest', async () => {
    const file = join(work, 'bank-disbursement-bad.csv');
    const lines = ['卡号,户名,证件号码,金额,交易日期,摘要,流水号', `${payments[0]['卡号']},${payments[0]['户名']},${payments[0]['证件号码']},0.00,2024-07-10,低保金 2024年7月,BK990001`, `${payments[1]['卡号']},${payments[1]['户名']},${payments[1]['证件号码']},1680.00,2024-07-10,低保金 2024年7月,BK990002`];
    writeFileSync(file, `${lines.join('\r\n')}\r\n`);
    const summary = await run(file, 'bank-payments');
    expect(summary).toMatchObject({ rows: 2, created: 1, rejected: 1 });
    const report = readFileSync(summary.reportPath, 'utf8').trim().split('\r\n').slice(1);
    expect(report.map((line) => line.split(',').slice(0, 5).join(','))).toEqual(['2,BANK_PAYMENT,BK990001,amount,INVALID_AMOUNT']);
    expect(await db.prisma.bankPayment.count({ where: { sourceRecordId: 'BK990001' } })).toBe(0);
  });
});
