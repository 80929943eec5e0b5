import type { PrismaClient } from '../../generated/prisma/client';
import type { PolicyRuleKind, RuleSeverity } from '../../generated/prisma/enums';
import type { RuleParametersByKind } from './rule-parameters';

export interface DefaultRule<K extends PolicyRuleKind = PolicyRuleKind> {
  code: string;
  kind: K;
  name: string;
  severity: RuleSeverity;
  policyText: string;
  effectiveFrom: string;
  parameters: RuleParametersByKind[K];
}

/** Poverty-office money is for households on the register, and exited ones for 36 months (过渡期). */
const POVERTY_FUNDS_UNTIL_TRANSITION_ENDS: RuleParametersByKind['INELIGIBLE_BENEFICIARY'] = {
  departments: ['POVERTY'],
  categories: [],
  programs: [],
  eligibleStatuses: ['ASSISTED', 'IDENTIFIED', 'MONITORED', 'RETURNED_TO_POVERTY'],
  exitTransitionMonths: 36,
  deceasedMembers: false,
};

const rule = <K extends PolicyRuleKind>(definition: DefaultRule<K>): DefaultRule => definition as unknown as DefaultRule;

/**
 * The rule set a county starts with, one rule per example in DOMAIN.md. They are data: an
 * administrator revises them (a new version) or ends them (effectiveTo) through GraphQL; a start
 * adds only the codes that are missing and never overwrites a revision.
 */
export const DEFAULT_RULES: DefaultRule[] = [
  rule({
    code: 'DUP-HOUSING',
    kind: 'CATEGORY_OVERLAP',
    name: '住房保障类项目跨部门重复扶持',
    severity: 'HIGH',
    policyText: '同一户同一时期的危房改造、住房救助等住房保障资金只能由一个部门安排，不得多头重复补助（多策合一）。',
    effectiveFrom: '2014-01-01',
    parameters: { categories: ['HOUSING'], sameDepartmentDifferentPrograms: false },
  }),
  rule({
    code: 'DUP-INDUSTRY',
    kind: 'CATEGORY_OVERLAP',
    name: '产业扶持项目跨部门重复扶持',
    severity: 'HIGH',
    policyText: '同一户同一时期的养殖、种植类产业扶持项目（如黑山羊、养牛、太子参）不得由扶贫办产业资金与农业部门项目重复扶持。',
    effectiveFrom: '2014-01-01',
    parameters: { categories: ['INDUSTRY_CROPS', 'INDUSTRY_LIVESTOCK'], sameDepartmentDifferentPrograms: false },
  }),
  rule({
    code: 'EXCL-DIBAO-TEKUN',
    kind: 'MUTUALLY_EXCLUSIVE',
    name: '低保与特困供养不得同时享受',
    severity: 'HIGH',
    policyText: '特困人员供养与最低生活保障不得同时享受：已纳入特困供养的人员，不得同时计入低保家庭领取低保金。',
    effectiveFrom: '2014-01-01',
    parameters: { programs: ['CIV_DIBAO'], conflictingPrograms: ['CIV_TEKUN'] },
  }),
  rule({
    code: 'ONCE-BIOGAS',
    kind: 'ONE_TIME',
    name: '沼气池改造每户限一次',
    severity: 'MEDIUM',
    policyText: '沼气池建设与改造补助每户只享受一次，扶贫办与农业部门的同类项目合并计算。',
    effectiveFrom: '2014-01-01',
    parameters: { programs: ['AGR_BIOGAS', 'POV_BIOGAS'] },
  }),
  rule({
    code: 'ONCE-RELOCATION',
    kind: 'ONE_TIME',
    name: '易地扶贫搬迁补助每户限一次',
    severity: 'HIGH',
    policyText: '易地扶贫搬迁建房补助每户只享受一次。',
    effectiveFrom: '2014-01-01',
    parameters: { programs: ['POV_RELOCATION'] },
  }),
  rule({
    code: 'CAP-LIVESTOCK',
    kind: 'ANNUAL_CAP',
    name: '养殖产业扶持每户每年封顶',
    severity: 'MEDIUM',
    policyText: '养殖类产业扶持资金每户每年合计不超过 15000 元（县定标准，可按年度调整）。',
    effectiveFrom: '2014-01-01',
    parameters: { category: 'INDUSTRY_LIVESTOCK', cap: '15000.00' },
  }),
  rule({
    code: 'INELIGIBLE-EXITED',
    kind: 'INELIGIBLE_BENEFICIARY',
    name: '脱贫过渡期满或清退后仍发放扶贫资金',
    severity: 'HIGH',
    policyText: '扶贫办安排的到户扶贫资金只发放给在册贫困户、监测户和返贫户；脱贫户在过渡期（县定 36 个月）内保持政策稳定，期满后及清退户不再享受。',
    effectiveFrom: '2014-01-01',
    parameters: POVERTY_FUNDS_UNTIL_TRANSITION_ENDS,
  }),
  rule({
    code: 'INELIGIBLE-DECEASED',
    kind: 'INELIGIBLE_BENEFICIARY',
    name: '成员死亡后仍发放个人补助',
    severity: 'HIGH',
    policyText: '享受特困供养、医疗救助等个人补助的人员死亡后，应自次月起停发；死亡后发放的资金应予追回。',
    effectiveFrom: '2014-01-01',
    parameters: { departments: [], categories: [], programs: [], eligibleStatuses: [], exitTransitionMonths: 0, deceasedMembers: true },
  }),
  // 一户一卡 reconciliation: approved subsidies against what the banks report they paid.
  rule({
    code: 'BANK-UNPAID-LIVING',
    kind: 'NOT_PAID',
    name: '生活保障资金已批未发',
    severity: 'HIGH',
    policyText: '低保金、特困供养金等生活保障资金按月通过一卡通直接发放到户，批准后 20 日内应到账；已批未发的须查明是否被截留、挪用。',
    effectiveFrom: '2014-01-01',
    parameters: { categories: ['LIVING_ALLOWANCE'], days: 20, countFrom: 'APPROVAL' },
  }),
  rule({
    code: 'BANK-UNPAID',
    kind: 'NOT_PAID',
    name: '项目与补助资金已批未发',
    severity: 'MEDIUM',
    policyText: '产业、住房、教育、医疗等到户资金在项目期满（或批准）后 60 日内应通过一卡通发放到户；逾期未发的须查明原因。',
    effectiveFrom: '2014-01-01',
    parameters: {
      categories: ['CONSOLATION', 'CREDIT', 'EDUCATION', 'EMPLOYMENT', 'ENERGY', 'FARMLAND', 'HOUSING', 'INDUSTRY_CROPS', 'INDUSTRY_LIVESTOCK', 'MEDICAL', 'RELOCATION'],
      days: 60,
      countFrom: 'PERIOD_END',
    },
  }),
  rule({
    code: 'BANK-AMOUNT',
    kind: 'PAID_AMOUNT_MISMATCH',
    name: '银行实发金额与批准金额不符',
    severity: 'HIGH',
    policyText: '银行代发金额应与部门批准金额一致；少发可能是截留，多发应予追回。',
    effectiveFrom: '2014-01-01',
    parameters: { categories: [], tolerance: '0.00' },
  }),
  rule({
    code: 'BANK-TWICE',
    kind: 'PAID_TWICE',
    name: '同一笔补助重复发放',
    severity: 'HIGH',
    policyText: '同一批准事项只能发放一次，银行重复代发的资金应予追回。',
    effectiveFrom: '2014-01-01',
    parameters: { categories: [] },
  }),
  rule({
    code: 'BANK-OTHER-CARD',
    kind: 'PAID_TO_OTHER_CARD',
    name: '补助未发放到本户银行卡',
    severity: 'HIGH',
    policyText: '一户一卡：惠民惠农资金只能发放到本户登记的银行卡，不得发放到他人或他户卡上。',
    effectiveFrom: '2014-01-01',
    parameters: { categories: [] },
  }),
  rule({
    code: 'BANK-CARD-SHARED',
    kind: 'CARD_SHARED_ACROSS_DEPARTMENTS',
    name: '同一银行卡收到多个部门同类资金',
    severity: 'MEDIUM',
    policyText: '一张卡同年收到两个部门的同类资金（尤其是为他户代领），可能是重复扶持或冒领，须核实。',
    effectiveFrom: '2014-01-01',
    parameters: { categories: [], sameHouseholdToo: false },
  }),
  rule({
    code: 'BANK-AFTER-DEATH',
    kind: 'PAID_AFTER_DEATH_OR_EXIT',
    name: '受益人或持卡人死亡后银行仍发放',
    severity: 'HIGH',
    policyText: '受益人死亡后应自次月停发；持卡人死亡后仍有资金到账的，须核实是否冒领。',
    effectiveFrom: '2014-01-01',
    parameters: { departments: [], categories: [], programs: [], eligibleStatuses: [], exitTransitionMonths: 0, deceasedMembers: true },
  }),
  rule({
    code: 'BANK-AFTER-EXIT',
    kind: 'PAID_AFTER_DEATH_OR_EXIT',
    name: '过渡期满或清退后银行仍发放扶贫资金',
    severity: 'HIGH',
    policyText: '扶贫办到户资金在脱贫户过渡期（县定 36 个月）满后及清退后不得再发放，以银行实际到账日期为准。',
    effectiveFrom: '2014-01-01',
    parameters: POVERTY_FUNDS_UNTIL_TRANSITION_ENDS,
  }),
];

/** Adds the default rules whose codes are missing, each as its version 1. */
export async function seedDefaultRules(prisma: PrismaClient): Promise<void> {
  const existing = new Set((await prisma.policyRule.findMany({ select: { code: true } })).map((r) => r.code));
  for (const definition of DEFAULT_RULES.filter((d) => !existing.has(d.code))) {
    await prisma.policyRule.create({
      data: {
        code: definition.code,
        kind: definition.kind,
        versions: {
          create: {
            version: 1,
            name: definition.name,
            parameters: definition.parameters as object,
            severity: definition.severity,
            policyText: definition.policyText,
            effectiveFrom: new Date(`${definition.effectiveFrom}T00:00:00Z`),
            changeNote: 'default rule set (默认规则)',
            createdBy: 'hub',
          },
        },
      },
    });
  }
}
