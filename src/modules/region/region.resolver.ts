import { Arg, Ctx, FieldResolver, Query, Resolver, Root } from 'type-graphql';
import { ancestorCode } from '../../domain/region-code';
import { badUserInput } from '../../graphql/errors';
import type { HubContext } from '../../graphql/context';
import { RegionCodeScalar } from '../../graphql/scalars/region-code.scalar';
import { Region } from './region.type';
import { Permission } from '../auth/access';
import { Access } from '../auth/access-control';

@Resolver(() => Region)
export class RegionResolver {
  @Access(Permission.READ_REFERENCE)
  @Query(() => Region, { description: 'A division by its code (县、乡镇或村).' })
  async region(@Arg('code', () => RegionCodeScalar, { description: 'Division code.' }) code: string, @Ctx() ctx: HubContext): Promise<Region> {
    const region = await ctx.loaders.regionByCode.load(code);
    if (!region) throw badUserInput('code', `no region with code ${code} is registered`);
    return region;
  }

  @FieldResolver(() => Region, { nullable: true, description: 'The division this one belongs to.' })
  parent(@Root() region: Region, @Ctx() ctx: HubContext): Promise<Region | null> | null {
    return region.parentCode ? ctx.loaders.regionByCode.load(region.parentCode) : null;
  }

  @FieldResolver(() => Region, { nullable: true, description: 'The village (村) this division is or lies in; null above village level.' })
  village(@Root() region: Region, @Ctx() ctx: HubContext) {
    return this.ancestor(region, 'VILLAGE', ctx);
  }

  @FieldResolver(() => Region, { nullable: true, description: 'The township (乡镇) this division is or lies in.' })
  township(@Root() region: Region, @Ctx() ctx: HubContext) {
    return this.ancestor(region, 'TOWNSHIP', ctx);
  }

  @FieldResolver(() => Region, { nullable: true, description: 'The county (县) this division is or lies in.' })
  county(@Root() region: Region, @Ctx() ctx: HubContext) {
    return this.ancestor(region, 'COUNTY', ctx);
  }

  @FieldResolver(() => String, { description: 'County, township and village names joined, e.g. 织金县城关镇五星村.' })
  async fullName(@Root() region: Region, @Ctx() ctx: HubContext): Promise<string> {
    const levels = ['COUNTY', 'TOWNSHIP', 'VILLAGE'] as const;
    const names = await Promise.all(levels.map(async (level) => (await this.ancestor(region, level, ctx))?.name ?? ''));
    return names.join('');
  }

  private async ancestor(region: Region, level: 'COUNTY' | 'TOWNSHIP' | 'VILLAGE', ctx: HubContext): Promise<Region | null> {
    const code = ancestorCode(region.code, level);
    if (code === null) return null;
    return code === region.code ? region : ctx.loaders.regionByCode.load(code);
  }
}
