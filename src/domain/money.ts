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
