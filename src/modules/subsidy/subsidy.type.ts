import { Field, Int, ObjectType, registerEnumType } from 'type-graphql';
import type { Decimal } from 'decimal.js';
import { SubsidyState } from '../../generated/prisma/enums';
import { Node } from '../../graphql/relay/node';
import { LocalDateScalar } from '../../graphql/scalars/local-date.scalar';
import { MoneyScalar } from '../../graphql/scalars/money.scalar';
import { DepartmentRecord } from '../provenance/source-record.type';
import { PersonalData } from '../auth/access-control';

registerEnumType(SubsidyState, {
  name: 'SubsidyState',
  description: 'Approval and disbursement state of a subsidy (审批发放状态).',
  valuesConfig: {
    APPLIED: { description: '已申请 (applied, not yet approved)' },
    APPROVED: { description: '已审批 (approved, not yet paid)' },
    PAID: { description: '已发放 (paid to the household card)' },
    WITHDRAWN: { description: '已撤销 (withdrawn or corrected away)' },
  },
});

@ObjectType({
  implements: [Node, DepartmentRecord],
  description: 'A subsidy or assistance payment (补贴/帮扶资金) by one department to a household, and to one member where the program is personal.',
})
export class Subsidy extends DepartmentRecord {
  static readonly typename = 'Subsidy';
  id!: number;
  programId!: number;
  householdId!: number;
  memberId!: number | null;

  get nodeKey() {
    return this.id;
  }

  @Field(() => MoneyScalar, { description: 'Amount in yuan (金额，元), exact to the fen.' })
  amount!: Decimal;

  @Field(() => LocalDateScalar, { description: 'First day the subsidy covers (起始日期).' })
  startDate!: Date;

  @Field(() => LocalDateScalar, { description: 'Last day the subsidy covers (终止日期), inclusive.' })
  endDate!: Date;

  @Field(() => Int, { description: 'Budget year (年度).' })
  year!: number;

  @Field(() => SubsidyState, { description: 'Approval and disbursement state (状态).' })
  state!: SubsidyState;

  @Field(() => LocalDateScalar, { nullable: true, description: 'Approval date (审批日期).' })
  approvedOn!: Date | null;

  @Field(() => LocalDateScalar, { nullable: true, description: 'Date paid to the card (发放日期).' })
  paidOn!: Date | null;

  @PersonalData('BANK_CARD')
  @Field(() => String, { nullable: true, description: 'Bank card it was paid to (一户一卡 card number); only the last 4 digits unless your key holds the BANK_CARD scope.' })
  bankCardNo!: string | null;
}

@ObjectType({ description: "A household's subsidies from one department in one year (部门年度补贴合计)." })
export class SubsidyTotal {
  departmentId!: number;

  @Field(() => Int, { description: 'Budget year (年度).' })
  year!: number;

  @Field(() => MoneyScalar, { description: 'Sum of the amounts applied for, approved and paid (合计金额，元); withdrawn subsidies excluded.' })
  amount!: Decimal;

  @Field(() => MoneyScalar, { description: 'Sum of the amounts paid to the card (已发放金额，元).' })
  paid!: Decimal;

  @Field(() => Int, { description: 'How many subsidy records the sum covers.' })
  count!: number;
}
