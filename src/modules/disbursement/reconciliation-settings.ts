import { isoDate } from '../../domain/dates';
import type { Prisma, PrismaClient, ReconciliationSetting as ReconciliationSettingRow } from '../../generated/prisma/client';
import { checkRequiredText, type CatalogueProblem } from '../archive-review/archive-catalogue-input';
import { inForceOn, MissingConfigurationError } from '../archive-review/archive-configuration';

type Db = PrismaClient | Prisma.TransactionClient;

/** Reconciliation settings (对账参数), dated like the archive-check settings; dates as YYYY-MM-DD. */
export interface ReconciliationSettingSpec {
  id: number;
  effectiveFrom: string;
  /** Always null: a setting is in force until the next one starts. */
  effectiveTo: null;
  leadDays: number;
  windowDays: number;
  maxSplitParts: number;
}

/** Seeded at start into an empty table: payments up to 90 days after approval, in at most 4 parts. */
export const RECONCILIATION_SETTING_V1 = {
  effectiveFrom: '2014-01-01',
  leadDays: 0,
  windowDays: 90,
  maxSplitParts: 4,
  changeNote: '默认对账参数：审批（或补贴期末）后 90 天内到账，最多分 4 笔发放 (default setting)',
  createdBy: 'seed',
} as const;

/** The bounds each parameter must lie within, inclusive. */
export const RECONCILIATION_LIMITS = {
  leadDays: { min: 0, max: 90, zh: '提前天数' },
  windowDays: { min: 1, max: 730, zh: '到账期限天数' },
  maxSplitParts: { min: 1, max: 12, zh: '分笔发放笔数上限' },
} as const;

export function reconciliationSettingSpec(row: ReconciliationSettingRow): ReconciliationSettingSpec {
  return { id: row.id, effectiveFrom: isoDate(row.effectiveFrom)!, effectiveTo: null, leadDays: row.leadDays, windowDays: row.windowDays, maxSplitParts: row.maxSplitParts };
}

/** Every setting, oldest first. */
export async function loadReconciliationSettings(db: Db): Promise<ReconciliationSettingSpec[]> {
  return (await db.reconciliationSetting.findMany({ orderBy: { effectiveFrom: 'asc' } })).map(reconciliationSettingSpec);
}

/** The setting in force on a day (the latest to have started by then); refuses a day before the first. */
export function reconciliationSettingOn(settings: readonly ReconciliationSettingSpec[], date: string): ReconciliationSettingSpec {
  const setting = inForceOn(settings, date);
  if (!setting) throw new MissingConfigurationError('reconciliation setting (对账参数)', date);
  return setting;
}

export interface ReconciliationSettingInputLike {
  effectiveFrom: string;
  leadDays: number;
  windowDays: number;
  maxSplitParts: number;
  changeNote: string;
}

/** What is wrong with a new setting, each problem naming its input field; the unique first day is checked against the table by the caller. */
export function checkReconciliationSetting(input: ReconciliationSettingInputLike): CatalogueProblem[] {
  const problems: CatalogueProblem[] = [...checkRequiredText(input.changeNote, 'changeNote')];
  for (const [field, { min, max, zh }] of Object.entries(RECONCILIATION_LIMITS) as Array<[keyof typeof RECONCILIATION_LIMITS, (typeof RECONCILIATION_LIMITS)[keyof typeof RECONCILIATION_LIMITS]]>) {
    const value = input[field];
    if (!Number.isInteger(value) || value < min || value > max) {
      problems.push({ field: ['input', field], code: 'OUT_OF_RANGE', message: `${field} must be a whole number from ${min} to ${max}, got ${value}`, messageZh: `${zh}须为 ${min} 至 ${max} 之间的整数，收到 ${value}` });
    }
  }
  return problems;
}
