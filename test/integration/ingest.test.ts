import { composeIdNumber } from '../../src/domain/id-number';
import type { HubDatabase } from '../../src/db/database';
import type { IngestRecords } from '../../src/modules/ingest/ingest-records';
import { DeliveryRefused, IngestService } from '../../src/modules/ingest/ingest.service';
import { startTestHub, type TestHub } from '../support/hub-client';
import { createTownship } from '../support/regions';
import { createTestDatabase } from '../support/test-database';
import { ingestAs } from '../support/ingest-client';

let db: HubDatabase;
let hub: TestHub;
let service: IngestService;

const VILLAGE = '520524100201';
const OTHER_VILLAGE = '520524100202';
const head = composeIdNumber('520524', '1962-03-04', 123);
const spouse = composeIdNumber('520524', '1965-07-08', 224);
const child = composeIdNumber('520524', '1990-11-12', 315);

beforeAll(async () => {
  db = await createTestDatabase();
  await createTownship(db.prisma, { [VILLAGE]: '五星村', [OTHER_VILLAGE]: '新华村' });
  service = new IngestService(db.prisma, 50);
  hub = await startTestHub(db);
});

afterAll(async () => {
  await hub?.stop();
  await db?.close();
});

const ingest = (department: string, records: IngestRecords, sourceSystem?: string) => ingestAs(hub, department, records, sourceSystem);

const household = (no: string, extra: Record<string, unknown> = {}) => ({
  sourceRecordId: `H-${no}`,
  householdNo: no,
  regionCode: VILLAGE,
  povertyType: '一般贫困户',
  status: 'ASSISTED',
  identifiedOn: '2016-05-01',
  headName: '王德富',
  headIdNumber: head,
  familySize: 3,
  ...extra,
});

const dibao = (id: string, month: string, amount: string, extra: Record<string, unknown> = {}) => ({
  sourceRecordId: `DIBAO-${id}-${month}`,
  beneficiaryIdNumber: id,
  programCode: 'CIV_DIBAO',
  amount,
  startDate: `${month}-01`,
  endDate: `${month}-28`,
  state: 'PAID',
  ...extra,
});

/** Everything the records of a delivery can write, for before/after comparisons. */
async function snapshot(): Promise<string> {
  const tables = ['household', 'member', 'subsidy', 'archive_document', 'department_report', 'record_revision', 'identity_review', 'household_status_change'];
  const parts: unknown[] = [];
  for (const table of tables) parts.push(await db.prisma.$queryRawUnsafe(`SELECT * FROM ${table} ORDER BY id`));
  return JSON.stringify(parts, (_key, value) => (typeof value === 'bigint' ? String(value) : value));
}

describe('a department delivers a batch', () => {
  const batch: IngestRecords = {
    households: [household('520524200001')],
    members: [
      { sourceRecordId: 'M-2', householdNo: '520524200001', idNumber: spouse, name: '李秀英', relation: '配偶', health: '长期慢性病' },
      // An old 15-digit number: converted, never stored as given.
      { sourceRecordId: 'M-3', householdMemberIdNumber: head, idNumber: `${child.slice(0, 6)}${child.slice(8, 17)}`, name: '王小明', relation: '子女', student: true },
    ],
    documents: [{ sourceRecordId: 'FP-01', householdNo: '520524200001', typeCode: 'P02', documentDate: '2016-05-20', familySize: 3, perCapitaIncome: '2450.5' }],
    subsidies: [
      { sourceRecordId: 'GOAT-1', householdNo: '520524200001', programCode: 'POV_INDUSTRY_GOAT', amount: '6000', startDate: '2024-03-15', endDate: '2024-03-15', state: 'PAID', paidOn: '2024-03-15' },
    ],
  };

  it('creates the household, its head, members, document and subsidy in one delivery', async () => {
    const payload = await ingest('POVERTY', batch);
    expect(payload.rejected).toEqual([]);
    expect(payload).toMatchObject({ accepted: 5, created: 5, updated: 0, unchanged: 0, delivery: { status: 'COMPLETED', received: 5 } });

    const profile = await hub.send(`{ household(householdNo: "520524200001") {
      povertyType status members { idNumber name relation source { sourceRecordId } }
      documents { type { code } perCapitaIncome } subsidies { amount program { code } } } }`);
    expect(profile.errors).toBeUndefined();
    const found = (profile.data as { household: { povertyType: string; members: Array<{ idNumber: string; relation: string }>; documents: unknown[]; subsidies: unknown[] } }).household;
    expect(found.povertyType).toBe('GENERAL');
    expect(found.members.map((m) => [m.idNumber, m.relation]).sort()).toEqual([[head, 'HEAD'], [spouse, 'SPOUSE'], [child, 'CHILD']].sort());
    expect(found.documents).toEqual([{ type: { code: "P02" }, perCapitaIncome: "2450.50" }]);
    expect(found.subsidies).toEqual([{ amount: '6000.00', program: { code: 'POV_INDUSTRY_GOAT' } }]);
  });

  it('changes nothing when the same batch is delivered again, three times over', async () => {
    const before = await snapshot();
    for (let round = 0; round < 3; round++) {
      const payload = await ingest('POVERTY', batch);
      expect(payload).toMatchObject({ accepted: 5, created: 0, updated: 0, unchanged: 5, rejected: [] });
    }
    expect(await snapshot()).toBe(before);
  });

  it('updates a changed record and keeps the previous version with the delivery that changed it', async () => {
    const changed = { ...batch.subsidies![0], amount: '6500.00' };
    const payload = await ingest('POVERTY', { subsidies: [changed] });
    expect(payload).toMatchObject({ created: 0, updated: 1, unchanged: 0 });
    const response = await hub.send(`{ household(householdNo: "520524200001") { subsidies { amount revisions { version changes { field from to } delivery { id } } } } }`);
    const subsidy = (response.data as { household: { subsidies: Array<{ amount: string; revisions: Array<{ version: number; changes: unknown; delivery: { id: string } }> }> } }).household.subsidies[0];
    expect(subsidy.amount).toBe('6500.00');
    expect(subsidy.revisions).toEqual([{ version: 2, changes: [{ field: 'amount', from: '6000.00', to: '6500.00' }], delivery: { id: payload.delivery!.id } }]);
  });

  it('records a changed household fact as a new version of the department report', async () => {
    const payload = await ingest('POVERTY', { households: [household('520524200001', { familySize: 4 })] });
    expect(payload).toMatchObject({ updated: 1 });
    const revisions = await db.prisma.recordRevision.findMany({ where: { recordType: 'HOUSEHOLD', sourceRecordId: 'H-520524200001' } });
    expect(revisions.map((r) => r.changes)).toEqual([[{ field: 'familySize', from: 3, to: 4 }]]);
  });
});

describe('archive facts: income components, four-looks scores, exit deadlines', () => {
  const components = { wage: '3600', operating: '2400.5', property: '0', transfer: '1860.00', productionCosts: '1200.00' };
  const sheets = [
    { sourceRecordId: 'FP-04', householdNo: '520524200001', typeCode: 'P04', familySize: 3, perCapitaIncome: '2220.17', incomeComponents: components },
    { sourceRecordId: 'FP-03', householdNo: '520524200001', typeCode: 'P03', fourLooksScores: { house: '60', grain: '72.5', labour: '55.25', student: '100' }, fourLooksTotal: '68.06' },
  ];
  const FACTS = `{ household(householdNo: "520524200001") { documents { type { code } incomeComponents { wage operating property transfer productionCosts }
    fourLooksScores { house grain labour student } fourLooksTotal revisions { version changes { field from to } } } } }`;
  type Facts = { household: { documents: Array<{ type: { code: string }; incomeComponents: unknown; fourLooksScores: unknown; fourLooksTotal: string | null; revisions: unknown[] }> } };
  const factsOf = async (code: string) => ((await hub.send(FACTS)).data as Facts).household.documents.find((d) => d.type.code === code)!;

  it('stores the P04 components and the P03 scores and total exactly, and returns them', async () => {
    const payload = await ingest('ARCHIVE', { documents: sheets });
    expect(payload).toMatchObject({ created: 2, rejected: [] });
    expect(await factsOf('P04')).toMatchObject({
      incomeComponents: { wage: '3600.00', operating: '2400.50', property: '0.00', transfer: '1860.00', productionCosts: '1200.00' },
      fourLooksScores: null,
      fourLooksTotal: null,
    });
    expect(await factsOf('P03')).toMatchObject({ incomeComponents: null, fourLooksScores: { house: '60.00', grain: '72.50', labour: '55.25', student: '100.00' }, fourLooksTotal: '68.06' });
  });

  it('finds a re-delivery unchanged and keeps the previous components as a revision when one changes', async () => {
    expect(await ingest('ARCHIVE', { documents: sheets })).toMatchObject({ created: 0, updated: 0, unchanged: 2 });
    const payload = await ingest('ARCHIVE', { documents: [{ ...sheets[0], incomeComponents: { ...components, transfer: '1900.00' } }, { ...sheets[1], fourLooksTotal: '70' }] });
    expect(payload).toMatchObject({ updated: 2, unchanged: 0, rejected: [] });
    const before = '{"wage":"3600.00","operating":"2400.50","property":"0.00","transfer":"1860.00","productionCosts":"1200.00"}';
    expect((await factsOf('P04')).revisions).toEqual([{ version: 2, changes: [{ field: 'incomeComponents', from: before, to: before.replace('1860.00', '1900.00') }] }]);
    expect((await factsOf('P03')).revisions).toEqual([{ version: 2, changes: [{ field: 'fourLooksTotal', from: '68.06', to: '70.00' }] }]);
  });

  it('hides income components from a key without the INCOME scope, like the per-capita income', async () => {
    const secret = await hub.createKey({ name: 'no income', role: 'AUDITOR', personalData: ['ID_NUMBER'] });
    const response = await hub.as(secret).send(`{ household(householdNo: "520524200001") { documents { type { code } perCapitaIncome incomeComponents { wage } fourLooksTotal } } }`);
    expect(response.errors).toBeUndefined();
    const documents = (response.data as { household: { documents: Array<{ type: { code: string }; perCapitaIncome: string | null; incomeComponents: unknown; fourLooksTotal: string | null }> } }).household.documents;
    expect(documents.find((d) => d.type.code === 'P04')).toMatchObject({ perCapitaIncome: null, incomeComponents: null });
    expect(documents.find((d) => d.type.code === 'P03')).toMatchObject({ fourLooksTotal: '70.00' });
  });

  it('stores the exit deadline, the poverty office’s word against another department’s', async () => {
    const created = await ingest('CIVIL', {
      households: [{ sourceRecordId: 'CIV-H-5', householdNo: '520524200005', regionCode: VILLAGE, povertyType: 'MINIMUM_ALLOWANCE', exitDeadline: '2019-12-31' }],
    });
    expect(created).toMatchObject({ created: 1, rejected: [] });
    const deadline = async () => ((await hub.send(`{ household(householdNo: "520524200005") { exitDeadline } }`)).data as { household: { exitDeadline: string | null } }).household.exitDeadline;
    expect(await deadline()).toBe('2019-12-31');
    expect(await ingest('POVERTY', { households: [household('520524200005', { headIdNumber: null, headName: null, exitDeadline: '2020-12-31' })] })).toMatchObject({ rejected: [] });
    expect(await deadline()).toBe('2020-12-31');
    // The creator (CIVIL) reporting again, later, does not displace the authority.
    await ingest('CIVIL', { households: [{ sourceRecordId: 'CIV-H-5', householdNo: '520524200005', exitDeadline: '2018-12-31' }] });
    expect(await deadline()).toBe('2020-12-31');
  });
});

describe('departments disagree', () => {
  it('shows every department’s value and takes each fact from its authority', async () => {
    await ingest('POVERTY', { households: [household('520524200002', { headIdNumber: composeIdNumber('520524', '1950-01-01', 11), headName: '张三' })] });
    const civil = await ingest('CIVIL', {
      households: [{ sourceRecordId: 'CIV-H-2', householdNo: '520524200002', povertyType: 'MINIMUM_ALLOWANCE', minimumAllowance: true }],
    });
    expect(civil).toMatchObject({ created: 1, rejected: [] });
    const response = await hub.send(`{ household(householdNo: "520524200002") {
      povertyType minimumAllowance
      departmentFacts { fact value agrees authoritativeDepartment { code } reports { value authoritative department { code } sourceRecordId } } } }`);
    const found = (response.data as { household: { povertyType: string; minimumAllowance: boolean; departmentFacts: Array<{ fact: string; value: string; agrees: boolean; authoritativeDepartment: { code: string }; reports: Array<{ value: string; department: { code: string } }> }> } }).household;
    expect(found.povertyType).toBe('GENERAL');
    expect(found.minimumAllowance).toBe(true);
    const povertyType = found.departmentFacts.find((fact) => fact.fact === 'povertyType')!;
    expect(povertyType).toMatchObject({ value: 'GENERAL', agrees: false, authoritativeDepartment: { code: 'POVERTY' } });
    expect(povertyType.reports.map((r) => [r.department.code, r.value]).sort()).toEqual([['CIVIL', 'MINIMUM_ALLOWANCE'], ['POVERTY', 'GENERAL']]);
    expect(found.departmentFacts.find((fact) => fact.fact === 'status')).toMatchObject({ agrees: true });
  });
});

describe('identity resolution', () => {
  it('raises a review when one ID number appears in two households, and refuses to guess the beneficiary', async () => {
    const shared = composeIdNumber('520524', '1980-02-02', 441);
    await ingest('POVERTY', { households: [household('520524200003', { headIdNumber: composeIdNumber('520524', '1951-01-01', 13), headName: '赵一' })] });
    await ingest('POVERTY', { households: [household('520524200004', { regionCode: OTHER_VILLAGE, headIdNumber: composeIdNumber('520524', '1952-01-01', 15), headName: '钱二' })] });
    const payload = await ingest('POVERTY', {
      members: [
        { sourceRecordId: 'DUP-A', householdNo: '520524200003', idNumber: shared, name: '孙三', relation: 'CHILD' },
        { sourceRecordId: 'DUP-B', householdNo: '520524200004', idNumber: shared, name: '孙三', relation: 'CHILD' },
      ],
    });
    expect(payload).toMatchObject({ created: 2, rejected: [] });
    const reviews = await db.prisma.identityReview.findMany({ where: { kind: 'SAME_ID_NUMBER_IN_TWO_HOUSEHOLDS' } });
    expect(reviews).toHaveLength(1);
    expect(reviews[0].status).toBe('OPEN');

    const subsidy = await ingest('CIVIL', { subsidies: [dibao(shared, '2024-06', '300.00')] });
    expect(subsidy.rejected).toMatchObject([{ field: 'beneficiaryIdNumber', code: 'AMBIGUOUS_IDENTITY' }]);
    const withHousehold = await ingest('CIVIL', { subsidies: [dibao(shared, '2024-06', '300.00', { householdNo: '520524200003' })] });
    expect(withHousehold).toMatchObject({ created: 1, rejected: [] });
  });

  it('finds the household by a member’s ID number', async () => {
    const payload = await ingest('CIVIL', { subsidies: [dibao(spouse, '2024-06', '1860.00')] });
    expect(payload).toMatchObject({ created: 1, rejected: [] });
    const row = await db.prisma.subsidy.findFirstOrThrow({ where: { sourceRecordId: `DIBAO-${spouse}-2024-06` }, include: { household: true, member: true } });
    expect([row.household.householdNo, row.member?.idNumber]).toEqual(['520524200001', spouse]);
  });
});

describe('bad input', () => {
  const cases: Array<[string, IngestRecords, string, string]> = [
    ['a malformed ID number', { subsidies: [dibao('52052419620304', '2024-01', '1.00')] }, 'beneficiaryIdNumber', 'INVALID_ID_NUMBER'],
    ['a wrong check character', { subsidies: [dibao(`${spouse.slice(0, 17)}${spouse[17] === '0' ? '1' : '0'}`, '2024-01', '1.00')] }, 'beneficiaryIdNumber', 'INVALID_ID_NUMBER'],
    ['an unknown program', { subsidies: [dibao(spouse, '2024-01', '1.00', { programCode: 'CIV_NOPE' })] }, 'programCode', 'UNKNOWN_PROGRAM'],
    ['another department’s program', { subsidies: [dibao(spouse, '2024-01', '1.00', { programCode: 'AGR_GOAT' })] }, 'programCode', 'PROGRAM_OF_ANOTHER_DEPARTMENT'],
    ['an unknown household', { subsidies: [dibao(spouse, '2024-01', '1.00', { householdNo: '520524999999', beneficiaryIdNumber: null })] }, 'householdNo', 'UNKNOWN_HOUSEHOLD'],
    ['a person nobody registered', { subsidies: [dibao(composeIdNumber('520524', '1999-09-09', 99), '2024-01', '1.00')] }, 'beneficiaryIdNumber', 'UNKNOWN_BENEFICIARY'],
    ['a negative amount', { subsidies: [dibao(spouse, '2024-01', '-5.00')] }, 'amount', 'INVALID_AMOUNT'],
    ['an amount with three decimals', { subsidies: [dibao(spouse, '2024-01', '10.005')] }, 'amount', 'INVALID_AMOUNT'],
    ['an amount that is not a number', { subsidies: [dibao(spouse, '2024-01', '1e5')] }, 'amount', 'INVALID_AMOUNT'],
    ['an end before the start', { subsidies: [dibao(spouse, '2024-01', '1.00', { startDate: '2024-02-01', endDate: '2024-01-31' })] }, 'endDate', 'END_BEFORE_START'],
    ['an impossible date', { subsidies: [dibao(spouse, '2024-02', '1.00', { endDate: '2024-02-30' })] }, 'endDate', 'INVALID_DATE'],
    ['a control character', { members: [{ sourceRecordId: 'CTRL', householdNo: '520524200001', idNumber: spouse, name: '李\u0007秀英', relation: 'SPOUSE' }] }, 'name', 'CONTROL_CHARACTER'],
    ['an unknown relation', { members: [{ sourceRecordId: 'REL', householdNo: '520524200001', idNumber: spouse, name: '李秀英', relation: '邻居' }] }, 'relation', 'INVALID_VALUE'],
    ['a document type outside the catalogue', { documents: [{ sourceRecordId: 'DOC-X', householdNo: '520524200001', typeCode: 'P99' }] }, 'typeCode', 'UNKNOWN_DOCUMENT_TYPE'],
    ['a new household in an unknown village', { households: [household('520524200099', { regionCode: '520524999999' })] }, 'regionCode', 'UNKNOWN_REGION'],
    [
      'a negative income component',
      { documents: [{ sourceRecordId: 'DOC-I', householdNo: '520524200001', typeCode: 'P04', incomeComponents: { wage: '-5.00', operating: '0', property: '0', transfer: '0', productionCosts: '0' } }] },
      'incomeComponents.wage',
      'INVALID_AMOUNT',
    ],
    [
      'an income component with three decimals',
      { documents: [{ sourceRecordId: 'DOC-I', householdNo: '520524200001', typeCode: 'P04', incomeComponents: { wage: '1', operating: '0', property: '0', transfer: '0', productionCosts: '10.005' } }] },
      'incomeComponents.productionCosts',
      'INVALID_AMOUNT',
    ],
    [
      'a four-looks score above 100',
      { documents: [{ sourceRecordId: 'DOC-S', householdNo: '520524200001', typeCode: 'P03', fourLooksScores: { house: '100.5', grain: '1', labour: '1', student: '1' } }] },
      'fourLooksScores.house',
      'INVALID_VALUE',
    ],
    ['a four-looks total that is not a score', { documents: [{ sourceRecordId: 'DOC-S', householdNo: '520524200001', typeCode: 'P03', fourLooksTotal: '七十' }] }, 'fourLooksTotal', 'INVALID_VALUE'],
    ['an impossible exit deadline', { households: [household('520524200001', { exitDeadline: '2020-02-30' })] }, 'exitDeadline', 'INVALID_DATE'],
  ];

  it.each(cases)('refuses %s, naming the field, and writes nothing', async (_name, records, field, code) => {
    const before = await snapshot();
    const payload = await ingest('CIVIL', records);
    expect(payload.rejected).toEqual([expect.objectContaining({ index: 0, field, code })]);
    expect(payload.rejected[0].message).toContain(field);
    expect(payload.rejected[0].messageZh).toMatch(/[\u4e00-\u9fff]/);
    expect(payload.accepted).toBe(0);
    expect(await snapshot()).toBe(before);
  });

  it('lists the valid catalogue codes when a document type is unknown', async () => {
    const payload = await ingest('ARCHIVE', { documents: [{ sourceRecordId: 'DOC-Y', householdNo: '520524200001', typeCode: 'Q01' }] });
    expect(payload.rejected[0].message).toContain('P01');
    expect(payload.rejected[0].message).toContain('E09');
  });

  it('refuses a later record repeating a sourceRecordId of the batch and applies the first', async () => {
    const payload = await ingest('CIVIL', { subsidies: [dibao(spouse, '2024-03', '100.00'), dibao(spouse, '2024-03', '200.00')] });
    expect(payload).toMatchObject({ created: 1, rejected: [{ index: 1, field: 'sourceRecordId', code: 'DUPLICATE_IN_BATCH' }] });
    const row = await db.prisma.subsidy.findFirstOrThrow({ where: { sourceRecordId: `DIBAO-${spouse}-2024-03` } });
    expect(row.amount.toFixed(2)).toBe('100.00');
  });

  it('refuses a string of megabytes as too long, over HTTP, without writing it', async () => {
    const payload = await ingest('CIVIL', { subsidies: [dibao(spouse, '2024-04', '1.00', { bankCardNo: '6'.repeat(2_000_000) })] });
    expect(payload.rejected).toEqual([expect.objectContaining({ field: 'bankCardNo', code: 'TOO_LONG' })]);
  });

  it('applies the good records of a batch and rejects the bad ones', async () => {
    const payload = await ingest('CIVIL', {
      subsidies: [dibao(spouse, '2024-05', '100.00'), dibao(spouse, '2024-05', '-1', { sourceRecordId: 'BAD-1' }), dibao(spouse, '2024-07', '100.00')],
    });
    expect(payload).toMatchObject({ accepted: 2, created: 2, rejected: [{ index: 1, sourceRecordId: 'BAD-1', code: 'INVALID_AMOUNT' }] });
  });

  it('refuses an unknown department and an oversized batch as a whole', async () => {
    await expect(service.ingest('HOUSING', null, { subsidies: [dibao(spouse, '2024-01', '1.00')] })).rejects.toMatchObject({ problem: { field: ['input', 'department'], code: 'UNKNOWN_DEPARTMENT' } });
    await expect(service.ingest('CIVIL', null, { subsidies: Array.from({ length: 51 }, (_, k) => dibao(spouse, `2030-${k}`, '1.00')) })).rejects.toThrow(DeliveryRefused);
  });

  it('keeps the good records of a batch when the database refuses one of them', async () => {
    // A trigger stands in for a failure no check foresaw (a constraint added by a DBA, a full disk).
    await db.prisma.$executeRawUnsafe(`CREATE FUNCTION refuse_poison() RETURNS trigger AS $$
      BEGIN IF NEW.source_record_id = 'POISON' THEN RAISE EXCEPTION 'poisoned row'; END IF; RETURN NEW; END $$ LANGUAGE plpgsql`);
    await db.prisma.$executeRawUnsafe('CREATE TRIGGER refuse_poison BEFORE INSERT ON subsidy FOR EACH ROW EXECUTE FUNCTION refuse_poison()');
    try {
      const outcome = await service.ingest('CIVIL', null, { subsidies: [dibao(spouse, '2024-08', '10.00'), dibao(spouse, '2024-09', '10.00', { sourceRecordId: 'POISON' }), dibao(spouse, '2024-10', '10.00')] });
      expect(outcome).toMatchObject({ created: 2, rejected: [{ index: 1, code: 'WRITE_FAILED', sourceRecordId: 'POISON' }] });
      expect(await db.prisma.subsidy.count({ where: { sourceRecordId: 'POISON' } })).toBe(0);
      const delivery = await db.prisma.delivery.findUniqueOrThrow({ where: { id: outcome.deliveryId } });
      expect(delivery).toMatchObject({ received: 3, created: 2, rejected: 1, status: 'COMPLETED' });
    } finally {
      await db.prisma.$executeRawUnsafe('DROP TRIGGER refuse_poison ON subsidy');
      await db.prisma.$executeRawUnsafe('DROP FUNCTION refuse_poison');
    }
  });
});
