import { ApiKeyRole } from '../../generated/prisma/enums';
import { regionPrefix } from '../../domain/region-code';

export { ApiKeyRole };

/** What a root query or mutation needs. Every root field names one (fail-closed at schema build). */
export enum Permission {
  /** Departments, programs, categories, regions: public reference data. */
  READ_REFERENCE = 'READ_REFERENCE',
  /** Households and everything on them, within the key's region. */
  READ_HOUSEHOLDS = 'READ_HOUSEHOLDS',
  /** Deliveries and their rejections (a department key: its own department's only). */
  READ_DELIVERIES = 'READ_DELIVERIES',
  /** Deliver records for the key's own department. */
  INGEST = 'INGEST',
  /** Merge or dismiss identity reviews within the key's region. */
  SETTLE_IDENTITY_REVIEWS = 'SETTLE_IDENTITY_REVIEWS',
  /** Work 多策合一 findings: confirm, dismiss, record recoveries, assign, comment, run a scan. */
  WORK_FINDINGS = 'WORK_FINDINGS',
  /** Create and revise 多策合一 rules. */
  MANAGE_RULES = 'MANAGE_RULES',
  /** Add archive catalogue versions, poverty lines, archive-check and reconciliation settings (dated configuration). */
  MANAGE_CATALOGUES = 'MANAGE_CATALOGUES',
  /** Record a household's status change (识别、帮扶、脱贫、监测、返贫、清退) within the key's region. */
  CHANGE_HOUSEHOLD_STATUS = 'CHANGE_HOUSEHOLD_STATUS',
  /** Re-assess the archives of a region on demand (档案核查). */
  ASSESS_ARCHIVES = 'ASSESS_ARCHIVES',
  /** Create, list and revoke API keys. */
  MANAGE_KEYS = 'MANAGE_KEYS',
  /** Read the audit log. */
  READ_AUDIT_LOG = 'READ_AUDIT_LOG',
  /** Any authenticated key: e.g. `viewer`, which describes the key itself. */
  AUTHENTICATED = 'AUTHENTICATED',
}

/** Which role holds which permission. Separation of duties: admins manage, they do not deliver or settle. */
export const ROLE_PERMISSIONS: Record<ApiKeyRole, ReadonlySet<Permission>> = {
  ADMIN: new Set([Permission.AUTHENTICATED, Permission.READ_REFERENCE, Permission.READ_HOUSEHOLDS, Permission.READ_DELIVERIES, Permission.MANAGE_KEYS, Permission.READ_AUDIT_LOG, Permission.MANAGE_RULES, Permission.MANAGE_CATALOGUES]),
  DEPARTMENT: new Set([Permission.AUTHENTICATED, Permission.READ_REFERENCE, Permission.READ_HOUSEHOLDS, Permission.READ_DELIVERIES, Permission.INGEST]),
  OFFICIAL: new Set([Permission.AUTHENTICATED, Permission.READ_REFERENCE, Permission.READ_HOUSEHOLDS, Permission.SETTLE_IDENTITY_REVIEWS, Permission.CHANGE_HOUSEHOLD_STATUS, Permission.ASSESS_ARCHIVES]),
  AUDITOR: new Set([Permission.AUTHENTICATED, Permission.READ_REFERENCE, Permission.READ_HOUSEHOLDS, Permission.READ_DELIVERIES, Permission.WORK_FINDINGS, Permission.ASSESS_ARCHIVES]),
};

/** Categories of personal data (个人敏感信息) that are masked unless a key holds their scope. */
export const PERSONAL_DATA_CATEGORIES = ['ID_NUMBER', 'BANK_CARD', 'HEALTH', 'INCOME'] as const;
export type PersonalDataCategory = (typeof PERSONAL_DATA_CATEGORIES)[number];
/** Every category: what the hub protects unless configured otherwise. */
export const ALL_PERSONAL_DATA: ReadonlySet<PersonalDataCategory> = new Set(PERSONAL_DATA_CATEGORIES);
/** ID and bank card numbers are always protected; health and income are protected unless configured otherwise. */
export const ALWAYS_PROTECTED: readonly PersonalDataCategory[] = ['ID_NUMBER', 'BANK_CARD'];

export function isPersonalDataCategory(value: string): value is PersonalDataCategory {
  return (PERSONAL_DATA_CATEGORIES as readonly string[]).includes(value);
}

/** The caller of one request, as its API key says. */
export interface Viewer {
  keyId: number;
  name: string;
  role: ApiKeyRole;
  /** The department a DEPARTMENT key writes for. */
  departmentId: number | null;
  departmentCode: string | null;
  /** Region the key reads; null for the whole hub. */
  regionCode: string | null;
  /** Personal-data categories this key sees unmasked. */
  personalData: ReadonlySet<PersonalDataCategory>;
  rateLimitPerMinute: number | null;
}

export function can(viewer: Viewer, permission: Permission): boolean {
  return ROLE_PERMISSIONS[viewer.role].has(permission);
}

/** The prefix every region code inside the viewer's region starts with ('' for the whole hub). */
export function scopePrefix(viewer: Viewer): string {
  return viewer.regionCode === null ? '' : regionPrefix(viewer.regionCode);
}

/** Whether the key reads less than the whole hub. */
export function regionRestricted(viewer: Viewer): boolean {
  return scopePrefix(viewer) !== '';
}

export function seesRegion(viewer: Viewer, regionCode: string): boolean {
  return regionCode.startsWith(scopePrefix(viewer));
}

/** Narrows a requested region filter to the viewer's region; null when the two do not meet. */
export function narrowRegion(viewer: Viewer, requested: string | null | undefined): string | null {
  const own = scopePrefix(viewer);
  if (!requested) return own;
  const asked = regionPrefix(requested);
  if (asked.startsWith(own)) return asked;
  return own.startsWith(asked) ? own : null;
}

/** A department key sees its own department's deliveries; other roles with READ_DELIVERIES see all. */
export function seesDeliveriesOf(viewer: Viewer, departmentId: number): boolean {
  return viewer.role !== 'DEPARTMENT' || viewer.departmentId === departmentId;
}

/** Whether a category is shown to this viewer unmasked, given which categories the hub protects. */
export function seesPersonalData(viewer: Viewer, category: PersonalDataCategory, protectedCategories: ReadonlySet<PersonalDataCategory>): boolean {
  return !protectedCategories.has(category) || viewer.personalData.has(category);
}
