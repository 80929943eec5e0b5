import { Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import type { HubContext } from '../../graphql/context';
import { Department } from '../catalogue/department.type';
import { SourceRecord } from './source-record.type';

@Resolver(() => SourceRecord)
export class SourceRecordResolver {
  @FieldResolver(() => Department, { description: 'The department that delivered the record.' })
  async department(@Root() source: SourceRecord, @Ctx() ctx: HubContext): Promise<Department> {
    return (await ctx.loaders.departmentById.load(source.departmentId))!;
  }
}
