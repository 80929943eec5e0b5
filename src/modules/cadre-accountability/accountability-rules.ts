import { addDays, monthIndex } from '../../domain/dates';
import { badUserInput } from '../../graphql/errors';

/**
 * The earliest last visit that keeps a household on time on `asOf`. A visit exactly `days`
 * before is on time (the interval is met on its last day); one a day earlier is overdue.
 */
export function overdueCutoff(asOf: string, days: number): string {
  return addDays(asOf, -days);
}

/** Whether a household last visited on `lastVisitOn` (null: never) is overdue on `asOf`. */
export function isOverdue(lastVisitOn: string | null, asOf: string, days: number): boolean {
  return lastVisitOn === null || lastVisitOn < overdueCutoff(asOf, days);
}

export interface PairingPeriod {
  startDate: string;
  endDate: string | null;
}

/** A pairing is in force from its first to its last day, both included. */
export function pairingActiveOn(pairing: PairingPeriod, date: string): boolean {
  return pairing.startDate <= date && (pairing.endDate === null || pairing.endDate >= date);
}

/** Whether a cadre with `households` paired households exceeds the maximum. Reaching it is allowed. */
export function isOverloaded(households: number, maximum: number): boolean {
  return households > maximum;
}

/** The month (YYYY-MM) a date falls in. */
export const monthOf = (isoDate: string): string => isoDate.slice(0, 7);

export const MAX_MONTHS = 36;

export interface MonthRange {
  from: string;
  to: string;
  /** Calendar months touched by the range, both ends included. */
  months: number;
}

/** Checks a range of dates for the visits-by-month report: `from` not after `to`, at most 36 months touched. */
export function monthRange(from: string, to: string): MonthRange {
  if (from > to) throw badUserInput('to', `must not be before from (${from}), got ${to}`);
  const months = monthIndex(to) - monthIndex(from) + 1;
  if (months > MAX_MONTHS) throw badUserInput('to', `the range from ${from} to ${to} covers ${months} months; at most ${MAX_MONTHS} are allowed`);
  return { from, to, months };
}

/** Visits of one cadre in one month, and distinct households visited. */
export interface MonthlyVisits {
  cadreId: number;
  month: string;
  visits: number;
  households: number;
}

/**
 * Buckets visits by cadre and month in memory: the reference the SQL GROUP BY is tested against.
 * Ordered by cadre, then month.
 */
export function bucketVisitsByMonth(visits: ReadonlyArray<{ cadreId: number; householdId: number; visitedOn: string }>, range: Pick<MonthRange, 'from' | 'to'>): MonthlyVisits[] {
  const buckets = new Map<string, { cadreId: number; month: string; visits: number; households: Set<number> }>();
  for (const visit of visits) {
    if (visit.visitedOn < range.from || visit.visitedOn > range.to) continue;
    const month = monthOf(visit.visitedOn);
    const key = `${visit.cadreId}|${month}`;
    const bucket = buckets.get(key) ?? { cadreId: visit.cadreId, month, visits: 0, households: new Set<number>() };
    bucket.visits++;
    bucket.households.add(visit.householdId);
    buckets.set(key, bucket);
  }
  return [...buckets.values()]
    .sort((a, b) => a.cadreId - b.cadreId || (a.month < b.month ? -1 : a.month > b.month ? 1 : 0))
    .map(({ cadreId, month, visits: count, households }) => ({ cadreId, month, visits: count, households: households.size }));
}

/**
 * A row of the visits-by-month report as one cursor key: the cadre and the month's place in the
 * range (under 100, since the range is capped), so pages can follow (cadre, month) order.
 */
export function monthlyRowKey(cadreId: number, month: string, range: Pick<MonthRange, 'from'>): number {
  return cadreId * 100 + (monthIndex(month) - monthIndex(range.from));
}
