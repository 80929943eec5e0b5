import type { HouseholdStatus } from '../../generated/prisma/enums';

export interface StatusChangeFacts {
  toStatus: HouseholdStatus;
  effectiveOn: Date;
  id: number;
}

/** Changes in the order they took effect; same-day changes in the order they were recorded. */
export function chronological<T extends StatusChangeFacts>(changes: T[]): T[] {
  return [...changes].sort((a, b) => a.effectiveOn.getTime() - b.effectiveOn.getTime() || a.id - b.id);
}

/**
 * The status a household had on `date` (end of that day), or null when it had not been
 * identified yet.
 */
export function statusOn(changes: StatusChangeFacts[], date: Date): HouseholdStatus | null {
  return changeInForce(changes, date)?.toStatus ?? null;
}

/** The change in force at the end of `date`: the last to take effect by then; null before identification. */
export function changeInForce<T extends StatusChangeFacts>(changes: T[], date: Date): T | null {
  let inForce: T | null = null;
  for (const change of chronological(changes)) {
    if (change.effectiveOn.getTime() > date.getTime()) break;
    inForce = change;
  }
  return inForce;
}
