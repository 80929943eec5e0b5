import { Decimal } from 'decimal.js';

export interface PaymentFacts {
  departmentId: number;
  year: number;
  amount: { toString(): string };
  state: string;
}

export interface DepartmentYearTotal {
  departmentId: number;
  year: number;
  /** Applied, approved and paid. */
  amount: Decimal;
  /** Paid to the card only. */
  paid: Decimal;
  count: number;
}

/** Sums per department and year, newest year first; withdrawn subsidies do not count. */
export function totalsByDepartmentAndYear(subsidies: PaymentFacts[]): DepartmentYearTotal[] {
  const totals = new Map<string, DepartmentYearTotal>();
  for (const subsidy of subsidies) {
    if (subsidy.state === 'WITHDRAWN') continue;
    const key = `${subsidy.departmentId}:${subsidy.year}`;
    const total = totals.get(key) ?? { departmentId: subsidy.departmentId, year: subsidy.year, amount: new Decimal(0), paid: new Decimal(0), count: 0 };
    total.amount = total.amount.plus(subsidy.amount.toString());
    if (subsidy.state === 'PAID') total.paid = total.paid.plus(subsidy.amount.toString());
    total.count++;
    totals.set(key, total);
  }
  return [...totals.values()].sort((a, b) => b.year - a.year || a.departmentId - b.departmentId);
}
