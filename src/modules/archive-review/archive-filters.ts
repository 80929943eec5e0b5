import type { Prisma } from '../../generated/prisma/client';
import { badUserInput } from '../../graphql/errors';

export interface ArchiveFilterInput {
  completenessBelow?: string | null;
  missingItem?: string | null;
  duplicatedItem?: string | null;
  discrepancy?: string | null;
}

const PERCENT = /^\d{1,3}(\.\d{1,2})?$/;

/** Conditions on the stored archive assessment (archive_assessment); a household never assessed matches none of them. */
export function archiveFilterConditions(filter: ArchiveFilterInput | null | undefined): Prisma.HouseholdWhereInput[] {
  if (!filter) return [];
  const assessment: Prisma.ArchiveAssessmentWhereInput = {};
  const below = filter.completenessBelow?.trim();
  if (below !== undefined && below !== null && below !== '') {
    if (!PERCENT.test(below) || Number(below) > 100) throw badUserInput('filter.completenessBelow', `give a percentage from 0 to 100 with at most 2 decimals, e.g. "80"; got "${filter.completenessBelow}"`);
    assessment.completeness = { lt: below };
  }
  if (filter.missingItem) assessment.missingCodes = { has: filter.missingItem.trim().toUpperCase() };
  if (filter.duplicatedItem) assessment.duplicatedCodes = { has: filter.duplicatedItem.trim().toUpperCase() };
  if (filter.discrepancy) assessment.discrepantFacts = { has: filter.discrepancy };
  return Object.keys(assessment).length === 0 ? [] : [{ archiveAssessment: { is: assessment } }];
}
