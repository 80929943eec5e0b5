import type { PrismaClient } from '../../generated/prisma/client';
import { loaderByKey, loaderGroupedBy, nodeLoaderById } from '../../graphql/dataloader';
import { toNode } from '../../graphql/relay/node';
import { Department } from './department.type';
import { Program, SubsidyCategory } from './program.type';

export function catalogueLoaders(prisma: PrismaClient) {
  return {
    departmentById: nodeLoaderById(Department, (ids) => prisma.department.findMany({ where: { id: { in: ids } } })),
    programById: nodeLoaderById(Program, (ids) => prisma.program.findMany({ where: { id: { in: ids } } })),
    programsByDepartment: loaderGroupedBy(
      async (departmentIds: number[]) =>
        (await prisma.program.findMany({ where: { departmentId: { in: departmentIds } }, orderBy: { code: 'asc' } })).map((row) => toNode(Program, row)),
      (program) => program.departmentId,
    ),
    categoryByCode: loaderByKey(
      async (codes: string[]) => (await prisma.subsidyCategory.findMany({ where: { code: { in: codes } } })).map((row) => Object.assign(new SubsidyCategory(), row)),
      (category) => category.code,
    ),
  };
}
