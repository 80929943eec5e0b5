import { userInfo } from 'node:os';
import type { AuditAction } from '../../generated/prisma/enums';
import type { PrismaClient } from '../../generated/prisma/client';
import { arrayLiteral } from '../../db/sql-arrays';
import type { Viewer } from './access';

type Sql = Pick<PrismaClient, '$executeRawUnsafe'>;

/** Who an audit entry names: a key (with the request it made) or the operator at the command line. */
export interface AuditActor {
  name: string;
  keyId: number | null;
  requestId: string | null;
  operation: string | null;
  /** The action a delivery is logged as: INGEST through GraphQL, IMPORT_FILE from the command line. */
  writeAction: Extract<AuditAction, 'INGEST' | 'IMPORT_FILE'>;
}

export function keyActor(viewer: Viewer, requestId: string, operation: string | null = null): AuditActor {
  return { name: viewer.name, keyId: viewer.keyId, requestId, operation, writeAction: 'INGEST' };
}

export function commandLineActor(): AuditActor {
  let user = process.env.USER ?? 'unknown';
  try {
    user = userInfo().username;
  } catch {
    // some containers have no passwd entry for the uid; the environment's USER is the best we have
  }
  return { name: `cli:${user}`, keyId: null, requestId: null, operation: 'import', writeAction: 'IMPORT_FILE' };
}

/** Appends one entry per household, in one statement. `fields` are kept in a stable order. */
export async function appendAuditEntries(
  sql: Sql,
  actor: AuditActor,
  action: AuditAction,
  byHousehold: ReadonlyMap<number | null, ReadonlySet<string>>,
  detail: Record<string, unknown> | null = null,
): Promise<void> {
  if (byHousehold.size === 0) return;
  const households = [...byHousehold.keys()];
  await sql.$executeRawUnsafe(
    `INSERT INTO audit_entry (request_id, api_key_id, actor, action, operation, household_id, fields, detail)
     SELECT $1, $2::int, $3, $4::"AuditAction", $5, u.household_id, string_to_array(u.fields, ','), $6::jsonb
       FROM unnest($7::text::int[], $8::text::text[]) AS u(household_id, fields)`,
    actor.requestId,
    actor.keyId,
    actor.name,
    action,
    actor.operation,
    detail === null ? null : JSON.stringify(detail),
    arrayLiteral(households),
    arrayLiteral(households.map((id) => [...byHousehold.get(id)!].sort().join(','))),
  );
}

/** The writes of one ingest batch, in the batch's own transaction. */
export function recordWrites(sql: Sql, actor: AuditActor, written: ReadonlyMap<number, ReadonlySet<string>>, detail: Record<string, unknown>): Promise<void> {
  return appendAuditEntries(sql, actor, actor.writeAction, written, detail);
}

/**
 * Reads of unmasked personal data during one request, gathered while fields resolve and written
 * before the response leaves: a request whose reads cannot be logged gets no data.
 */
export class PersonalDataReads {
  private readonly byHousehold = new Map<number | null, Set<string>>();

  note(householdIds: readonly number[], field: string): void {
    for (const id of householdIds.length === 0 ? [null] : householdIds) {
      let fields = this.byHousehold.get(id);
      if (!fields) this.byHousehold.set(id, (fields = new Set()));
      fields.add(field);
    }
  }

  get size(): number {
    return this.byHousehold.size;
  }

  async flush(sql: Sql, actor: AuditActor): Promise<void> {
    if (this.byHousehold.size === 0) return;
    const entries = new Map(this.byHousehold);
    this.byHousehold.clear();
    await appendAuditEntries(sql, actor, 'READ_PERSONAL_DATA', entries);
  }
}
