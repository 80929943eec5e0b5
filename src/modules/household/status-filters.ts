import { utcDay } from '../../domain/dates';
import type { Prisma } from '../../generated/prisma/client';
import { HouseholdStatus } from '../../generated/prisma/enums';
import { badUserInput } from '../../graphql/errors';

export interface StatusOverTimeFilter {
  enteredInYear?: number | null;
  exitedInYear?: number | null;
  pastExitDeadline?: boolean | null;
}

/** Statuses in which a passed exit deadline (脱贫时限) is no longer a problem. */
export const DEADLINE_MET: readonly HouseholdStatus[] = [HouseholdStatus.EXITED, HouseholdStatus.MONITORED, HouseholdStatus.REMOVED];

function yearRange(year: number, argument: string): { gte: Date; lt: Date } {
  if (!Number.isInteger(year) || year < 1900 || year > 9999) throw badUserInput(argument, `${year} is not a year (1900–9999)`);
  return { gte: new Date(Date.UTC(year, 0, 1)), lt: new Date(Date.UTC(year + 1, 0, 1)) };
}

/**
 * Conditions on a household's status history, each compiled by Prisma to an EXISTS / NOT EXISTS
 * on household_status_change (index on (to_status, effective_on)), so paging and counts stay in SQL.
 */
export function statusOverTimeConditions(filter: StatusOverTimeFilter | null | undefined, today: string): Prisma.HouseholdWhereInput[] {
  const conditions: Prisma.HouseholdWhereInput[] = [];
  if (filter?.enteredInYear != null) {
    const year = yearRange(filter.enteredInYear, 'filter.enteredInYear');
    const identified = HouseholdStatus.IDENTIFIED;
    // Entry is the first identification on record; households without one count by identified_on.
    conditions.push({
      OR: [
        { AND: [{ statusChanges: { some: { toStatus: identified, effectiveOn: year } } }, { statusChanges: { none: { toStatus: identified, effectiveOn: { lt: year.gte } } } }] },
        { AND: [{ statusChanges: { none: { toStatus: identified } } }, { identifiedOn: year }] },
      ],
    });
  }
  if (filter?.exitedInYear != null) {
    conditions.push({ statusChanges: { some: { toStatus: HouseholdStatus.EXITED, effectiveOn: yearRange(filter.exitedInYear, 'filter.exitedInYear') } } });
  }
  if (filter?.pastExitDeadline != null) {
    const todayDate = utcDay(today);
    const past: Prisma.HouseholdWhereInput = { exitDeadline: { lt: todayDate }, status: { notIn: [...DEADLINE_MET] } };
    // Spelled out rather than NOT(past): a blank deadline is "not past", and NOT over NULL would drop it.
    conditions.push(filter.pastExitDeadline ? past : { OR: [{ exitDeadline: null }, { exitDeadline: { gte: todayDate } }, { status: { in: [...DEADLINE_MET] } }] });
  }
  return conditions;
}
