import { chinaToday } from '../../domain/id-number';
import { arrayLiteral } from '../../db/sql-arrays';
import type { PrismaClient } from '../../generated/prisma/client';
import type { AuthorityRule } from './fact-authority';
import { applyBatch, type BatchOutcome, type DeliveryContext, type RejectedRecord } from './ingest-batch';
import type { IngestRecords, RecordType } from './ingest-records';
import type { Tx } from './keyed-table';
import { commandLineActor, type AuditActor } from '../auth/audit';
import { detectInTransaction } from '../findings/finding-detection';
import { assessArchivesInTransaction } from '../archive-review/archive-assessment';

export const DEFAULT_MAX_RECORDS_PER_DELIVERY = 5000;
/** A batch of a thousand records takes well under a second; a slow disk or a busy server gets room. */
const BATCH_TRANSACTION = { maxWait: 60_000, timeout: 300_000 };

export interface IngestProblem {
  field: string[];
  code: string;
  message: string;
  messageZh: string;
}

export class DeliveryRefused extends Error {
  constructor(readonly problem: IngestProblem) {
    super(problem.message);
  }
}

export interface OpenDelivery {
  id: number;
  departmentId: number;
  departmentCode: string;
  sourceSystem: string | null;
  rowsDone: number;
}

export interface DeliveryOutcome extends BatchOutcome {
  deliveryId: number;
  accepted: number;
  /** 多策合一 findings the delivery raised or reopened for the households it wrote. */
  findingIds: number[];
}

/** A batch's records and the findings they caused, written in one transaction. */
type JudgedBatch = BatchOutcome & { findingIds: number[] };

type RowNumbers = Partial<Record<RecordType, number[]>>;

/** A chunk of a file: which sheet row each record came from, the last row it covers, and rows refused before they became records. */
export interface FileChunk {
  rowNumbers: RowNumbers;
  rowsThrough: number;
  unreadableRows?: RejectedRecord[];
}

const RECORD_LISTS = ['households', 'members', 'subsidies', 'documents', 'bankCards', 'bankPayments'] as const;

/**
 * Deliveries of department records (数据报送). The GraphQL mutation and the file import both come
 * here: a delivery is opened, its records are applied in batches, each batch in one transaction
 * that also advances the delivery's counters, and the delivery is closed.
 */
export class IngestService {
  constructor(
    private readonly prisma: PrismaClient,
    private readonly maxRecordsPerDelivery = DEFAULT_MAX_RECORDS_PER_DELIVERY,
    /** Who delivers, for the audit log; the command line unless a key says otherwise. */
    private readonly actor: AuditActor = commandLineActor(),
  ) {}

  /** Runs the 多策合一 rules and the archive checks on the households a batch wrote, inside the batch's transaction. */
  private async judge(tx: Tx, deliveryId: number, outcome: BatchOutcome): Promise<JudgedBatch> {
    const judged = new Set([...outcome.written.keys(), ...(outcome.reconciled ?? [])]);
    if (judged.size === 0) return { ...outcome, findingIds: [] };
    const detection = await detectInTransaction(tx, judged, this.actor, deliveryId);
    await assessArchivesInTransaction(tx, outcome.written.keys());
    return { ...outcome, findingIds: detection.findingIds };
  }

  /** One GraphQL delivery: refused as a whole only for an unknown department or an oversized batch. */
  async ingest(department: string, sourceSystem: string | null | undefined, records: IngestRecords): Promise<DeliveryOutcome> {
    const count = RECORD_LISTS.reduce((sum, list) => sum + (records[list]?.length ?? 0), 0);
    if (count > this.maxRecordsPerDelivery) {
      throw new DeliveryRefused({
        field: ['input'],
        code: 'BATCH_TOO_LARGE',
        message: `the delivery holds ${count} records; at most ${this.maxRecordsPerDelivery} are accepted at once: split it into several deliveries`,
        messageZh: `本批共 ${count} 条记录，超过单批上限 ${this.maxRecordsPerDelivery} 条，请分批报送`,
      });
    }
    const delivery = await this.openDelivery({ department, sourceSystem, channel: 'GRAPHQL' });
    const outcome = await this.applyChunk(delivery, records);
    await this.finishDelivery(delivery.id);
    return outcome;
  }

  async openDelivery(options: {
    department: string;
    sourceSystem?: string | null;
    channel: 'GRAPHQL' | 'FILE';
    fileName?: string;
    fileSha256?: string;
    mapping?: string;
  }): Promise<OpenDelivery> {
    const department = await this.department(options.department);
    const sourceSystem = options.sourceSystem?.trim() || null;
    if (sourceSystem && (sourceSystem.length > 100 || /[\u0000-\u001f\u007f]/.test(sourceSystem))) {
      throw new DeliveryRefused({ field: ['input', 'sourceSystem'], code: 'INVALID_VALUE', message: 'sourceSystem must be at most 100 printable characters', messageZh: '来源系统名称须为不超过 100 个可打印字符' });
    }
    const row = await this.prisma.delivery.create({
      data: { departmentId: department.id, sourceSystem, channel: options.channel, fileName: options.fileName, fileSha256: options.fileSha256, mapping: options.mapping },
    });
    return { id: row.id, departmentId: department.id, departmentCode: department.code, sourceSystem, rowsDone: 0 };
  }

  /** An unfinished file import of the same file by the same department with the same mapping. */
  async resumableDelivery(department: string, fileSha256: string, mapping: string): Promise<OpenDelivery | null> {
    const found = await this.department(department);
    const row = await this.prisma.delivery.findFirst({
      where: { departmentId: found.id, fileSha256, mapping, channel: 'FILE', status: 'RUNNING' },
      orderBy: { id: 'desc' },
    });
    return row && { id: row.id, departmentId: found.id, departmentCode: found.code, sourceSystem: row.sourceSystem, rowsDone: row.rowsDone };
  }

  /**
   * Applies records in one transaction with the delivery's counters (and, for files, the last row
   * done). If the batch fails as a whole, each record is retried alone so the good ones still land.
   */
  async applyChunk(delivery: OpenDelivery, records: IngestRecords, file?: FileChunk): Promise<DeliveryOutcome> {
    const context = await this.context(delivery);
    try {
      const outcome = await this.prisma.$transaction(async (tx) => {
        const result = await applyBatch(tx, context, records, file?.rowNumbers);
        result.rejected.push(...(file?.unreadableRows ?? []));
        await this.record(tx, delivery.id, result, file?.rowsThrough);
        return this.judge(tx, delivery.id, result);
      }, BATCH_TRANSACTION);
      return this.summarise(delivery.id, outcome);
    } catch (error) {
      if (error instanceof DeliveryRefused) throw error;
      return this.applyOneByOne(delivery, context, records, file, error);
    }
  }

  private async applyOneByOne(delivery: OpenDelivery, context: DeliveryContext, records: IngestRecords, file: FileChunk | undefined, batchError: unknown): Promise<DeliveryOutcome> {
    console.error(`delivery ${delivery.id}: batch failed as a whole, retrying record by record:`, batchError);
    const total: JudgedBatch = { created: 0, updated: 0, unchanged: 0, rejected: [], identityReviewIds: [], written: new Map(), findingIds: [] };
    if (file?.unreadableRows?.length) {
      const unreadable = { ...total, rejected: file.unreadableRows };
      await this.prisma.$transaction((tx) => this.record(tx, delivery.id, unreadable, undefined), BATCH_TRANSACTION);
      total.rejected.push(...file.unreadableRows);
    }
    for (const list of RECORD_LISTS) {
      const recordType = LIST_TYPES[list];
      const items = (records[list] ?? []) as Array<{ sourceRecordId?: string | null }>;
      for (let index = 0; index < items.length; index++) {
        const rowNumber = file?.rowNumbers[recordType]?.[index] ?? null;
        const single = { [list]: [items[index]] } as IngestRecords;
        let outcome: JudgedBatch;
        try {
          outcome = await this.prisma.$transaction(async (tx) => {
            const result = await applyBatch(tx, context, single, rowNumber === null ? undefined : { [recordType]: [rowNumber] });
            result.rejected.forEach((rejection) => (rejection.index = index));
            await this.record(tx, delivery.id, result, rowNumber ?? undefined);
            return this.judge(tx, delivery.id, result);
          }, BATCH_TRANSACTION);
        } catch (error) {
          console.error(`delivery ${delivery.id}: ${recordType} record ${index} could not be written:`, error);
          outcome = { created: 0, updated: 0, unchanged: 0, identityReviewIds: [], written: new Map(), findingIds: [], rejected: [writeFailed(recordType, index, rowNumber, items[index]?.sourceRecordId)] };
          await this.prisma.$transaction((tx) => this.record(tx, delivery.id, outcome, rowNumber ?? undefined), BATCH_TRANSACTION);
        }
        total.created += outcome.created;
        total.updated += outcome.updated;
        total.unchanged += outcome.unchanged;
        total.rejected.push(...outcome.rejected);
        total.identityReviewIds.push(...outcome.identityReviewIds);
        total.findingIds.push(...outcome.findingIds);
        for (const [household, fields] of outcome.written) total.written.set(household, new Set([...(total.written.get(household) ?? []), ...fields]));
      }
    }
    if (file) await this.prisma.delivery.update({ where: { id: delivery.id }, data: { rowsDone: file.rowsThrough } });
    return this.summarise(delivery.id, total);
  }

  async finishDelivery(deliveryId: number): Promise<void> {
    await this.prisma.delivery.update({ where: { id: deliveryId }, data: { status: 'COMPLETED', finishedAt: new Date() } });
  }

  private summarise(deliveryId: number, outcome: JudgedBatch): DeliveryOutcome {
    return { ...outcome, deliveryId, accepted: outcome.created + outcome.updated + outcome.unchanged };
  }

  private async record(tx: Tx, deliveryId: number, outcome: BatchOutcome, rowsThrough: number | undefined): Promise<void> {
    const received = outcome.created + outcome.updated + outcome.unchanged + outcome.rejected.length;
    await tx.$executeRawUnsafe(
      `UPDATE delivery SET received = received + $2, created = created + $3, updated = updated + $4, unchanged = unchanged + $5,
              rejected = rejected + $6, rows_done = GREATEST(rows_done, COALESCE($7::int, rows_done)) WHERE id = $1`,
      deliveryId,
      received,
      outcome.created,
      outcome.updated,
      outcome.unchanged,
      outcome.rejected.length,
      rowsThrough ?? null,
    );
    const rejected = outcome.rejected;
    if (rejected.length === 0) return;
    await tx.$executeRawUnsafe(
      `INSERT INTO delivery_rejection (delivery_id, record_type, index, row_number, source_record_id, field, code, message, message_zh)
       SELECT $1::int, * FROM unnest($2::text::"RecordType"[], $3::text::int[], $4::text::int[], $5::text::text[], $6::text::text[], $7::text::text[], $8::text::text[], $9::text::text[])`,
      deliveryId,
      arrayLiteral(rejected.map((r) => r.recordType)),
      arrayLiteral(rejected.map((r) => r.index)),
      arrayLiteral(rejected.map((r) => r.rowNumber)),
      arrayLiteral(rejected.map((r) => r.sourceRecordId?.slice(0, 200) ?? null)),
      arrayLiteral(rejected.map((r) => r.field)),
      arrayLiteral(rejected.map((r) => r.code)),
      arrayLiteral(rejected.map((r) => r.message.slice(0, 2000))),
      arrayLiteral(rejected.map((r) => r.messageZh.slice(0, 2000))),
    );
  }

  private async department(code: string): Promise<{ id: number; code: string }> {
    const department = await this.prisma.department.findUnique({ where: { code: code.trim().toUpperCase() }, select: { id: true, code: true } });
    if (!department) {
      const known = (await this.prisma.department.findMany({ select: { code: true }, orderBy: { code: 'asc' } })).map((d) => d.code).join(', ');
      throw new DeliveryRefused({
        field: ['input', 'department'],
        code: 'UNKNOWN_DEPARTMENT',
        message: `no department with code "${code}"; registered departments: ${known}`,
        messageZh: `部门代码“${code}”未登记；已登记部门：${known}`,
      });
    }
    return department;
  }

  private async context(delivery: OpenDelivery): Promise<DeliveryContext> {
    const rules = await this.prisma.factAuthority.findMany();
    const asRule = (rule: (typeof rules)[number]): AuthorityRule => ({
      fact: rule.fact,
      departmentCode: rule.departmentCode,
      effectiveFrom: rule.effectiveFrom.toISOString().slice(0, 10),
      effectiveTo: rule.effectiveTo?.toISOString().slice(0, 10) ?? null,
    });
    return {
      deliveryId: delivery.id,
      departmentId: delivery.departmentId,
      departmentCode: delivery.departmentCode,
      sourceSystem: delivery.sourceSystem,
      today: chinaToday(),
      householdAuthority: rules.filter((rule) => rule.subjectType === 'HOUSEHOLD').map(asRule),
      memberAuthority: rules.filter((rule) => rule.subjectType === 'MEMBER').map(asRule),
      actor: this.actor,
    };
  }
}

const LIST_TYPES = { households: 'HOUSEHOLD', members: 'MEMBER', subsidies: 'SUBSIDY', documents: 'DOCUMENT', bankCards: 'BANK_CARD', bankPayments: 'BANK_PAYMENT' } as const;

function writeFailed(recordType: RecordType, index: number, rowNumber: number | null, sourceRecordId: unknown): RejectedRecord {
  return {
    recordType,
    index,
    rowNumber,
    sourceRecordId: typeof sourceRecordId === 'string' ? sourceRecordId : null,
    field: 'sourceRecordId',
    code: 'WRITE_FAILED',
    message: 'the record passed every check but the database refused it; the hub logged the cause under this delivery',
    messageZh: '记录通过校验但写入数据库失败，原因已记录在本次报送日志中',
  };
}
