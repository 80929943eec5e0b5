import { Field, ObjectType } from 'type-graphql';
import { Node } from '../../graphql/relay/node';

@ObjectType({
  implements: Node,
  description:
    'A department that delivers records to the hub (部门): ARCHIVE 档案局, POVERTY 扶贫办, CIVIL 民政局, AGRI 农业农村局, ' +
    'and any department registered later (housing 住建, education 教育, …).',
})
export class Department extends Node {
  static readonly typename = 'Department';
  id!: number;

  get nodeKey() {
    return this.id;
  }

  @Field({ description: 'Stable code department systems send with their records, e.g. `CIVIL`.' })
  code!: string;

  @Field({ description: 'Chinese name, e.g. 民政局.' })
  name!: string;

  @Field({ description: 'English name, e.g. Civil affairs bureau.' })
  nameEn!: string;

  @Field({ description: 'What this department holds about a household.' })
  description!: string;
}
