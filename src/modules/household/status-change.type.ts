import { Field, ID, InputType, Int, ObjectType } from 'type-graphql';
import { HouseholdStatus } from '../../generated/prisma/enums';
import { LocalDateScalar } from '../../graphql/scalars/local-date.scalar';
import { MoneyScalar } from '../../graphql/scalars/money.scalar';
import { UserError } from '../../graphql/user-error.type';
import { PersonalData } from '../auth/access-control';
import { Household, StatusChange } from './household.type';

@InputType({ description: 'The "two no-worries, three guarantees" (两不愁三保障) as the deciding office confirmed them; an exit needs all five true.' })
export class BasicGuaranteesInput {
  @Field(() => Boolean, { nullable: true, description: 'No worry about food (不愁吃).' })
  food?: boolean | null;

  @Field(() => Boolean, { nullable: true, description: 'No worry about clothing (不愁穿).' })
  clothing?: boolean | null;

  @Field(() => Boolean, { nullable: true, description: 'Compulsory education guaranteed (义务教育有保障).' })
  education?: boolean | null;

  @Field(() => Boolean, { nullable: true, description: 'Basic medical care guaranteed (基本医疗有保障).' })
  medicalCare?: boolean | null;

  @Field(() => Boolean, { nullable: true, description: 'Safe housing guaranteed (住房安全有保障).' })
  housing?: boolean | null;
}

@InputType({
  description:
    "Record a change of a household's status (状态变更): identified → assisted → exited → monitored, returned to poverty, removed. " +
    'The move must be allowed from the current status, dated no earlier than the last change and not in the future; an exit needs its evidence.',
})
export class ChangeHouseholdStatusInput {
  @Field(() => ID, { description: 'Global ID of the household (户).' })
  householdId!: string;

  @Field(() => HouseholdStatus, { description: 'The new status (新状态).' })
  toStatus!: HouseholdStatus;

  @Field(() => LocalDateScalar, { description: 'Date the change takes effect (生效日期), YYYY-MM-DD: not before the last change, not after today.' })
  effectiveOn!: string;

  @Field({ description: 'Who decided it (决定单位/人), e.g. 城关镇人民政府.' })
  actor!: string;

  @Field(() => String, {
    nullable: true,
    description: 'Why (原因). Required for REMOVED (清退原因) and RETURNED_TO_POVERTY (返贫原因); for an exit the hub writes one from the evidence when left out.',
  })
  reason?: string | null;

  @Field(() => [ID], {
    nullable: true,
    description:
      "Archive documents (档案文件) of this household the decision rests on (佐证材料). When given, an exit's checks use only these; " +
      'when left out, they search the whole archive for the exit assessment (P11) and the latest income statement (P04 or P11).',
  })
  evidenceDocumentIds?: string[] | null;

  @Field(() => BasicGuaranteesInput, { nullable: true, description: '两不愁三保障 as confirmed; an exit needs all five true, other moves ignore it.' })
  guarantees?: BasicGuaranteesInput | null;

  @Field(() => HouseholdStatus, {
    nullable: true,
    description: 'The status you saw (原状态): when given, the change is refused with STATUS_MOVED if the household has meanwhile moved on.',
  })
  fromStatus?: HouseholdStatus | null;
}

@ObjectType({ description: 'The answer to changeHouseholdStatus: the household and the change recorded, or why nothing was written.' })
export class ChangeHouseholdStatusPayload {
  @Field(() => Household, { nullable: true, description: 'The household with its new status; null when refused.' })
  household!: Household | null;

  @Field(() => StatusChange, { nullable: true, description: 'The status change recorded (状态变更); null when refused.' })
  statusChange!: StatusChange | null;

  @Field(() => [UserError], { description: 'Every reason the change was refused (the move, the date, each missing piece of evidence); empty on success.' })
  userErrors!: UserError[];
}

@ObjectType({ description: 'An archive document a status change rested on (佐证文件), as it was when the change was checked.' })
export class StatusEvidenceDocument {
  @Field(() => ID, { description: 'Global ID of the archive document (档案文件); `node(id:)` gives it as it is now.' })
  documentId!: string;

  @Field({ description: 'Catalogue code (文件类型代码), e.g. P11 脱贫评估评分表.' })
  typeCode!: string;

  @Field({ description: 'Title (题名).' })
  title!: string;

  @Field(() => String, { nullable: true, description: 'Uniform archive code (档号).' })
  uniformCode!: string | null;

  @Field(() => LocalDateScalar, { nullable: true, description: 'Date written (成文日期).' })
  documentDate!: string | null;
}

@ObjectType({ description: 'The "two no-worries, three guarantees" (两不愁三保障) confirmed for an exit.' })
export class BasicGuarantees {
  @Field({ description: 'No worry about food (不愁吃).' })
  food!: boolean;

  @Field({ description: 'No worry about clothing (不愁穿).' })
  clothing!: boolean;

  @Field({ description: 'Compulsory education guaranteed (义务教育有保障).' })
  education!: boolean;

  @Field({ description: 'Basic medical care guaranteed (基本医疗有保障).' })
  medicalCare!: boolean;

  @Field({ description: 'Safe housing guaranteed (住房安全有保障).' })
  housing!: boolean;
}

@ObjectType({ description: 'What a status change recorded in the hub rested on, as the checks found it (佐证明细). Exit fields are null for other moves.' })
export class StatusChangeEvidence {
  /** For the audit log of income reads. */
  householdId!: number;

  @Field(() => [StatusEvidenceDocument], { description: 'The documents named in the request (所列佐证材料), whether a check used them or not.' })
  documents!: StatusEvidenceDocument[];

  @Field(() => StatusEvidenceDocument, { nullable: true, description: 'The exit assessment scoring sheet (脱贫评估评分表, P11) the exit rests on.' })
  exitAssessment!: StatusEvidenceDocument | null;

  @Field(() => StatusEvidenceDocument, { nullable: true, description: 'The document whose per-capita income was compared with the poverty line (收入依据): the latest P04 or P11 in the window.' })
  incomeDocument!: StatusEvidenceDocument | null;

  @PersonalData('INCOME')
  @Field(() => MoneyScalar, { nullable: true, description: 'Per-capita disposable income it states (人均可支配收入，元); null unless your key holds the INCOME scope (where the hub protects income data).' })
  perCapitaIncome!: string | null;

  @Field(() => Int, { nullable: true, description: 'Year of the poverty line applied (贫困线年度): the year of the exit date.' })
  povertyLineYear!: number | null;

  @Field(() => MoneyScalar, { nullable: true, description: 'The poverty line the income had to be above (贫困线，元/人·年).' })
  povertyLine!: string | null;

  @Field(() => BasicGuarantees, { nullable: true, description: '两不愁三保障 as confirmed for the exit.' })
  guarantees!: BasicGuarantees | null;

  @Field(() => LocalDateScalar, { nullable: true, description: 'First day the exit documents could be dated (证明材料有效期起): 12 months before the exit date.' })
  windowFrom!: string | null;
}
