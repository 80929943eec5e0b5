/**
 * Raises identity review items (疑似重复) for suspected duplicate persons and households. Each kind
 * is one set-based statement: a GROUP BY over live (non-merged) members finds the groups, and only
 * their members are read back. With a small scope the statements are driven by the member
 * id_number index or the household region index; with 'ALL' they scan the county once per kind.
 */
import { arrayLiteral } from '../../db/sql-arrays';
import type { Prisma, PrismaClient } from '../../generated/prisma/client';
import type { IdentityReviewKind } from '../../generated/prisma/enums';
import { birthDateFromIdNumber, type IdentityEvidenceEntry, sortedIds, subjectKey } from './identity-rules';

type Db = PrismaClient | Prisma.TransactionClient;

export type DetectionScope = { idNumbers: string[]; householdIds: number[] } | 'ALL';

interface MemberRow {
  shared: string;
  household_id: number;
  household_no: string;
  member_id: number;
  name: string;
  id_number: string;
  relation: string;
  department_code: string;
  source_record_id: string;
  region_code: string;
}

interface Group {
  kind: IdentityReviewKind;
  key: string;
  regionCode: string;
  householdIds: number[];
  memberIds: number[];
  evidence: IdentityEvidenceEntry[];
}

const INSERT_CHUNK = 1000;

const MEMBER_COLUMNS = `h.id AS household_id, h.household_no, m.id AS member_id, m.name, m.id_number::text AS id_number,
  m.relation::text AS relation, d.code AS department_code, m.source_record_id, h.region_code::text AS region_code`;

const LIVE = 'm.merged_into_id IS NULL AND h.merged_into_id IS NULL';

/** Birth date characters of an ID number, only where they are digits (malformed numbers never match). */
const BIRTH = `substr(m.id_number, 7, 8)`;
const HAS_BIRTH = `${BIRTH} ~ '^[0-9]{8}$'`;

/** Villages of the scoped households, as a filter on `h`; '' for the whole database. */
function villageFilter(scope: DetectionScope, parameter: string): string {
  return scope === 'ALL' ? '' : `AND h.region_code IN (SELECT s.region_code FROM household s WHERE s.id = ANY(${parameter}::text::int[]))`;
}

async function sameIdNumberGroups(db: Db, scope: DetectionScope): Promise<MemberRow[]> {
  if (scope !== 'ALL' && scope.idNumbers.length === 0) return [];
  // bpchar[] so that the comparison stays on the char(18) column and its index.
  const filter = scope === 'ALL' ? '' : 'AND m.id_number = ANY($1::text::bpchar[])';
  return db.$queryRawUnsafe<MemberRow[]>(
    `WITH groups AS MATERIALIZED (
       SELECT m.id_number FROM member m JOIN household h ON h.id = m.household_id
        WHERE ${LIVE} ${filter}
        GROUP BY m.id_number HAVING count(DISTINCT m.household_id) > 1
     )
     SELECT m.id_number::text AS shared, ${MEMBER_COLUMNS}
       FROM groups g JOIN member m ON m.id_number = g.id_number JOIN household h ON h.id = m.household_id
       JOIN department d ON d.id = m.department_id
      WHERE ${LIVE}
      ORDER BY shared, h.household_no, m.id`,
    ...(scope === 'ALL' ? [] : [arrayLiteral([...new Set(scope.idNumbers)])]),
  );
}

async function sameNameAndBirthGroups(db: Db, scope: DetectionScope): Promise<MemberRow[]> {
  if (scope !== 'ALL' && scope.householdIds.length === 0) return [];
  return db.$queryRawUnsafe<MemberRow[]>(
    `WITH groups AS MATERIALIZED (
       SELECT h.region_code, m.name, ${BIRTH} AS birth FROM member m JOIN household h ON h.id = m.household_id
        WHERE ${LIVE} AND ${HAS_BIRTH} ${villageFilter(scope, '$1')}
        GROUP BY h.region_code, m.name, ${BIRTH} HAVING count(DISTINCT m.id_number) > 1
     )
     SELECT g.region_code || '/' || g.name || '/' || g.birth AS shared, ${MEMBER_COLUMNS}
       FROM groups g JOIN household h ON h.region_code = g.region_code
       JOIN member m ON m.household_id = h.id AND m.name = g.name AND ${BIRTH} = g.birth
       JOIN department d ON d.id = m.department_id
      WHERE ${LIVE} ${villageFilter(scope, '$1')}
      ORDER BY shared, h.household_no, m.id`,
    ...(scope === 'ALL' ? [] : [arrayLiteral(scope.householdIds)]),
  );
}

async function sameHeadNameGroups(db: Db, scope: DetectionScope): Promise<MemberRow[]> {
  if (scope !== 'ALL' && scope.householdIds.length === 0) return [];
  return db.$queryRawUnsafe<MemberRow[]>(
    `WITH groups AS MATERIALIZED (
       SELECT h.region_code, m.name FROM member m JOIN household h ON h.id = m.household_id
        WHERE ${LIVE} AND m.relation = 'HEAD' ${villageFilter(scope, '$1')}
        GROUP BY h.region_code, m.name HAVING count(DISTINCT h.id) > 1
     )
     SELECT g.region_code || '/' || g.name AS shared, ${MEMBER_COLUMNS}
       FROM groups g JOIN household h ON h.region_code = g.region_code
       JOIN member m ON m.household_id = h.id AND m.name = g.name AND m.relation = 'HEAD'
       JOIN department d ON d.id = m.department_id
      WHERE ${LIVE} ${villageFilter(scope, '$1')}
      ORDER BY shared, h.household_no, m.id`,
    ...(scope === 'ALL' ? [] : [arrayLiteral(scope.householdIds)]),
  );
}

function toGroups(kind: IdentityReviewKind, rows: MemberRow[]): Group[] {
  const byShared = new Map<string, MemberRow[]>();
  for (const row of rows) {
    const list = byShared.get(row.shared);
    if (list) list.push(row);
    else byShared.set(row.shared, [row]);
  }
  return [...byShared].map(([shared, members]) => {
    const evidence: IdentityEvidenceEntry[] = members.map((row) => ({
      householdId: Number(row.household_id),
      householdNo: row.household_no,
      memberId: Number(row.member_id),
      name: row.name,
      idNumber: row.id_number.trim(),
      birthDate: birthDateFromIdNumber(row.id_number),
      relation: row.relation,
      departmentCode: row.department_code,
      sourceRecordId: row.source_record_id,
      regionCode: row.region_code,
    }));
    const householdIds = sortedIds(evidence.map((entry) => entry.householdId));
    const memberIds = sortedIds(evidence.map((entry) => entry.memberId));
    // Across villages (same ID number only) the item belongs to the village of the lowest household.
    const regionCode = evidence.find((entry) => entry.householdId === householdIds[0])!.regionCode;
    const ids = kind === 'SAME_HEAD_NAME_IN_VILLAGE' ? householdIds : memberIds;
    return { kind, key: subjectKey(kind, shared, ids), regionCode, householdIds, memberIds, evidence };
  });
}

async function insertNew(db: Db, groups: Group[], raisedByDeliveryId: number | null): Promise<number[]> {
  const ids: number[] = [];
  for (let from = 0; from < groups.length; from += INSERT_CHUNK) {
    const chunk = groups.slice(from, from + INSERT_CHUNK);
    const rows = await db.$queryRawUnsafe<Array<{ id: number }>>(
      `INSERT INTO identity_review (kind, subject_key, region_code, household_ids, member_ids, evidence, raised_by_delivery_id, raised_at)
       SELECT u.kind, u.subject_key, u.region_code, u.household_ids::int[], u.member_ids::int[], u.evidence::jsonb, $7::int, now() AT TIME ZONE 'UTC'
         FROM unnest($1::text::"IdentityReviewKind"[], $2::text::text[], $3::text::text[], $4::text::text[], $5::text::text[], $6::text::text[])
           AS u(kind, subject_key, region_code, household_ids, member_ids, evidence)
       ON CONFLICT (subject_key) DO NOTHING
       RETURNING id`,
      arrayLiteral(chunk.map((group) => group.kind)),
      arrayLiteral(chunk.map((group) => group.key)),
      arrayLiteral(chunk.map((group) => group.regionCode)),
      arrayLiteral(chunk.map((group) => `{${group.householdIds.join(',')}}`)),
      arrayLiteral(chunk.map((group) => `{${group.memberIds.join(',')}}`)),
      arrayLiteral(chunk.map((group) => JSON.stringify(group.evidence))),
      raisedByDeliveryId,
    );
    ids.push(...rows.map((row) => Number(row.id)));
  }
  return ids.sort((a, b) => a - b);
}

/**
 * Finds suspected duplicates among live records and raises an item for each group not raised
 * before (in any status). Returns the ids of the items newly raised.
 *
 * Scope: the ID numbers to check for SAME_ID_NUMBER_IN_TWO_HOUSEHOLDS, and the households whose
 * villages to check for the two village kinds; or 'ALL'.
 */
export async function detectIdentityReviews(db: Db, scope: DetectionScope, raisedByDeliveryId: number | null): Promise<number[]> {
  // One statement at a time: a transaction client runs on one connection.
  const sameId = await sameIdNumberGroups(db, scope);
  const sameNameAndBirth = await sameNameAndBirthGroups(db, scope);
  const sameHead = await sameHeadNameGroups(db, scope);
  const groups = [
    ...toGroups('SAME_ID_NUMBER_IN_TWO_HOUSEHOLDS', sameId),
    ...toGroups('SAME_NAME_AND_BIRTH_DATE_IN_VILLAGE', sameNameAndBirth),
    ...toGroups('SAME_HEAD_NAME_IN_VILLAGE', sameHead),
  ];
  return insertNew(db, groups, raisedByDeliveryId);
}
