import { Decimal } from 'decimal.js';

/** Amounts in yuan, exact to the fen (分). Never a JavaScript float. */
export type Yuan = Decimal;

const MONEY_PATTERN = /^-?\d{1,12}(\.\d{1,2})?$/;

export class InvalidMoneyError extends Error {
  constructor(readonly value: unknown) {
    super(`invalid amount ${JSON.stringify(value)}: expected decimal yuan as a string with at most 2 decimals, e.g. "1860.00"`);
    this.name = 'InvalidMoneyError';
  }
}

export function parseMoney(value: unknown): Yuan {
  if (typeof value === 'string' && MONEY_PATTERN.test(value.trim())) return new Decimal(value.trim());
  if (typeof value === 'number' && Number.isSafeInteger(value)) return new Decimal(value);
  throw new InvalidMoneyError(value);
}

/** Canonical text of an amount: two decimals, no exponent ("1860.00"). */
export function formatMoney(value: { toFixed(dp: number): string } | string): string {
  const decimal = new Decimal(typeof value === 'string' ? value : value.toFixed(2));
  return decimal.toFixed(2);
}

/** Rounded half-up to two decimals: the fen, or a hundredth of a point or of a percent. */
export function toHundredths(value: Decimal): Decimal {
  return value.toDecimalPlaces(2, Decimal.ROUND_HALF_UP);
}

/**
 * Fen (分) as an integer: the rule engine sums thousands of amounts per household and compares
 * them with caps; integers keep that exact and fast. Safe up to 9e13 yuan.
 */
export function yuanToFen(text: string): number {
  const match = /^(-?)(\d+)(?:\.(\d{1,2}))?$/.exec(text.trim());
  if (!match) throw new InvalidMoneyError(text);
  const fen = Number(match[2]) * 100 + Number((match[3] ?? '').padEnd(2, '0'));
  return match[1] === '-' ? -fen : fen;
}

export function fenToYuan(fen: number): string {
  const sign = fen < 0 ? '-' : '';
  const abs = Math.abs(fen);
  return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}
