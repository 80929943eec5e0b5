import { Field, Int, ObjectType } from 'type-graphql';
import { HouseholdStatus, PovertyType } from '../../generated/prisma/enums';
import { MoneyScalar } from '../../graphql/scalars/money.scalar';
import type * as figures from './region-stats.sql';

/** The counts every breakdown carries; each subclass inherits these fields. */
@ObjectType({ description: 'Households and people (户数、人数).' })
abstract class Headcount {
  @Field(() => Int, { description: 'Households (户数).' })
  households!: number;

  @Field(() => Int, { description: 'People (人数): members not merged and alive at the end of the year.' })
  people!: number;
}

@ObjectType({ description: 'Households and people in one status (按状态统计户数、人数).' })
export class StatusHeadcount extends Headcount {
  @Field(() => HouseholdStatus, { description: 'The status (状态).' })
  status!: HouseholdStatus;
}

@ObjectType({ description: 'Households and people of one poverty type (按贫困户属性统计户数、人数).' })
export class PovertyTypeHeadcount extends Headcount {
  @Field(() => PovertyType, { description: 'The poverty type (贫困户属性).' })
  povertyType!: PovertyType;
}

@ObjectType({ description: 'Households and people without a status at the end of the year: identified later, or without status history (年末未识别).' })
export class UnidentifiedHeadcount extends Headcount {}

@ObjectType({ description: 'Archive quality from the latest archive assessments (档案质量): completeness (完整率) and consistency (一致率). Percentages over the households assessed.' })
export class ArchiveQuality {
  @Field(() => Int, { description: 'Households with an assessment (已核查户数).' })
  householdsAssessed!: number;

  @Field(() => Int, { description: 'Households not yet assessed (未核查户数).' })
  householdsNotAssessed!: number;

  @Field(() => String, { nullable: true, description: 'Mean completeness in percent, two decimals, e.g. "87.50" (平均完整率); null when none is assessed.' })
  meanCompleteness!: string | null;

  @Field(() => String, { nullable: true, description: 'Share of assessed households whose archive is complete, in percent (档案齐全率); null when none is assessed.' })
  completeShare!: string | null;

  @Field(() => String, { nullable: true, description: 'Share of assessed households without any discrepancy, in percent (数实一致率); null when none is assessed.' })
  consistentShare!: string | null;
}

@ObjectType({ description: '多策合一 findings still to be settled, OPEN or CONFIRMED (待处理核查发现), whenever raised.' })
export class OpenFindingTotals {
  @Field(() => Int, { description: 'Findings (条数).' })
  count!: number;

  @Field(() => MoneyScalar, { description: 'Amount at risk (涉及金额), exact yuan.' })
  amountAtRisk!: string;
}

/** The sums every funds breakdown carries; each subclass inherits these fields. */
@ObjectType({ description: 'Subsidies of the year, approved or paid (资金).' })
abstract class Funds {
  @Field(() => Int, { description: 'Subsidies approved or paid (笔数).' })
  count!: number;

  @Field(() => MoneyScalar, { description: 'Approved and paid (已批准及已发放金额), exact yuan.' })
  amount!: string;

  @Field(() => MoneyScalar, { description: 'Paid to the card (已发放金额), exact yuan.' })
  paid!: string;
}

@ObjectType({ description: "One paying department's subsidies of the year (部门资金), approved or paid." })
export class DepartmentFunds extends Funds {
  departmentId!: number;
}

@ObjectType({ description: "One subsidy category's subsidies of the year (类别资金), approved or paid, every department together." })
export class CategoryFunds extends Funds {
  categoryCode!: string;
}

@ObjectType({
  description:
    'Statistics of a region for a year, for the big-data centre (区域统计): households and people by status and poverty type, entries and exits, ' +
    'archive quality, open findings and funds. Each part is computed only when asked for.',
})
export class RegionStats {
  regionCode!: string;
  scope!: figures.StatsScope;
  /** Computed at most once per answer: several fields read it. */
  yearEnd?: Promise<figures.YearEndHeadcount>;
  currentStatus?: Promise<Array<figures.Headcount<HouseholdStatus>>>;
  movementFigures?: Promise<figures.Movements>;

  @Field(() => Int, { description: 'The year (年度).' })
  year!: number;
}
