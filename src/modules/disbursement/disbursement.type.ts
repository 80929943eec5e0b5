import { Field, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import type { Decimal } from 'decimal.js';
import { PaymentMatch } from '../../generated/prisma/enums';
import { Node } from '../../graphql/relay/node';
import { ConnectionType } from '../../graphql/relay/connection';
import { IdNumberScalar } from '../../graphql/scalars/id-number.scalar';
import { LocalDateScalar } from '../../graphql/scalars/local-date.scalar';
import { MoneyScalar } from '../../graphql/scalars/money.scalar';
import { PersonalData } from '../auth/access-control';
import { DepartmentRecord } from '../provenance/source-record.type';
import { UserError } from '../../graphql/user-error.type';

registerEnumType(PaymentMatch, {
  name: 'PaymentMatch',
  description: 'How reconciliation (对账) tied a bank payment to an approved subsidy (匹配方式). Set only by reconciliation, never by a delivery.',
  valuesConfig: {
    REFERENCE: { description: '按业务编号: the payment quotes the subsidy’s payment reference (支付业务编号).' },
    EXACT: { description: '精确匹配: same household card, the exact amount, paid inside the subsidy’s date window.' },
    SPLIT: { description: '分笔发放: one of several payments that together sum exactly to the subsidy.' },
    AMOUNT_DIFFERS: { description: '金额不符: the only payment left for the subsidy in its window, of a different amount.' },
    REPEAT: { description: '重复发放: a repeat of a payment already matched to the subsidy.' },
  },
});

export const DisbursementStatus = {
  NOT_EXPECTED: 'NOT_EXPECTED',
  AWAITING_PAYMENT: 'AWAITING_PAYMENT',
  PAID_IN_FULL: 'PAID_IN_FULL',
  PAID_SHORT: 'PAID_SHORT',
  PAID_OVER: 'PAID_OVER',
} as const;
export type DisbursementStatus = (typeof DisbursementStatus)[keyof typeof DisbursementStatus];

registerEnumType(DisbursementStatus, {
  name: 'DisbursementStatus',
  description: 'Where a subsidy stands between approval and the bank (发放到账状态), from the bank payments reconciliation matched to it.',
  valuesConfig: {
    NOT_EXPECTED: { description: '无需发放: the subsidy is APPLIED or WITHDRAWN, so no payment is due.' },
    AWAITING_PAYMENT: {
      description:
        '待发放: approved (APPROVED, or PAID by the department’s own account) but no bank payment is matched to it yet. Whether that is overdue is for the NOT_PAID finding to say.',
    },
    PAID_IN_FULL: { description: '足额到账: the matched payments sum exactly to the approved amount.' },
    PAID_SHORT: { description: '少发: the matched payments sum to less than the approved amount.' },
    PAID_OVER: { description: '多发: the matched payments sum to more than the approved amount (a repeat, or too large an amount).' },
  },
});

@ObjectType({
  implements: [Node, DepartmentRecord],
  description: 'A household’s bank card for direct payments (一户一卡 惠民惠农财政补贴资金“一卡通”), delivered by the bank or a department.',
})
export class BankCard extends DepartmentRecord {
  static readonly typename = 'BankCard';
  id!: number;
  householdId!: number;
  holderMemberId!: number;

  get nodeKey() {
    return this.id;
  }

  @Field({ description: 'The bank that opened the card (开户银行), e.g. 织金县农村信用合作联社.' })
  bankName!: string;

  @PersonalData('BANK_CARD')
  @Field({ name: 'bankCardNo', description: 'Card number (卡号); only the last 4 digits unless your key holds the BANK_CARD scope.' })
  cardNo!: string;

  @Field(() => LocalDateScalar, { nullable: true, description: 'Day the card was opened (开户日期); null when the bank did not say.' })
  openedOn!: Date | null;

  @Field(() => LocalDateScalar, { nullable: true, description: 'Day the card was closed (销户日期); null while it is in use.' })
  closedOn!: Date | null;
}

@ObjectType({
  implements: [Node, DepartmentRecord],
  description:
    'One payment a bank reports having made (银行代发明细): to which card, how much, when. Reconciliation (对账) ties it to an approved subsidy; ' +
    'its `sourceRecordId` is the bank’s transaction reference (流水号).',
})
export class BankPayment extends DepartmentRecord {
  static readonly typename = 'BankPayment';
  id!: number;
  householdId!: number | null;
  subsidyId!: number | null;

  get nodeKey() {
    return this.id;
  }

  @PersonalData('BANK_CARD')
  @Field({ name: 'bankCardNo', description: 'Card paid to (收款卡号); only the last 4 digits unless your key holds the BANK_CARD scope.' })
  cardNo!: string;

  @Field({ description: 'Account holder’s name as the bank reports it (户名).' })
  holderName!: string;

  @PersonalData('ID_NUMBER')
  @Field(() => IdNumberScalar, {
    nullable: true,
    description: 'Account holder’s ID number as the bank reports it (证件号码); masked to the first 6 and last 4 unless your key holds the ID_NUMBER scope; null when the bank gave none.',
  })
  holderIdNumber!: string | null;

  @Field(() => MoneyScalar, { description: 'Amount paid (金额，元), exact to the fen.' })
  amount!: Decimal;

  @Field(() => LocalDateScalar, { description: 'Day the bank paid (交易日期).' })
  paidOn!: Date;

  @Field({ description: 'The bank’s transaction reference (银行流水号); the same as `sourceRecordId`.' })
  get bankReference(): string {
    return this.sourceRecordId;
  }

  @Field(() => String, { nullable: true, description: 'The department’s payment reference the bank quoted (支付业务编号); null when it quoted none.' })
  paymentReference!: string | null;

  @Field({ description: 'The bank’s summary line (摘要), e.g. 低保金 2024年6月; empty when there is none.' })
  memo!: string;

  @Field(() => PaymentMatch, { nullable: true, description: 'How reconciliation matched it to `subsidy` (匹配方式); null when it is matched to none.' })
  match!: PaymentMatch | null;
}

export const BankPaymentConnection = ConnectionType(BankPayment, 'BankPayment', 'A page of bank payments (银行代发明细), in the order the hub received them.');

@ObjectType({ description: 'A subsidy from approval to the bank (审批→发放到账): the approved amount, the payments matched to it and what is still missing or too much.' })
export class SubsidyDisbursement {
  subsidyId!: number;
  householdId!: number;

  @Field(() => LocalDateScalar, { nullable: true, description: 'Day the subsidy was approved (审批日期); null when the department did not say.' })
  approvedOn!: Date | null;

  @Field(() => MoneyScalar, { description: 'Amount approved (审批金额，元): the subsidy’s amount when APPROVED or PAID, 0.00 when APPLIED or WITHDRAWN.' })
  approvedAmount!: string;

  @Field(() => MoneyScalar, { description: 'Sum of the matched payments (到账金额，元), every match kind (REPEAT included).' })
  paidAmount!: string;

  @Field(() => MoneyScalar, { description: '`paidAmount` − `approvedAmount` (差额，元): negative when paid short or not yet paid, positive when paid over.' })
  difference!: string;

  @Field(() => DisbursementStatus, { description: 'Where the subsidy stands (发放到账状态).' })
  status!: DisbursementStatus;

  @Field(() => [BankPayment], { description: 'The bank payments reconciliation matched to the subsidy (匹配的代发明细), oldest first; payments outside your key’s region are left out.' })
  payments!: BankPayment[];
}

/**
 * The totals of one funds flow (资金流向), computed in SQL over numeric so they are exact. Every
 * subclass inherits the fields; the definitions are in the field descriptions and in funds-flow.sql.ts.
 */
@ObjectType({ description: 'Approved against paid (审批与到账合计).' })
abstract class FundsFlowFigures {
  @Field(() => MoneyScalar, { description: 'Approved (审批金额): sum of the amounts of APPROVED and PAID subsidies; APPLIED and WITHDRAWN ones are left out.' })
  approved!: string;

  @Field(() => Int, { description: 'Approved subsidies (审批笔数) counted in `approved`.' })
  approvedCount!: number;

  @Field(() => MoneyScalar, { description: 'Paid (到账金额): sum of the bank payments reconciliation matched to those approved subsidies, whichever card they reached.' })
  paid!: string;

  @Field(() => Int, { description: 'Bank payments (到账笔数) counted in `paid`.' })
  paymentCount!: number;

  @Field(() => MoneyScalar, { description: 'Unpaid (未到账): sum of the approved amounts of approved subsidies with no matched payment at all (AWAITING_PAYMENT).' })
  unpaid!: string;

  @Field(() => Int, { description: 'Approved subsidies with no matched payment (未到账笔数).' })
  unpaidCount!: number;

  @Field(() => MoneyScalar, { description: 'Overpaid (多发): over approved subsidies with payments, the sum of (paid − approved) where that is positive (PAID_OVER).' })
  overpaid!: string;

  @Field(() => Int, { description: 'Subsidies paid over (多发笔数).' })
  overpaidCount!: number;

  @Field(() => MoneyScalar, { description: 'Underpaid (少发): over approved subsidies with payments, the sum of (approved − paid) where that is positive (PAID_SHORT). Not-yet-paid subsidies are in `unpaid`, not here.' })
  underpaid!: string;

  @Field(() => Int, { description: 'Subsidies paid short (少发笔数).' })
  underpaidCount!: number;

  @Field(() => MoneyScalar, {
    description:
      'Unmatched (无对应补贴): sum of the bank payments credited to the households (their card, or a member’s ID number) that reconciliation matched to no approved subsidy ' +
      '(no subsidy, or one since APPLIED or WITHDRAWN), counted by the year they were paid in.',
  })
  unmatched!: string;

  @Field(() => Int, { description: 'Bank payments counted in `unmatched` (无对应补贴笔数).' })
  unmatchedCount!: number;

  @Field(() => MoneyScalar, {
    description:
      'Unexplained differences (无法解释的差额) = `underpaid` + `overpaid` + `unmatched`, each of them zero or positive: money that reached the households other than as approved. ' +
      '`unpaid` is not in it (the money may still be on its way; the NOT_PAID finding tells when it is late). Always `approved` − `paid` = `unpaid` + `underpaid` − `overpaid`.',
  })
  unexplained!: string;
}

@ObjectType({
  description:
    'A household’s funds flow (资金流向): what departments approved against what banks paid. With a year, subsidies of that budget year (年度) and their matched payments ' +
    '(even if paid early the next year), plus unmatched payments paid in that calendar year; without one, all years.',
})
export class FundsFlow extends FundsFlowFigures {
  @Field(() => Int, { nullable: true, description: 'The year asked for (年度); null for all years.' })
  year!: number | null;
}

@ObjectType({
  description:
    'One paying department’s part of a region’s funds flow (部门资金流向). Subsidies count for the department that pays them; an unmatched payment, having no subsidy, ' +
    'counts for the department that delivered it (usually BANK, 代发银行), so the departments add up to the region.',
})
export class DepartmentFundsFlow extends FundsFlowFigures {
  departmentId!: number;
}

@ObjectType({
  description: 'One subsidy category’s part of a region’s funds flow (类别资金流向), every department together. Unmatched payments have no category: `unmatched` is always 0.00 here.',
})
export class CategoryFundsFlow extends FundsFlowFigures {
  categoryCode!: string;
}

@ObjectType({ description: 'Bank payments that could be tied to no household (无法识别到户的代发): neither a registered card nor a member’s ID number, and no subsidy matched.' })
export class UnidentifiedPayments {
  @Field(() => Int, { description: 'Payments (笔数).' })
  count!: number;

  @Field(() => MoneyScalar, { description: 'Their sum (金额，元).' })
  amount!: string;
}

@ObjectType({
  description:
    'The funds flow of a county, township or village in a budget year (区域资金流向): the same totals as `Household.fundsFlow(year:)` summed over its households, ' +
    'broken down by department and by category. The breakdowns are computed only when asked for.',
})
export class RegionFundsFlow extends FundsFlowFigures {
  regionCode!: string;
  prefix!: string;
  /** Whether the key reads the whole hub: only then are unidentified payments shown. */
  wholeHub!: boolean;

  @Field(() => Int, { description: 'The budget year (年度).' })
  year!: number;
}

@ObjectType({ description: 'Dated parameters of reconciliation (对账参数), set by the county: how far around an approval a payment may fall and how many parts a split payment may have.' })
export class ReconciliationSetting {
  id!: number;

  @Field(() => LocalDateScalar, { description: 'First day in force (生效日期); the setting applies to subsidies approved from then until the next setting starts.' })
  effectiveFrom!: string;

  @Field(() => Int, { description: 'Days before the approval, or before the period start if earlier, that a payment may fall and still match (提前天数), 0 to 90.' })
  leadDays!: number;

  @Field(() => Int, { description: 'Days after the approval, or after the period end if later, that a payment may fall and still match (到账期限天数), 1 to 730; also how long before an approved subsidy counts as not paid.' })
  windowDays!: number;

  @Field(() => Int, { description: 'Most payments that may together make up one subsidy (分笔发放笔数上限), 1 to 12.' })
  maxSplitParts!: number;

  @Field({ description: 'What changed and why (变更说明).' })
  changeNote!: string;

  @Field({ description: 'Who added it (创建人): the key’s name, or `seed` for the default.' })
  createdBy!: string;
}

@InputType({ description: 'A new dated reconciliation setting (新增对账参数).' })
export class CreateReconciliationSettingInput {
  @Field(() => LocalDateScalar, { description: 'First day in force (生效日期); one setting per day.' })
  effectiveFrom!: string;

  @Field(() => Int, { description: 'Lead days (提前天数), 0 to 90.' })
  leadDays!: number;

  @Field(() => Int, { description: 'Window days (到账期限天数), 1 to 730.' })
  windowDays!: number;

  @Field(() => Int, { description: 'Most parts of a split payment (分笔发放笔数上限), 1 to 12.' })
  maxSplitParts!: number;

  @Field({ description: 'What changes and why (变更说明); must not be blank.' })
  changeNote!: string;
}

@ObjectType({ description: 'The result of adding a reconciliation setting (新增对账参数结果).' })
export class ReconciliationSettingPayload {
  @Field(() => ReconciliationSetting, { nullable: true, description: 'The new setting; null when refused.' })
  reconciliationSetting!: ReconciliationSetting | null;

  @Field(() => [UserError], { description: 'Why the input was refused (输入错误); empty on success, and then nothing was saved.' })
  userErrors!: UserError[];
}
