import type { PrismaClient } from '../../generated/prisma/client';
import { yearBounds } from '../region-stats/region-stats.sql';

type Sql = Pick<PrismaClient, '$queryRawUnsafe'>;

/**
 * The funds flow (资金流向): approved subsidies against the bank payments reconciliation matched
 * to them, summed by the database over numeric (money returned as text), so every figure is exact.
 *
 * Every payment is counted once, in one place:
 * - matched to an APPROVED or PAID subsidy: in `paid`, for the subsidy's household, department,
 *   category and budget year, whichever card it reached and whenever it was paid;
 * - otherwise, credited to a household (its card or a member's ID number): in `unmatched`, for
 *   that household and the department that delivered it, in the calendar year it was paid;
 * - otherwise: an unidentified payment, counted only for the whole hub.
 */
export interface FlowFigures {
  approved: string;
  approvedCount: number;
  paid: string;
  paymentCount: number;
  unpaid: string;
  unpaidCount: number;
  overpaid: string;
  overpaidCount: number;
  underpaid: string;
  underpaidCount: number;
  unmatched: string;
  unmatchedCount: number;
  /** underpaid + overpaid + unmatched. */
  unexplained: string;
}

export const NO_FLOW: FlowFigures = {
  approved: '0.00',
  approvedCount: 0,
  paid: '0.00',
  paymentCount: 0,
  unpaid: '0.00',
  unpaidCount: 0,
  overpaid: '0.00',
  overpaidCount: 0,
  underpaid: '0.00',
  underpaidCount: 0,
  unmatched: '0.00',
  unmatchedCount: 0,
  unexplained: '0.00',
};

/** Which households: some by id (a profile), or a region by the prefix of its code. */
export type FlowScope = { householdIds: number[] } | { prefix: string };

/** What the figures are grouped by. */
export type FlowKey = 'HOUSEHOLD' | 'TOTAL' | 'DEPARTMENT' | 'CATEGORY';

const SUBSIDY_KEY: Record<FlowKey, string> = { HOUSEHOLD: 's.household_id::text', TOTAL: "''", DEPARTMENT: 's.department_id::text', CATEGORY: 'p.category_code::text' };
/** Unmatched payments have no subsidy, hence no category: they are left out of the category breakdown. */
const PAYMENT_KEY: Record<FlowKey, string | null> = { HOUSEHOLD: 'bp.household_id::text', TOTAL: "''", DEPARTMENT: 'bp.department_id::text', CATEGORY: null };

const APPROVED = `('APPROVED', 'PAID')`;
const money = (expression: string) => `coalesce(${expression}, 0)::numeric(16,2)::text`;

function flowStatement(scope: FlowScope, key: FlowKey): string {
  const where = 'householdIds' in scope ? 'h.id = ANY($1::text::int[])' : 'h.region_code LIKE $1::text';
  const paymentKey = PAYMENT_KEY[key];
  const unmatched =
    paymentKey === null
      ? ''
      : `UNION ALL
         SELECT ${paymentKey}, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, count(*), sum(bp.amount)
           FROM bank_payment bp JOIN household h ON h.id = bp.household_id
           LEFT JOIN subsidy s ON s.id = bp.subsidy_id AND s.state IN ${APPROVED}
          WHERE ${where} AND s.id IS NULL AND ($3::date IS NULL OR bp.paid_on BETWEEN $3::date AND $4::date)
          GROUP BY 1`;
  return `
    WITH per_subsidy AS (
      SELECT ${SUBSIDY_KEY[key]} AS key, s.amount, coalesce(m.paid, 0) AS paid, coalesce(m.payments, 0) AS payments
        FROM subsidy s JOIN household h ON h.id = s.household_id
        ${key === 'CATEGORY' ? 'JOIN program p ON p.id = s.program_id' : ''}
        LEFT JOIN LATERAL (SELECT sum(bp.amount) AS paid, count(*) AS payments FROM bank_payment bp WHERE bp.subsidy_id = s.id) m ON TRUE
       WHERE ${where} AND s.state IN ${APPROVED} AND ($2::int IS NULL OR s.year = $2::int)
    ),
    parts (key, approved_count, approved, paid, payment_count, unpaid_count, unpaid, overpaid_count, overpaid, underpaid_count, underpaid, unmatched_count, unmatched) AS (
      SELECT key, count(*), sum(amount), sum(paid), sum(payments),
             count(*) FILTER (WHERE payments = 0), sum(amount) FILTER (WHERE payments = 0),
             count(*) FILTER (WHERE payments > 0 AND paid > amount), sum(paid - amount) FILTER (WHERE payments > 0 AND paid > amount),
             count(*) FILTER (WHERE payments > 0 AND paid < amount), sum(amount - paid) FILTER (WHERE payments > 0 AND paid < amount),
             0, 0
        FROM per_subsidy GROUP BY key
      ${unmatched}
    )
    SELECT key,
           ${money('sum(approved)')} AS approved, coalesce(sum(approved_count), 0)::int AS "approvedCount",
           ${money('sum(paid)')} AS paid, coalesce(sum(payment_count), 0)::int AS "paymentCount",
           ${money('sum(unpaid)')} AS unpaid, coalesce(sum(unpaid_count), 0)::int AS "unpaidCount",
           ${money('sum(overpaid)')} AS overpaid, coalesce(sum(overpaid_count), 0)::int AS "overpaidCount",
           ${money('sum(underpaid)')} AS underpaid, coalesce(sum(underpaid_count), 0)::int AS "underpaidCount",
           ${money('sum(unmatched)')} AS unmatched, coalesce(sum(unmatched_count), 0)::int AS "unmatchedCount",
           ${money('coalesce(sum(underpaid), 0) + coalesce(sum(overpaid), 0) + coalesce(sum(unmatched), 0)')} AS unexplained
      FROM parts GROUP BY key ORDER BY key`;
}

const COUNTS = ['approvedCount', 'paymentCount', 'unpaidCount', 'overpaidCount', 'underpaidCount', 'unmatchedCount'] as const;

/**
 * The funds flow of the households in scope, grouped by `key`, for a budget year (null: all years).
 * Keys without approved subsidies or unmatched payments are absent.
 */
export async function fundsFlow(sql: Sql, scope: FlowScope, year: number | null, key: FlowKey): Promise<Map<string, FlowFigures>> {
  const bounds = year === null ? null : yearBounds(year);
  const first = 'householdIds' in scope ? `{${scope.householdIds.map((id) => Math.trunc(id)).join(',')}}` : `${scope.prefix}%`;
  // The category breakdown leaves out unmatched payments, and with them the payment dates ($3, $4).
  const parameters = PAYMENT_KEY[key] === null ? [first, year] : [first, year, bounds?.start ?? null, bounds?.end ?? null];
  const rows = await sql.$queryRawUnsafe<Array<FlowFigures & { key: string }>>(flowStatement(scope, key), ...parameters);
  return new Map(
    rows.map(({ key: rowKey, ...figures }) => {
      for (const count of COUNTS) figures[count] = Number(figures[count]);
      return [rowKey, figures];
    }),
  );
}

export interface UnidentifiedFigures {
  count: number;
  amount: string;
}

/** Payments of a calendar year tied to no household and matched to no approved subsidy (hub-wide). */
export async function unidentifiedPayments(sql: Sql, year: number): Promise<UnidentifiedFigures> {
  const { start, end } = yearBounds(year);
  const [row] = await sql.$queryRawUnsafe<Array<{ count: number; amount: string }>>(
    `SELECT count(*)::int AS count, ${money('sum(bp.amount)')} AS amount
       FROM bank_payment bp LEFT JOIN subsidy s ON s.id = bp.subsidy_id AND s.state IN ${APPROVED}
      WHERE bp.household_id IS NULL AND s.id IS NULL AND bp.paid_on BETWEEN $1::date AND $2::date`,
    start,
    end,
  );
  return { count: Number(row.count), amount: row.amount };
}
