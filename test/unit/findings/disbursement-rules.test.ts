import { monthIndex } from '../../../src/domain/dates';
import { matchPayments, type BankPaymentFact } from '../../../src/modules/disbursement/payment-matching';
import { detectFindings, type DetectedFinding, type HouseholdFacts, type SubsidyFact } from '../../../src/modules/findings/detector';
import type { CardFact, ForeignPaymentFact } from '../../../src/modules/findings/disbursement-checks';
import { CATALOGUE, DEFAULT_RULE_SPECS, household, subsidy } from '../../support/rule-fixtures';

const SETTINGS = { leadDays: 0, windowDays: 90, maxSplitParts: 4 };
const OWN_CARD = '6217003360724349703';
const OTHER_CARD = '6217003316923954589';
let nextPayment = 1;

const payment = (paidOn: string, amountFen: number, overrides: Partial<BankPaymentFact> = {}): BankPaymentFact => ({
  id: nextPayment++,
  version: 1,
  cardNo: OWN_CARD,
  amountFen,
  paidOn,
  referencedSubsidyId: null,
  ...overrides,
});

const card = (cardNo: string, householdId: number, holderMemberId = 7, overrides: Partial<CardFact> = {}): CardFact => ({ id: householdId * 10, householdId, holderMemberId, cardNo, openedOn: '2016-01-01', closedOn: null, ...overrides });

interface Books {
  payments?: BankPaymentFact[];
  cards?: CardFact[];
  registrations?: CardFact[];
  foreign?: ForeignPaymentFact[];
  covered?: string[];
  asOf?: string;
  facts?: Partial<HouseholdFacts>;
}

/** Detection for one household whose payments are matched the way a detection run matches them. */
function reconcile(subsidies: SubsidyFact[], books: Books = {}): DetectedFinding[] {
  const payments = books.payments ?? [];
  const cards = books.cards ?? [card(OWN_CARD, 1)];
  const registrations = new Map<string, CardFact[]>();
  for (const c of [...cards, ...(books.registrations ?? [])]) registrations.set(c.cardNo, [...(registrations.get(c.cardNo) ?? []), c]);
  const facts = household(subsidies, books.facts);
  facts.disbursement = {
    payments,
    foreignPayments: books.foreign ?? [],
    cards,
    registrations,
    allocation: matchPayments(subsidies, payments, () => SETTINGS),
    settingsFor: () => SETTINGS,
    coveredMonths: new Set((books.covered ?? ['2024-01', '2024-02', '2024-03', '2024-04', '2024-05', '2024-06', '2024-07', '2024-08', '2024-09', '2024-10', '2024-11']).map(monthIndex)),
    asOf: books.asOf ?? '2024-12-01',
  };
  return detectFindings(facts, DEFAULT_RULE_SPECS, CATALOGUE).filter((f) => f.ruleCode.startsWith('BANK-'));
}

const codes = (findings: DetectedFinding[]) => findings.map((f) => f.ruleCode);
const dibao = (month: string, amountFen = 142_000) =>
  subsidy('CIV_DIBAO', `2024-${month}-01`, `2024-${month}-28`, { amountFen, approvedOn: `2024-${month}-01`, state: 'APPROVED', paidOn: null, year: 2024 });

describe('NOT_PAID: approved but not paid', () => {
  test('a June 低保 with no payment 20 days after approval, June reported by the bank, is a finding for the whole amount', () => {
    const june = dibao('06');
    const [finding] = reconcile([june]);
    expect(finding).toMatchObject({ ruleCode: 'BANK-UNPAID-LIVING', subsidyIds: [june.id], paymentIds: [], amountAtRiskFen: 142_000, departmentCodes: ['CIVIL'] });
    expect(finding.explanation).toContain('已批未发');
  });

  test('nothing while the bank has not reported the months of the window, or before the due date', () => {
    expect(reconcile([dibao('06')], { covered: ['2024-05', '2024-07'] })).toEqual([]);
    expect(reconcile([dibao('06')], { asOf: '2024-06-21' })).toEqual([]);
    expect(codes(reconcile([dibao('06')], { asOf: '2024-06-22' }))).toEqual(['BANK-UNPAID-LIVING']);
  });

  test('a payment a day inside the matching window settles it', () => {
    const june = dibao('06');
    expect(reconcile([june], { payments: [payment('2024-09-25', 142_000)] })).toEqual([]);
    expect(codes(reconcile([june], { payments: [payment('2024-09-27', 142_000)] }))).toEqual(['BANK-UNPAID-LIVING']);
  });

  test('a department that reports the subsidy paid while no bank paid it is told to trace the money', () => {
    const reported = { ...dibao('06'), state: 'PAID' as const, paidOn: '2024-06-10' };
    const [finding] = reconcile([reported]);
    expect(finding.ruleCode).toBe('BANK-UNPAID-LIVING');
    expect(finding.explanation).toContain('部门记录为 2024-06-10 已发放');
    expect(reconcile([dibao('06')])[0].explanation).not.toContain('部门记录');
  });

  test('project funds are due 60 days after the period ends', () => {
    const goat = subsidy('AGR_GOAT', '2024-03-01', '2024-07-31', { amountFen: 640_000, approvedOn: '2024-03-01', state: 'APPROVED', paidOn: null });
    expect(codes(reconcile([goat]))).toEqual(['BANK-UNPAID']);
    expect(reconcile([goat], { covered: ['2024-03', '2024-04', '2024-05', '2024-06', '2024-07', '2024-08'] })).toEqual([]);
    expect(reconcile([goat], { asOf: '2024-09-29' })).toEqual([]);
  });
});

describe('PAID_AMOUNT_MISMATCH and PAID_TWICE', () => {
  test('paid less and paid more are findings for the difference', () => {
    const june = dibao('06');
    const [short] = reconcile([june], { payments: [payment('2024-06-10', 120_000)] });
    expect(short).toMatchObject({ ruleCode: 'BANK-AMOUNT', amountAtRiskFen: 22_000 });
    expect(short.explanation).toContain('少发');
    const [over] = reconcile([june], { payments: [payment('2024-06-10', 150_000)] });
    expect(over).toMatchObject({ ruleCode: 'BANK-AMOUNT', amountAtRiskFen: 8_000 });
    expect(over.explanation).toContain('多发');
  });

  test('a split payment summing exactly to the approval raises nothing', () => {
    expect(reconcile([dibao('06')], { payments: [payment('2024-06-10', 100_000), payment('2024-06-20', 42_000)] })).toEqual([]);
  });

  test('paid twice is one finding for the repeat, not also an overpayment', () => {
    const june = dibao('06');
    const first = payment('2024-06-10', 142_000);
    const again = payment('2024-06-10', 142_000);
    const findings = reconcile([june], { payments: [first, again] });
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ ruleCode: 'BANK-TWICE', amountAtRiskFen: 142_000, paymentIds: [first.id, again.id].sort((a, b) => a - b) });
  });

  test('two payments quoting the same reference are paid twice too', () => {
    const june = dibao('06');
    const quoted = [payment('2024-06-10', 142_000, { referencedSubsidyId: june.id }), payment('2024-07-10', 142_000, { referencedSubsidyId: june.id })];
    expect(codes(reconcile([june], { payments: quoted }))).toEqual(['BANK-TWICE']);
  });
});

describe('PAID_TO_OTHER_CARD', () => {
  test('a payment quoting the subsidy but sent to a card registered to another household', () => {
    const june = dibao('06');
    const sent = payment('2024-06-10', 142_000, { cardNo: OTHER_CARD, referencedSubsidyId: june.id });
    const [finding] = reconcile([june], { payments: [sent], registrations: [card(OTHER_CARD, 2)] });
    expect(finding).toMatchObject({ ruleCode: 'BANK-OTHER-CARD', paymentIds: [sent.id], amountAtRiskFen: 142_000 });
    expect(finding.explanation).toContain('尾号4589');
    expect(finding.explanation).not.toContain(OTHER_CARD);
  });

  test('nothing for the household’s own card, or when the hub knows no card of the household to compare with', () => {
    const june = dibao('06');
    expect(reconcile([june], { payments: [payment('2024-06-10', 142_000, { referencedSubsidyId: june.id })] })).toEqual([]);
    expect(reconcile([june], { cards: [], payments: [payment('2024-06-10', 142_000, { cardNo: OTHER_CARD, referencedSubsidyId: june.id })] })).toEqual([]);
  });

  test('a card closed before the payment no longer counts as the household’s', () => {
    const june = dibao('06');
    const closed = card(OWN_CARD, 1, 7, { closedOn: '2024-05-31' });
    expect(codes(reconcile([june], { cards: [closed, card(OTHER_CARD, 1)], payments: [payment('2024-06-10', 142_000, { referencedSubsidyId: june.id })] }))).toEqual(['BANK-OTHER-CARD']);
  });
});

describe('CARD_SHARED_ACROSS_DEPARTMENTS', () => {
  const agri = () => subsidy('AGR_GOAT', '2024-04-01', '2024-08-31', { amountFen: 640_000, approvedOn: '2024-04-01', state: 'APPROVED', paidOn: null });
  const povertyOfNeighbour = () => subsidy('POV_INDUSTRY_GOAT', '2024-05-01', '2024-09-30', { amountFen: 500_000, approvedOn: '2024-05-01', state: 'APPROVED', paidOn: null });

  test('the card receives livestock funds from agriculture for its household and from the poverty office for another household', () => {
    const own = agri();
    const neighbour = povertyOfNeighbour();
    const foreign: ForeignPaymentFact = { ...payment('2024-06-01', 500_000, { referencedSubsidyId: neighbour.id }), subsidy: neighbour, householdId: 2 };
    const [finding] = reconcile([own], { payments: [payment('2024-05-15', 640_000)], foreign: [foreign] });
    expect(finding).toMatchObject({ ruleCode: 'BANK-CARD-SHARED', subsidyIds: [own.id, neighbour.id].sort((a, b) => a - b), amountAtRiskFen: 500_000, departmentCodes: ['AGRI', 'POVERTY'] });
  });

  test('nothing when one department pays both, or when all of it is the household’s own (the 多策合一 rules judge that)', () => {
    const own = agri();
    const neighbour = subsidy('AGR_GOAT', '2024-05-01', '2024-09-30', { amountFen: 500_000, approvedOn: '2024-05-01', state: 'APPROVED', paidOn: null });
    const foreign: ForeignPaymentFact = { ...payment('2024-06-01', 500_000, { referencedSubsidyId: neighbour.id }), subsidy: neighbour, householdId: 2 };
    expect(reconcile([own], { payments: [payment('2024-05-15', 640_000)], foreign: [foreign] })).toEqual([]);
    const second = povertyOfNeighbour();
    expect(reconcile([own, second], { payments: [payment('2024-05-15', 640_000), payment('2024-06-01', 500_000)] })).toEqual([]);
  });
});

describe('PAID_AFTER_DEATH_OR_EXIT', () => {
  const tekun = () => subsidy('CIV_TEKUN', '2024-01-01', '2024-12-31', { amountFen: 678_000, approvedOn: '2024-01-05', state: 'APPROVED', paidOn: null, memberId: 9 });

  test('a personal payment after the beneficiary died, and a payment to the card of a holder who died', () => {
    const personal = tekun();
    const [afterDeath] = reconcile([personal], { payments: [payment('2024-03-20', 678_000)], facts: { deceasedOn: new Map([[9, '2024-03-01']]) } });
    expect(afterDeath).toMatchObject({ ruleCode: 'BANK-AFTER-DEATH', memberIds: [9], amountAtRiskFen: 678_000 });
    const june = dibao('06');
    expect(codes(reconcile([june], { payments: [payment('2024-06-10', 142_000)], facts: { deceasedOn: new Map([[7, '2024-05-02']]) } }))).toEqual(['BANK-AFTER-DEATH']);
  });

  test('nothing for a payment before the death', () => {
    expect(reconcile([tekun()], { payments: [payment('2024-01-20', 678_000)], facts: { deceasedOn: new Map([[9, '2024-03-01']]) } })).toEqual([]);
  });

  test('a poverty-office payment after the 36-month transition, judged on the day the bank paid', () => {
    const credit = subsidy('POV_MICROCREDIT', '2024-01-01', '2024-12-31', { amountFen: 130_500, approvedOn: '2024-01-15', state: 'APPROVED', paidOn: null });
    const exited = { statusChanges: [{ status: 'ASSISTED' as const, effectiveOn: '2016-01-01' }, { status: 'EXITED' as const, effectiveOn: '2020-12-01' }] };
    expect(codes(reconcile([credit], { payments: [payment('2024-03-10', 130_500)], facts: exited }))).toEqual(['BANK-AFTER-EXIT']);
    expect(reconcile([credit], { payments: [payment('2023-11-30', 130_500)], facts: exited })).toEqual([]);
  });
});
