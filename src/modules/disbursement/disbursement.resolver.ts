import { Arg, Args, Ctx, FieldResolver, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { HubContext } from '../../graphql/context';
import { PageArgs } from '../../graphql/relay/connection';
import { RegionCodeScalar } from '../../graphql/scalars/region-code.scalar';
import { Permission } from '../auth/access';
import { Access } from '../auth/access-control';
import { Department } from '../catalogue/department.type';
import { SubsidyCategory } from '../catalogue/program.type';
import { Household } from '../household/household.type';
import { Member } from '../member/member.type';
import { Region } from '../region/region.type';
import { Subsidy } from '../subsidy/subsidy.type';
import {
  BankCard,
  BankPayment,
  BankPaymentConnection,
  CategoryFundsFlow,
  CreateReconciliationSettingInput,
  DepartmentFundsFlow,
  FundsFlow,
  ReconciliationSetting,
  ReconciliationSettingPayload,
  RegionFundsFlow,
  SubsidyDisbursement,
  UnidentifiedPayments,
} from './disbursement.type';

@Resolver(() => Household)
export class HouseholdDisbursementResolver {
  @FieldResolver(() => [BankCard], { description: 'The household’s bank cards for direct payments (一户一卡), those in use first.' })
  bankCards(@Root() household: Household, @Ctx() ctx: HubContext): Promise<BankCard[]> {
    return ctx.loaders.bankCardsByHousehold.load(household.id);
  }

  @FieldResolver(() => BankPaymentConnection, {
    description:
      'Bank payments credited to this household (代发明细): to one of its cards, or else to a member’s ID number, in pages of at most 100 in the order the hub received them. ' +
      'Payments matched to its subsidies that reached another household’s card are under each subsidy’s `disbursement`.',
  })
  bankPayments(
    @Root() household: Household,
    @Ctx() ctx: HubContext,
    @Args() page: PageArgs,
    @Arg('year', () => Int, { nullable: true, description: 'Only payments made in this calendar year (交易年度).' }) year?: number | null,
  ) {
    return ctx.services.disbursement.householdPayments(household.id, page, year);
  }

  @FieldResolver(() => FundsFlow, {
    description:
      'What departments approved against what banks paid (资金流向): approved, paid, unpaid, over- and underpaid, unmatched payments and the unexplained difference, with counts. ' +
      'A year outside 2000–2100 is BAD_USER_INPUT.',
  })
  fundsFlow(
    @Root() household: Household,
    @Ctx() ctx: HubContext,
    @Arg('year', () => Int, { nullable: true, description: 'Budget year (年度) of the subsidies; left out: all years.' }) year?: number | null,
  ): Promise<FundsFlow> {
    return ctx.services.disbursement.householdFundsFlow(household.id, year);
  }
}

@Resolver(() => Subsidy)
export class SubsidyDisbursementResolver {
  @FieldResolver(() => SubsidyDisbursement, { description: 'From approval to the bank (审批→到账): the approved amount, the payments reconciliation matched to it, the difference and a status.' })
  disbursement(@Root() subsidy: Subsidy, @Ctx() ctx: HubContext): Promise<SubsidyDisbursement> {
    return ctx.services.disbursement.disbursement(subsidy);
  }
}

@Resolver(() => BankCard)
export class BankCardResolver {
  @FieldResolver(() => Member, { description: 'The card holder (持卡人), a member of the household.' })
  async holder(@Root() card: BankCard, @Ctx() ctx: HubContext): Promise<Member> {
    const members = await ctx.loaders.membersByHousehold.load(card.householdId);
    return members.find((member) => member.id === card.holderMemberId) ?? (await ctx.loaders.memberById.load(card.holderMemberId))!;
  }

  @FieldResolver(() => Household, { description: 'The household the card belongs to (所属户).' })
  async household(@Root() card: BankCard, @Ctx() ctx: HubContext): Promise<Household> {
    return (await ctx.loaders.householdById.load(card.householdId))!;
  }

  @FieldResolver(() => Department, { description: 'Who delivered the card record (报送部门): the bank (BANK) or a department.' })
  async department(@Root() card: BankCard, @Ctx() ctx: HubContext): Promise<Department> {
    return (await ctx.loaders.departmentById.load(card.departmentId))!;
  }
}

@Resolver(() => BankPayment)
export class BankPaymentResolver {
  @FieldResolver(() => Household, {
    nullable: true,
    description: 'The household the payment was credited to (收款户): whose card held the number on the day, else whose member holds the ID number; null when neither.',
  })
  household(@Root() payment: BankPayment, @Ctx() ctx: HubContext): Promise<Household | null> {
    return payment.householdId === null ? Promise.resolve(null) : ctx.loaders.householdById.load(payment.householdId);
  }

  @FieldResolver(() => Subsidy, { nullable: true, description: 'The approved subsidy reconciliation matched it to (对应补贴); null when none.' })
  subsidy(@Root() payment: BankPayment, @Ctx() ctx: HubContext): Promise<Subsidy | null> {
    return payment.subsidyId === null ? Promise.resolve(null) : ctx.loaders.subsidyById.load(payment.subsidyId);
  }

  @FieldResolver(() => Department, { description: 'Who delivered the payment (报送部门): the bank (BANK, 代发银行) or a department.' })
  async department(@Root() payment: BankPayment, @Ctx() ctx: HubContext): Promise<Department> {
    return (await ctx.loaders.departmentById.load(payment.departmentId))!;
  }
}

@Resolver(() => RegionFundsFlow)
export class RegionFundsFlowResolver {
  @Access(Permission.READ_HOUSEHOLDS)
  @Query(() => RegionFundsFlow, {
    description:
      'The funds flow of a county, township or village in a budget year (区域资金流向): approved against paid, unpaid, over- and underpaid, unmatched and unexplained, ' +
      "by department and by category. The region must lie within your key's region (FORBIDDEN otherwise); an unknown region or a year outside 2000–2100 is BAD_USER_INPUT.",
  })
  regionFundsFlow(
    @Ctx() ctx: HubContext,
    @Arg('regionCode', () => RegionCodeScalar, { description: 'County, township or village (区划代码).' }) regionCode: string,
    @Arg('year', () => Int, { description: 'The budget year (年度), e.g. 2024.' }) year: number,
  ): Promise<RegionFundsFlow> {
    return ctx.services.disbursement.regionFundsFlow(regionCode, year);
  }

  @FieldResolver(() => Region, { description: 'The region (区域).' })
  async region(@Root() flow: RegionFundsFlow, @Ctx() ctx: HubContext): Promise<Region> {
    return (await ctx.loaders.regionByCode.load(flow.regionCode))!;
  }

  @FieldResolver(() => [DepartmentFundsFlow], { description: 'By paying department (按部门), by department id; the rows add up to the region’s totals.' })
  byDepartment(@Root() flow: RegionFundsFlow, @Ctx() ctx: HubContext): Promise<DepartmentFundsFlow[]> {
    return ctx.services.disbursement.departmentFlows(flow);
  }

  @FieldResolver(() => [CategoryFundsFlow], { description: 'By subsidy category (按补贴类别), by category code; the rows add up to the region’s totals less `unmatched`.' })
  byCategory(@Root() flow: RegionFundsFlow, @Ctx() ctx: HubContext): Promise<CategoryFundsFlow[]> {
    return ctx.services.disbursement.categoryFlows(flow);
  }

  @FieldResolver(() => UnidentifiedPayments, {
    nullable: true,
    description:
      'Payments made in the year that could be tied to no household and no subsidy (无法识别到户的代发), across the whole hub whatever region was asked: they belong to no region. ' +
      "Only for a key that reads the whole hub; null for a key limited to a region.",
  })
  unidentifiedPayments(@Root() flow: RegionFundsFlow, @Ctx() ctx: HubContext): Promise<UnidentifiedPayments | null> {
    return ctx.services.disbursement.unidentified(flow);
  }
}

@Resolver(() => DepartmentFundsFlow)
export class DepartmentFundsFlowResolver {
  @FieldResolver(() => Department, { description: 'The department (部门).' })
  async department(@Root() flow: DepartmentFundsFlow, @Ctx() ctx: HubContext): Promise<Department> {
    return (await ctx.loaders.departmentById.load(flow.departmentId))!;
  }
}

@Resolver(() => CategoryFundsFlow)
export class CategoryFundsFlowResolver {
  @FieldResolver(() => SubsidyCategory, { description: 'The subsidy category (补贴类别).' })
  async category(@Root() flow: CategoryFundsFlow, @Ctx() ctx: HubContext): Promise<SubsidyCategory> {
    return (await ctx.loaders.categoryByCode.load(flow.categoryCode))!;
  }
}

@Resolver(() => ReconciliationSetting)
export class ReconciliationSettingResolver {
  @Access(Permission.READ_REFERENCE)
  @Query(() => [ReconciliationSetting], { description: 'The dated reconciliation settings (对账参数): lead days, window days, most split parts; oldest first.' })
  reconciliationSettings(@Ctx() ctx: HubContext): Promise<ReconciliationSetting[]> {
    return ctx.services.disbursement.settings();
  }

  @Access(Permission.MANAGE_CATALOGUES)
  @Mutation(() => ReconciliationSettingPayload, {
    description:
      'Add a dated reconciliation setting (新增对账参数), in force from its first day until the next one starts; earlier settings are never edited. ' +
      'Administrators only. A value out of range, a blank change note or a day that already has a setting comes back as `userErrors` and saves nothing.',
  })
  createReconciliationSetting(
    @Ctx() ctx: HubContext,
    @Arg('input', () => CreateReconciliationSettingInput, { description: 'The setting and its first day.' }) input: CreateReconciliationSettingInput,
  ): Promise<ReconciliationSettingPayload> {
    return ctx.services.disbursement.createSetting(input);
  }
}
