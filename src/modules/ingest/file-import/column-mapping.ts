import { readFile } from 'node:fs/promises';
import { basename, extname } from 'node:path';
import type {
  ArchiveDocumentRecord,
  BankCardRecord,
  BankPaymentRecord,
  FourLooksScoresRecord,
  HouseholdRecord,
  IncomeComponentsRecord,
  IngestRecords,
  MemberRecord,
  RecordType,
  SubsidyRecord,
} from '../ingest-records';

/**
 * A department's column mapping: which record type its sheet holds and, for each record field,
 * where the value comes from. translateRow turns one sheet row into one record, faithfully and as
 * text: business rules (ID check characters, known codes, date validity) are the ingest service's.
 */

export type IngestRecord = HouseholdRecord | MemberRecord | SubsidyRecord | ArchiveDocumentRecord | BankCardRecord | BankPaymentRecord;

export type ValueSource =
  /** `optional`: the sheet may lack the column altogether (a bank file with or without 业务编号); the field is then empty. */
  | { column: string; values?: Record<string, string>; strict: boolean; optional?: true }
  | { constant: string }
  | { template: string; columns: string[] }
  | { yearStart: string };

export type PeriodSource = { month: string } | { year: string };

export interface FieldMapping {
  field: string;
  source: ValueSource;
}

export interface ColumnMapping {
  /** The file name without .json, e.g. civil-dibao. */
  name: string;
  /** Where the mapping was read from, for messages. */
  file: string;
  recordType: RecordType;
  department: string;
  sourceSystem?: string;
  description?: string;
  /** The sheet's header row when a title sits above it; default: the first non-empty row. */
  headerRow?: number;
  requiredColumns: string[];
  fields: FieldMapping[];
  /** Sets startDate and endDate from one month or year column. */
  period?: PeriodSource;
}

export interface FieldError {
  field: string;
  message: string;
}

export type RowTranslation = { record: IngestRecord } | { error: FieldError };

type FieldKind = 'text' | 'date' | 'integer' | 'boolean' | 'money';

interface FieldSpec {
  kind: FieldKind;
  required?: true;
}

/** Plain fields by name; a nested object's parts (incomeComponents.wage) are listed as dotted fields. */
type FieldTable<R> = { [K in keyof R as NonNullable<R[K]> extends object ? never : K]-?: FieldSpec };
type PartFields<Name extends string, T> = { [K in keyof T & string as `${Name}.${K}`]-?: FieldSpec };

const TEXT: FieldSpec = { kind: 'text' };
const REQUIRED_TEXT: FieldSpec = { kind: 'text', required: true };
const DATE: FieldSpec = { kind: 'date' };
const REQUIRED_DATE: FieldSpec = { kind: 'date', required: true };
const INTEGER: FieldSpec = { kind: 'integer' };
const BOOLEAN: FieldSpec = { kind: 'boolean' };
const MONEY: FieldSpec = { kind: 'money' };

const HOUSEHOLD_FIELDS: FieldTable<HouseholdRecord> = {
  sourceRecordId: REQUIRED_TEXT,
  householdNo: REQUIRED_TEXT,
  regionCode: TEXT,
  townshipName: TEXT,
  villageName: TEXT,
  villageGroup: TEXT,
  povertyType: TEXT,
  status: TEXT,
  statusEffectiveOn: DATE,
  identifiedOn: DATE,
  exitDeadline: DATE,
  causeOfPoverty: TEXT,
  familySize: INTEGER,
  headName: TEXT,
  headIdNumber: TEXT,
  minimumAllowance: BOOLEAN,
};

const MEMBER_FIELDS: FieldTable<MemberRecord> = {
  sourceRecordId: REQUIRED_TEXT,
  householdNo: TEXT,
  householdMemberIdNumber: TEXT,
  idNumber: REQUIRED_TEXT,
  name: REQUIRED_TEXT,
  relation: REQUIRED_TEXT,
  ethnicity: TEXT,
  education: TEXT,
  health: TEXT,
  labourAbility: TEXT,
  migrantWorker: BOOLEAN,
  student: BOOLEAN,
  deceasedOn: DATE,
};

const SUBSIDY_FIELDS: FieldTable<SubsidyRecord> = {
  sourceRecordId: REQUIRED_TEXT,
  householdNo: TEXT,
  beneficiaryIdNumber: TEXT,
  programCode: REQUIRED_TEXT,
  amount: { kind: 'money', required: true },
  startDate: REQUIRED_DATE,
  endDate: REQUIRED_DATE,
  state: TEXT,
  approvedOn: DATE,
  paidOn: DATE,
  bankCardNo: TEXT,
  paymentReference: TEXT,
};

const BANK_CARD_FIELDS: FieldTable<BankCardRecord> = {
  sourceRecordId: REQUIRED_TEXT,
  householdNo: TEXT,
  householdMemberIdNumber: TEXT,
  holderIdNumber: REQUIRED_TEXT,
  bankName: REQUIRED_TEXT,
  cardNo: REQUIRED_TEXT,
  openedOn: DATE,
  closedOn: DATE,
};

const BANK_PAYMENT_FIELDS: FieldTable<BankPaymentRecord> = {
  sourceRecordId: REQUIRED_TEXT,
  cardNo: REQUIRED_TEXT,
  holderName: REQUIRED_TEXT,
  holderIdNumber: TEXT,
  amount: { kind: 'money', required: true },
  paidOn: REQUIRED_DATE,
  paymentReference: TEXT,
  memo: TEXT,
};

const DOCUMENT_FIELDS: FieldTable<ArchiveDocumentRecord> &
  PartFields<'incomeComponents', IncomeComponentsRecord> &
  PartFields<'fourLooksScores', FourLooksScoresRecord> = {
  sourceRecordId: REQUIRED_TEXT,
  householdNo: TEXT,
  householdMemberIdNumber: TEXT,
  typeCode: REQUIRED_TEXT,
  title: TEXT,
  documentDate: DATE,
  uniformCode: TEXT,
  bindingOrder: INTEGER,
  pageCount: INTEGER,
  retention: TEXT,
  familySize: INTEGER,
  labourCount: INTEGER,
  perCapitaIncome: MONEY,
  povertyType: TEXT,
  'incomeComponents.wage': MONEY,
  'incomeComponents.operating': MONEY,
  'incomeComponents.property': MONEY,
  'incomeComponents.transfer': MONEY,
  'incomeComponents.productionCosts': MONEY,
  'fourLooksScores.house': TEXT,
  'fourLooksScores.grain': TEXT,
  'fourLooksScores.labour': TEXT,
  'fourLooksScores.student': TEXT,
  fourLooksTotal: TEXT,
};

const RECORD_FIELDS: Record<RecordType, Record<string, FieldSpec>> = {
  HOUSEHOLD: HOUSEHOLD_FIELDS,
  MEMBER: MEMBER_FIELDS,
  SUBSIDY: SUBSIDY_FIELDS,
  DOCUMENT: DOCUMENT_FIELDS,
  BANK_CARD: BANK_CARD_FIELDS,
  BANK_PAYMENT: BANK_PAYMENT_FIELDS,
};

/** Where each record type goes in an ingest delivery. */
export const INGEST_RECORDS_KEY: Record<RecordType, keyof IngestRecords> = {
  HOUSEHOLD: 'households',
  MEMBER: 'members',
  SUBSIDY: 'subsidies',
  DOCUMENT: 'documents',
  BANK_CARD: 'bankCards',
  BANK_PAYMENT: 'bankPayments',
};

const PERIOD_KEY = 'period';
const TOP_LEVEL_KEYS = ['$comment', 'description', 'recordType', 'department', 'sourceSystem', 'headerRow', 'requiredColumns', 'fields'];

export async function loadMapping(file: string): Promise<ColumnMapping> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new Error(`Column mapping ${file}: cannot read the file: ${error instanceof Error ? error.message : String(error)}`);
  }
  return parseMapping(text, file);
}

/** Validates a mapping file's text; every error names the file and the offending key. */
export function parseMapping(text: string, file: string): ColumnMapping {
  const fail = (message: string): never => {
    throw new Error(`Column mapping ${file}: ${message}`);
  };
  let json: unknown;
  try {
    json = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (error) {
    fail(`not valid JSON: ${error instanceof Error ? error.message : String(error)}`);
  }
  const duplicate = duplicateKey(text);
  if (duplicate) fail(`key "${duplicate}" appears twice`);
  if (!isObject(json)) return fail('the file must hold a JSON object');

  for (const key of Object.keys(json)) {
    if (!TOP_LEVEL_KEYS.includes(key)) fail(`unknown key "${key}"; the keys are ${TOP_LEVEL_KEYS.join(', ')}`);
  }
  const recordType = json.recordType;
  if (typeof recordType !== 'string' || !Object.hasOwn(RECORD_FIELDS, recordType)) {
    return fail(`"recordType" must be one of ${Object.keys(RECORD_FIELDS).join(', ')} (got ${JSON.stringify(recordType)})`);
  }
  const recordFields = RECORD_FIELDS[recordType as RecordType];
  const department = json.department;
  if (typeof department !== 'string' || department.trim() === '') fail('"department" must be a department code such as CIVIL');
  const sourceSystem = optionalString(json, 'sourceSystem', fail);
  const description = optionalString(json, 'description', fail);
  const headerRow = json.headerRow;
  if (headerRow !== undefined && !(Number.isInteger(headerRow) && (headerRow as number) >= 1)) {
    fail('"headerRow" must be a row number (1 or more)');
  }
  const requiredColumns = json.requiredColumns ?? [];
  if (!Array.isArray(requiredColumns) || !requiredColumns.every((column) => typeof column === 'string' && column.trim() !== '')) {
    return fail('"requiredColumns" must be a list of column headers');
  }
  if (!isObject(json.fields)) return fail('"fields" must be an object: record field -> where its value comes from');

  const fields: FieldMapping[] = [];
  let period: PeriodSource | undefined;
  for (const [field, rule] of Object.entries(json.fields)) {
    const at = `fields.${field}`;
    if (field === PERIOD_KEY) {
      if (!('startDate' in recordFields)) fail(`"${at}": ${recordType} records have no period (startDate and endDate)`);
      period = parsePeriod(rule, at, fail);
      continue;
    }
    const spec = Object.hasOwn(recordFields, field) ? recordFields[field] : undefined;
    if (!spec) {
      return fail(`"${at}": ${recordType} records have no field "${field}"; the fields are ${Object.keys(recordFields).join(', ')}`);
    }
    fields.push({ field, source: parseSource(rule, spec, at, fail) });
  }
  if (period) {
    for (const field of ['startDate', 'endDate']) {
      if (fields.some((mapping) => mapping.field === field)) fail(`"fields.${field}" is mapped twice: by "fields.${field}" and by "fields.period"`);
    }
  }
  const mapped = new Set([...fields.map((mapping) => mapping.field), ...(period ? ['startDate', 'endDate'] : [])]);
  const unmapped = Object.entries(recordFields)
    .filter(([field, spec]) => spec.required && !mapped.has(field))
    .map(([field]) => field);
  if (unmapped.length > 0) fail(`"fields" must map ${unmapped.join(', ')} (required for ${recordType} records)`);

  return {
    name: basename(file, extname(file)),
    file,
    recordType: recordType as RecordType,
    department: (department as string).trim(),
    ...(sourceSystem !== undefined ? { sourceSystem } : {}),
    ...(description !== undefined ? { description } : {}),
    ...(headerRow !== undefined ? { headerRow: headerRow as number } : {}),
    requiredColumns: (requiredColumns as string[]).map((column) => column.trim()),
    fields,
    ...(period ? { period } : {}),
  };
}

function parseSource(rule: unknown, spec: FieldSpec, at: string, fail: (message: string) => never): ValueSource {
  if (!isObject(rule)) return fail(`"${at}" must be an object such as {"column": "身份证号码"}`);
  const kinds = ['column', 'constant', 'template', 'yearStart'].filter((key) => key in rule);
  if (kinds.length !== 1) {
    return fail(`"${at}" must have exactly one of "column", "constant", "template", "yearStart" (has ${kinds.join(', ') || 'none'})`);
  }
  const allowed = kinds[0] === 'column' ? ['column', 'values', 'strict', 'optional'] : kinds;
  const extra = Object.keys(rule).filter((key) => !allowed.includes(key));
  if (extra.length > 0) fail(`"${at}": unexpected key "${extra[0]}" next to "${kinds[0]}"`);

  if ('column' in rule) {
    const column = headerName(rule.column, `${at}.column`, fail);
    const values = rule.values === undefined ? undefined : parseValues(rule.values, `${at}.values`, fail);
    if (rule.strict !== undefined && typeof rule.strict !== 'boolean') fail(`"${at}.strict" must be true or false`);
    if (rule.strict === true && !values) fail(`"${at}.strict" needs a "values" map to be strict about`);
    if (rule.optional !== undefined && typeof rule.optional !== 'boolean') fail(`"${at}.optional" must be true or false`);
    if (rule.optional === true && spec.required) fail(`"${at}.optional": a required field cannot come from a column the sheet may lack`);
    return { column, ...(values ? { values } : {}), strict: rule.strict === true, ...(rule.optional === true ? { optional: true as const } : {}) };
  }
  if ('constant' in rule) {
    const constant = rule.constant;
    if (!['string', 'number', 'boolean'].includes(typeof constant)) fail(`"${at}.constant" must be a string, number or boolean`);
    return { constant: String(constant) };
  }
  if ('template' in rule) {
    if (typeof rule.template !== 'string') return fail(`"${at}.template" must be a string such as "{身份证号码}-{发放月份}"`);
    return { template: rule.template, columns: templateColumns(rule.template, `${at}.template`, fail) };
  }
  if (spec.kind !== 'date') fail(`"${at}.yearStart" gives a date; use it for a date field`);
  return { yearStart: headerName(rule.yearStart, `${at}.yearStart`, fail) };
}

function parsePeriod(rule: unknown, at: string, fail: (message: string) => never): PeriodSource {
  if (!isObject(rule) || Object.keys(rule).length !== 1 || !('month' in rule || 'year' in rule)) {
    return fail(`"${at}" must be {"month": "<column>"} or {"year": "<column>"}`);
  }
  return 'month' in rule ? { month: headerName(rule.month, `${at}.month`, fail) } : { year: headerName(rule.year, `${at}.year`, fail) };
}

function parseValues(values: unknown, at: string, fail: (message: string) => never): Record<string, string> {
  if (!isObject(values)) return fail(`"${at}" must map cell texts to values, e.g. {"户主": "HEAD"}`);
  const map: Record<string, string> = Object.create(null) as Record<string, string>;
  for (const [text, value] of Object.entries(values)) {
    if (!['string', 'number', 'boolean'].includes(typeof value)) fail(`"${at}.${text}" must be a string, number or boolean`);
    map[text.trim()] = String(value);
  }
  return map;
}

function templateColumns(template: string, at: string, fail: (message: string) => never): string[] {
  const columns: string[] = [];
  const outside = template.replace(/\{([^{}]*)\}/g, (_match, column: string) => {
    if (column.trim() === '') fail(`"${at}" has an empty "{}"`);
    columns.push(column.trim());
    return '';
  });
  if (/[{}]/.test(outside)) fail(`"${at}" has an unmatched brace: ${template}`);
  if (columns.length === 0) fail(`"${at}" names no column; write columns in braces, e.g. "{身份证号码}-{发放月份}"`);
  return columns;
}

function headerName(value: unknown, at: string, fail: (message: string) => never): string {
  if (typeof value !== 'string' || value.trim() === '') return fail(`"${at}" must be a column header`);
  return value.trim();
}

function optionalString(json: Record<string, unknown>, key: string, fail: (message: string) => never): string | undefined {
  const value = json[key];
  if (value !== undefined && typeof value !== 'string') fail(`"${key}" must be a string`);
  return value as string | undefined;
}

/** JSON.parse keeps the last of two equal keys silently; in a hand-edited mapping that hides a mistake. */
function duplicateKey(text: string): string | undefined {
  type Frame = { keys: Set<string>; path: string; lastKey: string } | { array: true; path: string };
  const stack: Frame[] = [];
  const childPath = (): string => {
    const top = stack[stack.length - 1];
    if (!top) return '';
    const name = 'array' in top ? '[]' : top.lastKey;
    return top.path ? `${top.path}.${name}` : name;
  };
  for (let i = 0; i < text.length; i += 1) {
    const char = text[i];
    if (char === '{') stack.push({ keys: new Set(), path: childPath(), lastKey: '' });
    else if (char === '[') stack.push({ array: true, path: childPath() });
    else if (char === '}' || char === ']') stack.pop();
    else if (char === '"') {
      let end = i + 1;
      while (text[end] !== '"') end += text[end] === '\\' ? 2 : 1;
      const value = JSON.parse(text.slice(i, end + 1)) as string;
      i = end;
      const top = stack[stack.length - 1];
      if (top && !('array' in top) && /^\s*:/.test(text.slice(end + 1, end + 64))) {
        if (top.keys.has(value)) return top.path ? `${top.path}.${value}` : value;
        top.keys.add(value);
        top.lastKey = value;
      }
    }
  }
  return undefined;
}

/** Every column the mapping reads or requires, except the columns it marks optional. */
export function mappingColumns(mapping: ColumnMapping): string[] {
  const columns = [...mapping.requiredColumns];
  for (const { source } of mapping.fields) {
    if ('column' in source && !source.optional) columns.push(source.column);
    if ('template' in source) columns.push(...source.columns);
    if ('yearStart' in source) columns.push(source.yearStart);
  }
  if (mapping.period) columns.push('month' in mapping.period ? mapping.period.month : mapping.period.year);
  return [...new Set(columns)];
}

/** Fails before any row is read when the sheet lacks columns the mapping needs. */
export function checkHeaders(mapping: ColumnMapping, headers: string[], sheet = 'the sheet'): void {
  const present = new Set(headers);
  const missing = mappingColumns(mapping).filter((column) => !present.has(column));
  if (missing.length === 0) return;
  throw new Error(
    `${sheet} lacks ${missing.length === 1 ? 'the column' : 'columns'} that the mapping "${mapping.name}" (${mapping.file}) needs: ` +
      `${missing.join(', ')}. The sheet's columns are: ${headers.join(', ')}`,
  );
}

export function translateRow(mapping: ColumnMapping, row: { values: Record<string, string> }): RowTranslation {
  const specs = RECORD_FIELDS[mapping.recordType];
  const record: Record<string, unknown> = {};
  for (const { field, source } of mapping.fields) {
    const spec = specs[field];
    const text = sourceText(source, row.values);
    if (typeof text !== 'string') return { error: { field, message: text.message } };
    const value = convert(text, spec, 'column' in source ? source.column : undefined);
    if (isProblem(value)) return { error: { field, message: value.message } };
    record[field] = value;
  }
  if (mapping.period) {
    const period = periodDates(mapping.period, row.values);
    if (isProblem(period)) return { error: { field: PERIOD_KEY, message: period.message } };
    record.startDate = period.startDate;
    record.endDate = period.endDate;
  }
  return { record: inFieldOrder(record, specs) as unknown as IngestRecord };
}

interface Problem {
  message: string;
}

function isProblem(value: unknown): value is Problem {
  return typeof value === 'object' && value !== null && 'message' in value;
}

function sourceText(source: ValueSource, values: Record<string, string>): string | Problem {
  if ('constant' in source) return source.constant;
  if ('yearStart' in source) {
    const text = values[source.yearStart] ?? '';
    const year = /^(\d{4})年?$/.exec(text);
    return year ? `${year[1]}-01-01` : text;
  }
  if ('template' in source) return renderTemplate(source, values);
  const text = values[source.column] ?? '';
  if (source.values && Object.hasOwn(source.values, text)) return source.values[text];
  if (source.values && source.strict && text !== '') {
    return {
      message: `${source.column} "${text}" is not one of the texts this mapping knows: ${Object.keys(source.values).join(', ')}`,
    };
  }
  return text;
}

function renderTemplate(source: { template: string }, values: Record<string, string>): string | Problem {
  let empty: string | undefined;
  const text = source.template.replace(/\{([^{}]*)\}/g, (_match, column: string) => {
    const value = values[column.trim()] ?? '';
    if (value === '') empty ??= column.trim();
    return value;
  });
  // an id built around an empty cell would collide with other rows' ids
  if (empty !== undefined) return { message: `the template "${source.template}" needs ${empty}, which is empty in this row` };
  return text;
}

function convert(text: string, spec: FieldSpec, column: string | undefined): unknown {
  const where = column ?? 'the value';
  if (text === '') return spec.kind === 'text' || spec.kind === 'date' || spec.kind === 'money' ? (spec.required ? '' : null) : null;
  switch (spec.kind) {
    case 'text':
      return text;
    case 'date':
      return normaliseDate(text);
    case 'money':
      return text.replace(/^[¥￥]\s*/, '').replace(/[,，]/g, '').trim();
    case 'integer':
      return /^-?\d+$/.test(text) && Number.isSafeInteger(Number(text))
        ? Number(text)
        : { message: `${where} "${text}" is not a whole number` };
    case 'boolean': {
      const answer = text.toLowerCase();
      return Object.hasOwn(BOOLEAN_TEXTS, answer) ? BOOLEAN_TEXTS[answer] : { message: `${where} "${text}" is not 是/否 (yes/no)` };
    }
  }
}

const BOOLEAN_TEXTS: Record<string, boolean> = {
  是: true,
  否: false,
  y: true,
  n: false,
  yes: true,
  no: false,
  true: true,
  false: false,
  '1': true,
  '0': false,
};

/** 'YYYY-MM-DD' for the ways Chinese sheets write a date; any other text passes through for validation to reject. */
export function normaliseDate(text: string): string {
  const match =
    /^(\d{4})[-/](\d{1,2})[-/](\d{1,2})(?:[ T]\d{1,2}:\d{2}(?::\d{2})?)?$/.exec(text) ??
    /^(\d{4})年(\d{1,2})月(\d{1,2})日?$/.exec(text) ??
    /^(\d{4})(\d{2})(\d{2})$/.exec(text);
  if (!match) return text;
  return `${match[1]}-${match[2].padStart(2, '0')}-${match[3].padStart(2, '0')}`;
}

function periodDates(period: PeriodSource, values: Record<string, string>): { startDate: string; endDate: string } | Problem {
  if ('year' in period) {
    const text = values[period.year] ?? '';
    const year = /^(\d{4})年?(?:度)?$/.exec(text);
    if (!year) return { message: `${period.year} "${text}" is not a year (YYYY)` };
    return { startDate: `${year[1]}-01-01`, endDate: `${year[1]}-12-31` };
  }
  const text = values[period.month] ?? '';
  const month =
    /^(\d{4})[-/](\d{1,2})$/.exec(text) ??
    /^(\d{4})年(\d{1,2})月?$/.exec(text) ??
    /^(\d{4})(\d{2})$/.exec(text) ??
    /^(\d{4})-(\d{2})-\d{2}$/.exec(normaliseDate(text));
  const monthNumber = month ? Number(month[2]) : 0;
  if (!month || monthNumber < 1 || monthNumber > 12) {
    return { message: `${period.month} "${text}" is not a month (YYYY-MM, YYYY/MM or YYYY年M月)` };
  }
  const lastDay = new Date(Date.UTC(Number(month[1]), monthNumber, 0)).getUTCDate();
  const yearMonth = `${month[1]}-${String(monthNumber).padStart(2, '0')}`;
  return { startDate: `${yearMonth}-01`, endDate: `${yearMonth}-${lastDay}` };
}

function inFieldOrder(record: Record<string, unknown>, specs: Record<string, FieldSpec>): Record<string, unknown> {
  const ordered: Record<string, unknown> = {};
  for (const field of Object.keys(specs)) {
    if (!(field in record)) continue;
    const [outer, part] = field.split('.');
    if (part === undefined) ordered[field] = record[field];
    // Empty cells leave a part out, so that a half-filled form is refused and an unfilled one is absent.
    else if (record[field] !== null) ((ordered[outer] ??= {}) as Record<string, unknown>)[part] = record[field];
  }
  return ordered;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
