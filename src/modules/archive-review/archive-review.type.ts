import { Field, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import { ArchiveCategory, ArchiveMedium, HouseholdStatus, PovertyType } from '../../generated/prisma/enums';
import { LocalDateScalar } from '../../graphql/scalars/local-date.scalar';
import { MoneyScalar } from '../../graphql/scalars/money.scalar';
import { RegionCodeScalar } from '../../graphql/scalars/region-code.scalar';
import { UserError } from '../../graphql/user-error.type';
import { PersonalData } from '../auth/access-control';

export enum ArchiveFact {
  FAMILY_SIZE = 'FAMILY_SIZE',
  LABOUR_COUNT = 'LABOUR_COUNT',
  PER_CAPITA_INCOME = 'PER_CAPITA_INCOME',
  POVERTY_TYPE = 'POVERTY_TYPE',
  INCOME_ARITHMETIC = 'INCOME_ARITHMETIC',
  FOUR_LOOKS_ARITHMETIC = 'FOUR_LOOKS_ARITHMETIC',
}

registerEnumType(ArchiveFact, {
  name: 'ArchiveFact',
  description: 'A fact the archive review compares across sources or recomputes (核查事项, 数实一致).',
  valuesConfig: {
    FAMILY_SIZE: { description: '家庭人口数: documents stating it, the members on record, each department’s reported family size.' },
    LABOUR_COUNT: { description: '劳动力人数: documents stating it against the members on record with ordinary or skilled labour ability.' },
    PER_CAPITA_INCOME: { description: '人均可支配收入: the income accounting sheet (P04) against the survey (P02) and every other document stating it, beyond the income tolerance.' },
    POVERTY_TYPE: { description: '贫困户属性: the household record against documents, departments’ reports, civil affairs’ minimum-allowance flag and CIV_DIBAO payments.' },
    INCOME_ARITHMETIC: { description: '收入核算错误: a sheet’s per-capita income is not (wage + operating + property + transfer − production costs) / family size within the tolerance.' },
    FOUR_LOOKS_ARITHMETIC: { description: '四看法总分计算错误: a sheet’s total is not Σ score × weight (the weights in force on its date) within the score tolerance.' },
  },
});

export enum ArchiveItemState {
  PRESENT = 'PRESENT',
  MISSING = 'MISSING',
  DUPLICATED = 'DUPLICATED',
  NOT_REQUIRED = 'NOT_REQUIRED',
}

registerEnumType(ArchiveItemState, {
  name: 'ArchiveItemState',
  description: 'Where one catalogue item stands in a household’s archive (档案项目状态).',
  valuesConfig: {
    PRESENT: { description: '齐全: at least one document, no more than the catalogue allows.' },
    MISSING: { description: '缺项: required for the household’s status and poverty type, and absent.' },
    DUPLICATED: { description: '重复: more copies than the catalogue allows (present all the same).' },
    NOT_REQUIRED: { description: '不要求: not required for this household, and absent.' },
  },
});

export enum ArchiveFactSourceKind {
  DOCUMENT = 'DOCUMENT',
  MEMBERS = 'MEMBERS',
  DEPARTMENT_REPORT = 'DEPARTMENT_REPORT',
  HOUSEHOLD_RECORD = 'HOUSEHOLD_RECORD',
  SUBSIDIES = 'SUBSIDIES',
  RECOMPUTED = 'RECOMPUTED',
}

registerEnumType(ArchiveFactSourceKind, {
  name: 'ArchiveFactSourceKind',
  description: 'Where a value compared by the archive review comes from (数据来源).',
  valuesConfig: {
    DOCUMENT: { description: '档案文件: what a paper or electronic document states (see `document` and `medium`).' },
    MEMBERS: { description: '家庭成员登记: counted from the members on record, alive on the date given.' },
    DEPARTMENT_REPORT: { description: '部门报送: a department’s own account of the household (see `department`).' },
    HOUSEHOLD_RECORD: { description: '户档案登记: the household record, as the poverty alleviation office keeps it.' },
    SUBSIDIES: { description: '补贴发放: implied by payments, e.g. CIV_DIBAO minimum allowance paid to the household.' },
    RECOMPUTED: { description: '重新核算: recomputed by the hub from the figures on the same document.' },
  },
});

@ObjectType({ description: 'An item of a catalogue version (档案目录项): which document, where it is bound, and for whom it is required.' })
export class ArchiveCatalogueItem {
  @Field({ description: 'Catalogue code (档案项目代码), e.g. `P02`.' })
  typeCode!: string;

  @Field({ description: 'Name of the item (项目名称).' })
  name!: string;

  @Field(() => ArchiveMedium, { description: 'Paper or electronic (载体).' })
  medium!: ArchiveMedium;

  @Field(() => ArchiveCategory, { description: 'Archive category (档案分类).' })
  archiveCategory!: ArchiveCategory;

  @Field(() => Int, { description: 'Position in the binding order (装订顺序).' })
  bindingOrder!: number;

  @Field(() => [HouseholdStatus], { description: 'Household statuses for which the item is required (适用状态); empty: never required, kept when present.' })
  requiredForStatuses!: HouseholdStatus[];

  @Field(() => [PovertyType], { description: 'Poverty types for which it is required (适用贫困户属性); empty: every type.' })
  requiredForPovertyTypes!: PovertyType[];

  @Field(() => Int, { nullable: true, description: 'Copies an archive may hold (份数上限); more is a duplicate (重复). Null: any number.' })
  maxCopies!: number | null;
}

@ObjectType({ description: 'A version of the 一户一档 catalogue (档案目录版本): the items an archive must hold from a date on. Old versions are never edited.' })
export class ArchiveCatalogueVersion {
  id!: number;

  @Field(() => Int, { description: 'Version number (版本号), 1, 2, …' })
  version!: number;

  @Field({ description: 'Name (目录名称).' })
  name!: string;

  @Field(() => LocalDateScalar, { description: 'First day in force (生效日期).' })
  effectiveFrom!: string;

  @Field(() => LocalDateScalar, { nullable: true, description: 'Last day in force (失效日期), inclusive; null while a later version has not replaced it.' })
  effectiveTo!: string | null;

  @Field({ description: 'What changed and why (变更说明).' })
  changeNote!: string;

  @Field({ description: 'Who added it (创建人): the API key, `cli:<user>` or `hub:reference-data`.' })
  createdBy!: string;

  @Field(() => [ArchiveCatalogueItem], { description: 'Its items in binding order (装订顺序).' })
  items!: ArchiveCatalogueItem[];
}

@ObjectType({ description: 'The poverty line of a year (扶贫标准): per-capita disposable income in yuan a household must stably exceed to exit.' })
export class PovertyLine {
  @Field(() => Int, { description: 'Year (年度).' })
  year!: number;

  @Field(() => MoneyScalar, { description: 'Yuan per person and year (元/人·年), exact.' })
  amount!: string;

  @Field({ description: 'Where the figure comes from (依据), e.g. 国家农村扶贫标准（现价）.' })
  source!: string;
}

@ObjectType({ description: 'The weights of the "four looks" items (四看法权重); the four sum to 1.' })
export class FourLooksWeights {
  @Field({ description: 'Weight of the house (看房), a decimal string such as "0.3000".' })
  house!: string;

  @Field({ description: 'Weight of the grain (看粮).' })
  grain!: string;

  @Field({ description: 'Weight of the labour (看劳动力).' })
  labour!: string;

  @Field({ description: 'Weight of a student in the family (看读书郎).' })
  student!: string;
}

@ObjectType({ description: 'Dated parameters of the archive checks and of cadre accountability (档案核查参数), set by the county.' })
export class ArchiveCheckSetting {
  id!: number;

  @Field(() => LocalDateScalar, { description: 'First day in force (生效日期).' })
  effectiveFrom!: string;

  @Field(() => LocalDateScalar, { nullable: true, description: 'Last day in force (失效日期), inclusive; null when open-ended.' })
  effectiveTo!: string | null;

  @Field(() => FourLooksWeights, { description: 'The "four looks" weights (四看法权重).' })
  weights!: FourLooksWeights;

  @Field(() => MoneyScalar, { description: 'Largest difference in yuan between two statements of per-capita income, or a recorded and a recomputed one, that is not a discrepancy (收入容差).' })
  incomeTolerance!: string;

  @Field({ description: 'Largest difference between a recorded and a recomputed "four looks" total that is not a discrepancy (得分容差), e.g. "0.50".' })
  scoreTolerance!: string;

  @Field(() => Int, { description: 'Days without a cadre visit after which a household is overdue (走访间隔).' })
  visitIntervalDays!: number;

  @Field(() => Int, { description: 'Most households one cadre may be paired with at once (帮扶户数上限).' })
  maxHouseholdsPerCadre!: number;

  @Field({ description: 'What changed and why (变更说明).' })
  changeNote!: string;

  @Field({ description: 'Who added it (创建人).' })
  createdBy!: string;
}

@ObjectType({ description: 'One catalogue item in a household’s archive (档案项目核查): required or not, its copies and documents.' })
export class ArchiveReviewItem {
  householdId!: number;
  documentIds!: number[];

  @Field({ description: 'Catalogue code (档案项目代码).' })
  typeCode!: string;

  @Field({ description: 'Name of the item (项目名称).' })
  name!: string;

  @Field(() => ArchiveMedium, { description: 'Paper or electronic (载体).' })
  medium!: ArchiveMedium;

  @Field(() => Int, { description: 'Position in the binding order (装订顺序).' })
  bindingOrder!: number;

  @Field({ description: 'Whether the catalogue requires it for this household’s status and poverty type (是否必备).' })
  required!: boolean;

  @Field(() => Int, { nullable: true, description: 'Copies allowed (份数上限); null: any number.' })
  maxCopies!: number | null;

  @Field(() => Int, { description: 'Documents of this item in the archive (份数).' })
  copies!: number;

  @Field(() => ArchiveItemState, { description: 'Present, missing, duplicated or not required (状态).' })
  state!: ArchiveItemState;
}

@ObjectType({ description: 'One value of a compared fact with its source (来源与取值): a document (paper or electronic), the members on record, a department, the household record, payments, or the hub’s recomputation.' })
export class ArchiveFactValue {
  householdId!: number;
  /** The record field the value is, so income is masked like ArchiveDocument.perCapitaIncome. */
  field!: string;
  documentId!: number | null;
  departmentId!: number | null;

  @PersonalData('RECORD_FIELD')
  @Field({ description: 'The value as text (取值): a count, an amount in yuan, a poverty type. Income amounts read `***` unless your key holds the INCOME scope.' })
  value!: string;

  @Field(() => ArchiveFactSourceKind, { description: 'Kind of source (来源类别).' })
  source!: ArchiveFactSourceKind;

  @Field(() => ArchiveMedium, { nullable: true, description: 'Paper or electronic, for a document (载体); null for other sources.' })
  medium!: ArchiveMedium | null;

  @Field(() => LocalDateScalar, { nullable: true, description: 'The date the value speaks for (日期): the document’s date, or the day the members were counted.' })
  date!: string | null;

  @Field({ description: 'What the source is (来源说明), in Chinese with English.' })
  detail!: string;
}

@ObjectType({ description: 'A fact on which the archive disagrees with itself or with departments (数实不一致), with every value and its source.' })
export class ArchiveDiscrepancy {
  @Field(() => ArchiveFact, { description: 'The fact (核查事项).' })
  fact!: ArchiveFact;

  @Field({ description: 'What disagrees (说明); income amounts are left out of it.' })
  explanation!: string;

  @Field({ description: 'Whether a paper and an electronic document state different values (纸质与电子档案不一致).' })
  betweenPaperAndElectronic!: boolean;

  @Field(() => [ArchiveFactValue], { description: 'Every value compared, with its source (各来源取值).' })
  values!: ArchiveFactValue[];
}

@ObjectType({ description: 'A figure of a document recomputed from the other figures on it (重新核算): per-capita income from its components, or the "four looks" total from its scores and weights.' })
export class ArchiveRecomputation {
  householdId!: number;
  field!: string;
  documentId!: number;

  @Field(() => ArchiveFact, { description: 'INCOME_ARITHMETIC (人均可支配收入) or FOUR_LOOKS_ARITHMETIC (四看法总分).' })
  fact!: ArchiveFact;

  @PersonalData('RECORD_FIELD')
  @Field({ description: 'What the document records (填报值); income reads `***` without the INCOME scope.' })
  recorded!: string;

  @PersonalData('RECORD_FIELD')
  @Field({ description: 'What the figures on it give (核算值): income half-up to the fen, the total half-up to 0.01.' })
  recomputed!: string;

  @PersonalData('RECORD_FIELD')
  @Field({ description: 'Recorded minus recomputed (差额).' })
  difference!: string;

  @Field({ description: 'Largest difference allowed (容差), from the setting in force on the document’s date.' })
  tolerance!: string;

  @Field({ description: 'Whether the difference is within the tolerance (是否在容差内).' })
  withinTolerance!: boolean;

  @Field(() => Int, { nullable: true, description: 'Family size the income was divided by (家庭人口数); null for the "four looks" total.' })
  familySize!: number | null;

  @Field(() => FourLooksWeights, { nullable: true, description: 'The weights used (权重), for the "four looks" total; null for income.' })
  weights!: FourLooksWeights | null;

  @Field(() => Int, { nullable: true, description: 'The year of the document (年度), for income.' })
  year!: number | null;

  @Field(() => MoneyScalar, { nullable: true, description: 'That year’s poverty line (当年扶贫标准), for income; null without one.' })
  povertyLine!: string | null;

  @PersonalData('INCOME')
  @Field(() => Boolean, { nullable: true, description: 'Whether the recomputed income is above that poverty line (是否高于扶贫标准): information, not a discrepancy; null without a line or without the INCOME scope.' })
  abovePovertyLine!: boolean | null;
}

@ObjectType({
  description:
    'The live review of a household’s archive (一户一档核查), computed when asked: completeness against the catalogue version in force today, ' +
    'facts compared across documents, members and departments, and figures recomputed. `households(filter:)` and `archiveRollup` read the stored assessment instead.',
})
export class ArchiveReview {
  householdId!: number;
  catalogueVersionId!: number;
  uncataloguedIds!: number[];

  @Field(() => LocalDateScalar, { description: 'The day judged (核查日期): today in China.' })
  assessedOn!: string;

  @Field(() => Int, { description: 'Items required for the household’s status and poverty type (应有项数).' })
  requiredCount!: number;

  @Field(() => Int, { description: 'Required items present (实有项数).' })
  presentCount!: number;

  @Field({ description: 'Required items present in percent, two decimals (完整率), e.g. "85.71".' })
  completeness!: string;

  @Field(() => [String], { description: 'Codes of required items missing (缺项).' })
  missingCodes!: string[];

  @Field(() => [String], { description: 'Codes of items with more copies than allowed (重复).' })
  duplicatedCodes!: string[];

  @Field(() => [ArchiveFact], { description: 'Facts with a discrepancy (不一致事项).' })
  discrepantFacts!: ArchiveFact[];

  @Field(() => [ArchiveReviewItem], { description: 'Every item of the catalogue version, in binding order (按装订顺序).' })
  items!: ArchiveReviewItem[];

  @Field(() => [ArchiveDiscrepancy], { description: 'Discrepancies (数实不一致), each with every value and its source.' })
  discrepancies!: ArchiveDiscrepancy[];

  @Field(() => [ArchiveRecomputation], { description: 'Every recomputation, within the tolerance or not (重新核算).' })
  recomputations!: ArchiveRecomputation[];
}

@ObjectType({ description: 'How many households lack, duplicate or disagree on one thing (按项目统计).' })
export class ArchiveCodeCount {
  @Field({ description: 'The item code (e.g. P04) or fact code (e.g. FAMILY_SIZE).' })
  code!: string;

  @Field(() => Int, { description: 'Households (户数).' })
  households!: number;
}

@ObjectType({ description: 'Archive review figures of a region (档案核查汇总), from the stored assessments of its households.' })
export class ArchiveRollupUnit {
  @Field(() => RegionCodeScalar, { description: 'Region code (区划代码).' })
  regionCode!: string;

  @Field(() => Int, { description: 'Households assessed (已核查户数).' })
  householdsAssessed!: number;

  @Field(() => Int, { description: 'Households with every required item (完整户数).' })
  completeHouseholds!: number;

  @Field({ description: 'Mean completeness in percent, two decimals (平均完整率).' })
  meanCompleteness!: string;

  @Field({ description: 'Share of households complete, in percent (完整户占比).' })
  completeShare!: string;

  @Field(() => Int, { description: 'Households without any discrepancy (一致户数).' })
  consistentHouseholds!: number;

  @Field({ description: 'Share of households without a discrepancy, in percent (数实一致率).' })
  consistencyRate!: string;

  @Field(() => [ArchiveCodeCount], { description: 'Households missing each item (缺项统计), by code.' })
  missingByItem!: ArchiveCodeCount[];

  @Field(() => [ArchiveCodeCount], { description: 'Households with each item duplicated (重复统计), by code.' })
  duplicatedByItem!: ArchiveCodeCount[];

  @Field(() => [ArchiveCodeCount], { description: 'Households with a discrepancy on each fact (不一致统计), by fact code.' })
  discrepanciesByFact!: ArchiveCodeCount[];
}

@ObjectType({ description: 'A household of a roll-up’s worst list (完整率最低的户).' })
export class ArchiveRollupHousehold {
  householdId!: number;

  @Field({ description: 'Completeness in percent (完整率).' })
  completeness!: string;

  @Field(() => [String], { description: 'Items missing (缺项).' })
  missingCodes!: string[];

  @Field(() => [String], { description: 'Items duplicated (重复).' })
  duplicatedCodes!: string[];

  @Field(() => [String], { description: 'Facts with a discrepancy (不一致事项).' })
  discrepantFacts!: string[];

  @Field({ description: 'When it was assessed (核查时间).' })
  assessedAt!: Date;
}

@ObjectType({ description: 'The archive review of a region and of each unit in it (档案核查汇总): completeness, consistency, missing and duplicated items, discrepancies, and the worst units and households.' })
export class ArchiveRollup {
  @Field(() => ArchiveRollupUnit, { description: 'The whole region asked for, within your key’s region (合计).' })
  total!: ArchiveRollupUnit;

  @Field(() => [ArchiveRollupUnit], { description: 'Each county, township or village within it with assessed households, by code (分单位).' })
  units!: ArchiveRollupUnit[];

  @Field(() => [ArchiveRollupUnit], { description: 'The units with the lowest mean completeness, worst first (完整率最低的单位).' })
  worstUnits!: ArchiveRollupUnit[];

  @Field(() => [ArchiveRollupHousehold], { description: 'The households with the lowest completeness, then the most discrepancies, worst first (完整率最低的户).' })
  worstHouseholds!: ArchiveRollupHousehold[];
}

@InputType({ description: 'An item of a new catalogue version (目录项).' })
export class ArchiveCatalogueItemInput {
  @Field({ description: 'Document type code (档案项目代码), one of `archiveDocumentTypes`: P01–P14, E01–E09.' })
  typeCode!: string;

  @Field(() => [HouseholdStatus], { description: 'Statuses for which it is required (适用状态); empty: never required.' })
  requiredForStatuses!: HouseholdStatus[];

  @Field(() => [PovertyType], { nullable: true, description: 'Poverty types for which it is required; empty or left out: every type.' })
  requiredForPovertyTypes?: PovertyType[] | null;

  @Field(() => Int, { nullable: true, description: 'Copies allowed (份数上限), at least 1; left out: any number.' })
  maxCopies?: number | null;

  @Field(() => Int, { nullable: true, description: 'Position in the binding order (装订顺序); left out: the document type’s own.' })
  bindingOrder?: number | null;
}

@InputType({ description: 'A new version of the 一户一档 catalogue (新目录版本). Earlier versions are kept as they were.' })
export class CreateArchiveCatalogueVersionInput {
  @Field({ description: 'Name (目录名称).' })
  name!: string;

  @Field(() => LocalDateScalar, { description: 'First day in force (生效日期); the version in force on a day is the latest to have started.' })
  effectiveFrom!: string;

  @Field(() => LocalDateScalar, { nullable: true, description: 'Last day in force (失效日期), inclusive; left out: until a later version starts.' })
  effectiveTo?: string | null;

  @Field({ description: 'What changes and why (变更说明).' })
  changeNote!: string;

  @Field(() => [ArchiveCatalogueItemInput], { description: 'Every item of the version (目录项).' })
  items!: ArchiveCatalogueItemInput[];
}

@ObjectType({ description: 'The result of adding a catalogue version (新增目录版本结果).' })
export class ArchiveCatalogueVersionPayload {
  @Field(() => ArchiveCatalogueVersion, { nullable: true, description: 'The new version; null when the input was refused and nothing was written.' })
  catalogueVersion!: ArchiveCatalogueVersion | null;

  @Field(() => [UserError], { description: 'Why the input was refused (输入错误), each naming the field; empty on success.' })
  userErrors!: UserError[];
}

@InputType({ description: 'The poverty line of a year (设定扶贫标准).' })
export class SetPovertyLineInput {
  @Field(() => Int, { description: 'Year (年度), 2000–2100.' })
  year!: number;

  @Field(() => MoneyScalar, { description: 'Yuan per person and year (元/人·年), more than 0.' })
  amount!: { toFixed(dp: number): string };

  @Field({ description: 'Where the figure comes from (依据).' })
  source!: string;
}

@ObjectType({ description: 'The result of setting a poverty line (设定扶贫标准结果).' })
export class PovertyLinePayload {
  @Field(() => PovertyLine, { nullable: true, description: 'The line as now set; null when refused.' })
  povertyLine!: PovertyLine | null;

  @Field(() => [UserError], { description: 'Why the input was refused (输入错误); empty on success.' })
  userErrors!: UserError[];
}

@InputType({ description: 'The "four looks" weights (四看法权重), decimal strings with at most 4 decimals that sum to 1.' })
export class FourLooksWeightsInput {
  @Field({ description: 'Weight of the house (看房), e.g. "0.30".' })
  house!: string;

  @Field({ description: 'Weight of the grain (看粮).' })
  grain!: string;

  @Field({ description: 'Weight of the labour (看劳动力).' })
  labour!: string;

  @Field({ description: 'Weight of a student (看读书郎).' })
  student!: string;
}

@InputType({ description: 'A new dated archive-check setting (新增档案核查参数); what is left out is copied from the setting in force on `effectiveFrom`.' })
export class CreateArchiveCheckSettingInput {
  @Field(() => LocalDateScalar, { description: 'First day in force (生效日期); one setting per day.' })
  effectiveFrom!: string;

  @Field(() => LocalDateScalar, { nullable: true, description: 'Last day in force (失效日期), inclusive.' })
  effectiveTo?: string | null;

  @Field(() => FourLooksWeightsInput, { description: 'The "four looks" weights (四看法权重); they must sum to 1.' })
  weights!: FourLooksWeightsInput;

  @Field(() => MoneyScalar, { nullable: true, description: 'Income tolerance in yuan (收入容差), at least 0.' })
  incomeTolerance?: { toFixed(dp: number): string } | null;

  @Field(() => String, { nullable: true, description: 'Score tolerance (得分容差), at least 0, e.g. "0.50".' })
  scoreTolerance?: string | null;

  @Field(() => Int, { nullable: true, description: 'Visit interval in days (走访间隔), at least 1.' })
  visitIntervalDays?: number | null;

  @Field(() => Int, { nullable: true, description: 'Most households per cadre (帮扶户数上限), at least 1.' })
  maxHouseholdsPerCadre?: number | null;

  @Field({ description: 'What changes and why (变更说明).' })
  changeNote!: string;
}

@ObjectType({ description: 'The result of adding an archive-check setting (新增档案核查参数结果).' })
export class ArchiveCheckSettingPayload {
  @Field(() => ArchiveCheckSetting, { nullable: true, description: 'The new setting; null when refused.' })
  archiveCheckSetting!: ArchiveCheckSetting | null;

  @Field(() => [UserError], { description: 'Why the input was refused (输入错误); empty on success.' })
  userErrors!: UserError[];
}

@InputType({ description: 'Which region to assess (档案核查范围).' })
export class AssessArchivesInput {
  @Field(() => RegionCodeScalar, { nullable: true, description: 'A county, township or village within your key’s region; left out: your key’s whole region.' })
  regionCode?: string | null;
}

@ObjectType({ description: 'The result of an archive assessment run (档案核查结果).' })
export class AssessArchivesPayload {
  @Field(() => RegionCodeScalar, { nullable: true, description: 'The region assessed; null for the whole hub.' })
  regionCode!: string | null;

  @Field(() => LocalDateScalar, { nullable: true, description: 'The day judged (核查日期); null when refused.' })
  assessedOn!: string | null;

  @Field(() => Int, { description: 'Households assessed (核查户数).' })
  householdsAssessed!: number;

  @Field(() => Int, { description: 'Of those, households missing a required item (缺项户数).' })
  incomplete!: number;

  @Field(() => Int, { description: 'Households with an item duplicated (重复户数).' })
  duplicated!: number;

  @Field(() => Int, { description: 'Households with a discrepancy (不一致户数).' })
  inconsistent!: number;

  @Field(() => [UserError], { description: 'Why the input was refused (输入错误); empty on success.' })
  userErrors!: UserError[];
}
