import type { Prisma, PrismaClient } from '../../generated/prisma/client';
import type { AuditAction } from '../../generated/prisma/enums';
import { badUserInput } from '../../graphql/errors';
import { keysetWindow, toPage, type Page, type PageArgs } from '../../graphql/relay/connection';
import { toGlobalId } from '../../graphql/relay/global-id';
import { AuditEntry } from './api-key.type';

export interface AuditLogQuery {
  action?: AuditAction | null;
  householdNo?: string | null;
  apiKeyId?: number | null;
  requestId?: string | null;
}

/** Reads the audit log. There is no method to change it: the table refuses UPDATE and DELETE too. */
export class AuditLogService {
  constructor(private readonly prisma: PrismaClient) {}

  /** Newest first: the cursor walks down the ids. */
  async list(filter: AuditLogQuery, page: PageArgs): Promise<Page<AuditEntry>> {
    const window = keysetWindow(page);
    const where: Prisma.AuditEntryWhereInput = {};
    if (filter.action) where.action = filter.action;
    if (filter.apiKeyId != null) where.apiKeyId = filter.apiKeyId;
    if (filter.requestId) where.requestId = filter.requestId;
    if (filter.householdNo) {
      const household = await this.prisma.household.findUnique({ where: { householdNo: filter.householdNo.trim() }, select: { id: true } });
      if (!household) throw badUserInput('filter.householdNo', `no household with household number (户编号) "${filter.householdNo}"`);
      where.householdId = household.id;
    }
    const [rows, totalCount] = await Promise.all([
      this.prisma.auditEntry.findMany({
        where: window.afterKey === null ? where : { AND: [where, { id: { lt: BigInt(window.afterKey) } }] },
        orderBy: { id: 'desc' },
        take: window.take,
      }),
      this.prisma.auditEntry.count({ where }),
    ]);
    const householdNos = new Map(
      (await this.prisma.household.findMany({ where: { id: { in: rows.flatMap((row) => row.householdId ?? []) } }, select: { id: true, householdNo: true } })).map((h) => [h.id, h.householdNo]),
    );
    return toPage(rows, window, totalCount, (row) => Number(row.id), (row) =>
      Object.assign(new AuditEntry(), {
        occurredAt: row.occurredAt,
        action: row.action,
        actor: row.actor,
        apiKeyId: row.apiKeyId === null ? null : toGlobalId('ApiKey', row.apiKeyId),
        requestId: row.requestId,
        operation: row.operation,
        householdId: row.householdId === null ? null : toGlobalId('Household', row.householdId),
        householdNo: row.householdId === null ? null : (householdNos.get(row.householdId) ?? null),
        fields: row.fields,
        detail: row.detail === null ? null : JSON.stringify(row.detail),
      }),
    );
  }
}
