import type { PrismaClient } from '../../generated/prisma/client';
import { loaderByKey } from '../../graphql/dataloader';
import { toNode } from '../../graphql/relay/node';
import { Region } from './region.type';

export function regionLoaders(prisma: PrismaClient) {
  return {
    regionByCode: loaderByKey(
      async (codes: string[]) => (await prisma.region.findMany({ where: { code: { in: codes } } })).map((row) => toNode(Region, row)),
      (region) => region.code,
    ),
  };
}
