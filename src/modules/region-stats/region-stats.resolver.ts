import { Arg, Ctx, FieldResolver, Int, Query, Resolver, Root } from 'type-graphql';
import type { HubContext } from '../../graphql/context';
import { RegionCodeScalar } from '../../graphql/scalars/region-code.scalar';
import { Permission } from '../auth/access';
import { Access } from '../auth/access-control';
import { Department } from '../catalogue/department.type';
import { SubsidyCategory } from '../catalogue/program.type';
import { Region } from '../region/region.type';
import {
  ArchiveQuality,
  CategoryFunds,
  DepartmentFunds,
  OpenFindingTotals,
  PovertyTypeHeadcount,
  RegionStats,
  StatusHeadcount,
  UnidentifiedHeadcount,
} from './region-stats.type';

const sum = (rows: Array<{ households: number; people: number }>, field: 'households' | 'people') => rows.reduce((total, row) => total + row[field], 0);

@Resolver(() => RegionStats)
export class RegionStatsResolver {
  @Access(Permission.READ_HOUSEHOLDS)
  @Query(() => RegionStats, {
    description:
      'Statistics of a county, township or village for a year (区域统计), for the big-data centre (大数据中心). ' +
      "The region must lie within your key's region (FORBIDDEN otherwise); an unknown region or a year outside 2000–2100 is BAD_USER_INPUT.",
  })
  regionStats(
    @Ctx() ctx: HubContext,
    @Arg('regionCode', () => RegionCodeScalar, { description: 'County, township or village (区划代码).' }) regionCode: string,
    @Arg('year', () => Int, { description: 'The year (统计年度), e.g. 2024.' }) year: number,
  ): Promise<RegionStats> {
    return ctx.services.regionStats.stats(regionCode, year);
  }

  @FieldResolver(() => Region, { description: 'The region (区域).' })
  async region(@Root() stats: RegionStats, @Ctx() ctx: HubContext): Promise<Region> {
    return (await ctx.loaders.regionByCode.load(stats.regionCode))!;
  }

  @FieldResolver(() => Int, { description: 'Households on record now (户数), merged ones counted once as the one they became.' })
  async households(@Root() stats: RegionStats, @Ctx() ctx: HubContext): Promise<number> {
    return sum(await ctx.services.regionStats.currentStatus(stats), 'households');
  }

  @FieldResolver(() => Int, { description: 'People (人数): members not merged and alive at the end of the year, in the households on record now.' })
  async people(@Root() stats: RegionStats, @Ctx() ctx: HubContext): Promise<number> {
    return sum(await ctx.services.regionStats.currentStatus(stats), 'people');
  }

  @FieldResolver(() => [StatusHeadcount], { description: 'Households and people by current status (当前状态), in lifecycle order; statuses without households are left out.' })
  async byStatus(@Root() stats: RegionStats, @Ctx() ctx: HubContext): Promise<StatusHeadcount[]> {
    return (await ctx.services.regionStats.currentStatus(stats)).map(({ key, households, people }) => ({ status: key, households, people }));
  }

  @FieldResolver(() => [StatusHeadcount], {
    description: 'Households and people by the status each had at the end of the year (年末状态), from the status history; households without a status then are in `notYetIdentifiedAtYearEnd`.',
  })
  async byStatusAtYearEnd(@Root() stats: RegionStats, @Ctx() ctx: HubContext): Promise<StatusHeadcount[]> {
    return (await ctx.services.regionStats.yearEnd(stats)).byStatus.map(({ key, households, people }) => ({ status: key, households, people }));
  }

  @FieldResolver(() => UnidentifiedHeadcount, { description: 'Households (and their people) with no status change on or before the end of the year (年末尚未识别).' })
  async notYetIdentifiedAtYearEnd(@Root() stats: RegionStats, @Ctx() ctx: HubContext): Promise<UnidentifiedHeadcount> {
    const { households, people } = (await ctx.services.regionStats.yearEnd(stats)).notYetIdentified;
    return { households, people };
  }

  @FieldResolver(() => [PovertyTypeHeadcount], { description: 'Households and people by current poverty type (贫困户属性); types without households are left out.' })
  async byPovertyType(@Root() stats: RegionStats, @Ctx() ctx: HubContext): Promise<PovertyTypeHeadcount[]> {
    return (await ctx.services.regionStats.povertyTypes(stats)).map(({ key, households, people }) => ({ povertyType: key, households, people }));
  }

  @FieldResolver(() => Int, { description: 'Households identified in the year (新识别户数): their first IDENTIFIED status change, or their identification date without one, falls in it.' })
  async entries(@Root() stats: RegionStats, @Ctx() ctx: HubContext): Promise<number> {
    return (await ctx.services.regionStats.movements(stats)).entries;
  }

  @FieldResolver(() => Int, { description: 'Households that changed to EXITED in the year (脱贫退出户数), each counted once.' })
  async exits(@Root() stats: RegionStats, @Ctx() ctx: HubContext): Promise<number> {
    return (await ctx.services.regionStats.movements(stats)).exits;
  }

  @FieldResolver(() => ArchiveQuality, { description: 'Archive completeness and consistency from the latest assessments (档案完整率、一致率); as they are now, not at the end of the year.' })
  async archiveQuality(@Root() stats: RegionStats, @Ctx() ctx: HubContext): Promise<ArchiveQuality> {
    const q = await ctx.services.regionStats.archiveQuality(stats);
    return { householdsAssessed: q.assessed, householdsNotAssessed: q.notAssessed, meanCompleteness: q.meanCompleteness, completeShare: q.completeShare, consistentShare: q.consistentShare };
  }

  @FieldResolver(() => OpenFindingTotals, { description: '多策合一 findings OPEN or CONFIRMED now, with the amount at risk (待处理核查发现).' })
  openFindings(@Root() stats: RegionStats, @Ctx() ctx: HubContext): Promise<OpenFindingTotals> {
    return ctx.services.regionStats.openFindings(stats);
  }

  @FieldResolver(() => [DepartmentFunds], { description: 'Subsidies of the year approved or paid, by paying department (按部门资金), by department id.' })
  async fundsByDepartment(@Root() stats: RegionStats, @Ctx() ctx: HubContext): Promise<DepartmentFunds[]> {
    return (await ctx.services.regionStats.fundsByDepartment(stats)).map(({ key, ...rest }) => Object.assign(new DepartmentFunds(), { departmentId: Number(key), ...rest }));
  }

  @FieldResolver(() => [CategoryFunds], { description: 'Subsidies of the year approved or paid, by canonical category (按补贴类别资金), by category code.' })
  async fundsByCategory(@Root() stats: RegionStats, @Ctx() ctx: HubContext): Promise<CategoryFunds[]> {
    return (await ctx.services.regionStats.fundsByCategory(stats)).map(({ key, ...rest }) => Object.assign(new CategoryFunds(), { categoryCode: key, ...rest }));
  }
}

@Resolver(() => DepartmentFunds)
export class DepartmentFundsResolver {
  @FieldResolver(() => Department, { description: 'The paying department (部门).' })
  async department(@Root() funds: DepartmentFunds, @Ctx() ctx: HubContext): Promise<Department> {
    return (await ctx.loaders.departmentById.load(funds.departmentId))!;
  }
}

@Resolver(() => CategoryFunds)
export class CategoryFundsResolver {
  @FieldResolver(() => SubsidyCategory, { description: 'The subsidy category (补贴类别).' })
  async category(@Root() funds: CategoryFunds, @Ctx() ctx: HubContext): Promise<SubsidyCategory> {
    return (await ctx.loaders.categoryByCode.load(funds.categoryCode))!;
  }
}
