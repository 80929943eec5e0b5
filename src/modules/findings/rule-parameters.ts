import { HouseholdStatus, PolicyRuleKind } from '../../generated/prisma/enums';
import { fenToYuan, parseMoney, yuanToFen } from '../../domain/money';

export { PolicyRuleKind };

/** Subsidies in the same category, to the same household or member, with overlapping periods, from different departments. */
export interface CategoryOverlapParameters {
  categories: string[];
  /** Also count two different programs of one department as a duplicate. */
  sameDepartmentDifferentPrograms: boolean;
}

/** Programs a household (or one person) may not hold at the same time, e.g. 低保 and 特困供养. */
export interface MutuallyExclusiveParameters {
  programs: string[];
  conflictingPrograms: string[];
}

/** Programs that together pay at most once per household ever, e.g. the biogas digester. */
export interface OneTimeParameters {
  programs: string[];
}

/** A category's total per household per year may not exceed the cap (decimal yuan). */
export interface AnnualCapParameters {
  category: string;
  cap: string;
}

/** Payments to a household not in an eligible status on the payment date, or to a member who had died. */
export interface IneligibleBeneficiaryParameters {
  /** Which subsidies the rule looks at; an empty list means any. */
  departments: string[];
  categories: string[];
  programs: string[];
  /** Statuses in which a household may be paid; empty to skip the status check. */
  eligibleStatuses: HouseholdStatus[];
  /** An exited household may still be paid this many months after its exit date (过渡期). */
  exitTransitionMonths: number;
  /** Flag personal payments dated after the member's death. */
  deceasedMembers: boolean;
}

/** From when a subsidy's payment is counted as due (起算日). */
export type PaymentDueFrom = 'APPROVAL' | 'PERIOD_END';
export const PAYMENT_DUE_FROM: readonly PaymentDueFrom[] = ['APPROVAL', 'PERIOD_END'];

/** Which subsidies a reconciliation (一户一卡) rule looks at. */
export interface PaymentScopeParameters {
  /** Canonical categories; an empty list means any. */
  categories: string[];
}

/** An approved subsidy with no bank payment this many days after approval or after its period. */
export interface NotPaidParameters extends PaymentScopeParameters {
  days: number;
  countFrom: PaymentDueFrom;
}

/** Paid less or more than approved by more than the tolerance (decimal yuan). */
export interface PaidAmountMismatchParameters extends PaymentScopeParameters {
  tolerance: string;
}

/** One card receiving the same category from two departments in a year. */
export interface CardSharedParameters extends PaymentScopeParameters {
  /** Also when every payment is for the card's own household (the 多策合一 overlap rules judge that too). */
  sameHouseholdToo: boolean;
}

export interface RuleParametersByKind {
  CATEGORY_OVERLAP: CategoryOverlapParameters;
  MUTUALLY_EXCLUSIVE: MutuallyExclusiveParameters;
  ONE_TIME: OneTimeParameters;
  ANNUAL_CAP: AnnualCapParameters;
  INELIGIBLE_BENEFICIARY: IneligibleBeneficiaryParameters;
  NOT_PAID: NotPaidParameters;
  PAID_AMOUNT_MISMATCH: PaidAmountMismatchParameters;
  PAID_TWICE: PaymentScopeParameters;
  PAID_TO_OTHER_CARD: PaymentScopeParameters;
  CARD_SHARED_ACROSS_DEPARTMENTS: CardSharedParameters;
  /** The bank-side twin of INELIGIBLE_BENEFICIARY: judged on the dates money reached the card. */
  PAID_AFTER_DEATH_OR_EXIT: IneligibleBeneficiaryParameters;
}

export type RuleParameters = RuleParametersByKind[PolicyRuleKind];

/** The codes a rule may name: the catalogue as it stands when the rule is saved. */
export interface CatalogueCodes {
  departments: ReadonlySet<string>;
  categories: ReadonlySet<string>;
  programs: ReadonlySet<string>;
}

export interface ParameterProblem {
  field: string[];
  code: string;
  message: string;
  messageZh: string;
}

const HOUSEHOLD_STATUSES = Object.values(HouseholdStatus) as string[];
const MAX_TRANSITION_MONTHS = 120;
const MAX_DUE_DAYS = 730;

/**
 * Checks a rule's parameters against its kind and the catalogue, and returns them in canonical
 * form (codes upper-cased, de-duplicated and sorted; the cap as "0.00"). Problems name the field
 * under `path`, so a GraphQL caller sees e.g. input.parameters.annualCap.cap.
 */
export function checkRuleParameters(
  kind: PolicyRuleKind,
  raw: unknown,
  catalogue: CatalogueCodes,
  path: string[] = ['parameters'],
): { parameters: RuleParameters | null; problems: ParameterProblem[] } {
  const problems: ParameterProblem[] = [];
  const problem = (field: string, code: string, message: string, messageZh: string) => problems.push({ field: [...path, field], code, message, messageZh });
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    return { parameters: null, problems: [{ field: path, code: 'REQUIRED', message: `a ${kind} rule needs its parameters`, messageZh: `${kind} 规则须填写参数` }] };
  }
  const input = raw as Record<string, unknown>;

  const codes = (field: string, known: ReadonlySet<string>, what: string, whatZh: string, required: boolean): string[] => {
    const value = input[field] ?? [];
    if (!Array.isArray(value) || value.some((item) => typeof item !== 'string')) {
      problem(field, 'INVALID_VALUE', `${field} must be a list of ${what} codes`, `${field} 须为${whatZh}代码列表`);
      return [];
    }
    const list = [...new Set(value.map((item: string) => item.trim().toUpperCase()))].sort();
    const unknown = list.filter((code) => !known.has(code));
    if (unknown.length > 0) {
      problem(field, `UNKNOWN_${what.toUpperCase()}`, `no ${what} with code ${unknown.join(', ')}; known: ${[...known].sort().join(', ')}`, `${whatZh}代码 ${unknown.join('、')} 未登记；已登记：${[...known].sort().join('、')}`);
    }
    if (required && list.length === 0) problem(field, 'REQUIRED', `${field}: name at least one ${what}`, `${field}：至少填写一个${whatZh}`);
    return list;
  };
  const flag = (field: string, fallback: boolean): boolean => {
    const value = input[field] ?? fallback;
    if (typeof value !== 'boolean') problem(field, 'INVALID_VALUE', `${field} must be true or false`, `${field} 须为 true 或 false`);
    return value === true;
  };

  const amount = (field: string, what: string, whatZh: string, leastFen: number, example: string): string => {
    try {
      if (typeof input[field] !== 'string') throw new Error();
      // parseMoney bounds the digits to what the money columns hold; yuanToFen alone would overflow.
      parseMoney(input[field] as string);
      const fen = yuanToFen(input[field] as string);
      if (fen < leastFen) throw new Error();
      return fenToYuan(fen);
    } catch {
      problem(field, 'INVALID_AMOUNT', `${field} must be ${what} amount in yuan as a string with at most 2 decimals, e.g. "${example}"; got ${JSON.stringify(input[field] ?? null)}`, `${field} 须为${whatZh}金额（元，最多两位小数，字符串），例如 "${example}"`);
      return '';
    }
  };
  const scope = (): PaymentScopeParameters => ({ categories: codes('categories', catalogue.categories, 'category', '补贴类别', false) });

  let parameters: RuleParameters;
  switch (kind) {
    case 'CATEGORY_OVERLAP':
      parameters = {
        categories: codes('categories', catalogue.categories, 'category', '补贴类别', true),
        sameDepartmentDifferentPrograms: flag('sameDepartmentDifferentPrograms', false),
      };
      break;
    case 'MUTUALLY_EXCLUSIVE': {
      const programs = codes('programs', catalogue.programs, 'program', '项目', true);
      const conflictingPrograms = codes('conflictingPrograms', catalogue.programs, 'program', '项目', true);
      const both = programs.filter((code) => conflictingPrograms.includes(code));
      if (both.length > 0) {
        problem('conflictingPrograms', 'OVERLAPPING_LISTS', `${both.join(', ')} cannot exclude itself: a program belongs to one side only`, `项目 ${both.join('、')} 不能与自身互斥，只能列在一侧`);
      }
      parameters = { programs, conflictingPrograms };
      break;
    }
    case 'ONE_TIME':
      parameters = { programs: codes('programs', catalogue.programs, 'program', '项目', true) };
      break;
    case 'ANNUAL_CAP': {
      const category = typeof input.category === 'string' ? input.category.trim().toUpperCase() : '';
      if (!category) problem('category', 'REQUIRED', 'category: name the subsidy category the cap applies to', 'category：须填写封顶的补贴类别');
      else if (!catalogue.categories.has(category)) {
        problem('category', 'UNKNOWN_CATEGORY', `no category with code ${category}; known: ${[...catalogue.categories].sort().join(', ')}`, `补贴类别 ${category} 未登记`);
      }
      const cap = amount('cap', 'a positive', '正的', 1, '15000.00');
      parameters = { category, cap };
      break;
    }
    case 'INELIGIBLE_BENEFICIARY':
    case 'PAID_AFTER_DEATH_OR_EXIT': {
      const statuses = input.eligibleStatuses ?? [];
      const eligibleStatuses = Array.isArray(statuses) ? ([...new Set(statuses)].sort() as HouseholdStatus[]) : [];
      const wrong = Array.isArray(statuses) ? eligibleStatuses.filter((status) => !HOUSEHOLD_STATUSES.includes(status)) : ['(not a list)'];
      if (wrong.length > 0) problem('eligibleStatuses', 'INVALID_VALUE', `eligibleStatuses: ${wrong.join(', ')} is not a household status; use ${HOUSEHOLD_STATUSES.join(', ')}`, `eligibleStatuses：${wrong.join('、')} 不是农户状态`);
      const months = input.exitTransitionMonths ?? 0;
      if (!Number.isInteger(months) || (months as number) < 0 || (months as number) > MAX_TRANSITION_MONTHS) {
        problem('exitTransitionMonths', 'INVALID_VALUE', `exitTransitionMonths must be a whole number of months from 0 to ${MAX_TRANSITION_MONTHS}`, `exitTransitionMonths 须为 0 至 ${MAX_TRANSITION_MONTHS} 的整数月数`);
      }
      parameters = {
        departments: codes('departments', catalogue.departments, 'department', '部门', false),
        categories: codes('categories', catalogue.categories, 'category', '补贴类别', false),
        programs: codes('programs', catalogue.programs, 'program', '项目', false),
        eligibleStatuses,
        exitTransitionMonths: Number(months),
        deceasedMembers: flag('deceasedMembers', false),
      };
      if (eligibleStatuses.length === 0 && !parameters.deceasedMembers) {
        problem('eligibleStatuses', 'NOTHING_TO_CHECK', 'the rule checks nothing: list eligibleStatuses, set deceasedMembers, or both', '规则未设置任何检查：请填写 eligibleStatuses 或启用 deceasedMembers');
      }
      break;
    }
    case 'NOT_PAID': {
      const days = input.days;
      if (!Number.isInteger(days) || (days as number) < 1 || (days as number) > MAX_DUE_DAYS) {
        problem('days', 'INVALID_VALUE', `days must be a whole number of days from 1 to ${MAX_DUE_DAYS}`, `days 须为 1 至 ${MAX_DUE_DAYS} 的整数天数`);
      }
      const countFrom = input.countFrom ?? 'APPROVAL';
      if (!PAYMENT_DUE_FROM.includes(countFrom as PaymentDueFrom)) {
        problem('countFrom', 'INVALID_VALUE', `countFrom must be ${PAYMENT_DUE_FROM.join(' or ')}`, `countFrom 须为 ${PAYMENT_DUE_FROM.join(' 或 ')}`);
      }
      parameters = { ...scope(), days: Number(days), countFrom: countFrom as PaymentDueFrom };
      break;
    }
    case 'PAID_AMOUNT_MISMATCH':
      parameters = { ...scope(), tolerance: input.tolerance === undefined ? '0.00' : amount('tolerance', 'a zero or positive', '零或正的', 0, '0.00') };
      break;
    case 'PAID_TWICE':
    case 'PAID_TO_OTHER_CARD':
      parameters = scope();
      break;
    case 'CARD_SHARED_ACROSS_DEPARTMENTS':
      parameters = { ...scope(), sameHouseholdToo: flag('sameHouseholdToo', false) };
      break;
    default:
      return { parameters: null, problems: [{ field: ['kind'], code: 'INVALID_VALUE', message: `unknown rule kind ${String(kind)}`, messageZh: `未知规则类型 ${String(kind)}` }] };
  }
  const allowed = new Set(Object.keys(parameters));
  for (const field of Object.keys(input)) {
    if (!allowed.has(field)) problem(field, 'UNKNOWN_PARAMETER', `${kind} rules have no parameter ${field}; they take ${[...allowed].join(', ')}`, `${kind} 规则没有参数 ${field}`);
  }
  return { parameters: problems.length === 0 ? parameters : null, problems };
}
