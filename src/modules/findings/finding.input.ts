import { Field, ID, InputType } from 'type-graphql';
import type { Decimal } from 'decimal.js';
import { FindingStatus } from '../../generated/prisma/enums';
import { MoneyScalar } from '../../graphql/scalars/money.scalar';
import { RegionCodeScalar } from '../../graphql/scalars/region-code.scalar';
import './finding.type';

@InputType('FindingFilter', { description: 'Which 多策合一 findings to list or total (核查发现筛选). All given fields must match.' })
export class FindingFilterArgs {
  @Field(() => RegionCodeScalar, { nullable: true, description: "Only households in this county, township or village (行政区划代码); narrowed to your key's region." })
  regionCode?: string | null;

  @Field(() => String, { nullable: true, description: 'Only this household, by household number (户编号).' })
  householdNo?: string | null;

  @Field(() => String, { nullable: true, description: 'Only findings involving this department (涉及部门), by code, e.g. `AGRI`.' })
  department?: string | null;

  @Field(() => String, { nullable: true, description: 'Only findings of this rule (规则编码), e.g. `DUP-INDUSTRY`.' })
  ruleCode?: string | null;

  @Field(() => [FindingStatus], { nullable: true, description: 'Only findings in one of these statuses (核查状态), e.g. [OPEN, CONFIRMED].' })
  status?: FindingStatus[] | null;

  @Field(() => MoneyScalar, { nullable: true, description: 'Only findings with at least this amount at risk (最低风险金额，元), e.g. "1000.00".' })
  minAmount?: Decimal | null;
}

@InputType({ description: 'Confirm a finding (确认): an OPEN finding becomes CONFIRMED.' })
export class ConfirmFindingInput {
  @Field(() => ID, { description: 'Global ID of the finding (核查发现).' })
  id!: string;

  @Field(() => String, { nullable: true, description: 'What the check found (核实情况), kept in the history; optional.' })
  note?: string | null;
}

@InputType({ description: 'Dismiss a finding (排除) with a reason: an OPEN or CONFIRMED finding becomes DISMISSED.' })
export class DismissFindingInput {
  @Field(() => ID, { description: 'Global ID of the finding (核查发现).' })
  id!: string;

  @Field({ description: 'Why it is not a problem (排除理由), required, e.g. "allowed by policy" (政策允许) or "vehicle registered in name only" (车辆仅挂名).' })
  reason!: string;
}

@InputType({ description: 'Record the money recovered on a CONFIRMED finding (登记追回): it becomes RECOVERED.' })
export class RecordFindingRecoveryInput {
  @Field(() => ID, { description: 'Global ID of the finding (核查发现).' })
  id!: string;

  @Field(() => MoneyScalar, { description: 'Amount recovered (追回金额，元), exact, e.g. "1860.00": more than 0 and not more than the amount at risk.' })
  amount!: Decimal;

  @Field(() => String, { nullable: true, description: 'How it was recovered (追回说明), e.g. the receipt number; optional.' })
  note?: string | null;
}

@InputType({ description: 'Assign a finding to a department to follow up (指派), in any status but CLOSED.' })
export class AssignFindingInput {
  @Field(() => ID, { description: 'Global ID of the finding (核查发现).' })
  id!: string;

  @Field({ description: 'Code of the department that follows it up (责任部门), e.g. `AGRI`.' })
  department!: string;
}

@InputType({ description: 'Comment on a finding (备注), kept in its history.' })
export class CommentOnFindingInput {
  @Field(() => ID, { description: 'Global ID of the finding (核查发现).' })
  id!: string;

  @Field({ description: 'The comment (备注内容); must not be blank.' })
  comment!: string;
}

@InputType({ description: 'Run the 多策合一 rules over a region now (全面核查).' })
export class DetectFindingsInput {
  @Field(() => RegionCodeScalar, {
    nullable: true,
    description: "The county, township or village to scan (核查范围); narrowed to your key's region, and your key's whole region when left out.",
  })
  regionCode?: string | null;
}
