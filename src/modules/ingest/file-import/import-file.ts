import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { basename } from 'node:path';
import { once } from 'node:events';
import type { PrismaClient } from '../../../generated/prisma/client';
import type { RejectedRecord } from '../ingest-batch';
import type { IngestRecords } from '../ingest-records';
import type { IngestService, OpenDelivery } from '../ingest.service';
import { checkHeaders, INGEST_RECORDS_KEY, translateRow, type ColumnMapping } from './column-mapping';
import { openTable } from './table-reader';

export interface ImportOptions {
  file: string;
  mapping: ColumnMapping;
  /** Rows per transaction. */
  chunkSize?: number;
  /** Where the list of rejected rows is written; default `<file>.errors.csv`. */
  reportPath?: string;
  /** Start over instead of resuming an unfinished import of the same file. */
  restart?: boolean;
  onProgress?(progress: { bytesRead: number; totalBytes: number; rowsDone: number; rejected: number }): void;
  onChunkCommitted?(rowsThrough: number): void;
}

export interface ImportSummary {
  deliveryId: number;
  resumedAfterRow: number | null;
  rows: number;
  created: number;
  updated: number;
  unchanged: number;
  rejected: number;
  /** 多策合一 findings the delivery raised or reopened (the 'detect' rules run on every chunk). */
  findings: number;
  reportPath: string;
}

async function sha256(file: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/**
 * Imports a department's sheet through the same path as the `ingest` mutation, a chunk of rows
 * per transaction. Each transaction also records the last row it covers, so an import that dies
 * resumes after the last committed row and the result is exactly the file, applied once.
 */
export async function importFile(service: IngestService, prisma: PrismaClient, options: ImportOptions): Promise<ImportSummary> {
  const { mapping, file } = options;
  const chunkSize = options.chunkSize ?? 1000;
  const reader = await openTable(file, { headerRow: mapping.headerRow });
  let delivery: OpenDelivery;
  let resumedAfterRow: number | null = null;
  try {
    checkHeaders(mapping, reader.headers, basename(file));
    const fileSha256 = await sha256(file);
    const unfinished = options.restart ? null : await service.resumableDelivery(mapping.department, fileSha256, mapping.name);
    if (unfinished) resumedAfterRow = unfinished.rowsDone;
    delivery =
      unfinished ??
      (await service.openDelivery({ department: mapping.department, sourceSystem: mapping.sourceSystem, channel: 'FILE', fileName: basename(file), fileSha256, mapping: mapping.name }));
  } catch (error) {
    reader.close();
    throw error;
  }

  const listKey = INGEST_RECORDS_KEY[mapping.recordType];
  let records: unknown[] = [];
  let rowNumbers: number[] = [];
  let unreadableRows: RejectedRecord[] = [];
  let lastRow = delivery.rowsDone;
  let rowsDone = 0;
  let rejected = 0;

  const flush = async () => {
    if (records.length === 0 && unreadableRows.length === 0) return;
    const outcome = await service.applyChunk(delivery, { [listKey]: records } as IngestRecords, {
      rowNumbers: { [mapping.recordType]: rowNumbers },
      rowsThrough: lastRow,
      unreadableRows,
    });
    rowsDone += records.length + unreadableRows.length;
    rejected += outcome.rejected.length;
    records = [];
    rowNumbers = [];
    unreadableRows = [];
    options.onChunkCommitted?.(lastRow);
    options.onProgress?.({ bytesRead: reader.bytesRead(), totalBytes: reader.totalBytes, rowsDone, rejected });
  };

  for await (const row of reader.rows({ afterRowNumber: delivery.rowsDone })) {
    const translated = translateRow(mapping, row);
    if ('record' in translated) {
      records.push(translated.record);
      rowNumbers.push(row.rowNumber);
    } else {
      unreadableRows.push({
        recordType: mapping.recordType,
        index: records.length + unreadableRows.length,
        rowNumber: row.rowNumber,
        sourceRecordId: null,
        field: translated.error.field,
        code: 'INVALID_VALUE',
        message: translated.error.message,
        messageZh: `第 ${row.rowNumber} 行无法读取：${translated.error.message}`,
      });
    }
    lastRow = row.rowNumber;
    if (records.length + unreadableRows.length >= chunkSize) await flush();
  }
  await flush();
  await service.finishDelivery(delivery.id);

  const reportPath = options.reportPath ?? `${file}.errors.csv`;
  await writeRejectionReport(prisma, delivery.id, reportPath);
  const totals = await prisma.delivery.findUniqueOrThrow({ where: { id: delivery.id } });
  const runs = await prisma.detectionRun.aggregate({ where: { deliveryId: delivery.id }, _sum: { raised: true, reopened: true } });
  return {
    deliveryId: delivery.id,
    resumedAfterRow,
    rows: totals.received,
    created: totals.created,
    updated: totals.updated,
    unchanged: totals.unchanged,
    rejected: totals.rejected,
    findings: (runs._sum.raised ?? 0) + (runs._sum.reopened ?? 0),
    reportPath,
  };
}

const csvField = (value: string | number | null) => {
  const text = value === null ? '' : String(value);
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
};

/** Every rejected row of a delivery, resumed parts included, as a CSV Excel opens (UTF-8 with BOM). */
export async function writeRejectionReport(prisma: PrismaClient, deliveryId: number, path: string): Promise<void> {
  const out = createWriteStream(path);
  const write = async (line: string) => {
    if (!out.write(line)) await once(out, 'drain');
  };
  await write('\ufeff行号,记录类型,源记录编号,字段,错误代码,原因,reason\r\n');
  let afterId = 0;
  for (;;) {
    const page = await prisma.deliveryRejection.findMany({ where: { deliveryId, id: { gt: afterId } }, orderBy: [{ id: 'asc' }], take: 1000 });
    if (page.length === 0) break;
    page.sort((a, b) => (a.rowNumber ?? 0) - (b.rowNumber ?? 0));
    for (const r of page) {
      await write(`${[r.rowNumber, r.recordType, r.sourceRecordId, r.field, r.code, r.messageZh, r.message].map(csvField).join(',')}\r\n`);
    }
    afterId = Math.max(...page.map((r) => r.id));
  }
  out.end();
  await once(out, 'finish');
}
