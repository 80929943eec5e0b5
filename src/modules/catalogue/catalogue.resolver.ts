import { Arg, Ctx, FieldResolver, Query, Resolver, Root } from 'type-graphql';
import type { HubContext } from '../../graphql/context';
import { Department } from './department.type';
import { Program, SubsidyCategory } from './program.type';
import { Permission } from '../auth/access';
import { Access } from '../auth/access-control';

@Resolver(() => Department)
export class DepartmentResolver {
  @Access(Permission.READ_REFERENCE)
  @Query(() => [Department], { description: 'Every department that delivers records (部门列表).' })
  departments(@Ctx() ctx: HubContext): Promise<Department[]> {
    return ctx.services.catalogue.departments();
  }

  @FieldResolver(() => [Program], { description: 'The programs this department runs.' })
  programs(@Root() department: Department, @Ctx() ctx: HubContext): Promise<Program[]> {
    return ctx.loaders.programsByDepartment.load(department.id);
  }
}

@Resolver(() => Program)
export class ProgramResolver {
  @Access(Permission.READ_REFERENCE)
  @Query(() => [Program], { description: 'The program catalogue (补贴项目目录), optionally of one department or category.' })
  programs(
    @Ctx() ctx: HubContext,
    @Arg('department', () => String, { nullable: true, description: 'Department code, e.g. `AGRI`.' }) departmentCode?: string | null,
    @Arg('category', () => String, { nullable: true, description: 'Category code, e.g. `HOUSING`.' }) categoryCode?: string | null,
  ): Promise<Program[]> {
    return ctx.services.catalogue.programs({ departmentCode, categoryCode });
  }

  @Access(Permission.READ_REFERENCE)
  @Query(() => [SubsidyCategory], { description: 'The canonical subsidy categories (补贴类别) programs are sorted into.' })
  subsidyCategories(@Ctx() ctx: HubContext): Promise<SubsidyCategory[]> {
    return ctx.services.catalogue.categories();
  }

  @FieldResolver(() => Department, { description: 'The department that runs and pays this program.' })
  async department(@Root() program: Program, @Ctx() ctx: HubContext): Promise<Department> {
    return (await ctx.loaders.departmentById.load(program.departmentId))!;
  }

  @FieldResolver(() => SubsidyCategory, { description: 'The canonical category with its Chinese and English names.' })
  async categoryDetail(@Root() program: Program, @Ctx() ctx: HubContext): Promise<SubsidyCategory> {
    return (await ctx.loaders.categoryByCode.load(program.categoryCode))!;
  }
}
