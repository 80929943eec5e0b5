import { createHash, randomBytes } from 'node:crypto';
import { chinaToday } from '../../domain/id-number';
import { InvalidRegionCodeError, parseRegionCode, regionLevel } from '../../domain/region-code';
import { ApiKeyRole, isPersonalDataCategory, PERSONAL_DATA_CATEGORIES, type PersonalDataCategory } from './access';

export const KEY_PREFIX = 'hub_';
/** How much of a secret listings show, to tell keys apart. */
const SHOWN_PREFIX_LENGTH = 12;

/**
 * A new secret: 32 random bytes. With that much entropy a fast hash is enough (no one can guess
 * their way to a preimage), and it lets a request find its key by the hash alone.
 */
export function generateSecret(): string {
  return `${KEY_PREFIX}${randomBytes(32).toString('base64url')}`;
}

export function hashSecret(secret: string): string {
  return createHash('sha256').update(secret, 'utf8').digest('hex');
}

export function shownPrefix(secret: string): string {
  return secret.slice(0, SHOWN_PREFIX_LENGTH);
}

/** The key from an `Authorization: Bearer <key>` header, or null when there is none or it is malformed. */
export function bearerKey(header: string | undefined): string | null {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header ?? '');
  return match && match[1].startsWith(KEY_PREFIX) && match[1].length <= 200 ? match[1] : null;
}

export interface ApiKeySpecInput {
  name: string;
  role: string;
  department?: string | null;
  regionCode?: string | null;
  personalData?: readonly string[] | null;
  rateLimitPerMinute?: number | null;
  expiresOn?: string | null;
}

export interface ApiKeySpec {
  name: string;
  role: ApiKeyRole;
  departmentCode: string | null;
  regionCode: string | null;
  personalData: PersonalDataCategory[];
  rateLimitPerMinute: number | null;
  expiresAt: Date | null;
}

export interface SpecProblem {
  field: string;
  /** Stable code, e.g. REQUIRED, INVALID_VALUE, UNKNOWN_DEPARTMENT, UNKNOWN_REGION, INVALID_DATE. */
  code: string;
  message: string;
  messageZh: string;
}

export interface KnownReferences {
  departmentCodes: ReadonlySet<string>;
  regionExists(code: string): boolean;
}

const ROLES = Object.values(ApiKeyRole) as string[];

/** Checks a key request; every problem names its field, in English and Chinese. */
export function checkApiKeySpec(input: ApiKeySpecInput, known: KnownReferences, today: Date = new Date()): { spec: ApiKeySpec } | { problems: SpecProblem[] } {
  const problems: SpecProblem[] = [];
  const problem = (field: string, code: string, message: string, messageZh: string) => problems.push({ field, code, message, messageZh });

  const name = input.name.trim();
  if (name.length === 0 || name.length > 100) problem('name', 'REQUIRED', 'give the key a name of 1 to 100 characters, saying whose it is', '密钥名称须为 1 至 100 个字符，写明持有人');

  const role = input.role.trim().toUpperCase();
  if (!ROLES.includes(role)) problem('role', 'INVALID_VALUE', `"${input.role}" is not a role; roles: ${ROLES.join(', ')}`, `角色"${input.role}"无效，可选：${ROLES.join('、')}`);

  const departmentCode = input.department?.trim().toUpperCase() || null;
  if (role === 'DEPARTMENT' && departmentCode === null) problem('department', 'REQUIRED', 'a DEPARTMENT key needs the department it writes for', '部门系统密钥必须指定所属部门');
  if (role !== 'DEPARTMENT' && departmentCode !== null && ROLES.includes(role)) problem('department', 'INVALID_VALUE', `only DEPARTMENT keys belong to a department, not ${role}`, `只有部门系统密钥可以指定部门`);
  if (departmentCode !== null && !known.departmentCodes.has(departmentCode)) {
    problem('department', 'UNKNOWN_DEPARTMENT', `no department with code "${departmentCode}"; departments: ${[...known.departmentCodes].join(', ')}`, `部门代码"${departmentCode}"不存在`);
  }

  let regionCode: string | null = null;
  if (input.regionCode?.trim()) {
    try {
      regionCode = parseRegionCode(input.regionCode);
      const level = regionLevel(regionCode);
      if (!['COUNTY', 'TOWNSHIP', 'VILLAGE'].includes(level)) problem('regionCode', 'INVALID_VALUE', `a key's region is a county, township or village, not a ${level.toLowerCase()}`, '密钥的区域须为县、乡镇或村');
      else if (!known.regionExists(regionCode)) problem('regionCode', 'UNKNOWN_REGION', `no region with code ${regionCode} is registered`, `区划代码 ${regionCode} 未登记`);
    } catch (error) {
      if (!(error instanceof InvalidRegionCodeError)) throw error;
      problem('regionCode', 'INVALID_REGION_CODE', error.message, `区划代码"${input.regionCode}"格式错误，应为 12 位数字`);
    }
  }

  const personalData: PersonalDataCategory[] = [];
  for (const raw of input.personalData ?? []) {
    const category = raw.trim().toUpperCase();
    if (isPersonalDataCategory(category)) {
      if (!personalData.includes(category)) personalData.push(category);
    } else {
      problem('personalData', 'INVALID_VALUE', `"${raw}" is not a personal-data category; categories: ${PERSONAL_DATA_CATEGORIES.join(', ')}`, `个人信息类别"${raw}"无效`);
    }
  }

  const rateLimitPerMinute = input.rateLimitPerMinute ?? null;
  if (rateLimitPerMinute !== null && (!Number.isInteger(rateLimitPerMinute) || rateLimitPerMinute < 1 || rateLimitPerMinute > 100_000)) {
    problem('rateLimitPerMinute', 'INVALID_VALUE', `must be a whole number from 1 to 100000, got ${rateLimitPerMinute}`, '每分钟请求上限须为 1 至 100000 的整数');
  }

  let expiresAt: Date | null = null;
  if (input.expiresOn?.trim()) {
    const value = input.expiresOn.trim();
    expiresAt = /^\d{4}-\d{2}-\d{2}$/.test(value) ? new Date(`${value}T00:00:00+08:00`) : null;
    // new Date() rolls 2026-02-30 over into March; the round trip through the calendar catches it.
    if (expiresAt === null || Number.isNaN(expiresAt.getTime()) || chinaToday(expiresAt) !== value) {
      problem('expiresOn', 'INVALID_DATE', `"${value}" is not a date (YYYY-MM-DD)`, `"${value}"不是有效日期（YYYY-MM-DD）`);
      expiresAt = null;
    } else if (expiresAt.getTime() <= today.getTime()) {
      problem('expiresOn', 'INVALID_DATE', `${value} is not in the future`, `到期日 ${value} 须晚于今天`);
    }
  }

  if (problems.length > 0) return { problems };
  return { spec: { name, role: role as ApiKeyRole, departmentCode, regionCode, personalData, rateLimitPerMinute, expiresAt } };
}
