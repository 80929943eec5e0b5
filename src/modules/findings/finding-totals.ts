import type { PrismaClient } from '../../generated/prisma/client';
import { FindingStatus } from '../../generated/prisma/enums';
import { findingConditions, type FindingFilter } from './finding-filter';

type Sql = Pick<PrismaClient, '$queryRawUnsafe'>;

/**
 * Totals of the findings a filter selects, summed by the database as numeric (exact to the fen,
 * returned as text) with one GROUP BY per breakdown. Every statement reads
 * `finding f JOIN household h` under the same `findingConditions` as the list and the export.
 */

const FROM = 'FROM finding f JOIN household h ON h.id = f.household_id';
const AT_RISK = `coalesce(sum(f.amount_at_risk), 0)::numeric(16,2)::text`;
const RECOVERED = `coalesce(sum(f.amount_recovered), 0)::numeric(16,2)::text`;

export interface OverallTotals {
  count: number;
  amountAtRisk: string;
  amountRecovered: string;
}

export async function overallTotals(sql: Sql, filter: FindingFilter): Promise<OverallTotals> {
  const { where, parameters } = findingConditions(filter);
  const [row] = await sql.$queryRawUnsafe<Array<{ count: number; amount_at_risk: string; amount_recovered: string }>>(
    `SELECT count(*)::int AS count, ${AT_RISK} AS amount_at_risk, ${RECOVERED} AS amount_recovered ${FROM} WHERE ${where}`,
    ...parameters,
  );
  return { count: Number(row.count), amountAtRisk: row.amount_at_risk, amountRecovered: row.amount_recovered };
}

export interface StatusTotals extends OverallTotals {
  status: FindingStatus;
}

const STATUS_ORDER = Object.keys(FindingStatus) as FindingStatus[];

/** One bucket per status that has findings, in lifecycle order (OPEN, CONFIRMED, …). */
export async function totalsByStatus(sql: Sql, filter: FindingFilter): Promise<StatusTotals[]> {
  const { where, parameters } = findingConditions(filter);
  const rows = await sql.$queryRawUnsafe<Array<{ status: FindingStatus; count: number; amount_at_risk: string; amount_recovered: string }>>(
    `SELECT f.status::text AS status, count(*)::int AS count, ${AT_RISK} AS amount_at_risk, ${RECOVERED} AS amount_recovered
       ${FROM} WHERE ${where} GROUP BY f.status`,
    ...parameters,
  );
  return rows
    .map((row) => ({ status: row.status, count: Number(row.count), amountAtRisk: row.amount_at_risk, amountRecovered: row.amount_recovered }))
    .sort((a, b) => STATUS_ORDER.indexOf(a.status) - STATUS_ORDER.indexOf(b.status));
}

export interface RuleTotals {
  ruleId: number;
  ruleCode: string;
  ruleName: string;
  count: number;
  amountAtRisk: string;
}

/** One bucket per rule, by rule code; the name is that of the rule's current version. */
export async function totalsByRule(sql: Sql, filter: FindingFilter): Promise<RuleTotals[]> {
  const { where, parameters } = findingConditions(filter);
  const rows = await sql.$queryRawUnsafe<Array<{ rule_id: number; code: string; name: string; count: number; amount_at_risk: string }>>(
    `SELECT r.id AS rule_id, r.code, (SELECT v.name FROM policy_rule_version v WHERE v.rule_id = r.id ORDER BY v.version DESC LIMIT 1) AS name,
            t.count, t.amount_at_risk
       FROM (SELECT f.rule_id, count(*)::int AS count, ${AT_RISK} AS amount_at_risk ${FROM} WHERE ${where} GROUP BY f.rule_id) t
       JOIN policy_rule r ON r.id = t.rule_id
      ORDER BY r.code COLLATE "C"`,
    ...parameters,
  );
  return rows.map((row) => ({ ruleId: Number(row.rule_id), ruleCode: row.code, ruleName: row.name, count: Number(row.count), amountAtRisk: row.amount_at_risk }));
}

export interface DepartmentPairTotals {
  firstDepartmentId: number;
  secondDepartmentId: number;
  count: number;
  amountAtRisk: string;
}

/**
 * One bucket per pair of departments found together on findings (first id ≤ second id): a finding
 * with departments {A, B, C} counts in AB, AC and BC; a single-department finding in (A, A).
 */
export async function totalsByDepartmentPair(sql: Sql, filter: FindingFilter): Promise<DepartmentPairTotals[]> {
  const { where, parameters } = findingConditions(filter);
  const rows = await sql.$queryRawUnsafe<Array<{ first_id: number; second_id: number; count: number; amount_at_risk: string }>>(
    `SELECT a.department_id AS first_id, b.department_id AS second_id, count(*)::int AS count, ${AT_RISK} AS amount_at_risk
       ${FROM}
       CROSS JOIN LATERAL (SELECT DISTINCT d FROM unnest(f.department_ids) AS d) AS a(department_id)
       CROSS JOIN LATERAL (SELECT DISTINCT d FROM unnest(f.department_ids) AS d) AS b(department_id)
      WHERE ${where}
        AND (a.department_id < b.department_id
             OR (a.department_id = b.department_id AND (SELECT count(DISTINCT d) FROM unnest(f.department_ids) AS d) = 1))
      GROUP BY a.department_id, b.department_id
      ORDER BY a.department_id, b.department_id`,
    ...parameters,
  );
  return rows.map((row) => ({ firstDepartmentId: Number(row.first_id), secondDepartmentId: Number(row.second_id), count: Number(row.count), amountAtRisk: row.amount_at_risk }));
}

export type BreakdownLevel = 'VILLAGE' | 'TOWNSHIP' | 'COUNTY';

export interface RegionTotals {
  regionCode: string;
  count: number;
  amountAtRisk: string;
}

/** The code of the village, township or county a household's village code lies in, in SQL. */
const REGION_AT: Record<BreakdownLevel, string> = {
  VILLAGE: `h.region_code::text`,
  TOWNSHIP: `substr(h.region_code, 1, 9) || '000'`,
  COUNTY: `substr(h.region_code, 1, 6) || '000000'`,
};

/** One bucket per village, township or county with findings, by region code. */
export async function totalsByRegion(sql: Sql, filter: FindingFilter, level: BreakdownLevel): Promise<RegionTotals[]> {
  const { where, parameters } = findingConditions(filter);
  const rows = await sql.$queryRawUnsafe<Array<{ region_code: string; count: number; amount_at_risk: string }>>(
    `SELECT ${REGION_AT[level]} AS region_code, count(*)::int AS count, ${AT_RISK} AS amount_at_risk
       ${FROM} WHERE ${where} GROUP BY 1 ORDER BY 1`,
    ...parameters,
  );
  return rows.map((row) => ({ regionCode: row.region_code, count: Number(row.count), amountAtRisk: row.amount_at_risk }));
}
