import { Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import type { HubContext } from '../../graphql/context';
import { Department } from '../catalogue/department.type';
import { Program } from '../catalogue/program.type';
import { Household } from '../household/household.type';
import { Member } from '../member/member.type';
import { Subsidy, SubsidyTotal } from './subsidy.type';

@Resolver(() => Subsidy)
export class SubsidyResolver {
  @FieldResolver(() => Department, { description: 'The paying department (发放部门).' })
  async department(@Root() subsidy: Subsidy, @Ctx() ctx: HubContext): Promise<Department> {
    return (await ctx.loaders.departmentById.load(subsidy.departmentId))!;
  }

  @FieldResolver(() => Program, { description: 'The program paid under (补贴项目), with its canonical category.' })
  async program(@Root() subsidy: Subsidy, @Ctx() ctx: HubContext): Promise<Program> {
    return (await ctx.loaders.programById.load(subsidy.programId))!;
  }

  @FieldResolver(() => Household, { description: 'The beneficiary household (受益户).' })
  async household(@Root() subsidy: Subsidy, @Ctx() ctx: HubContext): Promise<Household> {
    return (await ctx.loaders.householdById.load(subsidy.householdId))!;
  }

  @FieldResolver(() => Member, { nullable: true, description: 'The beneficiary member (受益人) when the program is personal.' })
  async member(@Root() subsidy: Subsidy, @Ctx() ctx: HubContext): Promise<Member | null> {
    if (subsidy.memberId === null) return null;
    // The beneficiary is normally a member of the same household, whose members a profile loads anyway.
    const members = await ctx.loaders.membersByHousehold.load(subsidy.householdId);
    return members.find((member) => member.id === subsidy.memberId) ?? ctx.loaders.memberById.load(subsidy.memberId);
  }
}

@Resolver(() => SubsidyTotal)
export class SubsidyTotalResolver {
  @FieldResolver(() => Department, { description: 'The paying department.' })
  async department(@Root() total: SubsidyTotal, @Ctx() ctx: HubContext): Promise<Department> {
    return (await ctx.loaders.departmentById.load(total.departmentId))!;
  }
}
