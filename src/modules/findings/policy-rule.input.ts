import { Field, InputType, Int } from 'type-graphql';
import type { Decimal } from 'decimal.js';
import { HouseholdStatus, PolicyRuleKind, RuleSeverity } from '../../generated/prisma/enums';
import { LocalDateScalar } from '../../graphql/scalars/local-date.scalar';
import { MoneyScalar } from '../../graphql/scalars/money.scalar';
import { PaymentDueFrom } from './policy-rule.type';

@InputType({ description: 'Parameters of a CATEGORY_OVERLAP rule (同类重复扶持参数).' })
export class CategoryOverlapParametersInput {
  @Field(() => [String], { description: 'Canonical subsidy category codes (补贴类别) to compare, e.g. `HOUSING`; at least one, each known to the catalogue (`subsidyCategories`).' })
  categories!: string[];

  @Field({ nullable: true, defaultValue: false, description: 'Also count two different programs of one department as a duplicate (同一部门不同项目也算重复). Default false.' })
  sameDepartmentDifferentPrograms?: boolean;
}

@InputType({ description: 'Parameters of a MUTUALLY_EXCLUSIVE rule (互斥项目参数). A program belongs to one side only.' })
export class MutuallyExclusiveParametersInput {
  @Field(() => [String], { description: 'Program codes on one side (项目), e.g. `CIV_DIBAO`; at least one, each known to the catalogue (`programs`).' })
  programs!: string[];

  @Field(() => [String], { description: 'Program codes that may not be held at the same time as any of `programs` (互斥项目), e.g. `CIV_TEKUN`; at least one.' })
  conflictingPrograms!: string[];
}

@InputType({ description: 'Parameters of a ONE_TIME rule (一次性项目参数).' })
export class OneTimeParametersInput {
  @Field(() => [String], { description: 'Program codes (项目) that together pay at most once per household ever; at least one.' })
  programs!: string[];
}

@InputType({ description: 'Parameters of an ANNUAL_CAP rule (年度封顶参数).' })
export class AnnualCapParametersInput {
  @Field({ description: 'Canonical subsidy category code (补贴类别) the cap applies to, e.g. `INDUSTRY_LIVESTOCK`.' })
  category!: string;

  @Field(() => MoneyScalar, { description: 'Most a household may receive in the category per budget year (封顶金额，元): a positive amount such as "15000.00".' })
  cap!: Decimal;
}

@InputType({ description: 'Parameters of an INELIGIBLE_BENEFICIARY rule (不符合条件对象参数). Set `eligibleStatuses`, `deceasedMembers`, or both.' })
export class IneligibleBeneficiaryParametersInput {
  @Field(() => [String], { nullable: true, description: 'Only subsidies paid by these departments (部门代码), e.g. `POVERTY`; omit or empty for any.' })
  departments?: string[] | null;

  @Field(() => [String], { nullable: true, description: 'Only subsidies in these canonical categories (补贴类别); omit or empty for any.' })
  categories?: string[] | null;

  @Field(() => [String], { nullable: true, description: 'Only subsidies of these programs (项目代码); omit or empty for any.' })
  programs?: string[] | null;

  @Field(() => [HouseholdStatus], { nullable: true, description: 'Statuses in which a household may be paid (可享受的农户状态); omit or empty to skip the status check.' })
  eligibleStatuses?: HouseholdStatus[] | null;

  @Field(() => Int, { nullable: true, defaultValue: 0, description: 'Months an exited household may still be paid after its exit date (过渡期，月), 0 to 120. Default 0.' })
  exitTransitionMonths?: number;

  @Field({ nullable: true, defaultValue: false, description: 'Also flag personal payments dated after the member’s recorded death (死亡后发放). Default false.' })
  deceasedMembers?: boolean;
}

@InputType({ description: 'Parameters of a PAID_TWICE or PAID_TO_OTHER_CARD rule (对账规则范围).' })
export class PaymentScopeParametersInput {
  @Field(() => [String], { nullable: true, description: 'Only subsidies in these canonical categories (补贴类别); omit or empty for any.' })
  categories?: string[] | null;
}

@InputType({ description: 'Parameters of a NOT_PAID rule (已批未发参数).' })
export class NotPaidParametersInput extends PaymentScopeParametersInput {
  @Field(() => Int, { description: 'Days after `countFrom` by which the bank should have paid (应发天数), 1 to 730.' })
  days!: number;

  @Field(() => PaymentDueFrom, { nullable: true, defaultValue: 'APPROVAL', description: 'From when the days are counted (起算日). Default APPROVAL.' })
  countFrom?: keyof typeof PaymentDueFrom;
}

@InputType({ description: 'Parameters of a PAID_AMOUNT_MISMATCH rule (少发多发参数).' })
export class PaidAmountMismatchParametersInput extends PaymentScopeParametersInput {
  @Field(() => MoneyScalar, { nullable: true, description: 'Largest difference between paid and approved that is not a finding (容差，元), zero or more. Default "0.00".' })
  tolerance?: Decimal | null;
}

@InputType({ description: 'Parameters of a CARD_SHARED_ACROSS_DEPARTMENTS rule (一卡多部门参数).' })
export class CardSharedParametersInput extends PaymentScopeParametersInput {
  @Field({ nullable: true, defaultValue: false, description: 'Also flag a card whose payments are all for its own household (本户内也算). Default false.' })
  sameHouseholdToo?: boolean;
}

/** The kind each field of RuleParametersInput is for. */
export const PARAMETER_FIELDS = {
  categoryOverlap: 'CATEGORY_OVERLAP',
  mutuallyExclusive: 'MUTUALLY_EXCLUSIVE',
  oneTime: 'ONE_TIME',
  annualCap: 'ANNUAL_CAP',
  ineligibleBeneficiary: 'INELIGIBLE_BENEFICIARY',
  notPaid: 'NOT_PAID',
  paidAmountMismatch: 'PAID_AMOUNT_MISMATCH',
  paidTwice: 'PAID_TWICE',
  paidToOtherCard: 'PAID_TO_OTHER_CARD',
  cardSharedAcrossDepartments: 'CARD_SHARED_ACROSS_DEPARTMENTS',
  paidAfterDeathOrExit: 'PAID_AFTER_DEATH_OR_EXIT',
} as const satisfies Record<string, PolicyRuleKind>;

export type ParameterField = keyof typeof PARAMETER_FIELDS;

@InputType({
  description:
    'A rule’s parameters (规则参数): give exactly one field, the one matching the rule’s kind, e.g. `{ annualCap: { category: "INDUSTRY_LIVESTOCK", cap: "15000.00" } }`.',
})
export class RuleParametersInput {
  @Field(() => CategoryOverlapParametersInput, { nullable: true, description: 'For a CATEGORY_OVERLAP rule.' })
  categoryOverlap?: CategoryOverlapParametersInput | null;

  @Field(() => MutuallyExclusiveParametersInput, { nullable: true, description: 'For a MUTUALLY_EXCLUSIVE rule.' })
  mutuallyExclusive?: MutuallyExclusiveParametersInput | null;

  @Field(() => OneTimeParametersInput, { nullable: true, description: 'For a ONE_TIME rule.' })
  oneTime?: OneTimeParametersInput | null;

  @Field(() => AnnualCapParametersInput, { nullable: true, description: 'For an ANNUAL_CAP rule.' })
  annualCap?: AnnualCapParametersInput | null;

  @Field(() => IneligibleBeneficiaryParametersInput, { nullable: true, description: 'For an INELIGIBLE_BENEFICIARY rule.' })
  ineligibleBeneficiary?: IneligibleBeneficiaryParametersInput | null;

  @Field(() => NotPaidParametersInput, { nullable: true, description: 'For a NOT_PAID rule.' })
  notPaid?: NotPaidParametersInput | null;

  @Field(() => PaidAmountMismatchParametersInput, { nullable: true, description: 'For a PAID_AMOUNT_MISMATCH rule.' })
  paidAmountMismatch?: PaidAmountMismatchParametersInput | null;

  @Field(() => PaymentScopeParametersInput, { nullable: true, description: 'For a PAID_TWICE rule.' })
  paidTwice?: PaymentScopeParametersInput | null;

  @Field(() => PaymentScopeParametersInput, { nullable: true, description: 'For a PAID_TO_OTHER_CARD rule.' })
  paidToOtherCard?: PaymentScopeParametersInput | null;

  @Field(() => CardSharedParametersInput, { nullable: true, description: 'For a CARD_SHARED_ACROSS_DEPARTMENTS rule.' })
  cardSharedAcrossDepartments?: CardSharedParametersInput | null;

  @Field(() => IneligibleBeneficiaryParametersInput, { nullable: true, description: 'For a PAID_AFTER_DEATH_OR_EXIT rule: the same parameters as INELIGIBLE_BENEFICIARY, judged on the bank’s payment dates.' })
  paidAfterDeathOrExit?: IneligibleBeneficiaryParametersInput | null;
}

@InputType({ description: 'A new 多策合一 rule (新建规则), saved as its version 1.' })
export class CreatePolicyRuleInput {
  @Field({ description: 'Stable code (规则编码): 3 to 40 upper-case letters, digits and hyphens, unique, e.g. `CAP-HOUSING`.' })
  code!: string;

  @Field(() => PolicyRuleKind, { description: 'What the rule checks (规则类型); cannot change later.' })
  kind!: PolicyRuleKind;

  @Field({ description: 'Name of the rule (规则名称), e.g. 住房保障类项目跨部门重复扶持.' })
  name!: string;

  @Field(() => RuleSeverity, { description: 'How serious a breach is (严重程度).' })
  severity!: RuleSeverity;

  @Field({ description: 'The policy text the rule enforces (政策依据).' })
  policyText!: string;

  @Field(() => RuleParametersInput, { description: 'What the rule checks (规则参数): the one field matching `kind`.' })
  parameters!: RuleParametersInput;

  @Field(() => LocalDateScalar, { description: 'First day the rule applies to (生效日期): conflicts arising before it are not flagged.' })
  effectiveFrom!: string;

  @Field(() => LocalDateScalar, { nullable: true, description: 'Last day the rule applies to (失效日期), inclusive; omit for open-ended.' })
  effectiveTo?: string | null;

  @Field(() => String, { nullable: true, description: 'Why the rule is added (修订说明), e.g. the county document that sets it.' })
  changeNote?: string | null;
}

@InputType({
  description:
    'A revision of a rule (修订规则): saved as a new version copying every field not given from the current one. ' +
    'Earlier versions stay as they were. To retire a rule, revise it with `effectiveTo`.',
})
export class RevisePolicyRuleInput {
  @Field({ description: 'Code of the rule to revise (规则编码), e.g. `CAP-LIVESTOCK`.' })
  code!: string;

  @Field(() => String, { nullable: true, description: 'New name (规则名称); omit to keep.' })
  name?: string | null;

  @Field(() => RuleSeverity, { nullable: true, description: 'New severity (严重程度); omit to keep.' })
  severity?: RuleSeverity | null;

  @Field(() => String, { nullable: true, description: 'New policy text (政策依据); omit to keep.' })
  policyText?: string | null;

  @Field(() => RuleParametersInput, { nullable: true, description: 'New parameters (规则参数), complete: the one field matching the rule’s kind; omit to keep.' })
  parameters?: RuleParametersInput | null;

  @Field(() => LocalDateScalar, { nullable: true, description: 'New first day (生效日期); omit to keep.' })
  effectiveFrom?: string | null;

  @Field(() => LocalDateScalar, {
    nullable: true,
    description: 'New last day (失效日期), inclusive; omit to keep, or pass null explicitly to make the rule open-ended again.',
  })
  effectiveTo?: string | null;

  @Field({ description: 'Why the rule changes (修订说明), e.g. "县政府 2024 年 3 号文调整封顶标准"; required.' })
  changeNote!: string;
}
