import type { PrismaClient } from '../../generated/prisma/client';
import { HouseholdStatus, PovertyType } from '../../generated/prisma/enums';
import { badUserInput } from '../../graphql/errors';

type Sql = Pick<PrismaClient, '$queryRawUnsafe'>;

/**
 * The statistics of a region for a year (区域统计), one statement per breakdown, summed by the
 * database (money as numeric, returned as text). Every statement covers the households whose
 * village code starts with `scope.prefix`; merged households (合并) count only as the one they became.
 */
export interface StatsScope {
  prefix: string;
  year: number;
}

export const FIRST_YEAR = 2000;
export const LAST_YEAR = 2100;

/** The first and last day of a year, after checking it is one the hub can hold. */
export function yearBounds(year: number): { start: string; end: string } {
  if (!Number.isInteger(year) || year < FIRST_YEAR || year > LAST_YEAR) throw badUserInput('year', `must be a year from ${FIRST_YEAR} to ${LAST_YEAR}, got ${year}`);
  return { start: `${year}-01-01`, end: `${year}-12-31` };
}

/** Households of the region, not merged into another: `household h` with `$1` the region pattern. */
const HOUSEHOLDS = `household h WHERE h.region_code LIKE $1::text AND h.merged_into_id IS NULL`;

/**
 * People per household (人口): members not merged and alive at the end of the year (`$2`); a
 * death on the last day of the year takes the person out. Only the region's members are counted,
 * so a village costs what a village has.
 */
const PEOPLE = `LEFT JOIN (SELECT m.household_id, count(*)::int AS people FROM member m JOIN household hm ON hm.id = m.household_id
                            WHERE hm.region_code LIKE $1::text AND m.merged_into_id IS NULL AND (m.deceased_on IS NULL OR m.deceased_on > $2::date)
                            GROUP BY m.household_id) p ON p.household_id = h.id`;

const pattern = (scope: StatsScope) => `${scope.prefix}%`;

export interface Headcount<K> {
  key: K;
  households: number;
  people: number;
}

const STATUS_ORDER = Object.keys(HouseholdStatus) as HouseholdStatus[];
const TYPE_ORDER = Object.keys(PovertyType) as PovertyType[];
const inOrder = <K>(order: K[]) => (a: Headcount<K>, b: Headcount<K>) => order.indexOf(a.key) - order.indexOf(b.key);

async function headcount(sql: Sql, scope: StatsScope, key: string, extraJoin = ''): Promise<Array<Headcount<string | null>>> {
  const rows = await sql.$queryRawUnsafe<Array<{ key: string | null; households: number; people: number }>>(
    `SELECT ${key} AS key, count(*)::int AS households, coalesce(sum(p.people), 0)::int AS people
       FROM household h ${PEOPLE} ${extraJoin}
      WHERE h.region_code LIKE $1::text AND h.merged_into_id IS NULL
      GROUP BY 1`,
    pattern(scope),
    yearBounds(scope.year).end,
  );
  return rows.map((row) => ({ key: row.key, households: Number(row.households), people: Number(row.people) }));
}

/** Households and people by their current status (当前状态). */
export async function byCurrentStatus(sql: Sql, scope: StatsScope): Promise<Array<Headcount<HouseholdStatus>>> {
  return ((await headcount(sql, scope, 'h.status::text')) as Array<Headcount<HouseholdStatus>>).sort(inOrder(STATUS_ORDER));
}

/** Households and people by current poverty type (贫困户属性). */
export async function byPovertyType(sql: Sql, scope: StatsScope): Promise<Array<Headcount<PovertyType>>> {
  return ((await headcount(sql, scope, 'h.poverty_type::text')) as Array<Headcount<PovertyType>>).sort(inOrder(TYPE_ORDER));
}

export interface YearEndHeadcount {
  byStatus: Array<Headcount<HouseholdStatus>>;
  /** Households with no status change on or before the end of the year (identified later, or without history). */
  notYetIdentified: Headcount<null>;
}

/** Households and people by the status they had at the end of the year (年末状态), from their status history. */
export async function byStatusAtYearEnd(sql: Sql, scope: StatsScope): Promise<YearEndHeadcount> {
  const rows = await headcount(
    sql,
    scope,
    's.to_status::text',
    `LEFT JOIN LATERAL (SELECT c.to_status FROM household_status_change c WHERE c.household_id = h.id AND c.effective_on <= $2::date
                          ORDER BY c.effective_on DESC, c.id DESC LIMIT 1) s ON TRUE`,
  );
  const none = rows.find((row) => row.key === null);
  return {
    byStatus: (rows.filter((row) => row.key !== null) as Array<Headcount<HouseholdStatus>>).sort(inOrder(STATUS_ORDER)),
    notYetIdentified: { key: null, households: none?.households ?? 0, people: none?.people ?? 0 },
  };
}

export interface Movements {
  /** Identified in the year (新识别): the first IDENTIFIED change, or the identification date where history has none. */
  entries: number;
  /** Changed to EXITED in the year (脱贫退出), counted once per household. */
  exits: number;
}

export async function movements(sql: Sql, scope: StatsScope): Promise<Movements> {
  const { start, end } = yearBounds(scope.year);
  const [row] = await sql.$queryRawUnsafe<Array<{ entries: number; exits: number }>>(
    `SELECT count(*) FILTER (WHERE coalesce((SELECT min(c.effective_on) FROM household_status_change c WHERE c.household_id = h.id AND c.to_status = 'IDENTIFIED'), h.identified_on)
                                   BETWEEN $2::date AND $3::date)::int AS entries,
            count(*) FILTER (WHERE EXISTS (SELECT 1 FROM household_status_change c WHERE c.household_id = h.id AND c.to_status = 'EXITED'
                                                                                AND c.effective_on BETWEEN $2::date AND $3::date))::int AS exits
       FROM ${HOUSEHOLDS}`,
    pattern(scope),
    start,
    end,
  );
  return { entries: Number(row.entries), exits: Number(row.exits) };
}

export interface ArchiveQualityFigures {
  assessed: number;
  notAssessed: number;
  /** Percent, two decimals; null when no household is assessed. */
  meanCompleteness: string | null;
  completeShare: string | null;
  consistentShare: string | null;
}

/** From the latest archive assessments (档案核查): completeness and consistency, over the households assessed. */
export async function archiveQuality(sql: Sql, scope: StatsScope): Promise<ArchiveQualityFigures> {
  const [row] = await sql.$queryRawUnsafe<Array<{ assessed: number; not_assessed: number; mean: string | null; complete: string | null; consistent: string | null }>>(
    `SELECT count(a.household_id)::int AS assessed,
            (count(*) - count(a.household_id))::int AS not_assessed,
            round(avg(a.completeness), 2)::text AS mean,
            round(100.0 * count(*) FILTER (WHERE a.completeness >= 100) / nullif(count(a.household_id), 0), 2)::text AS complete,
            round(100.0 * count(*) FILTER (WHERE coalesce(cardinality(a.discrepant_facts), 0) = 0 AND a.household_id IS NOT NULL) / nullif(count(a.household_id), 0), 2)::text AS consistent
       FROM household h LEFT JOIN archive_assessment a ON a.household_id = h.id
      WHERE h.region_code LIKE $1::text AND h.merged_into_id IS NULL`,
    pattern(scope),
  );
  return { assessed: Number(row.assessed), notAssessed: Number(row.not_assessed), meanCompleteness: row.mean, completeShare: row.complete, consistentShare: row.consistent };
}

export interface OpenFindingFigures {
  count: number;
  amountAtRisk: string;
}

/** 多策合一 findings still to be settled (OPEN or CONFIRMED), whatever year they were raised in. */
export async function openFindings(sql: Sql, scope: StatsScope): Promise<OpenFindingFigures> {
  const [row] = await sql.$queryRawUnsafe<Array<{ count: number; amount: string }>>(
    `SELECT count(*)::int AS count, coalesce(sum(f.amount_at_risk), 0)::numeric(16,2)::text AS amount
       FROM finding f JOIN household h ON h.id = f.household_id
      WHERE h.region_code LIKE $1::text AND f.status IN ('OPEN', 'CONFIRMED')`,
    pattern(scope),
  );
  return { count: Number(row.count), amountAtRisk: row.amount };
}

export interface FundFigures<K> {
  key: K;
  /** Subsidies approved or paid. */
  count: number;
  /** Approved and paid (已批准及已发放). */
  amount: string;
  /** Paid (已发放). */
  paid: string;
}

const FUNDS = (key: string, join: string) => `
  SELECT ${key} AS key, count(*)::int AS count, sum(s.amount)::numeric(16,2)::text AS amount,
         coalesce(sum(s.amount) FILTER (WHERE s.state = 'PAID'), 0)::numeric(16,2)::text AS paid
    FROM subsidy s JOIN household h ON h.id = s.household_id ${join}
   WHERE h.region_code LIKE $1::text AND s.year = $2::int AND s.state IN ('APPROVED', 'PAID')
   GROUP BY 1 ORDER BY 1`;

async function funds<K>(sql: Sql, scope: StatsScope, key: string, join = ''): Promise<Array<FundFigures<K>>> {
  yearBounds(scope.year);
  const rows = await sql.$queryRawUnsafe<Array<{ key: K; count: number; amount: string; paid: string }>>(FUNDS(key, join), pattern(scope), scope.year);
  return rows.map((row) => ({ key: row.key, count: Number(row.count), amount: row.amount, paid: row.paid }));
}

/** Funds of the year by paying department (部门资金), by department id. */
export function fundsByDepartment(sql: Sql, scope: StatsScope): Promise<Array<FundFigures<number>>> {
  return funds<number>(sql, scope, 's.department_id');
}

/** Funds of the year by canonical subsidy category (补贴类别), by category code. */
export function fundsByCategory(sql: Sql, scope: StatsScope): Promise<Array<FundFigures<string>>> {
  return funds<string>(sql, scope, 'p.category_code', 'JOIN program p ON p.id = s.program_id');
}
