import type { PolicyRuleKind } from '../../generated/prisma/enums';
import { addDays, monthIndex } from '../../domain/dates';
import { fenToYuan, yuanToFen } from '../../domain/money';
import { anchorOf, expectsPayment, paymentWindow, type BankPaymentFact, type ExpectedPayment, type MatchSettings, type PaymentAllocation } from '../disbursement/payment-matching';
import type { Candidate, HouseholdFacts, ProgramCatalogue, SubsidyFact } from './detector';
import { isEligible, standingEn, standingOn, standingZh } from './standing';
import type { RuleParametersByKind } from './rule-parameters';

/** A bank card on record (一户一卡), with the days it was open. */
export interface CardFact {
  id: number;
  householdId: number;
  holderMemberId: number;
  cardNo: string;
  openedOn: string | null;
  closedOn: string | null;
}

/** A payment to one of this household's cards that another household's subsidy claims by its reference. */
export interface ForeignPaymentFact extends BankPaymentFact {
  subsidy: SubsidyFact;
  householdId: number;
}

/** What reconciliation knows of one household's money: its payments, its cards and how they matched. */
export interface DisbursementFacts {
  /** Payments this household's reconciliation owns: those quoting its subsidies, else those resolved to it. */
  payments: BankPaymentFact[];
  /** Payments to this household's cards that quote other households' subsidies. */
  foreignPayments: ForeignPaymentFact[];
  /** The household's own registered cards. */
  cards: CardFact[];
  /** Every registration of the card numbers its payments went to, whichever household holds them. */
  registrations: ReadonlyMap<string, CardFact[]>;
  allocation: ReadonlyMap<number, PaymentAllocation>;
  settingsFor: (subsidy: ExpectedPayment) => MatchSettings;
  /** Months (monthIndex) for which a bank has reported payments. */
  coveredMonths: ReadonlySet<number>;
  /** The day of the run: a due date must have passed. */
  asOf: string;
}

type Check<K extends keyof RuleParametersByKind> = (subsidies: SubsidyFact[], facts: HouseholdFacts, parameters: RuleParametersByKind[K], programs: ProgramCatalogue) => Candidate[];

const inScope = (categories: readonly string[], s: SubsidyFact, programs: ProgramCatalogue) => categories.length === 0 || categories.includes(programs.get(s.programId)!.categoryCode);
const total = (payments: readonly BankPaymentFact[]) => payments.reduce((sum, p) => sum + p.amountFen, 0);
const tail = (cardNo: string) => cardNo.slice(-4);
const byDate = (a: BankPaymentFact, b: BankPaymentFact) => (a.paidOn < b.paidOn ? -1 : a.paidOn > b.paidOn ? 1 : a.id - b.id);

/** The payments matched to each of the household's subsidies, in date order. */
function paymentsBySubsidy(d: DisbursementFacts): Map<number, BankPaymentFact[]> {
  const bySubsidy = new Map<number, BankPaymentFact[]>();
  for (const p of d.payments) {
    const a = d.allocation.get(p.id);
    if (a) (bySubsidy.get(a.subsidyId) ?? bySubsidy.set(a.subsidyId, []).get(a.subsidyId)!).push(p);
  }
  for (const list of bySubsidy.values()) list.sort(byDate);
  return bySubsidy;
}

function paidSubsidies(subsidies: SubsidyFact[], facts: HouseholdFacts, categories: readonly string[], programs: ProgramCatalogue): Array<{ s: SubsidyFact; paid: BankPaymentFact[] }> {
  const d = facts.disbursement;
  if (!d) return [];
  const bySubsidy = paymentsBySubsidy(d);
  return subsidies.filter((s) => bySubsidy.has(s.id) && inScope(categories, s, programs)).map((s) => ({ s, paid: bySubsidy.get(s.id)! }));
}

/** Paid twice: a repeat was matched, or two payments each of the full amount. */
function isPaidTwice(s: SubsidyFact, paid: BankPaymentFact[], allocation: ReadonlyMap<number, PaymentAllocation>): boolean {
  return paid.some((p) => allocation.get(p.id)!.match === 'REPEAT') || paid.filter((p) => p.amountFen === s.amountFen).length >= 2;
}

const nameZh = (s: SubsidyFact, programs: ProgramCatalogue) => `${programs.get(s.programId)!.departmentName}「${programs.get(s.programId)!.name}」`;
const nameEn = (s: SubsidyFact, programs: ProgramCatalogue) => `${programs.get(s.programId)!.departmentNameEn} ${programs.get(s.programId)!.code}`;
const periodOf = (s: SubsidyFact) => (s.startDate === s.endDate ? s.startDate : `${s.startDate}~${s.endDate}`);
const paymentsZh = (paid: readonly BankPaymentFact[]) => paid.map((p) => `${p.paidOn} 尾号${tail(p.cardNo)} ${fenToYuan(p.amountFen)} 元`).join('；');
const paymentsEn = (paid: readonly BankPaymentFact[]) => paid.map((p) => `${p.paidOn} to card ending ${tail(p.cardNo)}, ${fenToYuan(p.amountFen)} yuan`).join('; ');

function base(s: SubsidyFact, paid: BankPaymentFact[], amountAtRiskFen: number) {
  return {
    subsidies: [s],
    subsidyIds: [s.id],
    memberIds: s.memberId === null ? [] : [s.memberId],
    payments: paid,
    amountAtRiskFen,
    periodStart: paid[0]?.paidOn ?? anchorOf(s),
    periodEnd: paid.at(-1)?.paidOn ?? anchorOf(s),
    referenceDate: anchorOf(s),
  };
}

const notPaid: Check<'NOT_PAID'> = (subsidies, facts, parameters, programs) => {
  const d = facts.disbursement;
  if (!d) return [];
  const matched = new Set([...d.allocation.values()].map((a) => a.subsidyId));
  const candidates: Candidate[] = [];
  for (const s of subsidies) {
    if (!expectsPayment(s) || matched.has(s.id) || !inScope(parameters.categories, s, programs)) continue;
    const anchor = anchorOf(s);
    const from = parameters.countFrom === 'APPROVAL' ? anchor : anchor > s.endDate ? anchor : s.endDate;
    const due = addDays(from, parameters.days);
    if (due >= d.asOf) continue;
    const windowStart = paymentWindow(s, d.settingsFor(s)).from;
    let covered = true;
    for (let m = monthIndex(windowStart); m <= monthIndex(due) && covered; m++) covered = d.coveredMonths.has(m);
    if (!covered) continue;
    const at = fenToYuan(s.amountFen);
    const counted = parameters.countFrom === 'APPROVAL' ? `批准后 ${parameters.days} 天` : `期末后 ${parameters.days} 天`;
    const countedEn = parameters.countFrom === 'APPROVAL' ? `${parameters.days} days after approval` : `${parameters.days} days after the period ended`;
    candidates.push({
      groupKey: `unpaid:${s.id}`,
      ...base(s, [], s.amountFen),
      periodStart: s.startDate,
      periodEnd: s.endDate,
      explanation: `${nameZh(s, programs)}（${periodOf(s)}）已于 ${anchor} 批准 ${at} 元，截至 ${due}（${counted}）银行代发明细中没有到账记录：已批未发${s.state === 'PAID' ? `；部门记录为 ${s.paidOn ?? ''} 已发放，须查明资金去向` : ''}。`,
      explanationEn: `${nameEn(s, programs)} (${periodOf(s)}) approved on ${anchor} for ${at} yuan has no bank payment by ${due} (${countedEn}): approved but not paid${s.state === 'PAID' ? `, although the department records it as paid${s.paidOn ? ` on ${s.paidOn}` : ''}: where did the money go?` : ''}.`,
    });
  }
  return candidates;
};

const paidAmountMismatch: Check<'PAID_AMOUNT_MISMATCH'> = (subsidies, facts, parameters, programs) => {
  const tolerance = yuanToFen(parameters.tolerance);
  return paidSubsidies(subsidies, facts, parameters.categories, programs)
    .filter(({ s, paid }) => !isPaidTwice(s, paid, facts.disbursement!.allocation) && Math.abs(total(paid) - s.amountFen) > tolerance)
    .map(({ s, paid }) => {
      const difference = total(paid) - s.amountFen;
      const short = difference < 0;
      const at = fenToYuan(Math.abs(difference));
      return {
        groupKey: `amount:${s.id}`,
        ...base(s, paid, Math.abs(difference)),
        explanation: `${nameZh(s, programs)}（${periodOf(s)}）批准 ${fenToYuan(s.amountFen)} 元，银行实发 ${fenToYuan(total(paid))} 元（${paymentsZh(paid)}）：${short ? '少发' : '多发'} ${at} 元。`,
        explanationEn: `${nameEn(s, programs)} (${periodOf(s)}) approved ${fenToYuan(s.amountFen)} yuan; the bank paid ${fenToYuan(total(paid))} yuan (${paymentsEn(paid)}): ${short ? 'short' : 'over'} by ${at} yuan.`,
      };
    });
};

const paidTwice: Check<'PAID_TWICE'> = (subsidies, facts, parameters, programs) =>
  paidSubsidies(subsidies, facts, parameters.categories, programs)
    .filter(({ s, paid }) => isPaidTwice(s, paid, facts.disbursement!.allocation))
    .map(({ s, paid }) => {
      const extra = Math.max(0, total(paid) - s.amountFen);
      return {
        groupKey: `twice:${s.id}`,
        ...base(s, paid, extra),
        explanation: `${nameZh(s, programs)}（${periodOf(s)}）批准 ${fenToYuan(s.amountFen)} 元，银行发放了 ${paid.length} 笔（${paymentsZh(paid)}）：重复发放 ${fenToYuan(extra)} 元。`,
        explanationEn: `${nameEn(s, programs)} (${periodOf(s)}) approved ${fenToYuan(s.amountFen)} yuan was paid ${paid.length} times (${paymentsEn(paid)}): ${fenToYuan(extra)} yuan paid twice.`,
      };
    });

const activeOn = (card: CardFact, day: string) => (card.openedOn === null || card.openedOn <= day) && (card.closedOn === null || day <= card.closedOn);

const paidToOtherCard: Check<'PAID_TO_OTHER_CARD'> = (subsidies, facts, parameters, programs) => {
  const d = facts.disbursement;
  const candidates: Candidate[] = [];
  for (const { s, paid } of paidSubsidies(subsidies, facts, parameters.categories, programs)) {
    const elsewhere = paid.filter((p) => {
      const holders = (d!.registrations.get(p.cardNo) ?? []).filter((card) => activeOn(card, p.paidOn));
      if (holders.some((card) => card.householdId === facts.householdId)) return false;
      return holders.length > 0 || d!.cards.some((card) => activeOn(card, p.paidOn));
    });
    if (elsewhere.length === 0) continue;
    const others = [...new Set(elsewhere.flatMap((p) => (d!.registrations.get(p.cardNo) ?? []).map((card) => card.householdId)))].filter((id) => id !== facts.householdId);
    const whoseZh = others.length > 0 ? `该卡登记在其他农户名下` : `该卡未登记在本户名下`;
    const whoseEn = others.length > 0 ? `the card is registered to another household` : `the card is not registered to this household`;
    candidates.push({
      groupKey: `card:${s.id}`,
      ...base(s, elsewhere, total(elsewhere)),
      explanation: `${nameZh(s, programs)}（${periodOf(s)}）发放到非本户银行卡（${paymentsZh(elsewhere)}），${whoseZh}；一户一卡应直接发放到本户卡。`,
      explanationEn: `${nameEn(s, programs)} (${periodOf(s)}) was paid to a card that is not the household's (${paymentsEn(elsewhere)}): ${whoseEn}.`,
    });
  }
  return candidates;
};

const cardSharedAcrossDepartments: Check<'CARD_SHARED_ACROSS_DEPARTMENTS'> = (subsidies, facts, parameters, programs) => {
  const d = facts.disbursement;
  if (!d) return [];
  const own = new Map(subsidies.map((s) => [s.id, s]));
  const receipts: Array<{ p: BankPaymentFact; s: SubsidyFact; householdId: number }> = [];
  for (const p of d.payments) {
    const s = own.get(d.allocation.get(p.id)?.subsidyId ?? -1);
    if (s) receipts.push({ p, s, householdId: facts.householdId });
  }
  for (const p of d.foreignPayments) receipts.push({ p, s: p.subsidy, householdId: p.householdId });
  const candidates: Candidate[] = [];
  for (const card of d.cards) {
    const groups = new Map<string, typeof receipts>();
    for (const r of receipts) {
      if (r.p.cardNo !== card.cardNo || !activeOn(card, r.p.paidOn) || !inScope(parameters.categories, r.s, programs)) continue;
      const key = `${programs.get(r.s.programId)!.categoryCode}:${r.p.paidOn.slice(0, 4)}`;
      (groups.get(key) ?? groups.set(key, []).get(key)!).push(r);
    }
    for (const [key, group] of [...groups].sort((a, b) => (a[0] < b[0] ? -1 : 1))) {
      const byDepartment = new Map<string, number>();
      for (const r of group) byDepartment.set(programs.get(r.s.programId)!.departmentCode, (byDepartment.get(programs.get(r.s.programId)!.departmentCode) ?? 0) + r.p.amountFen);
      if (byDepartment.size < 2) continue;
      if (!parameters.sameHouseholdToo && group.every((r) => r.householdId === facts.householdId)) continue;
      group.sort((a, b) => byDate(a.p, b.p));
      const sum = total(group.map((r) => r.p));
      const atRisk = sum - Math.max(...byDepartment.values());
      const payments = group.map((r) => r.p);
      const involved = [...new Map(group.map((r) => [r.s.id, r.s])).values()].sort((a, b) => a.id - b.id);
      const [category, year] = key.split(':');
      const info = programs.get(group[0].s.programId)!;
      const households = new Set(group.map((r) => r.householdId)).size;
      candidates.push({
        groupKey: `shared:${card.id}:${category}:${year}`,
        subsidies: involved,
        subsidyIds: involved.map((s) => s.id),
        memberIds: [...new Set(involved.filter((s) => own.has(s.id) && s.memberId !== null).map((s) => s.memberId!))].sort((a, b) => a - b),
        payments,
        amountAtRiskFen: atRisk,
        periodStart: payments[0].paidOn,
        periodEnd: payments.at(-1)!.paidOn,
        referenceDate: payments[0].paidOn,
        explanation: `${year} 年同一张银行卡（尾号${tail(card.cardNo)}）收到 ${byDepartment.size} 个部门的“${info.categoryName}”类资金${households > 1 ? `，涉及 ${households} 户` : ''}：${group.map((r) => `${nameZh(r.s, programs)} ${r.p.paidOn} ${fenToYuan(r.p.amountFen)} 元`).join('；')}。风险金额 ${fenToYuan(atRisk)} 元。`,
        explanationEn: `In ${year} one card (ending ${tail(card.cardNo)}) received ${info.categoryNameEn} from ${byDepartment.size} departments${households > 1 ? ` for ${households} households` : ''}: ${group.map((r) => `${nameEn(r.s, programs)} ${r.p.paidOn} ${fenToYuan(r.p.amountFen)} yuan`).join('; ')}. At risk ${fenToYuan(atRisk)} yuan.`,
      });
    }
  }
  return candidates;
};

const paidAfterDeathOrExit: Check<'PAID_AFTER_DEATH_OR_EXIT'> = (subsidies, facts, parameters, programs) => {
  const d = facts.disbursement;
  const eligible = new Set<string>(parameters.eligibleStatuses);
  const candidates: Candidate[] = [];
  for (const { s, paid } of paidSubsidies(subsidies, facts, parameters.categories, programs)) {
    const program = programs.get(s.programId)!;
    if (parameters.departments.length > 0 && !parameters.departments.includes(program.departmentCode)) continue;
    if (parameters.programs.length > 0 && !parameters.programs.includes(program.code)) continue;
    const reasons = new Map<number, { zh: string; en: string }>();
    for (const p of paid) {
      if (parameters.deceasedMembers) {
        const died = s.memberId === null ? undefined : facts.deceasedOn.get(s.memberId);
        const holder = d!.cards.find((card) => card.cardNo === p.cardNo && activeOn(card, p.paidOn));
        const holderDied = holder === undefined ? undefined : facts.deceasedOn.get(holder.holderMemberId);
        if (died !== undefined && p.paidOn > died) reasons.set(p.id, { zh: `受益人已于 ${died} 死亡`, en: `the beneficiary died on ${died}` });
        else if (holderDied !== undefined && p.paidOn > holderDied) reasons.set(p.id, { zh: `持卡人已于 ${holderDied} 死亡`, en: `the card holder died on ${holderDied}` });
      }
      if (!reasons.has(p.id) && eligible.size > 0) {
        const standing = standingOn(facts.statusChanges, p.paidOn);
        if (!isEligible(standing, p.paidOn, eligible, parameters.exitTransitionMonths)) {
          reasons.set(p.id, { zh: standingZh(standing, parameters.exitTransitionMonths), en: standingEn(standing, parameters.exitTransitionMonths) });
        }
      }
    }
    const late = paid.filter((p) => reasons.has(p.id));
    if (late.length === 0) continue;
    candidates.push({
      groupKey: `after:${s.id}`,
      ...base(s, late, total(late)),
      referenceDate: late[0].paidOn,
      explanation: `${nameZh(s, programs)}（${periodOf(s)}）在不应发放时仍由银行发放：${late.map((p) => `${p.paidOn} ${fenToYuan(p.amountFen)} 元（${reasons.get(p.id)!.zh}）`).join('；')}。共 ${fenToYuan(total(late))} 元。`,
      explanationEn: `${nameEn(s, programs)} (${periodOf(s)}) was still paid by the bank when it should not have been: ${late.map((p) => `${p.paidOn} ${fenToYuan(p.amountFen)} yuan (${reasons.get(p.id)!.en})`).join('; ')}. ${fenToYuan(total(late))} yuan in all.`,
    });
  }
  return candidates;
};

/** The reconciliation (一户一卡) rule kinds: they judge the payments matched to a household's subsidies. */
export const DISBURSEMENT_CHECKS = {
  NOT_PAID: notPaid,
  PAID_AMOUNT_MISMATCH: paidAmountMismatch,
  PAID_TWICE: paidTwice,
  PAID_TO_OTHER_CARD: paidToOtherCard,
  CARD_SHARED_ACROSS_DEPARTMENTS: cardSharedAcrossDepartments,
  PAID_AFTER_DEATH_OR_EXIT: paidAfterDeathOrExit,
};

export const DISBURSEMENT_KINDS: ReadonlySet<PolicyRuleKind> = new Set(Object.keys(DISBURSEMENT_CHECKS) as PolicyRuleKind[]);
