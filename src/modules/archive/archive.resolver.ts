import { Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import type { HubContext } from '../../graphql/context';
import { Household } from '../household/household.type';
import { ArchiveDocument, ArchiveDocumentType } from './archive-document.type';

@Resolver(() => ArchiveDocument)
export class ArchiveDocumentResolver {
  @FieldResolver(() => ArchiveDocumentType, { description: 'Which catalogue item this document is (档案项目).' })
  async type(@Root() document: ArchiveDocument, @Ctx() ctx: HubContext): Promise<ArchiveDocumentType> {
    return (await ctx.loaders.documentTypeByCode.load(document.typeCode))!;
  }

  @FieldResolver(() => String, {
    nullable: true,
    description: 'The "four looks" total the sheet records (四看法总分, on P03), a decimal string with two places such as "61.25"; compare it with the scores weighted by the county\'s dated weights.',
  })
  fourLooksTotal(@Root() document: ArchiveDocument): string | null {
    return document.fourLooksTotal === null ? null : document.fourLooksTotal.toFixed(2);
  }

  @FieldResolver(() => Household, { description: 'The household whose archive holds this document.' })
  async household(@Root() document: ArchiveDocument, @Ctx() ctx: HubContext): Promise<Household> {
    return (await ctx.loaders.householdById.load(document.householdId))!;
  }
}
