import { randomUUID } from 'node:crypto';
import { isoDate, utcDay } from '../../domain/dates';
import { chinaToday } from '../../domain/id-number';
import type { Prisma, PrismaClient } from '../../generated/prisma/client';
import type { HouseholdStatus } from '../../generated/prisma/enums';
import type { Loaders } from '../../graphql/context';
import { rowKeyOf } from '../../graphql/relay/global-id';
import { toNode } from '../../graphql/relay/node';
import { assessArchivesInTransaction } from '../archive-review/archive-assessment';
import { loadArchiveConfiguration } from '../archive-review/archive-configuration';
import { regionRestricted, seesRegion, type Viewer } from '../auth/access';
import { notVisible } from '../auth/access-control';
import { appendAuditEntries, type AuditActor } from '../auth/audit';
import { Household, StatusChange } from './household.type';
import { checkStatusChange, STATUS_ZH, type Guarantee, type StatusProblem } from './status-machine';

export interface StatusChangeRequestInput {
  householdId: string;
  toStatus: HouseholdStatus;
  effectiveOn: string;
  actor: string;
  reason?: string | null;
  evidenceDocumentIds?: string[] | null;
  guarantees?: Partial<Record<Guarantee, boolean | null>> | null;
  fromStatus?: HouseholdStatus | null;
}

export type StatusChangeResult = { household: Household; statusChange: StatusChange } | { problems: StatusProblem[] };

class Refused extends Error {
  constructor(readonly problems: StatusProblem[]) {
    super(problems.map((problem) => problem.message).join('; '));
  }
}

const CHANGE_TRANSACTION = { maxWait: 30_000, timeout: 60_000 };
/** Status changes recorded in the hub are the poverty office's facts (扶贫办), whoever's key records them. */
const STATUS_DEPARTMENT = 'POVERTY';

/**
 * Records status changes decided by officials. Every check runs under the household's row lock,
 * so of two concurrent changes one wins and the other is judged against the status it left.
 */
export class HouseholdStatusService {
  constructor(
    private readonly prisma: PrismaClient,
    private readonly loaders: Loaders,
    private readonly viewer: Viewer,
    private readonly actor: AuditActor,
  ) {}

  async change(input: StatusChangeRequestInput): Promise<StatusChangeResult> {
    const householdId = rowKeyOf(input.householdId, 'Household');
    if (householdId === null) {
      return { problems: [{ field: ['householdId'], code: 'INVALID_ID', message: `"${input.householdId}" is not the ID of a Household`, messageZh: `“${input.householdId}”不是农户的标识` }] };
    }
    const seen = await this.prisma.household.findUnique({ where: { id: householdId }, select: { regionCode: true, status: true, mergedIntoId: true } });
    if (!seen || !seesRegion(this.viewer, seen.regionCode)) {
      // Outside the key's region is refused like a look-up, indistinguishable from absent.
      if (regionRestricted(this.viewer)) throw notVisible('Household');
      return { problems: [{ field: ['householdId'], code: 'NOT_FOUND', message: 'no household with this ID exists', messageZh: '该农户不存在' }] };
    }
    if (seen.mergedIntoId !== null) {
      return {
        problems: [{ field: ['householdId'], code: 'HOUSEHOLD_MERGED', message: 'this household was merged into another after an identity review: change the status of the one it became', messageZh: '该户已在身份核查后并入他户，请变更合并后农户的状态' }],
      };
    }

    const idProblems: StatusProblem[] = [];
    const named: number[] = [];
    (input.evidenceDocumentIds ?? []).forEach((globalId, index) => {
      const id = rowKeyOf(globalId, 'ArchiveDocument');
      if (id === null) idProblems.push({ field: ['evidenceDocumentIds', String(index)], code: 'INVALID_ID', message: `"${globalId}" is not the ID of an ArchiveDocument`, messageZh: `“${globalId}”不是档案文件的标识` });
      else named.push(id);
    });
    const documentsNamed = (input.evidenceDocumentIds ?? []).length > 0;

    try {
      const { household, change } = await this.prisma.$transaction(async (tx) => {
        const [locked] = await tx.$queryRawUnsafe<Array<{ status: HouseholdStatus }>>(`SELECT status::text AS status FROM household WHERE id = $1 FOR UPDATE`, householdId);
        const expected = input.fromStatus ?? seen.status;
        if (locked.status !== expected) {
          throw new Refused([
            {
              field: input.fromStatus ? ['fromStatus'] : ['householdId'],
              code: 'STATUS_MOVED',
              message: `the household's status is now ${locked.status}, not ${expected}: another change was recorded meanwhile; look again before deciding`,
              messageZh: `该户状态已变为“${STATUS_ZH[locked.status]}”（不是“${STATUS_ZH[expected]}”），期间已有其他变更，请核实后再操作`,
            },
          ]);
        }
        const [last, documents, configuration] = await Promise.all([
          tx.householdStatusChange.findFirst({ where: { householdId }, orderBy: [{ effectiveOn: 'desc' }, { id: 'desc' }], select: { effectiveOn: true } }),
          tx.archiveDocument.findMany({ where: { householdId, ...(documentsNamed ? { id: { in: named } } : {}) }, orderBy: { id: 'asc' } }),
          loadArchiveConfiguration(tx),
        ]);
        const problems = [...idProblems];
        const found = new Set(documents.map((document) => document.id));
        (input.evidenceDocumentIds ?? []).forEach((globalId, index) => {
          const id = rowKeyOf(globalId, 'ArchiveDocument');
          if (id !== null && !found.has(id)) {
            problems.push({ field: ['evidenceDocumentIds', String(index)], code: 'DOCUMENT_NOT_IN_ARCHIVE', message: `document "${globalId}" is not in this household's archive`, messageZh: `文件“${globalId}”不在该户档案中` });
          }
        });
        const check = checkStatusChange(
          {
            status: locked.status,
            lastChangeOn: isoDate(last?.effectiveOn),
            documents: documents.map((document) => ({
              id: document.id,
              typeCode: document.typeCode,
              title: document.title,
              uniformCode: document.uniformCode,
              documentDate: isoDate(document.documentDate),
              perCapitaIncome: document.perCapitaIncome === null ? null : document.perCapitaIncome.toFixed(2),
            })),
            documentsNamed,
            povertyLines: configuration.povertyLines,
            today: chinaToday(),
          },
          { toStatus: input.toStatus, effectiveOn: input.effectiveOn, actor: input.actor, reason: input.reason, guarantees: input.guarantees },
        );
        if ('problems' in check) problems.push(...check.problems);
        if (problems.length > 0 || !('accepted' in check)) throw new Refused(problems);

        const { accepted } = check;
        const department = await tx.department.findUniqueOrThrow({ where: { code: STATUS_DEPARTMENT }, select: { id: true } });
        const change = await tx.householdStatusChange.create({
          data: {
            householdId,
            fromStatus: locked.status,
            toStatus: input.toStatus,
            effectiveOn: utcDay(input.effectiveOn),
            actor: accepted.actor,
            reason: accepted.reason,
            evidence: accepted.summary,
            evidenceDetail: accepted.evidence as unknown as Prisma.InputJsonValue,
            recordedBy: this.actor.name,
            departmentId: department.id,
            sourceSystem: 'hub',
            sourceRecordId: `hub-status-${randomUUID()}`,
          },
        });
        const household = await tx.household.update({ where: { id: householdId }, data: { status: input.toStatus } });
        await appendAuditEntries(tx, this.actor, 'CHANGE_HOUSEHOLD_STATUS', new Map([[householdId, new Set(['Household.status', 'Household.statusHistory'])]]), {
          statusChangeId: change.id,
          from: locked.status,
          to: input.toStatus,
          effectiveOn: input.effectiveOn,
        });
        // Which archive items are required follows the status, so the assessment is refreshed with it.
        await assessArchivesInTransaction(tx, [householdId]);
        return { household, change };
      }, CHANGE_TRANSACTION);
      const node = toNode(Household, household);
      this.loaders.householdById.clear(householdId).prime(householdId, node);
      this.loaders.statusChangesByHousehold.clear(householdId);
      return { household: node, statusChange: toNode(StatusChange, change) };
    } catch (error) {
      if (error instanceof Refused) return { problems: error.problems };
      throw error;
    }
  }
}
