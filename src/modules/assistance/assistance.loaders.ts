import type { PrismaClient } from '../../generated/prisma/client';
import { loaderGroupedBy, nodeLoaderById } from '../../graphql/dataloader';
import { toNode } from '../../graphql/relay/node';
import { Cadre, Pairing, Visit } from './assistance.type';

export function assistanceLoaders(prisma: PrismaClient) {
  return {
    cadreById: nodeLoaderById(Cadre, (ids) => prisma.cadre.findMany({ where: { id: { in: ids } } })),
    pairingById: nodeLoaderById(Pairing, (ids) => prisma.pairing.findMany({ where: { id: { in: ids } } })),
    visitById: nodeLoaderById(Visit, (ids) => prisma.visit.findMany({ where: { id: { in: ids } } })),
    pairingsByHousehold: loaderGroupedBy(
      async (householdIds: number[]) =>
        (await prisma.pairing.findMany({ where: { householdId: { in: householdIds } }, orderBy: [{ startDate: 'asc' }, { id: 'asc' }] })).map((row) =>
          toNode(Pairing, row),
        ),
      (pairing) => pairing.householdId,
    ),
    visitsByHousehold: loaderGroupedBy(
      async (householdIds: number[]) =>
        (await prisma.visit.findMany({ where: { householdId: { in: householdIds } }, orderBy: [{ visitedOn: 'desc' }, { id: 'asc' }] })).map((row) =>
          toNode(Visit, row),
        ),
      (visit) => visit.householdId,
    ),
  };
}
