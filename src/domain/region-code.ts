/** Statistical division codes (行政区划代码): province 2, city 2, county 2, township 3, village 3. */

export type RegionLevel = 'PROVINCE' | 'CITY' | 'COUNTY' | 'TOWNSHIP' | 'VILLAGE';

export class InvalidRegionCodeError extends Error {
  constructor(readonly value: string) {
    super(`invalid region code "${value}": expected 12 digits (province 2, city 2, county 2, township 3, village 3)`);
    this.name = 'InvalidRegionCodeError';
  }
}

/** Accepts 12 digits, or the 6-digit county form (520524) which is padded with zeros. */
export function parseRegionCode(raw: string): string {
  const value = raw.trim();
  if (/^\d{12}$/.test(value)) return value;
  if (/^\d{6}$/.test(value) || /^\d{9}$/.test(value)) return value.padEnd(12, '0');
  throw new InvalidRegionCodeError(raw);
}

export function regionLevel(code: string): RegionLevel {
  if (code.slice(9) !== '000') return 'VILLAGE';
  if (code.slice(6, 9) !== '000') return 'TOWNSHIP';
  if (code.slice(4, 6) !== '00') return 'COUNTY';
  if (code.slice(2, 4) !== '00') return 'CITY';
  return 'PROVINCE';
}

/** The significant prefix of a code: every region inside it starts with this prefix. */
export function regionPrefix(code: string): string {
  switch (regionLevel(code)) {
    case 'VILLAGE':
      return code;
    case 'TOWNSHIP':
      return code.slice(0, 9);
    case 'COUNTY':
      return code.slice(0, 6);
    case 'CITY':
      return code.slice(0, 4);
    default:
      return code.slice(0, 2);
  }
}

const LEVEL_ORDER: RegionLevel[] = ['PROVINCE', 'CITY', 'COUNTY', 'TOWNSHIP', 'VILLAGE'];

/** The code of the county, township or village that `code` is or lies in; null when `code` is above that level. */
export function ancestorCode(code: string, level: 'COUNTY' | 'TOWNSHIP' | 'VILLAGE'): string | null {
  if (LEVEL_ORDER.indexOf(regionLevel(code)) < LEVEL_ORDER.indexOf(level)) return null;
  if (level === 'VILLAGE') return code;
  return level === 'TOWNSHIP' ? `${code.slice(0, 9)}000` : `${code.slice(0, 6)}000000`;
}
