import type { HouseholdStatus, PolicyRuleKind, RuleSeverity, SubsidyState } from '../../generated/prisma/enums';
import { fenToYuan, yuanToFen } from '../../domain/money';
import type { BankPaymentFact } from '../disbursement/payment-matching';
import { DISBURSEMENT_CHECKS, type DisbursementFacts } from './disbursement-checks';
import { addMonths, isEligible, standingEn, standingOn, standingZh } from './standing';

export { addMonths, standingOn };
import type { RuleParameters, RuleParametersByKind } from './rule-parameters';

/** A program as the rules see it, with the names explanations quote. */
export interface ProgramInfo {
  id: number;
  code: string;
  name: string;
  departmentCode: string;
  departmentName: string;
  departmentNameEn: string;
  categoryCode: string;
  categoryName: string;
  categoryNameEn: string;
}

/** One subsidy record of a household. Dates are ISO (YYYY-MM-DD); amounts are fen. */
export interface SubsidyFact {
  id: number;
  version: number;
  memberId: number | null;
  programId: number;
  amountFen: number;
  startDate: string;
  endDate: string;
  year: number;
  state: SubsidyState;
  approvedOn: string | null;
  paidOn: string | null;
}

/** Everything the rules need about one household. */
export interface HouseholdFacts {
  householdId: number;
  subsidies: SubsidyFact[];
  /** Status changes in date order. */
  statusChanges: Array<{ status: HouseholdStatus; effectiveOn: string }>;
  /** Members recorded as deceased, with the date. */
  deceasedOn: ReadonlyMap<number, string>;
  /** Bank payments, cards and their matching, when the reconciliation (一户一卡) rules run. */
  disbursement?: DisbursementFacts;
}

/** One version of a rule, as stored. */
export interface RuleVersionSpec {
  ruleId: number;
  versionId: number;
  code: string;
  version: number;
  kind: PolicyRuleKind;
  name: string;
  severity: RuleSeverity;
  effectiveFrom: string;
  effectiveTo: string | null;
  parameters: RuleParameters;
}

export interface DetectedFinding {
  ruleId: number;
  versionId: number;
  ruleCode: string;
  groupKey: string;
  subsidyIds: number[];
  /** The bank payments the finding is about (reconciliation rules only). */
  paymentIds: number[];
  memberIds: number[];
  departmentCodes: string[];
  amountAtRiskFen: number;
  periodStart: string | null;
  periodEnd: string | null;
  explanation: string;
  explanationEn: string;
  /** The subsidies and their versions: a dismissed finding reopens only when this changes. */
  fingerprint: string;
}

export type ProgramCatalogue = ReadonlyMap<number, ProgramInfo>;

export interface Candidate extends Omit<DetectedFinding, 'ruleId' | 'versionId' | 'ruleCode' | 'fingerprint' | 'departmentCodes' | 'paymentIds'> {
  /** The date the conflict arose; the rule version in effect on it decides. */
  referenceDate: string;
  subsidies: SubsidyFact[];
  payments?: BankPaymentFact[];
}

/**
 * Runs every rule version on one household. Deterministic: the same facts and rules give the same
 * findings in the same order. Each conflict is judged by the version of its rule in force on the
 * date the conflict arose (versionInForce).
 */
export function detectFindings(facts: HouseholdFacts, rules: readonly RuleVersionSpec[], programs: ProgramCatalogue): DetectedFinding[] {
  const live = facts.subsidies.filter((s) => s.state !== 'WITHDRAWN' && programs.has(s.programId));
  const versionsOf = new Map<number, RuleVersionSpec[]>();
  for (const rule of rules) (versionsOf.get(rule.ruleId) ?? versionsOf.set(rule.ruleId, []).get(rule.ruleId)!).push(rule);
  const byKey = new Map<string, DetectedFinding>();
  for (const rule of rules) {
    for (const candidate of CHECKS[rule.kind](live, facts, rule.parameters as never, programs)) {
      if (versionInForce(versionsOf.get(rule.ruleId)!, candidate.referenceDate) !== rule) continue;
      const { referenceDate: _, subsidies, payments = [], ...rest } = candidate;
      byKey.set(`${rule.ruleId}|${candidate.groupKey}`, {
        ...rest,
        ruleId: rule.ruleId,
        versionId: rule.versionId,
        ruleCode: rule.code,
        departmentCodes: [...new Set(subsidies.map((s) => programs.get(s.programId)!.departmentCode))].sort(),
        paymentIds: payments.map((p) => p.id).sort((a, b) => a - b),
        fingerprint: [...subsidies.map((s) => `${s.id}@${s.version}`), ...payments.map((p) => `P${p.id}@${p.version}`)].join(','),
      });
    }
  }
  return [...byKey.values()].sort((a, b) => a.ruleId - b.ruleId || (a.groupKey < b.groupKey ? -1 : a.groupKey > b.groupKey ? 1 : 0));
}

/**
 * The version of a rule that governs a date: the latest version that had started by then, and only
 * if it had not ended. A revision thus replaces earlier versions from its effectiveFrom on, and a
 * revision with an effectiveTo retires the rule after that day.
 */
export function versionInForce<V extends Pick<RuleVersionSpec, 'version' | 'effectiveFrom' | 'effectiveTo'>>(versions: readonly V[], date: string): V | null {
  let latest: V | null = null;
  for (const v of versions) if (v.effectiveFrom <= date && (latest === null || v.version > latest.version)) latest = v;
  return latest !== null && (latest.effectiveTo === null || date <= latest.effectiveTo) ? latest : null;
}

type Check<K extends PolicyRuleKind> = (subsidies: SubsidyFact[], facts: HouseholdFacts, parameters: RuleParametersByKind[K], programs: ProgramCatalogue) => Candidate[];

const CHECKS: { [K in PolicyRuleKind]: Check<K> } = {
  CATEGORY_OVERLAP: categoryOverlap,
  MUTUALLY_EXCLUSIVE: mutuallyExclusive,
  ONE_TIME: oneTime,
  ANNUAL_CAP: annualCap,
  INELIGIBLE_BENEFICIARY: ineligibleBeneficiary,
  ...DISBURSEMENT_CHECKS,
};

function categoryOverlap(subsidies: SubsidyFact[], _facts: HouseholdFacts, parameters: RuleParametersByKind['CATEGORY_OVERLAP'], programs: ProgramCatalogue): Candidate[] {
  const candidates: Candidate[] = [];
  for (const category of parameters.categories) {
    const inCategory = subsidies.filter((s) => programs.get(s.programId)!.categoryCode === category);
    if (inCategory.length < 2) continue;
    const funder = (s: SubsidyFact) => {
      const program = programs.get(s.programId)!;
      return parameters.sameDepartmentDifferentPrograms ? program.code : program.departmentCode;
    };
    for (const group of overlappingGroups(inCategory, (a, b) => funder(a) !== funder(b))) {
      const total = sum(group.members);
      const largestFunder = Math.max(...[...groupBy(group.members, funder).values()].map(sum));
      const info = programs.get(group.members[0].programId)!;
      const at = fenToYuan(total - largestFunder);
      candidates.push({
        groupKey: `${category}:${group.members[0].id}`,
        subsidies: group.members,
        subsidyIds: ids(group.members),
        memberIds: memberIds(group.members),
        amountAtRiskFen: total - largestFunder,
        periodStart: group.overlapStart,
        periodEnd: group.overlapEnd,
        referenceDate: group.overlapStart,
        explanation: `同一户在同一时期由${countZh(new Set(group.members.map(funder)).size)}个${parameters.sameDepartmentDifferentPrograms ? '项目' : '部门'}以同类项目（${info.categoryName}）重复扶持：${listZh(group.members, programs)}。重叠期 ${group.overlapStart} 至 ${group.overlapEnd}，风险金额 ${at} 元。`,
        explanationEn: `${info.categoryNameEn} funded for the same household by ${new Set(group.members.map(funder)).size} ${parameters.sameDepartmentDifferentPrograms ? 'programs' : 'departments'} over overlapping periods: ${listEn(group.members, programs)}. Overlap ${group.overlapStart} to ${group.overlapEnd}; at risk ${at} yuan.`,
      });
    }
  }
  return candidates;
}

function mutuallyExclusive(subsidies: SubsidyFact[], _facts: HouseholdFacts, parameters: RuleParametersByKind['MUTUALLY_EXCLUSIVE'], programs: ProgramCatalogue): Candidate[] {
  const side = (s: SubsidyFact) => {
    const code = programs.get(s.programId)!.code;
    return parameters.programs.includes(code) ? 1 : parameters.conflictingPrograms.includes(code) ? 2 : 0;
  };
  const relevant = subsidies.filter((s) => side(s) !== 0);
  return overlappingGroups(relevant, (a, b) => side(a) !== side(b)).map((group) => {
    const first = group.members.filter((s) => side(s) === 1);
    const second = group.members.filter((s) => side(s) === 2);
    const atRisk = Math.min(sum(first), sum(second));
    const at = fenToYuan(atRisk);
    return {
      groupKey: String(group.members[0].id),
      subsidies: group.members,
      subsidyIds: ids(group.members),
      memberIds: memberIds(group.members),
      amountAtRiskFen: atRisk,
      periodStart: group.overlapStart,
      periodEnd: group.overlapEnd,
      referenceDate: group.overlapStart,
      explanation: `互斥政策同时享受：${listZh(first, programs)}；与 ${listZh(second, programs)} 不得同时领取。同时享受期 ${group.overlapStart} 至 ${group.overlapEnd}，风险金额 ${at} 元（两者中较小一方）。`,
      explanationEn: `Mutually exclusive programs held at the same time: ${listEn(first, programs)}; and ${listEn(second, programs)}. Held together ${group.overlapStart} to ${group.overlapEnd}; at risk ${at} yuan (the smaller side).`,
    };
  });
}

function oneTime(subsidies: SubsidyFact[], _facts: HouseholdFacts, parameters: RuleParametersByKind['ONE_TIME'], programs: ProgramCatalogue): Candidate[] {
  const paid = subsidies.filter((s) => parameters.programs.includes(programs.get(s.programId)!.code)).sort(byStart);
  if (paid.length < 2) return [];
  const atRisk = sum(paid) - paid[0].amountFen;
  const at = fenToYuan(atRisk);
  return [
    {
      groupKey: 'once',
      subsidies: paid,
      subsidyIds: ids(paid),
      memberIds: memberIds(paid),
      amountAtRiskFen: atRisk,
      periodStart: paid[0].startDate,
      periodEnd: paid[paid.length - 1].endDate,
      referenceDate: paid[1].startDate,
      explanation: `一次性项目重复享受（每户限一次）：${listZh(paid, programs)}。首次之外的 ${paid.length - 1} 笔共 ${at} 元存在风险。`,
      explanationEn: `One-time benefit paid ${paid.length} times (once per household): ${listEn(paid, programs)}. The ${paid.length - 1} after the first, ${at} yuan, are at risk.`,
    },
  ];
}

function annualCap(subsidies: SubsidyFact[], _facts: HouseholdFacts, parameters: RuleParametersByKind['ANNUAL_CAP'], programs: ProgramCatalogue): Candidate[] {
  const capFen = yuanToFen(parameters.cap);
  const inCategory = subsidies.filter((s) => programs.get(s.programId)!.categoryCode === parameters.category);
  const candidates: Candidate[] = [];
  for (const [year, ofYear] of [...groupBy(inCategory, (s) => s.year)].sort((a, b) => a[0] - b[0])) {
    const total = sum(ofYear);
    if (total <= capFen) continue;
    const ordered = [...ofYear].sort(byStart);
    let running = 0;
    const crossing = ordered.find((s) => (running += s.amountFen) > capFen)!;
    const info = programs.get(ordered[0].programId)!;
    const at = fenToYuan(total - capFen);
    candidates.push({
      groupKey: String(year),
      subsidies: ordered,
      subsidyIds: ids(ordered),
      memberIds: memberIds(ordered),
      amountAtRiskFen: total - capFen,
      periodStart: `${year}-01-01`,
      periodEnd: `${year}-12-31`,
      referenceDate: crossing.startDate,
      explanation: `${year} 年该户“${info.categoryName}”类补贴合计 ${fenToYuan(total)} 元，超过每户每年上限 ${parameters.cap} 元：${listZh(ordered, programs)}。超出 ${at} 元。`,
      explanationEn: `${info.categoryNameEn} paid to the household in ${year} totals ${fenToYuan(total)} yuan, above the cap of ${parameters.cap} yuan per household per year: ${listEn(ordered, programs)}. ${at} yuan over the cap.`,
    });
  }
  return candidates;
}

function ineligibleBeneficiary(subsidies: SubsidyFact[], facts: HouseholdFacts, parameters: RuleParametersByKind['INELIGIBLE_BENEFICIARY'], programs: ProgramCatalogue): Candidate[] {
  const selected = subsidies.filter((s) => {
    const program = programs.get(s.programId)!;
    return (
      (s.state === 'PAID' || s.state === 'APPROVED') &&
      (parameters.departments.length === 0 || parameters.departments.includes(program.departmentCode)) &&
      (parameters.categories.length === 0 || parameters.categories.includes(program.categoryCode)) &&
      (parameters.programs.length === 0 || parameters.programs.includes(program.code))
    );
  });
  const candidates: Candidate[] = [];
  if (parameters.eligibleStatuses.length > 0) {
    const eligible = new Set<string>(parameters.eligibleStatuses);
    const late = selected
      .map((s) => ({ s, date: paymentDate(s), standing: standingOn(facts.statusChanges, paymentDate(s)) }))
      .filter(({ date, standing }) => !isEligible(standing, date, eligible, parameters.exitTransitionMonths))
      .sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : a.s.id - b.s.id));
    if (late.length > 0) {
      const paid = late.map((l) => l.s);
      const reasonsZh = [...new Set(late.map(({ standing }) => standingZh(standing, parameters.exitTransitionMonths)))].join('；');
      const reasonsEn = [...new Set(late.map(({ standing }) => standingEn(standing, parameters.exitTransitionMonths)))].join('; ');
      const at = fenToYuan(sum(paid));
      candidates.push({
        groupKey: 'status',
        subsidies: paid,
        subsidyIds: ids(paid),
        memberIds: memberIds(paid),
        amountAtRiskFen: sum(paid),
        periodStart: late[0].date,
        periodEnd: late[late.length - 1].date,
        referenceDate: late[0].date,
        explanation: `发放时该户不在可享受状态（${reasonsZh}）：${listZh(paid, programs, true)}。共 ${at} 元。`,
        explanationEn: `Paid while the household was not eligible (${reasonsEn}): ${listEn(paid, programs, true)}. ${at} yuan in all.`,
      });
    }
  }
  if (parameters.deceasedMembers) {
    const afterDeath = selected.filter((s) => s.memberId !== null && facts.deceasedOn.has(s.memberId) && paymentDate(s) > facts.deceasedOn.get(s.memberId)!);
    for (const [memberId, paid] of [...groupBy(afterDeath, (s) => s.memberId!)].sort((a, b) => a[0] - b[0])) {
      paid.sort((a, b) => (paymentDate(a) < paymentDate(b) ? -1 : paymentDate(a) > paymentDate(b) ? 1 : a.id - b.id));
      const died = facts.deceasedOn.get(memberId)!;
      const at = fenToYuan(sum(paid));
      candidates.push({
        groupKey: `deceased:${memberId}`,
        subsidies: paid,
        subsidyIds: ids(paid),
        memberIds: [memberId],
        amountAtRiskFen: sum(paid),
        periodStart: paymentDate(paid[0]),
        periodEnd: paymentDate(paid[paid.length - 1]),
        referenceDate: paymentDate(paid[0]),
        explanation: `受益成员已于 ${died} 死亡，此后仍发放：${listZh(paid, programs, true)}。共 ${at} 元。`,
        explanationEn: `The beneficiary died on ${died} and was paid after that: ${listEn(paid, programs, true)}. ${at} yuan in all.`,
      });
    }
  }
  return candidates;
}

/** The date money left: paid, else approved (an approval is a commitment to pay). */
export function paymentDate(s: SubsidyFact): string {
  return s.paidOn ?? s.approvedOn ?? s.startDate;
}

interface OverlapGroup {
  members: SubsidyFact[];
  overlapStart: string;
  overlapEnd: string;
}

/**
 * Groups subsidies linked by overlapping periods and beneficiaries where `conflicts` holds, and
 * returns the groups with at least one link, each in id order. A household-wide subsidy overlaps
 * every member's; two personal subsidies overlap only for the same member.
 */
function overlappingGroups(subsidies: SubsidyFact[], conflicts: (a: SubsidyFact, b: SubsidyFact) => boolean): OverlapGroup[] {
  const sorted = [...subsidies].sort((a, b) => a.id - b.id);
  const parent = sorted.map((_, i) => i);
  const find = (i: number): number => (parent[i] === i ? i : (parent[i] = find(parent[i])));
  const span = new Map<number, { start: string; end: string }>();
  for (let i = 0; i < sorted.length; i++) {
    for (let j = i + 1; j < sorted.length; j++) {
      const a = sorted[i];
      const b = sorted[j];
      if (a.startDate > b.endDate || b.startDate > a.endDate) continue;
      if (a.memberId !== null && b.memberId !== null && a.memberId !== b.memberId) continue;
      if (!conflicts(a, b)) continue;
      const start = a.startDate > b.startDate ? a.startDate : b.startDate;
      const end = a.endDate < b.endDate ? a.endDate : b.endDate;
      const [ri, rj] = [find(i), find(j)];
      const root = Math.min(ri, rj);
      const merged = [span.get(ri), span.get(rj), { start, end }].filter((x) => x !== undefined);
      parent[ri] = root;
      parent[rj] = root;
      span.set(root, { start: merged.map((x) => x.start).sort()[0], end: merged.map((x) => x.end).sort().at(-1)! });
    }
  }
  const groups = new Map<number, SubsidyFact[]>();
  for (let i = 0; i < sorted.length; i++) {
    const root = find(i);
    if (!span.has(root)) continue;
    (groups.get(root) ?? groups.set(root, []).get(root)!).push(sorted[i]);
  }
  return [...groups].map(([root, members]) => ({ members, overlapStart: span.get(root)!.start, overlapEnd: span.get(root)!.end }));
}

function groupBy<K>(subsidies: SubsidyFact[], key: (s: SubsidyFact) => K): Map<K, SubsidyFact[]> {
  const map = new Map<K, SubsidyFact[]>();
  for (const s of subsidies) (map.get(key(s)) ?? map.set(key(s), []).get(key(s))!).push(s);
  return map;
}

const sum = (subsidies: SubsidyFact[]) => subsidies.reduce((total, s) => total + s.amountFen, 0);
const ids = (subsidies: SubsidyFact[]) => subsidies.map((s) => s.id).sort((a, b) => a - b);
const memberIds = (subsidies: SubsidyFact[]) => [...new Set(subsidies.flatMap((s) => (s.memberId === null ? [] : [s.memberId])))].sort((a, b) => a - b);
const byStart = (a: SubsidyFact, b: SubsidyFact) => (a.startDate < b.startDate ? -1 : a.startDate > b.startDate ? 1 : a.id - b.id);
const countZh = (n: number) => ['零', '一', '两', '三', '四', '五', '六', '七', '八', '九'][n] ?? String(n);

function listZh(subsidies: SubsidyFact[], programs: ProgramCatalogue, byPayment = false): string {
  return subsidies
    .map((s) => {
      const p = programs.get(s.programId)!;
      const when = byPayment ? `${paymentDate(s)} 发放` : s.startDate === s.endDate ? s.startDate : `${s.startDate} 至 ${s.endDate}`;
      return `${p.departmentName}「${p.name}」${when} ${fenToYuan(s.amountFen)} 元`;
    })
    .join('；');
}

function listEn(subsidies: SubsidyFact[], programs: ProgramCatalogue, byPayment = false): string {
  return subsidies
    .map((s) => {
      const p = programs.get(s.programId)!;
      const when = byPayment ? `paid ${paymentDate(s)}` : s.startDate === s.endDate ? s.startDate : `${s.startDate} to ${s.endDate}`;
      return `${p.departmentNameEn} ${p.code} (${p.name}) ${when}, ${fenToYuan(s.amountFen)} yuan`;
    })
    .join('; ');
}
