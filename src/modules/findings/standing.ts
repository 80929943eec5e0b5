import type { HouseholdStatus } from '../../generated/prisma/enums';

/** A household's status changes in date order, as the rules read them. */
export type StatusHistory = ReadonlyArray<{ status: HouseholdStatus; effectiveOn: string }>;

/** The household's status on a date, and since when it has been exited if it is. */
export interface Standing {
  status: HouseholdStatus | null;
  exitedOn: string | null;
}

export function standingOn(changes: StatusHistory, date: string): Standing {
  let status: HouseholdStatus | null = null;
  let exitedOn: string | null = null;
  for (const change of changes) {
    if (change.effectiveOn > date) break;
    if (change.status === 'EXITED' && status !== 'EXITED') exitedOn = change.effectiveOn;
    status = change.status;
  }
  return { status, exitedOn: status === 'EXITED' ? exitedOn : null };
}

export function isEligible(standing: Standing, date: string, eligible: ReadonlySet<string>, transitionMonths: number): boolean {
  if (standing.status === null) return true; // not yet on the register: identification decides, not this rule
  if (eligible.has(standing.status)) return true;
  return standing.status === 'EXITED' && date <= addMonths(standing.exitedOn!, transitionMonths);
}

export function standingZh(standing: Standing, months: number): string {
  return standing.status === 'EXITED' ? `已于 ${standing.exitedOn} 脱贫，过渡期 ${months} 个月已满` : `状态为 ${STATUS_ZH[standing.status!]}`;
}

export function standingEn(standing: Standing, months: number): string {
  return standing.status === 'EXITED' ? `exited on ${standing.exitedOn}, past the ${months}-month transition period` : `status ${standing.status}`;
}

const STATUS_ZH: Record<HouseholdStatus, string> = {
  IDENTIFIED: '已识别',
  ASSISTED: '帮扶中',
  EXITED: '已脱贫',
  MONITORED: '监测',
  RETURNED_TO_POVERTY: '返贫',
  REMOVED: '已清退',
};

/** ISO date plus whole months, clamped to the month's last day (2020-08-31 + 6 → 2021-02-28). */
export function addMonths(date: string, months: number): string {
  const [y, m, d] = date.split('-').map(Number);
  const total = y * 12 + (m - 1) + months;
  const year = Math.floor(total / 12);
  const month = (total % 12) + 1;
  const last = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(Math.min(d, last)).padStart(2, '0')}`;
}

