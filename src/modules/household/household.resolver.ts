import { Arg, Args, Ctx, FieldResolver, Int, Query, Resolver, Root } from 'type-graphql';
import type { HubContext } from '../../graphql/context';
import { ConnectionType, PageArgs } from '../../graphql/relay/connection';
import { LocalDateScalar } from '../../graphql/scalars/local-date.scalar';
import { HouseholdStatus } from '../../generated/prisma/enums';
import { ArchiveDocument } from '../archive/archive-document.type';
import { Cadre, Pairing, Visit } from '../assistance/assistance.type';
import { Member } from '../member/member.type';
import { Region } from '../region/region.type';
import { Subsidy, SubsidyTotal } from '../subsidy/subsidy.type';
import { totalsByDepartmentAndYear } from '../subsidy/subsidy-totals';
import { Household, HouseholdFilter, StatusChange } from './household.type';
import { statusOn } from './status-history';
import { Permission } from '../auth/access';
import { Access } from '../auth/access-control';

export const HouseholdConnection = ConnectionType(Household, 'Household', 'A page of households (贫困户列表).');

@Resolver(() => Household)
export class HouseholdResolver {
  @Access(Permission.READ_HOUSEHOLDS)
  @Query(() => Household, {
    nullable: true,
    description:
      'The unified profile of one household (一户一档), by its household number (户编号) or by the ID number of any member. ' +
      'Give exactly one argument. A malformed or unknown number is a BAD_USER_INPUT error naming the argument.',
  })
  household(
    @Ctx() ctx: HubContext,
    @Arg('householdNo', () => String, { nullable: true, description: 'Household number (户编号), e.g. 520524100001.' }) householdNo?: string | null,
    @Arg('idNumber', () => String, { nullable: true, description: 'ID number (身份证号码) of any member; 15-digit numbers are converted.' }) idNumber?: string | null,
  ): Promise<Household | null> {
    return ctx.services.households.find({ householdNo, idNumber });
  }

  @Access(Permission.READ_HOUSEHOLDS)
  @Query(() => HouseholdConnection, { description: 'Households, filtered by region, status and poverty type, in pages of at most 100.' })
  households(
    @Ctx() ctx: HubContext,
    @Args() page: PageArgs,
    @Arg('filter', () => HouseholdFilter, { nullable: true, description: 'Which households to list.' }) filter?: HouseholdFilter | null,
  ) {
    return ctx.services.households.list(filter, page);
  }

  @FieldResolver(() => Region, { description: 'Village (村) the household lives in; its `township` and `county` give the rest of the address.' })
  async region(@Root() household: Household, @Ctx() ctx: HubContext): Promise<Region> {
    return (await ctx.loaders.regionByCode.load(household.regionCode))!;
  }

  @FieldResolver(() => [StatusChange], { description: 'Every status change, oldest first (状态变更历史).' })
  statusHistory(@Root() household: Household, @Ctx() ctx: HubContext): Promise<StatusChange[]> {
    return ctx.loaders.statusChangesByHousehold.load(household.id);
  }

  @FieldResolver(() => HouseholdStatus, {
    nullable: true,
    description: 'The status the household had on a given date; null before it was identified.',
    deprecationReason: 'Use `statusAt(date:) { toStatus }`, which also says who decided it, when and on what evidence.',
  })
  async statusOn(
    @Root() household: Household,
    @Ctx() ctx: HubContext,
    @Arg('date', () => LocalDateScalar, { description: 'The date, YYYY-MM-DD.' }) date: string,
  ): Promise<HouseholdStatus | null> {
    return statusOn(await ctx.loaders.statusChangesByHousehold.load(household.id), new Date(`${date}T00:00:00Z`));
  }

  @FieldResolver(() => Member, { nullable: true, description: 'Head of household (户主); null when no member is recorded as head.' })
  async head(@Root() household: Household, @Ctx() ctx: HubContext): Promise<Member | null> {
    const members = await ctx.loaders.membersByHousehold.load(household.id);
    return members.find((member) => member.relation === 'HEAD') ?? null;
  }

  @FieldResolver(() => [Member], { description: 'All members on record (家庭成员), the head first.' })
  async members(@Root() household: Household, @Ctx() ctx: HubContext): Promise<Member[]> {
    const members = await ctx.loaders.membersByHousehold.load(household.id);
    return [...members].sort((a, b) => Number(b.relation === 'HEAD') - Number(a.relation === 'HEAD'));
  }

  @FieldResolver(() => [Subsidy], { description: "Every department's subsidies to this household (各部门补贴), newest year first." })
  async subsidies(
    @Root() household: Household,
    @Ctx() ctx: HubContext,
    @Arg('year', () => Int, { nullable: true, description: 'Only this budget year.' }) year?: number | null,
    @Arg('department', () => String, { nullable: true, description: 'Only this department, by code (e.g. `CIVIL`).' }) departmentCode?: string | null,
  ): Promise<Subsidy[]> {
    const subsidies = (await ctx.loaders.subsidiesByHousehold.load(household.id)).filter((subsidy) => year == null || subsidy.year === year);
    if (!departmentCode) return subsidies;
    const department = await ctx.services.catalogue.department(departmentCode, 'department');
    return subsidies.filter((subsidy) => subsidy.departmentId === department.id);
  }

  @FieldResolver(() => [SubsidyTotal], { description: 'Subsidy totals per department and year (部门年度补贴合计), newest year first.' })
  async subsidyTotals(@Root() household: Household, @Ctx() ctx: HubContext): Promise<SubsidyTotal[]> {
    const totals = totalsByDepartmentAndYear(await ctx.loaders.subsidiesByHousehold.load(household.id));
    return totals.map((total) => Object.assign(new SubsidyTotal(), total));
  }

  @FieldResolver(() => [ArchiveDocument], { description: 'Archive documents (档案文件) in binding order (装订顺序).' })
  documents(@Root() household: Household, @Ctx() ctx: HubContext): Promise<ArchiveDocument[]> {
    return ctx.loaders.documentsByHousehold.load(household.id);
  }

  @FieldResolver(() => [Pairing], { description: 'Cadre pairings (结对帮扶), oldest first.' })
  pairings(@Root() household: Household, @Ctx() ctx: HubContext): Promise<Pairing[]> {
    return ctx.loaders.pairingsByHousehold.load(household.id);
  }

  @FieldResolver(() => [Cadre], { description: 'Cadres ever paired with this household (帮扶责任人).' })
  async cadres(@Root() household: Household, @Ctx() ctx: HubContext): Promise<Cadre[]> {
    const pairings = await ctx.loaders.pairingsByHousehold.load(household.id);
    const cadreIds = [...new Set(pairings.map((pairing) => pairing.cadreId))];
    const cadres = await ctx.loaders.cadreById.loadMany(cadreIds);
    const failure = cadres.find((cadre) => cadre instanceof Error);
    if (failure) throw failure;
    return cadres.filter((cadre): cadre is Cadre => cadre !== null);
  }

  @FieldResolver(() => [Visit], { description: 'Cadre visits (走访记录), newest first.' })
  visits(@Root() household: Household, @Ctx() ctx: HubContext): Promise<Visit[]> {
    return ctx.loaders.visitsByHousehold.load(household.id);
  }
}

@Resolver(() => StatusChange)
export class StatusChangeResolver {
  @FieldResolver(() => Household, { description: 'The household whose status changed.' })
  async household(@Root() change: StatusChange, @Ctx() ctx: HubContext): Promise<Household> {
    return (await ctx.loaders.householdById.load(change.householdId))!;
  }
}
