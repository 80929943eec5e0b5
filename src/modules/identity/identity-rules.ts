/**
 * The parts of identity review (疑似重复) that need no database: subject keys, birth dates from ID
 * numbers, which merges a kind allows, plain explanations, and the errors a resolution can meet.
 */
import { readIdNumber } from '../../domain/id-number';
import type { IdentityReviewKind } from '../../generated/prisma/enums';

/** One member named by a review item, as recorded when the item was raised. */
export interface IdentityEvidenceEntry {
  householdId: number;
  householdNo: string;
  memberId: number;
  name: string;
  idNumber: string;
  /** YYYY-MM-DD, or null when the ID number encodes no real date. */
  birthDate: string | null;
  relation: string;
  /** Code of the department whose record the member row is (e.g. POVERTY). */
  departmentCode: string;
  sourceRecordId: string;
  /** Village code (行政区划代码) of the member's household. */
  regionCode: string;
}

export type SurvivorType = 'Household' | 'Member';

const ascending = (a: number, b: number) => a - b;

/** Distinct ids in ascending order. */
export function sortedIds(ids: Iterable<number>): number[] {
  return [...new Set(ids)].sort(ascending);
}

/**
 * The deterministic key of an item: kind, what the group shares (ID number, or village + name
 * [+ birth date]) and the sorted ids involved. The same group always yields the same key, so
 * re-detection never duplicates an item and a dismissed item stays dismissed; a group that gains
 * or loses a person is a different group and gets a new key.
 */
export function subjectKey(kind: IdentityReviewKind, shared: string, ids: Iterable<number>): string {
  return `${kind}:${shared}:${sortedIds(ids).join(',')}`;
}

/** Birth date (YYYY-MM-DD) encoded in characters 7-14 of an ID number; null when not a real date. */
export function birthDateFromIdNumber(idNumber: string): string | null {
  return readIdNumber(idNumber).birthDate;
}

/** Which records a kind lets a reviewer merge: persons, households, or both. */
export function survivorTypesFor(kind: IdentityReviewKind): SurvivorType[] {
  switch (kind) {
    case 'SAME_ID_NUMBER_IN_TWO_HOUSEHOLDS':
      return ['Household', 'Member'];
    case 'SAME_NAME_AND_BIRTH_DATE_IN_VILLAGE':
      return ['Member'];
    case 'SAME_HEAD_NAME_IN_VILLAGE':
      return ['Household'];
  }
}

function englishList(items: string[]): string {
  return items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}

const CHINESE_COUNTS = ['零', '一', '两', '三', '四', '五', '六', '七', '八', '九', '十'];

function chineseCount(n: number): string {
  return CHINESE_COUNTS[n] ?? String(n);
}

function householdNumbers(evidence: IdentityEvidenceEntry[]): string[] {
  return [...new Set(evidence.map((entry) => entry.householdNo))].sort();
}

/** The plain explanation of an item, in English and in Chinese, from its evidence. */
export function explain(kind: IdentityReviewKind, evidence: IdentityEvidenceEntry[], regionCode: string): { en: string; zh: string } {
  const households = householdNumbers(evidence);
  const first = evidence[0];
  switch (kind) {
    case 'SAME_ID_NUMBER_IN_TWO_HOUSEHOLDS': {
      const idNumber = first?.idNumber ?? '';
      return {
        en: `ID number ${idNumber} is on record in households ${englishList(households)}`,
        zh: `身份证号 ${idNumber} 同时登记在 ${households.join('、')} ${chineseCount(households.length)}户`,
      };
    }
    case 'SAME_NAME_AND_BIRTH_DATE_IN_VILLAGE': {
      const name = first?.name ?? '';
      const birth = first?.birthDate ?? '?';
      const numbers = [...new Set(evidence.map((entry) => entry.idNumber))];
      const who = evidence.map((entry) => `${entry.idNumber} (${entry.householdNo})`);
      const whoZh = evidence.map((entry) => `${entry.idNumber}（${entry.householdNo}户）`);
      return {
        en: `${name}, born ${birth}, is on record in village ${regionCode} under ${numbers.length} different ID numbers: ${englishList(who)}`,
        zh: `村 ${regionCode} 有同名同出生日期（${birth}）的 ${name}，登记了 ${numbers.length} 个不同身份证号：${whoZh.join('、')}`,
      };
    }
    case 'SAME_HEAD_NAME_IN_VILLAGE': {
      const name = first?.name ?? '';
      return {
        en: `The heads of households ${englishList(households)} in village ${regionCode} have the same name, ${name}`,
        zh: `村 ${regionCode} 的 ${households.join('、')} ${chineseCount(households.length)}户户主同名（${name}）`,
      };
    }
  }
}

export type IdentityReviewErrorCode =
  | 'NOT_FOUND'
  | 'NOT_OPEN'
  | 'MERGE_NOT_ALLOWED'
  | 'SURVIVOR_NOT_IN_REVIEW'
  | 'INVALID_ID'
  | 'ALREADY_MERGED'
  | 'REASON_REQUIRED'
  | 'RESOLVED_BY_REQUIRED';

/** A resolution the hub refuses; `field` is the input field at fault, `code` is stable for clients. */
export class IdentityReviewError extends Error {
  constructor(
    readonly code: IdentityReviewErrorCode,
    readonly field: string,
    message: string,
    readonly messageZh: string,
  ) {
    super(message);
    this.name = 'IdentityReviewError';
  }
}

/** Refuses a blank reason or resolver name before anything is read or written. */
export function requireText(value: string | null | undefined, field: 'reason' | 'resolvedBy', reviewId: number): string {
  const text = value?.trim() ?? '';
  if (text !== '') return text;
  return field === 'reason'
    ? fail('REASON_REQUIRED', 'reason', `identity review ${reviewId}: reason must not be empty`, `疑似重复 ${reviewId}：必须填写处理理由`)
    : fail('RESOLVED_BY_REQUIRED', 'resolvedBy', `identity review ${reviewId}: resolvedBy must name who resolves it`, `疑似重复 ${reviewId}：必须填写处理人`);
}

function fail(code: IdentityReviewErrorCode, field: string, message: string, messageZh: string): never {
  throw new IdentityReviewError(code, field, message, messageZh);
}

export const identityReviewErrors = {
  notFound: (reviewId: number | string) =>
    new IdentityReviewError('NOT_FOUND', 'reviewId', `reviewId: no identity review ${reviewId}`, `reviewId：疑似重复 ${reviewId} 不存在`),
  notOpen: (reviewId: number, status: string) =>
    new IdentityReviewError(
      'NOT_OPEN',
      'reviewId',
      `reviewId: identity review ${reviewId} is ${status}; only OPEN reviews can be merged or dismissed`,
      `reviewId：疑似重复 ${reviewId} 已处理（${status}），只有待处理的可以合并或排除`,
    ),
  mergeNotAllowed: (reviewId: number, kind: IdentityReviewKind, type: SurvivorType) =>
    new IdentityReviewError(
      'MERGE_NOT_ALLOWED',
      'survivorId',
      `survivorId: identity review ${reviewId} (${kind}) cannot be resolved by merging ${type === 'Household' ? 'households' : 'members'}; ` +
        `it allows ${survivorTypesFor(kind).map((allowed) => (allowed === 'Household' ? 'a Household' : 'a Member')).join(' or ')} as survivor`,
      `survivorId：疑似重复 ${reviewId}（${kind}）不能合并${type === 'Household' ? '户' : '成员'}`,
    ),
  survivorNotInReview: (reviewId: number, type: SurvivorType, id: number) =>
    new IdentityReviewError(
      'SURVIVOR_NOT_IN_REVIEW',
      'survivorId',
      `survivorId: ${type} ${id} is not one of the ${type === 'Household' ? 'households' : 'members'} of identity review ${reviewId}`,
      `survivorId：${type === 'Household' ? '户' : '成员'} ${id} 不在疑似重复 ${reviewId} 之中`,
    ),
  survivorMerged: (reviewId: number, type: SurvivorType, id: number) =>
    new IdentityReviewError(
      'ALREADY_MERGED',
      'survivorId',
      `survivorId: ${type} ${id} of identity review ${reviewId} has itself been merged into another record`,
      `survivorId：疑似重复 ${reviewId} 中的${type === 'Household' ? '户' : '成员'} ${id} 已被合并到其他记录`,
    ),
  nothingToMerge: (reviewId: number) =>
    new IdentityReviewError(
      'ALREADY_MERGED',
      'reviewId',
      `reviewId: every other record of identity review ${reviewId} has already been merged; dismiss it instead`,
      `reviewId：疑似重复 ${reviewId} 的其他记录均已合并，请改为排除`,
    ),
  invalidId: (field: string, globalId: string, expected: string) =>
    new IdentityReviewError('INVALID_ID', field, `${field}: "${globalId}" is not the ID of ${expected}`, `${field}：“${globalId}”不是有效的${expected} ID`),
};
