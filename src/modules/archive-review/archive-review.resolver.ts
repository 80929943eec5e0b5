import { Arg, Ctx, FieldResolver, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { HubContext } from '../../graphql/context';
import { present } from '../../graphql/dataloader';
import { LocalDateScalar } from '../../graphql/scalars/local-date.scalar';
import { RegionCodeScalar } from '../../graphql/scalars/region-code.scalar';
import { UserError } from '../../graphql/user-error.type';
import { ArchiveDocument, ArchiveDocumentType } from '../archive/archive-document.type';
import { Permission } from '../auth/access';
import { Access } from '../auth/access-control';
import { Department } from '../catalogue/department.type';
import { RegionBreakdownLevel } from '../findings/finding.type';
import { Household } from '../household/household.type';
import { Region } from '../region/region.type';
import type { CatalogueProblem } from './archive-catalogue-input';
import {
  ArchiveCatalogueVersion,
  ArchiveCatalogueVersionPayload,
  ArchiveCheckSetting,
  ArchiveCheckSettingPayload,
  ArchiveFactValue,
  ArchiveRecomputation,
  ArchiveReview,
  ArchiveReviewItem,
  ArchiveRollup,
  ArchiveRollupHousehold,
  ArchiveRollupUnit,
  AssessArchivesInput,
  AssessArchivesPayload,
  CreateArchiveCatalogueVersionInput,
  CreateArchiveCheckSettingInput,
  PovertyLine,
  PovertyLinePayload,
  SetPovertyLineInput,
} from './archive-review.type';

const userErrors = (problems: CatalogueProblem[]) => problems.map((problem) => Object.assign(new UserError(), problem));

@Resolver(() => Household)
export class HouseholdArchiveReviewResolver {
  @FieldResolver(() => ArchiveReview, {
    nullable: true,
    description:
      'The review of this household’s archive (一户一档核查), computed now: completeness against the catalogue in force today, discrepancies between documents, members and departments (数实不一致), and recomputed figures. ' +
      'Null when no catalogue version is in force.',
  })
  archiveReview(@Root() household: Household, @Ctx() ctx: HubContext): Promise<ArchiveReview | null> {
    return ctx.services.archiveReview.review(household);
  }
}

@Resolver(() => ArchiveReview)
export class ArchiveReviewResolver {
  @Access(Permission.READ_HOUSEHOLDS)
  @Query(() => ArchiveRollup, {
    description:
      "The archive review of a region and of each unit in it (档案核查汇总), from the stored assessments, within your key's region: households assessed, completeness and consistency rates, " +
      'missing and duplicated items, discrepancies by fact, and the worst units and households.',
  })
  archiveRollup(
    @Ctx() ctx: HubContext,
    @Arg('regionCode', () => RegionCodeScalar, { nullable: true, description: "County, township or village (区划代码); your key's whole region when left out." }) regionCode: string | null | undefined,
    @Arg('level', () => RegionBreakdownLevel, { defaultValue: RegionBreakdownLevel.VILLAGE, description: 'The units to break the region into (汇总层级): counties, townships or villages (default).' }) level: RegionBreakdownLevel,
    @Arg('worst', () => Int, { defaultValue: 10, description: 'How many worst units and households to list (最差名单), 0–100.' }) worst: number,
  ): Promise<ArchiveRollup> {
    return ctx.services.archiveReview.rollup(regionCode, level, worst);
  }

  @Access(Permission.ASSESS_ARCHIVES)
  @Mutation(() => AssessArchivesPayload, {
    description:
      "Re-assess the archives of a region now (档案核查), within your key's region: completeness, consistency and recomputation for every household, stored for `households(filter:)` and `archiveRollup`. " +
      'Deliveries and status changes re-assess the households they touch on their own; the CLI `archive:assess` shows progress.',
  })
  assessArchives(
    @Ctx() ctx: HubContext,
    @Arg('input', () => AssessArchivesInput, { nullable: true, description: 'The region to assess.' }) input?: AssessArchivesInput | null,
  ): Promise<AssessArchivesPayload> {
    return ctx.services.archiveReview.assess(input?.regionCode);
  }

  @FieldResolver(() => ArchiveCatalogueVersion, { description: 'The catalogue version judged against (目录版本).' })
  async catalogueVersion(@Root() review: ArchiveReview, @Ctx() ctx: HubContext): Promise<ArchiveCatalogueVersion> {
    return (await ctx.services.archiveReview.catalogueVersion(review.catalogueVersionId))!;
  }

  @FieldResolver(() => [ArchiveDocument], { description: 'Documents of types the catalogue version does not list (目录外文件).' })
  async uncatalogued(@Root() review: ArchiveReview, @Ctx() ctx: HubContext): Promise<ArchiveDocument[]> {
    return present(await ctx.loaders.documentById.loadMany(review.uncataloguedIds));
  }

  @FieldResolver(() => Boolean, { description: 'Whether every required item is present (档案齐全).' })
  complete(@Root() review: ArchiveReview): boolean {
    return review.missingCodes.length === 0;
  }

  @FieldResolver(() => Boolean, { description: 'Whether no discrepancy was found (数实一致).' })
  consistent(@Root() review: ArchiveReview): boolean {
    return review.discrepantFacts.length === 0;
  }
}

@Resolver(() => ArchiveReviewItem)
export class ArchiveReviewItemResolver {
  @FieldResolver(() => ArchiveDocumentType, { description: 'The document type (档案项目).' })
  async type(@Root() item: ArchiveReviewItem, @Ctx() ctx: HubContext): Promise<ArchiveDocumentType> {
    return (await ctx.loaders.documentTypeByCode.load(item.typeCode))!;
  }

  @FieldResolver(() => [ArchiveDocument], { description: 'The item’s documents in the archive, oldest first (文件).' })
  async documents(@Root() item: ArchiveReviewItem, @Ctx() ctx: HubContext): Promise<ArchiveDocument[]> {
    return present(await ctx.loaders.documentById.loadMany(item.documentIds));
  }
}

@Resolver(() => ArchiveFactValue)
export class ArchiveFactValueResolver {
  @FieldResolver(() => ArchiveDocument, { nullable: true, description: 'The document stating the value (文件); null for other sources.' })
  document(@Root() value: ArchiveFactValue, @Ctx() ctx: HubContext): Promise<ArchiveDocument | null> {
    return value.documentId === null ? Promise.resolve(null) : ctx.loaders.documentById.load(value.documentId);
  }

  @FieldResolver(() => Department, { nullable: true, description: 'The department reporting or paying (部门); null for documents and members.' })
  department(@Root() value: ArchiveFactValue, @Ctx() ctx: HubContext): Promise<Department | null> {
    return value.departmentId === null ? Promise.resolve(null) : ctx.loaders.departmentById.load(value.departmentId);
  }
}

@Resolver(() => ArchiveRecomputation)
export class ArchiveRecomputationResolver {
  @FieldResolver(() => ArchiveDocument, { description: 'The document recomputed (文件).' })
  async document(@Root() recomputation: ArchiveRecomputation, @Ctx() ctx: HubContext): Promise<ArchiveDocument> {
    return (await ctx.loaders.documentById.load(recomputation.documentId))!;
  }
}

@Resolver(() => ArchiveRollupUnit)
export class ArchiveRollupUnitResolver {
  @FieldResolver(() => Region, { nullable: true, description: 'The county, township or village (区划) with its name; null if it is not registered.' })
  region(@Root() unit: ArchiveRollupUnit, @Ctx() ctx: HubContext): Promise<Region | null> {
    return unit.regionCode === '' ? Promise.resolve(null) : ctx.loaders.regionByCode.load(unit.regionCode);
  }
}

@Resolver(() => ArchiveRollupHousehold)
export class ArchiveRollupHouseholdResolver {
  @FieldResolver(() => Household, { description: 'The household (户).' })
  async household(@Root() row: ArchiveRollupHousehold, @Ctx() ctx: HubContext): Promise<Household> {
    return (await ctx.loaders.householdById.load(row.householdId))!;
  }
}

@Resolver(() => ArchiveCatalogueVersion)
export class ArchiveCatalogueResolver {
  @Access(Permission.READ_REFERENCE)
  @Query(() => ArchiveCatalogueVersion, { nullable: true, description: 'The 一户一档 catalogue version in force on a day (档案目录), with its items; null when none is.' })
  archiveCatalogue(
    @Ctx() ctx: HubContext,
    @Arg('activeOn', () => LocalDateScalar, { nullable: true, description: 'The day (日期), YYYY-MM-DD; today in China when left out.' }) activeOn?: string | null,
  ): Promise<ArchiveCatalogueVersion | null> {
    return ctx.services.archiveReview.catalogueOn(activeOn);
  }

  @Access(Permission.READ_REFERENCE)
  @Query(() => [ArchiveCatalogueVersion], { description: 'Every catalogue version (档案目录版本), oldest first.' })
  archiveCatalogueVersions(@Ctx() ctx: HubContext): Promise<ArchiveCatalogueVersion[]> {
    return ctx.services.archiveReview.catalogueVersions();
  }

  @Access(Permission.READ_REFERENCE)
  @Query(() => [PovertyLine], { description: 'The poverty line of each year (扶贫标准), oldest first.' })
  povertyLines(@Ctx() ctx: HubContext): Promise<PovertyLine[]> {
    return ctx.services.archiveReview.povertyLines();
  }

  @Access(Permission.READ_REFERENCE)
  @Query(() => [ArchiveCheckSetting], { description: 'The dated archive-check settings (档案核查参数): four-looks weights, tolerances, visit interval, cadre load; oldest first.' })
  archiveCheckSettings(@Ctx() ctx: HubContext): Promise<ArchiveCheckSetting[]> {
    return ctx.services.archiveReview.checkSettings();
  }

  @Access(Permission.MANAGE_CATALOGUES)
  @Mutation(() => ArchiveCatalogueVersionPayload, {
    description:
      'Add a catalogue version from a date (新增档案目录版本); earlier versions stay as they were and apply before it. Administrators only. ' +
      'Unknown type codes and other mistakes come back as `userErrors` and save nothing.',
  })
  async createArchiveCatalogueVersion(
    @Ctx() ctx: HubContext,
    @Arg('input', () => CreateArchiveCatalogueVersionInput, { description: 'The version: name, effective period, change note and items.' }) input: CreateArchiveCatalogueVersionInput,
  ): Promise<ArchiveCatalogueVersionPayload> {
    const saved = await ctx.services.archiveReview.createCatalogueVersion(input);
    return 'version' in saved ? { catalogueVersion: saved.version, userErrors: [] } : { catalogueVersion: null, userErrors: userErrors(saved.problems) };
  }

  @Access(Permission.MANAGE_CATALOGUES)
  @Mutation(() => PovertyLinePayload, { description: 'Set the poverty line of a year (设定扶贫标准), replacing an earlier figure for it. Administrators only.' })
  async setPovertyLine(@Ctx() ctx: HubContext, @Arg('input', () => SetPovertyLineInput, { description: 'Year, amount and source.' }) input: SetPovertyLineInput): Promise<PovertyLinePayload> {
    const saved = await ctx.services.archiveReview.setPovertyLine(input);
    return 'line' in saved ? { povertyLine: saved.line, userErrors: [] } : { povertyLine: null, userErrors: userErrors(saved.problems) };
  }

  @Access(Permission.MANAGE_CATALOGUES)
  @Mutation(() => ArchiveCheckSettingPayload, {
    description: 'Add a dated archive-check setting (新增档案核查参数): weights that must sum to 1, tolerances, visit interval, cadre load. Administrators only; refusals name the field.',
  })
  async createArchiveCheckSetting(
    @Ctx() ctx: HubContext,
    @Arg('input', () => CreateArchiveCheckSettingInput, { description: 'The setting and its first day.' }) input: CreateArchiveCheckSettingInput,
  ): Promise<ArchiveCheckSettingPayload> {
    const saved = await ctx.services.archiveReview.createCheckSetting(input);
    return 'setting' in saved ? { archiveCheckSetting: saved.setting, userErrors: [] } : { archiveCheckSetting: null, userErrors: userErrors(saved.problems) };
  }
}
