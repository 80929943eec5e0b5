import { FOUR_LOOKS_ITEMS, INCOME_COMPONENT_PARTS } from '../archive-review/archive-facts';
import { arrayLiteral, type SqlValue } from '../../db/sql-arrays';
import { householdsAwaitingPayment } from '../disbursement/awaiting-payment';
import { detectIdentityReviews } from '../identity/identity-detection';
import { recordWrites, type AuditActor } from '../auth/audit';
import { authorityOn, resolveFacts, type AuthorityRule, type DepartmentFacts, type Facts } from './fact-authority';
import { HouseholdDirectory, type HouseholdRef, type MemberRef } from './household-directory';
import type { IngestRecords, RecordType } from './ingest-records';
import {
  changedFields,
  insertKeyed,
  insertRevisions,
  loadStored,
  updateKeyed,
  type FieldChange,
  type KeyedColumn,
  type KeyedTable,
  type RevisionRow,
  type Tx,
} from './keyed-table';
import {
  BANK_CARD_TABLE,
  BANK_PAYMENT_TABLE,
  coverMonths,
  householdsOfReferences,
  paymentHouseholds,
  reresolveCardPayments,
  resolvePayments,
  subsidiesByReference,
  type PaymentResolution,
} from './bank-records';
import {
  checkBankCard,
  checkBankPayment,
  checkDocument,
  checkHousehold,
  checkMember,
  checkSubsidy,
  RecordRejected,
  reject,
  type CheckedBankCard,
  type CheckedBankPayment,
  type CheckedDocument,
  type CheckedHousehold,
  type CheckedMember,
  type CheckedSubsidy,
  type Rejection,
} from './record-rules';

export interface DeliveryContext {
  deliveryId: number;
  departmentId: number;
  departmentCode: string;
  sourceSystem: string | null;
  today: string;
  householdAuthority: AuthorityRule[];
  memberAuthority: AuthorityRule[];
  /** Who delivers: each batch writes its audit entries in its own transaction. */
  actor: AuditActor;
}

export interface RejectedRecord extends Rejection {
  recordType: RecordType;
  index: number;
  rowNumber: number | null;
  sourceRecordId: string | null;
}

export interface BatchOutcome {
  created: number;
  updated: number;
  unchanged: number;
  rejected: RejectedRecord[];
  identityReviewIds: number[];
  /** Per household written: the record types and fields (e.g. SUBSIDY.amount; SUBSIDY for a new record). */
  written: Map<number, Set<string>>;
  /**
   * Households to reconcile although nothing of theirs was written: those with a subsidy awaiting
   * payment in a month a bank reported for the first time (the household the bank did not pay is
   * the one its file does not name).
   */
  reconciled?: Set<number>;
}

interface Entry<C> {
  index: number;
  checked: C;
}

type RejectFn = (recordType: RecordType, index: number, sourceRecordId: string | null, rejection: Rejection) => void;

/**
 * Applies one batch inside one transaction: checks every record, resolves households and
 * people, writes what is new or changed with its previous version kept, and raises identity
 * reviews for the people and households it touched. A rejected record writes nothing; a batch
 * that fails as a whole leaves nothing behind (the caller retries record by record).
 */
export async function applyBatch(
  tx: Tx,
  context: DeliveryContext,
  records: IngestRecords,
  rowNumbers?: Partial<Record<RecordType, number[]>>,
): Promise<BatchOutcome> {
  const outcome: BatchOutcome = { created: 0, updated: 0, unchanged: 0, rejected: [], identityReviewIds: [], written: new Map() };
  const rejectRecord: RejectFn = (recordType, index, sourceRecordId, rejection) =>
    outcome.rejected.push({ recordType, index, rowNumber: rowNumbers?.[recordType]?.[index] ?? null, sourceRecordId, ...rejection });

  const households = checkAll('HOUSEHOLD', records.households ?? [], (record) => checkHousehold(record, context.today), rejectRecord);
  const members = checkAll('MEMBER', records.members ?? [], (record) => checkMember(record, context.today), rejectRecord);
  const documents = checkAll('DOCUMENT', records.documents ?? [], (record) => checkDocument(record, context.today), rejectRecord);
  const subsidies = checkAll('SUBSIDY', records.subsidies ?? [], (record) => checkSubsidy(record, context.today), rejectRecord);
  const bankCards = checkAll('BANK_CARD', records.bankCards ?? [], (record) => checkBankCard(record, context.today), rejectRecord);
  const bankPayments = checkAll('BANK_PAYMENT', records.bankPayments ?? [], (record) => checkBankPayment(record, context.today), rejectRecord);

  await tx.$executeRawUnsafe('SELECT pg_advisory_xact_lock(7243001)');
  const directory = new HouseholdDirectory(tx);
  const touched = { householdIds: new Set<number>(), idNumbers: new Set<string>() };
  const writer = new BatchWriter(tx, context, directory, outcome, rejectRecord, touched);

  await writer.households(households);
  await directory.loadHouseholds([...members, ...documents, ...subsidies, ...bankCards].flatMap((entry) => entry.checked.household.householdNo ?? []));
  await directory.loadMembers([
    ...members.flatMap((entry) => [entry.checked.idNumber, entry.checked.household.memberIdNumber ?? []].flat()),
    ...documents.flatMap((entry) => entry.checked.household.memberIdNumber ?? []),
    ...subsidies.flatMap((entry) => entry.checked.household.memberIdNumber ?? []),
    ...bankCards.flatMap((entry) => [entry.checked.holderIdNumber, entry.checked.household.memberIdNumber ?? []].flat()),
  ]);
  await writer.members(members);
  await writer.documents(documents);
  await writer.subsidies(subsidies);
  await writer.bankCards(bankCards);
  await writer.bankPayments(bankPayments);

  if (touched.householdIds.size > 0 || touched.idNumbers.size > 0) {
    outcome.identityReviewIds = await detectIdentityReviews(tx, { householdIds: [...touched.householdIds], idNumbers: [...touched.idNumbers] }, context.deliveryId);
  }
  await recordWrites(tx, context.actor, outcome.written, { deliveryId: context.deliveryId, department: context.departmentCode });
  return outcome;
}

/** Checks each record; later records repeating a sourceRecordId of the batch are refused. */
function checkAll<R extends { sourceRecordId?: string | null }, C extends { sourceRecordId: string }>(
  recordType: RecordType,
  records: R[],
  check: (record: R) => C,
  rejectRecord: RejectFn,
): Entry<C>[] {
  const entries: Entry<C>[] = [];
  const firstIndex = new Map<string, number>();
  records.forEach((record, index) => {
    const sourceRecordId = typeof record?.sourceRecordId === 'string' ? record.sourceRecordId.trim() : null;
    try {
      const checked = check(record);
      const first = firstIndex.get(checked.sourceRecordId);
      if (first !== undefined) {
        reject('sourceRecordId', 'DUPLICATE_IN_BATCH', `sourceRecordId "${checked.sourceRecordId}" repeats record ${first} of this delivery`, `源记录编号“${checked.sourceRecordId}”与本批第 ${first} 条重复`);
      }
      firstIndex.set(checked.sourceRecordId, index);
      entries.push({ index, checked });
    } catch (error) {
      if (!(error instanceof RecordRejected)) throw error;
      rejectRecord(recordType, index, sourceRecordId, error.rejection);
    }
  });
  return entries;
}

/** Runs `step` on each entry, turning a RecordRejected into that record's rejection. */
function eachAccepted<C extends { sourceRecordId: string }, T>(recordType: RecordType, entries: Entry<C>[], rejectRecord: RejectFn, step: (entry: Entry<C>) => T | undefined): T[] {
  const results: T[] = [];
  for (const entry of entries) {
    try {
      const result = step(entry);
      if (result !== undefined) results.push(result);
    } catch (error) {
      if (!(error instanceof RecordRejected)) throw error;
      rejectRecord(recordType, entry.index, entry.checked.sourceRecordId, error.rejection);
    }
  }
  return results;
}

const duplicateInDelivery = (sourceRecordId: string): never =>
  reject('sourceRecordId', 'DUPLICATE_IN_BATCH', `sourceRecordId "${sourceRecordId}" was already delivered earlier in this delivery`, `源记录编号“${sourceRecordId}”在本次报送中已出现过`);

interface StoredReport {
  id: number;
  subjectId: number;
  values: Facts;
  version: number;
  deliveryId: number | null;
}

// An absent fact and a null one are the same: reports stored before a fact existed lack its key.
const sameFacts = (a: Facts, b: Facts) => factChanges(a, b).length === 0;

/** Whether a household report states a status its department had not stated before. */
const statesNewStatus = (report: { values: Facts; stored?: { values: Facts } }): boolean =>
  report.values.status != null && (report.stored === undefined || report.stored.values.status !== report.values.status);
const factChanges = (before: Facts, after: Facts): FieldChange[] =>
  [...new Set([...Object.keys(before), ...Object.keys(after)])]
    .sort()
    .filter((field) => JSON.stringify(before[field] ?? null) !== JSON.stringify(after[field] ?? null))
    .map((field) => ({ field, from: (before[field] ?? null) as SqlValue, to: (after[field] ?? null) as SqlValue }));

class BatchWriter {
  private readonly provenance;

  constructor(
    private readonly tx: Tx,
    private readonly context: DeliveryContext,
    private readonly directory: HouseholdDirectory,
    private readonly outcome: BatchOutcome,
    private readonly rejectRecord: RejectFn,
    private readonly touched: { householdIds: Set<number>; idNumbers: Set<string> },
  ) {
    this.provenance = { departmentId: context.departmentId, sourceSystem: context.sourceSystem, deliveryId: context.deliveryId };
  }

  private noteWrite(householdId: number, recordType: RecordType, changes?: FieldChange[]): void {
    let fields = this.outcome.written.get(householdId);
    if (!fields) this.outcome.written.set(householdId, (fields = new Set()));
    if (changes === undefined) fields.add(recordType);
    else for (const change of changes) fields.add(`${recordType}.${change.field}`);
  }

  private async storedReports(recordType: 'HOUSEHOLD' | 'MEMBER', sourceRecordIds: string[]): Promise<Map<string, StoredReport>> {
    if (sourceRecordIds.length === 0) return new Map();
    const rows = await this.tx.$queryRawUnsafe<Array<{ id: number; subject_id: number; values: Facts; version: number; delivery_id: number | null; source_record_id: string }>>(
      `SELECT id, subject_id, "values", version, delivery_id, source_record_id FROM department_report
        WHERE department_id = $1 AND record_type = $2::"RecordType" AND source_record_id = ANY($3::text::text[])`,
      this.context.departmentId,
      recordType,
      arrayLiteral(sourceRecordIds),
    );
    return new Map(
      rows.map((row) => [
        row.source_record_id,
        { id: Number(row.id), subjectId: Number(row.subject_id), values: row.values, version: Number(row.version), deliveryId: row.delivery_id === null ? null : Number(row.delivery_id) },
      ]),
    );
  }

  /** Writes department reports (new ones and changed ones with a revision) and counts the outcome. */
  private async writeReports(recordType: 'HOUSEHOLD' | 'MEMBER', reports: Array<{ sourceRecordId: string; subjectId: number; householdId: number; values: Facts; stored: StoredReport | undefined }>): Promise<number[]> {
    const fresh = reports.filter((report) => !report.stored);
    const changed = reports.filter((report) => report.stored && !sameFacts(report.stored.values, report.values));
    for (const report of fresh) this.noteWrite(report.householdId, recordType);
    for (const report of changed) this.noteWrite(report.householdId, recordType, factChanges(report.stored!.values, report.values));
    this.outcome.created += fresh.length;
    this.outcome.updated += changed.length;
    this.outcome.unchanged += reports.length - fresh.length - changed.length;
    const rows = [...fresh, ...changed];
    if (rows.length > 0) {
      await this.tx.$executeRawUnsafe(
        `INSERT INTO department_report (department_id, record_type, source_record_id, source_system, subject_id, "values", delivery_id)
         SELECT $1::int, $2::"RecordType", u.source_record_id, $3::text, u.subject_id, u.vals, $4::int
           FROM unnest($5::text::text[], $6::text::int[], $7::text::jsonb[]) AS u(source_record_id, subject_id, vals)
         ON CONFLICT (department_id, record_type, source_record_id) DO UPDATE
           SET "values" = EXCLUDED."values", subject_id = EXCLUDED.subject_id, source_system = EXCLUDED.source_system,
               delivery_id = EXCLUDED.delivery_id, version = department_report.version + 1, reported_at = now()`,
        this.context.departmentId,
        recordType,
        this.context.sourceSystem,
        this.context.deliveryId,
        arrayLiteral(rows.map((row) => row.sourceRecordId)),
        arrayLiteral(rows.map((row) => row.subjectId)),
        arrayLiteral(rows.map((row) => JSON.stringify(row.values))),
      );
    }
    await insertRevisions(
      this.tx,
      changed.map((report) => ({
        departmentId: this.context.departmentId,
        recordType,
        sourceRecordId: report.sourceRecordId,
        subjectId: report.subjectId,
        version: report.stored!.version + 1,
        deliveryId: this.context.deliveryId,
        changes: factChanges(report.stored!.values, report.values),
      })),
    );
    return [...new Set(rows.map((row) => row.subjectId))];
  }

  async households(entries: Entry<CheckedHousehold>[]): Promise<void> {
    if (entries.length === 0) return;
    const stored = await this.storedReports('HOUSEHOLD', entries.map((entry) => entry.checked.sourceRecordId));
    await this.directory.loadHouseholds(entries.map((entry) => entry.checked.householdNo));
    const regionCodes = entries.flatMap((entry) => entry.checked.facts.regionCode ?? []);
    const knownRegions = new Set(
      regionCodes.length === 0
        ? []
        : (await this.tx.$queryRawUnsafe<Array<{ code: string }>>(`SELECT code FROM region WHERE code = ANY($1::text::bpchar[]) AND level = 'VILLAGE'`, arrayLiteral(regionCodes))).map((row) => row.code),
    );

    const villagesByName = await this.villagesByName(entries.flatMap((entry) => (entry.checked.facts.regionCode === null && entry.checked.regionNames ? [entry.checked.regionNames.village] : [])));
    const datedStatus = entries.filter((entry) => entry.checked.statusEffectiveOn !== null);
    const lastStatusChange = await this.lastStatusChanges(datedStatus.flatMap((entry) => this.directory.household(entry.checked.householdNo)?.id ?? []));

    const toCreate: Array<Entry<CheckedHousehold>> = [];
    const reports = eachAccepted('HOUSEHOLD', entries, this.rejectRecord, (entry) => {
      const { checked } = entry;
      const previous = stored.get(checked.sourceRecordId);
      if (previous && previous.deliveryId === this.context.deliveryId) duplicateInDelivery(checked.sourceRecordId);
      if (checked.facts.regionCode !== null && !knownRegions.has(checked.facts.regionCode)) {
        reject('regionCode', 'UNKNOWN_REGION', `region ${checked.facts.regionCode} is not a registered village`, `行政区划代码 ${checked.facts.regionCode} 不是已登记的村`);
      }
      if (checked.facts.regionCode === null && checked.regionNames) checked.facts.regionCode = villageCode(checked.regionNames, villagesByName);
      const household = this.directory.household(checked.householdNo);
      const lastChange = household && lastStatusChange.get(household.id);
      if (lastChange && checked.statusEffectiveOn !== null && checked.statusEffectiveOn < lastChange && statesNewStatus({ values: checked.facts as unknown as Facts, stored: previous })) {
        reject('statusEffectiveOn', 'INVALID_DATE', `statusEffectiveOn ${checked.statusEffectiveOn} is before the household's last status change, on ${lastChange}`, `状态生效日期 ${checked.statusEffectiveOn} 早于该户最近一次状态变更（${lastChange}）`);
      }
      if (previous && household && previous.subjectId !== household.id) {
        reject('householdNo', 'HOUSEHOLD_MISMATCH', `sourceRecordId "${checked.sourceRecordId}" already describes another household; a record cannot move to household ${checked.householdNo}`, `源记录编号“${checked.sourceRecordId}”已对应其他农户，不能改为 ${checked.householdNo} 户`);
      }
      if (!household) {
        if (checked.facts.regionCode === null) reject('regionCode', 'REQUIRED', `regionCode is required for a new household (${checked.householdNo})`, `新增农户 ${checked.householdNo} 须填写行政区划代码`);
        if (checked.facts.povertyType === null) reject('povertyType', 'REQUIRED', `povertyType is required for a new household (${checked.householdNo})`, `新增农户 ${checked.householdNo} 须填写贫困户属性`);
        if (toCreate.some((other) => other.checked.householdNo === checked.householdNo)) {
          reject('householdNo', 'DUPLICATE_IN_BATCH', `household ${checked.householdNo} is created by an earlier record of this delivery`, `${checked.householdNo} 户已由本批前面的记录新增`);
        }
        toCreate.push(entry);
        return undefined;
      }
      return { sourceRecordId: checked.sourceRecordId, subjectId: household.id, householdId: household.id, values: checked.facts as unknown as Facts, stored: previous };
    });

    if (toCreate.length > 0) {
      const created = await insertKeyed(this.tx, HOUSEHOLD_TABLE, toCreate.map((entry) => entry.checked), this.provenance);
      for (const entry of toCreate) {
        const id = created.get(entry.checked.sourceRecordId)!;
        this.directory.remember(entry.checked.householdNo, { id, householdNo: entry.checked.householdNo, regionCode: entry.checked.facts.regionCode! });
        reports.push({ sourceRecordId: entry.checked.sourceRecordId, subjectId: id, householdId: id, values: entry.checked.facts as unknown as Facts, stored: undefined });
      }
    }
    const written = await this.writeReports('HOUSEHOLD', reports);
    for (const id of reports.map((report) => report.subjectId)) this.touched.householdIds.add(id);
    await this.registerHeads(entries.filter((entry) => this.directory.household(entry.checked.householdNo)));
    await this.recordFirstStatus(toCreate.map((entry) => ({ id: this.directory.household(entry.checked.householdNo)!.id, checked: entry.checked })));
    const statusDates = new Map<number, string>();
    for (const entry of entries) {
      const household = this.directory.household(entry.checked.householdNo);
      if (household) statusDates.set(household.id, entry.checked.statusEffectiveOn ?? this.context.today);
    }
    await this.recomputeHouseholds(written, new Map(reports.filter(statesNewStatus).map((report) => [report.subjectId, statusDates.get(report.subjectId) ?? this.context.today])));
  }

  /** The effective date of each household's latest status change, YYYY-MM-DD. */
  private async lastStatusChanges(householdIds: number[]): Promise<Map<number, string>> {
    if (householdIds.length === 0) return new Map();
    const rows = await this.tx.$queryRawUnsafe<Array<{ household_id: number; last: string }>>(
      `SELECT household_id, max(effective_on)::text AS last FROM household_status_change WHERE household_id = ANY($1::text::int[]) GROUP BY household_id`,
      arrayLiteral(householdIds),
    );
    return new Map(rows.map((row) => [Number(row.household_id), row.last]));
  }

  /** A household created by a delivery starts its status history with the status it was delivered in. */
  private async recordFirstStatus(created: Array<{ id: number; checked: CheckedHousehold }>): Promise<void> {
    if (created.length === 0) return;
    await this.tx.$executeRawUnsafe(
      `INSERT INTO household_status_change (household_id, from_status, to_status, effective_on, actor, reason, department_id, source_system, source_record_id)
       SELECT u.id, NULL, u.status::"HouseholdStatus", u.effective_on::date, $4::text, $5::text, $6::int, $7::text,
              'delivery-' || $8::int || '-household-' || u.id
         FROM unnest($1::text::int[], $2::text::text[], $3::text::text[]) AS u(id, status, effective_on)
       ON CONFLICT (department_id, source_record_id) DO NOTHING`,
      arrayLiteral(created.map((household) => household.id)),
      arrayLiteral(created.map(({ checked }) => checked.facts.status ?? 'IDENTIFIED')),
      arrayLiteral(created.map(({ checked }) => checked.statusEffectiveOn ?? checked.facts.identifiedOn ?? this.context.today)),
      this.context.departmentCode,
      `reported by ${this.context.departmentCode} in delivery ${this.context.deliveryId}`,
      this.context.departmentId,
      this.context.sourceSystem,
      this.context.deliveryId,
    );
  }

  private async villagesByName(names: string[]): Promise<Map<string, Array<{ code: string; township: string }>>> {
    const villages = new Map<string, Array<{ code: string; township: string }>>();
    if (names.length === 0) return villages;
    const rows = await this.tx.$queryRawUnsafe<Array<{ code: string; village: string; township: string }>>(
      `SELECT v.code, v.name AS village, t.name AS township FROM region v JOIN region t ON t.code = v.parent_code
        WHERE v.level = 'VILLAGE' AND v.name = ANY($1::text::text[])`,
      arrayLiteral([...new Set(names)]),
    );
    for (const row of rows) villages.set(row.village, [...(villages.get(row.village) ?? []), { code: row.code, township: row.township }]);
    return villages;
  }

  /**
   * A household record naming its head by ID number registers the head as a member when the
   * household has no head yet. A household whose head differs keeps it: the difference shows
   * in the department facts instead of a second head appearing.
   */
  private async registerHeads(entries: Entry<CheckedHousehold>[]): Promise<void> {
    const heads = entries.filter((entry) => entry.checked.facts.headIdNumber && entry.checked.facts.headName);
    if (heads.length === 0) return;
    await this.directory.loadMembers(heads.map((entry) => entry.checked.facts.headIdNumber!));
    const householdIds = heads.map((entry) => this.directory.household(entry.checked.householdNo)!.id);
    const headed = new Set(
      (await this.tx.$queryRawUnsafe<Array<{ household_id: number }>>(
        `SELECT DISTINCT household_id FROM member WHERE household_id = ANY($1::text::int[]) AND relation = 'HEAD' AND merged_into_id IS NULL`,
        arrayLiteral(householdIds),
      )).map((row) => Number(row.household_id)),
    );
    const missing = heads.filter((entry) => {
      const household = this.directory.household(entry.checked.householdNo)!;
      return !headed.has(household.id) && this.directory.members(entry.checked.facts.headIdNumber!, household.id).length === 0;
    });
    if (missing.length === 0) return;
    const rows = await this.tx.$queryRawUnsafe<Array<{ id: number; household_id: number; id_number: string }>>(
      `INSERT INTO member (household_id, id_number, name, relation, department_id, source_system, source_record_id, updated_at)
       SELECT u.household_id, u.id_number, u.name, 'HEAD', $4::int, $5::text, u.source_record_id, now() AT TIME ZONE 'UTC'
         FROM unnest($1::text::int[], $2::text::text[], $3::text::text[], $6::text::text[]) AS u(household_id, id_number, name, source_record_id)
       ON CONFLICT (department_id, source_record_id) DO UPDATE
         SET household_id = EXCLUDED.household_id, id_number = EXCLUDED.id_number, name = EXCLUDED.name, updated_at = EXCLUDED.updated_at
       RETURNING id, household_id, id_number`,
      arrayLiteral(missing.map((entry) => this.directory.household(entry.checked.householdNo)!.id)),
      arrayLiteral(missing.map((entry) => entry.checked.facts.headIdNumber!)),
      arrayLiteral(missing.map((entry) => entry.checked.facts.headName!)),
      this.context.departmentId,
      this.context.sourceSystem,
      arrayLiteral(missing.map((entry) => `${entry.checked.sourceRecordId}#head`)),
    );
    for (const row of rows) {
      this.directory.rememberMember({ id: Number(row.id), householdId: Number(row.household_id), idNumber: row.id_number });
      this.touched.idNumbers.add(row.id_number);
    }
  }

  /**
   * The stored canonical facts of households or members (`factsSql` over table alias t) and what
   * every department's report makes of them under the configured authority.
   */
  private async canonicalFacts(recordType: 'HOUSEHOLD' | 'MEMBER', ids: number[], rules: AuthorityRule[], factsSql: string): Promise<Array<{ id: number; current: Facts; next: Facts }>> {
    const authority = authorityOn(rules, this.context.today);
    const table = recordType === 'HOUSEHOLD' ? 'household' : 'member';
    const rows = await this.tx.$queryRawUnsafe<Array<{ id: number; department_id: number; facts: Facts; reports: Array<{ department_id: number; code: string; values: Facts; reported_at: string }> | null }>>(
      `SELECT t.id, t.department_id, ${factsSql} AS facts,
              (SELECT jsonb_agg(jsonb_build_object('department_id', r.department_id, 'code', d.code, 'values', r."values", 'reported_at', r.reported_at))
                 FROM department_report r JOIN department d ON d.id = r.department_id
                WHERE r.record_type = $2::"RecordType" AND r.subject_id = t.id) AS reports
         FROM "${table}" t WHERE t.id = ANY($1::text::int[])`,
      arrayLiteral(ids),
      recordType,
    );
    return rows.map((row) => {
      const reports = row.reports ?? [];
      const departmentFacts: DepartmentFacts[] = reports.map((report) => ({
        departmentCode: report.code,
        values: report.values,
        creator: Number(report.department_id) === Number(row.department_id),
        reportedAt: new Date(report.reported_at),
      }));
      // Rows loaded before any report (the demo county, older imports) speak for their creator.
      if (!reports.some((report) => Number(report.department_id) === Number(row.department_id))) {
        departmentFacts.push({ departmentCode: '', values: row.facts, creator: true, reportedAt: new Date(0) });
      }
      return { id: Number(row.id), current: row.facts, next: { ...row.facts, ...pick(resolveFacts(departmentFacts, authority), Object.keys(row.facts)) } };
    });
  }

  /**
   * Canonical household facts from every department's report, by the configured authority. The
   * status is the exception: it moves only for households whose report in this delivery states a
   * new one, so a re-delivery that repeats an old status (with other facts changed) does not undo
   * a change recorded since, in the hub or by another delivery. A status change is dated as the
   * delivery says (statusEffectiveOn), else the delivery day.
   */
  private async recomputeHouseholds(householdIds: number[], newStatusStated: ReadonlyMap<number, string>): Promise<void> {
    if (householdIds.length === 0) return;
    const updates = (
      await this.canonicalFacts('HOUSEHOLD', householdIds, this.context.householdAuthority,
        `jsonb_build_object('regionCode', t.region_code, 'villageGroup', t.village_group, 'povertyType', t.poverty_type::text,
           'status', t.status::text, 'identifiedOn', t.identified_on::text, 'exitDeadline', t.exit_deadline::text,
           'causeOfPoverty', t.cause_of_poverty, 'minimumAllowance', t.minimum_allowance)`)
    )
      .map(({ id, current, next }) => ({ id, current, next: newStatusStated.has(id) ? next : { ...next, status: current.status } }))
      .filter(({ current, next }) => !sameFacts(next, current))
      .map(({ id, current, next }) => ({ id, facts: next, from: String(current.status), to: String(next.status), on: newStatusStated.get(id) ?? this.context.today }));
    if (updates.length === 0) return;
    await this.tx.$executeRawUnsafe(
      `UPDATE household h SET region_code = u.f->>'regionCode', village_group = u.f->>'villageGroup',
              poverty_type = (u.f->>'povertyType')::"PovertyType", status = (u.f->>'status')::"HouseholdStatus",
              identified_on = (u.f->>'identifiedOn')::date, exit_deadline = (u.f->>'exitDeadline')::date, cause_of_poverty = u.f->>'causeOfPoverty',
              minimum_allowance = (u.f->>'minimumAllowance')::boolean, updated_at = now() AT TIME ZONE 'UTC'
         FROM unnest($1::text::int[], $2::text::jsonb[]) AS u(id, f) WHERE h.id = u.id`,
      arrayLiteral(updates.map((update) => update.id)),
      arrayLiteral(updates.map((update) => JSON.stringify(update.facts))),
    );
    const statusChanges = updates.filter((update) => update.from !== update.to);
    if (statusChanges.length > 0) {
      await this.tx.$executeRawUnsafe(
        `INSERT INTO household_status_change (household_id, from_status, to_status, effective_on, actor, reason, department_id, source_system, source_record_id)
         SELECT u.id, u.from_status::"HouseholdStatus", u.to_status::"HouseholdStatus", u.effective_on::date, $4::text, $5::text, $6::int, $7::text,
                'delivery-' || $8::int || '-household-' || u.id
           FROM unnest($1::text::int[], $2::text::text[], $9::text::text[], $3::text::text[]) AS u(id, to_status, from_status, effective_on)
         ON CONFLICT (department_id, source_record_id) DO NOTHING`,
        arrayLiteral(statusChanges.map((change) => change.id)),
        arrayLiteral(statusChanges.map((change) => change.to)),
        arrayLiteral(statusChanges.map((change) => change.on)),
        this.context.departmentCode,
        `reported by ${this.context.departmentCode} in delivery ${this.context.deliveryId}`,
        this.context.departmentId,
        this.context.sourceSystem,
        this.context.deliveryId,
        arrayLiteral(statusChanges.map((change) => change.from)),
      );
    }
  }

  async members(entries: Entry<CheckedMember>[]): Promise<void> {
    if (entries.length === 0) return;
    const stored = await this.storedReports('MEMBER', entries.map((entry) => entry.checked.sourceRecordId));
    const toCreate: Array<{ entry: Entry<CheckedMember>; household: HouseholdRef }> = [];
    const reports = eachAccepted('MEMBER', entries, this.rejectRecord, (entry) => {
      const { checked } = entry;
      const previous = stored.get(checked.sourceRecordId);
      if (previous && previous.deliveryId === this.context.deliveryId) duplicateInDelivery(checked.sourceRecordId);
      const { household } = this.directory.resolve(checked.household);
      const values = { idNumber: checked.idNumber, ...checked.facts } as unknown as Facts;
      if (previous) return { sourceRecordId: checked.sourceRecordId, subjectId: previous.subjectId, householdId: household.id, values, stored: previous };
      const same = this.directory.members(checked.idNumber, household.id);
      if (same.length > 0) return { sourceRecordId: checked.sourceRecordId, subjectId: same[0].id, householdId: household.id, values, stored: undefined };
      if (toCreate.some((other) => other.household.id === household.id && other.entry.checked.idNumber === checked.idNumber)) {
        reject('idNumber', 'DUPLICATE_IN_BATCH', `ID number ${checked.idNumber} is added to household ${household.householdNo} by an earlier record of this delivery`, `身份证号 ${checked.idNumber} 已由本批前面的记录加入 ${household.householdNo} 户`);
      }
      toCreate.push({ entry, household });
      return undefined;
    });
    if (toCreate.length > 0) {
      const rows = toCreate.map(({ entry, household }) => ({ ...entry.checked, householdId: household.id }));
      const created = await insertKeyed(this.tx, MEMBER_TABLE, rows, this.provenance);
      for (const row of rows) {
        const id = created.get(row.sourceRecordId)!;
        this.directory.rememberMember({ id, householdId: row.householdId, idNumber: row.idNumber });
        reports.push({ sourceRecordId: row.sourceRecordId, subjectId: id, householdId: row.householdId, values: { idNumber: row.idNumber, ...row.facts } as unknown as Facts, stored: undefined });
      }
    }
    const written = await this.writeReports('MEMBER', reports);
    for (const entry of entries) this.touched.idNumbers.add(entry.checked.idNumber);
    for (const { household } of toCreate) this.touched.householdIds.add(household.id);
    await this.recomputeMembers(written);
  }

  private async recomputeMembers(memberIds: number[]): Promise<void> {
    if (memberIds.length === 0) return;
    const updates: Array<{ id: number; facts: Facts }> = [];
    const members = await this.canonicalFacts('MEMBER', memberIds, this.context.memberAuthority,
      `jsonb_build_object('idNumber', t.id_number, 'name', t.name, 'relation', t.relation::text, 'ethnicity', t.ethnicity,
         'education', t.education, 'health', t.health::text, 'labourAbility', t.labour_ability::text,
         'migrantWorker', t.migrant_worker, 'student', t.student, 'deceasedOn', t.deceased_on::text)`);
    for (const { id, current, next } of members) {
      if (next.migrantWorker === null) next.migrantWorker = false;
      if (next.student === null) next.student = false;
      if (!sameFacts(next, current)) updates.push({ id, facts: next });
    }
    if (updates.length === 0) return;
    await this.tx.$executeRawUnsafe(
      `UPDATE member m SET id_number = u.f->>'idNumber', name = u.f->>'name', relation = (u.f->>'relation')::"Relation",
              ethnicity = u.f->>'ethnicity', education = u.f->>'education', health = (u.f->>'health')::"HealthCondition",
              labour_ability = (u.f->>'labourAbility')::"LabourAbility", migrant_worker = (u.f->>'migrantWorker')::boolean,
              student = (u.f->>'student')::boolean, deceased_on = (u.f->>'deceasedOn')::date, updated_at = now() AT TIME ZONE 'UTC'
         FROM unnest($1::text::int[], $2::text::jsonb[]) AS u(id, f) WHERE m.id = u.id`,
      arrayLiteral(updates.map((update) => update.id)),
      arrayLiteral(updates.map((update) => JSON.stringify(update.facts))),
    );
  }

  async documents(entries: Entry<CheckedDocument>[]): Promise<void> {
    if (entries.length === 0) return;
    const types = new Map(
      (await this.tx.$queryRawUnsafe<Array<{ code: string; name: string; archive_category: string }>>('SELECT code, name, archive_category::text FROM archive_document_type ORDER BY code')).map((row) => [row.code, row]),
    );
    await this.writeKeyed(DOCUMENT_TABLE, entries, (checked) => {
      const type = types.get(checked.typeCode);
      if (!type) {
        const codes = [...types.keys()].join(', ');
        reject('typeCode', 'UNKNOWN_DOCUMENT_TYPE', `typeCode "${checked.typeCode}" is not in the archive catalogue; valid codes: ${codes}`, `文件类型“${checked.typeCode}”不在档案目录中；有效代码：${codes}`);
      }
      const { household } = this.directory.resolve(checked.household);
      return { ...checked, householdId: household.id, householdNo: household.householdNo, archiveCategory: type.archive_category, title: checked.title ?? type.name };
    });
  }

  async subsidies(entries: Entry<CheckedSubsidy>[]): Promise<void> {
    if (entries.length === 0) return;
    const codes = [...new Set(entries.map((entry) => entry.checked.programCode))];
    const programs = new Map(
      (await this.tx.$queryRawUnsafe<Array<{ id: number; code: string; department_id: number; personal: boolean }>>(
        'SELECT id, code, department_id, personal FROM program WHERE code = ANY($1::text::text[])',
        arrayLiteral(codes),
      )).map((row) => [row.code, row]),
    );
    const references = await subsidiesByReference(this.tx, entries.flatMap((entry) => entry.checked.paymentReference ?? []));
    await this.writeKeyed(SUBSIDY_TABLE, entries, (checked) => {
      if (checked.paymentReference !== null) {
        const holder = references.get(checked.paymentReference);
        if (holder && (holder.departmentId !== this.context.departmentId || holder.sourceRecordId !== checked.sourceRecordId)) {
          const whose = holder.departmentId === this.context.departmentId ? `your subsidy "${holder.sourceRecordId}"` : "another department's subsidy";
          reject(
            'paymentReference',
            'PAYMENT_REFERENCE_IN_USE',
            `paymentReference "${checked.paymentReference}" is already the payment reference of ${whose}; a payment reference names one subsidy in the whole hub`,
            `支付业务编号“${checked.paymentReference}”已被${holder.departmentId === this.context.departmentId ? `本部门的补贴记录“${holder.sourceRecordId}”` : '其他部门的补贴记录'}使用；一个支付业务编号在全平台只能对应一笔补贴`,
          );
        }
      }
      const program = programs.get(checked.programCode);
      if (!program) reject('programCode', 'UNKNOWN_PROGRAM', `no program with code "${checked.programCode}"; see the programs query`, `项目代码“${checked.programCode}”不存在`);
      if (Number(program.department_id) !== this.context.departmentId) {
        reject('programCode', 'PROGRAM_OF_ANOTHER_DEPARTMENT', `program ${checked.programCode} belongs to another department, not ${this.context.departmentCode}`, `项目 ${checked.programCode} 不属于 ${this.context.departmentCode}`);
      }
      const { household, member } = this.directory.resolve(checked.household);
      // Later records of this delivery must not take the reference either.
      if (checked.paymentReference !== null) references.set(checked.paymentReference, { departmentId: this.context.departmentId, sourceRecordId: checked.sourceRecordId });
      return { ...checked, householdId: household.id, householdNo: household.householdNo, programId: Number(program.id), member };
    });
  }

  /** Cards (一户一卡): the holder must be a member of the household; payments on a delivered card's number are re-resolved. */
  async bankCards(entries: Entry<CheckedBankCard>[]): Promise<void> {
    if (entries.length === 0) return;
    const { fresh, changed } = await this.writeKeyed(BANK_CARD_TABLE, entries, (checked) => {
      const { household } = this.directory.resolve(checked.household);
      const holder = this.directory.members(checked.holderIdNumber, household.id)[0];
      if (!holder) {
        reject(
          'holderIdNumber',
          'HOLDER_NOT_A_MEMBER',
          `the card holder (holderIdNumber ${checked.holderIdNumber}) is not a member of household ${household.householdNo}; a household's card is held by one of its members`,
          `持卡人（身份证号 ${checked.holderIdNumber}）不是 ${household.householdNo} 户的家庭成员；一户一卡须由本户成员持有`,
        );
      }
      return { ...checked, householdId: household.id, householdNo: household.householdNo, holder };
    });
    // A card that moved to another household leaves the old one touched too.
    const movedFrom = changed.flatMap((change) => change.changes.filter((c) => c.field === 'householdNo' && c.from !== null).map((c) => ({ no: String(c.from), changes: change.changes })));
    await this.directory.loadHouseholds(movedFrom.map((moved) => moved.no));
    for (const moved of movedFrom) {
      const household = this.directory.household(moved.no);
      if (household) this.noteWrite(household.id, 'BANK_CARD', moved.changes);
    }
    const cardNos = [
      ...fresh.map((card) => card.cardNo),
      ...changed.flatMap((change) => [change.record.cardNo, ...change.changes.filter((c) => c.field === 'cardNo' && c.from !== null).map((c) => String(c.from))]),
    ];
    this.notePaymentMoves(await reresolveCardPayments(this.tx, cardNos));
  }

  /**
   * Payments (代发明细), keyed by the bank's transaction reference. The household each went to is
   * resolved at ingest (see bank-records.ts); the months they fall in are recorded as covered.
   */
  async bankPayments(entries: Entry<CheckedBankPayment>[]): Promise<void> {
    if (entries.length === 0) return;
    const stored = await loadStored(this.tx, BANK_PAYMENT_TABLE, this.context.departmentId, entries.map((entry) => entry.checked.sourceRecordId));
    const fresh: CheckedBankPayment[] = [];
    const changed: Array<{ id: number; record: CheckedBankPayment; changes: FieldChange[]; version: number }> = [];
    const accepted = eachAccepted('BANK_PAYMENT', entries, this.rejectRecord, (entry) => {
      const previous = stored.get(entry.checked.sourceRecordId);
      if (previous && previous.deliveryId === this.context.deliveryId) duplicateInDelivery(entry.checked.sourceRecordId);
      if (!previous) fresh.push(entry.checked);
      else {
        const changes = changedFields(BANK_PAYMENT_TABLE, previous, entry.checked);
        if (changes.length > 0) changed.push({ id: previous.id, record: entry.checked, changes, version: previous.version + 1 });
        else this.outcome.unchanged += 1;
      }
      return entry.checked;
    });
    const created = await insertKeyed(this.tx, BANK_PAYMENT_TABLE, fresh, this.provenance);
    await updateKeyed(this.tx, BANK_PAYMENT_TABLE, changed, this.provenance);
    await insertRevisions(
      this.tx,
      changed.map((change) => ({
        departmentId: this.context.departmentId,
        recordType: 'BANK_PAYMENT',
        sourceRecordId: change.record.sourceRecordId,
        subjectId: change.id,
        version: change.version,
        deliveryId: this.context.deliveryId,
        changes: change.changes,
      })),
    );
    this.outcome.created += fresh.length;
    this.outcome.updated += changed.length;

    const written = [
      ...fresh.map((record) => ({ id: created.get(record.sourceRecordId)!, changes: undefined as FieldChange[] | undefined })),
      ...changed.map((change) => ({ id: change.id, changes: change.changes })),
    ];
    const moves = await resolvePayments(this.tx, written.map((payment) => payment.id));
    const households = await paymentHouseholds(this.tx, written.map((payment) => payment.id));
    for (const payment of written) {
      const household = households.get(payment.id);
      if (household != null) this.noteWrite(household, 'BANK_PAYMENT', payment.changes);
    }
    this.notePaymentMoves(moves);
    // The subsidies a payment quotes (by the department's payment reference, before and after a change) are reconciled again.
    const references = [
      ...fresh.flatMap((record) => record.paymentReference ?? []),
      ...changed.flatMap((change) => [change.record.paymentReference ?? [], ...change.changes.filter((c) => c.field === 'paymentReference' && c.from !== null).map((c) => String(c.from))].flat()),
    ];
    for (const household of await householdsOfReferences(this.tx, references)) this.noteWrite(household, 'BANK_PAYMENT');
    const newlyCovered = await coverMonths(this.tx, accepted.map((payment) => payment.paidOn), this.context.deliveryId);
    const awaiting = await householdsAwaitingPayment(this.tx, newlyCovered);
    if (awaiting.length > 0) this.outcome.reconciled = new Set([...(this.outcome.reconciled ?? []), ...awaiting]);
  }

  /** A payment whose household changed touches the household it left and the one it went to. */
  private notePaymentMoves(moves: PaymentResolution[]): void {
    for (const move of moves) {
      const change: FieldChange[] = [{ field: 'household', from: move.from, to: move.to }];
      if (move.from !== null) this.noteWrite(move.from, 'BANK_PAYMENT', change);
      if (move.to !== null) this.noteWrite(move.to, 'BANK_PAYMENT', change);
    }
  }

  /** Subsidies and documents: one row per (department, sourceRecordId), previous versions kept as revisions. */
  private async writeKeyed<C extends { sourceRecordId: string }, R extends { sourceRecordId: string; householdId: number }>(
    spec: KeyedTable<R>,
    entries: Entry<C>[],
    resolve: (checked: C) => R,
  ): Promise<{ fresh: R[]; changed: Array<{ id: number; record: R; changes: FieldChange[]; version: number }> }> {
    const stored = await loadStored(this.tx, spec, this.context.departmentId, entries.map((entry) => entry.checked.sourceRecordId));
    const fresh: R[] = [];
    const changed: Array<{ id: number; record: R; changes: FieldChange[]; version: number }> = [];
    eachAccepted(spec.recordType, entries, this.rejectRecord, (entry) => {
      const previous = stored.get(entry.checked.sourceRecordId);
      if (previous && previous.deliveryId === this.context.deliveryId) duplicateInDelivery(entry.checked.sourceRecordId);
      const record = resolve(entry.checked);
      if (!previous) fresh.push(record);
      else {
        const changes = changedFields(spec, previous, record);
        if (changes.length > 0) changed.push({ id: previous.id, record, changes, version: previous.version + 1 });
        else this.outcome.unchanged += 1;
      }
      return undefined;
    });
    for (const record of fresh) this.noteWrite(record.householdId, spec.recordType);
    for (const change of changed) this.noteWrite(change.record.householdId, spec.recordType, change.changes);
    await insertKeyed(this.tx, spec, fresh, this.provenance);
    await updateKeyed(this.tx, spec, changed, this.provenance);
    const revisions: RevisionRow[] = changed.map((change) => ({
      departmentId: this.context.departmentId,
      recordType: spec.recordType,
      sourceRecordId: change.record.sourceRecordId,
      subjectId: change.id,
      version: change.version,
      deliveryId: this.context.deliveryId,
      changes: change.changes,
    }));
    await insertRevisions(this.tx, revisions);
    this.outcome.created += fresh.length;
    this.outcome.updated += changed.length;
    return { fresh, changed };
  }
}

function villageCode(names: { township: string; village: string }, villagesByName: Map<string, Array<{ code: string; township: string }>>): string {
  const matches = (villagesByName.get(names.village) ?? []).filter((village) => village.township === names.township);
  if (matches.length !== 1) {
    reject('villageName', 'UNKNOWN_REGION', `no single registered village ${names.village} in township ${names.township}; give regionCode`, `${names.township}${names.village} 不是唯一的已登记村，请填写行政区划代码`);
  }
  return matches[0].code;
}

function pick(facts: Facts, keys: string[]): Facts {
  return Object.fromEntries(keys.filter((key) => key in facts).map((key) => [key, facts[key]]));
}

const HOUSEHOLD_TABLE: KeyedTable<CheckedHousehold> = {
  table: 'household',
  recordType: 'HOUSEHOLD',
  versionedBy: 'department_report',
  columns: [
    { column: 'household_no', sqlType: 'text', field: 'householdNo', write: (r) => r.householdNo },
    { column: 'region_code', sqlType: 'text', field: 'regionCode', write: (r) => r.facts.regionCode },
    { column: 'village_group', sqlType: 'text', field: 'villageGroup', write: (r) => r.facts.villageGroup },
    { column: 'poverty_type', sqlType: '"PovertyType"', field: 'povertyType', write: (r) => r.facts.povertyType },
    { column: 'status', sqlType: '"HouseholdStatus"', field: 'status', write: (r) => r.facts.status ?? 'IDENTIFIED' },
    { column: 'identified_on', sqlType: 'date', field: 'identifiedOn', write: (r) => r.facts.identifiedOn },
    { column: 'exit_deadline', sqlType: 'date', field: 'exitDeadline', write: (r) => r.facts.exitDeadline },
    { column: 'cause_of_poverty', sqlType: 'text', field: 'causeOfPoverty', write: (r) => r.facts.causeOfPoverty },
    { column: 'minimum_allowance', sqlType: 'boolean', field: 'minimumAllowance', write: (r) => r.facts.minimumAllowance },
  ],
};

const MEMBER_TABLE: KeyedTable<CheckedMember & { householdId: number }> = {
  table: 'member',
  recordType: 'MEMBER',
  versionedBy: 'department_report',
  columns: [
    { column: 'household_id', sqlType: 'int', field: 'householdId', write: (r) => r.householdId },
    { column: 'id_number', sqlType: 'text', field: 'idNumber', write: (r) => r.idNumber },
    { column: 'name', sqlType: 'text', field: 'name', write: (r) => r.facts.name },
    { column: 'relation', sqlType: '"Relation"', field: 'relation', write: (r) => r.facts.relation },
    { column: 'ethnicity', sqlType: 'text', field: 'ethnicity', write: (r) => r.facts.ethnicity },
    { column: 'education', sqlType: 'text', field: 'education', write: (r) => r.facts.education },
    { column: 'health', sqlType: '"HealthCondition"', field: 'health', write: (r) => r.facts.health },
    { column: 'labour_ability', sqlType: '"LabourAbility"', field: 'labourAbility', write: (r) => r.facts.labourAbility },
    { column: 'migrant_worker', sqlType: 'boolean', field: 'migrantWorker', write: (r) => r.facts.migrantWorker ?? false },
    { column: 'student', sqlType: 'boolean', field: 'student', write: (r) => r.facts.student ?? false },
    { column: 'deceased_on', sqlType: 'date', field: 'deceasedOn', write: (r) => r.facts.deceasedOn },
  ],
};

/**
 * A JSON object column of text values, compared as JSON text with its keys in a fixed order:
 * the stored jsonb is read back key by key, so its own key order and spacing do not matter.
 */
function jsonColumn<R, K extends string>(column: string, field: string, keys: readonly K[], value: (record: R) => Record<K, string> | null): KeyedColumn<R> {
  const text = (record: R) => {
    const object = value(record);
    return object === null ? null : JSON.stringify(Object.fromEntries(keys.map((key) => [key, object[key]])));
  };
  const members = keys.map((key) => `'${JSON.stringify(key)}:' || coalesce(to_json(t."${column}"->>'${key}')::text, 'null')`);
  return { column, sqlType: 'jsonb', field, write: text, readSql: `CASE WHEN t."${column}" IS NULL THEN NULL ELSE '{' || ${members.join(` || ',' || `)} || '}' END` };
}

type ResolvedDocument = CheckedDocument & { householdId: number; householdNo: string; archiveCategory: string; title: string };

const DOCUMENT_TABLE: KeyedTable<ResolvedDocument> = {
  table: 'archive_document',
  recordType: 'DOCUMENT',
  columns: [
    { column: 'household_id', sqlType: 'int', field: 'householdNo', write: (r) => r.householdId, compare: (r) => r.householdNo, readSql: '(SELECT household_no FROM household h WHERE h.id = t.household_id)' },
    { column: 'type_code', sqlType: 'text', field: 'typeCode', write: (r) => r.typeCode },
    { column: 'archive_category', sqlType: '"ArchiveCategory"', field: 'archiveCategory', write: (r) => r.archiveCategory },
    { column: 'title', sqlType: 'text', field: 'title', write: (r) => r.title },
    { column: 'document_date', sqlType: 'date', field: 'documentDate', write: (r) => r.documentDate },
    { column: 'uniform_code', sqlType: 'text', field: 'uniformCode', write: (r) => r.uniformCode },
    { column: 'binding_order', sqlType: 'int', field: 'bindingOrder', write: (r) => r.bindingOrder },
    { column: 'page_count', sqlType: 'int', field: 'pageCount', write: (r) => r.pageCount },
    { column: 'retention', sqlType: 'text', field: 'retention', write: (r) => r.retention },
    { column: 'family_size', sqlType: 'int', field: 'familySize', write: (r) => r.familySize },
    { column: 'labour_count', sqlType: 'int', field: 'labourCount', write: (r) => r.labourCount },
    { column: 'per_capita_income', sqlType: 'numeric', field: 'perCapitaIncome', write: (r) => r.perCapitaIncome },
    { column: 'poverty_type', sqlType: '"PovertyType"', field: 'povertyType', write: (r) => r.povertyType },
    jsonColumn('income_components', 'incomeComponents', INCOME_COMPONENT_PARTS, (r) => r.incomeComponents),
    jsonColumn('four_looks_scores', 'fourLooksScores', FOUR_LOOKS_ITEMS, (r) => r.fourLooksScores),
    { column: 'four_looks_total', sqlType: 'numeric', field: 'fourLooksTotal', write: (r) => r.fourLooksTotal },
  ],
};

type ResolvedSubsidy = CheckedSubsidy & { householdId: number; householdNo: string; programId: number; member: MemberRef | null };

const SUBSIDY_TABLE: KeyedTable<ResolvedSubsidy> = {
  table: 'subsidy',
  recordType: 'SUBSIDY',
  columns: [
    { column: 'household_id', sqlType: 'int', field: 'householdNo', write: (r) => r.householdId, compare: (r) => r.householdNo, readSql: '(SELECT household_no FROM household h WHERE h.id = t.household_id)' },
    { column: 'member_id', sqlType: 'int', field: 'beneficiaryIdNumber', write: (r) => r.member?.id ?? null, compare: (r) => r.member?.idNumber ?? null, readSql: '(SELECT id_number FROM member m WHERE m.id = t.member_id)' },
    { column: 'program_id', sqlType: 'int', field: 'programCode', write: (r) => r.programId, compare: (r) => r.programCode, readSql: '(SELECT code FROM program p WHERE p.id = t.program_id)' },
    { column: 'amount', sqlType: 'numeric', field: 'amount', write: (r) => r.amount },
    { column: 'start_date', sqlType: 'date', field: 'startDate', write: (r) => r.startDate },
    { column: 'end_date', sqlType: 'date', field: 'endDate', write: (r) => r.endDate },
    { column: 'year', sqlType: 'int', field: 'year', write: (r) => Number(r.startDate.slice(0, 4)) },
    { column: 'state', sqlType: '"SubsidyState"', field: 'state', write: (r) => r.state },
    { column: 'approved_on', sqlType: 'date', field: 'approvedOn', write: (r) => r.approvedOn },
    { column: 'paid_on', sqlType: 'date', field: 'paidOn', write: (r) => r.paidOn },
    { column: 'bank_card_no', sqlType: 'text', field: 'bankCardNo', write: (r) => r.bankCardNo },
    { column: 'payment_reference', sqlType: 'text', field: 'paymentReference', write: (r) => r.paymentReference },
  ],
};
