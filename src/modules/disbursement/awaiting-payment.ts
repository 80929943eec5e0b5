import { arrayLiteral } from '../../db/sql-arrays';
import type { PrismaClient } from '../../generated/prisma/client';

type Sql = Pick<PrismaClient, '$queryRawUnsafe'>;

/** How far before a newly reported month an approval may lie and still be judged by it (a year's window and due days). */
const LOOK_BACK_MONTHS = 12;

/**
 * The households with an approved subsidy no payment has matched yet, approved (or starting) in
 * the months a bank has just reported for the first time or in the year before them. A delivery
 * that covers a month must reconcile them too: a household the bank did not pay is exactly one
 * the bank file does not name.
 */
export async function householdsAwaitingPayment(sql: Sql, newlyCoveredMonths: readonly string[]): Promise<number[]> {
  if (newlyCoveredMonths.length === 0) return [];
  const rows = await sql.$queryRawUnsafe<Array<{ household_id: number }>>(
    `SELECT DISTINCT s.household_id FROM subsidy s
      WHERE s.state IN ('APPROVED', 'PAID')
        AND EXISTS (SELECT 1 FROM unnest($1::text::date[]) AS m(month)
                     WHERE COALESCE(s.approved_on, s.start_date) >= m.month - make_interval(months => $2::int)
                       AND COALESCE(s.approved_on, s.start_date) < m.month + interval '1 month')
        AND NOT EXISTS (SELECT 1 FROM bank_payment p WHERE p.subsidy_id = s.id)`,
    arrayLiteral([...newlyCoveredMonths]),
    LOOK_BACK_MONTHS,
  );
  return rows.map((row) => Number(row.household_id));
}
