import { Field, Int, ObjectType, registerEnumType } from 'type-graphql';
import type { Decimal } from 'decimal.js';
import { ArchiveCategory, ArchiveMedium, PovertyType } from '../../generated/prisma/enums';
import { Node } from '../../graphql/relay/node';
import { LocalDateScalar } from '../../graphql/scalars/local-date.scalar';
import { MoneyScalar } from '../../graphql/scalars/money.scalar';
import { DepartmentRecord } from '../provenance/source-record.type';
import { PersonalData } from '../auth/access-control';

registerEnumType(ArchiveCategory, {
  name: 'ArchiveCategory',
  description: 'The four archive categories of targeted poverty alleviation (档案分类).',
  valuesConfig: {
    POLICY: { description: '政策文件类 (policy documents)' },
    IMPLEMENTATION: { description: '实施类: records of identification, measures, assistance and exit (会议记录、公示公告)' },
    HOUSEHOLD: { description: '贫困户档案类 (household archives)' },
    OUTCOME: { description: '成效类: statistics, summaries, reports (统计、总结、报告)' },
  },
});

registerEnumType(ArchiveMedium, {
  name: 'ArchiveMedium',
  description: 'Paper archive (纸质档案) or electronic archive (电子档案).',
  valuesConfig: { PAPER: { description: '纸质' }, ELECTRONIC: { description: '电子' } },
});

@ObjectType({ description: 'An item of the 一户一档 catalogue: one of the 14 paper items (P01–P14) or 9 electronic items (E01–E09).' })
export class ArchiveDocumentType {
  @Field({ description: 'Catalogue code, e.g. `P02` for 贫困户调查登记表.' })
  code!: string;

  @Field({ description: 'Chinese name of the item.' })
  name!: string;

  @Field({ description: 'English name of the item.' })
  nameEn!: string;

  @Field(() => ArchiveMedium, { description: 'Paper or electronic.' })
  medium!: ArchiveMedium;

  @Field(() => ArchiveCategory, { description: 'Archive category (档案分类) the item belongs to.' })
  archiveCategory!: ArchiveCategory;

  @Field(() => Int, { description: 'Position in the uniform binding order (装订顺序).' })
  bindingOrder!: number;
}

@ObjectType({ description: "The household's annual income totals on the per-capita disposable income accounting sheet P04 (收入构成，元)." })
export class IncomeComponents {
  @Field(() => MoneyScalar, { description: 'Wage income (工资性收入).' })
  wage!: string;

  @Field(() => MoneyScalar, { description: 'Operating income from farming and business (生产经营性收入).' })
  operating!: string;

  @Field(() => MoneyScalar, { description: 'Property income, e.g. rents and dividends (财产性收入).' })
  property!: string;

  @Field(() => MoneyScalar, { description: 'Transfer income, e.g. allowances and pensions (转移性收入).' })
  transfer!: string;

  @Field(() => MoneyScalar, { description: 'Production costs, subtracted from the four kinds of income (生产经营费用支出).' })
  productionCosts!: string;
}

@ObjectType({ description: 'The item scores of the "four looks" scoring sheet P03 (四看法得分), each a decimal string from 0 to 100.' })
export class FourLooksScores {
  @Field({ description: 'Look at the house (看房).' })
  house!: string;

  @Field({ description: 'Look at the grain (看粮).' })
  grain!: string;

  @Field({ description: 'Look at the labour (看劳动力).' })
  labour!: string;

  @Field({ description: 'Look at whether there is a student (看读书郎).' })
  student!: string;
}

@ObjectType({
  implements: [Node, DepartmentRecord],
  description: "A document in a household's archive (档案文件), with the facts it states so they can be compared across documents (数实一致).",
})
export class ArchiveDocument extends DepartmentRecord {
  static readonly typename = 'ArchiveDocument';
  id!: number;
  householdId!: number;
  typeCode!: string;

  get nodeKey() {
    return this.id;
  }

  @Field(() => ArchiveCategory, { description: 'Archive category (档案分类).' })
  archiveCategory!: ArchiveCategory;

  @Field(() => String, { nullable: true, description: 'Uniform archive code (档号), e.g. FP·2017·520524100001·02.' })
  uniformCode!: string | null;

  @Field(() => Int, { nullable: true, description: 'Position in the binding order (装订顺序) of this archive.' })
  bindingOrder!: number | null;

  @Field({ description: 'Title (题名).' })
  title!: string;

  @Field(() => LocalDateScalar, { nullable: true, description: 'Date written (成文日期).' })
  documentDate!: Date | null;

  @Field(() => Int, { nullable: true, description: 'Number of pages (页数).' })
  pageCount!: number | null;

  @Field(() => String, { nullable: true, description: 'Retention period (保管期限), e.g. 长期, 永久.' })
  retention!: string | null;

  @Field(() => Int, { nullable: true, description: 'Family size the document states (家庭人口数).' })
  familySize!: number | null;

  @Field(() => Int, { nullable: true, description: 'Labour count the document states (劳动力人数).' })
  labourCount!: number | null;

  @PersonalData('INCOME')
  @Field(() => MoneyScalar, { nullable: true, description: 'Per-capita disposable income the document states (人均可支配收入，元); null unless your key holds the INCOME scope (where the hub protects income data).' })
  perCapitaIncome!: Decimal | null;

  @Field(() => PovertyType, { nullable: true, description: 'Poverty type the document states (贫困户属性).' })
  povertyType!: PovertyType | null;

  @PersonalData('INCOME')
  @Field(() => IncomeComponents, {
    nullable: true,
    description: 'The income totals the per-capita income is worked out from (收入构成, on P04): (wage + operating + property + transfer − productionCosts) / familySize; null when the document has none, or unless your key holds the INCOME scope (where the hub protects income data).',
  })
  incomeComponents!: IncomeComponents | null;

  @Field(() => FourLooksScores, { nullable: true, description: 'The "four looks" item scores (四看法得分, on P03); null when the document has none.' })
  fourLooksScores!: FourLooksScores | null;

  /** Exposed by ArchiveDocumentResolver with its two decimals. */
  fourLooksTotal!: Decimal | null;
}
