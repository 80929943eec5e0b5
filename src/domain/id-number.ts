/**
 * Resident ID numbers (居民身份证号码) per GB 11643-1999: 6-digit region of first registration,
 * 8-digit birth date, 3-digit sequence (odd = male), and a check character.
 */

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK_CHARACTERS = '10X98765432';

export type Sex = 'MALE' | 'FEMALE';

export interface IdNumberFacts {
  /** The 18-character number (15-digit numbers converted). */
  idNumber: string;
  regionCode: string;
  birthDate: string; // YYYY-MM-DD
  sex: Sex;
}

export class InvalidIdNumberError extends Error {
  constructor(
    readonly value: string,
    readonly reason: string,
  ) {
    super(`invalid ID number "${value}": ${reason}`);
    this.name = 'InvalidIdNumberError';
  }
}

/** Today's date in China (UTC+8, no daylight saving), YYYY-MM-DD: births and ages are reckoned there. */
export function chinaToday(now: Date = new Date()): string {
  return new Date(now.getTime() + 8 * 3_600_000).toISOString().slice(0, 10);
}

export function checkCharacter(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * WEIGHTS[i];
  return CHECK_CHARACTERS[sum % 11];
}

function isRealDate(year: number, month: number, day: number): boolean {
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

/**
 * Validates an ID number and returns its 18-character form with the facts it encodes.
 * Old 15-digit numbers get `19` inserted before the year and a computed check character.
 * Throws InvalidIdNumberError naming what is wrong.
 */
export function parseIdNumber(raw: string, today: string = chinaToday()): IdNumberFacts {
  const value = raw.trim().toUpperCase();
  let idNumber: string;
  if (/^\d{15}$/.test(value)) {
    const first17 = `${value.slice(0, 6)}19${value.slice(6)}`;
    idNumber = first17 + checkCharacter(first17);
  } else if (/^\d{17}[\dX]$/.test(value)) {
    const expected = checkCharacter(value.slice(0, 17));
    if (value[17] !== expected) {
      throw new InvalidIdNumberError(raw, `check character is ${value[17]}, expected ${expected}`);
    }
    idNumber = value;
  } else {
    throw new InvalidIdNumberError(raw, 'must be 18 characters (17 digits and a digit or X) or 15 digits');
  }
  const year = Number(idNumber.slice(6, 10));
  const month = Number(idNumber.slice(10, 12));
  const day = Number(idNumber.slice(12, 14));
  if (!isRealDate(year, month, day) || year < 1880) {
    throw new InvalidIdNumberError(raw, `birth date ${idNumber.slice(6, 14)} is not a valid date`);
  }
  const birthDate = `${idNumber.slice(6, 10)}-${idNumber.slice(10, 12)}-${idNumber.slice(12, 14)}`;
  if (birthDate > today) {
    throw new InvalidIdNumberError(raw, `birth date ${birthDate} is in the future`);
  }
  return {
    idNumber,
    regionCode: idNumber.slice(0, 6),
    birthDate,
    sex: Number(idNumber[16]) % 2 === 1 ? 'MALE' : 'FEMALE',
  };
}

/**
 * Birth date and sex as far as a stored number shows them, without judging its check character:
 * records kept before validation may hold wrong numbers, and a profile must still show them.
 * Null where the number does not encode a real date.
 */
export function readIdNumber(stored: string): { birthDate: string | null; sex: Sex | null } {
  const value = stored.trim();
  const long = /^\d{17}[\dXx]$/.test(value) ? value : /^\d{15}$/.test(value) ? `${value.slice(0, 6)}19${value.slice(6)}0` : null;
  if (!long) return { birthDate: null, sex: null };
  const [year, month, day] = [Number(long.slice(6, 10)), Number(long.slice(10, 12)), Number(long.slice(12, 14))];
  return {
    birthDate: isRealDate(year, month, day) ? `${long.slice(6, 10)}-${long.slice(10, 12)}-${long.slice(12, 14)}` : null,
    sex: Number(long[16]) % 2 === 1 ? 'MALE' : 'FEMALE',
  };
}

/** Whole years from a birth date to a day (both YYYY-MM-DD). */
export function ageOn(birthDate: string, day: string): number {
  const years = Number(day.slice(0, 4)) - Number(birthDate.slice(0, 4));
  return day.slice(5) < birthDate.slice(5) ? years - 1 : years;
}

/** Builds a valid 18-character number from its parts (used by the demo generator and tests). */
export function composeIdNumber(regionCode: string, birthDate: string, sequence: number): string {
  const first17 = `${regionCode}${birthDate.replace(/-/g, '')}${String(sequence).padStart(3, '0')}`;
  if (!/^\d{17}$/.test(first17)) throw new Error(`cannot compose an ID number from ${first17}`);
  return first17 + checkCharacter(first17);
}
