import { arrayLiteral, type SqlValue } from '../../db/sql-arrays';
import type { Prisma } from '../../generated/prisma/client';
import type { RecordType } from './ingest-records';

export type Tx = Prisma.TransactionClient;

/** One changed field of a record version: the history a sending system and an auditor read. */
export interface FieldChange {
  field: string;
  from: SqlValue;
  to: SqlValue;
}

/**
 * A column of a department-keyed table: what is written, and how the stored value reads back as
 * text so that a re-delivery can be compared with what is stored (amounts as "1860.00", dates as
 * YYYY-MM-DD, references by their domain keys rather than row ids).
 */
export interface KeyedColumn<R> {
  column: string;
  sqlType: string;
  field: string;
  write(record: R): SqlValue;
  /** Text to compare with `readSql`; defaults to the written value as text. */
  compare?(record: R): string | null;
  /** SQL reading the stored value back as text; `t` is the table. Defaults to `t.column::text`. */
  readSql?: string;
}

export interface KeyedTable<R> {
  table: string;
  recordType: RecordType;
  /** Households and members keep their versions in department_report, not in their own rows. */
  versionedBy?: 'department_report';
  columns: KeyedColumn<R>[];
}

export interface StoredRow {
  id: number;
  version: number;
  deliveryId: number | null;
  values: Record<string, string | null>;
}

const asText = (value: SqlValue): string | null => (value === null ? null : String(value));

function compareValue<R>(column: KeyedColumn<R>, record: R): string | null {
  return column.compare ? column.compare(record) : asText(column.write(record));
}

export async function loadStored<R>(tx: Tx, spec: KeyedTable<R>, departmentId: number, sourceRecordIds: string[]): Promise<Map<string, StoredRow>> {
  if (sourceRecordIds.length === 0) return new Map();
  const reads = spec.columns.map((column, k) => `${column.readSql ?? `t."${column.column}"::text`} AS c${k}`);
  const rows = await tx.$queryRawUnsafe<Array<Record<string, string | number | null>>>(
    `SELECT t.id, t.version, t.delivery_id, t.source_record_id, ${reads.join(', ')} FROM "${spec.table}" t
      WHERE t.department_id = $1 AND t.source_record_id = ANY($2::text::text[])`,
    departmentId,
    arrayLiteral(sourceRecordIds),
  );
  return new Map(
    rows.map((row) => [
      String(row.source_record_id),
      {
        id: Number(row.id),
        version: Number(row.version),
        deliveryId: row.delivery_id === null ? null : Number(row.delivery_id),
        values: Object.fromEntries(spec.columns.map((column, k) => [column.field, row[`c${k}`] === null ? null : String(row[`c${k}`])])),
      },
    ]),
  );
}

/** The fields whose stored text differs from the delivered record's. */
export function changedFields<R>(spec: KeyedTable<R>, stored: StoredRow, record: R): FieldChange[] {
  const changes: FieldChange[] = [];
  for (const column of spec.columns) {
    const next = compareValue(column, record);
    const previous = stored.values[column.field];
    if (previous !== next) changes.push({ field: column.field, from: previous, to: next });
  }
  return changes;
}

interface Provenance {
  departmentId: number;
  sourceSystem: string | null;
  deliveryId: number;
}

export async function insertKeyed<R extends { sourceRecordId: string }>(tx: Tx, spec: KeyedTable<R>, records: R[], provenance: Provenance): Promise<Map<string, number>> {
  if (records.length === 0) return new Map();
  const names = [...spec.columns.map((column) => `"${column.column}"`), 'source_record_id'];
  const arrays = [...spec.columns.map((column, k) => `$${k + 1}::text::${column.sqlType}[]`), `$${spec.columns.length + 1}::text::text[]`];
  const n = spec.columns.length + 1;
  const delivery = spec.versionedBy ? { column: '', value: '' } : { column: ', delivery_id', value: `, $${n + 3}::int` };
  const rows = await tx.$queryRawUnsafe<Array<{ id: number; source_record_id: string }>>(
    `INSERT INTO "${spec.table}" (${names.join(', ')}, department_id, source_system${delivery.column}, updated_at)
     SELECT u.*, $${n + 1}::int, $${n + 2}::text${delivery.value}, now() AT TIME ZONE 'UTC' FROM unnest(${arrays.join(', ')}) AS u
     RETURNING id, source_record_id`,
    ...spec.columns.map((column) => arrayLiteral(records.map((record) => column.write(record)))),
    arrayLiteral(records.map((record) => record.sourceRecordId)),
    provenance.departmentId,
    provenance.sourceSystem,
    ...(spec.versionedBy ? [] : [provenance.deliveryId]),
  );
  return new Map(rows.map((row) => [row.source_record_id, Number(row.id)]));
}

export async function updateKeyed<R>(tx: Tx, spec: KeyedTable<R>, updates: Array<{ id: number; record: R }>, provenance: Provenance): Promise<void> {
  if (updates.length === 0) return;
  const sets = spec.columns.map((column) => `"${column.column}" = u."${column.column}"`);
  const arrays = ['$1::text::int[]', ...spec.columns.map((column, k) => `$${k + 2}::text::${column.sqlType}[]`)];
  const aliases = ['id', ...spec.columns.map((column) => `"${column.column}"`)];
  const n = spec.columns.length + 1;
  await tx.$executeRawUnsafe(
    `UPDATE "${spec.table}" t SET ${sets.join(', ')}, version = t.version + 1, source_system = $${n + 1}::text,
            delivery_id = $${n + 2}::int, updated_at = now() AT TIME ZONE 'UTC'
       FROM unnest(${arrays.join(', ')}) AS u(${aliases.join(', ')}) WHERE t.id = u.id`,
    arrayLiteral(updates.map((update) => update.id)),
    ...spec.columns.map((column) => arrayLiteral(updates.map((update) => column.write(update.record)))),
    provenance.sourceSystem,
    provenance.deliveryId,
  );
}

export interface RevisionRow {
  departmentId: number;
  recordType: RecordType;
  sourceRecordId: string;
  subjectId: number;
  version: number;
  deliveryId: number | null;
  changes: FieldChange[];
}

export async function insertRevisions(tx: Tx, revisions: RevisionRow[]): Promise<void> {
  if (revisions.length === 0) return;
  await tx.$executeRawUnsafe(
    `INSERT INTO record_revision (department_id, record_type, source_record_id, subject_id, version, delivery_id, changes)
     SELECT * FROM unnest($1::text::int[], $2::text::"RecordType"[], $3::text::text[], $4::text::int[], $5::text::int[], $6::text::int[], $7::text::jsonb[])`,
    arrayLiteral(revisions.map((revision) => revision.departmentId)),
    arrayLiteral(revisions.map((revision) => revision.recordType)),
    arrayLiteral(revisions.map((revision) => revision.sourceRecordId)),
    arrayLiteral(revisions.map((revision) => revision.subjectId)),
    arrayLiteral(revisions.map((revision) => revision.version)),
    arrayLiteral(revisions.map((revision) => revision.deliveryId)),
    arrayLiteral(revisions.map((revision) => JSON.stringify(revision.changes))),
  );
}
