import type { PrismaClient } from '../../generated/prisma/client';
import { loaderGroupedBy, nodeLoaderById } from '../../graphql/dataloader';
import { toNode } from '../../graphql/relay/node';
import { Subsidy } from './subsidy.type';

export function subsidyLoaders(prisma: PrismaClient) {
  return {
    subsidyById: nodeLoaderById(Subsidy, (ids) => prisma.subsidy.findMany({ where: { id: { in: ids } } })),
    subsidiesByHousehold: loaderGroupedBy(
      async (householdIds: number[]) =>
        (
          await prisma.subsidy.findMany({
            where: { householdId: { in: householdIds } },
            orderBy: [{ year: 'desc' }, { startDate: 'asc' }, { id: 'asc' }],
          })
        ).map((row) => toNode(Subsidy, row)),
      (subsidy) => subsidy.householdId,
    ),
  };
}
