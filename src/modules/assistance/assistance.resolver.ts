import { Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import type { HubContext } from '../../graphql/context';
import { Household } from '../household/household.type';
import { Cadre, Pairing, Visit } from './assistance.type';

@Resolver(() => Pairing)
export class PairingResolver {
  @FieldResolver(() => Cadre, { description: 'The paired cadre.' })
  async cadre(@Root() pairing: Pairing, @Ctx() ctx: HubContext): Promise<Cadre> {
    return (await ctx.loaders.cadreById.load(pairing.cadreId))!;
  }

  @FieldResolver(() => Household, { description: 'The paired household.' })
  async household(@Root() pairing: Pairing, @Ctx() ctx: HubContext): Promise<Household> {
    return (await ctx.loaders.householdById.load(pairing.householdId))!;
  }
}

@Resolver(() => Visit)
export class VisitResolver {
  @FieldResolver(() => Cadre, { description: 'The visiting cadre.' })
  async cadre(@Root() visit: Visit, @Ctx() ctx: HubContext): Promise<Cadre> {
    return (await ctx.loaders.cadreById.load(visit.cadreId))!;
  }

  @FieldResolver(() => Household, { description: 'The visited household.' })
  async household(@Root() visit: Visit, @Ctx() ctx: HubContext): Promise<Household> {
    return (await ctx.loaders.householdById.load(visit.householdId))!;
  }
}
