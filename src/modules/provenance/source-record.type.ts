import { Field, InterfaceType, ObjectType } from 'type-graphql';
import { Node, type NodeClass } from '../../graphql/relay/node';

@ObjectType({
  description:
    'Where a record came from (数据来源): the delivering department, its system and its own record id. ' +
    'Re-delivering the same (department, sourceRecordId) updates the record instead of adding a copy.',
})
export class SourceRecord {
  departmentId!: number;

  @Field(() => String, { nullable: true, description: 'Name of the sending system, e.g. 民政低保系统.' })
  sourceSystem!: string | null;

  @Field({ description: "The record's id in the department's own system; unique per department." })
  sourceRecordId!: string;
}

@InterfaceType('DepartmentRecord', {
  implements: Node,
  description: 'A record delivered by a department, carrying its provenance.',
  resolveType: (value: object) => (value.constructor as unknown as NodeClass).typename,
})
export abstract class DepartmentRecord extends Node {
  departmentId!: number;

  @Field(() => String, { nullable: true, description: 'Name of the system that delivered the record, e.g. 民政低保系统.' })
  sourceSystem!: string | null;

  @Field({ description: "The record's id in the delivering department's own system (源记录编号); unique per department." })
  sourceRecordId!: string;

  @Field(() => SourceRecord, { name: 'source', description: 'Which department and system delivered this record (数据来源).' })
  get provenance(): SourceRecord {
    return Object.assign(new SourceRecord(), {
      departmentId: this.departmentId,
      sourceSystem: this.sourceSystem,
      sourceRecordId: this.sourceRecordId,
    });
  }
}
