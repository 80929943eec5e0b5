import type { HubDatabase } from '../../../src/db/database';
import { composeIdNumber } from '../../../src/domain/id-number';
import { commandLineActor } from '../../../src/modules/auth/audit';
import { FindingDetection } from '../../../src/modules/findings/finding-detection';
import { createTownship } from '../../support/regions';
import { createTestDatabase } from '../../support/test-database';

jest.setTimeout(120_000);

/**
 * Reconciliation as a detection run does it against the database: payments found by household and
 * by the payment reference they quote, matches stored on the payments, findings linked to them, a
 * rescan that changes nothing, and a late payment that closes its finding.
 */

const VILLAGE = '520524100201';
const day = (iso: string) => new Date(`${iso}T00:00:00Z`);
let db: HubDatabase;
let sequence = 0;
const ids: Record<string, number> = {};

async function household(key: string, card: string): Promise<number> {
  const prisma = db.prisma;
  const poverty = (await prisma.department.findUniqueOrThrow({ where: { code: 'POVERTY' } })).id;
  const h = await prisma.household.create({ data: { householdNo: `5205241002010${String(++sequence).padStart(2, '0')}`, regionCode: VILLAGE, povertyType: 'MINIMUM_ALLOWANCE', status: 'ASSISTED', departmentId: poverty, sourceRecordId: `H-${key}` } });
  const head = await prisma.member.create({ data: { householdId: h.id, idNumber: composeIdNumber('520524', '1960-01-01', sequence), name: `户主${key}`, relation: 'HEAD', departmentId: poverty, sourceRecordId: `M-${key}` } });
  await prisma.bankCard.create({ data: { householdId: h.id, holderMemberId: head.id, bankName: '织金农商银行', cardNo: card, openedOn: day('2016-01-01'), departmentId: poverty, sourceRecordId: `CARD-${card}` } });
  ids[key] = h.id;
  return h.id;
}

async function dibao(key: string, householdId: number, month: string, amount: string, paymentReference: string | null = null): Promise<number> {
  const prisma = db.prisma;
  const program = await prisma.program.findUniqueOrThrow({ where: { code: 'CIV_DIBAO' } });
  const start = `2024-${month}-01`;
  const s = await prisma.subsidy.create({
    data: { departmentId: program.departmentId, programId: program.id, householdId, amount, startDate: day(start), endDate: day(`2024-${month}-28`), year: 2024, state: 'APPROVED', approvedOn: day(start), paymentReference, sourceRecordId: key },
  });
  ids[key] = s.id;
  return s.id;
}

async function pay(reference: string, card: string, householdId: number | null, paidOn: string, amount: string, paymentReference: string | null = null): Promise<number> {
  const bank = (await db.prisma.department.findUniqueOrThrow({ where: { code: 'CIVIL' } })).id;
  const p = await db.prisma.bankPayment.create({ data: { departmentId: bank, cardNo: card, holderName: '某', amount, paidOn: day(paidOn), paymentReference, householdId, sourceRecordId: reference } });
  ids[reference] = p.id;
  return p.id;
}

const CARD_A = '6217003360724349703';
const CARD_B = '6217003316923954589';
const CARD_C = '6217003361967231190';
const CARD_D = '6217003387569542322';

beforeAll(async () => {
  db = await createTestDatabase();
  await createTownship(db.prisma, { [VILLAGE]: '五星村' });
  await db.prisma.bankCoverageMonth.createMany({ data: ['2024-05-01', '2024-06-01', '2024-07-01'].map((m) => ({ month: day(m) })) });
  const a = await household('a', CARD_A);
  const b = await household('b', CARD_B);
  const c = await household('c', CARD_C);
  // a: May paid, June paid twice, July paid.
  await dibao('a-05', a, '05', '1420.00');
  await dibao('a-06', a, '06', '1420.00');
  await dibao('a-07', a, '07', '1420.00');
  await pay('BK-1', CARD_A, a, '2024-05-10', '1420.00');
  await pay('BK-2', CARD_A, a, '2024-06-10', '1420.00');
  await pay('BK-3', CARD_A, a, '2024-06-12', '1420.00');
  await pay('BK-9', CARD_A, a, '2024-07-10', '1420.00');
  // d: June approved and never paid.
  const d = await household('d', CARD_D);
  await dibao('d-06', d, '06', '1260.00');
  // b: June quotes its reference but went to c's card; June paid short on its own card otherwise.
  await dibao('b-06', b, '06', '1680.00', 'ZF-B-06');
  await dibao('b-07', b, '07', '1680.00');
  await pay('BK-4', CARD_C, c, '2024-06-10', '1680.00', 'ZF-B-06');
  await pay('BK-5', CARD_B, b, '2024-07-10', '1500.00');
  // c: June in two parts summing exactly.
  await dibao('c-06', c, '06', '1395.00');
  await pay('BK-6', CARD_C, c, '2024-06-10', '1000.00');
  await pay('BK-7', CARD_C, c, '2024-06-15', '395.00');
});

afterAll(async () => {
  await db?.close();
});

async function findings() {
  const rows = await db.prisma.finding.findMany({ include: { rule: true }, orderBy: { id: 'asc' } });
  const links = await db.prisma.findingPayment.findMany();
  return rows.map((f) => ({ rule: f.rule.code, household: f.householdId, status: f.status, amount: f.amountAtRisk.toFixed(2), payments: links.filter((l) => l.findingId === f.id).map((l) => l.paymentId).sort((x, y) => x - y) }));
}

describe('reconciliation in a detection scan', () => {
  test('the first scan stores each payment’s match and raises one finding per gap, linked to its payments', async () => {
    const run = await new FindingDetection(db.prisma).scan(null, commandLineActor());
    expect(run.paymentsRead).toBe(8);
    expect(run.paymentsRematched).toBe(8);
    const matches = Object.fromEntries((await db.prisma.bankPayment.findMany()).map((p) => [p.sourceRecordId, [p.subsidyId, p.match]]));
    expect(matches).toEqual({
      'BK-1': [ids['a-05'], 'EXACT'],
      'BK-2': [ids['a-06'], 'EXACT'],
      'BK-3': [ids['a-06'], 'REPEAT'],
      'BK-9': [ids['a-07'], 'EXACT'],
      'BK-4': [ids['b-06'], 'REFERENCE'],
      'BK-5': [ids['b-07'], 'AMOUNT_DIFFERS'],
      'BK-6': [ids['c-06'], 'SPLIT'],
      'BK-7': [ids['c-06'], 'SPLIT'],
    });
    expect(await findings()).toEqual(
      expect.arrayContaining([
        { rule: 'BANK-UNPAID-LIVING', household: ids.d, status: 'OPEN', amount: '1260.00', payments: [] },
        { rule: 'BANK-TWICE', household: ids.a, status: 'OPEN', amount: '1420.00', payments: [ids['BK-2'], ids['BK-3']] },
        { rule: 'BANK-OTHER-CARD', household: ids.b, status: 'OPEN', amount: '1680.00', payments: [ids['BK-4']] },
        { rule: 'BANK-AMOUNT', household: ids.b, status: 'OPEN', amount: '180.00', payments: [ids['BK-5']] },
      ]),
    );
    expect((await findings()).filter((f) => f.household === ids.c)).toEqual([]);
    expect(await findings()).toHaveLength(4);
  });

  test('a rescan with nothing new changes no match and no finding', async () => {
    const before = await findings();
    const run = await new FindingDetection(db.prisma).scan(null, commandLineActor());
    expect({ rematched: run.paymentsRematched, raised: run.raised, updated: run.updated, closed: run.closed }).toEqual({ rematched: 0, raised: 0, updated: 0, closed: 0 });
    expect(await findings()).toEqual(before);
  });

  test('a late payment inside the window closes the unpaid finding with the reason, and is stored as matched', async () => {
    await pay('BK-8', CARD_D, ids.d, '2024-07-20', '1260.00');
    const run = await new FindingDetection(db.prisma).scan(null, commandLineActor());
    expect(run.closed).toBe(1);
    const unpaid = await db.prisma.finding.findFirstOrThrow({ where: { rule: { code: 'BANK-UNPAID-LIVING' } } });
    expect(unpaid.status).toBe('CLOSED');
    const closing = await db.prisma.findingEvent.findFirstOrThrow({ where: { findingId: unpaid.id, kind: 'CLOSED' } });
    expect(closing.note).toContain('银行代发明细已与批准一致');
    const late = await db.prisma.bankPayment.findUniqueOrThrow({ where: { id: ids['BK-8'] } });
    expect([late.subsidyId, late.match]).toEqual([ids['d-06'], 'EXACT']);
    expect((await findings()).filter((f) => f.status === 'OPEN').map((f) => f.rule).sort()).toEqual(['BANK-AMOUNT', 'BANK-OTHER-CARD', 'BANK-TWICE']);
  });
});
