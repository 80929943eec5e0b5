import fc from 'fast-check';
import { matchPayments, paymentWindow, type BankPaymentFact, type MatchSettings } from '../../../src/modules/disbursement/payment-matching';
import { addDays } from '../../../src/domain/dates';
import { subsidy } from '../../support/rule-fixtures';

const SETTINGS: MatchSettings = { leadDays: 0, windowDays: 90, maxSplitParts: 4 };
const settings = () => SETTINGS;
let nextPayment = 1;
const CARD = '6217003360724349703';

function payment(paidOn: string, amountFen: number, overrides: Partial<BankPaymentFact> = {}): BankPaymentFact {
  return { id: nextPayment++, version: 1, cardNo: CARD, amountFen, paidOn, referencedSubsidyId: null, ...overrides };
}

const monthly = (month: number, amountFen = 142_000) => {
  const start = `2024-${String(month).padStart(2, '0')}-01`;
  const end = addDays(`2024-${String(month + 1).padStart(2, '0')}-01`, -1);
  return subsidy('CIV_DIBAO', start, end, { amountFen, approvedOn: start, state: 'APPROVED', paidOn: null, year: 2024 });
};

describe('matching bank payments to approved subsidies', () => {
  test('the window runs from the approval (or period start) to the period end (or approval) plus windowDays', () => {
    const s = subsidy('CIV_MEDICAL', '2024-03-01', '2024-03-01', { approvedOn: '2024-03-20', state: 'APPROVED' });
    expect(paymentWindow(s, SETTINGS)).toEqual({ from: '2024-03-01', to: addDays('2024-03-20', 90) });
    expect(paymentWindow(s, { ...SETTINGS, leadDays: 5 }).from).toBe('2024-02-25');
  });

  test('a payment on the last day of the window matches; a day later it does not', () => {
    const s = subsidy('CIV_MEDICAL', '2024-03-01', '2024-03-01', { approvedOn: '2024-03-01', state: 'APPROVED', amountFen: 50_000 });
    const inside = payment(addDays('2024-03-01', 90), 50_000);
    const outside = payment(addDays('2024-03-01', 91), 50_000);
    expect(matchPayments([s], [inside], settings).get(inside.id)).toEqual({ subsidyId: s.id, match: 'EXACT' });
    expect(matchPayments([s], [outside], settings).size).toBe(0);
  });

  test('the payment reference decides before amount and date, and binds the payment to that subsidy only', () => {
    const a = monthly(6);
    const b = monthly(7);
    const quoted = payment('2024-06-10', 100_000, { referencedSubsidyId: b.id });
    const plain = payment('2024-06-10', 142_000);
    const result = matchPayments([a, b], [quoted, plain], settings);
    expect(result.get(quoted.id)).toEqual({ subsidyId: b.id, match: 'REFERENCE' });
    expect(result.get(plain.id)).toEqual({ subsidyId: a.id, match: 'EXACT' });
  });

  test('a missing month is blamed on that month, not on the last one', () => {
    const months = [1, 2, 3, 4, 5, 6].map((m) => monthly(m));
    const paid = [1, 3, 4, 5, 6].map((m) => payment(`2024-0${m}-10`, 142_000));
    const result = matchPayments(months, paid, settings);
    const matched = new Set([...result.values()].map((a) => a.subsidyId));
    expect(months.filter((s) => !matched.has(s.id)).map((s) => s.startDate)).toEqual(['2024-02-01']);
  });

  test('several payments summing exactly to the approval match as a split; a sum one fen short does not', () => {
    const s = subsidy('POV_INDUSTRY_GOAT', '2024-04-01', '2024-08-31', { approvedOn: '2024-04-01', state: 'APPROVED', amountFen: 600_000 });
    const parts = [payment('2024-05-01', 200_000), payment('2024-06-01', 250_000), payment('2024-07-01', 150_000)];
    const result = matchPayments([s], parts, settings);
    expect(parts.map((p) => result.get(p.id)?.match)).toEqual(['SPLIT', 'SPLIT', 'SPLIT']);
    const short = [payment('2024-05-01', 200_000), payment('2024-06-01', 399_999)];
    const shortResult = matchPayments([s], short, settings);
    expect([...shortResult.values()].map((a) => a.match)).toEqual(['AMOUNT_DIFFERS']);
  });

  test('a split may not have more parts than the setting allows', () => {
    const s = subsidy('POV_INDUSTRY_GOAT', '2024-04-01', '2024-08-31', { approvedOn: '2024-04-01', state: 'APPROVED', amountFen: 300_000 });
    const parts = [1, 2, 3].map((k) => payment(`2024-05-0${k}`, 100_000));
    expect([...matchPayments([s], parts, () => ({ ...SETTINGS, maxSplitParts: 2 })).values()].map((a) => a.match)).toEqual(['AMOUNT_DIFFERS']);
    expect([...matchPayments([s], parts, settings).values()].map((a) => a.match)).toEqual(['SPLIT', 'SPLIT', 'SPLIT']);
  });

  test('a second payment of an amount already paid is a repeat', () => {
    const s = monthly(6);
    const first = payment('2024-06-10', 142_000);
    const again = payment('2024-06-12', 142_000);
    const result = matchPayments([s], [first, again], settings);
    expect(result.get(first.id)?.match).toBe('EXACT');
    expect(result.get(again.id)).toEqual({ subsidyId: s.id, match: 'REPEAT' });
  });

  test('withdrawn and merely applied-for subsidies expect no payment', () => {
    const withdrawn = subsidy('CIV_MEDICAL', '2024-03-01', '2024-03-01', { approvedOn: '2024-03-01', state: 'WITHDRAWN', amountFen: 50_000 });
    const applied = subsidy('CIV_MEDICAL', '2024-03-01', '2024-03-01', { approvedOn: null, state: 'APPLIED', amountFen: 50_000 });
    expect(matchPayments([withdrawn, applied], [payment('2024-03-05', 50_000), payment('2024-03-06', 50_000, { referencedSubsidyId: withdrawn.id })], settings).size).toBe(0);
  });

  test('property: the result does not depend on the order of subsidies or payments, and a payment matches at most one subsidy', () => {
    const months = [1, 2, 3, 4, 5, 6, 7, 8].map((m) => monthly(m, 100_000 + (m % 3) * 10_000));
    const pool = months.flatMap((s, k) => [payment(addDays(s.startDate, 9), s.amountFen), ...(k % 3 === 0 ? [payment(addDays(s.startDate, 11), s.amountFen)] : [])]);
    fc.assert(
      fc.property(fc.shuffledSubarray(pool, { minLength: 0, maxLength: pool.length }), (payments) => {
        const forward = matchPayments(months, payments, settings);
        const backward = matchPayments([...months].reverse(), [...payments].reverse(), settings);
        expect([...backward].sort((a, b) => a[0] - b[0])).toEqual([...forward].sort((a, b) => a[0] - b[0]));
        for (const [id] of forward) expect(payments.some((p) => p.id === id)).toBe(true);
      }),
      { numRuns: 60 },
    );
  });
});
