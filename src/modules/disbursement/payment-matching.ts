import type { PaymentMatch, SubsidyState } from '../../generated/prisma/enums';
import { addDays, daysBetween } from '../../domain/dates';

/** A subsidy as reconciliation sees it. Dates are ISO (YYYY-MM-DD); amounts are fen. */
export interface ExpectedPayment {
  id: number;
  amountFen: number;
  startDate: string;
  endDate: string;
  state: SubsidyState;
  approvedOn: string | null;
}

/** One bank payment (代发明细) a household's reconciliation may use. */
export interface BankPaymentFact {
  id: number;
  version: number;
  cardNo: string;
  amountFen: number;
  paidOn: string;
  /** The subsidy whose payment reference the payment quotes, if one does: it can match no other. */
  referencedSubsidyId: number | null;
}

/** How payments are matched (对账参数), from the reconciliation setting in force. */
export interface MatchSettings {
  leadDays: number;
  windowDays: number;
  maxSplitParts: number;
}

export interface PaymentAllocation {
  subsidyId: number;
  match: PaymentMatch;
}

/** Subsidies a bank payment is expected for: approved (or already reported paid), not withdrawn. */
export const expectsPayment = (s: Pick<ExpectedPayment, 'state'>): boolean => s.state === 'APPROVED' || s.state === 'PAID';

/** The day the payment is due from: the approval, or the period start for records that carry none. */
export const anchorOf = (s: ExpectedPayment): string => s.approvedOn ?? s.startDate;

/** The days a payment may fall on and still be this subsidy's: from approval (or period start) to period end (or approval) plus the window. */
export function paymentWindow(s: ExpectedPayment, settings: MatchSettings): { from: string; to: string } {
  const anchor = anchorOf(s);
  return {
    from: addDays(anchor < s.startDate ? anchor : s.startDate, -settings.leadDays),
    to: addDays(anchor > s.endDate ? anchor : s.endDate, settings.windowDays),
  };
}

/** Most payments the split search looks at for one subsidy: keeps the subset search small. */
const SPLIT_CANDIDATES = 16;

/**
 * Matches a household's payments to its approved subsidies, in passes from the surest to the
 * weakest: the payment reference; the exact amount inside the window (closest to the approval
 * first, so one missing month is not blamed on the last); several payments summing exactly (分笔);
 * a repeat of an amount already paid (重复); the one payment left in the window, of another amount.
 * Deterministic: ties go to the earlier date, then the lower id.
 */
export function matchPayments(
  subsidies: readonly ExpectedPayment[],
  payments: readonly BankPaymentFact[],
  settingsFor: (subsidy: ExpectedPayment) => MatchSettings,
): Map<number, PaymentAllocation> {
  const expected = subsidies.filter(expectsPayment).sort((a, b) => compare(anchorOf(a), anchorOf(b)) || a.id - b.id);
  const windows = new Map(expected.map((s) => [s.id, paymentWindow(s, settingsFor(s))]));
  const allocation = new Map<number, PaymentAllocation>();
  const paidBy = new Map<number, BankPaymentFact[]>();
  const assign = (p: BankPaymentFact, s: ExpectedPayment, match: PaymentMatch) => {
    allocation.set(p.id, { subsidyId: s.id, match });
    (paidBy.get(s.id) ?? paidBy.set(s.id, []).get(s.id)!).push(p);
  };
  const byId = new Map(expected.map((s) => [s.id, s]));
  for (const p of payments) {
    const s = p.referencedSubsidyId === null ? undefined : byId.get(p.referencedSubsidyId);
    if (s) assign(p, s, 'REFERENCE');
  }
  const free = () => payments.filter((p) => p.referencedSubsidyId === null && !allocation.has(p.id)).sort(byDate);
  const inWindow = (p: BankPaymentFact, s: ExpectedPayment) => {
    const w = windows.get(s.id)!;
    return p.paidOn >= w.from && p.paidOn <= w.to;
  };
  const unpaid = () => expected.filter((s) => !paidBy.has(s.id));

  const pairs: Array<{ s: ExpectedPayment; p: BankPaymentFact; distance: number }> = [];
  for (const s of unpaid()) for (const p of free()) if (p.amountFen === s.amountFen && inWindow(p, s)) pairs.push({ s, p, distance: Math.abs(daysBetween(anchorOf(s), p.paidOn)) });
  pairs.sort((a, b) => a.distance - b.distance || byDate(a.p, b.p) || a.s.id - b.s.id);
  for (const { s, p } of pairs) if (!paidBy.has(s.id) && !allocation.has(p.id)) assign(p, s, 'EXACT');

  for (const s of unpaid()) {
    const candidates = free().filter((p) => p.amountFen < s.amountFen && inWindow(p, s)).slice(0, SPLIT_CANDIDATES);
    const parts = subsetSummingTo(candidates, s.amountFen, settingsFor(s).maxSplitParts);
    for (const p of parts ?? []) assign(p, s, 'SPLIT');
  }

  for (const p of free()) {
    const repeated = expected
      .filter((s) => paidBy.has(s.id) && inWindow(p, s) && (p.amountFen === s.amountFen || paidBy.get(s.id)!.some((q) => q.amountFen === p.amountFen)))
      .sort((a, b) => Math.abs(daysBetween(anchorOf(a), p.paidOn)) - Math.abs(daysBetween(anchorOf(b), p.paidOn)) || a.id - b.id)[0];
    if (repeated) assign(p, repeated, 'REPEAT');
  }

  for (const s of unpaid()) {
    const nearest = free()
      .filter((p) => inWindow(p, s))
      .sort((a, b) => Math.abs(a.amountFen - s.amountFen) - Math.abs(b.amountFen - s.amountFen) || byDate(a, b))[0];
    if (nearest) assign(nearest, s, 'AMOUNT_DIFFERS');
  }
  return allocation;
}

/** The first subset (in date order) of 2 to maxParts payments whose amounts sum exactly to the target. */
function subsetSummingTo(candidates: BankPaymentFact[], targetFen: number, maxParts: number): BankPaymentFact[] | null {
  const chosen: BankPaymentFact[] = [];
  const search = (from: number, remaining: number): boolean => {
    if (remaining === 0) return chosen.length >= 2;
    if (chosen.length === maxParts) return false;
    for (let i = from; i < candidates.length; i++) {
      if (candidates[i].amountFen > remaining) continue;
      chosen.push(candidates[i]);
      if (search(i + 1, remaining - candidates[i].amountFen)) return true;
      chosen.pop();
    }
    return false;
  };
  return search(0, targetFen) ? [...chosen] : null;
}

const compare = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
const byDate = (a: BankPaymentFact, b: BankPaymentFact) => compare(a.paidOn, b.paidOn) || a.id - b.id;
