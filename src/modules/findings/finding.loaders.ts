import type { PrismaClient } from '../../generated/prisma/client';
import { loaderGroupedBy, nodeLoaderById } from '../../graphql/dataloader';
import { toNode } from '../../graphql/relay/node';
import { DetectionRun, Finding, FindingEvent } from './finding.type';

/**
 * One statement per field and request for a page of findings: the page's findings, their
 * subsidies and history are each fetched for all of them at once (rules and versions come from
 * policyRuleLoaders).
 */
export function findingLoaders(prisma: PrismaClient) {
  return {
    findingById: nodeLoaderById(Finding, (ids) => prisma.finding.findMany({ where: { id: { in: ids } } })),
    /** A household's findings, newest first, in every status. */
    findingsByHousehold: loaderGroupedBy(
      async (householdIds: number[]) =>
        (await prisma.finding.findMany({ where: { householdId: { in: householdIds } }, orderBy: { id: 'desc' } })).map((row) => toNode(Finding, row)),
      (finding) => finding.householdId,
    ),
    /** The subsidy ids each finding is about (finding_subsidy), in id order. */
    findingSubsidyIds: loaderGroupedBy(
      (findingIds: number[]) => prisma.findingSubsidy.findMany({ where: { findingId: { in: findingIds } }, orderBy: [{ findingId: 'asc' }, { subsidyId: 'asc' }] }),
      (link) => link.findingId,
    ),
    /** The bank payment ids each finding is about (finding_payment; reconciliation rules only), in id order. */
    findingPaymentIds: loaderGroupedBy(
      (findingIds: number[]) => prisma.findingPayment.findMany({ where: { findingId: { in: findingIds } }, orderBy: [{ findingId: 'asc' }, { paymentId: 'asc' }] }),
      (link) => link.findingId,
    ),
    /** Each finding's history, oldest first. */
    findingEvents: loaderGroupedBy(
      async (findingIds: number[]) =>
        (await prisma.findingEvent.findMany({ where: { findingId: { in: findingIds } }, orderBy: { id: 'asc' } })).map((row) => Object.assign(new FindingEvent(), row)),
      (event) => event.findingId,
    ),
    detectionRunById: nodeLoaderById(DetectionRun, (ids) => prisma.detectionRun.findMany({ where: { id: { in: ids } } })),
  };
}

export type FindingLoaders = ReturnType<typeof findingLoaders>;
