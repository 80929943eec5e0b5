import { Arg, Args, Ctx, FieldResolver, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { GraphQLError } from 'graphql';
import type { HubContext } from '../../graphql/context';
import { present } from '../../graphql/dataloader';
import { badUserInput } from '../../graphql/errors';
import { fromGlobalId, integerKey } from '../../graphql/relay/global-id';
import { PageArgs } from '../../graphql/relay/connection';
import { Household } from '../household/household.type';
import { Member } from '../member/member.type';
import { Region } from '../region/region.type';
import { IdentityReviewError, identityReviewErrors, type SurvivorType } from './identity-rules';
import { DismissIdentityReviewInput, MergeIdentityReviewInput } from './identity-review.input';
import { IdentityReview, IdentityReviewConnection, IdentityReviewFilter, IdentityReviewPayload } from './identity-review.type';
import { UserError } from './user-error.type';
import { Permission } from '../auth/access';
import { Access } from '../auth/access-control';


/** Decodes a global ID of one of `types` into its row key, or refuses it as a user error on `field`. */
function decodeId<T extends string>(globalId: string, types: readonly T[], field: string): { type: T; id: number } {
  let decoded: { typename: string; key: string };
  try {
    decoded = fromGlobalId(globalId, field);
  } catch (error) {
    if ((error as GraphQLError).extensions?.code === 'BAD_USER_INPUT') throw identityReviewErrors.invalidId(field, globalId, types.join(' or '));
    throw error;
  }
  const id = integerKey(decoded.key);
  if (!types.includes(decoded.typename as T) || id === null) throw identityReviewErrors.invalidId(field, globalId, types.join(' or '));
  return { type: decoded.typename as T, id };
}

async function payload(resolve: () => Promise<IdentityReview>): Promise<IdentityReviewPayload> {
  try {
    return { review: await resolve(), userErrors: [] };
  } catch (error) {
    if (!(error instanceof IdentityReviewError)) throw error;
    const userError = Object.assign(new UserError(), { field: ['input', error.field], code: error.code, message: error.message, messageZh: error.messageZh });
    return { review: null, userErrors: [userError] };
  }
}

@Resolver(() => IdentityReview)
export class IdentityReviewResolver {
  @Access(Permission.READ_HOUSEHOLDS)
  @Query(() => IdentityReviewConnection, { description: 'Suspected duplicate persons and households (疑似重复), oldest first, in pages of at most 100.' })
  identityReviews(
    @Ctx() ctx: HubContext,
    @Args() page: PageArgs,
    @Arg('filter', () => IdentityReviewFilter, { nullable: true, description: 'Which reviews to list.' }) filter?: IdentityReviewFilter | null,
  ) {
    let householdId: number | null = null;
    if (filter?.householdId) {
      const decoded = fromGlobalId(filter.householdId, 'filter.householdId');
      householdId = decoded.typename === 'Household' ? integerKey(decoded.key) : null;
      if (householdId === null) throw badUserInput('filter.householdId', `"${filter.householdId}" is not the ID of a Household`);
    }
    return ctx.services.identityReviews.list({ status: filter?.status, kind: filter?.kind, regionCode: filter?.regionCode, householdId }, page);
  }

  @Access(Permission.SETTLE_IDENTITY_REVIEWS)
  @Mutation(() => IdentityReviewPayload, {
    description:
      'Resolve an identity review by merging (合并): the other households or members point at the survivor, their records move to it, ' +
      'and each absorbed record keeps a revision. Refusals come back as `userErrors`.',
  })
  mergeIdentityReview(
    @Ctx() ctx: HubContext,
    @Arg('input', () => MergeIdentityReviewInput, { description: 'The review, the survivor, why and who.' }) input: MergeIdentityReviewInput,
  ): Promise<IdentityReviewPayload> {
    return payload(() => {
      const review = decodeId(input.reviewId, ['IdentityReview'], 'reviewId');
      const survivor = decodeId<SurvivorType>(input.survivorId, ['Household', 'Member'], 'survivorId');
      return ctx.services.identityReviews.merge(review.id, survivor, input.reason, input.resolvedBy);
    });
  }

  @Access(Permission.SETTLE_IDENTITY_REVIEWS)
  @Mutation(() => IdentityReviewPayload, {
    description: 'Resolve an identity review as not a duplicate (排除), with a reason. Refusals come back as `userErrors`.',
  })
  dismissIdentityReview(
    @Ctx() ctx: HubContext,
    @Arg('input', () => DismissIdentityReviewInput, { description: 'The review, why and who.' }) input: DismissIdentityReviewInput,
  ): Promise<IdentityReviewPayload> {
    return payload(() => ctx.services.identityReviews.dismiss(decodeId(input.reviewId, ['IdentityReview'], 'reviewId').id, input.reason, input.resolvedBy));
  }

  @FieldResolver(() => Region, { description: 'Village (村) of the review; for one ID number across villages, the village of the first household.' })
  async region(@Root() review: IdentityReview, @Ctx() ctx: HubContext): Promise<Region> {
    return (await ctx.loaders.regionByCode.load(review.regionCode))!;
  }

  @FieldResolver(() => [Household], { description: 'The households (户) involved, as they are now.' })
  async households(@Root() review: IdentityReview, @Ctx() ctx: HubContext): Promise<Household[]> {
    return present(await ctx.loaders.householdById.loadMany(review.householdIds));
  }

  @FieldResolver(() => [Member], { description: 'The members (家庭成员) involved, as they are now.' })
  async members(@Root() review: IdentityReview, @Ctx() ctx: HubContext): Promise<Member[]> {
    return present(await ctx.loaders.memberById.loadMany(review.memberIds));
  }

  @FieldResolver(() => Household, { nullable: true, description: 'The household kept by a household merge (保留户); null otherwise.' })
  survivorHousehold(@Root() review: IdentityReview, @Ctx() ctx: HubContext): Promise<Household | null> {
    return review.survivorHouseholdId === null ? Promise.resolve(null) : ctx.loaders.householdById.load(review.survivorHouseholdId);
  }

  @FieldResolver(() => Member, { nullable: true, description: 'The member kept by a person merge (保留成员); null otherwise.' })
  survivorMember(@Root() review: IdentityReview, @Ctx() ctx: HubContext): Promise<Member | null> {
    return review.survivorMemberId === null ? Promise.resolve(null) : ctx.loaders.memberById.load(review.survivorMemberId);
  }
}

@Resolver(() => Household)
export class HouseholdIdentityReviewResolver {
  @FieldResolver(() => [IdentityReview], { description: 'Identity reviews (疑似重复) naming this household, newest first, in any status.' })
  identityReviews(@Root() household: Household, @Ctx() ctx: HubContext): Promise<IdentityReview[]> {
    return ctx.loaders.identityReviewsByHousehold.load(household.id);
  }
}
