import { InvalidIdNumberError, parseIdNumber } from '../../domain/id-number';
import { InvalidRegionCodeError, parseRegionCode } from '../../domain/region-code';
import { FOUR_LOOKS_ITEMS, INCOME_COMPONENT_PARTS, type FourLooksScores, type IncomeComponents } from '../archive-review/archive-facts';
import type {
  ArchiveDocumentRecord,
  BankCardRecord,
  BankPaymentRecord,
  FourLooksScoresRecord,
  HouseholdRecord,
  IncomeComponentsRecord,
  MemberRecord,
  RecordType,
  SubsidyRecord,
} from './ingest-records';

/**
 * Checks on one delivered record that need no database: shape, text, ID numbers, dates, amounts
 * and code lists. Each check names the field and gives a stable code with the reason in English
 * and Chinese, so a sending system can fix the record and a clerk can read why.
 */

export type RejectionCode =
  | 'REQUIRED'
  | 'TOO_LONG'
  | 'CONTROL_CHARACTER'
  | 'INVALID_ID_NUMBER'
  | 'INVALID_DATE'
  | 'INVALID_AMOUNT'
  | 'END_BEFORE_START'
  | 'INVALID_VALUE'
  | 'INVALID_REGION_CODE'
  | 'DUPLICATE_IN_BATCH'
  | 'UNKNOWN_REGION'
  | 'UNKNOWN_PROGRAM'
  | 'PROGRAM_OF_ANOTHER_DEPARTMENT'
  | 'UNKNOWN_DOCUMENT_TYPE'
  | 'UNKNOWN_HOUSEHOLD'
  | 'UNKNOWN_BENEFICIARY'
  | 'AMBIGUOUS_IDENTITY'
  | 'HOUSEHOLD_MISMATCH'
  | 'MERGED_RECORD'
  | 'INVALID_CARD_NUMBER'
  | 'HOLDER_NOT_A_MEMBER'
  | 'PAYMENT_REFERENCE_IN_USE'
  | 'WRITE_FAILED';

export interface Rejection {
  field: string;
  code: RejectionCode;
  message: string;
  messageZh: string;
}

export class RecordRejected extends Error {
  constructor(readonly rejection: Rejection) {
    super(rejection.message);
  }
}

/** Refuses the record being checked; the message always names the field at fault. */
export function reject(field: string, code: RejectionCode, message: string, messageZh: string): never {
  const named = message.includes(field) ? message : `${field}: ${message}`;
  throw new RecordRejected({ field, code, message: named, messageZh });
}

/** Longest text a field may carry; an ID or code is far shorter, a title or note is a line. */
export const MAX_TEXT_LENGTH = 500;
const MAX_KEY_LENGTH = 200;
// eslint-disable-next-line no-control-regex
const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/;

/** Trimmed text, or null when absent or blank. */
export function optionalText(field: string, value: string | null | undefined, maxLength = MAX_TEXT_LENGTH): string | null {
  if (value === null || value === undefined) return null;
  if (typeof value !== 'string') reject(field, 'INVALID_VALUE', `${field} must be text`, `${field} 必须是文本`);
  if (value.length > maxLength) {
    reject(field, 'TOO_LONG', `${field} is ${value.length} characters long; at most ${maxLength} are allowed`, `${field} 长度为 ${value.length} 个字符，超过上限 ${maxLength}`);
  }
  if (CONTROL_CHARACTERS.test(value)) {
    const at = value.search(CONTROL_CHARACTERS);
    const code = value.charCodeAt(at).toString(16).padStart(4, '0');
    reject(field, 'CONTROL_CHARACTER', `${field} contains the control character U+${code} at position ${at + 1}`, `${field} 第 ${at + 1} 个字符为控制字符 U+${code}`);
  }
  const trimmed = value.trim();
  return trimmed === '' ? null : trimmed;
}

export function requiredText(field: string, value: string | null | undefined, maxLength = MAX_TEXT_LENGTH): string {
  const text = optionalText(field, value, maxLength);
  if (text === null) reject(field, 'REQUIRED', `${field} is required`, `${field} 为必填项`);
  return text;
}

export function sourceRecordIdOf(value: string | null | undefined): string {
  return requiredText('sourceRecordId', value, MAX_KEY_LENGTH);
}

export function idNumberOf(field: string, value: string | null | undefined, today: string): string | null {
  const text = optionalText(field, value, 64);
  if (text === null) return null;
  try {
    return parseIdNumber(text, today).idNumber;
  } catch (error) {
    if (!(error instanceof InvalidIdNumberError)) throw error;
    return reject(field, 'INVALID_ID_NUMBER', `${field}: ${error.message}`, `${field} 身份证号码“${text}”无效：${error.reason}`);
  }
}

function isRealDate(text: string): boolean {
  const [year, month, day] = text.split('-').map(Number);
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

/** A calendar date YYYY-MM-DD between 1900 and 2100. */
export function dateOf(field: string, value: string | null | undefined): string | null {
  const text = optionalText(field, value, 64);
  if (text === null) return null;
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text) || !isRealDate(text) || text < '1900-01-01' || text > '2100-12-31') {
    reject(field, 'INVALID_DATE', `${field} "${text}" is not a calendar date YYYY-MM-DD between 1900 and 2100`, `${field}“${text}”不是有效日期（YYYY-MM-DD，1900–2100 年）`);
  }
  return text;
}

export function requiredDate(field: string, value: string | null | undefined): string {
  const date = dateOf(field, value);
  if (date === null) reject(field, 'REQUIRED', `${field} is required`, `${field} 为必填项`);
  return date;
}

/** Decimal yuan, not negative, at most two decimals, below a trillion: kept as text, never a float. */
export function amountOf(field: string, value: string | null | undefined, required: boolean): string | null {
  const text = optionalText(field, value, 64);
  if (text === null) {
    if (required) reject(field, 'REQUIRED', `${field} is required`, `${field} 为必填项`);
    return null;
  }
  if (/^-/.test(text)) reject(field, 'INVALID_AMOUNT', `${field} ${text} is negative`, `${field} ${text} 为负数`);
  const match = /^(\d{1,12})(?:\.(\d+))?$/.exec(text);
  if (!match) reject(field, 'INVALID_AMOUNT', `${field} "${text}" is not an amount in yuan such as 1860.00`, `${field}“${text}”不是金额（元），例如 1860.00`);
  if ((match[2] ?? '').length > 2) {
    reject(field, 'INVALID_AMOUNT', `${field} ${text} has more than two decimals (fen)`, `${field} ${text} 小数超过两位（分）`);
  }
  return `${BigInt(match[1])}.${(match[2] ?? '').padEnd(2, '0')}`;
}

/** A score from 0 to 100 with at most two decimals, as text with two decimals ("61.50"). */
export function scoreOf(field: string, value: string | null | undefined, required: boolean): string | null {
  const text = optionalText(field, value, 64);
  if (text === null) {
    if (required) reject(field, 'REQUIRED', `${field} is required`, `${field} 为必填项`);
    return null;
  }
  const match = /^(\d{1,3})(?:\.(\d{1,2}))?$/.exec(text);
  const hundredths = match ? Number(match[1]) * 100 + Number((match[2] ?? '').padEnd(2, '0')) : -1;
  if (hundredths < 0 || hundredths > 100_00) {
    reject(field, 'INVALID_VALUE', `${field} "${text}" is not a score from 0 to 100 with at most two decimals`, `${field}“${text}”不是 0–100 之间、最多两位小数的分数`);
  }
  return `${Math.floor(hundredths / 100)}.${String(hundredths % 100).padStart(2, '0')}`;
}

/** A nested object of a record; anything else (a string, a list) is refused by its field name. */
function partsOf<T extends object>(field: string, value: T | null | undefined): T | null {
  if (value === null || value === undefined) return null;
  if (typeof value !== 'object' || Array.isArray(value)) reject(field, 'INVALID_VALUE', `${field} must be an object`, `${field} 必须是对象`);
  return value;
}

export function incomeComponentsOf(value: IncomeComponentsRecord | null | undefined): IncomeComponents | null {
  const parts = partsOf('incomeComponents', value);
  if (parts === null) return null;
  const amount = (part: (typeof INCOME_COMPONENT_PARTS)[number]) => amountOf(`incomeComponents.${part}`, parts[part], true)!;
  return { wage: amount('wage'), operating: amount('operating'), property: amount('property'), transfer: amount('transfer'), productionCosts: amount('productionCosts') };
}

export function fourLooksScoresOf(value: FourLooksScoresRecord | null | undefined): FourLooksScores | null {
  const parts = partsOf('fourLooksScores', value);
  if (parts === null) return null;
  const score = (item: (typeof FOUR_LOOKS_ITEMS)[number]) => scoreOf(`fourLooksScores.${item}`, parts[item], true)!;
  return { house: score('house'), grain: score('grain'), labour: score('labour'), student: score('student') };
}

export function countOf(field: string, value: number | null | undefined, max = 1000): number | null {
  if (value === null || value === undefined) return null;
  if (!Number.isInteger(value) || value < 0 || value > max) {
    reject(field, 'INVALID_VALUE', `${field} ${value} must be a whole number from 0 to ${max}`, `${field} ${value} 应为 0 到 ${max} 之间的整数`);
  }
  return value;
}

export function regionCodeOf(field: string, value: string | null | undefined): string | null {
  const text = optionalText(field, value, 64);
  if (text === null) return null;
  try {
    return parseRegionCode(text);
  } catch (error) {
    if (!(error instanceof InvalidRegionCodeError)) throw error;
    return reject(field, 'INVALID_REGION_CODE', error.message, `${field}“${text}”不是 12 位行政区划代码`);
  }
}

/** An enum value by its code or by the Chinese label departments write in their sheets. */
export function choiceOf<T extends string>(field: string, value: string | null | undefined, labels: Record<T, string[]>): T | null {
  const text = optionalText(field, value, 64);
  if (text === null) return null;
  for (const [code, names] of Object.entries(labels) as [T, string[]][]) {
    if (text.toUpperCase() === code || names.includes(text)) return code;
  }
  const allowed = (Object.entries(labels) as [T, string[]][]).map(([code, names]) => `${code} (${names.join('/')})`).join(', ');
  return reject(field, 'INVALID_VALUE', `${field} "${text}" is not one of ${allowed}`, `${field}“${text}”不在可选值中：${allowed}`);
}

export const POVERTY_TYPES = {
  GENERAL: ['一般贫困户', '一般户'],
  MINIMUM_ALLOWANCE: ['低保贫困户', '低保户'],
  EXTREME_POVERTY: ['特困供养贫困户', '特困户', '五保户', '五保贫困户'],
} as const satisfies Record<string, string[]>;

export const HOUSEHOLD_STATUSES = {
  IDENTIFIED: ['识别', '已识别'],
  ASSISTED: ['帮扶中', '未脱贫'],
  EXITED: ['已脱贫', '退出', '脱贫'],
  MONITORED: ['监测', '监测户'],
  RETURNED_TO_POVERTY: ['返贫'],
  REMOVED: ['清退'],
} as const satisfies Record<string, string[]>;

export const RELATIONS = {
  HEAD: ['户主', '本人'],
  SPOUSE: ['配偶', '妻', '夫'],
  CHILD: ['子女', '之子', '之女', '儿子', '女儿', '子', '女'],
  CHILD_IN_LAW: ['儿媳', '女婿'],
  GRANDCHILD: ['孙子', '孙女', '孙子女', '外孙', '外孙女'],
  PARENT: ['父母', '父亲', '母亲'],
  GRANDPARENT: ['祖父母', '祖父', '祖母', '外祖父母'],
  SIBLING: ['兄弟姐妹', '兄', '弟', '姐', '妹'],
  OTHER: ['其他'],
} as const satisfies Record<string, string[]>;

export const HEALTH_CONDITIONS = {
  HEALTHY: ['健康'],
  CHRONIC_ILLNESS: ['长期慢性病', '慢性病'],
  SERIOUS_ILLNESS: ['患有大病', '大病'],
  DISABLED: ['残疾'],
} as const satisfies Record<string, string[]>;

export const LABOUR_ABILITIES = {
  ORDINARY: ['普通劳动力'],
  SKILLED: ['技能劳动力'],
  LOST: ['丧失劳动力'],
  NONE: ['无劳动力'],
} as const satisfies Record<string, string[]>;

export const SUBSIDY_STATES = {
  APPLIED: ['已申请', '申请'],
  APPROVED: ['已审批', '审批'],
  PAID: ['已发放', '已兑现', '发放'],
  WITHDRAWN: ['已撤销', '撤销', '停发'],
} as const satisfies Record<string, string[]>;

type Choice<T extends Record<string, readonly string[]>> = keyof T & string;

/** Where a record says its household is: by household number, or by a member's ID number. */
export interface HouseholdReference {
  householdNo: string | null;
  memberIdNumber: string | null;
  memberIdField: string;
}

function householdReference(record: { householdNo?: string | null }, memberIdField: string, memberId: string | null | undefined, today: string): HouseholdReference {
  const householdNo = optionalText('householdNo', record.householdNo, 64);
  const memberIdNumber = idNumberOf(memberIdField, memberId, today);
  if (householdNo === null && memberIdNumber === null) {
    reject('householdNo', 'REQUIRED', `give householdNo or ${memberIdField} to say which household the record belongs to`, `须填写户编号或${memberIdField}以确定所属农户`);
  }
  return { householdNo, memberIdNumber, memberIdField };
}

/** The facts of a household record a department states; null means "not stated". */
export interface HouseholdFacts {
  regionCode: string | null;
  villageGroup: string | null;
  povertyType: Choice<typeof POVERTY_TYPES> | null;
  status: Choice<typeof HOUSEHOLD_STATUSES> | null;
  identifiedOn: string | null;
  exitDeadline: string | null;
  causeOfPoverty: string | null;
  familySize: number | null;
  headName: string | null;
  headIdNumber: string | null;
  minimumAllowance: boolean | null;
}

export interface CheckedHousehold {
  sourceRecordId: string;
  householdNo: string;
  /** Township and village names to find the village code by, when the record has no code. */
  regionNames: { township: string; village: string } | null;
  facts: HouseholdFacts;
  /** When the delivered status took effect, if the department says; not a fact of the household itself. */
  statusEffectiveOn: string | null;
}

export function checkHousehold(record: HouseholdRecord, today: string): CheckedHousehold {
  const township = optionalText('townshipName', record.townshipName, 64);
  const village = optionalText('villageName', record.villageName, 64);
  if ((township === null) !== (village === null)) {
    reject(township === null ? 'townshipName' : 'villageName', 'REQUIRED', 'give both townshipName and villageName, or regionCode', '乡镇名称和村名称须同时填写，或填写行政区划代码');
  }
  const status = choiceOf('status', record.status, HOUSEHOLD_STATUSES);
  const statusEffectiveOn = dateOf('statusEffectiveOn', record.statusEffectiveOn);
  if (statusEffectiveOn !== null && status === null) reject('statusEffectiveOn', 'INVALID_VALUE', 'statusEffectiveOn needs the status it dates', '状态生效日期须与状态同时填写');
  if (statusEffectiveOn !== null && statusEffectiveOn > today) {
    reject('statusEffectiveOn', 'INVALID_DATE', `statusEffectiveOn ${statusEffectiveOn} is in the future`, `状态生效日期 ${statusEffectiveOn} 晚于今天`);
  }
  return {
    sourceRecordId: sourceRecordIdOf(record.sourceRecordId),
    householdNo: requiredText('householdNo', record.householdNo, 64),
    regionNames: township === null ? null : { township, village: village! },
    facts: {
      regionCode: regionCodeOf('regionCode', record.regionCode),
      villageGroup: optionalText('villageGroup', record.villageGroup, 64),
      povertyType: choiceOf('povertyType', record.povertyType, POVERTY_TYPES),
      status,
      identifiedOn: dateOf('identifiedOn', record.identifiedOn),
      exitDeadline: dateOf('exitDeadline', record.exitDeadline),
      causeOfPoverty: optionalText('causeOfPoverty', record.causeOfPoverty),
      familySize: countOf('familySize', record.familySize, 100),
      headName: optionalText('headName', record.headName, 100),
      headIdNumber: idNumberOf('headIdNumber', record.headIdNumber, today),
      minimumAllowance: record.minimumAllowance ?? null,
    },
    statusEffectiveOn,
  };
}

export interface MemberFacts {
  name: string;
  relation: Choice<typeof RELATIONS>;
  ethnicity: string | null;
  education: string | null;
  health: Choice<typeof HEALTH_CONDITIONS> | null;
  labourAbility: Choice<typeof LABOUR_ABILITIES> | null;
  migrantWorker: boolean | null;
  student: boolean | null;
  deceasedOn: string | null;
}

export interface CheckedMember {
  sourceRecordId: string;
  household: HouseholdReference;
  idNumber: string;
  facts: MemberFacts;
}

export function checkMember(record: MemberRecord, today: string): CheckedMember {
  const sourceRecordId = sourceRecordIdOf(record.sourceRecordId);
  const idNumber = idNumberOf('idNumber', record.idNumber, today);
  if (idNumber === null) reject('idNumber', 'REQUIRED', 'idNumber is required', '身份证号码为必填项');
  const deceasedOn = dateOf('deceasedOn', record.deceasedOn);
  if (deceasedOn !== null && deceasedOn > today) {
    reject('deceasedOn', 'INVALID_DATE', `deceasedOn ${deceasedOn} is in the future`, `死亡日期 ${deceasedOn} 晚于今天`);
  }
  return {
    sourceRecordId,
    household: householdReference(record, 'householdMemberIdNumber', record.householdMemberIdNumber, today),
    idNumber,
    facts: {
      name: requiredText('name', record.name, 100),
      relation: choiceOf('relation', record.relation, RELATIONS) ?? reject('relation', 'REQUIRED', 'relation is required', '与户主关系为必填项'),
      ethnicity: optionalText('ethnicity', record.ethnicity, 64),
      education: optionalText('education', record.education, 64),
      health: choiceOf('health', record.health, HEALTH_CONDITIONS),
      labourAbility: choiceOf('labourAbility', record.labourAbility, LABOUR_ABILITIES),
      migrantWorker: record.migrantWorker ?? null,
      student: record.student ?? null,
      deceasedOn,
    },
  };
}

export interface CheckedSubsidy {
  sourceRecordId: string;
  household: HouseholdReference;
  programCode: string;
  amount: string;
  startDate: string;
  endDate: string;
  state: Choice<typeof SUBSIDY_STATES>;
  approvedOn: string | null;
  paidOn: string | null;
  bankCardNo: string | null;
  paymentReference: string | null;
}

export function checkSubsidy(record: SubsidyRecord, today: string): CheckedSubsidy {
  const sourceRecordId = sourceRecordIdOf(record.sourceRecordId);
  const household = householdReference(record, 'beneficiaryIdNumber', record.beneficiaryIdNumber, today);
  const programCode = requiredText('programCode', record.programCode, 64);
  const amount = amountOf('amount', record.amount, true)!;
  const startDate = requiredDate('startDate', record.startDate);
  const endDate = requiredDate('endDate', record.endDate);
  if (endDate < startDate) {
    reject('endDate', 'END_BEFORE_START', `endDate ${endDate} is before startDate ${startDate}`, `结束日期 ${endDate} 早于开始日期 ${startDate}`);
  }
  const bankCardNo = optionalText('bankCardNo', record.bankCardNo, 32);
  if (bankCardNo !== null && !/^\d{12,19}$/.test(bankCardNo)) {
    reject('bankCardNo', 'INVALID_VALUE', `bankCardNo "${bankCardNo}" must be 12 to 19 digits`, `银行卡号“${bankCardNo}”应为 12–19 位数字`);
  }
  return {
    sourceRecordId,
    household,
    programCode,
    amount,
    startDate,
    endDate,
    state: choiceOf('state', record.state, SUBSIDY_STATES) ?? 'APPROVED',
    approvedOn: dateOf('approvedOn', record.approvedOn),
    paidOn: dateOf('paidOn', record.paidOn),
    bankCardNo,
    paymentReference: optionalText('paymentReference', record.paymentReference, 64),
  };
}

export interface CheckedDocument {
  sourceRecordId: string;
  household: HouseholdReference;
  typeCode: string;
  title: string | null;
  documentDate: string | null;
  uniformCode: string | null;
  bindingOrder: number | null;
  pageCount: number | null;
  retention: string | null;
  familySize: number | null;
  labourCount: number | null;
  perCapitaIncome: string | null;
  povertyType: Choice<typeof POVERTY_TYPES> | null;
  incomeComponents: IncomeComponents | null;
  fourLooksScores: FourLooksScores | null;
  fourLooksTotal: string | null;
}

export function checkDocument(record: ArchiveDocumentRecord, today: string): CheckedDocument {
  return {
    sourceRecordId: sourceRecordIdOf(record.sourceRecordId),
    household: householdReference(record, 'householdMemberIdNumber', record.householdMemberIdNumber, today),
    typeCode: requiredText('typeCode', record.typeCode, 16).toUpperCase(),
    title: optionalText('title', record.title),
    documentDate: dateOf('documentDate', record.documentDate),
    uniformCode: optionalText('uniformCode', record.uniformCode, 100),
    bindingOrder: countOf('bindingOrder', record.bindingOrder),
    pageCount: countOf('pageCount', record.pageCount, 10_000),
    retention: optionalText('retention', record.retention, 32),
    familySize: countOf('familySize', record.familySize, 100),
    labourCount: countOf('labourCount', record.labourCount, 100),
    perCapitaIncome: amountOf('perCapitaIncome', record.perCapitaIncome, false),
    povertyType: choiceOf('povertyType', record.povertyType, POVERTY_TYPES),
    incomeComponents: incomeComponentsOf(record.incomeComponents),
    fourLooksScores: fourLooksScoresOf(record.fourLooksScores),
    fourLooksTotal: scoreOf('fourLooksTotal', record.fourLooksTotal, false),
  };
}

/**
 * A bank card number (银行卡号): 16 to 19 digits once the spaces and dashes of a printed card are
 * dropped; no Luhn check (real and sample cards fail it). The message never repeats the number:
 * it is personal data and the sending system has it.
 */
export function cardNumberOf(field: string, value: string | null | undefined): string {
  const text = optionalText(field, value, 64);
  if (text === null) reject(field, 'REQUIRED', `${field} is required`, `${field}（银行卡号）为必填项`);
  const digits = text.replace(/[\s-]/g, '');
  if (!/^\d+$/.test(digits)) {
    reject(field, 'INVALID_CARD_NUMBER', `${field} holds characters other than digits, spaces and dashes`, `${field}（银行卡号）含有数字、空格和连字符以外的字符`);
  }
  if (digits.length < 16 || digits.length > 19) {
    reject(field, 'INVALID_CARD_NUMBER', `${field} has ${digits.length} digits; a card number has 16 to 19`, `${field}（银行卡号）为 ${digits.length} 位数字，应为 16–19 位`);
  }
  return digits;
}

export interface CheckedBankCard {
  sourceRecordId: string;
  household: HouseholdReference;
  holderIdNumber: string;
  bankName: string;
  cardNo: string;
  openedOn: string | null;
  closedOn: string | null;
}

export function checkBankCard(record: BankCardRecord, today: string): CheckedBankCard {
  const sourceRecordId = sourceRecordIdOf(record.sourceRecordId);
  const household = householdReference(record, 'householdMemberIdNumber', record.householdMemberIdNumber, today);
  const holderIdNumber = idNumberOf('holderIdNumber', record.holderIdNumber, today);
  if (holderIdNumber === null) reject('holderIdNumber', 'REQUIRED', 'holderIdNumber is required', '持卡人身份证号为必填项');
  const bankName = requiredText('bankName', record.bankName, 100);
  const cardNo = cardNumberOf('cardNo', record.cardNo);
  const openedOn = dateOf('openedOn', record.openedOn);
  const closedOn = dateOf('closedOn', record.closedOn);
  if (openedOn !== null && closedOn !== null && closedOn < openedOn) {
    reject('closedOn', 'END_BEFORE_START', `closedOn ${closedOn} is before openedOn ${openedOn}`, `销户日期 ${closedOn} 早于开户日期 ${openedOn}`);
  }
  return { sourceRecordId, household, holderIdNumber, bankName, cardNo, openedOn, closedOn };
}

export interface CheckedBankPayment {
  sourceRecordId: string;
  cardNo: string;
  holderName: string;
  holderIdNumber: string | null;
  amount: string;
  paidOn: string;
  paymentReference: string | null;
  memo: string;
}

export function checkBankPayment(record: BankPaymentRecord, today: string): CheckedBankPayment {
  const sourceRecordId = sourceRecordIdOf(record.sourceRecordId);
  const cardNo = cardNumberOf('cardNo', record.cardNo);
  const holderName = requiredText('holderName', record.holderName, 100);
  const holderIdNumber = idNumberOf('holderIdNumber', record.holderIdNumber, today);
  const amount = amountOf('amount', record.amount, true)!;
  if (/^0+\.00$/.test(amount)) reject('amount', 'INVALID_AMOUNT', `amount ${amount} must be more than zero`, `金额 ${amount} 应大于零`);
  const paidOn = requiredDate('paidOn', record.paidOn);
  if (paidOn > today) reject('paidOn', 'INVALID_DATE', `paidOn ${paidOn} is in the future`, `交易日期 ${paidOn} 晚于今天`);
  return {
    sourceRecordId,
    cardNo,
    holderName,
    holderIdNumber,
    amount,
    paidOn,
    paymentReference: optionalText('paymentReference', record.paymentReference, 64),
    memo: optionalText('memo', record.memo, 200) ?? '',
  };
}

/**
 * The record types in the order a delivery applies them: households first, so later records can
 * find them; cards before payments, so a payment finds the card delivered with it.
 */
export const RECORD_TYPES: RecordType[] = ['HOUSEHOLD', 'MEMBER', 'DOCUMENT', 'SUBSIDY', 'BANK_CARD', 'BANK_PAYMENT'];
