import type { PrismaClient } from '../../generated/prisma/client';
import { FindingStatus } from '../../generated/prisma/enums';
import { badUserInput } from '../../graphql/errors';
import { parseMoney, formatMoney, InvalidMoneyError } from '../../domain/money';
import { regionWithinScope } from '../auth/access-control';
import type { Viewer } from '../auth/access';

/** What a caller may filter findings by (the `overlapFindings` filter, the totals and the export). */
export interface FindingFilterInput {
  regionCode?: string | null;
  householdNo?: string | null;
  /** A department involved in the finding (one of the departments whose subsidies conflict). */
  department?: string | null;
  ruleCode?: string | null;
  status?: FindingStatus[] | null;
  /** Smallest amount at risk, decimal yuan. */
  minAmount?: string | null;
}

/** A filter checked against the catalogue and narrowed to the viewer's region. */
export interface FindingFilter {
  regionPrefix: string;
  householdNo: string | null;
  departmentId: number | null;
  ruleId: number | null;
  statuses: FindingStatus[] | null;
  minAmount: string | null;
}

/** Checks each field (naming it in the error) and narrows the region to what the viewer may read. */
export async function resolveFindingFilter(prisma: PrismaClient, viewer: Viewer, input: FindingFilterInput = {}, argumentName = 'filter'): Promise<FindingFilter> {
  const regionPrefix = regionWithinScope(viewer, input.regionCode ?? null, `${argumentName}.regionCode`);
  let departmentId: number | null = null;
  if (input.department) {
    const code = input.department.trim().toUpperCase();
    const department = await prisma.department.findUnique({ where: { code }, select: { id: true } });
    if (!department) throw badUserInput(`${argumentName}.department`, `no department with code "${input.department}"`);
    departmentId = department.id;
  }
  let ruleId: number | null = null;
  if (input.ruleCode) {
    const rule = await prisma.policyRule.findUnique({ where: { code: input.ruleCode.trim().toUpperCase() }, select: { id: true } });
    if (!rule) throw badUserInput(`${argumentName}.ruleCode`, `no rule with code "${input.ruleCode}"`);
    ruleId = rule.id;
  }
  let minAmount: string | null = null;
  if (input.minAmount !== null && input.minAmount !== undefined) {
    try {
      minAmount = formatMoney(parseMoney(input.minAmount));
    } catch (error) {
      if (!(error instanceof InvalidMoneyError)) throw error;
      throw badUserInput(`${argumentName}.minAmount`, error.message);
    }
  }
  const statuses = input.status && input.status.length > 0 ? [...new Set(input.status)] : null;
  if (statuses?.some((status) => !(status in FindingStatus))) throw badUserInput(`${argumentName}.status`, `use ${Object.keys(FindingStatus).join(', ')}`);
  return { regionPrefix, householdNo: input.householdNo?.trim() || null, departmentId, ruleId, statuses, minAmount };
}

/**
 * The WHERE clause for a filter over `finding f JOIN household h ON h.id = f.household_id`,
 * with its parameters numbered from `firstParameter`.
 */
export function findingConditions(filter: FindingFilter, firstParameter = 1): { where: string; parameters: unknown[] } {
  const conditions: string[] = [];
  const parameters: unknown[] = [];
  const parameter = (value: unknown, cast: string) => {
    parameters.push(value);
    return `$${firstParameter + parameters.length - 1}${cast}`;
  };
  if (filter.regionPrefix !== '') conditions.push(`h.region_code LIKE ${parameter(`${filter.regionPrefix}%`, '::text')}`);
  if (filter.householdNo !== null) conditions.push(`h.household_no = ${parameter(filter.householdNo, '::text')}`);
  if (filter.departmentId !== null) conditions.push(`${parameter(filter.departmentId, '::int')} = ANY(f.department_ids)`);
  if (filter.ruleId !== null) conditions.push(`f.rule_id = ${parameter(filter.ruleId, '::int')}`);
  if (filter.statuses !== null) conditions.push(`f.status::text = ANY(string_to_array(${parameter(filter.statuses.join(','), '::text')}, ','))`);
  if (filter.minAmount !== null) conditions.push(`f.amount_at_risk >= ${parameter(filter.minAmount, '::numeric')}`);
  return { where: conditions.length === 0 ? 'TRUE' : conditions.join(' AND '), parameters };
}
