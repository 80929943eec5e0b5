import { Field, ObjectType } from 'type-graphql';
import { Node } from '../../graphql/relay/node';

@ObjectType({
  description:
    'Canonical subsidy category (补贴类别) that lets the 多策合一 rules compare programs of different departments, ' +
    'e.g. HOUSING covers both 扶贫办 危房改造 and 民政局 住房救助.',
})
export class SubsidyCategory {
  @Field({ description: 'Stable code, e.g. `INDUSTRY_LIVESTOCK`.' })
  code!: string;

  @Field({ description: 'Chinese name, e.g. 产业扶持-养殖.' })
  name!: string;

  @Field({ description: 'English name.' })
  nameEn!: string;
}

@ObjectType({
  implements: Node,
  description: 'A subsidy or assistance program (补贴项目) run by one department, e.g. 最低生活保障金（低保） or 产业扶贫-黑山羊.',
})
export class Program extends Node {
  static readonly typename = 'Program';
  id!: number;
  departmentId!: number;

  @Field(() => String, {
    name: 'category',
    description: 'Canonical category code (补贴类别) the 多策合一 rules compare across departments, e.g. `HOUSING`; see `categoryDetail` and `subsidyCategories`.',
  })
  categoryCode!: string;

  get nodeKey() {
    return this.id;
  }

  @Field({ description: 'Stable code department systems send with subsidy records, e.g. `CIV_DIBAO`.' })
  code!: string;

  @Field({ description: 'Chinese name as departments write it.' })
  name!: string;

  @Field({ description: 'True when a household may receive it at most once ever (一次性项目), such as a biogas digester.' })
  oneTime!: boolean;

  @Field({ description: 'True when it is paid to one member (个人补贴), such as extreme-poverty support, rather than to the household.' })
  personal!: boolean;

  @Field({ description: 'Notes on the program.' })
  description!: string;
}
