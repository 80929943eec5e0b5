import { Field, GraphQLISODateTime, Int, ObjectType, registerEnumType } from 'type-graphql';
import { DeliveryChannel, DeliveryStatus, RecordType } from '../../generated/prisma/enums';
import { Node } from '../../graphql/relay/node';
import { ConnectionType } from '../../graphql/relay/connection';
import { UserError } from '../../graphql/user-error.type';
import { PersonalData } from '../auth/access-control';

registerEnumType(RecordType, {
  name: 'RecordType',
  description: 'Kind of record a department delivers (记录类型).',
  valuesConfig: {
    HOUSEHOLD: { description: '农户信息 (household record)' },
    MEMBER: { description: '家庭成员 (member record)' },
    SUBSIDY: { description: '补贴发放 (subsidy record)' },
    DOCUMENT: { description: '档案文件 (archive document record)' },
    BANK_CARD: { description: '一户一卡银行卡 (household bank card record)' },
    BANK_PAYMENT: { description: '代发明细 (bank payment record)' },
  },
});

registerEnumType(DeliveryChannel, {
  name: 'DeliveryChannel',
  description: 'How a delivery reached the hub (报送方式).',
  valuesConfig: {
    GRAPHQL: { description: '接口报送: the `ingest` mutation' },
    FILE: { description: '文件导入: the `import` command reading .xlsx or .csv' },
  },
});

registerEnumType(DeliveryStatus, {
  name: 'DeliveryStatus',
  description: 'Where a delivery stands (报送状态).',
  valuesConfig: {
    RUNNING: { description: '进行中: still being applied, or a file import that stopped and can be resumed' },
    COMPLETED: { description: '已完成: every record applied or rejected' },
    REFUSED: { description: '已拒收: refused as a whole' },
  },
});

@ObjectType({ description: 'A record the hub refused (被拒记录), with the field at fault, a stable code and the reason. Nothing of it was written.' })
export class RejectedRecord {
  @Field(() => RecordType, { description: 'Which list of the delivery the record was in.' })
  recordType!: RecordType;

  @Field(() => Int, { description: 'Position of the record in its list, from 0.' })
  index!: number;

  @Field(() => Int, { nullable: true, description: 'Row of the sheet (行号) for a file import; the header is row 1.' })
  rowNumber!: number | null;

  @Field(() => String, { nullable: true, description: 'The record’s sourceRecordId, when it had a readable one.' })
  sourceRecordId!: string | null;

  @Field({ description: 'The field at fault, e.g. idNumber, amount.' })
  field!: string;

  @Field({ description: 'Stable code: REQUIRED, TOO_LONG, CONTROL_CHARACTER, INVALID_ID_NUMBER, INVALID_DATE, INVALID_AMOUNT, END_BEFORE_START, INVALID_VALUE, INVALID_REGION_CODE, DUPLICATE_IN_BATCH, UNKNOWN_REGION, UNKNOWN_PROGRAM, PROGRAM_OF_ANOTHER_DEPARTMENT, UNKNOWN_DOCUMENT_TYPE, UNKNOWN_HOUSEHOLD, UNKNOWN_BENEFICIARY, AMBIGUOUS_IDENTITY, HOUSEHOLD_MISMATCH, INVALID_CARD_NUMBER, HOLDER_NOT_A_MEMBER, PAYMENT_REFERENCE_IN_USE, WRITE_FAILED.' })
  code!: string;

  @PersonalData('ID_NUMBERS_IN_TEXT')
  @Field({ description: 'Why, in English. ID numbers in it are masked unless your key holds the ID_NUMBER scope.' })
  message!: string;

  @PersonalData('ID_NUMBERS_IN_TEXT')
  @Field({ description: 'Why, in Chinese (拒收原因). ID numbers in it are masked unless your key holds the ID_NUMBER scope.' })
  messageZh!: string;
}

@ObjectType({ implements: Node, description: 'One delivery of records by a department (数据报送记录): who sent it, how, and what became of its records.' })
export class Delivery extends Node {
  static readonly typename = 'Delivery';
  id!: number;
  departmentId!: number;

  get nodeKey() {
    return this.id;
  }

  @Field(() => String, { nullable: true, description: 'Sending system (来源系统).' })
  sourceSystem!: string | null;

  @Field(() => DeliveryChannel, { description: 'GraphQL mutation or file import (报送方式).' })
  channel!: DeliveryChannel;

  @Field(() => DeliveryStatus, { description: 'Where the delivery stands (报送状态).' })
  status!: DeliveryStatus;

  @Field(() => String, { nullable: true, description: 'File imported (文件名), for a file import.' })
  fileName!: string | null;

  @Field(() => String, { nullable: true, description: 'Column mapping used (列映射), for a file import.' })
  mapping!: string | null;

  @Field(() => Int, { description: 'Rows of the file committed so far (已提交行号); a resumed import continues after it.' })
  rowsDone!: number;

  @Field(() => Int, { description: 'Records received (收到记录数).' })
  received!: number;

  @Field(() => Int, { description: 'Records new to the hub (新增).' })
  created!: number;

  @Field(() => Int, { description: 'Records that changed a stored record; the previous version is kept (更新).' })
  updated!: number;

  @Field(() => Int, { description: 'Records identical to what was stored (未变).' })
  unchanged!: number;

  @Field(() => Int, { description: 'Records refused (拒收).' })
  rejected!: number;

  @Field(() => GraphQLISODateTime, { description: 'When the delivery began (开始时间).' })
  startedAt!: Date;

  @Field(() => GraphQLISODateTime, { nullable: true, description: 'When it completed (完成时间).' })
  finishedAt!: Date | null;
}

export const DeliveryConnection = ConnectionType(Delivery, 'Delivery', 'A page of deliveries (报送记录), in the order received.');
export const RejectedRecordConnection = ConnectionType(RejectedRecord, 'RejectedRecord', "A page of a delivery's rejected records, in the order they were refused.");

@ObjectType({ description: 'What became of a delivery (报送结果). A sending system should store `delivery.id` and fix and resend what is in `rejected`.' })
export class IngestPayload {
  @Field(() => Delivery, { nullable: true, description: 'The delivery, for later look-up; null when it was refused as a whole (see userErrors).' })
  delivery!: Delivery | null;

  @Field(() => Int, { description: 'Records applied: created + updated + unchanged (接收).' })
  accepted!: number;

  @Field(() => Int, { description: 'Records new to the hub (新增).' })
  created!: number;

  @Field(() => Int, { description: 'Records that changed a stored record (更新).' })
  updated!: number;

  @Field(() => Int, { description: 'Records identical to what was stored: re-sending a delivery changes nothing (未变).' })
  unchanged!: number;

  @Field(() => [RejectedRecord], { description: 'Records refused, each with field, code and reason (拒收明细).' })
  rejected!: RejectedRecord[];

  identityReviewIds!: number[];

  findingIds!: number[];

  @Field(() => [UserError], { description: 'Why the delivery as a whole was refused (unknown department, too many records); empty otherwise.' })
  userErrors!: UserError[];
}

@ObjectType({ description: 'One field of a record that a later delivery changed (字段变更).' })
export class FieldChange {
  @Field({ description: 'Field name, as in the ingest input.' })
  field!: string;

  @PersonalData('RECORD_FIELD')
  @Field(() => String, { nullable: true, description: 'Value before (原值), as text.' })
  from!: string | null;

  @PersonalData('RECORD_FIELD')
  @Field(() => String, { nullable: true, description: 'Value after (新值), as text.' })
  to!: string | null;
}

@ObjectType({ description: 'A change to a delivered record (历史版本): which delivery changed which fields, from what to what.' })
export class RecordRevision {
  departmentId!: number;
  subjectId!: number;
  deliveryId!: number | null;

  @Field(() => Int, { description: 'Version the change produced (版本号); the first delivery is version 1.' })
  version!: number;

  @Field(() => RecordType, { description: 'Kind of record.' })
  recordType!: RecordType;

  @Field({ description: 'The record’s id in the sending system (源记录编号).' })
  sourceRecordId!: string;

  @Field(() => GraphQLISODateTime, { description: 'When the change was applied (变更时间).' })
  changedAt!: Date;

  @Field(() => [FieldChange], { description: 'Fields changed (变更字段).' })
  changes!: FieldChange[];
}

@ObjectType({ description: "One department's value of a fact (部门报送值)." })
export class ReportedValue {
  departmentId!: number;
  sourceSystem!: string | null;

  @PersonalData('RECORD_FIELD')
  @Field(() => String, { nullable: true, description: 'The value as text; null when the department sent none.' })
  value!: string | null;

  @Field({ description: 'Whether this department is the configured authority for the fact (权威来源).' })
  authoritative!: boolean;

  @Field({ description: "The department's record id (源记录编号)." })
  sourceRecordId!: string;

  @Field(() => GraphQLISODateTime, { description: 'When the department last reported it (报送时间).' })
  reportedAt!: Date;
}

@ObjectType({ description: 'A fact about a household or person as each department reports it (多部门比对), and the value the hub shows.' })
export class FactComparison {
  @Field({ description: 'Fact name, as in the ingest input: povertyType, status, familySize, minimumAllowance, name, …' })
  fact!: string;

  @PersonalData('RECORD_FIELD')
  @Field(() => String, { nullable: true, description: 'The value the hub shows: the authoritative department’s, else the registering department’s.' })
  value!: string | null;

  authoritativeDepartmentCode!: string | null;

  @Field({ description: 'Whether every department reports the same value (是否一致).' })
  agrees!: boolean;

  @Field(() => [ReportedValue], { description: "Each department's value with its source." })
  reports!: ReportedValue[];
}
