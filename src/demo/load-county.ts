import { arrayLiteral, type SqlValue } from '../db/sql-arrays';
import type { Prisma, PrismaClient } from '../generated/prisma/client';
import {
  DEMO_BANK_FILE_MONTH,
  DEMO_BANK_MONTHS,
  type ArchiveDocumentRecord,
  type BankCardRecord,
  type BankPaymentRecord,
  type CadreRecord,
  type DemoCounty,
  type HouseholdBatch,
  type HouseholdRecord,
  type MemberRecord,
  type PairingRecord,
  type StatusChangeRecord,
  type SubsidyRecord,
  type VisitRecord,
} from './county-generator';

export interface LoadSummary {
  regions: number;
  cadres: number;
  households: number;
  members: number;
  statusChanges: number;
  subsidies: number;
  documents: number;
  pairings: number;
  visits: number;
  /** 一户一卡: one card a household. */
  cards: number;
  /** Bank payments of the loaded months. */
  payments: number;
}

export interface LoadOptions {
  /** Called after every chunk with the households written so far and in all. */
  onProgress?(done: number, total: number): void;
  /** Households per chunk, each chunk written in one transaction. Default 1000. */
  chunkSize?: number;
  /**
   * The months (YYYY-MM) whose bank payments are loaded and recorded as covered (bank_coverage_month).
   * Default every demo month but DEMO_BANK_FILE_MONTH, whose file `demo:bank-file` writes for import.
   */
  bankMonths?: readonly string[];
}

/** The demo bank months the load writes directly: all but the one left for the README's import. */
export const DEMO_LOADED_BANK_MONTHS: readonly string[] = DEMO_BANK_MONTHS.filter((month) => month !== DEMO_BANK_FILE_MONTH);

type Db = PrismaClient | Prisma.TransactionClient;

/** A chunk of 1000 households is some 45,000 rows; slow disks and servers need minutes, not seconds. */
const CHUNK_TRANSACTION = { maxWait: 60_000, timeout: 600_000 };
const ROWS_PER_STATEMENT = 5000;

export async function isCountyLoaded(prisma: PrismaClient): Promise<boolean> {
  return (await prisma.household.findFirst({ select: { id: true } })) !== null;
}

/**
 * Writes a generated county into a migrated database that has the reference data
 * (seedReferenceData) and no county yet. Households are written in chunks, each chunk with
 * everything recorded about its households, so memory stays flat at 400,000 households.
 *
 * Rows go in as one INSERT … SELECT FROM unnest(arrays) per table and chunk: Prisma's createMany
 * spends about a millisecond per row, five times as long as the database itself.
 */
export async function loadCounty(prisma: PrismaClient, county: DemoCounty, options: LoadOptions = {}): Promise<LoadSummary> {
  const chunkSize = options.chunkSize ?? 1000;
  const tables = tableSpecs(await referenceKeys(prisma));
  const summary: LoadSummary = { regions: 0, cadres: 0, households: 0, members: 0, statusChanges: 0, subsidies: 0, documents: 0, pairings: 0, visits: 0, cards: 0, payments: 0 };
  const bankMonths = new Set(options.bankMonths ?? DEMO_LOADED_BANK_MONTHS);

  const cadreId = new Map<string, number>();
  await prisma.$transaction(async (tx) => {
    summary.regions = (await tx.region.createMany({ data: county.regions, skipDuplicates: true })).count;
    for (const row of await insertReturning(tx, tables.cadre, county.cadres)) cadreId.set(row.key, row.id);
    summary.cadres = cadreId.size;
    // The months the bank has reported, as ingest of a bank file records them.
    await tx.$executeRawUnsafe(
      `INSERT INTO "bank_coverage_month" ("month") SELECT unnest($1::text::date[]) ON CONFLICT DO NOTHING`,
      arrayLiteral([...bankMonths].sort().map((month) => `${month}-01`)),
    );
  }, CHUNK_TRANSACTION);

  const total = county.households.length;
  for (const batch of county.batches(chunkSize)) {
    await prisma.$transaction((tx) => writeBatch(tx, tables, batch, cadreId, summary, bankMonths), CHUNK_TRANSACTION);
    options.onProgress?.(summary.households, total);
  }
  return summary;
}

async function writeBatch(
  tx: Db,
  tables: TableSpecs,
  batch: HouseholdBatch,
  cadreId: Map<string, number>,
  summary: LoadSummary,
  bankMonths: ReadonlySet<string>,
): Promise<void> {
  const householdId = new Map<string, number>();
  for (const row of await insertReturning(tx, tables.household, batch.households)) householdId.set(row.key, row.id);
  const memberId = new Map<string, number>();
  const members = batch.members.map((member) => ({ ...member, householdId: householdId.get(member.householdNo)! }));
  for (const row of await insertReturning(tx, tables.member, members)) memberId.set(row.key, row.id);

  const ids = <T extends { householdNo: string }>(record: T) => ({ ...record, householdId: householdId.get(record.householdNo)! });
  const byCadre = <T extends { householdNo: string; cadreKey: string }>(record: T) => ({ ...ids(record), cadreId: cadreId.get(record.cadreKey)! });
  summary.households += householdId.size;
  summary.members += memberId.size;
  summary.statusChanges += await insert(tx, tables.statusChange, batch.statusChanges.map(ids));
  summary.subsidies += await insert(
    tx,
    tables.subsidy,
    batch.subsidies.map((subsidy) => ({ ...ids(subsidy), memberId: subsidy.memberKey === null ? null : memberId.get(subsidy.memberKey)! })),
  );
  summary.documents += await insert(tx, tables.document, batch.documents.map(ids));
  summary.pairings += await insert(tx, tables.pairing, batch.pairings.map(byCadre));
  summary.visits += await insert(tx, tables.visit, batch.visits.map(byCadre));
  summary.cards += await insert(tx, tables.card, batch.cards.map((card) => ({ ...ids(card), holderMemberId: memberId.get(card.holderKey)! })));
  // A payment belongs to the household whose card received it, as ingest resolves it; reconciliation matches it.
  summary.payments += await insert(tx, tables.payment, batch.payments.filter((payment) => bankMonths.has(payment.paidOn.slice(0, 7))).map(ids));
}

interface ReferenceKeys {
  department(code: string): number;
  program(code: string): number;
}

async function referenceKeys(prisma: PrismaClient): Promise<ReferenceKeys> {
  const departments = new Map((await prisma.department.findMany({ select: { id: true, code: true } })).map((d) => [d.code, d.id]));
  const programs = new Map((await prisma.program.findMany({ select: { id: true, code: true } })).map((p) => [p.code, p.id]));
  const find = (ids: Map<string, number>, what: string) => (code: string) => {
    const id = ids.get(code);
    if (id === undefined) throw new Error(`${what} ${code} is not in the database: seed the reference data before loading the demo county`);
    return id;
  };
  return { department: find(departments, 'department'), program: find(programs, 'program') };
}

// ---------------------------------------------------------------------------------------------
// Bulk INSERT through arrays: one parameter per column whatever the number of rows

type Value = SqlValue;

interface Column<T> {
  name: string;
  /** SQL type of the array elements; the array travels as text and is cast. */
  type: string;
  value(row: T): Value;
}

interface Table<T> {
  name: string;
  columns: Column<T>[];
  /** The table has an updated_at column (Prisma's @updatedAt has no database default). */
  touched: boolean;
  /** The column that identifies an inserted row to the records that refer to it. */
  key?: string;
}

type WithHousehold<T> = T & { householdId: number };
type WithCadre<T> = WithHousehold<T> & { cadreId: number };

type TableSpecs = ReturnType<typeof tableSpecs>;

function tableSpecs(keys: ReferenceKeys) {
  const column = <T>(name: string, type: string, value: (row: T) => Value): Column<T> => ({ name, type, value });
  const provenance = <T extends { department: string; sourceSystem: string; sourceRecordId: string }>(): Column<T>[] => [
    column('department_id', 'int', (r) => keys.department(r.department)),
    column('source_system', 'text', (r) => r.sourceSystem),
    column('source_record_id', 'text', (r) => r.sourceRecordId),
  ];
  const household: Table<HouseholdRecord> = {
    name: 'household',
    touched: true,
    key: 'household_no',
    columns: [
      column('household_no', 'text', (r) => r.householdNo),
      column('region_code', 'text', (r) => r.regionCode),
      column('village_group', 'text', (r) => r.villageGroup),
      column('poverty_type', '"PovertyType"', (r) => r.povertyType),
      column('status', '"HouseholdStatus"', (r) => r.status),
      column('identified_on', 'date', (r) => r.identifiedOn),
      column('exit_deadline', 'date', (r) => r.exitDeadline),
      column('cause_of_poverty', 'text', (r) => r.causeOfPoverty),
      ...provenance<HouseholdRecord>(),
    ],
  };
  const member: Table<WithHousehold<MemberRecord>> = {
    name: 'member',
    touched: true,
    key: 'source_record_id',
    columns: [
      column('household_id', 'int', (r) => r.householdId),
      column('id_number', 'text', (r) => r.idNumber),
      column('name', 'text', (r) => r.name),
      column('relation', '"Relation"', (r) => r.relation),
      column('ethnicity', 'text', (r) => r.ethnicity),
      column('education', 'text', (r) => r.education),
      column('health', '"HealthCondition"', (r) => r.health),
      column('labour_ability', '"LabourAbility"', (r) => r.labourAbility),
      column('migrant_worker', 'boolean', (r) => r.migrantWorker),
      column('student', 'boolean', (r) => r.student),
      column('deceased_on', 'date', (r) => r.deceasedOn),
      ...provenance<WithHousehold<MemberRecord>>(),
    ],
  };
  const statusChange: Table<WithHousehold<StatusChangeRecord>> = {
    name: 'household_status_change',
    touched: false,
    columns: [
      column('household_id', 'int', (r) => r.householdId),
      column('from_status', '"HouseholdStatus"', (r) => r.fromStatus),
      column('to_status', '"HouseholdStatus"', (r) => r.toStatus),
      column('effective_on', 'date', (r) => r.effectiveOn),
      column('actor', 'text', (r) => r.actor),
      column('reason', 'text', (r) => r.reason),
      column('evidence', 'text', (r) => r.evidence),
      ...provenance<WithHousehold<StatusChangeRecord>>(),
    ],
  };
  const subsidy: Table<WithHousehold<SubsidyRecord> & { memberId: number | null }> = {
    name: 'subsidy',
    touched: true,
    columns: [
      column('program_id', 'int', (r) => keys.program(r.programCode)),
      column('household_id', 'int', (r) => r.householdId),
      column('member_id', 'int', (r) => r.memberId),
      column('amount', 'numeric', (r) => r.amount),
      column('start_date', 'date', (r) => r.startDate),
      column('end_date', 'date', (r) => r.endDate),
      column('year', 'int', (r) => r.year),
      column('state', '"SubsidyState"', (r) => r.state),
      column('approved_on', 'date', (r) => r.approvedOn),
      column('paid_on', 'date', (r) => r.paidOn),
      column('bank_card_no', 'text', (r) => r.bankCardNo),
      column('payment_reference', 'text', (r) => r.paymentReference),
      ...provenance<WithHousehold<SubsidyRecord>>(),
    ],
  };
  const document: Table<WithHousehold<ArchiveDocumentRecord>> = {
    name: 'archive_document',
    touched: true,
    columns: [
      column('household_id', 'int', (r) => r.householdId),
      column('type_code', 'text', (r) => r.typeCode),
      column('archive_category', '"ArchiveCategory"', (r) => r.archiveCategory),
      column('uniform_code', 'text', (r) => r.uniformCode),
      column('binding_order', 'int', (r) => r.bindingOrder),
      column('title', 'text', (r) => r.title),
      column('document_date', 'date', (r) => r.documentDate),
      column('page_count', 'int', (r) => r.pageCount),
      column('retention', 'text', (r) => r.retention),
      column('family_size', 'int', (r) => r.familySize),
      column('labour_count', 'int', (r) => r.labourCount),
      column('per_capita_income', 'numeric', (r) => r.perCapitaIncome),
      column('poverty_type', '"PovertyType"', (r) => r.povertyType),
      column('income_components', 'jsonb', (r) => (r.incomeComponents === null ? null : JSON.stringify(r.incomeComponents))),
      column('four_looks_scores', 'jsonb', (r) => (r.fourLooksScores === null ? null : JSON.stringify(r.fourLooksScores))),
      column('four_looks_total', 'numeric', (r) => r.fourLooksTotal),
      ...provenance<WithHousehold<ArchiveDocumentRecord>>(),
    ],
  };
  const cadre: Table<CadreRecord> = {
    name: 'cadre',
    touched: false,
    key: 'source_record_id',
    columns: [
      column('name', 'text', (r) => r.name),
      column('organisation', 'text', (r) => r.organisation),
      column('phone', 'text', (r) => r.phone),
      ...provenance<CadreRecord>(),
    ],
  };
  const pairing: Table<WithCadre<PairingRecord>> = {
    name: 'pairing',
    touched: false,
    columns: [
      column('cadre_id', 'int', (r) => r.cadreId),
      column('household_id', 'int', (r) => r.householdId),
      column('start_date', 'date', (r) => r.startDate),
      column('end_date', 'date', (r) => r.endDate),
      ...provenance<WithCadre<PairingRecord>>(),
    ],
  };
  const visit: Table<WithCadre<VisitRecord>> = {
    name: 'visit',
    touched: false,
    columns: [
      column('cadre_id', 'int', (r) => r.cadreId),
      column('household_id', 'int', (r) => r.householdId),
      column('visited_on', 'date', (r) => r.visitedOn),
      column('notes', 'text', (r) => r.notes),
      ...provenance<WithCadre<VisitRecord>>(),
    ],
  };
  const card: Table<WithHousehold<BankCardRecord> & { holderMemberId: number }> = {
    name: 'bank_card',
    touched: true,
    columns: [
      column('household_id', 'int', (r) => r.householdId),
      column('holder_member_id', 'int', (r) => r.holderMemberId),
      column('bank_name', 'text', (r) => r.bankName),
      column('card_no', 'text', (r) => r.cardNo),
      column('opened_on', 'date', (r) => r.openedOn),
      column('closed_on', 'date', (r) => r.closedOn),
      ...provenance<WithHousehold<BankCardRecord>>(),
    ],
  };
  const payment: Table<WithHousehold<BankPaymentRecord>> = {
    name: 'bank_payment',
    touched: true,
    columns: [
      column('card_no', 'text', (r) => r.cardNo),
      column('holder_name', 'text', (r) => r.holderName),
      column('holder_id_number', 'text', (r) => r.holderIdNumber),
      column('amount', 'numeric', (r) => r.amount),
      column('paid_on', 'date', (r) => r.paidOn),
      column('payment_reference', 'text', (r) => r.paymentReference),
      column('memo', 'text', (r) => r.memo),
      column('household_id', 'int', (r) => r.householdId),
      ...provenance<WithHousehold<BankPaymentRecord>>(),
    ],
  };
  return { household, member, statusChange, subsidy, document, cadre, pairing, visit, card, payment };
}

function insertStatement<T>(table: Table<T>): string {
  const names = table.columns.map((column) => `"${column.name}"`);
  const arrays = table.columns.map((column, k) => `$${k + 1}::text::${column.type}[]`);
  // Prisma stores DateTime as UTC in timestamp columns.
  const touched = table.touched ? { column: ', "updated_at"', value: `, now() AT TIME ZONE 'UTC'` } : { column: '', value: '' };
  const returning = table.key ? ` RETURNING "id", "${table.key}" AS "key"` : '';
  return `INSERT INTO "${table.name}" (${names.join(', ')}${touched.column}) SELECT *${touched.value} FROM unnest(${arrays.join(', ')})${returning}`;
}

function parameters<T>(table: Table<T>, rows: T[]): string[] {
  return table.columns.map((column) => arrayLiteral(rows.map((row) => column.value(row))));
}

async function insert<T>(db: Db, table: Table<T>, rows: T[]): Promise<number> {
  let count = 0;
  for (let from = 0; from < rows.length; from += ROWS_PER_STATEMENT) {
    count += await db.$executeRawUnsafe(insertStatement(table), ...parameters(table, rows.slice(from, from + ROWS_PER_STATEMENT)));
  }
  return count;
}

async function insertReturning<T>(db: Db, table: Table<T>, rows: T[]): Promise<Array<{ id: number; key: string }>> {
  const inserted: Array<{ id: number; key: string }> = [];
  for (let from = 0; from < rows.length; from += ROWS_PER_STATEMENT) {
    inserted.push(...(await db.$queryRawUnsafe<Array<{ id: number; key: string }>>(insertStatement(table), ...parameters(table, rows.slice(from, from + ROWS_PER_STATEMENT)))));
  }
  return inserted;
}
