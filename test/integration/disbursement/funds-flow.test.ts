import type { HubDatabase } from '../../../src/db/database';
import { composeIdNumber } from '../../../src/domain/id-number';
import { fenToYuan, yuanToFen } from '../../../src/domain/money';
import type { PaymentMatch, SubsidyState } from '../../../src/generated/prisma/enums';
import { toGlobalId } from '../../../src/graphql/relay/global-id';
import { maskBankCard, maskIdNumber } from '../../../src/modules/auth/personal-data';
import { HouseholdFundsFlowDocument, RegionFundsFlowDocument } from '../../generated/graphql';
import { type GraphQLResponse, type HubClient, startTestHub, type TestHub } from '../../support/hub-client';
import { createOtherTownship, createTownship } from '../../support/regions';
import { createTestDatabase } from '../../support/test-database';
import { NO_FLOW, type FlowFigures } from '../../../src/modules/disbursement/funds-flow.sql';

jest.setTimeout(300_000);

/**
 * 一户一卡 read side: households built by hand, with subsidies, cards and payments whose
 * subsidy_id and match are written directly (as reconciliation would), and every figure the hub
 * gives compared with one computed here from the rows inserted.
 */

const TOWNSHIP = '520524100000';
const V1 = '520524100201';
const V2 = '520524100202';
const OTHER = '520524200201';
const COUNTY = '520524000000';

interface PaymentSpec {
  ref: string;
  amount: string;
  paidOn: string;
  match?: PaymentMatch;
  /** The household the payment is credited to (its card); null: none. */
  creditedTo: string | null;
}

interface SubsidySpec {
  key: string;
  household: string;
  program: string;
  state: SubsidyState;
  amount: string;
  year: number;
  approvedOn?: string;
  payments: PaymentSpec[];
}

interface HouseholdSpec {
  key: string;
  regionCode: string;
  card: string;
}

const HOUSEHOLDS: HouseholdSpec[] = [
  { key: 'h1', regionCode: V1, card: '6217003143616849492' },
  { key: 'h2', regionCode: V2, card: '6228480402564890018' },
  { key: 'h3', regionCode: OTHER, card: '6210981234567890123' },
];

const SUBSIDIES: SubsidySpec[] = [
  // Paid in full, exactly.
  { key: 's1', household: 'h1', program: 'CIV_DIBAO', state: 'APPROVED', amount: '500.00', year: 2024, approvedOn: '2024-02-01', payments: [{ ref: 'B-s1', amount: '500.00', paidOn: '2024-02-20', match: 'EXACT', creditedTo: 'h1' }] },
  // Split in two, then repeated: paid over.
  {
    key: 's2',
    household: 'h1',
    program: 'POV_INDUSTRY_GOAT',
    state: 'PAID',
    amount: '1200.00',
    year: 2024,
    approvedOn: '2024-03-01',
    payments: [
      { ref: 'B-s2a', amount: '600.00', paidOn: '2024-03-10', match: 'SPLIT', creditedTo: 'h1' },
      { ref: 'B-s2b', amount: '600.00', paidOn: '2024-03-11', match: 'SPLIT', creditedTo: 'h1' },
      { ref: 'B-s2c', amount: '600.00', paidOn: '2024-03-12', match: 'REPEAT', creditedTo: 'h1' },
    ],
  },
  // Paid short.
  { key: 's3', household: 'h1', program: 'AGR_GOAT', state: 'APPROVED', amount: '800.00', year: 2024, approvedOn: '2024-04-01', payments: [{ ref: 'B-s3', amount: '750.50', paidOn: '2024-04-15', match: 'AMOUNT_DIFFERS', creditedTo: 'h1' }] },
  // Not paid yet.
  { key: 's4', household: 'h1', program: 'CIV_DIBAO', state: 'APPROVED', amount: '300.00', year: 2024, approvedOn: '2024-11-01', payments: [] },
  // Withdrawn, yet linked to a payment: the payment counts as unmatched.
  { key: 's5', household: 'h1', program: 'POV_HOUSING_RENOVATION', state: 'WITHDRAWN', amount: '400.00', year: 2024, payments: [{ ref: 'B-s5', amount: '400.00', paidOn: '2024-05-05', match: 'EXACT', creditedTo: 'h1' }] },
  // Applied only: nothing expected.
  { key: 's6', household: 'h1', program: 'AGR_FARMLAND', state: 'APPLIED', amount: '200.00', year: 2024, payments: [] },
  // A 2023 subsidy paid early in 2024: it belongs to 2023.
  { key: 's7', household: 'h1', program: 'CIV_DIBAO', state: 'APPROVED', amount: '1000.00', year: 2023, approvedOn: '2023-12-01', payments: [{ ref: 'B-s7', amount: '1000.00', paidOn: '2024-01-15', match: 'REFERENCE', creditedTo: 'h1' }] },
  // h1's subsidy paid to h2's card: h1's paid, not h2's unmatched.
  { key: 's8', household: 'h1', program: 'AGR_FARMLAND', state: 'APPROVED', amount: '250.00', year: 2024, approvedOn: '2024-06-01', payments: [{ ref: 'B-s8', amount: '250.00', paidOn: '2024-06-10', match: 'EXACT', creditedTo: 'h2' }] },
  { key: 's9', household: 'h2', program: 'CIV_DIBAO', state: 'PAID', amount: '700.00', year: 2024, approvedOn: '2024-01-10', payments: [{ ref: 'B-s9', amount: '700.00', paidOn: '2024-01-20', match: 'EXACT', creditedTo: 'h2' }] },
  // Matched by reference although the bank's payment reached no known card.
  { key: 's10', household: 'h2', program: 'POV_INDUSTRY_GOAT', state: 'APPROVED', amount: '100.00', year: 2024, approvedOn: '2024-07-01', payments: [{ ref: 'B-s10', amount: '100.00', paidOn: '2024-07-05', match: 'REFERENCE', creditedTo: null }] },
  { key: 's11', household: 'h3', program: 'AGR_GOAT', state: 'APPROVED', amount: '900.00', year: 2024, approvedOn: '2024-05-01', payments: [{ ref: 'B-s11', amount: '880.00', paidOn: '2024-05-20', match: 'AMOUNT_DIFFERS', creditedTo: 'h3' }] },
];

/** Payments matched to no subsidy. */
const UNMATCHED: PaymentSpec[] = [
  { ref: 'U-h1-2024', amount: '88.88', paidOn: '2024-03-01', creditedTo: 'h1' },
  { ref: 'U-h1-2023', amount: '10.00', paidOn: '2023-08-01', creditedTo: 'h1' },
  { ref: 'U-h2-2024', amount: '50.00', paidOn: '2024-09-09', creditedTo: 'h2' },
  { ref: 'U-h3-2024', amount: '20.00', paidOn: '2024-10-10', creditedTo: 'h3' },
  { ref: 'U-none-2024', amount: '66.60', paidOn: '2024-12-31', creditedTo: null },
  { ref: 'U-none-2025', amount: '5.00', paidOn: '2025-01-01', creditedTo: null },
];

let db: HubDatabase;
let hub: TestHub;
const householdId = new Map<string, number>();
const householdNo = new Map<string, string>();
const subsidyId = new Map<string, number>();
const paymentId = new Map<string, number>();
const holderIdNumber = new Map<string, string>();
let programOf: Map<string, { departmentCode: string; categoryCode: string }>;
let bankId: number;

beforeAll(async () => {
  db = await createTestDatabase();
  const prisma = db.prisma;
  await createTownship(prisma, { [V1]: '一村', [V2]: '二村' });
  await createOtherTownship(prisma);
  const bank = await prisma.department.upsert({ where: { code: 'BANK' }, create: { code: 'BANK', name: '代发银行', nameEn: 'Disbursing bank' }, update: {} });
  bankId = bank.id;
  const poverty = await prisma.department.findUniqueOrThrow({ where: { code: 'POVERTY' } });
  const programs = await prisma.program.findMany({ include: { department: true } });
  programOf = new Map(programs.map((p) => [p.code, { departmentCode: p.department.code, categoryCode: p.categoryCode }]));
  const programId = new Map(programs.map((p) => [p.code, { id: p.id, departmentId: p.departmentId }]));
  for (const [index, spec] of HOUSEHOLDS.entries()) {
    const no = `${spec.regionCode}${String(index + 1).padStart(3, '0')}`;
    const household = await prisma.household.create({
      data: { householdNo: no, regionCode: spec.regionCode, povertyType: 'GENERAL', status: 'ASSISTED', departmentId: poverty.id, sourceRecordId: `H-${spec.key}` },
    });
    householdId.set(spec.key, household.id);
    householdNo.set(spec.key, no);
    const idNumber = composeIdNumber('520524', '1970-01-0' + (index + 1), 100 + index);
    holderIdNumber.set(spec.key, idNumber);
    const head = await prisma.member.create({ data: { householdId: household.id, idNumber, name: `户主${index + 1}`, relation: 'HEAD', departmentId: poverty.id, sourceRecordId: `M-${spec.key}` } });
    await prisma.bankCard.create({
      data: { householdId: household.id, holderMemberId: head.id, bankName: '织金县农村信用合作联社', cardNo: spec.card, openedOn: new Date('2015-03-01T00:00:00Z'), departmentId: bankId, sourceRecordId: `CARD-${spec.key}` },
    });
  }
  // A closed earlier card of h1, listed after the one in use.
  const h1Head = await prisma.member.findFirstOrThrow({ where: { householdId: householdId.get('h1') } });
  await prisma.bankCard.create({
    data: { householdId: householdId.get('h1')!, holderMemberId: h1Head.id, bankName: '中国农业银行', cardNo: '6228480000000000017', openedOn: new Date('2010-01-01T00:00:00Z'), closedOn: new Date('2015-02-28T00:00:00Z'), departmentId: bankId, sourceRecordId: 'CARD-OLD' },
  });
  const payment = async (spec: PaymentSpec, subsidy: number | null) => {
    const credited = spec.creditedTo === null ? null : HOUSEHOLDS.find((h) => h.key === spec.creditedTo)!;
    const row = await prisma.bankPayment.create({
      data: {
        departmentId: bankId,
        cardNo: credited?.card ?? '6200000000000000001',
        holderName: credited ? `户主${HOUSEHOLDS.indexOf(credited) + 1}` : '不明',
        holderIdNumber: credited ? holderIdNumber.get(credited.key)! : null,
        amount: spec.amount,
        paidOn: new Date(`${spec.paidOn}T00:00:00Z`),
        memo: `摘要 ${spec.ref}`,
        paymentReference: spec.match === 'REFERENCE' ? `PAY-${spec.ref}` : null,
        householdId: credited ? householdId.get(credited.key)! : null,
        subsidyId: subsidy,
        match: subsidy === null ? null : spec.match,
        sourceSystem: '农商银行代发系统',
        sourceRecordId: spec.ref,
      },
    });
    paymentId.set(spec.ref, row.id);
  };
  for (const spec of SUBSIDIES) {
    const program = programId.get(spec.program)!;
    const row = await prisma.subsidy.create({
      data: {
        departmentId: program.departmentId,
        programId: program.id,
        householdId: householdId.get(spec.household)!,
        amount: spec.amount,
        startDate: new Date(`${spec.year}-01-01T00:00:00Z`),
        endDate: new Date(`${spec.year}-12-31T00:00:00Z`),
        year: spec.year,
        state: spec.state,
        approvedOn: spec.approvedOn ? new Date(`${spec.approvedOn}T00:00:00Z`) : null,
        sourceRecordId: spec.key,
      },
    });
    subsidyId.set(spec.key, row.id);
    for (const p of spec.payments) await payment(p, row.id);
  }
  for (const spec of UNMATCHED) await payment(spec, null);
  hub = await startTestHub(db);
});

afterAll(async () => {
  await hub?.stop();
  await db?.close();
});

const APPROVED = new Set<SubsidyState>(['APPROVED', 'PAID']);
const sumFen = (amounts: string[]) => amounts.reduce((total, amount) => total + yuanToFen(amount), 0);

type Flow = FlowFigures;
const FLOW_FIELDS = 'approved approvedCount paid paymentCount unpaid unpaidCount overpaid overpaidCount underpaid underpaidCount unmatched unmatchedCount unexplained';

/**
 * What the funds flow must say, from the specs: subsidies of the households and year chosen, their
 * payments wherever credited; unmatched payments (none, or a non-approved subsidy) by paid year.
 */
function expectedFlow(households: (key: string) => boolean, year: number | null, group: (subsidy: SubsidySpec | null) => string | null = () => ''): Map<string, Flow> {
  const groups = new Map<string, { approved: number; approvedCount: number; paid: number; paymentCount: number; unpaid: number; unpaidCount: number; over: number; overCount: number; under: number; underCount: number; unmatched: number; unmatchedCount: number }>();
  const bucket = (key: string) => {
    if (!groups.has(key)) groups.set(key, { approved: 0, approvedCount: 0, paid: 0, paymentCount: 0, unpaid: 0, unpaidCount: 0, over: 0, overCount: 0, under: 0, underCount: 0, unmatched: 0, unmatchedCount: 0 });
    return groups.get(key)!;
  };
  for (const subsidy of SUBSIDIES) {
    if (!households(subsidy.household)) continue;
    if (APPROVED.has(subsidy.state)) {
      if (year !== null && subsidy.year !== year) continue;
      const b = bucket(group(subsidy)!);
      const approved = yuanToFen(subsidy.amount);
      const paid = sumFen(subsidy.payments.map((p) => p.amount));
      b.approved += approved;
      b.approvedCount++;
      b.paid += paid;
      b.paymentCount += subsidy.payments.length;
      if (subsidy.payments.length === 0) {
        b.unpaid += approved;
        b.unpaidCount++;
      } else if (paid > approved) {
        b.over += paid - approved;
        b.overCount++;
      } else if (paid < approved) {
        b.under += approved - paid;
        b.underCount++;
      }
    }
  }
  const stale = SUBSIDIES.filter((s) => !APPROVED.has(s.state)).flatMap((s) => s.payments);
  for (const payment of [...UNMATCHED, ...stale]) {
    if (payment.creditedTo === null || !households(payment.creditedTo)) continue;
    if (year !== null && !payment.paidOn.startsWith(`${year}-`)) continue;
    const key = group(null);
    if (key === null) continue;
    const b = bucket(key);
    b.unmatched += yuanToFen(payment.amount);
    b.unmatchedCount++;
  }
  return new Map(
    [...groups].map(([key, b]) => [
      key,
      {
        approved: fenToYuan(b.approved),
        approvedCount: b.approvedCount,
        paid: fenToYuan(b.paid),
        paymentCount: b.paymentCount,
        unpaid: fenToYuan(b.unpaid),
        unpaidCount: b.unpaidCount,
        overpaid: fenToYuan(b.over),
        overpaidCount: b.overCount,
        underpaid: fenToYuan(b.under),
        underpaidCount: b.underCount,
        unmatched: fenToYuan(b.unmatched),
        unmatchedCount: b.unmatchedCount,
        unexplained: fenToYuan(b.under + b.over + b.unmatched),
      },
    ]),
  );
}

const ZERO: Flow = NO_FLOW;

const codes = (response: GraphQLResponse<unknown>) => (response.errors ?? []).map((error) => error.extensions?.code);

function ok<T>(response: GraphQLResponse<Record<string, unknown>>): T {
  expect(response.errors).toBeUndefined();
  return response.data as T;
}

async function householdFlow(client: HubClient, key: string, year: number | null) {
  const response = await client.send(`query ($no: String!, $year: Int) { household(householdNo: $no) { fundsFlow(year: $year) { year ${FLOW_FIELDS} } } }`, { no: householdNo.get(key), year });
  return ok<{ household: { fundsFlow: Flow & { year: number | null } } }>(response).household.fundsFlow;
}

describe('Household.fundsFlow (资金流向)', () => {
  it.each([
    ['h1', 2024],
    ['h1', 2023],
    ['h1', null],
    ['h2', 2024],
    ['h3', 2024],
    ['h2', 2021],
  ])('adds up for %s in %p to what the rows say', async (key, year) => {
    const { year: asked, ...figures } = await householdFlow(hub, key, year);
    expect(asked).toBe(year);
    expect(figures).toEqual(expectedFlow((household) => household === key, year).get('') ?? ZERO);
    // approved − paid = unpaid + underpaid − overpaid, in fen.
    expect(yuanToFen(figures.approved) - yuanToFen(figures.paid)).toBe(yuanToFen(figures.unpaid) + yuanToFen(figures.underpaid) - yuanToFen(figures.overpaid));
  });

  it('counts a subsidy paid to another household’s card for the subsidy’s household only', async () => {
    const h1 = await householdFlow(hub, 'h1', 2024);
    const h2 = await householdFlow(hub, 'h2', 2024);
    // B-s8 (250.00) reached h2's card but pays h1's subsidy.
    expect(h1.paid).toBe(fenToYuan(sumFen(['500.00', '600.00', '600.00', '600.00', '750.50', '250.00'])));
    expect(h2.unmatched).toBe('50.00');
    // The withdrawn subsidy's payment (400.00) and the payment with no subsidy (88.88) are h1's unmatched.
    expect(h1.unmatched).toBe('488.88');
    expect(h1.unexplained).toBe(fenToYuan(sumFen(['600.00', '49.50', '488.88'])));
  });

  it('answers a whole page of households with one statement per year asked', async () => {
    const query = `query { households(first: 10) { nodes { householdNo fundsFlow(year: 2024) { approved } all: fundsFlow { approved } } } }`;
    const { count, result } = await db.statements.measure(() => hub.send(query));
    expect(result.errors).toBeUndefined();
    const nodes = (result.data as { households: { nodes: Array<{ householdNo: string; fundsFlow: { approved: string } }> } }).households.nodes;
    expect(nodes).toHaveLength(3);
    for (const node of nodes) {
      const key = [...householdNo].find(([, no]) => no === node.householdNo)![0];
      expect(node.fundsFlow.approved).toBe((expectedFlow((h) => h === key, 2024).get('') ?? ZERO).approved);
    }
    expect(count).toBeLessThan(12);
  });

  it('refuses a year outside 2000–2100', async () => {
    const response = await hub.send('query ($no: String!) { household(householdNo: $no) { fundsFlow(year: 1999) { approved } } }', { no: householdNo.get('h1') });
    expect(codes(response)).toEqual(['BAD_USER_INPUT']);
  });
});

describe('Subsidy.disbursement (审批→到账)', () => {
  it('gives each subsidy its approved and paid amounts, difference, status and matched payments', async () => {
    const response = await hub.send(
      `query ($no: String!) { household(householdNo: $no) { subsidies { sourceRecordId disbursement { approvedOn approvedAmount paidAmount difference status
         payments { amount paidOn bankReference match bankCardNo subsidy { sourceRecordId } } } } } }`,
      { no: householdNo.get('h1') },
    );
    const subsidies = ok<{ household: { subsidies: Array<{ sourceRecordId: string; disbursement: Record<string, unknown> & { payments: Array<Record<string, unknown>> } }> } }>(response).household.subsidies;
    expect(subsidies.map((s) => s.sourceRecordId).sort()).toEqual(SUBSIDIES.filter((s) => s.household === 'h1').map((s) => s.key).sort());
    for (const { sourceRecordId, disbursement } of subsidies) {
      const spec = SUBSIDIES.find((s) => s.key === sourceRecordId)!;
      const approved = APPROVED.has(spec.state) ? yuanToFen(spec.amount) : 0;
      const paid = sumFen(spec.payments.map((p) => p.amount));
      const status = !APPROVED.has(spec.state)
        ? 'NOT_EXPECTED'
        : spec.payments.length === 0
          ? 'AWAITING_PAYMENT'
          : paid === approved
            ? 'PAID_IN_FULL'
            : paid < approved
              ? 'PAID_SHORT'
              : 'PAID_OVER';
      expect({ ...disbursement, payments: undefined }).toEqual({
        approvedOn: spec.approvedOn ?? null,
        approvedAmount: fenToYuan(approved),
        paidAmount: fenToYuan(paid),
        difference: fenToYuan(paid - approved),
        status,
        payments: undefined,
      });
      const card = (p: PaymentSpec) => HOUSEHOLDS.find((h) => h.key === p.creditedTo)?.card ?? '6200000000000000001';
      expect(disbursement.payments).toEqual(
        spec.payments.map((p) => ({ amount: p.amount, paidOn: p.paidOn, bankReference: p.ref, match: p.match, bankCardNo: card(p), subsidy: { sourceRecordId: spec.key } })),
      );
    }
    // Every status is exercised.
    expect(new Set(subsidies.map((s) => s.disbursement.status))).toEqual(new Set(['NOT_EXPECTED', 'AWAITING_PAYMENT', 'PAID_IN_FULL', 'PAID_SHORT', 'PAID_OVER']));
  });
});

describe('cards and payments on the profile', () => {
  const PROFILE = `query ($no: String!) { household(householdNo: $no) {
      bankCards { id bankName bankCardNo openedOn closedOn sourceRecordId holder { name idNumber } department { code } household { householdNo } }
      bankPayments(first: 100) { totalCount nodes { id bankCardNo holderName holderIdNumber amount paidOn memo bankReference paymentReference match department { code } } } } }`;
  type Profile = {
    household: {
      bankCards: Array<{ id: string; bankName: string; bankCardNo: string; closedOn: string | null; sourceRecordId: string; holder: { name: string; idNumber: string }; department: { code: string }; household: { householdNo: string } }>;
      bankPayments: { totalCount: number; nodes: Array<{ id: string; bankCardNo: string; holderIdNumber: string | null; bankReference: string; amount: string }> };
    };
  };
  const creditedTo = (key: string) => [...SUBSIDIES.flatMap((s) => s.payments), ...UNMATCHED].filter((p) => p.creditedTo === key);

  it('lists the cards, the one in use first, and the payments credited to the household, unmasked for a key with both scopes', async () => {
    const key = await hub.createKey({ name: 'bank reader', role: 'AUDITOR', regionCode: TOWNSHIP, personalData: ['BANK_CARD', 'ID_NUMBER'] });
    const { household } = ok<Profile>(await hub.as(key).send(PROFILE, { no: householdNo.get('h1') }));
    expect(household.bankCards.map((c) => [c.bankCardNo, c.closedOn, c.sourceRecordId, c.department.code, c.household.householdNo, c.holder.name])).toEqual([
      ['6217003143616849492', null, 'CARD-h1', 'BANK', householdNo.get('h1'), '户主1'],
      ['6228480000000000017', '2015-02-28', 'CARD-OLD', 'BANK', householdNo.get('h1'), '户主1'],
    ]);
    expect(household.bankCards[0].id).toBe(toGlobalId('BankCard', (await db.prisma.bankCard.findFirstOrThrow({ where: { sourceRecordId: 'CARD-h1' } })).id));
    const expected = creditedTo('h1');
    expect(household.bankPayments.totalCount).toBe(expected.length);
    expect(household.bankPayments.nodes.map((p) => p.bankReference).sort()).toEqual(expected.map((p) => p.ref).sort());
    expect(new Set(household.bankPayments.nodes.map((p) => p.bankCardNo))).toEqual(new Set(['6217003143616849492']));
    expect(new Set(household.bankPayments.nodes.map((p) => p.holderIdNumber))).toEqual(new Set([holderIdNumber.get('h1')]));
    // Unmasked reads are audited.
    const audited = await db.prisma.auditEntry.findMany({ where: { action: 'READ_PERSONAL_DATA', householdId: householdId.get('h1') } });
    expect(audited.flatMap((entry) => entry.fields)).toEqual(expect.arrayContaining(['BankCard.bankCardNo', 'BankPayment.bankCardNo', 'BankPayment.holderIdNumber']));
  });

  it.each([
    [[] as string[], true, true],
    [['BANK_CARD'], false, true],
    [['ID_NUMBER'], true, false],
  ])('masks with scopes %p: card masked %p, ID number masked %p', async (scopes, cardMasked, idMasked) => {
    const key = await hub.createKey({ name: `official ${scopes.join('+') || 'none'}`, role: 'OFFICIAL', regionCode: V1, personalData: scopes });
    const { household } = ok<Profile>(await hub.as(key).send(PROFILE, { no: householdNo.get('h1') }));
    const card = '6217003143616849492';
    const id = holderIdNumber.get('h1')!;
    expect(household.bankCards[0].bankCardNo).toBe(cardMasked ? maskBankCard(card) : card);
    expect(household.bankCards[0].bankCardNo.endsWith('9492')).toBe(true);
    expect(household.bankCards[0].holder.idNumber).toBe(idMasked ? maskIdNumber(id) : id);
    for (const payment of household.bankPayments.nodes) {
      expect(payment.bankCardNo).toBe(cardMasked ? maskBankCard(card) : card);
      expect(payment.holderIdNumber).toBe(idMasked ? maskIdNumber(id) : id);
    }
    if (cardMasked) expect(JSON.stringify(household)).not.toContain(card);
    if (idMasked) expect(JSON.stringify(household)).not.toContain(id);
  });

  it('pages the payments in the order received, with a year filter and a capped page size', async () => {
    const expected = creditedTo('h1').map((p) => p.ref).sort((a, b) => paymentId.get(a)! - paymentId.get(b)!);
    const seen: string[] = [];
    let after: string | null = null;
    for (;;) {
      const response = await hub.send('query ($no: String!, $after: String) { household(householdNo: $no) { bankPayments(first: 2, after: $after) { totalCount pageInfo { hasNextPage hasPreviousPage endCursor } nodes { bankReference } } } }', {
        no: householdNo.get('h1'),
        after,
      });
      const page: { totalCount: number; pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean; endCursor: string }; nodes: Array<{ bankReference: string }> } = ok<{ household: { bankPayments: never } }>(response).household.bankPayments;
      expect(page.totalCount).toBe(expected.length);
      expect(page.nodes.length).toBeLessThanOrEqual(2);
      expect(page.pageInfo.hasPreviousPage).toBe(after !== null);
      seen.push(...page.nodes.map((n) => n.bankReference));
      if (!page.pageInfo.hasNextPage) break;
      after = page.pageInfo.endCursor;
    }
    expect(seen).toEqual(expected);

    const in2023 = await hub.send('query ($no: String!) { household(householdNo: $no) { bankPayments(year: 2023) { totalCount nodes { bankReference paidOn } } } }', { no: householdNo.get('h1') });
    const payments2023 = creditedTo('h1').filter((p) => p.paidOn.startsWith('2023-'));
    expect(ok<{ household: { bankPayments: { totalCount: number; nodes: Array<{ bankReference: string }> } } }>(in2023).household.bankPayments.nodes.map((n) => n.bankReference)).toEqual(payments2023.map((p) => p.ref));

    const tooMany = await hub.send('query ($no: String!) { household(householdNo: $no) { bankPayments(first: 101) { totalCount } } }', { no: householdNo.get('h1') });
    expect(codes(tooMany)).toEqual(['BAD_USER_INPUT']);
  });
});

describe('region scoping of cards and payments', () => {
  const NODE = 'query ($id: ID!) { node(id: $id) { id ... on BankPayment { amount bankReference } ... on BankCard { bankName } } }';

  it("shows a payment to keys of the credited household's region, or of the subsidy's, and one tied to no household only to whole-hub keys", async () => {
    const v1 = hub.as(await hub.createKey({ name: 'v1 official', role: 'OFFICIAL', regionCode: V1 }));
    const v2 = hub.as(await hub.createKey({ name: 'v2 official', role: 'OFFICIAL', regionCode: V2 }));
    const other = hub.as(await hub.createKey({ name: 'other official', role: 'OFFICIAL', regionCode: '520524200000' }));
    const admin = hub.as(await hub.createKey({ name: 'hub admin', role: 'ADMIN' }));
    const id = (ref: string) => ({ id: toGlobalId('BankPayment', paymentId.get(ref)!) });
    // B-s8: credited to h2 (V2), paying h1's subsidy (V1): both see it, the other township does not.
    expect(ok<{ node: { bankReference: string } }>(await v1.send(NODE, id('B-s8'))).node.bankReference).toBe('B-s8');
    expect(ok<{ node: { bankReference: string } }>(await v2.send(NODE, id('B-s8'))).node.bankReference).toBe('B-s8');
    expect(codes(await other.send(NODE, id('B-s8')))).toEqual(['FORBIDDEN']);
    // B-s10 reached no known card but pays h2's subsidy: V2 sees it, V1 does not.
    expect(ok<{ node: { amount: string } }>(await v2.send(NODE, id('B-s10'))).node.amount).toBe('100.00');
    expect(codes(await v1.send(NODE, id('B-s10')))).toEqual(['FORBIDDEN']);
    // Unidentified: only a whole-hub key.
    expect(codes(await v1.send(NODE, id('U-none-2024')))).toEqual(['FORBIDDEN']);
    expect(ok<{ node: { amount: string } }>(await admin.send(NODE, id('U-none-2024'))).node.amount).toBe('66.60');
    // Another township's card and payment, not yours and not there alike.
    const h3Card = await db.prisma.bankCard.findFirstOrThrow({ where: { householdId: householdId.get('h3') } });
    const foreign = await v1.send(NODE, { id: toGlobalId('BankCard', h3Card.id) });
    const missing = await v1.send(NODE, { id: toGlobalId('BankCard', 999_999) });
    expect(codes(foreign)).toEqual(['FORBIDDEN']);
    expect(foreign.errors).toEqual(missing.errors);
    expect(codes(await v1.send(NODE, id('U-h3-2024')))).toEqual(['FORBIDDEN']);
  });
});

describe('regionFundsFlow (区域资金流向)', () => {
  const QUERY = `query ($region: RegionCode!, $year: Int!) { regionFundsFlow(regionCode: $region, year: $year) { year region { code } ${FLOW_FIELDS}
      byDepartment { department { code } ${FLOW_FIELDS} } byCategory { category { code } ${FLOW_FIELDS} } unidentifiedPayments { count amount } } }`;
  type RegionFlow = Flow & { year: number; region: { code: string }; byDepartment: Array<Flow & { department: { code: string } }>; byCategory: Array<Flow & { category: { code: string } }>; unidentifiedPayments: { count: number; amount: string } | null };
  const prefixOf = (code: string) => (code.endsWith('000000') ? code.slice(0, 6) : code.endsWith('000') ? code.slice(0, 9) : code);
  const inRegion = (code: string) => (key: string) => HOUSEHOLDS.find((h) => h.key === key)!.regionCode.startsWith(prefixOf(code));

  function expectedRegion(code: string, year: number) {
    const sorted = <T>(entries: Map<string, T>) => [...entries].sort(([a], [b]) => (a < b ? -1 : 1)).map(([key, figures]) => ({ key, ...figures }));
    return {
      totals: expectedFlow(inRegion(code), year).get('') ?? ZERO,
      // Unmatched payments count for the department that delivered them: BANK.
      byDepartment: sorted(expectedFlow(inRegion(code), year, (s) => (s === null ? 'BANK' : programOf.get(s.program)!.departmentCode))),
      byCategory: sorted(expectedFlow(inRegion(code), year, (s) => (s === null ? null : programOf.get(s.program)!.categoryCode))),
    };
  }

  async function regionFlow(client: HubClient, code: string, year: number) {
    const flow = ok<{ regionFundsFlow: RegionFlow }>(await client.send(QUERY, { region: code, year })).regionFundsFlow;
    const { byDepartment, byCategory, region, year: asked, unidentifiedPayments, ...totals } = flow;
    expect(region.code).toBe(code);
    expect(asked).toBe(year);
    const sorted = <T extends { key: string }>(rows: T[]) => [...rows].sort((a, b) => (a.key < b.key ? -1 : 1));
    return {
      figures: {
        totals,
        byDepartment: sorted(byDepartment.map(({ department, ...f }) => ({ key: department.code, ...f }))),
        byCategory: sorted(byCategory.map(({ category, ...f }) => ({ key: category.code, ...f }))),
      },
      unidentifiedPayments,
    };
  }

  it.each([
    [TOWNSHIP, 2024],
    [V1, 2024],
    [V2, 2024],
    [COUNTY, 2024],
    [COUNTY, 2023],
    ['520524200000', 2024],
  ])('adds up for %s in %i to what the rows say', async (code, year) => {
    const { figures } = await regionFlow(hub, code, year);
    expect(figures).toEqual(expectedRegion(code, year));
  });

  it('adds up the households of a region to the region, and the departments to the totals', async () => {
    const { figures } = await regionFlow(hub, TOWNSHIP, 2024);
    const households = await Promise.all(['h1', 'h2'].map((key) => householdFlow(hub, key, 2024)));
    for (const field of ['approved', 'paid', 'unpaid', 'overpaid', 'underpaid', 'unmatched', 'unexplained'] as const) {
      expect(fenToYuan(sumFen(households.map((h) => h[field])))).toBe(figures.totals[field]);
      expect(fenToYuan(sumFen(figures.byDepartment.map((row) => row[field])))).toBe(figures.totals[field]);
    }
    expect(fenToYuan(sumFen(figures.byCategory.map((row) => row.approved)))).toBe(figures.totals.approved);
  });

  it('shows unidentified payments, hub-wide, only to a key that reads the whole hub', async () => {
    const expected = (year: number) => {
      const payments = UNMATCHED.filter((p) => p.creditedTo === null && p.paidOn.startsWith(`${year}-`));
      return { count: payments.length, amount: fenToYuan(sumFen(payments.map((p) => p.amount))) };
    };
    expect((await regionFlow(hub, COUNTY, 2024)).unidentifiedPayments).toEqual(expected(2024));
    expect((await regionFlow(hub, V1, 2025)).unidentifiedPayments).toEqual(expected(2025));
    const township = hub.as(await hub.createKey({ name: 'township auditor', role: 'AUDITOR', regionCode: TOWNSHIP }));
    expect((await regionFlow(township, TOWNSHIP, 2024)).unidentifiedPayments).toBeNull();
  });

  it("refuses a region outside the key's, wider or beside it, and takes one inside", async () => {
    const official = hub.as(await hub.createKey({ name: 'township official', role: 'OFFICIAL', regionCode: TOWNSHIP }));
    for (const code of [COUNTY, '520524200000', OTHER]) {
      const refused = await official.send(QUERY, { region: code, year: 2024 });
      expect(codes(refused)).toEqual(['FORBIDDEN']);
      expect(refused.data ?? null).toBeNull();
    }
    const { figures } = await regionFlow(official, V1, 2024);
    expect(figures).toEqual(expectedRegion(V1, 2024));
  });

  it('refuses an unknown region and a year outside 2000–2100', async () => {
    expect(codes(await hub.send(QUERY, { region: '520524100299', year: 2024 }))).toEqual(['BAD_USER_INPUT']);
    expect(codes(await hub.send(QUERY, { region: TOWNSHIP, year: 2101 }))).toEqual(['BAD_USER_INPUT']);
  });
});

describe('the documented operations (schema/operations/funds-flow.graphql)', () => {
  it('run within the hub’s depth and cost limits and agree with the field-by-field answers', async () => {
    const household = await hub.execute(HouseholdFundsFlowDocument, { householdNo: householdNo.get('h1')!, year: 2024 });
    expect(household.errors).toBeUndefined();
    const { year, ...figures } = household.data!.household!.fundsFlow;
    expect(year).toBe(2024);
    expect(figures).toEqual(expectedFlow((key) => key === 'h1', 2024).get(''));
    expect(household.data!.household!.subsidies.map((s) => s.disbursement.status).sort()).toEqual(['AWAITING_PAYMENT', 'NOT_EXPECTED', 'NOT_EXPECTED', 'PAID_IN_FULL', 'PAID_IN_FULL', 'PAID_OVER', 'PAID_SHORT']);
    const region = await hub.execute(RegionFundsFlowDocument, { regionCode: TOWNSHIP, year: 2024 });
    expect(region.errors).toBeUndefined();
    expect(region.data!.regionFundsFlow.unexplained).toBe(expectedFlow((key) => key !== 'h3', 2024).get('')!.unexplained);
  });
});

describe('reconciliation settings (对账参数)', () => {
  const CREATE = 'mutation ($input: CreateReconciliationSettingInput!) { createReconciliationSetting(input: $input) { reconciliationSetting { effectiveFrom leadDays windowDays maxSplitParts changeNote createdBy } userErrors { field code message messageZh } } }';
  const LIST = '{ reconciliationSettings { effectiveFrom leadDays windowDays maxSplitParts changeNote createdBy } }';
  type Payload = { createReconciliationSetting: { reconciliationSetting: Record<string, unknown> | null; userErrors: Array<{ field: string[]; code: string; message: string; messageZh: string }> } };
  const valid = { effectiveFrom: '2025-01-01', leadDays: 5, windowDays: 120, maxSplitParts: 6, changeNote: '延长到账期限' };
  let admin: HubClient;

  beforeAll(async () => {
    admin = hub.as(await hub.createKey({ name: 'settings admin', role: 'ADMIN' }));
  });

  it('starts with the seeded default', async () => {
    const { reconciliationSettings } = ok<{ reconciliationSettings: Array<Record<string, unknown>> }>(await hub.send(LIST));
    expect(reconciliationSettings).toEqual([expect.objectContaining({ effectiveFrom: '2014-01-01', leadDays: 0, windowDays: 90, maxSplitParts: 4, createdBy: 'seed' })]);
  });

  it.each([
    [{ windowDays: 0 }, 'windowDays'],
    [{ windowDays: 731 }, 'windowDays'],
    [{ leadDays: -1 }, 'leadDays'],
    [{ leadDays: 91 }, 'leadDays'],
    [{ maxSplitParts: 0 }, 'maxSplitParts'],
    [{ maxSplitParts: 13 }, 'maxSplitParts'],
    [{ changeNote: '  ' }, 'changeNote'],
    [{ effectiveFrom: '2014-01-01' }, 'effectiveFrom'],
  ])('refuses %p naming %s, saving and auditing nothing', async (change, field) => {
    const [settings, audits] = [await db.prisma.reconciliationSetting.count(), await db.prisma.auditEntry.count()];
    const payload = ok<Payload>(await admin.send(CREATE, { input: { ...valid, ...change } })).createReconciliationSetting;
    expect(payload.reconciliationSetting).toBeNull();
    expect(payload.userErrors.map((e) => e.field)).toEqual([['input', field]]);
    expect(payload.userErrors[0].messageZh).toBeTruthy();
    expect(await db.prisma.reconciliationSetting.count()).toBe(settings);
    expect(await db.prisma.auditEntry.count()).toBe(audits);
  });

  it('names every field at fault at once', async () => {
    const payload = ok<Payload>(await admin.send(CREATE, { input: { ...valid, leadDays: 100, windowDays: 1000, maxSplitParts: 20, changeNote: '' } })).createReconciliationSetting;
    expect(payload.userErrors.map((e) => e.field[1]).sort()).toEqual(['changeNote', 'leadDays', 'maxSplitParts', 'windowDays']);
  });

  it('accepts the bounds, lists settings oldest first, and audits the change', async () => {
    for (const input of [valid, { effectiveFrom: '2026-01-01', leadDays: 90, windowDays: 730, maxSplitParts: 12, changeNote: '上限' }, { effectiveFrom: '2020-01-01', leadDays: 0, windowDays: 1, maxSplitParts: 1, changeNote: '下限' }]) {
      const payload = ok<Payload>(await admin.send(CREATE, { input })).createReconciliationSetting;
      expect(payload.userErrors).toEqual([]);
      expect(payload.reconciliationSetting).toEqual({ ...input, createdBy: 'settings admin' });
    }
    const { reconciliationSettings } = ok<{ reconciliationSettings: Array<{ effectiveFrom: string }> }>(await hub.send(LIST));
    expect(reconciliationSettings.map((s) => s.effectiveFrom)).toEqual(['2014-01-01', '2020-01-01', '2025-01-01', '2026-01-01']);
    const all = await db.prisma.auditEntry.findMany({ where: { fields: { has: 'ReconciliationSetting' } }, orderBy: { id: 'asc' } });
    expect(all.map((entry) => [entry.actor, (entry.detail as { effectiveFrom: string }).effectiveFrom])).toEqual([
      ['settings admin', '2025-01-01'],
      ['settings admin', '2026-01-01'],
      ['settings admin', '2020-01-01'],
    ]);
  });

  it('is for administrators only', async () => {
    const auditor = hub.as(await hub.createKey({ name: 'settings auditor', role: 'AUDITOR' }));
    const before = await db.prisma.reconciliationSetting.count();
    expect(codes(await auditor.send(CREATE, { input: { ...valid, effectiveFrom: '2030-01-01' } }))).toEqual(['FORBIDDEN']);
    expect(await db.prisma.reconciliationSetting.count()).toBe(before);
  });
});
