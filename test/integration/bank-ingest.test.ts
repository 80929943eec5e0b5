import { composeIdNumber, chinaToday } from '../../src/domain/id-number';
import type { HubDatabase } from '../../src/db/database';
import { rowKeyOf } from '../../src/graphql/relay/global-id';
import type { BankCardRecord, BankPaymentRecord, IngestRecords } from '../../src/modules/ingest/ingest-records';
import { startTestHub, type TestHub } from '../support/hub-client';
import { createTownship } from '../support/regions';
import { createTestDatabase } from '../support/test-database';
import { ingestAs, INGEST, type IngestPayload } from '../support/ingest-client';

// 一户一卡: the bank's cards and payments go through `ingest` like every other record. Findings
// are reconciliation's business and are not asserted here; only what ingest writes is.

let db: HubDatabase;
let hub: TestHub;

const VILLAGE = '520524100201';
const head1 = composeIdNumber('520524', '1961-02-03', 131);
const spouse1 = composeIdNumber('520524', '1964-05-06', 142);
const head2 = composeIdNumber('520524', '1958-07-08', 153);
const head3 = composeIdNumber('520524', '1970-09-10', 164);
const head4 = composeIdNumber('520524', '1972-01-12', 175);
const outsider = composeIdNumber('520524', '1988-08-08', 186);

const CARD_1 = '6217 0033 6072 4349 703';
const CARD_2 = '6217-0033-1692-3954-589';
const CARD_4 = '6228480012345678';

beforeAll(async () => {
  db = await createTestDatabase();
  await createTownship(db.prisma, { [VILLAGE]: '五星村' });
  hub = await startTestHub(db);
  const household = (no: string, headIdNumber: string, headName: string) => ({
    sourceRecordId: `H-${no}`, householdNo: no, regionCode: VILLAGE, povertyType: 'GENERAL', status: 'ASSISTED', headName, headIdNumber,
  });
  const setup = await ingest('POVERTY', {
    households: [household('520524300001', head1, '王一'), household('520524300002', head2, '李二'), household('520524300003', head3, '张三'), household('520524300004', head4, '赵四')],
    members: [{ sourceRecordId: 'M-S1', householdNo: '520524300001', idNumber: spouse1, name: '刘一', relation: 'SPOUSE' }],
  });
  expect(setup.rejected).toEqual([]);
  const subsidy = await ingest('CIVIL', {
    subsidies: [{ sourceRecordId: 'DIBAO-3-2024-06', beneficiaryIdNumber: head3, programCode: 'CIV_DIBAO', amount: '1420.00', startDate: '2024-06-01', endDate: '2024-06-30', state: 'APPROVED', approvedOn: '2024-05-20', paymentReference: 'ZF-2024-06-0003' }],
  });
  expect(subsidy).toMatchObject({ created: 1, rejected: [] });
});

afterAll(async () => {
  await hub?.stop();
  await db?.close();
});

const ingest = (department: string, records: IngestRecords, sourceSystem?: string) => ingestAs(hub, department, records, sourceSystem);

const householdId = async (no: string) => (await db.prisma.household.findUniqueOrThrow({ where: { householdNo: no } })).id;
const paymentHousehold = async (sourceRecordId: string) => (await db.prisma.bankPayment.findFirstOrThrow({ where: { sourceRecordId } })).householdId;

/** The delivery's row id, from its global id. */
const deliveryNo = (payload: IngestPayload) => rowKeyOf(payload.delivery!.id, 'Delivery')!;

/** The households a delivery reported as written: the ones detection (and reconciliation) ran for. */
async function touched(payload: IngestPayload): Promise<number[]> {
  const rows = await db.prisma.$queryRawUnsafe<Array<{ household_id: number }>>(
    `SELECT DISTINCT household_id FROM audit_entry WHERE detail->>'deliveryId' = $1 AND household_id IS NOT NULL ORDER BY household_id`,
    String(deliveryNo(payload)),
  );
  return rows.map((row) => Number(row.household_id));
}

/** Everything bank records can write, for before/after comparisons. */
async function snapshot(): Promise<string> {
  const parts: unknown[] = [];
  for (const table of ['bank_card', 'bank_payment', 'subsidy', 'record_revision']) {
    parts.push(await db.prisma.$queryRawUnsafe(`SELECT * FROM ${table} ORDER BY id`));
  }
  parts.push(await db.prisma.$queryRawUnsafe('SELECT * FROM bank_coverage_month ORDER BY month'));
  return JSON.stringify(parts, (_key, value) => (typeof value === 'bigint' ? String(value) : value));
}

const card = (sourceRecordId: string, extra: Partial<BankCardRecord> & Pick<BankCardRecord, 'cardNo' | 'holderIdNumber'>): BankCardRecord => ({
  sourceRecordId, bankName: '织金农商银行城关支行', openedOn: '2019-03-01', ...extra,
});
const payment = (sourceRecordId: string, extra: Partial<BankPaymentRecord> & Pick<BankPaymentRecord, 'cardNo'>): BankPaymentRecord => ({
  sourceRecordId, holderName: '王一', amount: '1420.00', paidOn: '2024-06-10', memo: '低保金 2024年6月', ...extra,
});

describe('bank cards (一户一卡)', () => {
  const cards = [
    card('CARD-1', { householdNo: '520524300001', holderIdNumber: spouse1, cardNo: CARD_1 }),
    // The household by its head's ID number, like other records without a household number.
    card('CARD-2', { householdMemberIdNumber: head2, holderIdNumber: head2, cardNo: CARD_2 }),
  ];

  it('registers cards with the holder a member of the household and the number as digits', async () => {
    const payload = await ingest('BANK', { bankCards: cards });
    expect(payload).toMatchObject({ accepted: 2, created: 2, rejected: [], delivery: { status: 'COMPLETED', received: 2 } });
    const stored = await db.prisma.bankCard.findMany({ orderBy: { sourceRecordId: 'asc' }, include: { household: true, holder: true, department: true } });
    expect(stored.map((c) => [c.sourceRecordId, c.household.householdNo, c.holder.idNumber, c.cardNo, c.department.code, c.version])).toEqual([
      ['CARD-1', '520524300001', spouse1, CARD_1.replace(/ /g, ''), 'BANK', 1],
      ['CARD-2', '520524300002', head2, CARD_2.replace(/-/g, ''), 'BANK', 1],
    ]);
    expect(await touched(payload)).toEqual([await householdId('520524300001'), await householdId('520524300002')].sort((a, b) => a - b));
  });

  it('changes nothing when the same cards are delivered again', async () => {
    const before = await snapshot();
    for (let round = 0; round < 2; round++) expect(await ingest('BANK', { bankCards: cards })).toMatchObject({ accepted: 2, created: 0, updated: 0, unchanged: 2, rejected: [] });
    expect(await snapshot()).toBe(before);
  });

  it('keeps the previous version when a card is re-delivered changed (closed)', async () => {
    const payload = await ingest('BANK', { bankCards: [{ ...cards[1], closedOn: '2030-12-31' }] });
    expect(payload).toMatchObject({ created: 0, updated: 1, unchanged: 0, rejected: [] });
    const stored = await db.prisma.bankCard.findFirstOrThrow({ where: { sourceRecordId: 'CARD-2' } });
    expect([stored.version, stored.closedOn?.toISOString().slice(0, 10), stored.deliveryId]).toEqual([2, '2030-12-31', deliveryNo(payload)]);
    const revisions = await db.prisma.recordRevision.findMany({ where: { recordType: 'BANK_CARD', sourceRecordId: 'CARD-2' } });
    expect(revisions.map((r) => [r.version, r.changes, r.deliveryId])).toEqual([[2, [{ field: 'closedOn', from: null, to: '2030-12-31' }], deliveryNo(payload)]]);
  });
});

describe('bank payments (代发明细)', () => {
  it('stores payments and finds each household: by card, by holder ID number, or none', async () => {
    const payload = await ingest('BANK', {
      bankPayments: [
        // On card 1, valid on the day: its household, although the account holder's ID is head 2's.
        payment('BK-1', { cardNo: CARD_1, holderIdNumber: head2 }),
        // An unregistered card: the holder's household.
        payment('BK-2', { cardNo: '6217003300000000002', holderIdNumber: head2, holderName: '李二', paidOn: '2024-05-10' }),
        // Nobody the hub knows: stored, unidentified.
        payment('BK-3', { cardNo: '6217003300000000003', holderIdNumber: outsider, holderName: '外人' }),
        payment('BK-4', { cardNo: '6217003300000000004', holderName: '无证件' }),
        // Quotes the civil affairs subsidy's payment reference: that household is reconciled again.
        payment('BK-5', { cardNo: '6217003300000000005', holderName: '某人', paymentReference: 'ZF-2024-06-0003' }),
      ],
    });
    expect(payload).toMatchObject({ accepted: 5, created: 5, rejected: [] });
    expect(await paymentHousehold('BK-1')).toBe(await householdId('520524300001'));
    expect(await paymentHousehold('BK-2')).toBe(await householdId('520524300002'));
    expect(await paymentHousehold('BK-3')).toBeNull();
    expect(await paymentHousehold('BK-4')).toBeNull();
    expect(await paymentHousehold('BK-5')).toBeNull();
    const stored = await db.prisma.bankPayment.findFirstOrThrow({ where: { sourceRecordId: 'BK-5' }, include: { department: true } });
    expect([stored.amount.toFixed(2), stored.paidOn.toISOString().slice(0, 10), stored.paymentReference, stored.memo, stored.department.code, stored.version]).toEqual([
      '1420.00', '2024-06-10', 'ZF-2024-06-0003', '低保金 2024年6月', 'BANK', 1,
    ]);
    const ids = await Promise.all(['520524300001', '520524300002', '520524300003'].map(householdId));
    expect(await touched(payload)).toEqual(ids.sort((a, b) => a - b));
    const months = await db.prisma.$queryRawUnsafe<Array<{ month: string; first_delivery_id: number }>>('SELECT month::text, first_delivery_id FROM bank_coverage_month ORDER BY month');
    expect(months.map((m) => [m.month, Number(m.first_delivery_id)])).toEqual([['2024-05-01', deliveryNo(payload)], ['2024-06-01', deliveryNo(payload)]]);
  });

  it('changes nothing when the same payments are delivered again, and keeps the months’ first delivery', async () => {
    const before = await snapshot();
    const again = await ingest('BANK', { bankPayments: [payment('BK-1', { cardNo: CARD_1, holderIdNumber: head2 }), payment('BK-4', { cardNo: '6217003300000000004', holderName: '无证件' })] });
    expect(again).toMatchObject({ accepted: 2, created: 0, updated: 0, unchanged: 2, rejected: [] });
    expect(await touched(again)).toEqual([]);
    expect(await snapshot()).toBe(before);
  });

  it('versions a payment the bank re-delivers changed', async () => {
    const payload = await ingest('BANK', { bankPayments: [payment('BK-1', { cardNo: CARD_1, holderIdNumber: head2, amount: '1400' })] });
    expect(payload).toMatchObject({ created: 0, updated: 1, rejected: [] });
    const stored = await db.prisma.bankPayment.findFirstOrThrow({ where: { sourceRecordId: 'BK-1' } });
    expect([stored.amount.toFixed(2), stored.version, stored.householdId]).toEqual(['1400.00', 2, await householdId('520524300001')]);
    const revisions = await db.prisma.recordRevision.findMany({ where: { recordType: 'BANK_PAYMENT', sourceRecordId: 'BK-1' } });
    expect(revisions.map((r) => [r.version, r.changes])).toEqual([[2, [{ field: 'amount', from: '1420.00', to: '1400.00' }]]]);
    expect(await touched(payload)).toEqual([await householdId('520524300001')]);
  });

  it('moves payments to the household of a card delivered after them, within the card’s dates only', async () => {
    const before = await ingest('BANK', {
      bankPayments: [payment('BK-6', { cardNo: CARD_4, holderName: '赵四', paidOn: '2024-04-10' }), payment('BK-7', { cardNo: CARD_4, holderName: '赵四', paidOn: '2018-12-20' })],
    });
    expect(before).toMatchObject({ created: 2, rejected: [] });
    expect([await paymentHousehold('BK-6'), await paymentHousehold('BK-7')]).toEqual([null, null]);

    const delivered = await ingest('BANK', { bankCards: [card('CARD-4', { householdNo: '520524300004', holderIdNumber: head4, cardNo: CARD_4, openedOn: '2019-01-01' })] });
    expect(delivered).toMatchObject({ created: 1, rejected: [] });
    const household4 = await householdId('520524300004');
    expect([await paymentHousehold('BK-6'), await paymentHousehold('BK-7')]).toEqual([household4, null]);
    expect(await touched(delivered)).toEqual([household4]);
    // The re-assignment is the hub's, not the bank's: the payment keeps its version.
    expect((await db.prisma.bankPayment.findFirstOrThrow({ where: { sourceRecordId: 'BK-6' } })).version).toBe(1);
  });

  it('moves them back when the card turns out to have been opened later, touching the household they leave', async () => {
    const household4 = await householdId('520524300004');
    const payload = await ingest('BANK', { bankCards: [card('CARD-4', { householdNo: '520524300004', holderIdNumber: head4, cardNo: CARD_4, openedOn: '2024-05-01' })] });
    expect(payload).toMatchObject({ updated: 1, rejected: [] });
    expect(await paymentHousehold('BK-6')).toBeNull();
    expect(await touched(payload)).toEqual([household4]);
  });

  it('takes cards and the payments on them in one delivery, cards first', async () => {
    const payload = await ingest('BANK', {
      bankPayments: [payment('BK-8', { cardNo: '6217 0000 0000 0000 008', holderName: '张三', paidOn: '2024-07-10' })],
      bankCards: [card('CARD-3', { householdMemberIdNumber: head3, holderIdNumber: head3, cardNo: '6217000000000000008' })],
    });
    expect(payload).toMatchObject({ created: 2, rejected: [] });
    expect(await paymentHousehold('BK-8')).toBe(await householdId('520524300003'));
  });
});

describe('months reported for the first time (已对账月份)', () => {
  /** How many households the delivery's detection run judged, 0 when it ran none. */
  const judged = async (payload: IngestPayload) => {
    const runs = await db.prisma.detectionRun.findMany({ where: { deliveryId: deliveryNo(payload) } });
    return runs.reduce((sum, run) => sum + run.householdsScanned, 0);
  };

  it('reconcile the households awaiting payment in them, although the file does not name them', async () => {
    const approved = await ingest('CIVIL', {
      subsidies: [{ sourceRecordId: 'DIBAO-2-2024-09', beneficiaryIdNumber: head2, programCode: 'CIV_DIBAO', amount: '1680.00', startDate: '2024-09-01', endDate: '2024-09-30', state: 'APPROVED', approvedOn: '2024-09-02' }],
    });
    expect(approved).toMatchObject({ created: 1, rejected: [] });
    // September's file pays nobody the hub knows: nothing of household 2 is written, yet it is judged.
    const first = await ingest('BANK', { bankPayments: [payment('BK-SEP-1', { cardNo: '6217003300000000901', holderName: '外人', paidOn: '2024-09-10' })] });
    expect(first).toMatchObject({ created: 1, rejected: [] });
    expect(await touched(first)).toEqual([]);
    expect(await judged(first)).toBeGreaterThanOrEqual(1);
    // A second file for the same month covers nothing new.
    const second = await ingest('BANK', { bankPayments: [payment('BK-SEP-2', { cardNo: '6217003300000000902', holderName: '外人', paidOn: '2024-09-11' })] });
    expect(second).toMatchObject({ created: 1, rejected: [] });
    expect(await judged(second)).toBe(0);
  });
});

describe('bad bank records', () => {
  const today = chinaToday();
  const tomorrow = new Date(Date.parse(`${today}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
  const cases: Array<[string, IngestRecords, string, string, string]> = [
    ['a card number of 12 digits', { bankCards: [card('BAD-C1', { householdNo: '520524300001', holderIdNumber: head1, cardNo: '621700336072' })] }, 'BANK_CARD', 'cardNo', 'INVALID_CARD_NUMBER'],
    ['a card number with letters', { bankCards: [card('BAD-C2', { householdNo: '520524300001', holderIdNumber: head1, cardNo: '6217O03360724349703' })] }, 'BANK_CARD', 'cardNo', 'INVALID_CARD_NUMBER'],
    ['a card number of 20 digits', { bankPayments: [payment('BAD-P0', { cardNo: '62170033607243497031' })] }, 'BANK_PAYMENT', 'cardNo', 'INVALID_CARD_NUMBER'],
    ['a holder who is not a member of the household', { bankCards: [card('BAD-C3', { householdNo: '520524300001', holderIdNumber: head2, cardNo: '6217003360724349704' })] }, 'BANK_CARD', 'holderIdNumber', 'HOLDER_NOT_A_MEMBER'],
    ['a holder nobody registered', { bankCards: [card('BAD-C4', { householdNo: '520524300001', holderIdNumber: outsider, cardNo: '6217003360724349705' })] }, 'BANK_CARD', 'holderIdNumber', 'HOLDER_NOT_A_MEMBER'],
    ['a card closed before it was opened', { bankCards: [card('BAD-C5', { householdNo: '520524300001', holderIdNumber: head1, cardNo: '6217003360724349706', closedOn: '2019-02-28' })] }, 'BANK_CARD', 'closedOn', 'END_BEFORE_START'],
    ['a card of an unknown household', { bankCards: [card('BAD-C6', { householdNo: '520524399999', holderIdNumber: head1, cardNo: '6217003360724349707' })] }, 'BANK_CARD', 'householdNo', 'UNKNOWN_HOUSEHOLD'],
    ['a malformed holder ID number', { bankPayments: [payment('BAD-P1', { cardNo: CARD_1, holderIdNumber: `${head1.slice(0, 17)}${head1[17] === '0' ? '1' : '0'}` })] }, 'BANK_PAYMENT', 'holderIdNumber', 'INVALID_ID_NUMBER'],
    ['a zero amount', { bankPayments: [payment('BAD-P2', { cardNo: CARD_1, amount: '0.00' })] }, 'BANK_PAYMENT', 'amount', 'INVALID_AMOUNT'],
    ['a negative amount', { bankPayments: [payment('BAD-P3', { cardNo: CARD_1, amount: '-1420.00' })] }, 'BANK_PAYMENT', 'amount', 'INVALID_AMOUNT'],
    ['an amount with three decimals', { bankPayments: [payment('BAD-P4', { cardNo: CARD_1, amount: '1420.005' })] }, 'BANK_PAYMENT', 'amount', 'INVALID_AMOUNT'],
    ['a payment dated tomorrow', { bankPayments: [payment('BAD-P5', { cardNo: CARD_1, paidOn: tomorrow })] }, 'BANK_PAYMENT', 'paidOn', 'INVALID_DATE'],
    ['an impossible payment date', { bankPayments: [payment('BAD-P6', { cardNo: CARD_1, paidOn: '2024-02-30' })] }, 'BANK_PAYMENT', 'paidOn', 'INVALID_DATE'],
    ['a payment without a holder name', { bankPayments: [payment('BAD-P7', { cardNo: CARD_1, holderName: ' ' })] }, 'BANK_PAYMENT', 'holderName', 'REQUIRED'],
  ];

  it.each(cases)('refuses %s, naming the record and the field, and writes nothing', async (_name, records, recordType, field, code) => {
    const before = await snapshot();
    const payload = await ingest('BANK', records);
    const sourceRecordId = (records.bankCards ?? records.bankPayments)![0].sourceRecordId;
    expect(payload.rejected).toEqual([expect.objectContaining({ recordType, index: 0, sourceRecordId, field, code })]);
    expect(payload.rejected[0].message).toContain(field);
    expect(payload.rejected[0].messageZh).toMatch(/[\u4e00-\u9fff]/);
    expect(payload.accepted).toBe(0);
    expect(await snapshot()).toBe(before);
  });

  it('never repeats a card number in a rejection', async () => {
    const payload = await ingest('BANK', { bankCards: [card('BAD-C7', { householdNo: '520524300001', holderIdNumber: head2, cardNo: '6217003360724349799' })] });
    expect(payload.rejected).toHaveLength(1);
    expect(`${payload.rejected[0].message} ${payload.rejected[0].messageZh}`).not.toContain('6217003360724349799');
  });

  it('masks the ID numbers in a rejection for a bank key without the ID_NUMBER scope', async () => {
    const secret = await hub.createKey({ name: 'bank without scopes', role: 'DEPARTMENT', department: 'BANK' });
    const response = await hub.as(secret).send(INGEST, { input: { department: 'BANK', bankCards: [card('BAD-C8', { householdNo: '520524300001', holderIdNumber: head2, cardNo: '6217003360724349798' })] } });
    expect(response.errors).toBeUndefined();
    const [rejection] = (response.data as { ingest: IngestPayload }).ingest.rejected;
    expect(rejection).toMatchObject({ field: 'holderIdNumber', code: 'HOLDER_NOT_A_MEMBER' });
    expect(`${rejection.message} ${rejection.messageZh}`).not.toContain(head2);
    expect(rejection.message).toContain(`${head2.slice(0, 6)}********${head2.slice(-4)}`);
  });

  it('applies the good records of a delivery and refuses the bad one, like every record', async () => {
    const payload = await ingest('BANK', { bankPayments: [payment('BK-9', { cardNo: CARD_1 }), payment('BAD-P8', { cardNo: CARD_1, amount: '0' }), payment('BK-10', { cardNo: CARD_1 })] });
    expect(payload).toMatchObject({ accepted: 2, created: 2, rejected: [{ index: 1, sourceRecordId: 'BAD-P8', field: 'amount', code: 'INVALID_AMOUNT' }] });
    expect(await db.prisma.bankPayment.count({ where: { sourceRecordId: 'BAD-P8' } })).toBe(0);
  });

  it('refuses a later record of the delivery repeating a bank reference', async () => {
    const payload = await ingest('BANK', { bankPayments: [payment('BK-11', { cardNo: CARD_1 }), payment('BK-11', { cardNo: CARD_1, amount: '1.00' })] });
    expect(payload).toMatchObject({ created: 1, rejected: [{ index: 1, field: 'sourceRecordId', code: 'DUPLICATE_IN_BATCH' }] });
  });
});

describe('payment references on subsidies (支付业务编号)', () => {
  const dibao = (sourceRecordId: string, paymentReference: string | null, id = head1) => ({
    sourceRecordId, beneficiaryIdNumber: id, programCode: 'CIV_DIBAO', amount: '1420.00', startDate: '2024-07-01', endDate: '2024-07-31', paymentReference,
  });

  it('stores a reference and keeps a re-delivery unchanged', async () => {
    expect(await ingest('CIVIL', { subsidies: [dibao('DIBAO-1-2024-07', 'ZF-2024-07-0001')] })).toMatchObject({ created: 1, rejected: [] });
    expect(await ingest('CIVIL', { subsidies: [dibao('DIBAO-1-2024-07', 'ZF-2024-07-0001')] })).toMatchObject({ unchanged: 1, rejected: [] });
    expect((await db.prisma.subsidy.findFirstOrThrow({ where: { sourceRecordId: 'DIBAO-1-2024-07' } })).paymentReference).toBe('ZF-2024-07-0001');
  });

  it('refuses a reference another subsidy holds, naming the field, before anything is written', async () => {
    const before = await snapshot();
    const same = await ingest('CIVIL', { subsidies: [dibao('DIBAO-2-2024-07', 'ZF-2024-07-0001', head2)] });
    expect(same.rejected).toEqual([expect.objectContaining({ recordType: 'SUBSIDY', index: 0, sourceRecordId: 'DIBAO-2-2024-07', field: 'paymentReference', code: 'PAYMENT_REFERENCE_IN_USE' })]);
    expect(same.rejected[0].messageZh).toMatch(/支付业务编号/);
    const other = await ingest('POVERTY', {
      subsidies: [{ sourceRecordId: 'GOAT-9', householdNo: '520524300002', programCode: 'POV_INDUSTRY_GOAT', amount: '6000', startDate: '2024-03-15', endDate: '2024-03-15', paymentReference: 'ZF-2024-06-0003' }],
    });
    expect(other.rejected).toEqual([expect.objectContaining({ field: 'paymentReference', code: 'PAYMENT_REFERENCE_IN_USE' })]);
    expect(other.rejected[0].message).toContain("another department's subsidy");
    expect(await snapshot()).toBe(before);
  });

  it('refuses the second of two records of a delivery with one reference', async () => {
    const payload = await ingest('CIVIL', { subsidies: [dibao('DIBAO-2-2024-08', 'ZF-2024-08-0002', head2), dibao('DIBAO-3-2024-08', 'ZF-2024-08-0002', head3)] });
    expect(payload).toMatchObject({ created: 1, rejected: [{ index: 1, field: 'paymentReference', code: 'PAYMENT_REFERENCE_IN_USE' }] });
  });

  it('lets a subsidy change its own reference, as a new version', async () => {
    const payload = await ingest('CIVIL', { subsidies: [dibao('DIBAO-1-2024-07', 'ZF-2024-07-0009')] });
    expect(payload).toMatchObject({ updated: 1, rejected: [] });
    const revisions = await db.prisma.recordRevision.findMany({ where: { recordType: 'SUBSIDY', sourceRecordId: 'DIBAO-1-2024-07' } });
    expect(revisions.map((r) => r.changes)).toEqual([[{ field: 'paymentReference', from: 'ZF-2024-07-0001', to: 'ZF-2024-07-0009' }]]);
  });
});
