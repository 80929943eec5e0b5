/**
 * Several departments report the same household or person. Which one is believed for a fact is
 * configuration (fact_authority rows with effective dates); this module only applies it.
 */

export type FactValue = string | number | boolean | null;
export type Facts = Record<string, FactValue>;

export interface DepartmentFacts {
  departmentCode: string;
  values: Facts;
  /** The department whose record created the household or member. */
  creator: boolean;
  reportedAt: Date;
}

export interface AuthorityRule {
  fact: string;
  departmentCode: string;
  effectiveFrom: string;
  effectiveTo: string | null;
}

/** The authoritative department per fact on a day (YYYY-MM-DD). */
export function authorityOn(rules: readonly AuthorityRule[], day: string): Map<string, string> {
  const byFact = new Map<string, AuthorityRule>();
  for (const rule of rules) {
    if (rule.effectiveFrom > day || (rule.effectiveTo !== null && rule.effectiveTo < day)) continue;
    const current = byFact.get(rule.fact);
    if (!current || current.effectiveFrom < rule.effectiveFrom) byFact.set(rule.fact, rule);
  }
  return new Map([...byFact].map(([fact, rule]) => [fact, rule.departmentCode]));
}

/**
 * Each fact's value: the authoritative department's when it states one; otherwise the creating
 * department's; otherwise the latest report that states it. Facts nobody states stay absent.
 */
export function resolveFacts(reports: readonly DepartmentFacts[], authority: ReadonlyMap<string, string>): Facts {
  const facts = new Set(reports.flatMap((report) => Object.keys(report.values)));
  const resolved: Facts = {};
  const latestFirst = [...reports].sort((a, b) => b.reportedAt.getTime() - a.reportedAt.getTime());
  for (const fact of facts) {
    const stating = latestFirst.filter((report) => report.values[fact] !== null && report.values[fact] !== undefined);
    const chosen =
      stating.find((report) => report.departmentCode === authority.get(fact)) ?? stating.find((report) => report.creator) ?? stating[0];
    if (chosen) resolved[fact] = chosen.values[fact];
  }
  return resolved;
}

export interface FactComparison {
  fact: string;
  value: FactValue;
  authoritativeDepartment: string | null;
  agrees: boolean;
  reports: Array<{ departmentCode: string; value: FactValue; authoritative: boolean; report: DepartmentFacts }>;
}

/** Every department's value of every fact stated by anyone, and whether they agree. */
export function compareFacts(reports: readonly DepartmentFacts[], authority: ReadonlyMap<string, string>): FactComparison[] {
  const resolved = resolveFacts(reports, authority);
  return Object.keys(resolved)
    .sort()
    .map((fact) => {
      const stating = reports.filter((report) => report.values[fact] !== null && report.values[fact] !== undefined);
      const values = new Set(stating.map((report) => JSON.stringify(report.values[fact])));
      return {
        fact,
        value: resolved[fact],
        authoritativeDepartment: authority.get(fact) ?? null,
        agrees: values.size <= 1,
        reports: stating.map((report) => ({
          departmentCode: report.departmentCode,
          value: report.values[fact],
          authoritative: report.departmentCode === authority.get(fact),
          report,
        })),
      };
    });
}
