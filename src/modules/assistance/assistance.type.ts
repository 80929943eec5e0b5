import { Field, ObjectType } from 'type-graphql';
import { Node } from '../../graphql/relay/node';
import { LocalDateScalar } from '../../graphql/scalars/local-date.scalar';
import { DepartmentRecord } from '../provenance/source-record.type';

@ObjectType({ implements: [Node, DepartmentRecord], description: 'A cadre responsible for assisting households (帮扶责任人/帮扶干部).' })
export class Cadre extends DepartmentRecord {
  static readonly typename = 'Cadre';
  id!: number;

  get nodeKey() {
    return this.id;
  }

  @Field({ description: 'Name (姓名).' })
  name!: string;

  @Field({ description: 'Work unit (工作单位), e.g. 县档案局 or 城关镇人民政府.' })
  organisation!: string;

  @Field(() => String, { nullable: true, description: 'Phone (联系电话).' })
  phone!: string | null;
}

@ObjectType({ implements: [Node, DepartmentRecord], description: 'A cadre paired with a household for a period (结对帮扶).' })
export class Pairing extends DepartmentRecord {
  static readonly typename = 'Pairing';
  id!: number;
  cadreId!: number;
  householdId!: number;

  get nodeKey() {
    return this.id;
  }

  @Field(() => LocalDateScalar, { description: 'First day of the pairing.' })
  startDate!: Date;

  @Field(() => LocalDateScalar, { nullable: true, description: 'Last day of the pairing; null while it lasts.' })
  endDate!: Date | null;
}

@ObjectType({ implements: [Node, DepartmentRecord], description: "A cadre's visit to a household (走访记录)." })
export class Visit extends DepartmentRecord {
  static readonly typename = 'Visit';
  id!: number;
  cadreId!: number;
  householdId!: number;

  get nodeKey() {
    return this.id;
  }

  @Field(() => LocalDateScalar, { description: 'Date of the visit (走访日期).' })
  visitedOn!: Date;

  @Field({ description: 'What was seen and done (走访内容).' })
  notes!: string;
}
