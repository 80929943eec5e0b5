import { Field, Int, ObjectType, registerEnumType } from 'type-graphql';
import { ageOn, chinaToday, readIdNumber, type Sex as SexValue } from '../../domain/id-number';
import { HealthCondition, LabourAbility, Relation } from '../../generated/prisma/enums';
import { Node } from '../../graphql/relay/node';
import { IdNumberScalar } from '../../graphql/scalars/id-number.scalar';
import { LocalDateScalar } from '../../graphql/scalars/local-date.scalar';
import { DepartmentRecord } from '../provenance/source-record.type';
import { PersonalData } from '../auth/access-control';

export const Sex = { MALE: 'MALE', FEMALE: 'FEMALE' } as const;

registerEnumType(Sex, {
  name: 'Sex',
  description: 'Sex (性别), derived from the ID number: an odd 17th digit is male.',
  valuesConfig: { MALE: { description: '男' }, FEMALE: { description: '女' } },
});

registerEnumType(Relation, {
  name: 'Relation',
  description: 'Relation to the head of household (与户主关系).',
  valuesConfig: {
    HEAD: { description: '户主' },
    SPOUSE: { description: '配偶' },
    CHILD: { description: '子女' },
    CHILD_IN_LAW: { description: '儿媳/女婿' },
    GRANDCHILD: { description: '孙子女' },
    PARENT: { description: '父母' },
    GRANDPARENT: { description: '祖父母' },
    SIBLING: { description: '兄弟姐妹' },
    OTHER: { description: '其他' },
  },
});

registerEnumType(HealthCondition, {
  name: 'HealthCondition',
  description: 'Health (健康状况).',
  valuesConfig: {
    HEALTHY: { description: '健康' },
    CHRONIC_ILLNESS: { description: '长期慢性病' },
    SERIOUS_ILLNESS: { description: '患有大病' },
    DISABLED: { description: '残疾' },
  },
});

registerEnumType(LabourAbility, {
  name: 'LabourAbility',
  description: 'Labour ability (劳动技能).',
  valuesConfig: {
    ORDINARY: { description: '普通劳动力' },
    SKILLED: { description: '技能劳动力' },
    LOST: { description: '丧失劳动力' },
    NONE: { description: '无劳动力' },
  },
});

@ObjectType({ implements: [Node, DepartmentRecord], description: 'A member of a household (家庭成员).' })
export class Member extends DepartmentRecord {
  static readonly typename = 'Member';
  id!: number;
  householdId!: number;
  createdAt!: Date;

  get nodeKey() {
    return this.id;
  }

  @PersonalData('ID_NUMBER')
  @Field(() => IdNumberScalar, { description: 'Resident ID number (身份证号码), 18 characters; masked to the first 6 and last 4 (110101********123X) unless your key holds the ID_NUMBER scope.' })
  idNumber!: string;

  @Field({ description: 'Name (姓名).' })
  name!: string;

  @Field(() => Relation, { description: 'Relation to the head of household (与户主关系).' })
  relation!: Relation;

  @Field(() => Sex, { nullable: true, description: 'Sex (性别), derived from the ID number; null when the number on record is malformed.' })
  get sex(): SexValue | null {
    return readIdNumber(this.idNumber).sex;
  }

  @Field(() => LocalDateScalar, { nullable: true, description: 'Birth date (出生日期), derived from the ID number; null when it encodes no real date.' })
  get birthDate(): string | null {
    return readIdNumber(this.idNumber).birthDate;
  }

  @Field(() => Int, { nullable: true, description: 'Age in whole years today in China (年龄), from the birth date.' })
  get age(): number | null {
    const { birthDate } = readIdNumber(this.idNumber);
    return birthDate ? ageOn(birthDate, chinaToday()) : null;
  }

  @Field(() => String, { nullable: true, description: 'Ethnicity (民族), e.g. 汉族, 苗族, 穿青人.' })
  ethnicity!: string | null;

  @Field(() => String, { nullable: true, description: 'Education (文化程度), e.g. 小学, 初中.' })
  education!: string | null;

  @PersonalData('HEALTH')
  @Field(() => HealthCondition, { nullable: true, description: 'Health (健康状况); null unless your key holds the HEALTH scope (where the hub protects health data).' })
  health!: HealthCondition | null;

  @Field(() => LabourAbility, { nullable: true, description: 'Labour ability (劳动技能).' })
  labourAbility!: LabourAbility | null;

  @Field({ description: 'Works away from home (外出务工).' })
  migrantWorker!: boolean;

  @Field({ description: 'In school (在校生).' })
  student!: boolean;

  @Field(() => LocalDateScalar, { nullable: true, description: 'Date of death (死亡日期) when recorded; payments after it are findings.' })
  deceasedOn!: Date | null;
}
