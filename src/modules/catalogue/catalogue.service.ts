import type { PrismaClient } from '../../generated/prisma/client';
import { badUserInput } from '../../graphql/errors';
import { toNode } from '../../graphql/relay/node';
import { Department } from './department.type';
import { Program, SubsidyCategory } from './program.type';

export class CatalogueService {
  constructor(private readonly prisma: PrismaClient) {}

  async departments(): Promise<Department[]> {
    const rows = await this.prisma.department.findMany({ orderBy: { id: 'asc' } });
    return rows.map((row) => toNode(Department, row));
  }

  async programs(filter: { departmentCode?: string | null; categoryCode?: string | null }): Promise<Program[]> {
    if (filter.departmentCode) {
      const department = await this.prisma.department.findUnique({ where: { code: filter.departmentCode } });
      if (!department) throw badUserInput('department', `no department with code "${filter.departmentCode}"`);
    }
    const rows = await this.prisma.program.findMany({
      where: {
        ...(filter.departmentCode ? { department: { code: filter.departmentCode } } : {}),
        ...(filter.categoryCode ? { categoryCode: filter.categoryCode } : {}),
      },
      orderBy: { code: 'asc' },
    });
    return rows.map((row) => toNode(Program, row));
  }

  async categories(): Promise<SubsidyCategory[]> {
    const rows = await this.prisma.subsidyCategory.findMany({ orderBy: { code: 'asc' } });
    return rows.map((row) => Object.assign(new SubsidyCategory(), row));
  }

  async programsOfDepartment(departmentId: number): Promise<Program[]> {
    const rows = await this.prisma.program.findMany({ where: { departmentId }, orderBy: { code: 'asc' } });
    return rows.map((row) => toNode(Program, row));
  }
}
