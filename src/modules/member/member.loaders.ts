import type { PrismaClient } from '../../generated/prisma/client';
import { loaderGroupedBy, nodeLoaderById } from '../../graphql/dataloader';
import { toNode } from '../../graphql/relay/node';
import { Member } from './member.type';

export function memberLoaders(prisma: PrismaClient) {
  return {
    memberById: nodeLoaderById(Member, (ids) => prisma.member.findMany({ where: { id: { in: ids } } })),
    membersByHousehold: loaderGroupedBy(
      async (householdIds: number[]) =>
        (await prisma.member.findMany({ where: { householdId: { in: householdIds }, mergedIntoId: null }, orderBy: { id: 'asc' } })).map((row) => toNode(Member, row)),
      (member) => member.householdId,
    ),
  };
}
