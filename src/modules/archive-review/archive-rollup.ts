import { Decimal } from 'decimal.js';
import { toHundredths } from '../../domain/money';
import type { PrismaClient } from '../../generated/prisma/client';
import { percent } from './completeness';

type Sql = Pick<PrismaClient, '$queryRawUnsafe'>;

export type RollupLevel = 'VILLAGE' | 'TOWNSHIP' | 'COUNTY';

/** The code of the village, township or county a household's village code lies in, in SQL. */
const UNIT_AT: Record<RollupLevel, string> = {
  VILLAGE: `h.region_code::text`,
  TOWNSHIP: `substr(h.region_code, 1, 9) || '000'`,
  COUNTY: `substr(h.region_code, 1, 6) || '000000'`,
};

const FROM = `FROM archive_assessment a JOIN household h ON h.id = a.household_id`;
const WHERE = `h.region_code LIKE $1 AND h.merged_into_id IS NULL`;

export interface CodeCount {
  code: string;
  households: number;
}

export interface RollupFigures {
  regionCode: string;
  householdsAssessed: number;
  completeHouseholds: number;
  meanCompleteness: string;
  completeShare: string;
  consistentHouseholds: number;
  consistencyRate: string;
  missingByItem: CodeCount[];
  duplicatedByItem: CodeCount[];
  discrepanciesByFact: CodeCount[];
}

export interface WorstHousehold {
  householdId: number;
  completeness: string;
  missingCodes: string[];
  duplicatedCodes: string[];
  discrepantFacts: string[];
  assessedAt: Date;
}

export interface Rollup {
  total: RollupFigures;
  units: RollupFigures[];
  worstUnits: RollupFigures[];
  worstHouseholds: WorstHousehold[];
}

function figures(regionCode: string, assessed: number, complete: number, completenessSum: Decimal, consistent: number): RollupFigures {
  return {
    regionCode,
    householdsAssessed: assessed,
    completeHouseholds: complete,
    meanCompleteness: assessed === 0 ? '0.00' : toHundredths(completenessSum.dividedBy(assessed)).toFixed(2),
    completeShare: assessed === 0 ? '0.00' : percent(complete, assessed),
    consistentHouseholds: consistent,
    consistencyRate: assessed === 0 ? '0.00' : percent(consistent, assessed),
    missingByItem: [],
    duplicatedByItem: [],
    discrepanciesByFact: [],
  };
}

const list = (text: string | null) => (text ? text.split(',') : []);

function sortedCounts(counts: Map<string, number>): CodeCount[] {
  return [...counts].map(([code, households]) => ({ code, households })).sort((a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0));
}

/**
 * The archive review of the households under `prefix` (a region code prefix, '' for everything),
 * per unit at `level`, from the stored assessments: one GROUP BY for the units' figures, one per
 * kind of code (missing, duplicated, discrepant), one for the worst households. The region's total
 * is the sum of its units, exact.
 */
export async function archiveRollup(sql: Sql, prefix: string, regionCode: string, level: RollupLevel, worst: number): Promise<Rollup> {
  const unit = UNIT_AT[level];
  const like = `${prefix}%`;
  const codesBy = (column: string) =>
    sql.$queryRawUnsafe<Array<{ region_code: string; code: string; households: number }>>(
      `SELECT ${unit} AS region_code, c.code, count(*)::int AS households
         ${FROM} CROSS JOIN LATERAL unnest(a.${column}) AS c(code)
        WHERE ${WHERE} GROUP BY 1, 2 ORDER BY 1, 2`,
      like,
    );
  const [rows, missing, duplicated, discrepant, worstRows] = await Promise.all([
    sql.$queryRawUnsafe<Array<{ region_code: string; assessed: number; complete: number; completeness_sum: string; consistent: number }>>(
      `SELECT ${unit} AS region_code, count(*)::int AS assessed,
              count(*) FILTER (WHERE cardinality(a.missing_codes) = 0)::int AS complete,
              coalesce(sum(a.completeness), 0)::text AS completeness_sum,
              count(*) FILTER (WHERE cardinality(a.discrepant_facts) = 0)::int AS consistent
         ${FROM} WHERE ${WHERE} GROUP BY 1 ORDER BY 1`,
      like,
    ),
    codesBy('missing_codes'),
    codesBy('duplicated_codes'),
    codesBy('discrepant_facts'),
    sql.$queryRawUnsafe<Array<{ household_id: number; completeness: string; missing_codes: string; duplicated_codes: string; discrepant_facts: string; assessed_at: Date }>>(
      `SELECT a.household_id, a.completeness::text AS completeness, array_to_string(a.missing_codes, ',') AS missing_codes,
              array_to_string(a.duplicated_codes, ',') AS duplicated_codes, array_to_string(a.discrepant_facts, ',') AS discrepant_facts, a.assessed_at
         ${FROM} WHERE ${WHERE}
        ORDER BY a.completeness, cardinality(a.discrepant_facts) + cardinality(a.duplicated_codes) DESC, a.household_id LIMIT $2`,
      like,
      worst,
    ),
  ]);
  const units = rows.map((row) => figures(row.region_code, Number(row.assessed), Number(row.complete), new Decimal(row.completeness_sum), Number(row.consistent)));
  const byCode = new Map(units.map((u) => [u.regionCode, u]));
  const totals = { missing: new Map<string, number>(), duplicated: new Map<string, number>(), discrepant: new Map<string, number>() };
  const spread = (list: typeof missing, pick: (u: RollupFigures) => CodeCount[], total: Map<string, number>) => {
    for (const row of list) {
      pick(byCode.get(row.region_code)!).push({ code: row.code, households: Number(row.households) });
      total.set(row.code, (total.get(row.code) ?? 0) + Number(row.households));
    }
  };
  spread(missing, (u) => u.missingByItem, totals.missing);
  spread(duplicated, (u) => u.duplicatedByItem, totals.duplicated);
  spread(discrepant, (u) => u.discrepanciesByFact, totals.discrepant);
  const total = figures(
    regionCode,
    units.reduce((n, u) => n + u.householdsAssessed, 0),
    units.reduce((n, u) => n + u.completeHouseholds, 0),
    rows.reduce((sum, row) => sum.plus(row.completeness_sum), new Decimal(0)),
    units.reduce((n, u) => n + u.consistentHouseholds, 0),
  );
  total.missingByItem = sortedCounts(totals.missing);
  total.duplicatedByItem = sortedCounts(totals.duplicated);
  total.discrepanciesByFact = sortedCounts(totals.discrepant);
  const worstUnits = [...units]
    .sort((a, b) => new Decimal(a.meanCompleteness).comparedTo(b.meanCompleteness) || a.consistentHouseholds / a.householdsAssessed - b.consistentHouseholds / b.householdsAssessed || a.regionCode.localeCompare(b.regionCode))
    .slice(0, worst);
  return {
    total,
    units,
    worstUnits,
    worstHouseholds: worstRows.map((row) => ({
      householdId: Number(row.household_id),
      completeness: row.completeness,
      missingCodes: list(row.missing_codes),
      duplicatedCodes: list(row.duplicated_codes),
      discrepantFacts: list(row.discrepant_facts),
      assessedAt: row.assessed_at,
    })),
  };
}
