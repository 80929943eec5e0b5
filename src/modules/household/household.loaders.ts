import type { PrismaClient } from '../../generated/prisma/client';
import { loaderByKey, loaderGroupedBy } from '../../graphql/dataloader';
import { toNode } from '../../graphql/relay/node';
import { Household, StatusChange } from './household.type';
import { chronological } from './status-history';

export function householdLoaders(prisma: PrismaClient) {
  return {
    householdById: loaderByKey(
      async (ids: number[]) => (await prisma.household.findMany({ where: { id: { in: ids } } })).map((row) => toNode(Household, row)),
      (household) => household.id,
    ),
    statusChangeById: loaderByKey(
      async (ids: number[]) => (await prisma.householdStatusChange.findMany({ where: { id: { in: ids } } })).map((row) => toNode(StatusChange, row)),
      (change) => change.id,
    ),
    statusChangesByHousehold: loaderGroupedBy(
      async (householdIds: number[]) =>
        chronological(await prisma.householdStatusChange.findMany({ where: { householdId: { in: householdIds } } })).map((row) => toNode(StatusChange, row)),
      (change) => change.householdId,
    ),
  };
}
