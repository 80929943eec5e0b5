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

  /** A department by code, or BAD_USER_INPUT naming the argument that gave the code. */
  async department(code: string, argumentName: string): Promise<Department> {
    const row = await this.prisma.department.findUnique({ where: { code } });
    if (!row) throw badUserInput(argumentName, `no department with code "${code}"`);
    return toNode(Department, row);
  }

  async programs(filter: { departmentCode?: string | null; categoryCode?: string | null }): Promise<Program[]> {
    const department = filter.departmentCode ? await this.department(filter.departmentCode, 'department') : null;
    if (filter.categoryCode && !(await this.prisma.subsidyCategory.findUnique({ where: { code: filter.categoryCode } }))) {
      throw badUserInput('category', `no subsidy category with code "${filter.categoryCode}"`);
    }
    const rows = await this.prisma.program.findMany({
      where: {
        ...(department ? { departmentId: department.id } : {}),
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
}
