import type { PrismaClient } from '../../generated/prisma/client';
import type { RecordType } from '../../generated/prisma/enums';
import { loaderByKey, loaderGroupedBy, nodeLoaderById } from '../../graphql/dataloader';
import { Department } from '../catalogue/department.type';
import { toNode } from '../../graphql/relay/node';
import { Delivery, RecordRevision } from './ingest.type';

/** Records are looked up by kind and row id: "SUBSIDY:42". */
export const subjectKey = (recordType: RecordType, id: number) => `${recordType}:${id}`;

function splitKeys(keys: string[]): Array<{ recordType: RecordType; subjectId: number }> {
  return keys.map((key) => {
    const [recordType, id] = key.split(':');
    return { recordType: recordType as RecordType, subjectId: Number(id) };
  });
}

export function ingestLoaders(prisma: PrismaClient) {
  return {
    deliveryById: nodeLoaderById(Delivery, (ids) => prisma.delivery.findMany({ where: { id: { in: ids } } })),
    departmentByCode: loaderByKey(
      async (codes: string[]) => (await prisma.department.findMany({ where: { code: { in: codes } } })).map((row) => toNode(Department, row)),
      (department) => department.code,
    ),
    revisionsBySubject: loaderGroupedBy(
      async (keys: string[]) =>
        (await prisma.recordRevision.findMany({ where: { OR: splitKeys(keys) }, orderBy: [{ changedAt: 'asc' }, { id: 'asc' }] })).map((row) =>
          Object.assign(new RecordRevision(), row, { changes: row.changes }),
        ),
      (revision) => subjectKey(revision.recordType, revision.subjectId),
    ),
    factAuthorities: loaderByKey(
      async (keys: Array<'ALL'>) => [{ key: keys[0], rules: await prisma.factAuthority.findMany({ orderBy: { id: 'asc' } }) }],
      (row) => row.key,
    ),
    reportsBySubject: loaderGroupedBy(
      (keys: string[]) => prisma.departmentReport.findMany({ where: { OR: splitKeys(keys) }, orderBy: { id: 'asc' } }),
      (report) => subjectKey(report.recordType, report.subjectId),
    ),
  };
}
