import { composeIdNumber } from '../../../src/domain/id-number';
import type { HubDatabase } from '../../../src/db/database';
import { assessArchivesInTransaction } from '../../../src/modules/archive-review/archive-assessment';
import type { IngestRecords } from '../../../src/modules/ingest/ingest-records';
import {
  ArchiveCatalogueDocument,
  AssessArchivesDocument,
  CreateArchiveCatalogueVersionDocument,
  CreateArchiveCheckSettingDocument,
  HouseholdArchiveReviewDocument,
  SetPovertyLineDocument,
  type ArchiveCatalogueItemInput,
} from '../../generated/graphql';
import { startTestHub, type HubClient, type TestHub } from '../../support/hub-client';
import { createTownship } from '../../support/regions';
import { createTestDatabase } from '../../support/test-database';

jest.setTimeout(120_000);

let db: HubDatabase;
let hub: TestHub;
let admin: HubClient;
let official: HubClient;
let maskedOfficial: HubClient;

const VILLAGE = '520524100201';
const OTHER_VILLAGE = '520524100202';
const HOUSEHOLD_NO = '520524100201001';
const head = composeIdNumber('520524', '1962-03-04', 123);
const spouse = composeIdNumber('520524', '1965-07-08', 124);
const child = composeIdNumber('520524', '2008-01-02', 125);

const INGEST = `mutation Ingest($input: IngestInput!) { ingest(input: $input) { accepted rejected { field code message } } }`;

async function ingest(department: string, records: IngestRecords | Record<string, unknown>): Promise<void> {
  const response = await (await hub.asDepartment(department)).send(INGEST, { input: { department, sourceSystem: 'test', ...records } });
  expect(response.errors).toBeUndefined();
  expect((response.data as { ingest: { rejected: unknown[] } }).ingest.rejected).toEqual([]);
}

const components = { wage: '6000.00', operating: '2500.50', property: '0.00', transfer: '1200.00', productionCosts: '700.00' };
const scores = { house: '60', grain: '70', labour: '50', student: '80' };
const document = (id: string, typeCode: string, facts: Record<string, unknown> = {}) => ({
  sourceRecordId: id,
  householdNo: HOUSEHOLD_NO,
  typeCode,
  title: `王德富户 ${typeCode}`,
  documentDate: '2016-05-01',
  ...facts,
});
const stating = { familySize: 3, labourCount: 2, perCapitaIncome: '3000.17', povertyType: 'GENERAL' };

async function review(client: HubClient = hub) {
  const response = await client.execute(HouseholdArchiveReviewDocument, { householdNo: HOUSEHOLD_NO });
  expect(response.errors).toBeUndefined();
  return response.data!.household!.archiveReview!;
}

const stored = async () => db.prisma.archiveAssessment.findFirstOrThrow({ where: { household: { householdNo: HOUSEHOLD_NO } } });

beforeAll(async () => {
  db = await createTestDatabase();
  await createTownship(db.prisma, { [VILLAGE]: '五星村', [OTHER_VILLAGE]: '新华村' });
  hub = await startTestHub(db);
  admin = hub.as(await hub.createKey({ name: 'archive admin', role: 'ADMIN' }));
  official = hub.as(await hub.createKey({ name: 'township official', role: 'OFFICIAL', regionCode: '520524100000', personalData: ['INCOME'] }));
  maskedOfficial = hub.as(await hub.createKey({ name: 'village official', role: 'OFFICIAL', regionCode: VILLAGE }));
  await ingest('POVERTY', {
    households: [{ sourceRecordId: 'H-1', householdNo: HOUSEHOLD_NO, regionCode: VILLAGE, povertyType: 'GENERAL', status: 'ASSISTED', identifiedOn: '2016-05-01', headName: '王德富', headIdNumber: head, familySize: 3 }],
    members: [
      { sourceRecordId: 'M-1', householdNo: HOUSEHOLD_NO, idNumber: head, name: '王德富', relation: 'HEAD', labourAbility: 'ORDINARY' },
      { sourceRecordId: 'M-2', householdNo: HOUSEHOLD_NO, idNumber: spouse, name: '李秀英', relation: 'SPOUSE', labourAbility: 'SKILLED' },
      { sourceRecordId: 'M-3', householdNo: HOUSEHOLD_NO, idNumber: child, name: '王小明', relation: 'CHILD', labourAbility: 'NONE', student: true },
    ],
  });
  await ingest('ARCHIVE', {
    documents: [
      document('D-P01', 'P01', stating),
      document('D-P02', 'P02', stating),
      document('D-P03', 'P03', { fourLooksScores: scores, fourLooksTotal: '63.50' }),
      document('D-P04', 'P04', { ...stating, incomeComponents: components }),
      document('D-E02', 'E02', stating),
    ],
  });
});

afterAll(async () => {
  await hub?.stop();
  await db?.close();
});

describe('a hand-built household', () => {
  it('is consistent where documents, members and departments agree, and the delivery stored its assessment', async () => {
    const live = await review();
    expect(live.catalogueVersion.version).toBe(1);
    expect(live.discrepancies).toEqual([]);
    expect(live.consistent).toBe(true);
    expect(live.complete).toBe(false);
    // ASSISTED: 20 items required in catalogue version 1; P01–P04 and E02 present.
    expect({ required: live.requiredCount, present: live.presentCount, completeness: live.completeness }).toEqual({ required: 20, present: 5, completeness: '25.00' });
    expect(live.items.find((i) => i.typeCode === 'P11')).toMatchObject({ required: false, state: 'NOT_REQUIRED' });
    expect(live.items.find((i) => i.typeCode === 'P07')).toMatchObject({ required: true, state: 'MISSING', maxCopies: null });
    const income = live.recomputations.find((r) => r.fact === 'INCOME_ARITHMETIC')!;
    expect(income).toMatchObject({ recorded: '3000.17', recomputed: '3000.17', difference: '0.00', withinTolerance: true, familySize: 3, year: 2016, povertyLine: '2952.00', abovePovertyLine: true });
    const looks = live.recomputations.find((r) => r.fact === 'FOUR_LOOKS_ARITHMETIC')!;
    expect(looks).toMatchObject({ recorded: '63.50', recomputed: '63.50', withinTolerance: true, weights: { house: '0.3000', grain: '0.3000', labour: '0.2500', student: '0.1500' } });
    const row = await stored();
    expect({ completeness: row.completeness.toFixed(2), missing: row.missingCodes.length, facts: row.discrepantFacts }).toEqual({ completeness: '25.00', missing: 15, facts: [] });
  });

  it('shows each discrepancy with every value and its source once documents and departments disagree', async () => {
    await ingest('ARCHIVE', {
      documents: [
        document('D-E02', 'E02', { ...stating, familySize: 4 }),
        document('D-P02', 'P02', { ...stating, labourCount: 3, perCapitaIncome: '3100.00' }),
        document('D-P03', 'P03', { fourLooksScores: scores, fourLooksTotal: '70.00' }),
        document('D-P04', 'P04', { ...stating, perCapitaIncome: '2900.00', incomeComponents: components }),
        document('D-P01-copy', 'P01', { ...stating, documentDate: '2016-06-01' }),
      ],
    });
    await ingest('CIVIL', { households: [{ sourceRecordId: 'C-1', householdNo: HOUSEHOLD_NO, minimumAllowance: true }] });
    const live = await review();
    expect(live.discrepantFacts).toEqual(['FAMILY_SIZE', 'LABOUR_COUNT', 'PER_CAPITA_INCOME', 'POVERTY_TYPE', 'INCOME_ARITHMETIC', 'FOUR_LOOKS_ARITHMETIC']);
    expect(live.duplicatedCodes).toEqual(['P01']);
    expect(live.items.find((i) => i.typeCode === 'P01')).toMatchObject({ state: 'DUPLICATED', copies: 2 });
    const family = live.discrepancies.find((d) => d.fact === 'FAMILY_SIZE')!;
    expect(family.betweenPaperAndElectronic).toBe(true);
    expect(family.values.map((v) => [v.source, v.value, v.medium, v.document?.type.code ?? v.department?.code ?? null])).toEqual([
      ['DOCUMENT', '3', 'PAPER', 'P01'],
      ['DOCUMENT', '3', 'PAPER', 'P02'],
      ['DOCUMENT', '3', 'PAPER', 'P04'],
      ['DOCUMENT', '4', 'ELECTRONIC', 'E02'],
      ['DOCUMENT', '3', 'PAPER', 'P01'],
      ['MEMBERS', '3', null, null],
      ['DEPARTMENT_REPORT', '3', null, 'POVERTY'],
    ]);
    const labour = live.discrepancies.find((d) => d.fact === 'LABOUR_COUNT')!;
    expect(labour.values.filter((v) => v.source === 'MEMBERS').map((v) => v.value)).toEqual(['2']);
    const type = live.discrepancies.find((d) => d.fact === 'POVERTY_TYPE')!;
    expect(type.values.map((v) => [v.source, v.value, v.department?.code ?? null])).toEqual(
      expect.arrayContaining([['HOUSEHOLD_RECORD', 'GENERAL', 'POVERTY'], ['DEPARTMENT_REPORT', 'MINIMUM_ALLOWANCE', 'CIVIL']]),
    );
    const looks = live.recomputations.find((r) => r.fact === 'FOUR_LOOKS_ARITHMETIC')!;
    expect(looks).toMatchObject({ recorded: '70.00', recomputed: '63.50', difference: '6.50', withinTolerance: false });
    // The delivery re-assessed the household in its own transaction.
    expect((await stored()).discrepantFacts).toEqual(live.discrepantFacts);
    expect((await stored()).duplicatedCodes).toEqual(['P01']);
  });

  it('masks income values for keys without INCOME, showing that the discrepancy exists', async () => {
    const masked = await review(maskedOfficial);
    const income = masked.discrepancies.find((d) => d.fact === 'PER_CAPITA_INCOME')!;
    expect(income.values.map((v) => v.value)).toEqual(income.values.map(() => '***'));
    expect(income.explanation).not.toMatch(/3100|2900|3000/);
    const recomputation = masked.recomputations.find((r) => r.fact === 'INCOME_ARITHMETIC')!;
    expect(recomputation).toMatchObject({ recorded: '***', recomputed: '***', difference: '***', abovePovertyLine: null, withinTolerance: false });
    expect(masked.discrepancies.find((d) => d.fact === 'FAMILY_SIZE')!.values[0].value).toBe('3');
    const before = await db.prisma.auditEntry.count({ where: { action: 'READ_PERSONAL_DATA' } });
    const open = await review(official);
    expect(open.discrepancies.find((d) => d.fact === 'PER_CAPITA_INCOME')!.values.map((v) => v.value)).toContain('3100.00');
    const entries = await db.prisma.auditEntry.findMany({ where: { action: 'READ_PERSONAL_DATA' }, orderBy: { id: 'asc' }, skip: before });
    expect(entries.flatMap((e) => e.fields)).toContain('ArchiveFactValue.value');
  });

  it('counts only the members alive on the date of the latest document stating the fact', async () => {
    await ingest('ARCHIVE', { documents: [document('D-E02', 'E02', stating)] });
    await ingest('POVERTY', { members: [{ sourceRecordId: 'M-2', householdNo: HOUSEHOLD_NO, idNumber: spouse, name: '李秀英', relation: 'SPOUSE', labourAbility: 'SKILLED', deceasedOn: '2016-05-20' }] });
    // The latest document stating family size is the P01 copy of 2016-06-01: the spouse had died by then.
    const family = (await review()).discrepancies.find((d) => d.fact === 'FAMILY_SIZE')!;
    expect(family.values.find((v) => v.source === 'MEMBERS')).toMatchObject({ value: '2', date: '2016-06-01' });
    await ingest('POVERTY', { members: [{ sourceRecordId: 'M-2', householdNo: HOUSEHOLD_NO, idNumber: spouse, name: '李秀英', relation: 'SPOUSE', labourAbility: 'SKILLED', deceasedOn: '2021-05-20' }] });
    expect((await review()).discrepantFacts).not.toContain('FAMILY_SIZE');
  });

  it('lets the status engineer re-assess inside a transaction by household id', async () => {
    const household = await db.prisma.household.findUniqueOrThrow({ where: { householdNo: HOUSEHOLD_NO } });
    await db.prisma.archiveAssessment.delete({ where: { householdId: household.id } });
    await db.prisma.$transaction((tx) => assessArchivesInTransaction(tx, [household.id]));
    expect((await stored()).discrepantFacts).toEqual((await review()).discrepantFacts);
  });
});

describe('the catalogue as data', () => {
  const tomorrow = new Date(Date.now() + 8 * 3_600_000 + 86_400_000).toISOString().slice(0, 10);
  const items: ArchiveCatalogueItemInput[] = [
    { typeCode: 'P01', requiredForStatuses: ['IDENTIFIED', 'ASSISTED', 'EXITED'], maxCopies: 2 },
    { typeCode: 'P02', requiredForStatuses: ['IDENTIFIED', 'ASSISTED', 'EXITED'] },
    { typeCode: 'E02', requiredForStatuses: ['ASSISTED'], requiredForPovertyTypes: ['MINIMUM_ALLOWANCE'] },
  ];

  it('refuses bad input with userErrors naming the field, and writes nothing', async () => {
    const versions = await db.prisma.archiveCatalogueVersion.count();
    const audits = await db.prisma.auditEntry.count();
    const unknown = await admin.execute(CreateArchiveCatalogueVersionDocument, {
      input: { name: '错误目录', effectiveFrom: '2020-01-01', changeNote: 'bad', items: [{ typeCode: 'P99', requiredForStatuses: ['ASSISTED'] }, { typeCode: 'P01', requiredForStatuses: [], maxCopies: 0 }] },
    });
    const payload = unknown.data!.createArchiveCatalogueVersion;
    expect(payload.catalogueVersion).toBeNull();
    expect(payload.userErrors.map((e) => [e.field, e.code])).toEqual([
      [['input', 'items', '0', 'typeCode'], 'UNKNOWN_DOCUMENT_TYPE'],
      [['input', 'items', '1', 'maxCopies'], 'INVALID_VALUE'],
    ]);
    expect(payload.userErrors[0].message).toContain('P01, P02');
    expect(payload.userErrors[0].message).toContain('E09');
    const weights = await admin.execute(CreateArchiveCheckSettingDocument, {
      input: { effectiveFrom: '2021-01-01', weights: { house: '0.3', grain: '0.3', labour: '0.3', student: '0.3' }, changeNote: 'bad' },
    });
    expect(weights.data!.createArchiveCheckSetting.userErrors.map((e) => [e.field, e.code])).toEqual([[['input', 'weights'], 'WEIGHTS_DO_NOT_SUM_TO_ONE']]);
    const line = await admin.execute(SetPovertyLineDocument, { input: { year: 1990, amount: '0', source: '' } });
    expect(line.data!.setPovertyLine.userErrors.map((e) => e.field.join('.')).sort()).toEqual(['input.amount', 'input.source', 'input.year']);
    expect(await db.prisma.archiveCatalogueVersion.count()).toBe(versions);
    expect(await db.prisma.archiveCheckSetting.count()).toBe(1);
    expect(await db.prisma.povertyLine.findUnique({ where: { year: 1990 } })).toBeNull();
    expect(await db.prisma.auditEntry.count()).toBe(audits);
  });

  it('sets poverty lines and settings, audited', async () => {
    const line = await admin.execute(SetPovertyLineDocument, { input: { year: 2021, amount: '4100.00', source: '县定标准' } });
    expect(line.data!.setPovertyLine).toEqual({ povertyLine: { year: 2021, amount: '4100.00', source: '县定标准' }, userErrors: [] });
    const setting = await admin.execute(CreateArchiveCheckSettingDocument, {
      input: { effectiveFrom: '2030-01-01', weights: { house: '0.25', grain: '0.25', labour: '0.25', student: '0.25' }, changeNote: '等权重' },
    });
    expect(setting.data!.createArchiveCheckSetting.archiveCheckSetting).toEqual({
      effectiveFrom: '2030-01-01',
      weights: { house: '0.2500', grain: '0.2500', labour: '0.2500', student: '0.2500' },
      incomeTolerance: '1.00',
      scoreTolerance: '0.50',
    });
    const actions = (await db.prisma.auditEntry.findMany({ where: { action: { in: ['EDIT_ARCHIVE_SETTING', 'EDIT_ARCHIVE_CATALOGUE'] } } })).map((e) => e.action);
    expect(actions).toEqual(['EDIT_ARCHIVE_SETTING', 'EDIT_ARCHIVE_SETTING']);
    const read = await hub.execute(ArchiveCatalogueDocument, {});
    expect(read.data!.povertyLines.map((l) => l.year)).toContain(2021);
    expect(read.data!.archiveCheckSettings.map((s) => s.effectiveFrom)).toEqual(['2014-01-01', '2030-01-01']);
  });

  it('a new version takes effect from its date, for the live review and the stored assessment', async () => {
    const future = await admin.execute(CreateArchiveCatalogueVersionDocument, { input: { name: '明日目录', effectiveFrom: tomorrow, changeNote: '下一版', items } });
    expect(future.data!.createArchiveCatalogueVersion).toMatchObject({ catalogueVersion: { version: 2, effectiveFrom: tomorrow }, userErrors: [] });
    expect((await hub.execute(ArchiveCatalogueDocument, { activeOn: tomorrow })).data!.archiveCatalogue!.version).toBe(2);
    expect((await hub.execute(ArchiveCatalogueDocument, {})).data!.archiveCatalogue!.version).toBe(1);
    expect((await review()).catalogueVersion.version).toBe(1);

    const current = await admin.execute(CreateArchiveCatalogueVersionDocument, { input: { name: '2020 目录', effectiveFrom: '2020-01-01', changeNote: '精简', items } });
    expect(current.data!.createArchiveCatalogueVersion.catalogueVersion!.version).toBe(3);
    expect((await hub.execute(ArchiveCatalogueDocument, { activeOn: '2019-12-31' })).data!.archiveCatalogue!.version).toBe(1);
    const live = await review();
    expect(live.catalogueVersion.version).toBe(3);
    // P01 twice is allowed now; E02 is required only of 低保 households.
    expect({ required: live.requiredCount, present: live.presentCount, completeness: live.completeness, duplicated: live.duplicatedCodes }).toEqual({ required: 2, present: 2, completeness: '100.00', duplicated: [] });
    expect(live.items.find((i) => i.typeCode === 'E02')).toMatchObject({ required: false, state: 'PRESENT' });

    const before = await stored();
    expect(before.catalogueVersionId).not.toBe(live.catalogueVersion.version);
    const outside = await official.execute(AssessArchivesDocument, { input: { regionCode: '520524200000' } });
    expect(outside.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    const run = await official.execute(AssessArchivesDocument, { input: { regionCode: VILLAGE } });
    expect(run.data!.assessArchives).toMatchObject({ regionCode: VILLAGE, householdsAssessed: 1, incomplete: 0, duplicated: 0, userErrors: [] });
    const after = await stored();
    expect(after.completeness.toFixed(2)).toBe('100.00');
    expect((await db.prisma.archiveCatalogueVersion.findUniqueOrThrow({ where: { id: after.catalogueVersionId } })).version).toBe(3);
    expect(await db.prisma.auditEntry.count({ where: { action: 'ASSESS_ARCHIVES' } })).toBe(1);
    expect(await db.prisma.auditEntry.count({ where: { action: 'EDIT_ARCHIVE_CATALOGUE' } })).toBe(2);
    // Version 1 is as it was.
    expect((await hub.execute(ArchiveCatalogueDocument, { activeOn: '2016-01-01' })).data!.archiveCatalogue!.items).toHaveLength(23);
    const unknownRegion = await official.execute(AssessArchivesDocument, { input: { regionCode: OTHER_VILLAGE.replace(/2$/, '9') } });
    expect(unknownRegion.data!.assessArchives.userErrors.map((e) => e.code)).toEqual(['UNKNOWN_REGION']);
  });
});
