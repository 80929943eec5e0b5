import type { PrismaClient } from '../../generated/prisma/client';
import { loaderByKey, loaderGroupedBy } from '../../graphql/dataloader';
import { toNode } from '../../graphql/relay/node';
import { Cadre, Pairing, Visit } from './assistance.type';

export function assistanceLoaders(prisma: PrismaClient) {
  return {
    cadreById: loaderByKey(
      async (ids: number[]) => (await prisma.cadre.findMany({ where: { id: { in: ids } } })).map((row) => toNode(Cadre, row)),
      (cadre) => cadre.id,
    ),
    pairingById: loaderByKey(
      async (ids: number[]) => (await prisma.pairing.findMany({ where: { id: { in: ids } } })).map((row) => toNode(Pairing, row)),
      (pairing) => pairing.id,
    ),
    visitById: loaderByKey(
      async (ids: number[]) => (await prisma.visit.findMany({ where: { id: { in: ids } } })).map((row) => toNode(Visit, row)),
      (visit) => visit.id,
    ),
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
