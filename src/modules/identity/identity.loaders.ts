import DataLoader from 'dataloader';
import type { PrismaClient } from '../../generated/prisma/client';
import { nodeLoaderById } from '../../graphql/dataloader';
import { toNode } from '../../graphql/relay/node';
import { IdentityReview } from './identity-review.type';

export function identityLoaders(prisma: PrismaClient) {
  return {
    identityReviewById: nodeLoaderById(IdentityReview, (ids) => prisma.identityReview.findMany({ where: { id: { in: ids } } })),
    /** Every review naming a household, newest first; one statement (`household_ids && …`, GIN index) per tick. */
    identityReviewsByHousehold: new DataLoader<number, IdentityReview[]>(async (householdIds) => {
      const rows = await prisma.identityReview.findMany({
        where: { householdIds: { hasSome: [...householdIds] } },
        orderBy: [{ raisedAt: 'desc' }, { id: 'desc' }],
      });
      const reviews = rows.map((row) => toNode(IdentityReview, row));
      return householdIds.map((householdId) => reviews.filter((review) => review.householdIds.includes(householdId)));
    }),
  };
}

export type IdentityLoaders = ReturnType<typeof identityLoaders>;
