import DataLoader from 'dataloader';
import type { PrismaClient } from '../../generated/prisma/client';
import { loaderGroupedBy, nodeLoaderById } from '../../graphql/dataloader';
import { toNode } from '../../graphql/relay/node';
import { BankCard, BankPayment } from './disbursement.type';
import { fundsFlow, NO_FLOW, type FlowFigures } from './funds-flow.sql';

/** The key of a household's funds flow for a year (or all years) in `fundsFlowByHousehold`. */
export const flowKey = (householdId: number, year: number | null): string => `${householdId}:${year ?? '*'}`;

/**
 * 一户一卡 for one request: cards and payments by id, a profile's cards, the payments matched to
 * each subsidy, and the funds flow of every household on the page, each in one statement per field.
 */
export function disbursementLoaders(prisma: PrismaClient) {
  return {
    bankCardById: nodeLoaderById(BankCard, (ids) => prisma.bankCard.findMany({ where: { id: { in: ids } } })),
    bankPaymentById: nodeLoaderById(BankPayment, (ids) => prisma.bankPayment.findMany({ where: { id: { in: ids } } })),
    /** A household's cards: those in use first, then the newest opened. */
    bankCardsByHousehold: loaderGroupedBy(
      async (householdIds: number[]) =>
        (
          await prisma.bankCard.findMany({
            where: { householdId: { in: householdIds } },
            orderBy: [{ closedOn: { sort: 'desc', nulls: 'first' } }, { openedOn: { sort: 'desc', nulls: 'last' } }, { id: 'asc' }],
          })
        ).map((row) => toNode(BankCard, row)),
      (card) => card.householdId,
    ),
    /** The payments reconciliation matched to each subsidy, oldest first. */
    bankPaymentsBySubsidy: loaderGroupedBy(
      async (subsidyIds: number[]) =>
        (await prisma.bankPayment.findMany({ where: { subsidyId: { in: subsidyIds } }, orderBy: [{ paidOn: 'asc' }, { id: 'asc' }] })).map((row) => toNode(BankPayment, row)),
      (payment) => payment.subsidyId!,
    ),
    /** Keyed by flowKey(householdId, year): one statement per distinct year asked for. */
    fundsFlowByHousehold: new DataLoader<string, FlowFigures>(async (keys) => {
      const byYear = new Map<number | null, number[]>();
      for (const key of keys) {
        const [id, year] = key.split(':');
        const yearValue = year === '*' ? null : Number(year);
        byYear.set(yearValue, [...(byYear.get(yearValue) ?? []), Number(id)]);
      }
      const found = new Map<string, FlowFigures>();
      await Promise.all(
        [...byYear].map(async ([year, householdIds]) => {
          for (const [householdId, figures] of await fundsFlow(prisma, { householdIds }, year, 'HOUSEHOLD')) found.set(flowKey(Number(householdId), year), figures);
        }),
      );
      return keys.map((key) => found.get(key) ?? NO_FLOW);
    }),
  };
}
