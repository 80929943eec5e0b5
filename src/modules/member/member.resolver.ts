import { Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import type { HubContext } from '../../graphql/context';
import { Household } from '../household/household.type';
import { Member } from './member.type';

@Resolver(() => Member)
export class MemberResolver {
  @FieldResolver(() => Household, { description: 'The household this member belongs to.' })
  async household(@Root() member: Member, @Ctx() ctx: HubContext): Promise<Household> {
    return (await ctx.loaders.householdById.load(member.householdId))!;
  }
}
