import type { PrismaClient } from '../../generated/prisma/client';
import { loaderGroupedBy, nodeLoaderById } from '../../graphql/dataloader';
import { toNode } from '../../graphql/relay/node';
import { Household, StatusChange } from './household.type';
import { chronological } from './status-history';

export function householdLoaders(prisma: PrismaClient) {
  return {
    householdById: nodeLoaderById(Household, (ids) => prisma.household.findMany({ where: { id: { in: ids } } })),
    statusChangeById: nodeLoaderById(StatusChange, (ids) => prisma.householdStatusChange.findMany({ where: { id: { in: ids } } })),
    statusChangesByHousehold: loaderGroupedBy(
      async (householdIds: number[]) =>
        chronological(await prisma.householdStatusChange.findMany({ where: { householdId: { in: householdIds } } })).map((row) => toNode(StatusChange, row)),
      (change) => change.householdId,
    ),
  };
}
