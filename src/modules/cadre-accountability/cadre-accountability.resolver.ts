import { Arg, Args, Ctx, FieldResolver, Int, Query, Resolver, Root } from 'type-graphql';
import { isoDate } from '../../domain/dates';
import type { HubContext } from '../../graphql/context';
import { PageArgs } from '../../graphql/relay/connection';
import { LocalDateScalar } from '../../graphql/scalars/local-date.scalar';
import { RegionCodeScalar } from '../../graphql/scalars/region-code.scalar';
import { Cadre } from '../assistance/assistance.type';
import { Permission } from '../auth/access';
import { Access } from '../auth/access-control';
import { Household } from '../household/household.type';
import { HouseholdConnection } from '../household/household.resolver';
import { pairingActiveOn } from './accountability-rules';
import { CadreMonthlyVisits, CadreMonthlyVisitsConnection, OverdueHousehold, OverdueHouseholdConnection, OverloadedCadre, OverloadedCadreConnection } from './cadre-accountability.type';

const REGION = { nullable: true, description: "County, township or village (区划代码); your key's whole region when left out. A region outside your key's is refused (FORBIDDEN)." };
const AS_OF = { nullable: true, description: 'Reference date (统计基准日), YYYY-MM-DD; today in China time when left out.' };

@Resolver(() => OverdueHousehold)
export class CadreAccountabilityResolver {
  @Access(Permission.READ_HOUSEHOLDS)
  @Query(() => OverdueHouseholdConnection, {
    description:
      'Households overdue for a cadre visit (走访超期户): paired with a cadre on the reference date, not removed, and last visited more than `days` days before it, or never. ' +
      'A visit exactly `days` days before is on time. By household, in pages of at most 100, within your key\'s region.',
  })
  householdsWithoutVisit(
    @Ctx() ctx: HubContext,
    @Args() page: PageArgs,
    @Arg('regionCode', () => RegionCodeScalar, REGION) regionCode?: string | null,
    @Arg('days', () => Int, { nullable: true, description: 'Visit interval in days (走访间隔); the archive-check setting in force on the reference date when left out.' }) days?: number | null,
    @Arg('asOf', () => LocalDateScalar, AS_OF) asOf?: string | null,
  ) {
    return ctx.services.cadreAccountability.householdsWithoutVisit({ regionCode, days, asOf }, page);
  }

  @Access(Permission.READ_HOUSEHOLDS)
  @Query(() => OverloadedCadreConnection, {
    description:
      'Cadres paired on the reference date with more households than the archive-check setting in force then allows (帮扶户数超限), among the cadres with a paired household in the region. ' +
      'By cadre, in pages of at most 100.',
  })
  overloadedCadres(@Ctx() ctx: HubContext, @Args() page: PageArgs, @Arg('regionCode', () => RegionCodeScalar, REGION) regionCode?: string | null, @Arg('asOf', () => LocalDateScalar, AS_OF) asOf?: string | null) {
    return ctx.services.cadreAccountability.overloadedCadres(regionCode, asOf, page);
  }

  @Access(Permission.READ_HOUSEHOLDS)
  @Query(() => CadreMonthlyVisitsConnection, {
    description:
      'Visits per cadre per month (干部月度走访) to households of the region, from `from` to `to` (both included, at most 36 calendar months): visits and distinct households visited. ' +
      'By cadre, then month, in pages of at most 100; months without visits are left out.',
  })
  cadreVisitsByMonth(
    @Ctx() ctx: HubContext,
    @Args() page: PageArgs,
    @Arg('from', () => LocalDateScalar, { description: 'First day counted (起始日期), YYYY-MM-DD.' }) from: string,
    @Arg('to', () => LocalDateScalar, { description: 'Last day counted (截止日期), YYYY-MM-DD; at most 36 calendar months after `from`.' }) to: string,
    @Arg('regionCode', () => RegionCodeScalar, REGION) regionCode?: string | null,
  ) {
    return ctx.services.cadreAccountability.visitsByMonth(regionCode, from, to, page);
  }

  @FieldResolver(() => Household, { description: 'The household (户).' })
  async household(@Root() overdue: OverdueHousehold, @Ctx() ctx: HubContext): Promise<Household> {
    return (await ctx.loaders.householdById.load(overdue.householdId))!;
  }

  @FieldResolver(() => [Cadre], { description: 'Cadres paired with the household on the reference date (当前帮扶责任人).' })
  async cadres(@Root() overdue: OverdueHousehold, @Ctx() ctx: HubContext): Promise<Cadre[]> {
    const pairings = await ctx.loaders.pairingsByHousehold.load(overdue.householdId);
    const ids = [...new Set(pairings.filter((p) => pairingActiveOn({ startDate: isoDate(p.startDate)!, endDate: isoDate(p.endDate) }, overdue.asOf)).map((p) => p.cadreId))];
    return (await ctx.loaders.cadreById.loadMany(ids)).filter((cadre): cadre is Cadre => cadre instanceof Cadre);
  }
}

@Resolver(() => OverloadedCadre)
export class OverloadedCadreResolver {
  @FieldResolver(() => Cadre, { description: 'The cadre (帮扶干部).' })
  async cadre(@Root() overloaded: OverloadedCadre, @Ctx() ctx: HubContext): Promise<Cadre> {
    return (await ctx.loaders.cadreById.load(overloaded.cadreId))!;
  }

  @FieldResolver(() => HouseholdConnection, { description: 'The households paired with the cadre on the reference date within the region asked about (帮扶户), in pages of at most 100.' })
  households(@Root() overloaded: OverloadedCadre, @Ctx() ctx: HubContext, @Args() page: PageArgs) {
    return ctx.services.cadreAccountability.householdsOf(overloaded, page);
  }
}

@Resolver(() => CadreMonthlyVisits)
export class CadreMonthlyVisitsResolver {
  @FieldResolver(() => Cadre, { description: 'The cadre (帮扶干部).' })
  async cadre(@Root() row: CadreMonthlyVisits, @Ctx() ctx: HubContext): Promise<Cadre> {
    return (await ctx.loaders.cadreById.load(row.cadreId))!;
  }
}
