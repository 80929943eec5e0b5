import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import ExcelJS from 'exceljs';
import { openDatabase, type HubDatabase } from '../../src/db/database';
import { migrateDatabase } from '../../src/db/migrate';
import { createScratchDatabase, type ScratchDatabase } from '../../src/db/scratch-database';
import { generateCounty } from '../../src/demo/county-generator';
import { composeIdNumber } from '../../src/domain/id-number';
import { resolveMapping } from '../../src/modules/ingest/file-import';
import { importFile } from '../../src/modules/ingest/file-import/import-file';
import { IngestService } from '../../src/modules/ingest/ingest.service';
import { POSTGRES_ADMIN_URL, testDatabaseKind } from '../support/test-database';

const ROOT = resolve(__dirname, '../..');
const SAMPLES = join(ROOT, 'test/fixtures/department-files');
const work = mkdtempSync(join(tmpdir(), 'hub-import-'));

/** A migrated database with the demo county's divisions, as a file on disk (PGlite) or a scratch PostgreSQL database. */
async function openCountyDatabase(name: string): Promise<{ db: HubDatabase; env: Record<string, string>; reopen(): Promise<HubDatabase>; drop(): Promise<void> }> {
  let scratch: ScratchDatabase | null = null;
  const dataDir = join(work, name);
  if (testDatabaseKind() === 'postgres') scratch = await createScratchDatabase(POSTGRES_ADMIN_URL);
  const open = () => openDatabase({ url: scratch?.url, dataDir });
  const db = await open();
  await migrateDatabase(db);
  await db.prisma.region.createMany({ data: generateCounty({ seed: 2016, households: 2000 }).regions });
  return {
    db,
    env: scratch ? { DATABASE_URL: scratch.url } : { HUB_DATA_DIR: dataDir },
    reopen: open,
    drop: async () => {
      await scratch?.drop();
    },
  };
}

afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('department sheets through the import command path', () => {
  let db: HubDatabase;
  let drop: () => Promise<void>;
  let service: IngestService;

  beforeAll(async () => {
    ({ db, drop } = await openCountyDatabase('samples'));
    service = new IngestService(db.prisma);
  });
  afterAll(async () => {
    await db?.close();
    await drop?.();
  });

  const run = async (sample: string, mapping: string) =>
    importFile(service, db.prisma, { file: join(SAMPLES, sample), mapping: await resolveMapping(mapping), reportPath: join(work, `${mapping}.errors.csv`) });

  it('imports the GB18030 household register, finding villages by name and registering heads', async () => {
    const summary = await run('poverty-office-households-gb18030.csv', 'poverty-households');
    expect(summary).toMatchObject({ rows: 24, created: 24, rejected: 0 });
    const household = await db.prisma.household.findUniqueOrThrow({ where: { householdNo: '520524100001' }, include: { members: true, region: true } });
    expect(household.region.name).toBe('新华村');
    expect(household.members.map((m) => [m.name, m.relation, m.idNumber])).toEqual([['孟勇承', 'HEAD', '520524195509122987']]);
  });

  it('reports the minimum-allowance roster’s duplicated row and wrong check character, and applies the rest', async () => {
    const summary = await run('civil-affairs-dibao-2024-06.csv', 'civil-dibao');
    expect(summary).toMatchObject({ rows: 16, created: 14, rejected: 2 });
    const raw = readFileSync(summary.reportPath, 'utf8');
    expect(raw.startsWith('\ufeff')).toBe(true); // Excel reads UTF-8 only with the mark
    const report = raw.trim().split('\r\n');
    expect(report[0]).toBe('行号,记录类型,源记录编号,字段,错误代码,原因,reason');
    expect(report.slice(1).map((line) => line.split(',').slice(0, 5).join(','))).toEqual([
      '16,SUBSIDY,DIBAO-520524197708057224-2024-06,sourceRecordId,DUPLICATE_IN_BATCH',
      '17,SUBSIDY,,beneficiaryIdNumber,INVALID_ID_NUMBER'.replace(',,', `,DIBAO-520524198501198990-2024-06,`),
    ]);
  });

  it('converts the old 15-digit number in the poverty office’s measures and finds its household', async () => {
    const summary = await run('poverty-office-measures-2024.csv', 'poverty-measures');
    expect(summary).toMatchObject({ created: 6, rejected: 0 });
    const fifteen = readFileSync(join(SAMPLES, 'poverty-office-measures-2024.csv'), 'utf8').match(/,(\d{15}),/)![1];
    const member = await db.prisma.member.findFirstOrThrow({ where: { idNumber: { startsWith: `${fifteen.slice(0, 6)}19${fifteen.slice(6, 12)}` } } });
    expect(member.idNumber).toHaveLength(18);
  });

  it('reads the same sheet as .xlsx through the same path: everything already delivered is unchanged', async () => {
    const csv = readFileSync(join(SAMPLES, 'agriculture-projects-2024.csv'), 'utf8').replace(/^\ufeff/, '').trim().split(/\r?\n/).map((line) => line.split(','));
    expect((await run('agriculture-projects-2024.csv', 'agri-projects')).created).toBe(9);
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('项目');
    csv.forEach((cells, row) => sheet.addRow(row === 0 ? cells : cells.map((cell, k) => (k === 8 ? Number(cell) : cell))));
    const xlsx = join(work, 'agriculture-projects-2024.xlsx');
    await workbook.xlsx.writeFile(xlsx);
    const summary = await importFile(service, db.prisma, { file: xlsx, mapping: await resolveMapping('agri-projects') });
    expect(summary).toMatchObject({ rows: 9, created: 0, updated: 0, unchanged: 9, rejected: 0 });
  });

  it('finds the overlaps the samples carry across departments (多策合一), and nothing else', async () => {
    const summary = await run('civil-affairs-tekun-2024.csv', 'civil-tekun');
    expect(summary).toMatchObject({ rejected: 0, findings: 1 });
    const findings = await db.prisma.finding.findMany({ include: { rule: true, household: { include: { members: { where: { relation: 'HEAD' } } } } } });
    const found = findings.map((f) => `${f.rule.code} ${f.household.members[0].name}`).sort();
    // README of the samples: goat funding that agriculture also paid, a biogas digester paid again in 2024, one person on 特困 and 低保.
    const heads = (file: string, pattern: RegExp, column: number) =>
      readFileSync(join(SAMPLES, file), 'utf8').split(/\r?\n/).filter((line) => pattern.test(line)).map((line) => line.split(',')[column]);
    const goatTwice = heads('poverty-office-measures-2024.csv', /黑山羊/, 1).filter((name) => heads('agriculture-projects-2024.csv', /黑山羊/, 4).includes(name));
    const biogasTwice = heads('poverty-office-measures-2024.csv', /沼气/, 1).filter((name) => heads('agriculture-projects-2024.csv', /沼气/, 4).includes(name));
    const tekunOnDibao = heads('civil-affairs-tekun-2024.csv', /供养,/, 4).filter((id) => heads('civil-affairs-dibao-2024-06.csv', new RegExp(id), 4).length > 0);
    expect(goatTwice.length).toBeGreaterThan(0);
    expect(biogasTwice.length).toBeGreaterThan(0);
    expect(tekunOnDibao).toHaveLength(1);
    const tekunHead = findings.find((f) => f.rule.code === 'EXCL-DIBAO-TEKUN')?.household.members[0].name;
    expect(found).toEqual([...goatTwice.map((name) => `DUP-INDUSTRY ${name}`), ...biogasTwice.map((name) => `ONCE-BIOGAS ${name}`), `EXCL-DIBAO-TEKUN ${tekunHead}`].sort());
    const exclusive = findings.find((f) => f.rule.code === 'EXCL-DIBAO-TEKUN')!;
    expect(exclusive.explanation).toContain('特困人员供养金');
    expect(exclusive.explanation).toContain('最低生活保障金（低保）');
  });

  it('files the archive catalogue under its households', async () => {
    const summary = await run('archive-bureau-catalogue.csv', 'archive-catalogue');
    expect(summary).toMatchObject({ created: 33, rejected: 0 });
    expect(await db.prisma.archiveDocument.count({ where: { household: { householdNo: '520524100001' } } })).toBeGreaterThan(3);
  });
});

describe('an import killed mid-file', () => {
  const members = Array.from({ length: 30 }, (_, k) => composeIdNumber('520524', `19${60 + k}-01-15`, 101 + 2 * k));
  const months = Array.from({ length: 100 }, (_, k) => `${2000 + Math.floor(k / 12)}-${String((k % 12) + 1).padStart(2, '0')}`);
  const isBad = (row: number) => row % 97 === 0;
  const rows = months.flatMap((month) => members.map((id) => ({ id, month })));
  const amountOf = (k: number) => `${100 + (k % 50)}.${String(k % 100).padStart(2, '0')}`;
  const file = join(work, 'dibao-3000.csv');
  const cli = join(ROOT, 'node_modules/.cache/hub-test-build', testDatabaseKind(), 'src/cli.js');

  beforeAll(() => {
    const lines = ['序号,乡镇（街道）,村（社区）,户主姓名,身份证号码,保障人口,月保障金额（元）,发放月份,备注'];
    // Sheet row = index + 2 (the header is row 1).
    rows.forEach((row, k) => lines.push(`${k + 1},城关镇,新华村,测试,${row.id},3,${isBad(k + 2) ? '-1' : amountOf(k)},${row.month},`));
    writeFileSync(file, `${lines.join('\r\n')}\r\n`);
    execFileSync(join(ROOT, 'node_modules/.bin/swc'), ['src', '-d', join(ROOT, 'node_modules/.cache/hub-test-build', testDatabaseKind()), '--copy-files', '-q'], { cwd: ROOT });
  });

  function runImport(env: Record<string, string>, killAfterChunks: number | null): Promise<{ code: number | null; signal: string | null; output: string }> {
    return new Promise((done, fail) => {
      const child = spawn(process.execPath, [cli, 'import', file, '--mapping', 'civil-dibao', '--chunk', '200', '--verbose', '--report', join(work, 'dibao-3000.errors.csv')], {
        env: { ...process.env, ...env },
      });
      let output = '';
      let committed = 0;
      child.stdout.on('data', (chunk: Buffer) => {
        output += chunk.toString();
        committed = (output.match(/committed through row/g) ?? []).length;
        if (killAfterChunks !== null && committed >= killAfterChunks) child.kill('SIGKILL');
      });
      child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
      child.on('error', fail);
      child.on('close', (code, signal) => done({ code, signal, output }));
    });
  }

  it('resumes after the last committed row and ends with exactly the file, applied once', async () => {
    const county = await openCountyDatabase('crash');
    let db = county.db;
    try {
      const outcome = await new IngestService(db.prisma).ingest('POVERTY', 'test', {
        households: [{ sourceRecordId: 'H1', householdNo: '520524199001', townshipName: '城关镇', villageName: '新华村', povertyType: 'MINIMUM_ALLOWANCE' }],
        members: members.map((id, k) => ({ sourceRecordId: `M${k}`, householdNo: '520524199001', idNumber: id, name: `成员${k}`, relation: k === 0 ? 'HEAD' : 'CHILD' })),
      });
      expect(outcome.rejected).toEqual([]);
      if (db.kind === 'pglite') await db.close(); // PGlite admits one process at a time

      const killed = await runImport(county.env, 3);
      expect(killed.signal).toBe('SIGKILL');

      if (db.kind === 'pglite') db = await county.reopen();
      const interrupted = await db.prisma.delivery.findFirstOrThrow({ where: { channel: 'FILE' } });
      expect(interrupted.status).toBe('RUNNING');
      expect(interrupted.rowsDone).toBeGreaterThanOrEqual(3 * 200 + 1);
      expect(interrupted.rowsDone).toBeLessThan(rows.length + 1);
      // Exactly the committed prefix of the file is in the database, nothing of the chunk in flight.
      const committedRows = interrupted.rowsDone - 1;
      const badCommitted = Array.from({ length: committedRows }, (_, k) => k + 2).filter(isBad).length;
      expect(await db.prisma.subsidy.count({ where: { sourceRecordId: { startsWith: 'DIBAO-' } } })).toBe(committedRows - badCommitted);
      if (db.kind === 'pglite') await db.close();

      const resumed = await runImport(county.env, null);
      expect(resumed.code).toBe(0);
      expect(resumed.output).toContain(`resumed delivery ${interrupted.id} after row ${interrupted.rowsDone}`);

      if (db.kind === 'pglite') db = await county.reopen();
      const delivery = await db.prisma.delivery.findUniqueOrThrow({ where: { id: interrupted.id } });
      const bad = rows.map((_, k) => k + 2).filter(isBad);
      expect(delivery).toMatchObject({ status: 'COMPLETED', received: rows.length, created: rows.length - bad.length, rejected: bad.length, updated: 0, unchanged: 0 });
      const stored = await db.prisma.subsidy.findMany({ where: { sourceRecordId: { startsWith: 'DIBAO-' } }, include: { member: true } });
      const expected = new Map<string, string>(rows.flatMap((row, k) => (isBad(k + 2) ? [] : [[`DIBAO-${row.id}-${row.month}`, amountOf(k)] as [string, string]])));
      expect(stored).toHaveLength(expected.size);
      for (const subsidy of stored) expect(subsidy.amount.toFixed(2)).toBe(expected.get(subsidy.sourceRecordId));
      const report = readFileSync(join(work, 'dibao-3000.errors.csv'), 'utf8').trim().split('\r\n').slice(1);
      expect(report.map((line) => Number(line.split(',')[0]))).toEqual(bad);
      expect(report.every((line) => line.includes('INVALID_AMOUNT'))).toBe(true);
    } finally {
      await db.close().catch(() => undefined);
      await county.drop();
    }
  });
});
