import { arrayLiteral } from '../../db/sql-arrays';
import type { Prisma, PrismaClient } from '../../generated/prisma/client';
import type { IdentityReviewKind, IdentityReviewStatus } from '../../generated/prisma/enums';
import { badUserInput } from '../../graphql/errors';
import { keysetWindow, type Page, type PageArgs, toPage } from '../../graphql/relay/connection';
import { toNode } from '../../graphql/relay/node';
import { identityReviewErrors, requireText, type SurvivorType, survivorTypesFor } from './identity-rules';
import { IdentityReview } from './identity-review.type';
import { regionRestricted, seesRegion, type Viewer } from '../auth/access';
import { notVisible, regionWithinScope } from '../auth/access-control';
import { appendAuditEntries, type AuditActor } from '../auth/audit';
import { assessArchivesInTransaction } from '../archive-review/archive-assessment';

type Tx = Prisma.TransactionClient;
type ReviewRow = Awaited<ReturnType<PrismaClient['identityReview']['findUniqueOrThrow']>>;

export interface IdentityReviewListFilter {
  status?: IdentityReviewStatus | null;
  kind?: IdentityReviewKind | null;
  /** County, township or village code: reviews whose village lies in it. */
  regionCode?: string | null;
  /** Row id of a household the reviews must name. */
  householdId?: number | null;
}

export interface Survivor {
  type: SurvivorType;
  id: number;
}

/** A merge rewrites a household's every row; give slow servers time. */
const MERGE_TRANSACTION = { maxWait: 30_000, timeout: 120_000 };

/** Tables whose rows belong to a household and follow it into the survivor. */
const HOUSEHOLD_TABLES: ReadonlyArray<{ table: string; touched: boolean }> = [
  { table: 'member', touched: true },
  { table: 'subsidy', touched: true },
  { table: 'archive_document', touched: true },
  { table: 'pairing', touched: false },
  { table: 'visit', touched: false },
  { table: 'household_status_change', touched: false },
  { table: 'bank_card', touched: true },
  // A payment belongs to the household that holds its card (or its holder): the survivor now.
  { table: 'bank_payment', touched: false },
];

// Prisma stores DateTime as UTC in timestamp columns; raw statements must do the same.
const NOW = `now() AT TIME ZONE 'UTC'`;

export class IdentityReviewService {
  constructor(
    private readonly prisma: PrismaClient,
    private readonly viewer: Viewer,
    private readonly actor: AuditActor,
  ) {}

  async list(filter: IdentityReviewListFilter | null | undefined, page: PageArgs): Promise<Page<IdentityReview>> {
    const window = keysetWindow(page);
    const where: Prisma.IdentityReviewWhereInput = {};
    if (filter?.regionCode) {
      if (!(await this.prisma.region.findUnique({ where: { code: filter.regionCode }, select: { code: true } }))) {
        throw badUserInput('filter.regionCode', `no region with code ${filter.regionCode} is registered`);
      }
    }
    const prefix = regionWithinScope(this.viewer, filter?.regionCode, 'filter.regionCode');
    where.regionCode = { startsWith: prefix };
    if (prefix !== '') {
      // A review across villages is shown only to keys that see every household it names.
      const straddling = await this.prisma.$queryRawUnsafe<Array<{ id: number }>>(
        `SELECT r.id FROM identity_review r WHERE r.region_code::text LIKE $1 || '%'
            AND EXISTS (SELECT 1 FROM household h WHERE h.id = ANY(r.household_ids) AND h.region_code::text NOT LIKE $1 || '%')`,
        prefix,
      );
      if (straddling.length > 0) where.id = { notIn: straddling.map((row) => Number(row.id)) };
    }
    if (filter?.status) where.status = filter.status;
    if (filter?.kind) where.kind = filter.kind;
    if (filter?.householdId != null) where.householdIds = { hasSome: [filter.householdId] };
    const [rows, totalCount] = await Promise.all([
      this.prisma.identityReview.findMany({
        where: window.afterKey === null ? where : { AND: [where, { id: { gt: window.afterKey } }] },
        orderBy: { id: 'asc' },
        take: window.take,
      }),
      this.prisma.identityReview.count({ where }),
    ]);
    return toPage(rows, window, totalCount, (row) => row.id, (row) => toNode(IdentityReview, row));
  }

  /** Resolves a review as not a duplicate. */
  async dismiss(reviewId: number, reason: string, resolvedBy: string): Promise<IdentityReview> {
    const why = requireText(reason, 'reason', reviewId);
    const who = requireText(resolvedBy, 'resolvedBy', reviewId);
    return this.prisma.$transaction(async (tx) => {
      const review = await this.lockOpen(tx, reviewId);
      const row = await tx.identityReview.update({
        where: { id: reviewId },
        data: { status: 'DISMISSED', resolvedAt: new Date(), resolvedBy: who, resolutionReason: why },
      });
      await this.audit(tx, 'DISMISS_IDENTITY_REVIEW', review, ['IdentityReview.status']);
      return toNode(IdentityReview, row);
    }, MERGE_TRANSACTION);
  }

  /**
   * Resolves a review by merging its other households (or members) into the survivor, in one
   * transaction. Nothing is deleted: absorbed records point at the survivor (merged_into_id) and
   * each gets a revision saying so.
   */
  async merge(reviewId: number, survivor: Survivor, reason: string, resolvedBy: string): Promise<IdentityReview> {
    const who = requireText(resolvedBy, 'resolvedBy', reviewId);
    const why = reason.trim();
    return this.prisma.$transaction(async (tx) => {
      const review = await this.lockOpen(tx, reviewId);
      if (!survivorTypesFor(review.kind).includes(survivor.type)) throw identityReviewErrors.mergeNotAllowed(reviewId, review.kind, survivor.type);
      const resolution = { status: 'MERGED' as const, resolvedAt: new Date(), resolvedBy: who, resolutionReason: why === '' ? null : why };
      await this.audit(tx, 'MERGE_IDENTITY_REVIEW', review, ['IdentityReview.status', survivor.type === 'Household' ? 'Household.mergedInto' : 'Member.mergedInto']);
      if (survivor.type === 'Household') {
        await this.mergeHouseholds(tx, review, survivor.id);
        // Documents and members moved: the survivor's stored archive assessment is stale.
        await assessArchivesInTransaction(tx, [survivor.id]);
        return toNode(IdentityReview, await tx.identityReview.update({ where: { id: reviewId }, data: { ...resolution, survivorHouseholdId: survivor.id } }));
      }
      await this.mergeMemberGroup(tx, review, survivor.id);
      await assessArchivesInTransaction(tx, review.householdIds);
      return toNode(IdentityReview, await tx.identityReview.update({ where: { id: reviewId }, data: { ...resolution, survivorMemberId: survivor.id } }));
    }, MERGE_TRANSACTION);
  }

  private audit(tx: Tx, action: 'MERGE_IDENTITY_REVIEW' | 'DISMISS_IDENTITY_REVIEW', review: ReviewRow, fields: string[]): Promise<void> {
    const byHousehold = new Map(review.householdIds.map((id) => [id, new Set(fields)]));
    return appendAuditEntries(tx, this.actor, action, byHousehold, { reviewId: review.id, kind: review.kind });
  }

  /** The review, locked against a concurrent resolution, if it exists and is open. */
  private async lockOpen(tx: Tx, reviewId: number): Promise<ReviewRow> {
    const locked = await tx.$queryRawUnsafe<Array<{ id: number }>>('SELECT id FROM identity_review WHERE id = $1 FOR UPDATE', reviewId);
    const restricted = regionRestricted(this.viewer);
    if (locked.length === 0) throw restricted ? notVisible('IdentityReview') : identityReviewErrors.notFound(reviewId);
    const review = await tx.identityReview.findUniqueOrThrow({ where: { id: reviewId } });
    if (restricted) {
      const households = await tx.household.findMany({ where: { id: { in: review.householdIds } }, select: { regionCode: true } });
      if (!households.every((household) => seesRegion(this.viewer, household.regionCode))) throw notVisible('IdentityReview');
    }
    if (review.status !== 'OPEN') throw identityReviewErrors.notOpen(reviewId, review.status);
    return review;
  }

  private async mergeHouseholds(tx: Tx, review: ReviewRow, survivorId: number): Promise<void> {
    if (!review.householdIds.includes(survivorId)) throw identityReviewErrors.survivorNotInReview(review.id, 'Household', survivorId);
    const households = await tx.household.findMany({ where: { id: { in: review.householdIds } }, select: { id: true, householdNo: true, mergedIntoId: true } });
    const survivor = households.find((household) => household.id === survivorId);
    if (!survivor || survivor.mergedIntoId !== null) throw identityReviewErrors.survivorMerged(review.id, 'Household', survivorId);
    const absorbed = households.filter((household) => household.id !== survivorId && household.mergedIntoId === null).map((household) => household.id);
    if (absorbed.length === 0) throw identityReviewErrors.nothingToMerge(review.id);
    const absorbedIds = arrayLiteral(absorbed);

    // The same person on both sides becomes one: the absorbed copy points at the survivor's.
    const samePerson = await tx.$queryRawUnsafe<Array<{ absorbed_id: number; survivor_id: number }>>(
      `SELECT a.id AS absorbed_id, min(s.id) AS survivor_id
         FROM member a JOIN member s ON s.id_number = a.id_number AND s.household_id = $2 AND s.merged_into_id IS NULL
        WHERE a.household_id = ANY($1::text::int[]) AND a.merged_into_id IS NULL
        GROUP BY a.id`,
      absorbedIds,
      survivorId,
    );
    await this.mergeMembers(
      tx,
      samePerson.map((pair) => ({ absorbedId: Number(pair.absorbed_id), survivorId: Number(pair.survivor_id) })),
    );

    for (const { table, touched } of HOUSEHOLD_TABLES) {
      await tx.$executeRawUnsafe(
        `UPDATE "${table}" SET household_id = $2${touched ? `, updated_at = ${NOW}` : ''} WHERE household_id = ANY($1::text::int[])`,
        absorbedIds,
        survivorId,
      );
    }
    await tx.$executeRawUnsafe(
      `UPDATE department_report SET subject_id = $2 WHERE record_type = 'HOUSEHOLD' AND subject_id = ANY($1::text::int[])`,
      absorbedIds,
      survivorId,
    );
    await tx.$executeRawUnsafe(`UPDATE household SET merged_into_id = $2, updated_at = ${NOW} WHERE id = ANY($1::text::int[])`, absorbedIds, survivorId);
    await insertMergeRevisions(tx, 'HOUSEHOLD', 'household', absorbed.map((id) => ({ id, to: survivor.householdNo })));
  }

  private async mergeMemberGroup(tx: Tx, review: ReviewRow, survivorId: number): Promise<void> {
    if (!review.memberIds.includes(survivorId)) throw identityReviewErrors.survivorNotInReview(review.id, 'Member', survivorId);
    const members = await tx.member.findMany({ where: { id: { in: review.memberIds } }, select: { id: true, mergedIntoId: true } });
    const survivor = members.find((member) => member.id === survivorId);
    if (!survivor || survivor.mergedIntoId !== null) throw identityReviewErrors.survivorMerged(review.id, 'Member', survivorId);
    const absorbed = members.filter((member) => member.id !== survivorId && member.mergedIntoId === null);
    if (absorbed.length === 0) throw identityReviewErrors.nothingToMerge(review.id);
    await this.mergeMembers(tx, absorbed.map((member) => ({ absorbedId: member.id, survivorId })));
  }

  /**
   * Absorbed members point at their survivors; their personal subsidies and department reports
   * follow the survivor (and the survivor's household); each absorbed member gets a revision.
   */
  private async mergeMembers(tx: Tx, pairs: Array<{ absorbedId: number; survivorId: number }>): Promise<void> {
    if (pairs.length === 0) return;
    const absorbedIds = arrayLiteral(pairs.map((pair) => pair.absorbedId));
    const survivorIds = arrayLiteral(pairs.map((pair) => pair.survivorId));
    const pairsFrom = `unnest($1::text::int[], $2::text::int[]) AS p(absorbed_id, survivor_id)`;
    await tx.$executeRawUnsafe(
      `UPDATE member m SET merged_into_id = p.survivor_id, updated_at = ${NOW} FROM ${pairsFrom} WHERE m.id = p.absorbed_id`,
      absorbedIds,
      survivorIds,
    );
    await tx.$executeRawUnsafe(
      `UPDATE subsidy s SET member_id = p.survivor_id, household_id = v.household_id, updated_at = ${NOW}
         FROM ${pairsFrom} JOIN member v ON v.id = p.survivor_id
        WHERE s.member_id = p.absorbed_id`,
      absorbedIds,
      survivorIds,
    );
    await tx.$executeRawUnsafe(
      `UPDATE department_report r SET subject_id = p.survivor_id FROM ${pairsFrom} WHERE r.record_type = 'MEMBER' AND r.subject_id = p.absorbed_id`,
      absorbedIds,
      survivorIds,
    );
    const survivors = await tx.member.findMany({
      where: { id: { in: [...new Set(pairs.map((pair) => pair.survivorId))] } },
      select: { id: true, idNumber: true, household: { select: { householdNo: true } } },
    });
    const label = new Map(survivors.map((member) => [member.id, `${member.idNumber}@${member.household.householdNo}`]));
    await insertMergeRevisions(tx, 'MEMBER', 'member', pairs.map((pair) => ({ id: pair.absorbedId, to: label.get(pair.survivorId)! })));
  }
}

/**
 * One revision per absorbed record, under the record's own department and source record id,
 * numbered after the highest version known for it (its revisions or its department report).
 */
async function insertMergeRevisions(tx: Tx, recordType: 'HOUSEHOLD' | 'MEMBER', table: 'household' | 'member', merged: Array<{ id: number; to: string }>) {
  if (merged.length === 0) return;
  await tx.$executeRawUnsafe(
    `INSERT INTO record_revision (department_id, record_type, source_record_id, subject_id, version, delivery_id, changes, changed_at)
     SELECT x.department_id, $3::"RecordType", x.source_record_id, x.id,
            1 + greatest(
              coalesce((SELECT max(r.version) FROM record_revision r
                         WHERE r.department_id = x.department_id AND r.record_type = $3::"RecordType" AND r.source_record_id = x.source_record_id), 0),
              coalesce((SELECT max(d.version) FROM department_report d
                         WHERE d.department_id = x.department_id AND d.record_type = $3::"RecordType" AND d.source_record_id = x.source_record_id), 0)),
            NULL, jsonb_build_array(jsonb_build_object('field', 'mergedInto', 'from', NULL, 'to', u.merged_into)), ${NOW}
       FROM unnest($1::text::int[], $2::text::text[]) AS u(id, merged_into) JOIN "${table}" x ON x.id = u.id
      ORDER BY x.id`,
    arrayLiteral(merged.map((record) => record.id)),
    arrayLiteral(merged.map((record) => record.to)),
    recordType,
  );
}
