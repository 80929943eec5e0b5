import { Field, Int, ObjectType } from 'type-graphql';
import { ConnectionType } from '../../graphql/relay/connection';
import { LocalDateScalar } from '../../graphql/scalars/local-date.scalar';

@ObjectType({ description: 'A paired household without a cadre visit within the visit interval (走访超期户).' })
export class OverdueHousehold {
  householdId!: number;
  asOf!: string;

  @Field(() => LocalDateScalar, { nullable: true, description: 'Date of its last visit on or before the reference date (最近走访日期); null when never visited.' })
  lastVisitOn!: string | null;

  @Field(() => Int, { nullable: true, description: 'Days from the last visit to the reference date (距上次走访天数); null when never visited.' })
  daysSinceLastVisit!: number | null;

  @Field(() => Int, { description: 'The visit interval in days it was judged against (走访间隔天数): more days than this without a visit is overdue.' })
  intervalDays!: number;
}

export const OverdueHouseholdConnection = ConnectionType(OverdueHousehold, 'OverdueHousehold', 'A page of households overdue for a cadre visit (走访超期户列表).');

@ObjectType({ description: 'A cadre paired with more households than the county allows (帮扶户数超限干部).' })
export class OverloadedCadre {
  cadreId!: number;
  asOf!: string;
  /** Region prefix the households listed are confined to. */
  regionPrefix!: string;
  /** The cadres of the same page, so that their first households load in one statement. */
  page!: { cadreIds: number[]; firstPages: Map<number, Promise<Map<number, { ids: number[]; total: number }>>> };

  @Field(() => Int, { description: 'Households paired with the cadre on the reference date, in every region (帮扶户数).' })
  householdCount!: number;

  @Field(() => Int, { description: 'Most households one cadre may be paired with, from the archive-check setting in force on the reference date (帮扶户数上限).' })
  maximum!: number;
}

export const OverloadedCadreConnection = ConnectionType(OverloadedCadre, 'OverloadedCadre', 'A page of cadres paired with too many households (超限干部列表).');

@ObjectType({ description: "One cadre's visits in one month (干部月度走访统计)." })
export class CadreMonthlyVisits {
  cadreId!: number;

  @Field({ description: 'The month, YYYY-MM (月份).' })
  month!: string;

  @Field(() => Int, { description: 'Visits the cadre made that month to households in the region (走访次数).' })
  visits!: number;

  @Field(() => Int, { description: 'Distinct households the cadre visited that month (走访户数).' })
  households!: number;
}

export const CadreMonthlyVisitsConnection = ConnectionType(CadreMonthlyVisits, 'CadreMonthlyVisits', 'A page of visits per cadre per month, by cadre then month (干部月度走访).');
