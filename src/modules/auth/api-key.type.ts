import { Field, GraphQLISODateTime, ID, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import { ApiKeyRole, AuditAction } from '../../generated/prisma/enums';
import { ConnectionType } from '../../graphql/relay/connection';
import { Node } from '../../graphql/relay/node';
import { RegionCodeScalar } from '../../graphql/scalars/region-code.scalar';
import { UserError } from '../../graphql/user-error.type';
import { PERSONAL_DATA_CATEGORIES, type PersonalDataCategory } from './access';

registerEnumType(ApiKeyRole, {
  name: 'ApiKeyRole',
  description: 'Who a key speaks for (角色).',
  valuesConfig: {
    ADMIN: { description: '管理员: manages keys, departments, programs, rules and catalogues; reads the audit log.' },
    DEPARTMENT: { description: '部门系统: a department system; delivers its own department’s records and reads within its region.' },
    OFFICIAL: { description: '工作人员: an official; reads households within a village, township or county and settles identity reviews there.' },
    AUDITOR: { description: '审计人员: an auditor; reads within its region and works 多策合一 findings.' },
  },
});

/** The GraphQL enum is built from the domain's list, so the two cannot drift apart. */
const PersonalDataCategoryEnum = Object.fromEntries(PERSONAL_DATA_CATEGORIES.map((category) => [category, category])) as { [C in PersonalDataCategory]: C };

registerEnumType(PersonalDataCategoryEnum, {
  name: 'PersonalDataCategory',
  description: 'A category of personal data (个人敏感信息), masked unless a key holds its scope.',
  valuesConfig: {
    ID_NUMBER: { description: '身份证号: shown as the first 6 and last 4 characters otherwise.' },
    BANK_CARD: { description: '银行卡号: shown as its last 4 digits otherwise.' },
    HEALTH: { description: '健康状况: null otherwise (unless the hub is configured not to protect it).' },
    INCOME: { description: '收入: per-capita income null otherwise (unless the hub is configured not to protect it).' },
  },
});

registerEnumType(AuditAction, {
  name: 'AuditAction',
  description: 'What an audit entry records (审计事项).',
  valuesConfig: {
    READ_PERSONAL_DATA: { description: '查看个人敏感信息: a read of unmasked personal data.' },
    INGEST: { description: '数据报送: records written by the ingest mutation.' },
    IMPORT_FILE: { description: '文件导入: records written by the import command.' },
    MERGE_IDENTITY_REVIEW: { description: '合并疑似重复: an identity review settled by merging.' },
    DISMISS_IDENTITY_REVIEW: { description: '排除疑似重复: an identity review dismissed.' },
    CREATE_API_KEY: { description: '创建密钥: an API key created.' },
    REVOKE_API_KEY: { description: '吊销密钥: an API key revoked.' },
    WORK_FINDING: { description: '处理核查发现: a 多策合一 finding confirmed, dismissed, recovered, assigned or commented on.' },
    EDIT_POLICY_RULE: { description: '修订规则: a 多策合一 rule created or revised.' },
    DETECT_FINDINGS: { description: '规则核查: findings raised, updated, reopened or closed by a detection run for the household.' },
    CHANGE_HOUSEHOLD_STATUS: { description: '状态变更: a household status change recorded (识别、帮扶、脱贫、监测、返贫、清退), with its evidence.' },
    EDIT_ARCHIVE_CATALOGUE: { description: '修订档案目录: an archive catalogue version added.' },
    EDIT_ARCHIVE_SETTING: { description: '修订核查参数: a poverty line or an archive-check setting added or changed.' },
    ASSESS_ARCHIVES: { description: '档案核查: archives of a region assessed on demand.' },
  },
});

@ObjectType({ implements: Node, description: 'An API key (访问密钥): whose it is, what it may do and where. The secret itself is never shown again after creation.' })
export class ApiKey extends Node {
  static readonly typename = 'ApiKey';
  id!: number;
  departmentId!: number | null;

  get nodeKey() {
    return this.id;
  }

  @Field({ description: 'Whose key it is (名称), e.g. "民政局低保系统" or "张三 (审计局)".' })
  name!: string;

  @Field(() => ApiKeyRole, { description: 'Role (角色).' })
  role!: ApiKeyRole;

  @Field(() => RegionCodeScalar, { nullable: true, description: 'Region the key reads (可查看区域): a county, township or village; null for the whole hub.' })
  regionCode!: string | null;

  @Field(() => [PersonalDataCategoryEnum], { description: 'Personal data the key sees unmasked (可查看的个人敏感信息).' })
  personalData!: PersonalDataCategory[];

  @Field({ description: 'The first characters of the secret (密钥前缀), to tell keys apart.' })
  prefix!: string;

  @Field(() => Int, { nullable: true, description: 'Requests per minute allowed (每分钟请求上限); null for the hub’s default.' })
  rateLimitPerMinute!: number | null;

  @Field(() => GraphQLISODateTime, { description: 'When it was created (创建时间).' })
  createdAt!: Date;

  @Field({ description: 'Who created it (创建人).' })
  createdBy!: string;

  @Field(() => GraphQLISODateTime, { nullable: true, description: 'When it stops working (到期时间); null for never.' })
  expiresAt!: Date | null;

  @Field(() => GraphQLISODateTime, { nullable: true, description: 'When it was revoked (吊销时间); null while valid.' })
  revokedAt!: Date | null;

  @Field(() => String, { nullable: true, description: 'Who revoked it (吊销人).' })
  revokedBy!: string | null;

  @Field(() => String, { nullable: true, description: 'Why it was revoked (吊销原因).' })
  revocationReason!: string | null;

  @Field(() => GraphQLISODateTime, { nullable: true, description: 'When it was last used, to the minute (最近使用时间).' })
  lastUsedAt!: Date | null;
}

export const ApiKeyConnection = ConnectionType(ApiKey, 'ApiKey', 'A page of API keys, oldest first.');

@ObjectType({ description: 'The key making this request (当前密钥): what it may do and see.' })
export class ViewerInfo {
  @Field({ description: 'Whose key it is (名称).' })
  name!: string;

  @Field(() => ApiKeyRole, { description: 'Role (角色).' })
  role!: ApiKeyRole;

  @Field(() => String, { nullable: true, description: 'Department a DEPARTMENT key writes for (所属部门代码).' })
  department!: string | null;

  @Field(() => RegionCodeScalar, { nullable: true, description: 'Region it reads (可查看区域); null for the whole hub.' })
  regionCode!: string | null;

  @Field(() => [PersonalDataCategoryEnum], { description: 'Personal data it sees unmasked.' })
  personalData!: PersonalDataCategory[];

  @Field(() => [String], { description: 'Permissions its role grants (权限), e.g. READ_HOUSEHOLDS, INGEST.' })
  permissions!: string[];

  @Field(() => Int, { description: 'Requests per minute it may make (每分钟请求上限).' })
  rateLimitPerMinute!: number;
}

@InputType({ description: 'A new API key (新建密钥).' })
export class CreateApiKeyInput {
  @Field({ description: 'Whose key it is: a system or a person, with their organisation.' })
  name!: string;

  @Field(() => ApiKeyRole, { description: 'Role (角色).' })
  role!: ApiKeyRole;

  @Field(() => String, { nullable: true, description: 'For a DEPARTMENT key: the department code it writes for, e.g. CIVIL_AFFAIRS.' })
  department?: string | null;

  @Field(() => String, { nullable: true, description: 'Region it may read: a 12-digit county, township or village code; omit for the whole hub.' })
  regionCode?: string | null;

  @Field(() => [PersonalDataCategoryEnum], { nullable: true, description: 'Personal data it may see unmasked; omit for none.' })
  personalData?: PersonalDataCategory[] | null;

  @Field(() => Int, { nullable: true, description: 'Requests per minute; omit for the hub’s default.' })
  rateLimitPerMinute?: number | null;

  @Field(() => String, { nullable: true, description: 'Last day it works (YYYY-MM-DD, China time); omit for no expiry.' })
  expiresOn?: string | null;
}

@ObjectType({ description: 'The created key. Store `secret` now: the hub keeps only its hash and cannot show it again.' })
export class CreateApiKeyPayload {
  @Field(() => ApiKey, { nullable: true, description: 'The key; null when it was refused (see userErrors).' })
  apiKey!: ApiKey | null;

  @Field(() => String, { nullable: true, description: 'The secret to send as `Authorization: Bearer <secret>` (shown once).' })
  secret!: string | null;

  @Field(() => [UserError], { description: 'Why the key was not created, naming the input field.' })
  userErrors!: UserError[];
}

@InputType({ description: 'Revoke a key (吊销密钥), e.g. one that leaked.' })
export class RevokeApiKeyInput {
  @Field(() => ID, { description: 'Global ID of the key.' })
  id!: string;

  @Field({ description: 'Why it is revoked (吊销原因), e.g. "posted in a group chat".' })
  reason!: string;
}

@ObjectType({ description: 'The revoked key; requests presenting it are refused from now on.' })
export class RevokeApiKeyPayload {
  @Field(() => ApiKey, { nullable: true, description: 'The key, now revoked; null when refused (see userErrors).' })
  apiKey!: ApiKey | null;

  @Field(() => [UserError], { description: 'Why the key was not revoked, naming the input field.' })
  userErrors!: UserError[];
}

@ObjectType({ description: 'One entry of the append-only audit log (审计日志): who did or saw what, when, for which household.' })
export class AuditEntry {
  id!: bigint;
  householdKey!: number | null;
  apiKeyKey!: number | null;

  @Field(() => GraphQLISODateTime, { description: 'When (时间).' })
  occurredAt!: Date;

  @Field(() => AuditAction, { description: 'What (事项).' })
  action!: AuditAction;

  @Field({ description: 'Who: the key’s name, or cli:<user> for the command line (操作人).' })
  actor!: string;

  @Field(() => ID, { nullable: true, description: 'Global ID of the key used; null for the command line.' })
  apiKeyId!: string | null;

  @Field(() => String, { nullable: true, description: 'Request id (请求编号), as in the X-Request-Id response header.' })
  requestId!: string | null;

  @Field(() => String, { nullable: true, description: 'GraphQL operation name, or the command.' })
  operation!: string | null;

  @Field(() => ID, { nullable: true, description: 'Global ID of the household concerned (农户); null when none.' })
  householdId!: string | null;

  @Field(() => String, { nullable: true, description: 'Household number (户编号) of the household concerned.' })
  householdNo!: string | null;

  @Field(() => [String], { description: 'Fields read or written (字段), e.g. Member.idNumber or SUBSIDY.amount.' })
  fields!: string[];

  @Field(() => String, { nullable: true, description: 'More, as JSON text: the delivery, the review, the key concerned.' })
  detail!: string | null;
}

export const AuditEntryConnection = ConnectionType(AuditEntry, 'AuditEntry', 'A page of audit entries, newest first.');

@InputType({ description: 'Which audit entries to list.' })
export class AuditLogFilter {
  @Field(() => AuditAction, { nullable: true, description: 'Only this action.' })
  action?: AuditAction | null;

  @Field(() => String, { nullable: true, description: 'Only entries about this household number (户编号).' })
  householdNo?: string | null;

  @Field(() => ID, { nullable: true, description: 'Only entries made with this key (global ID).' })
  apiKeyId?: string | null;

  @Field(() => String, { nullable: true, description: 'Only entries of this request id.' })
  requestId?: string | null;
}
