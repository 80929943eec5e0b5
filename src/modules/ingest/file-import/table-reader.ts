import { createReadStream } from 'node:fs';
import { open, stat } from 'node:fs/promises';
import { extname } from 'node:path';
import { pipeline, Transform } from 'node:stream';
import { CsvError, parse as parseCsv } from 'csv-parse';
import * as ExcelJS from 'exceljs';

/**
 * Streaming reader for a department's sheet: a CSV saved from Excel (UTF-8 or GB18030) or the
 * first worksheet of an .xlsx workbook. Cells come back as trimmed text; nothing is validated.
 */

export type TableFormat = 'csv' | 'xlsx';
export type CsvEncoding = 'utf-8' | 'gb18030';

export interface TableRow {
  /** 1-based row number as the department sees it in Excel; the header row is normally 1. */
  rowNumber: number;
  /** Header -> trimmed cell text, '' for an empty cell. */
  values: Record<string, string>;
}

export interface ReadRowsOptions {
  /** Yield only rows after this row number (resuming an interrupted import). */
  afterRowNumber?: number;
}

export interface TableReader {
  headers: string[];
  /** The first call continues the read that found the headers; later calls read the file again. */
  rows(options?: ReadRowsOptions): AsyncIterable<TableRow>;
  /** Bytes of the file consumed so far by the current read, for a progress bar. */
  bytesRead(): number;
  totalBytes: number;
  format: TableFormat;
  encoding?: CsvEncoding;
  /** Releases the file when rows() is never iterated to its end. */
  close(): void;
}

export interface OpenTableOptions {
  /** The row holding the headers, for sheets with a title above them; default: the first non-empty row. */
  headerRow?: number;
}

interface RawRow {
  rowNumber: number;
  cells: string[];
}

interface RawSource {
  rows: AsyncGenerator<RawRow>;
  bytesRead(): number;
  close(): void;
}

const ENCODING_SAMPLE_BYTES = 64 * 1024;

export async function openTable(path: string, options: OpenTableOptions = {}): Promise<TableReader> {
  const format = tableFormat(path);
  const totalBytes = await fileSize(path);
  const encoding = format === 'csv' ? await detectCsvEncoding(path) : undefined;
  const openSource = (): RawSource => (encoding ? csvSource(path, encoding) : xlsxSource(path));

  let pending: RawSource | undefined = openSource();
  let current: RawSource = pending;
  let header: RawRow;
  let headers: string[];
  try {
    header = await findHeaderRow(path, pending.rows, options.headerRow);
    headers = headerNames(path, header);
  } catch (error) {
    pending.close();
    throw error;
  }

  async function* rows({ afterRowNumber = 0 }: ReadRowsOptions = {}): AsyncGenerator<TableRow> {
    const source = pending ?? openSource();
    pending = undefined;
    current = source;
    try {
      for await (const raw of source.rows) {
        if (raw.rowNumber <= header.rowNumber || isEmptyRow(raw.cells)) continue;
        checkNoCellsBeyondHeaders(path, raw, headers.length);
        if (raw.rowNumber <= afterRowNumber) continue;
        yield { rowNumber: raw.rowNumber, values: rowValues(headers, raw.cells) };
      }
    } finally {
      source.close();
    }
  }

  return {
    headers,
    rows,
    bytesRead: () => current.bytesRead(),
    totalBytes,
    format,
    ...(encoding ? { encoding } : {}),
    close: () => {
      pending?.close();
      pending = undefined;
    },
  };
}

function tableFormat(path: string): TableFormat {
  const extension = extname(path).toLowerCase();
  if (extension === '.csv') return 'csv';
  if (extension === '.xlsx') return 'xlsx';
  throw new Error(
    `${path}: unsupported file type "${extension || '(none)'}"; a department's sheet must be .csv or .xlsx ` +
      '(save older .xls workbooks as .xlsx in Excel)',
  );
}

async function fileSize(path: string): Promise<number> {
  try {
    const info = await stat(path);
    if (!info.isFile()) throw new Error('not a file');
    return info.size;
  } catch (error) {
    throw new Error(`${path}: cannot read the file: ${messageOf(error)}`);
  }
}

/** UTF-8 when it has a BOM or its first 64 KiB are valid UTF-8; otherwise GB18030, as Excel on Chinese Windows saves CSV. */
export async function detectCsvEncoding(path: string): Promise<CsvEncoding> {
  let sample: Buffer;
  let wholeFile: boolean;
  try {
    const handle = await open(path, 'r');
    try {
      const buffer = Buffer.alloc(ENCODING_SAMPLE_BYTES + 1);
      const { bytesRead } = await handle.read(buffer, 0, buffer.length, 0);
      wholeFile = bytesRead <= ENCODING_SAMPLE_BYTES;
      sample = buffer.subarray(0, Math.min(bytesRead, ENCODING_SAMPLE_BYTES));
    } finally {
      await handle.close();
    }
  } catch (error) {
    throw new Error(`${path}: cannot read the file: ${messageOf(error)}`);
  }
  if (sample[0] === 0xef && sample[1] === 0xbb && sample[2] === 0xbf) return 'utf-8';
  if ((sample[0] === 0xff && sample[1] === 0xfe) || (sample[0] === 0xfe && sample[1] === 0xff)) {
    throw new Error(`${path}: the file is UTF-16 (Excel's "Unicode text"); save it from Excel as "CSV UTF-8" or as .xlsx`);
  }
  try {
    // stream: true leaves a character cut at the sample's end undecided instead of failing on it
    new TextDecoder('utf-8', { fatal: true }).decode(sample, { stream: !wholeFile });
    return 'utf-8';
  } catch {
    return 'gb18030';
  }
}

function csvSource(path: string, encoding: CsvEncoding): RawSource {
  let bytes = 0;
  const file = createReadStream(path);
  const decoder = new TextDecoder(encoding, { fatal: true });
  const decode = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      bytes += chunk.length;
      try {
        done(null, decoder.decode(chunk, { stream: true }));
      } catch {
        done(notDecodableError(path, encoding, bytes));
      }
    },
    flush(done) {
      try {
        done(null, decoder.decode());
      } catch {
        done(notDecodableError(path, encoding, bytes));
      }
    },
  });
  const parser = parseCsv({ relax_column_count: true, bom: true });
  // errors reach the reader through the parser's iterator; the callback only keeps them from going unhandled
  pipeline(file, decode, parser, () => undefined);

  async function* rows(): AsyncGenerator<RawRow> {
    let rowNumber = 0;
    try {
      for await (const record of parser as AsyncIterable<string[]>) {
        rowNumber += 1;
        yield { rowNumber, cells: record.map(trimCell) };
      }
    } catch (error) {
      if (error instanceof CsvError) {
        const line = typeof error.lines === 'number' ? ` (line ${error.lines})` : '';
        throw new Error(`${path}: malformed CSV in row ${rowNumber + 1}${line}: ${error.message}`);
      }
      throw withPath(path, error);
    }
  }

  return {
    rows: rows(),
    bytesRead: () => bytes,
    close: () => {
      parser.destroy();
      file.destroy();
    },
  };
}

function notDecodableError(path: string, encoding: CsvEncoding, bytes: number): Error {
  const hint =
    encoding === 'utf-8'
      ? 'its first 64 KiB looked like UTF-8 but a later part is not; save the whole file in one encoding'
      : 'it is neither UTF-8 nor GB18030';
  return new Error(`${path}: cannot decode the text as ${encoding.toUpperCase()} in the block ending at byte ${bytes}: ${hint}`);
}

function xlsxSource(path: string): RawSource {
  const file = createReadStream(path);
  const workbook = new ExcelJS.stream.xlsx.WorkbookReader(file, {
    worksheets: 'emit',
    sharedStrings: 'cache',
    // styles tell date cells from numbers
    styles: 'cache',
    hyperlinks: 'ignore',
    entries: 'ignore',
  });

  async function* rows(): AsyncGenerator<RawRow> {
    try {
      for await (const worksheet of workbook) {
        const first = firstWorksheetName(workbook);
        if (first !== undefined && (worksheet as unknown as { name?: string }).name !== first) continue;
        for await (const row of worksheet) yield { rowNumber: row.number, cells: rowCells(row) };
        return;
      }
    } catch (error) {
      throw new Error(`${path}: cannot read the .xlsx workbook: ${messageOf(error)}`);
    }
  }

  return {
    rows: rows(),
    bytesRead: () => file.bytesRead,
    close: () => file.destroy(),
  };
}

/** The first tab in Excel, which is not necessarily sheet1.xml. */
function firstWorksheetName(workbook: ExcelJS.stream.xlsx.WorkbookReader): string | undefined {
  const model = (workbook as unknown as { model?: { sheets?: { name?: string }[] } }).model;
  return model?.sheets?.[0]?.name;
}

function rowCells(row: ExcelJS.Row): string[] {
  const cells: string[] = [];
  row.eachCell({ includeEmpty: false }, (cell, column) => {
    while (cells.length < column - 1) cells.push('');
    cells[column - 1] = trimCell(cellText(cell));
  });
  return cells;
}

export function cellText(cell: Pick<ExcelJS.Cell, 'value' | 'numFmt'>): string {
  return valueText(cell.value, cell.numFmt);
}

function valueText(value: ExcelJS.CellValue | undefined, numFmt: string | undefined): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return plainNumber(value);
  if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE';
  if (value instanceof Date) return excelDate(value);
  if ('richText' in value) return value.richText.map((run) => run.text).join('');
  if ('formula' in value || 'sharedFormula' in value) {
    const result = value.result;
    // the streaming reader leaves a formula's date result as a serial number
    if (typeof result === 'number' && isDateFormat(numFmt)) return excelDate(serialToDate(result));
    return valueText(result as ExcelJS.CellValue | undefined, numFmt);
  }
  if ('error' in value) return value.error;
  if ('text' in value) return valueText(value.text as ExcelJS.CellValue, numFmt);
  return '';
}

/** A number as Excel shows it: at most 15 significant digits, never in exponent form. */
export function plainNumber(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  const text = String(Number(value.toPrecision(15)));
  return /e/i.test(text) ? expandExponent(text) : text;
}

function expandExponent(text: string): string {
  const [mantissa, exponent] = text.toLowerCase().split('e');
  const negative = mantissa.startsWith('-');
  const [whole, fraction = ''] = mantissa.replace('-', '').split('.');
  const digits = whole + fraction;
  const point = whole.length + Number(exponent);
  let plain: string;
  if (point <= 0) plain = `0.${'0'.repeat(-point)}${digits}`;
  else if (point >= digits.length) plain = digits + '0'.repeat(point - digits.length);
  else plain = `${digits.slice(0, point)}.${digits.slice(point)}`;
  return (negative ? '-' : '') + plain;
}

/** exceljs gives date cells as UTC instants of the wall-clock date and time written in the sheet. */
function excelDate(date: Date): string {
  if (Number.isNaN(date.getTime())) return '';
  const day = `${date.getUTCFullYear()}-${pad(date.getUTCMonth() + 1)}-${pad(date.getUTCDate())}`;
  if (date.getUTCHours() === 0 && date.getUTCMinutes() === 0 && date.getUTCSeconds() === 0) return day;
  return `${day} ${pad(date.getUTCHours())}:${pad(date.getUTCMinutes())}:${pad(date.getUTCSeconds())}`;
}

function serialToDate(serial: number): Date {
  return new Date(Math.round((serial - 25569) * 86400 * 1000));
}

function isDateFormat(numFmt: string | undefined): boolean {
  if (!numFmt) return false;
  const bare = numFmt.replace(/\[[^\]]*]/g, '').replace(/"[^"]*"/g, '');
  return /[ymdhs]/i.test(bare);
}

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

async function findHeaderRow(path: string, rows: AsyncGenerator<RawRow>, headerRow: number | undefined): Promise<RawRow> {
  for (;;) {
    const next = await rows.next();
    if (next.done) break;
    const row = next.value;
    if (headerRow !== undefined ? row.rowNumber === headerRow : !isEmptyRow(row.cells)) return row;
    if (headerRow !== undefined && row.rowNumber > headerRow) break;
  }
  throw new Error(headerRow !== undefined ? `${path}: there is no header row ${headerRow}` : `${path}: the sheet is empty: no header row`);
}

/** Header texts, without the empty cells Excel sometimes leaves after the last column. */
function headerNames(path: string, header: RawRow): string[] {
  const names = header.cells.map((cell, index) => (index === 0 ? cell.replace(/^\uFEFF/, '').trim() : cell));
  while (names.length > 0 && names[names.length - 1] === '') names.pop();
  if (names.length === 0) throw new Error(`${path}: header row ${header.rowNumber} is empty`);
  const seen = new Map<string, number>();
  names.forEach((name, index) => {
    if (name === '') {
      throw new Error(`${path}: column ${columnLabel(index)} in header row ${header.rowNumber} has no header name`);
    }
    const earlier = seen.get(name);
    if (earlier !== undefined) {
      throw new Error(
        `${path}: columns ${columnLabel(earlier)} and ${columnLabel(index)} in header row ${header.rowNumber} are both headed "${name}"`,
      );
    }
    seen.set(name, index);
  });
  return names;
}

function checkNoCellsBeyondHeaders(path: string, row: RawRow, headerCount: number): void {
  const stray = row.cells.findIndex((cell, index) => index >= headerCount && cell !== '');
  if (stray >= 0) {
    throw new Error(
      `${path}: row ${row.rowNumber} has "${row.cells[stray]}" in column ${columnLabel(stray)}, which has no header ` +
        `(the header row has ${headerCount} ${headerCount === 1 ? 'column; if a title sits above the header row, give the header row number' : 'columns'})`,
    );
  }
}

/** "3 (C)": the position and the letter Excel shows. */
export function columnLabel(index: number): string {
  let letters = '';
  for (let n = index + 1; n > 0; n = Math.floor((n - 1) / 26)) letters = String.fromCharCode(65 + ((n - 1) % 26)) + letters;
  return `${index + 1} (${letters})`;
}

function rowValues(headers: string[], cells: string[]): Record<string, string> {
  const values: Record<string, string> = {};
  headers.forEach((header, index) => {
    values[header] = cells[index] ?? '';
  });
  return values;
}

function isEmptyRow(cells: string[]): boolean {
  return cells.every((cell) => cell === '');
}

function trimCell(text: string): string {
  return text.trim();
}

function withPath(path: string, error: unknown): Error {
  const message = messageOf(error);
  return error instanceof Error && message.startsWith(path) ? error : new Error(`${path}: ${message}`);
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
