import { Field, ID, InputType, ObjectType, registerEnumType } from 'type-graphql';
import type { Prisma } from '../../generated/prisma/client';
import { IdentityReviewKind, IdentityReviewStatus, Relation } from '../../generated/prisma/enums';
import { ConnectionType } from '../../graphql/relay/connection';
import { toGlobalId } from '../../graphql/relay/global-id';
import { Node } from '../../graphql/relay/node';
import { IdNumberScalar } from '../../graphql/scalars/id-number.scalar';
import { LocalDateScalar } from '../../graphql/scalars/local-date.scalar';
import { RegionCodeScalar } from '../../graphql/scalars/region-code.scalar';
import '../member/member.type';
import { explain, type IdentityEvidenceEntry } from './identity-rules';
import { UserError } from './user-error.type';
import { PersonalData } from '../auth/access-control';

registerEnumType(IdentityReviewKind, {
  name: 'IdentityReviewKind',
  description: 'Why records are suspected of being duplicates (疑似重复类型).',
  valuesConfig: {
    SAME_ID_NUMBER_IN_TWO_HOUSEHOLDS: { description: '同一身份证号登记在两户或多户 (one ID number on record in two or more households)' },
    SAME_NAME_AND_BIRTH_DATE_IN_VILLAGE: {
      description: '同村同名同出生日期而身份证号不同 (same name and birth date in one village under different ID numbers)',
    },
    SAME_HEAD_NAME_IN_VILLAGE: { description: '同村户主同名 (households in one village whose heads have the same name)' },
  },
});

registerEnumType(IdentityReviewStatus, {
  name: 'IdentityReviewStatus',
  description: 'Where an identity review stands (处理状态).',
  valuesConfig: {
    OPEN: { description: '待处理 (raised, not yet resolved)' },
    MERGED: { description: '已合并 (resolved by merging the records into a survivor; history kept)' },
    DISMISSED: { description: '已排除 (resolved as not a duplicate, with a reason)' },
  },
});

@ObjectType({ description: 'One record named by an identity review (疑似重复证据), as it stood when the review was raised.' })
export class IdentityEvidence {
  householdKey!: number;
  memberKey!: number;

  @Field(() => ID, { description: 'Global ID of the household (户) the member was recorded in.' })
  get householdId(): string {
    return toGlobalId('Household', this.householdKey);
  }

  @Field({ description: 'Household number (户编号).' })
  householdNo!: string;

  @Field(() => ID, { description: 'Global ID of the member (家庭成员).' })
  get memberId(): string {
    return toGlobalId('Member', this.memberKey);
  }

  @Field({ description: 'Name (姓名).' })
  name!: string;

  @PersonalData('ID_NUMBER')
  @Field(() => IdNumberScalar, { description: 'ID number on record (身份证号码).' })
  idNumber!: string;

  @Field(() => LocalDateScalar, { nullable: true, description: 'Birth date (出生日期) from the ID number; null when it encodes no real date.' })
  birthDate!: string | null;

  @Field(() => Relation, { description: 'Relation to the head of household (与户主关系).' })
  relation!: Relation;

  @Field({ description: 'Code of the department that registered the member (登记部门), e.g. POVERTY.' })
  departmentCode!: string;

  @Field({ description: "The member's record id in that department's system (来源记录号)." })
  sourceRecordId!: string;

  @Field(() => RegionCodeScalar, { description: 'Village code (村行政区划代码) of the household.' })
  regionCode!: string;
}

@ObjectType({
  implements: Node,
  description:
    'A suspected duplicate person or household (疑似重复), raised with its evidence. It is never merged silently: ' +
    'a person resolves it by merging the records into a survivor (history kept) or dismissing it with a reason.',
})
export class IdentityReview extends Node {
  static readonly typename = 'IdentityReview';
  id!: number;
  regionCode!: string;
  householdIds!: number[];
  memberIds!: number[];
  evidence!: Prisma.JsonValue;
  survivorHouseholdId!: number | null;
  survivorMemberId!: number | null;

  get nodeKey() {
    return this.id;
  }

  get evidenceEntries(): IdentityEvidenceEntry[] {
    return Array.isArray(this.evidence) ? (this.evidence as unknown as IdentityEvidenceEntry[]) : [];
  }

  @Field(() => IdentityReviewKind, { description: 'Why the records are suspected duplicates (疑似重复类型).' })
  kind!: IdentityReviewKind;

  @Field(() => IdentityReviewStatus, { description: 'Where the review stands (处理状态).' })
  status!: IdentityReviewStatus;

  @Field(() => [IdentityEvidence], { name: 'evidence', description: 'Every member involved (证据), by household number then member.' })
  get evidenceList(): IdentityEvidence[] {
    return this.evidenceEntries.map(({ householdId, memberId, ...rest }) =>
      Object.assign(new IdentityEvidence(), rest, { householdKey: householdId, memberKey: memberId }),
    );
  }

  @PersonalData('ID_NUMBERS_IN_TEXT')
  @Field({ description: 'Plain explanation in English (英文说明), e.g. "ID number … is on record in households … and …".' })
  get explanation(): string {
    return explain(this.kind, this.evidenceEntries, this.regionCode).en;
  }

  @PersonalData('ID_NUMBERS_IN_TEXT')
  @Field({ description: 'Plain explanation in Chinese (说明), e.g. “身份证号 … 同时登记在 …、… 两户”.' })
  get explanationZh(): string {
    return explain(this.kind, this.evidenceEntries, this.regionCode).zh;
  }

  @Field({ description: 'When the review was raised (发现时间).' })
  raisedAt!: Date;

  @Field(() => Date, { nullable: true, description: 'When it was merged or dismissed (处理时间); null while open.' })
  resolvedAt!: Date | null;

  @Field(() => String, { nullable: true, description: 'Who resolved it (处理人); null while open.' })
  resolvedBy!: string | null;

  @Field(() => String, { nullable: true, description: 'Why it was merged or dismissed (处理理由); null while open.' })
  resolutionReason!: string | null;
}

@InputType({ description: 'Which identity reviews to list (疑似重复筛选).' })
export class IdentityReviewFilter {
  @Field(() => IdentityReviewStatus, { nullable: true, description: 'Only reviews in this status (处理状态), e.g. OPEN.' })
  status?: IdentityReviewStatus | null;

  @Field(() => IdentityReviewKind, { nullable: true, description: 'Only reviews of this kind (疑似重复类型).' })
  kind?: IdentityReviewKind | null;

  @Field(() => RegionCodeScalar, { nullable: true, description: 'Only reviews in this county, township or village (行政区划代码).' })
  regionCode?: string | null;

  @Field(() => ID, { nullable: true, description: 'Only reviews naming this household (户), by its global ID.' })
  householdId?: string | null;
}

export const IdentityReviewConnection = ConnectionType(IdentityReview, 'IdentityReview', 'A page of identity reviews (疑似重复列表).');

@ObjectType({ description: 'The result of resolving an identity review (处理结果): the review as it now stands, or why the input was refused.' })
export class IdentityReviewPayload {
  @Field(() => IdentityReview, { nullable: true, description: 'The review after the change; null when the input was refused.' })
  review!: IdentityReview | null;

  @Field(() => [UserError], { description: 'Why the input was refused (输入错误); empty on success.' })
  userErrors!: UserError[];
}
