import type { PrismaClient } from '../../generated/prisma/client';
import { loaderByKey, loaderGroupedBy, nodeLoaderById } from '../../graphql/dataloader';
import { toNode } from '../../graphql/relay/node';
import { ArchiveDocument, ArchiveDocumentType } from './archive-document.type';

export function archiveLoaders(prisma: PrismaClient) {
  return {
    documentById: nodeLoaderById(ArchiveDocument, (ids) => prisma.archiveDocument.findMany({ where: { id: { in: ids } } })),
    documentsByHousehold: loaderGroupedBy(
      async (householdIds: number[]) =>
        (
          await prisma.archiveDocument.findMany({
            where: { householdId: { in: householdIds } },
            orderBy: [{ bindingOrder: { sort: 'asc', nulls: 'last' } }, { id: 'asc' }],
          })
        ).map((row) => toNode(ArchiveDocument, row)),
      (document) => document.householdId,
    ),
    documentTypeByCode: loaderByKey(
      async (codes: string[]) => (await prisma.archiveDocumentType.findMany({ where: { code: { in: codes } } })).map((row) => Object.assign(new ArchiveDocumentType(), row)),
      (type) => type.code,
    ),
  };
}
