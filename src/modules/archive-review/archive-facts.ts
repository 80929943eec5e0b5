import type { HouseholdStatus, LabourAbility, PovertyType } from '../../generated/prisma/enums';

/**
 * What the archive checks read about one household, as plain data: the database path (a scan,
 * a delivery) and the GraphQL path (the live review) both build this, then call the same functions.
 * Dates are YYYY-MM-DD, money yuan decimal strings.
 */

export type Medium = 'PAPER' | 'ELECTRONIC';

/** The income accounting sheet's household totals (收入构成), yuan. */
export interface IncomeComponents {
  wage: string;
  operating: string;
  property: string;
  transfer: string;
  productionCosts: string;
}

export const INCOME_COMPONENT_PARTS = ['wage', 'operating', 'property', 'transfer', 'productionCosts'] as const satisfies ReadonlyArray<keyof IncomeComponents>;

/** The "four looks" item scores (四看法得分), 0–100. */
export interface FourLooksScores {
  house: string;
  grain: string;
  labour: string;
  student: string;
}

export const FOUR_LOOKS_ITEMS = ['house', 'grain', 'labour', 'student'] as const satisfies ReadonlyArray<keyof FourLooksScores>;

/** What a form states about its household; null where the form does not state it. */
export interface StatedFacts {
  familySize: number | null;
  labourCount: number | null;
  perCapitaIncome: string | null;
  povertyType: PovertyType | null;
  /** P04 only: the household's annual totals the per-capita income is worked out from. */
  incomeComponents: IncomeComponents | null;
  /** P03 only: the item scores and the total the sheet records. */
  fourLooksScores: FourLooksScores | null;
  fourLooksTotal: string | null;
}

export interface DocumentFacts extends StatedFacts {
  id: number;
  typeCode: string;
  /** The document type's name (档案项目名称). */
  name: string;
  medium: Medium;
  documentDate: string | null;
  uniformCode: string | null;
}

export interface MemberFacts {
  id: number;
  labourAbility: LabourAbility | null;
  deceasedOn: string | null;
}

/** One department's own account of the household (department_report, RecordType HOUSEHOLD). */
export interface ReportFacts {
  departmentCode: string;
  departmentId: number;
  sourceRecordId: string;
  familySize: number | null;
  povertyType: PovertyType | null;
  minimumAllowance: boolean | null;
}

/** Minimum-allowance (CIV_DIBAO) payments to the household, not withdrawn, summed up. */
export interface DibaoFacts {
  departmentCode: string;
  departmentId: number;
  firstYear: number;
  lastYear: number;
  payments: number;
}

export interface HouseholdArchiveFacts {
  householdId: number;
  status: HouseholdStatus;
  povertyType: PovertyType;
  /** The department whose record created the household, speaking for the recorded poverty type. */
  recordingDepartmentCode: string;
  recordingDepartmentId: number;
  documents: DocumentFacts[];
  /** Members on record, not merged into another. */
  members: MemberFacts[];
  reports: ReportFacts[];
  dibao: DibaoFacts | null;
}

/** Oldest first; undated documents before dated ones, then by id. */
export const byDateThenId = (a: DocumentFacts, b: DocumentFacts): number => (a.documentDate ?? '').localeCompare(b.documentDate ?? '') || a.id - b.id;

function text(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'number' || typeof value === 'string') return String(value).trim() === '' ? null : String(value).trim();
  return null;
}

/** A stored JSON object of decimal texts, key by key; null unless every key holds a number. */
function decimalParts<K extends string>(json: unknown, keys: readonly K[]): Record<K, string> | null {
  const value = typeof json === 'string' ? safeParse(json) : json;
  if (value === null || typeof value !== 'object') return null;
  const record = value as Record<string, unknown>;
  const parts = keys.map((key) => text(record[key]));
  if (parts.some((part) => part === null || !/^-?\d+(\.\d+)?$/.test(part))) return null;
  return Object.fromEntries(keys.map((key, k) => [key, parts[k]])) as Record<K, string>;
}

/** The stored JSON of a sheet's income components; null unless all five are present. */
export const incomeComponentsOf = (json: unknown): IncomeComponents | null => decimalParts(json, INCOME_COMPONENT_PARTS);

/** The stored JSON of a sheet's four scores; null unless all four are present. */
export const fourLooksScoresOf = (json: unknown): FourLooksScores | null => decimalParts(json, FOUR_LOOKS_ITEMS);

function safeParse(json: string): unknown {
  try {
    return JSON.parse(json);
  } catch {
    return null;
  }
}
