import { createUnionType, Field, Int, ObjectType, registerEnumType } from 'type-graphql';
import { HouseholdStatus, PolicyRuleKind, RuleSeverity } from '../../generated/prisma/enums';
import { Node } from '../../graphql/relay/node';
import { LocalDateScalar } from '../../graphql/scalars/local-date.scalar';
import { MoneyScalar } from '../../graphql/scalars/money.scalar';
import { UserError } from '../../graphql/user-error.type';
import '../household/household.type';
import type {
  AnnualCapParameters as AnnualCapSpec,
  CategoryOverlapParameters as CategoryOverlapSpec,
  IneligibleBeneficiaryParameters as IneligibleBeneficiarySpec,
  MutuallyExclusiveParameters as MutuallyExclusiveSpec,
  OneTimeParameters as OneTimeSpec,
  NotPaidParameters as NotPaidSpec,
  PaidAmountMismatchParameters as PaidAmountMismatchSpec,
  PaymentScopeParameters as PaymentScopeSpec,
  CardSharedParameters as CardSharedSpec,
  PaymentDueFrom as PaymentDueFromSpec,
  RuleParameters as RuleParametersSpec,
} from './rule-parameters';

/** The GraphQL enum of PaymentDueFrom (a string union in the rules). */
export const PaymentDueFrom = { APPROVAL: 'APPROVAL', PERIOD_END: 'PERIOD_END' } as const satisfies Record<PaymentDueFromSpec, PaymentDueFromSpec>;

registerEnumType(PolicyRuleKind, {
  name: 'PolicyRuleKind',
  description: 'What a 多策合一 rule checks (规则类型); each kind takes its own parameters (see `RuleParameters`).',
  valuesConfig: {
    CATEGORY_OVERLAP: {
      description: '同类重复扶持: subsidies of the same canonical category to one household (or member) for overlapping periods from different departments.',
    },
    MUTUALLY_EXCLUSIVE: { description: '互斥项目: programs a household or person may not hold at the same time, e.g. 低保 and 特困供养.' },
    ONE_TIME: { description: '一次性项目: programs that together pay at most once per household ever, e.g. the biogas digester (沼气池).' },
    ANNUAL_CAP: { description: '年度封顶: a category’s total per household per budget year may not exceed a cap.' },
    INELIGIBLE_BENEFICIARY: {
      description: '不符合条件的对象: paid to a household not in an eligible status on the payment date (past its exit transition period, removed), or to a member who had died.',
    },
    NOT_PAID: { description: '已批未发 (一户一卡对账): an approved subsidy with no bank payment a set number of days after approval or after its period, in months the banks have reported.' },
    PAID_AMOUNT_MISMATCH: { description: '少发/多发 (一户一卡对账): the bank paid less or more than was approved.' },
    PAID_TWICE: { description: '重复发放 (一户一卡对账): the bank paid the same approval twice.' },
    PAID_TO_OTHER_CARD: { description: '发放到非本户卡 (一户一卡对账): the payment went to a card registered to another household, or not to one of the household’s cards.' },
    CARD_SHARED_ACROSS_DEPARTMENTS: { description: '一卡多部门同类资金 (一户一卡对账): one card received the same category from two departments in a year, e.g. for another household.' },
    PAID_AFTER_DEATH_OR_EXIT: { description: '死亡或退出后发放 (一户一卡对账): the bank paid after the beneficiary or card holder died, or after the household exited past its transition period or was removed.' },
  },
});

registerEnumType(PaymentDueFrom, {
  name: 'PaymentDueFrom',
  description: 'From when an approved subsidy’s payment is counted as due (应发起算日).',
  valuesConfig: {
    APPROVAL: { description: '批准日: counted from the approval date (or the period start for records without one); suits monthly allowances.' },
    PERIOD_END: { description: '期末: counted from the end of the subsidy’s period (or the approval, if later); suits yearly and project funds paid on completion.' },
  },
});

registerEnumType(RuleSeverity, {
  name: 'RuleSeverity',
  description: 'How serious a breach of the rule is (严重程度); findings carry it so auditors can work the worst first.',
  valuesConfig: {
    LOW: { description: '低: worth a look, usually explained by local policy.' },
    MEDIUM: { description: '中: likely overpayment; check with the departments involved.' },
    HIGH: { description: '高: policy forbids it outright; money is probably to be recovered (追回).' },
  },
});

@ObjectType({ description: 'Parameters of a CATEGORY_OVERLAP rule (同类重复扶持参数).' })
export class CategoryOverlapParameters implements CategoryOverlapSpec {
  static readonly typename = 'CategoryOverlapParameters';

  @Field(() => [String], { description: 'Canonical subsidy category codes (补贴类别) the rule compares, e.g. `HOUSING`; each is checked on its own.' })
  categories!: string[];

  @Field({ description: 'Also count two different programs of one department as a duplicate (同一部门不同项目也算重复); otherwise only different departments do.' })
  sameDepartmentDifferentPrograms!: boolean;
}

@ObjectType({ description: 'Parameters of a MUTUALLY_EXCLUSIVE rule (互斥项目参数): a program of one list may not be held with a program of the other.' })
export class MutuallyExclusiveParameters implements MutuallyExclusiveSpec {
  static readonly typename = 'MutuallyExclusiveParameters';

  @Field(() => [String], { description: 'Program codes on one side (项目), e.g. `CIV_DIBAO` (低保).' })
  programs!: string[];

  @Field(() => [String], { description: 'Program codes that may not be held at the same time as any of `programs` (互斥项目), e.g. `CIV_TEKUN` (特困供养).' })
  conflictingPrograms!: string[];
}

@ObjectType({ description: 'Parameters of a ONE_TIME rule (一次性项目参数).' })
export class OneTimeParameters implements OneTimeSpec {
  static readonly typename = 'OneTimeParameters';

  @Field(() => [String], { description: 'Program codes (项目) that together pay at most once per household ever, e.g. `AGR_BIOGAS` and `POV_BIOGAS`.' })
  programs!: string[];
}

@ObjectType({ description: 'Parameters of an ANNUAL_CAP rule (年度封顶参数).' })
export class AnnualCapParameters implements AnnualCapSpec {
  static readonly typename = 'AnnualCapParameters';

  @Field({ description: 'Canonical subsidy category code (补贴类别) the cap applies to, e.g. `INDUSTRY_LIVESTOCK`.' })
  category!: string;

  @Field(() => MoneyScalar, { description: 'Most a household may receive in the category in one budget year (封顶金额，元), exact to the fen, e.g. "15000.00".' })
  cap!: string;
}

@ObjectType({ description: 'Parameters of an INELIGIBLE_BENEFICIARY rule (不符合条件对象参数).' })
export class IneligibleBeneficiaryParameters implements IneligibleBeneficiarySpec {
  static readonly typename = 'IneligibleBeneficiaryParameters';

  @Field(() => [String], { description: 'Only subsidies paid by these departments (部门代码), e.g. `POVERTY`; empty for any department.' })
  departments!: string[];

  @Field(() => [String], { description: 'Only subsidies in these canonical categories (补贴类别); empty for any category.' })
  categories!: string[];

  @Field(() => [String], { description: 'Only subsidies of these programs (项目代码); empty for any program.' })
  programs!: string[];

  @Field(() => [HouseholdStatus], { description: 'Statuses in which a household may be paid (可享受的农户状态); empty to skip the status check.' })
  eligibleStatuses!: HouseholdStatus[];

  @Field(() => Int, { description: 'Months an exited household may still be paid after its exit date (过渡期，月).' })
  exitTransitionMonths!: number;

  @Field({ description: 'Also flag personal payments dated after the member’s recorded death (死亡后发放).' })
  deceasedMembers!: boolean;
}

@ObjectType({ description: 'Parameters of a PAID_TWICE or PAID_TO_OTHER_CARD rule (对账规则范围).' })
export class PaymentScopeParameters implements PaymentScopeSpec {
  static readonly typename: string = 'PaymentScopeParameters';

  @Field(() => [String], { description: 'Only subsidies in these canonical categories (补贴类别); empty for any category.' })
  categories!: string[];
}

@ObjectType({ description: 'Parameters of a NOT_PAID rule (已批未发参数).' })
export class NotPaidParameters extends PaymentScopeParameters implements NotPaidSpec {
  static override readonly typename = 'NotPaidParameters';

  @Field(() => Int, { description: 'Days after `countFrom` by which the bank should have paid (应发天数).' })
  days!: number;

  @Field(() => PaymentDueFrom, { description: 'From when the days are counted (起算日).' })
  countFrom!: PaymentDueFromSpec;
}

@ObjectType({ description: 'Parameters of a PAID_AMOUNT_MISMATCH rule (少发多发参数).' })
export class PaidAmountMismatchParameters extends PaymentScopeParameters implements PaidAmountMismatchSpec {
  static override readonly typename = 'PaidAmountMismatchParameters';

  @Field(() => MoneyScalar, { description: 'Largest difference between paid and approved that is not a finding (容差，元), e.g. "0.00".' })
  tolerance!: string;
}

@ObjectType({ description: 'Parameters of a CARD_SHARED_ACROSS_DEPARTMENTS rule (一卡多部门参数).' })
export class CardSharedParameters extends PaymentScopeParameters implements CardSharedSpec {
  static override readonly typename = 'CardSharedParameters';

  @Field({ description: 'Also flag a card whose payments are all for its own household (本户内也算); the 多策合一 overlap rules judge that case too.' })
  sameHouseholdToo!: boolean;
}

const PARAMETER_TYPES = {
  CATEGORY_OVERLAP: CategoryOverlapParameters,
  MUTUALLY_EXCLUSIVE: MutuallyExclusiveParameters,
  ONE_TIME: OneTimeParameters,
  ANNUAL_CAP: AnnualCapParameters,
  INELIGIBLE_BENEFICIARY: IneligibleBeneficiaryParameters,
  NOT_PAID: NotPaidParameters,
  PAID_AMOUNT_MISMATCH: PaidAmountMismatchParameters,
  PAID_TWICE: PaymentScopeParameters,
  PAID_TO_OTHER_CARD: PaymentScopeParameters,
  CARD_SHARED_ACROSS_DEPARTMENTS: CardSharedParameters,
  PAID_AFTER_DEATH_OR_EXIT: IneligibleBeneficiaryParameters,
} as const satisfies Record<PolicyRuleKind, new () => object>;

export const RuleParameters = createUnionType({
  name: 'RuleParameters',
  description: 'The typed parameters of a rule (规则参数): one member type per `PolicyRuleKind`; ask with `... on AnnualCapParameters { cap }` and so on.',
  types: () => [...new Set(Object.values(PARAMETER_TYPES))],
  resolveType: (value) => (value.constructor as { typename?: string }).typename,
});

/** The stored JSON of a version as the GraphQL member type of its kind. */
export function typedParameters(kind: PolicyRuleKind, stored: unknown): RuleParametersSpec {
  const value = typeof stored === 'string' ? (JSON.parse(stored) as object) : ((stored ?? {}) as object);
  return Object.assign(new PARAMETER_TYPES[kind](), value) as RuleParametersSpec;
}

@ObjectType({
  implements: Node,
  description:
    'One version of a 多策合一 rule (规则版本). Versions are never edited: revising a rule adds a version, and a finding keeps the version that raised it.',
})
export class PolicyRuleVersion extends Node {
  static readonly typename = 'PolicyRuleVersion';
  id!: number;
  ruleId!: number;
  kind!: PolicyRuleKind;
  /** The stored JSON; `parameters` gives it typed. */
  storedParameters!: unknown;

  get nodeKey() {
    return this.id;
  }

  @Field(() => Int, { description: 'Version number (版本号), 1 for the rule as created, one more for each revision.' })
  version!: number;

  @Field({ description: 'Name of the rule in this version (规则名称).' })
  name!: string;

  @Field(() => RuleSeverity, { description: 'Severity in this version (严重程度).' })
  severity!: RuleSeverity;

  @Field({ description: 'The policy text the rule enforces (政策依据), as written by the county.' })
  policyText!: string;

  @Field(() => LocalDateScalar, { description: 'First day this version applies to (生效日期): conflicts arising before it are judged by other versions.' })
  effectiveFrom!: Date;

  @Field(() => LocalDateScalar, { nullable: true, description: 'Last day this version applies to (失效日期), inclusive; null while open-ended.' })
  effectiveTo!: Date | null;

  @Field(() => RuleParameters, { description: 'What this version checks (规则参数), typed by the rule’s kind.' })
  get parameters(): RuleParametersSpec {
    return typedParameters(this.kind, this.storedParameters);
  }

  @Field({ description: 'Why the rule was created or changed in this version (修订说明).' })
  changeNote!: string;

  @Field({ description: 'Who saved this version (修订人): the name of the API key, or `hub` for the default rule set.' })
  createdBy!: string;

  @Field({ description: 'When this version was saved (保存时间).' })
  createdAt!: Date;
}

@ObjectType({
  implements: Node,
  description:
    'A 多策合一 rule (一户多策合一规则): a stable code and kind, with what it checks in versions. ' +
    'The fields beside `code` and `kind` are those of the current (highest) version, for convenience.',
})
export class PolicyRule extends Node {
  static readonly typename = 'PolicyRule';
  id!: number;
  /** Every version, newest first (never empty). */
  versionList!: PolicyRuleVersion[];

  get nodeKey() {
    return this.id;
  }

  @Field({ description: 'Stable code (规则编码) findings and filters name the rule by, e.g. `DUP-HOUSING`.' })
  code!: string;

  @Field(() => PolicyRuleKind, { description: 'What the rule checks (规则类型); fixed for the life of the rule.' })
  kind!: PolicyRuleKind;

  @Field({ description: 'When the rule was created (创建时间).' })
  createdAt!: Date;

  @Field(() => PolicyRuleVersion, { description: 'The current version (当前版本): the one with the highest number.' })
  get currentVersion(): PolicyRuleVersion {
    return this.versionList[0];
  }

  @Field(() => [PolicyRuleVersion], { description: 'Every version (历史版本), newest first.' })
  get versions(): PolicyRuleVersion[] {
    return this.versionList;
  }

  @Field({ description: 'Name of the rule (规则名称), from the current version.' })
  get name(): string {
    return this.currentVersion.name;
  }

  @Field(() => RuleSeverity, { description: 'Severity (严重程度), from the current version.' })
  get severity(): RuleSeverity {
    return this.currentVersion.severity;
  }

  @Field({ description: 'The policy text the rule enforces (政策依据), from the current version.' })
  get policyText(): string {
    return this.currentVersion.policyText;
  }

  @Field(() => LocalDateScalar, { description: 'First day the current version applies to (生效日期).' })
  get effectiveFrom(): Date {
    return this.currentVersion.effectiveFrom;
  }

  @Field(() => LocalDateScalar, { nullable: true, description: 'Last day the current version applies to (失效日期), inclusive; null while open-ended.' })
  get effectiveTo(): Date | null {
    return this.currentVersion.effectiveTo;
  }

  @Field(() => RuleParameters, { description: 'What the current version checks (规则参数), typed by the rule’s kind.' })
  get parameters(): RuleParametersSpec {
    return this.currentVersion.parameters;
  }
}

@ObjectType({ description: 'The result of creating or revising a rule (规则保存结果): the rule as it now stands, or why the input was refused.' })
export class PolicyRulePayload {
  @Field(() => PolicyRule, { nullable: true, description: 'The rule with its new version; null when the input was refused and nothing was saved.' })
  policyRule!: PolicyRule | null;

  @Field(() => [UserError], { description: 'Why the input was refused (输入错误), each naming the input field; empty on success.' })
  userErrors!: UserError[];
}
