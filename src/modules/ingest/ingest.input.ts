import { Field, InputType, Int } from 'type-graphql';
import type {
  ArchiveDocumentRecord,
  BankCardRecord,
  BankPaymentRecord,
  FourLooksScoresRecord,
  HouseholdRecord,
  IncomeComponentsRecord,
  MemberRecord,
  SubsidyRecord,
} from './ingest-records';

// Dates, amounts, ID numbers and codes are String here on purpose: a GraphQL scalar that refused
// one bad value would fail the whole delivery, while the hub must reject that record alone.

const SOURCE_RECORD_ID = "The record's id in the sending system (源记录编号), unique per department; re-sending it updates the record.";
const HOUSEHOLD_NO = 'Household number (户编号). Give it, or a member ID number, to say which household the record belongs to.';

@InputType({ description: "A department's record of a household (农户信息). Several departments may report one household; each fact is taken from the department configured as authoritative for it." })
export class HouseholdRecordInput implements HouseholdRecord {
  @Field({ description: SOURCE_RECORD_ID })
  sourceRecordId!: string;

  @Field({ description: 'Household number (户编号), the archive number.' })
  householdNo!: string;

  @Field(() => String, { nullable: true, description: 'Village code (行政区划代码), 12 digits; required for a household new to the hub.' })
  regionCode?: string | null;

  @Field(() => String, { nullable: true, description: 'Township name (乡镇), e.g. 城关镇; with villageName, finds the village code when regionCode is absent.' })
  townshipName?: string | null;

  @Field(() => String, { nullable: true, description: 'Village name (村), e.g. 新华村; with townshipName, finds the village code when regionCode is absent.' })
  villageName?: string | null;

  @Field(() => String, { nullable: true, description: 'Village group (组), e.g. 3组.' })
  villageGroup?: string | null;

  @Field(() => String, { nullable: true, description: 'Poverty type (贫困户属性): GENERAL, MINIMUM_ALLOWANCE, EXTREME_POVERTY or 一般贫困户/低保贫困户/特困供养贫困户. Required for a new household.' })
  povertyType?: string | null;

  @Field(() => String, { nullable: true, description: 'Status (状态): IDENTIFIED, ASSISTED, EXITED, MONITORED, RETURNED_TO_POVERTY, REMOVED or the Chinese term. New households default to IDENTIFIED.' })
  status?: string | null;

  @Field(() => String, { nullable: true, description: 'Date the status took effect (状态生效日期), YYYY-MM-DD, not in the future; the delivery day when absent. Dates the status change a new status makes.' })
  statusEffectiveOn?: string | null;

  @Field(() => String, { nullable: true, description: 'Date identified as poor (识别日期), YYYY-MM-DD.' })
  identifiedOn?: string | null;

  @Field(() => String, { nullable: true, description: 'Planned exit date (脱贫时限), YYYY-MM-DD.' })
  exitDeadline?: string | null;

  @Field(() => String, { nullable: true, description: 'Main cause of poverty (主要致贫原因).' })
  causeOfPoverty?: string | null;

  @Field(() => Int, { nullable: true, description: 'Family size as this department records it (家庭人口数).' })
  familySize?: number | null;

  @Field(() => String, { nullable: true, description: 'Name of the head of household (户主姓名).' })
  headName?: string | null;

  @Field(() => String, { nullable: true, description: "Head's ID number (户主身份证号); with headName, registers the head as a member if missing." })
  headIdNumber?: string | null;

  @Field(() => Boolean, { nullable: true, description: 'Whether the household receives the minimum living allowance (低保户).' })
  minimumAllowance?: boolean | null;
}

@InputType({ description: "A department's record of a household member (家庭成员)." })
export class MemberRecordInput implements MemberRecord {
  @Field({ description: SOURCE_RECORD_ID })
  sourceRecordId!: string;

  @Field(() => String, { nullable: true, description: HOUSEHOLD_NO })
  householdNo?: string | null;

  @Field(() => String, { nullable: true, description: 'ID number of another member already on record, to find the household without its number.' })
  householdMemberIdNumber?: string | null;

  @Field({ description: 'ID number (身份证号码), 18 characters or the old 15 digits (converted); checked per GB 11643.' })
  idNumber!: string;

  @Field({ description: 'Name (姓名).' })
  name!: string;

  @Field({ description: 'Relation to the head (与户主关系): HEAD, SPOUSE, CHILD, … or 户主, 配偶, 子女, ….' })
  relation!: string;

  @Field(() => String, { nullable: true, description: 'Ethnicity (民族).' })
  ethnicity?: string | null;

  @Field(() => String, { nullable: true, description: 'Education (文化程度).' })
  education?: string | null;

  @Field(() => String, { nullable: true, description: 'Health (健康状况): HEALTHY, CHRONIC_ILLNESS, SERIOUS_ILLNESS, DISABLED or the Chinese term.' })
  health?: string | null;

  @Field(() => String, { nullable: true, description: 'Labour ability (劳动能力): ORDINARY, SKILLED, LOST, NONE or the Chinese term.' })
  labourAbility?: string | null;

  @Field(() => Boolean, { nullable: true, description: 'Works away from home (外出务工).' })
  migrantWorker?: boolean | null;

  @Field(() => Boolean, { nullable: true, description: 'In school (在校生).' })
  student?: boolean | null;

  @Field(() => String, { nullable: true, description: 'Date of death (死亡日期), YYYY-MM-DD.' })
  deceasedOn?: string | null;
}

@InputType({ description: 'A subsidy or assistance payment (补贴/帮扶资金) by the delivering department.' })
export class SubsidyRecordInput implements SubsidyRecord {
  @Field({ description: SOURCE_RECORD_ID })
  sourceRecordId!: string;

  @Field(() => String, { nullable: true, description: HOUSEHOLD_NO })
  householdNo?: string | null;

  @Field(() => String, { nullable: true, description: "Beneficiary's ID number (受益人身份证号); finds the household when householdNo is absent." })
  beneficiaryIdNumber?: string | null;

  @Field({ description: "Program code (项目代码) of the delivering department's program; see the `programs` query." })
  programCode!: string;

  @Field({ description: 'Amount in yuan (金额，元) as a decimal string with at most two decimals, e.g. "1860.00"; never negative.' })
  amount!: string;

  @Field({ description: 'First day covered (起始日期), YYYY-MM-DD.' })
  startDate!: string;

  @Field({ description: 'Last day covered (终止日期), YYYY-MM-DD; not before startDate.' })
  endDate!: string;

  @Field(() => String, { nullable: true, description: 'State (状态): APPLIED, APPROVED, PAID, WITHDRAWN; default APPROVED.' })
  state?: string | null;

  @Field(() => String, { nullable: true, description: 'Approval date (审批日期), YYYY-MM-DD.' })
  approvedOn?: string | null;

  @Field(() => String, { nullable: true, description: 'Payment date (发放日期), YYYY-MM-DD.' })
  paidOn?: string | null;

  @Field(() => String, { nullable: true, description: 'Bank card paid to (一户一卡卡号), 12–19 digits.' })
  bankCardNo?: string | null;

  @Field(() => String, {
    nullable: true,
    description: "The department's payment reference (支付业务编号) that the bank quotes back on the payment; at most 64 characters and unique across the hub: a reference another subsidy holds is refused.",
  })
  paymentReference?: string | null;
}

@InputType({ description: "A household's bank card (一户一卡 银行卡), registered by the bank or a department: the card subsidies are paid to, held by a member of the household." })
export class BankCardRecordInput implements BankCardRecord {
  @Field({ description: SOURCE_RECORD_ID })
  sourceRecordId!: string;

  @Field(() => String, { nullable: true, description: HOUSEHOLD_NO })
  householdNo?: string | null;

  @Field(() => String, { nullable: true, description: "ID number of a member already on record (户主身份证号, usually the head's), to find the household without its number." })
  householdMemberIdNumber?: string | null;

  @Field({ description: "Card holder's ID number (持卡人身份证号); the holder must be a member of the household, else the card is refused." })
  holderIdNumber!: string;

  @Field({ description: 'Bank (开户银行), e.g. 农商银行城关支行.' })
  bankName!: string;

  @Field({ description: 'Card number (银行卡号): 16 to 19 digits; spaces and dashes are dropped. Shown as its last 4 digits to keys without the BANK_CARD scope.' })
  cardNo!: string;

  @Field(() => String, { nullable: true, description: 'Date the card was opened (开户日期), YYYY-MM-DD; payments before it are not taken as paid to this card.' })
  openedOn?: string | null;

  @Field(() => String, { nullable: true, description: 'Date the card was closed (销户日期), YYYY-MM-DD, not before openedOn; empty while the card is in use.' })
  closedOn?: string | null;
}

@InputType({ description: 'One payment a bank made to a card (代发明细), as on its disbursement file. Stored even when the hub cannot tell whose card it is (an unidentified payment).' })
export class BankPaymentRecordInput implements BankPaymentRecord {
  @Field({ description: "The bank's transaction reference (流水号), unique per delivering department; re-sending it updates the payment." })
  sourceRecordId!: string;

  @Field({ description: 'Card number paid to (卡号): 16 to 19 digits; spaces and dashes are dropped.' })
  cardNo!: string;

  @Field({ description: 'Account name on the card (户名).' })
  holderName!: string;

  @Field(() => String, { nullable: true, description: "Account holder's ID number (证件号码), checked per GB 11643; finds the household when no registered card holds the number." })
  holderIdNumber?: string | null;

  @Field({ description: 'Amount paid in yuan (金额，元) as a decimal string with at most two decimals, more than zero, e.g. "1420.00".' })
  amount!: string;

  @Field({ description: 'Transaction date (交易日期), YYYY-MM-DD, not in the future.' })
  paidOn!: string;

  @Field(() => String, { nullable: true, description: "The department's payment reference (业务编号 / 支付业务编号) the bank quotes, when it does; matches the payment to that subsidy first." })
  paymentReference?: string | null;

  @Field(() => String, { nullable: true, description: 'Summary line (摘要), e.g. 低保金 2024年6月.' })
  memo?: string | null;
}

@InputType({ description: 'The household annual income totals of the per-capita disposable income accounting sheet P04 (收入构成): yuan as decimal strings with at most two decimals, never negative.' })
export class IncomeComponentsInput implements IncomeComponentsRecord {
  @Field({ description: 'Wage income (工资性收入，元).' })
  wage!: string;

  @Field({ description: 'Operating income (生产经营性收入，元).' })
  operating!: string;

  @Field({ description: 'Property income (财产性收入，元).' })
  property!: string;

  @Field({ description: 'Transfer income (转移性收入，元).' })
  transfer!: string;

  @Field({ description: 'Production costs (生产经营费用支出，元), subtracted from the income.' })
  productionCosts!: string;
}

@InputType({ description: 'The item scores of the "four looks" scoring sheet P03 (四看法得分): decimal strings from 0 to 100 with at most two decimals.' })
export class FourLooksScoresInput implements FourLooksScoresRecord {
  @Field({ description: 'Look at the house (看房).' })
  house!: string;

  @Field({ description: 'Look at the grain (看粮).' })
  grain!: string;

  @Field({ description: 'Look at the labour (看劳动力).' })
  labour!: string;

  @Field({ description: 'Look at whether there is a student (看读书郎).' })
  student!: string;
}

@InputType({ description: 'A document of the household archive (档案文件) and the facts it states.' })
export class ArchiveDocumentRecordInput implements ArchiveDocumentRecord {
  @Field({ description: SOURCE_RECORD_ID })
  sourceRecordId!: string;

  @Field(() => String, { nullable: true, description: HOUSEHOLD_NO })
  householdNo?: string | null;

  @Field(() => String, { nullable: true, description: 'ID number of a member on record, to find the household without its number.' })
  householdMemberIdNumber?: string | null;

  @Field({ description: 'Catalogue item code (文件类型代码): P01–P14 paper, E01–E09 electronic.' })
  typeCode!: string;

  @Field(() => String, { nullable: true, description: 'Title (题名); defaults to the catalogue item name.' })
  title?: string | null;

  @Field(() => String, { nullable: true, description: 'Date written (成文日期), YYYY-MM-DD.' })
  documentDate?: string | null;

  @Field(() => String, { nullable: true, description: 'Uniform archive code (档号).' })
  uniformCode?: string | null;

  @Field(() => Int, { nullable: true, description: 'Binding order (装订顺序).' })
  bindingOrder?: number | null;

  @Field(() => Int, { nullable: true, description: 'Pages (页数).' })
  pageCount?: number | null;

  @Field(() => String, { nullable: true, description: 'Retention period (保管期限), e.g. 长期.' })
  retention?: string | null;

  @Field(() => Int, { nullable: true, description: 'Family size the document states (家庭人口数).' })
  familySize?: number | null;

  @Field(() => Int, { nullable: true, description: 'Labour count the document states (劳动力人数).' })
  labourCount?: number | null;

  @Field(() => String, { nullable: true, description: 'Per-capita disposable income the document states (人均可支配收入，元), decimal string.' })
  perCapitaIncome?: string | null;

  @Field(() => String, { nullable: true, description: 'Poverty type the document states (贫困户属性).' })
  povertyType?: string | null;

  @Field(() => IncomeComponentsInput, { nullable: true, description: 'Income totals the per-capita income is worked out from (收入构成, on P04); every part is required when given.' })
  incomeComponents?: IncomeComponentsInput | null;

  @Field(() => FourLooksScoresInput, { nullable: true, description: 'The "four looks" item scores (四看法得分, on P03); every item is required when given.' })
  fourLooksScores?: FourLooksScoresInput | null;

  @Field(() => String, { nullable: true, description: 'The "four looks" total the sheet records (四看法总分), a decimal string from 0 to 100 with at most two decimals.' })
  fourLooksTotal?: string | null;
}

@InputType({ description: 'One delivery of records by a department (数据报送). Good records are applied even when others are rejected; each record is applied completely or not at all.' })
export class IngestInput {
  @Field({ description: 'Code of the delivering department (报送部门代码): ARCHIVE, POVERTY, CIVIL, AGRI, BANK or any registered department.' })
  department!: string;

  @Field(() => String, { nullable: true, description: 'Name of the sending system (来源系统), e.g. 民政低保系统.' })
  sourceSystem?: string | null;

  @Field(() => [HouseholdRecordInput], { nullable: true, description: 'Household records (农户信息), applied first.' })
  households?: HouseholdRecordInput[] | null;

  @Field(() => [MemberRecordInput], { nullable: true, description: 'Member records (家庭成员), applied after households.' })
  members?: MemberRecordInput[] | null;

  @Field(() => [SubsidyRecordInput], { nullable: true, description: 'Subsidy records (补贴发放), applied after documents.' })
  subsidies?: SubsidyRecordInput[] | null;

  @Field(() => [ArchiveDocumentRecordInput], { nullable: true, description: 'Archive documents (档案文件), applied after members.' })
  documents?: ArchiveDocumentRecordInput[] | null;

  @Field(() => [BankCardRecordInput], { nullable: true, description: 'Household bank cards (一户一卡 银行卡), applied after subsidies; payments already on record on a delivered card number are re-assigned to its household.' })
  bankCards?: BankCardRecordInput[] | null;

  @Field(() => [BankPaymentRecordInput], { nullable: true, description: 'Bank payments (代发明细), applied last, after cards: each is assigned to the household whose card it was paid to, else the holder’s household, else left unidentified.' })
  bankPayments?: BankPaymentRecordInput[] | null;
}
