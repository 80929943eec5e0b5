/**
 * Export of 多策合一 findings to .csv and .xlsx with Chinese headers (核查发现导出), for auditors who
 * work in a spreadsheet. The cells of one finding are plain functions of its row; the writers
 * stream: findings are read in keyset chunks and written as they come, so an export of the whole
 * county holds one chunk in memory, not the county.
 *
 * No personal-data category leaves in an export (no ID numbers, bank cards, health or income):
 * the household head's name and the household number are what the household profile shows every
 * reader, so an export writes no audit entry.
 */
import { once } from 'node:events';
import { createWriteStream, renameSync, rmSync } from 'node:fs';
import { extname } from 'node:path';
import type { ServerResponse } from 'node:http';
import type { Writable } from 'node:stream';
import * as ExcelJS from 'exceljs';
import * as iconv from 'iconv-lite';
import { GraphQLError } from 'graphql';
import type { PrismaClient } from '../../generated/prisma/client';
import type { FindingStatus, RuleSeverity } from '../../generated/prisma/enums';
import { chinaToday } from '../../domain/id-number';
import { toGlobalId } from '../../graphql/relay/global-id';
import { InvalidRegionCodeError, parseRegionCode } from '../../domain/region-code';
import { can, Permission, type Viewer } from '../auth/access';
import { Finding } from './finding.type';
import { findingConditions, resolveFindingFilter, type FindingFilter, type FindingFilterInput } from './finding-filter';

export type ExportFormat = 'csv' | 'xlsx';
export const EXPORT_FORMATS: readonly ExportFormat[] = ['csv', 'xlsx'];
/** CSV text encodings: UTF-8 with a byte-order mark (default), or GB18030 for older Chinese Excel. */
export type CsvEncoding = 'utf-8' | 'gb18030';
export const CSV_ENCODINGS: readonly CsvEncoding[] = ['utf-8', 'gb18030'];

/** Findings read per query: a few megabytes of rows at most. */
export const EXPORT_CHUNK = 2000;

/** One finding as the export reads it. */
export interface FindingExportRecord {
  id: number;
  ruleCode: string;
  ruleName: string;
  ruleVersion: number;
  severity: RuleSeverity;
  status: FindingStatus;
  householdNo: string;
  /** The household head's name (户主); null when the household has no head recorded. */
  headName: string | null;
  regionCode: string;
  townshipName: string | null;
  villageName: string | null;
  /** Names of the departments whose subsidies conflict. */
  departments: string[];
  programs: string[];
  /** The subsidies involved as `<department code>:<the department's record id>`. */
  subsidies: string[];
  /** The bank payments involved (一户一卡) as `<delivering department code>:<the bank's reference>`. */
  payments: string[];
  periodStart: string | null;
  periodEnd: string | null;
  /** Exact decimal yuan, e.g. "1860.00". */
  amountAtRisk: string;
  amountRecovered: string | null;
  assignee: string | null;
  explanation: string;
  /** ISO instants (UTC). */
  raisedAt: string;
  updatedAt: string;
}

/**
 * How a column is written: `id` and `money` as number cells in .xlsx (money only when the number
 * reads back as the same decimal), `code` as text that must never become a number (户编号,
 * 行政区划代码), `date` as YYYY-MM-DD text, `text` as text.
 */
export type ExportCellKind = 'id' | 'code' | 'text' | 'money' | 'date';

export interface ExportColumn {
  header: string;
  kind: ExportCellKind;
  /** Column width in .xlsx, in characters (a Chinese character counts two). */
  width: number;
  cell(record: FindingExportRecord): string;
}

/** 核查发现的状态, as the GraphQL enum FindingStatus describes them. */
export const STATUS_LABELS: Record<FindingStatus, string> = {
  OPEN: '待核实',
  CONFIRMED: '已确认',
  DISMISSED: '已排除',
  RECOVERED: '已追回',
  CLOSED: '已自动关闭',
};

export const SEVERITY_LABELS: Record<RuleSeverity, string> = { HIGH: '高', MEDIUM: '中', LOW: '低' };

const list = (values: string[]) => values.join('；');
/** The calendar date in China (UTC+8, no daylight saving) of an instant. */
export const chinaDate = (iso: string) => chinaToday(new Date(iso));

export const FINDING_EXPORT_COLUMNS: readonly ExportColumn[] = [
  { header: '核查编号', kind: 'id', width: 10, cell: (r) => String(r.id) },
  { header: '全局编号（GraphQL ID）', kind: 'code', width: 22, cell: (r) => toGlobalId(Finding.typename, r.id) },
  { header: '规则代码', kind: 'code', width: 20, cell: (r) => r.ruleCode },
  { header: '规则名称', kind: 'text', width: 30, cell: (r) => r.ruleName },
  { header: '规则版本', kind: 'id', width: 9, cell: (r) => String(r.ruleVersion) },
  { header: '严重程度', kind: 'text', width: 9, cell: (r) => SEVERITY_LABELS[r.severity] },
  { header: '状态', kind: 'text', width: 8, cell: (r) => STATUS_LABELS[r.status] },
  { header: '户编号', kind: 'code', width: 20, cell: (r) => r.householdNo },
  { header: '户主', kind: 'text', width: 10, cell: (r) => r.headName ?? '' },
  { header: '行政区划代码', kind: 'code', width: 14, cell: (r) => r.regionCode },
  { header: '乡镇', kind: 'text', width: 12, cell: (r) => r.townshipName ?? '' },
  { header: '村', kind: 'text', width: 12, cell: (r) => r.villageName ?? '' },
  { header: '涉及部门', kind: 'text', width: 24, cell: (r) => list(r.departments) },
  { header: '涉及项目', kind: 'text', width: 30, cell: (r) => list(r.programs) },
  { header: '涉及补贴', kind: 'code', width: 36, cell: (r) => list(r.subsidies) },
  { header: '涉及代发流水', kind: 'code', width: 30, cell: (r) => list(r.payments) },
  { header: '重叠期起', kind: 'date', width: 11, cell: (r) => r.periodStart ?? '' },
  { header: '重叠期止', kind: 'date', width: 11, cell: (r) => r.periodEnd ?? '' },
  { header: '风险金额（元）', kind: 'money', width: 15, cell: (r) => r.amountAtRisk },
  { header: '已追回金额（元）', kind: 'money', width: 17, cell: (r) => r.amountRecovered ?? '' },
  { header: '责任部门', kind: 'text', width: 14, cell: (r) => r.assignee ?? '' },
  { header: '说明', kind: 'text', width: 80, cell: (r) => r.explanation },
  { header: '发现时间', kind: 'date', width: 11, cell: (r) => chinaDate(r.raisedAt) },
  { header: '更新时间', kind: 'date', width: 11, cell: (r) => chinaDate(r.updatedAt) },
];

export const EXPORT_HEADERS: readonly string[] = FINDING_EXPORT_COLUMNS.map((column) => column.header);

/** The cells of one finding, as text, in column order. */
export function findingExportCells(record: FindingExportRecord): string[] {
  return FINDING_EXPORT_COLUMNS.map((column) => column.cell(record));
}

// ---------------------------------------------------------------------------------------------
// CSV (RFC 4180)

export const UTF8_BOM = '\uFEFF';

/**
 * A text cell a spreadsheet would take for a formula (`=`, `+`, `-`, `@`, tab, carriage return
 * first) gets a leading apostrophe, so a department's record cannot run as a formula in Excel
 * (CSV injection). Numbers, money and dates are never touched.
 */
export function neutraliseFormula(text: string): string {
  return /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
}

/** One field, quoted when it holds a comma, a double quote or a line break (quotes doubled). */
export function csvField(text: string): string {
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** One record with its CRLF line end. */
export function csvRecord(fields: readonly string[]): string {
  return `${fields.map(csvField).join(',')}\r\n`;
}

export function csvHeader(): string {
  return csvRecord(EXPORT_HEADERS);
}

/** One finding's CSV record. */
export function findingCsvRecord(record: FindingExportRecord): string {
  return csvRecord(FINDING_EXPORT_COLUMNS.map((column) => {
    const text = column.cell(record);
    return column.kind === 'text' || column.kind === 'code' ? neutraliseFormula(text) : text;
  }));
}

/** Text to bytes; the UTF-8 file starts with a byte-order mark so Excel on Chinese Windows reads it as UTF-8. */
export function encodeCsv(text: string, encoding: CsvEncoding, first: boolean): Buffer {
  if (encoding === 'gb18030') return iconv.encode(text, 'gb18030');
  return Buffer.from(first ? UTF8_BOM + text : text, 'utf8');
}

// ---------------------------------------------------------------------------------------------
// XLSX

/** Money as a number cell only when the number reads back as exactly the same decimal; else text. */
export function moneyCellValue(text: string): number | string {
  if (text === '') return '';
  const value = Number(text);
  return Number.isFinite(value) && value.toFixed(2) === text ? value : text;
}

/** The value of one .xlsx cell: ids and (exact) money as numbers, everything else as text. */
export function xlsxCellValue(kind: ExportCellKind, text: string): number | string {
  if (kind === 'money') return moneyCellValue(text);
  if (kind === 'id' && /^\d{1,15}$/.test(text)) return Number(text);
  return text;
}

// ---------------------------------------------------------------------------------------------
// Reading

interface ExportRow {
  id: number;
  rule_code: string;
  rule_name: string;
  rule_version: number;
  severity: RuleSeverity;
  status: FindingStatus;
  household_no: string;
  head_name: string | null;
  region_code: string;
  township_name: string | null;
  village_name: string | null;
  departments: string;
  programs: string;
  subsidies: string;
  payments: string;
  period_start: string | null;
  period_end: string | null;
  amount_at_risk: string;
  amount_recovered: string | null;
  assignee: string | null;
  explanation: string;
  raised_at: string;
  updated_at: string;
}

const ISO_INSTANT = `'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'`;

/** The findings after `afterId` that match the filter, `limit` of them in id order. */
export async function readFindingExportChunk(prisma: Pick<PrismaClient, '$queryRawUnsafe'>, filter: FindingFilter, afterId: number, limit: number): Promise<FindingExportRecord[]> {
  const { where, parameters } = findingConditions(filter, 1);
  const next = parameters.length + 1;
  const rows = await prisma.$queryRawUnsafe<ExportRow[]>(
    `SELECT f.id, r.code AS rule_code, v.name AS rule_name, v.version AS rule_version, v.severity::text AS severity, f.status::text AS status,
            h.household_no, head.name AS head_name, h.region_code::text AS region_code, township.name AS township_name, village.name AS village_name,
            COALESCE((SELECT array_to_json(array_agg(d.name ORDER BY d.id))::text FROM department d WHERE d.id = ANY(f.department_ids)), '[]') AS departments,
            COALESCE(involved.programs, '[]') AS programs, COALESCE(involved.subsidies, '[]') AS subsidies, COALESCE(paid.payments, '[]') AS payments,
            f.period_start::text AS period_start, f.period_end::text AS period_end,
            f.amount_at_risk::text AS amount_at_risk, f.amount_recovered::text AS amount_recovered, assignee.name AS assignee, f.explanation,
            to_char(f.raised_at, ${ISO_INSTANT}) AS raised_at, to_char(f.updated_at, ${ISO_INSTANT}) AS updated_at
       FROM finding f
       JOIN household h ON h.id = f.household_id
       JOIN policy_rule r ON r.id = f.rule_id
       JOIN policy_rule_version v ON v.id = f.rule_version_id
       LEFT JOIN region village ON village.code = h.region_code AND village.level = 'VILLAGE'
       LEFT JOIN region township ON township.code = substr(h.region_code, 1, 9) || '000' AND township.level = 'TOWNSHIP'
       LEFT JOIN department assignee ON assignee.id = f.assignee_department_id
       LEFT JOIN LATERAL (
         SELECT m.name FROM member m
          WHERE m.household_id = h.id AND m.relation = 'HEAD' AND m.merged_into_id IS NULL
          ORDER BY m.deceased_on IS NOT NULL, m.id LIMIT 1
       ) head ON TRUE
       LEFT JOIN LATERAL (
         SELECT array_to_json(array_agg(DISTINCT p.name ORDER BY p.name))::text AS programs,
                array_to_json(array_agg(sd.code || ':' || s.source_record_id ORDER BY sd.code || ':' || s.source_record_id))::text AS subsidies
           FROM finding_subsidy fs
           JOIN subsidy s ON s.id = fs.subsidy_id
           JOIN program p ON p.id = s.program_id
           JOIN department sd ON sd.id = s.department_id
          WHERE fs.finding_id = f.id
       ) involved ON TRUE
       LEFT JOIN LATERAL (
         SELECT array_to_json(array_agg(pd.code || ':' || bp.source_record_id ORDER BY bp.paid_on, bp.id))::text AS payments
           FROM finding_payment fp
           JOIN bank_payment bp ON bp.id = fp.payment_id
           JOIN department pd ON pd.id = bp.department_id
          WHERE fp.finding_id = f.id
       ) paid ON TRUE
      WHERE ${where} AND f.id > $${next}::int
      ORDER BY f.id
      LIMIT $${next + 1}::int`,
    ...parameters,
    afterId,
    limit,
  );
  return rows.map((row) => ({
    id: Number(row.id),
    ruleCode: row.rule_code,
    ruleName: row.rule_name,
    ruleVersion: Number(row.rule_version),
    severity: row.severity,
    status: row.status,
    householdNo: row.household_no,
    headName: row.head_name,
    regionCode: row.region_code,
    townshipName: row.township_name,
    villageName: row.village_name,
    departments: JSON.parse(row.departments) as string[],
    programs: JSON.parse(row.programs) as string[],
    subsidies: JSON.parse(row.subsidies) as string[],
    payments: JSON.parse(row.payments) as string[],
    periodStart: row.period_start,
    periodEnd: row.period_end,
    amountAtRisk: row.amount_at_risk,
    amountRecovered: row.amount_recovered,
    assignee: row.assignee,
    explanation: row.explanation,
    raisedAt: row.raised_at,
    updatedAt: row.updated_at,
  }));
}

/** Every matching finding in id order, a chunk at a time (keyset pagination: each query starts after the last id). */
export async function* findingExportChunks(prisma: Pick<PrismaClient, '$queryRawUnsafe'>, filter: FindingFilter, chunkSize = EXPORT_CHUNK): AsyncGenerator<FindingExportRecord[]> {
  let after = 0;
  for (;;) {
    const chunk = await readFindingExportChunk(prisma, filter, after, chunkSize);
    if (chunk.length === 0) return;
    yield chunk;
    if (chunk.length < chunkSize) return;
    after = chunk[chunk.length - 1].id;
  }
}

// ---------------------------------------------------------------------------------------------
// Writing

/** Rejects when `out` closes before it finished (a client that hung up on a download). */
function closedEarly(out: Writable): Promise<never> {
  return new Promise((_, reject) => {
    const check = () => {
      if (!out.writableFinished) reject(new Error('the output closed before the export was complete'));
    };
    if (out.closed) check();
    else out.once('close', check);
  });
}

async function write(out: Writable, bytes: Buffer, closed: Promise<never>): Promise<void> {
  if (out.destroyed) await closed;
  if (!out.write(bytes)) await Promise.race([once(out, 'drain'), closed]);
}

/** Writes a CSV (header first) to `out` and ends it; returns the number of findings written. */
export async function writeFindingsCsv(chunks: AsyncIterable<FindingExportRecord[]>, out: Writable, encoding: CsvEncoding = 'utf-8'): Promise<number> {
  const closed = closedEarly(out);
  let count = 0;
  await write(out, encodeCsv(csvHeader(), encoding, true), closed);
  for await (const chunk of chunks) {
    await write(out, encodeCsv(chunk.map(findingCsvRecord).join(''), encoding, false), closed);
    count += chunk.length;
  }
  out.end();
  await Promise.race([once(out, 'finish'), closed]);
  return count;
}

/** The sheet's name (and tab) in the workbook. */
export const SHEET_NAME = '核查发现';

/** Writes an .xlsx workbook (one sheet, header row frozen, autofilter) to `out` and ends it. */
export async function writeFindingsXlsx(chunks: AsyncIterable<FindingExportRecord[]>, out: Writable): Promise<number> {
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true, useSharedStrings: false });
  workbook.creator = 'household-hub';
  const sheet = workbook.addWorksheet(SHEET_NAME, { views: [{ state: 'frozen', ySplit: 1, xSplit: 0 }] });
  sheet.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: FINDING_EXPORT_COLUMNS.length } };
  sheet.columns = FINDING_EXPORT_COLUMNS.map((column) => ({
    header: column.header,
    width: column.width,
    style: column.kind === 'money' ? { numFmt: '0.00' } : column.kind === 'code' ? { numFmt: '@' } : {},
  }));
  const header = sheet.getRow(1);
  header.font = { bold: true };
  header.commit();
  const closed = closedEarly(out);
  let count = 0;
  for await (const chunk of chunks) {
    if (out.destroyed) await closed;
    for (const record of chunk) {
      const texts = findingExportCells(record);
      sheet.addRow(FINDING_EXPORT_COLUMNS.map((column, i) => xlsxCellValue(column.kind, texts[i]))).commit();
    }
    count += chunk.length;
  }
  sheet.commit();
  await Promise.race([workbook.commit(), closed]);
  return count;
}

export interface ExportOptions {
  format: ExportFormat;
  /** CSV only. */
  encoding?: CsvEncoding;
  chunkSize?: number;
}

/** Streams the findings a filter selects to `out` in the chosen format; returns how many. */
export function writeFindingExport(prisma: Pick<PrismaClient, '$queryRawUnsafe'>, filter: FindingFilter, out: Writable, options: ExportOptions): Promise<number> {
  const chunks = findingExportChunks(prisma, filter, options.chunkSize);
  return options.format === 'xlsx' ? writeFindingsXlsx(chunks, out) : writeFindingsCsv(chunks, out, options.encoding);
}

/**
 * Writes the export to `path` through `<path>.partial`, renamed into place only when complete:
 * a failed export leaves no half-written file that looks finished.
 */
export async function exportFindingsToFile(prisma: Pick<PrismaClient, '$queryRawUnsafe'>, filter: FindingFilter, path: string, options: ExportOptions): Promise<number> {
  const partial = `${path}.partial`;
  const out = createWriteStream(partial);
  await once(out, 'open');
  try {
    const count = await writeFindingExport(prisma, filter, out, options);
    renameSync(partial, path);
    return count;
  } catch (error) {
    out.destroy();
    rmSync(partial, { force: true });
    throw error;
  }
}

// ---------------------------------------------------------------------------------------------
// Options (command line flags and download query parameters share their names)

/** The filter's options, as `--flag` on the command line and `?name=` on the download. */
export const FILTER_OPTIONS = {
  region: 'regionCode',
  household: 'householdNo',
  department: 'department',
  rule: 'ruleCode',
  status: 'status',
  'min-amount': 'minAmount',
} as const satisfies Record<string, keyof FindingFilterInput>;

export type FilterOption = keyof typeof FILTER_OPTIONS;
export const FILTER_OPTION_NAMES = Object.keys(FILTER_OPTIONS) as FilterOption[];

/** A mistake in one option; `forbidden` when the option asks for more than the caller may read. */
export class ExportOptionError extends Error {
  constructor(
    readonly option: string,
    readonly reason: string,
    readonly forbidden = false,
  ) {
    super(`${option}: ${reason}`);
    this.name = 'ExportOptionError';
  }
}

/** The format a file name asks for (.csv or .xlsx), or null. */
export function formatOfPath(path: string): ExportFormat | null {
  const extension = extname(path).slice(1).toLowerCase();
  return (EXPORT_FORMATS as readonly string[]).includes(extension) ? (extension as ExportFormat) : null;
}

/** The format from `--format` or, without it, from the file's extension. */
export function chooseFormat(path: string, requested: string | undefined): ExportFormat {
  if (requested !== undefined) {
    const format = requested.trim().toLowerCase();
    if (!(EXPORT_FORMATS as readonly string[]).includes(format)) throw new ExportOptionError('format', `"${requested}" is not a format; use ${EXPORT_FORMATS.join(' or ')}`);
    return format as ExportFormat;
  }
  const format = formatOfPath(path);
  if (format === null) throw new ExportOptionError('format', `"${path}" ends in neither .csv nor .xlsx: name the format (${EXPORT_FORMATS.join(' or ')})`);
  return format;
}

export function chooseEncoding(format: ExportFormat, requested: string | undefined): CsvEncoding {
  if (requested === undefined) return 'utf-8';
  const encoding = requested.trim().toLowerCase().replace(/^utf8$/, 'utf-8');
  if (format !== 'csv') throw new ExportOptionError('encoding', 'only a .csv file has an encoding; .xlsx is always Unicode');
  if (!(CSV_ENCODINGS as readonly string[]).includes(encoding)) throw new ExportOptionError('encoding', `"${requested}" is not supported; use ${CSV_ENCODINGS.join(' or ')}`);
  return encoding as CsvEncoding;
}

/** A viewer that reads the whole hub, for the command line (the operator has the database itself). */
export function wholeHubViewer(name: string): Viewer {
  return { keyId: 0, name, role: 'AUDITOR', departmentId: null, departmentCode: null, regionCode: null, personalData: new Set(), rateLimitPerMinute: null };
}

/**
 * Checks the filter options (unknown region, department or rule, bad status or amount) and
 * narrows the region to the viewer's; errors name the option.
 */
export async function resolveExportFilter(prisma: PrismaClient, viewer: Viewer, options: Partial<Record<FilterOption, string>>): Promise<FindingFilter> {
  const input: FindingFilterInput = {};
  if (options.region !== undefined) {
    let code: string;
    try {
      code = parseRegionCode(options.region);
    } catch (error) {
      if (error instanceof InvalidRegionCodeError) throw new ExportOptionError('region', error.message);
      throw error;
    }
    if ((await prisma.region.findUnique({ where: { code }, select: { code: true } })) === null) throw new ExportOptionError('region', `no region ${code} in this hub`);
    input.regionCode = code;
  }
  if (options.household !== undefined) input.householdNo = options.household;
  if (options.department !== undefined) input.department = options.department;
  if (options.rule !== undefined) input.ruleCode = options.rule;
  if (options['min-amount'] !== undefined) input.minAmount = options['min-amount'];
  if (options.status !== undefined) {
    const statuses = options.status.split(',').map((s) => s.trim().toUpperCase()).filter((s) => s !== '');
    if (statuses.length === 0) throw new ExportOptionError('status', `give one or more of ${Object.keys(STATUS_LABELS).join(', ')}, separated by commas`);
    input.status = statuses as FindingStatus[];
  }
  try {
    return await resolveFindingFilter(prisma, viewer, input, 'filter');
  } catch (error) {
    if (!(error instanceof GraphQLError)) throw error;
    const match = /^filter\.(\w+): (.*)$/s.exec(error.message);
    const option = match && FILTER_OPTION_NAMES.find((name) => FILTER_OPTIONS[name] === match[1]);
    if (!match || !option) throw error;
    throw new ExportOptionError(option, match[2], error.extensions?.code === 'FORBIDDEN');
  }
}

// ---------------------------------------------------------------------------------------------
// Download over HTTP: GET /exports/findings.csv or .xlsx with the filter as query parameters

export const DOWNLOAD_PATHS: Readonly<Record<string, ExportFormat>> = { '/exports/findings.csv': 'csv', '/exports/findings.xlsx': 'xlsx' };

const CONTENT_TYPES: Record<ExportFormat, string> = {
  csv: 'text/csv',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
};

/** Why a download was refused, for the server to answer in its usual JSON error shape. */
export interface DownloadRefusal {
  status: number;
  code: 'BAD_USER_INPUT' | 'FORBIDDEN';
  message: string;
}

/**
 * Streams the findings the query parameters select (the key's region at most) to `response`, or
 * says why not before anything is sent. Needs READ_HOUSEHOLDS, as the findings on a household
 * profile do.
 */
export async function serveFindingsDownload(
  prisma: PrismaClient,
  viewer: Viewer,
  format: ExportFormat,
  params: URLSearchParams,
  response: ServerResponse,
): Promise<DownloadRefusal | null> {
  if (!can(viewer, Permission.READ_HOUSEHOLDS)) return { status: 403, code: 'FORBIDDEN', message: `this key's role ${viewer.role} may not read findings` };
  const known = new Set<string>([...FILTER_OPTION_NAMES, 'encoding']);
  const unknown = [...new Set(params.keys())].filter((name) => !known.has(name));
  if (unknown.length > 0) return { status: 400, code: 'BAD_USER_INPUT', message: `${unknown[0]}: unknown parameter; parameters: ${[...known].join(', ')}` };
  let filter: FindingFilter;
  let encoding: CsvEncoding;
  try {
    encoding = chooseEncoding(format, params.get('encoding') ?? undefined);
    const options = Object.fromEntries(FILTER_OPTION_NAMES.filter((name) => params.has(name)).map((name) => [name, params.getAll(name).join(',')]));
    filter = await resolveExportFilter(prisma, viewer, options);
  } catch (error) {
    if (!(error instanceof ExportOptionError)) throw error;
    return { status: error.forbidden ? 403 : 400, code: error.forbidden ? 'FORBIDDEN' : 'BAD_USER_INPUT', message: error.message };
  }
  const name = `findings-${chinaToday()}.${format}`;
  response.writeHead(200, {
    'content-type': format === 'csv' ? `${CONTENT_TYPES.csv}; charset=${encoding}` : CONTENT_TYPES.xlsx,
    'content-disposition': `attachment; filename="${name}"; filename*=UTF-8''${encodeURIComponent(`核查发现-${chinaToday()}.${format}`)}`,
    'cache-control': 'no-store',
  });
  try {
    await writeFindingExport(prisma, filter, response, { format, encoding });
  } catch (error) {
    // cut the connection: a file that simply ended would look complete
    response.destroy();
    throw error;
  }
  return null;
}
