/**
 * Calendar dates as text (YYYY-MM-DD), in UTC so that no time zone shifts a day. PostgreSQL `date`
 * columns arrive as UTC-midnight Dates; raw SQL may give them as text.
 */

const DAY_MS = 86_400_000;

/** A date column as YYYY-MM-DD, whichever form the driver gives it in; null stays null. */
export function isoDate(value: Date | string | null | undefined): string | null {
  if (value === null || value === undefined) return null;
  return value instanceof Date ? value.toISOString().slice(0, 10) : String(value).slice(0, 10);
}

/** The Date of a YYYY-MM-DD day at UTC midnight, as `date` columns hold it. */
export const utcDay = (iso: string): Date => new Date(`${iso}T00:00:00Z`);

export const addDays = (iso: string, days: number): string => new Date(utcDay(iso).getTime() + days * DAY_MS).toISOString().slice(0, 10);

export const daysBetween = (from: string, to: string): number => Math.round((utcDay(to).getTime() - utcDay(from).getTime()) / DAY_MS);

/** Months since year 0, so that consecutive months differ by one: 2024-01 → 24288. */
export function monthIndex(isoDateOrMonth: string): number {
  return Number(isoDateOrMonth.slice(0, 4)) * 12 + Number(isoDateOrMonth.slice(5, 7)) - 1;
}

/** The month (YYYY-MM) of a month index. */
export function monthOfIndex(index: number): string {
  return `${String(Math.floor(index / 12)).padStart(4, '0')}-${String((index % 12) + 1).padStart(2, '0')}`;
}

/** The same day `months` months earlier, clamped to the month's end (2024-02-29 less 12 months is 2023-02-28). */
export function monthsBefore(date: string, months: number): string {
  const index = monthIndex(date) - months;
  const y = Math.floor(index / 12);
  const m = index % 12;
  const lastDay = new Date(Date.UTC(y, m + 1, 0)).getUTCDate();
  return `${monthOfIndex(index)}-${String(Math.min(Number(date.slice(8, 10)), lastDay)).padStart(2, '0')}`;
}
