import type { PrismaClient } from '../../generated/prisma/client';
import type { DetectionTrigger, FindingStatus, HouseholdStatus, PaymentMatch, PolicyRuleKind, RuleSeverity, SubsidyState } from '../../generated/prisma/enums';
import { monthIndex } from '../../domain/dates';
import { anchorOf, matchPayments, type BankPaymentFact, type ExpectedPayment, type MatchSettings } from '../disbursement/payment-matching';
import { RECONCILIATION_SETTING_V1 } from '../disbursement/reconciliation-settings';
import { DISBURSEMENT_KINDS, type CardFact, type ForeignPaymentFact } from './disbursement-checks';
import { arrayLiteral } from '../../db/sql-arrays';
import { fenToYuan, yuanToFen } from '../../domain/money';
import { regionPrefix } from '../../domain/region-code';
import { appendAuditEntries, type AuditActor } from '../auth/audit';
import { countRegionHouseholds, regionHouseholdChunks } from '../household/region-households';
import { detectFindings, type DetectedFinding, type HouseholdFacts, type ProgramCatalogue, type ProgramInfo, type RuleVersionSpec, type SubsidyFact } from './detector';
import { reconcileFindings, type FindingChange, type StoredFinding } from './reconcile';
import type { RuleParameters } from './rule-parameters';

type Tx = Parameters<Parameters<PrismaClient['$transaction']>[0]>[0];
type Sql = Pick<PrismaClient, '$queryRawUnsafe' | '$executeRawUnsafe'>;

/** Households per transaction in a scan: large enough to amortise round trips, small enough to bound memory. */
export const SCAN_CHUNK = 1000;
const CHUNK_TRANSACTION = { maxWait: 60_000, timeout: 600_000 };

export interface DetectionCounts {
  householdsScanned: number;
  subsidiesRead: number;
  paymentsRead: number;
  paymentsRematched: number;
  raised: number;
  updated: number;
  reopened: number;
  closed: number;
}

export interface DetectionResult extends DetectionCounts {
  runId: number;
  /** Findings this run raised or reopened, in id order. */
  findingIds: number[];
}

export interface ScanProgress {
  householdsDone: number;
  householdsTotal: number;
}

/** The rules in force and the catalogue they name, loaded once per run. */
export interface RuleBook {
  rules: RuleVersionSpec[];
  programs: ProgramCatalogue;
  departmentIds: ReadonlyMap<string, number>;
  needsStatus: boolean;
  needsDeaths: boolean;
  /** Null when no reconciliation (一户一卡) rule is on record: payments are then not read. */
  reconciliation: Reconciliation | null;
}

/** What reconciliation needs besides the rules, loaded once per run. */
export interface Reconciliation {
  /** Matching settings, oldest first; the one in force on a subsidy's approval governs it. */
  settings: Array<MatchSettings & { effectiveFrom: string }>;
  /** Months (monthIndex) for which a bank has reported payments. */
  coveredMonths: ReadonlySet<number>;
  asOf: string;
}


export async function loadRuleBook(prisma: Sql): Promise<RuleBook> {
  const versions = await prisma.$queryRawUnsafe<
    Array<{ rule_id: number; version_id: number; code: string; version: number; kind: PolicyRuleKind; name: string; severity: RuleSeverity; effective_from: string; effective_to: string | null; parameters: RuleParameters }>
  >(
    `SELECT r.id AS rule_id, v.id AS version_id, r.code, v.version, r.kind::text AS kind, v.name, v.severity::text AS severity,
            v.effective_from::text AS effective_from, v.effective_to::text AS effective_to, v.parameters
       FROM policy_rule r JOIN policy_rule_version v ON v.rule_id = r.id
      ORDER BY r.id, v.version`,
  );
  const programs = await prisma.$queryRawUnsafe<Array<{ id: number; code: string; name: string; department_code: string; department_name: string; department_name_en: string; category_code: string; category_name: string; category_name_en: string }>>(
    `SELECT p.id, p.code, p.name, d.code AS department_code, d.name AS department_name, d.name_en AS department_name_en,
            c.code AS category_code, c.name AS category_name, c.name_en AS category_name_en
       FROM program p JOIN department d ON d.id = p.department_id JOIN subsidy_category c ON c.code = p.category_code`,
  );
  const departments = await prisma.$queryRawUnsafe<Array<{ id: number; code: string }>>(`SELECT id, code FROM department`);
  const rules: RuleVersionSpec[] = versions.map((v) => ({
    ruleId: Number(v.rule_id),
    versionId: Number(v.version_id),
    code: v.code,
    version: Number(v.version),
    kind: v.kind,
    name: v.name,
    severity: v.severity,
    effectiveFrom: v.effective_from,
    effectiveTo: v.effective_to,
    parameters: typeof v.parameters === 'string' ? JSON.parse(v.parameters) : v.parameters,
  }));
  const ineligible = rules.filter((rule) => rule.kind === 'INELIGIBLE_BENEFICIARY' || rule.kind === 'PAID_AFTER_DEATH_OR_EXIT').map((rule) => rule.parameters as { eligibleStatuses: string[]; deceasedMembers: boolean });
  return {
    rules,
    programs: new Map(
      programs.map((p): [number, ProgramInfo] => [
        Number(p.id),
        { id: Number(p.id), code: p.code, name: p.name, departmentCode: p.department_code, departmentName: p.department_name, departmentNameEn: p.department_name_en, categoryCode: p.category_code, categoryName: p.category_name, categoryNameEn: p.category_name_en },
      ]),
    ),
    departmentIds: new Map(departments.map((d) => [d.code, Number(d.id)])),
    needsStatus: ineligible.some((p) => p.eligibleStatuses.length > 0),
    needsDeaths: ineligible.some((p) => p.deceasedMembers),
    reconciliation: rules.some((rule) => DISBURSEMENT_KINDS.has(rule.kind)) ? await loadReconciliation(prisma) : null,
  };
}

async function loadReconciliation(sql: Sql): Promise<Reconciliation> {
  const [settings, months] = await Promise.all([
    sql.$queryRawUnsafe<Array<{ effective_from: string; lead_days: number; window_days: number; max_split_parts: number }>>(
      `SELECT effective_from::text AS effective_from, lead_days, window_days, max_split_parts FROM reconciliation_setting ORDER BY effective_from`,
    ),
    sql.$queryRawUnsafe<Array<{ month: string }>>(`SELECT month::text AS month FROM bank_coverage_month`),
  ]);
  const stored = settings.map((row) => ({ effectiveFrom: row.effective_from, leadDays: Number(row.lead_days), windowDays: Number(row.window_days), maxSplitParts: Number(row.max_split_parts) }));
  return {
    settings: stored.length > 0 ? stored : [{ ...RECONCILIATION_SETTING_V1 }],
    coveredMonths: new Set(months.map((row) => monthIndex(row.month))),
    asOf: new Date().toISOString().slice(0, 10),
  };
}

/** The matching setting in force on a subsidy's approval (the first one for earlier approvals). */
function settingsOn(reconciliation: Reconciliation, subsidy: ExpectedPayment): MatchSettings {
  const day = anchorOf(subsidy);
  let chosen = reconciliation.settings[0];
  for (const setting of reconciliation.settings) if (setting.effectiveFrom <= day) chosen = setting;
  return chosen;
}

/**
 * Runs the 多策合一 rules and keeps the findings table in step with what they find, as a scan of a
 * region on demand (deliveries use detectInTransaction for the households they wrote). Each chunk of
 * households is read, judged and written in one transaction holding the households' row locks,
 * so a delivery and a scan never raise the same finding twice.
 */
export class FindingDetection {
  constructor(private readonly prisma: PrismaClient) {}

  /** A full scan of a region (a village, a township, the county, or everything for null). */
  async scan(regionCode: string | null, actor: AuditActor, onProgress?: (progress: ScanProgress) => void): Promise<DetectionResult> {
    const prefix = regionCode === null ? '' : regionPrefix(regionCode);
    const run = await this.openRun('SCAN', regionCode, null, actor);
    const book = await loadRuleBook(this.prisma);
    const count = await countRegionHouseholds(this.prisma, prefix);
    const total = emptyResult(run);
    onProgress?.({ householdsDone: 0, householdsTotal: count });
    for await (const ids of regionHouseholdChunks(this.prisma, prefix, SCAN_CHUNK)) {
      await this.detectChunk(ids, book, actor, total);
      onProgress?.({ householdsDone: total.householdsScanned, householdsTotal: count });
    }
    await this.closeRun(total);
    total.findingIds.sort((a, b) => a - b);
    return total;
  }

  private detectChunk(householdIds: number[], book: RuleBook, actor: AuditActor, total: DetectionResult): Promise<void> {
    return this.prisma.$transaction((tx) => judgeHouseholds(tx, householdIds, book, actor, total), CHUNK_TRANSACTION);
  }

  private async openRun(trigger: DetectionTrigger, regionCode: string | null, deliveryId: number | null, actor: AuditActor): Promise<number> {
    const run = await this.prisma.detectionRun.create({ data: { trigger, regionCode, deliveryId, actorName: actor.name } });
    return run.id;
  }

  private async closeRun(result: DetectionResult): Promise<void> {
    const { runId, findingIds: _, ...counts } = result;
    await this.prisma.detectionRun.update({ where: { id: runId }, data: { ...counts, finishedAt: new Date() } });
  }
}

/**
 * Detection for the households a delivery wrote, inside the delivery's own transaction: the
 * records and the findings they cause land together or not at all.
 */
export async function detectInTransaction(tx: Tx, householdIds: Iterable<number>, actor: AuditActor, deliveryId: number | null): Promise<DetectionResult> {
  const ids = [...new Set(householdIds)].sort((a, b) => a - b);
  const [{ id }] = await tx.$queryRawUnsafe<Array<{ id: number }>>(
    `INSERT INTO detection_run (trigger, delivery_id, actor_name) VALUES ('INGEST', $1::int, $2) RETURNING id`,
    deliveryId,
    actor.name,
  );
  const total = emptyResult(Number(id));
  const book = await loadRuleBook(tx);
  for (let from = 0; from < ids.length; from += SCAN_CHUNK) await judgeHouseholds(tx, ids.slice(from, from + SCAN_CHUNK), book, actor, total);
  await tx.$executeRawUnsafe(
    `UPDATE detection_run SET households_scanned = $2, subsidies_read = $3, raised = $4, updated = $5, reopened = $6, closed = $7,
            payments_read = $8, payments_rematched = $9, finished_at = now() WHERE id = $1`,
    total.runId, total.householdsScanned, total.subsidiesRead, total.raised, total.updated, total.reopened, total.closed, total.paymentsRead, total.paymentsRematched,
  );
  total.findingIds.sort((a, b) => a - b);
  return total;
}

/** Reads, judges and writes one chunk of households, holding their row locks. */
async function judgeHouseholds(tx: Tx, householdIds: number[], book: RuleBook, actor: AuditActor, total: DetectionResult): Promise<void> {
  const ids = arrayLiteral(householdIds);
  await tx.$queryRawUnsafe(`SELECT id FROM household WHERE id = ANY($1::text::int[]) ORDER BY id FOR UPDATE`, ids);
  const [facts, stored] = await Promise.all([readHouseholdFacts(tx, householdIds, book), readStoredFindings(tx, householdIds)]);
  if (book.reconciliation) await reconcilePayments(tx, facts, book.reconciliation, total);
  const changes: Array<{ householdId: number; change: FindingChange }> = [];
  const ruleIds = new Set(book.rules.map((rule) => rule.ruleId));
  for (const household of facts) {
    total.householdsScanned++;
    total.subsidiesRead += household.subsidies.length;
    total.paymentsRead += household.disbursement?.payments.length ?? 0;
    const detected = detectFindings(household, book.rules, book.programs);
    const existing = stored.get(household.householdId) ?? [];
    if (detected.length === 0 && existing.length === 0) continue;
    const current = new Map(household.subsidies.map((s) => [s.id, s]));
    for (const change of reconcileFindings(existing, detected, current, (ruleId) => ruleIds.has(ruleId))) changes.push({ householdId: household.householdId, change });
  }
  if (changes.length > 0) await writeChanges(tx, changes, book, actor, total);
}

function emptyResult(runId: number): DetectionResult {
  return { runId, householdsScanned: 0, subsidiesRead: 0, paymentsRead: 0, paymentsRematched: 0, raised: 0, updated: 0, reopened: 0, closed: 0, findingIds: [] };
}

/** Subsidies, status history and deaths of a chunk of households, in household order. */
export async function readHouseholdFacts(sql: Sql, householdIds: number[], book: Pick<RuleBook, 'needsStatus' | 'needsDeaths'>): Promise<HouseholdFacts[]> {
  const ids = arrayLiteral(householdIds);
  const [subsidies, changes, deaths] = await Promise.all([
    sql.$queryRawUnsafe<Array<{ id: number; household_id: number; member_id: number | null; program_id: number; amount: string; start_date: string; end_date: string; year: number; state: SubsidyState; approved_on: string | null; paid_on: string | null; version: number }>>(
      `SELECT id, household_id, member_id, program_id, amount::text AS amount, start_date::text AS start_date, end_date::text AS end_date,
              year, state::text AS state, approved_on::text AS approved_on, paid_on::text AS paid_on, version
         FROM subsidy WHERE household_id = ANY($1::text::int[])`,
      ids,
    ),
    book.needsStatus
      ? sql.$queryRawUnsafe<Array<{ household_id: number; to_status: HouseholdStatus; effective_on: string }>>(
          `SELECT household_id, to_status::text AS to_status, effective_on::text AS effective_on
             FROM household_status_change WHERE household_id = ANY($1::text::int[]) ORDER BY household_id, effective_on, id`,
          ids,
        )
      : [],
    book.needsDeaths
      ? sql.$queryRawUnsafe<Array<{ id: number; household_id: number; deceased_on: string }>>(
          `SELECT id, household_id, deceased_on::text AS deceased_on FROM member WHERE household_id = ANY($1::text::int[]) AND deceased_on IS NOT NULL`,
          ids,
        )
      : [],
  ]);
  const facts = new Map<number, HouseholdFacts>(householdIds.map((id) => [id, { householdId: id, subsidies: [], statusChanges: [], deceasedOn: new Map() }]));
  for (const row of subsidies) {
    facts.get(Number(row.household_id))!.subsidies.push({
      id: Number(row.id),
      version: Number(row.version),
      memberId: row.member_id === null ? null : Number(row.member_id),
      programId: Number(row.program_id),
      amountFen: yuanToFen(row.amount),
      startDate: row.start_date,
      endDate: row.end_date,
      year: Number(row.year),
      state: row.state,
      approvedOn: row.approved_on,
      paidOn: row.paid_on,
    } satisfies SubsidyFact);
  }
  for (const row of changes) facts.get(Number(row.household_id))!.statusChanges.push({ status: row.to_status, effectiveOn: row.effective_on });
  for (const row of deaths) (facts.get(Number(row.household_id))!.deceasedOn as Map<number, string>).set(Number(row.id), row.deceased_on);
  return [...facts.values()];
}

// The range makes PostgreSQL walk the household_id index even while the findings table still has
// the statistics of when it was empty (a fresh hub's first scan); `= ANY` alone then becomes a
// sequential scan per chunk that grows with every finding written.
async function readStoredFindings(sql: Sql, householdIds: number[]): Promise<Map<number, StoredFinding[]>> {
  const rows = await sql.$queryRawUnsafe<Array<{ id: number; household_id: number; rule_id: number; code: string; kind: PolicyRuleKind; group_key: string; status: FindingStatus; fingerprint: string; amount_at_risk: string }>>(
    `SELECT f.id, f.household_id, f.rule_id, r.code, r.kind::text AS kind, f.group_key, f.status::text AS status, f.fingerprint, f.amount_at_risk::text AS amount_at_risk
       FROM finding f JOIN policy_rule r ON r.id = f.rule_id
      WHERE f.household_id BETWEEN $2 AND $3 AND f.household_id = ANY($1::text::int[])`,
    arrayLiteral(householdIds),
    Math.min(...householdIds),
    Math.max(...householdIds),
  );
  const byHousehold = new Map<number, StoredFinding[]>();
  for (const row of rows) {
    const list = byHousehold.get(Number(row.household_id)) ?? [];
    list.push({ id: Number(row.id), ruleId: Number(row.rule_id), ruleCode: row.code, ruleKind: row.kind, groupKey: row.group_key, status: row.status, fingerprint: row.fingerprint, amountAtRiskFen: yuanToFen(row.amount_at_risk) });
    byHousehold.set(Number(row.household_id), list);
  }
  return byHousehold;
}

const DETECTOR_NOTE = { RAISE: 'RAISED', UPDATE: 'UPDATED', REOPEN: 'REOPENED', CLOSE: 'CLOSED' } as const;

async function writeChanges(tx: Tx, changes: Array<{ householdId: number; change: FindingChange }>, book: RuleBook, actor: AuditActor, total: DetectionResult): Promise<void> {
  const raised = changes.filter((c) => c.change.kind === 'RAISE') as Array<{ householdId: number; change: Extract<FindingChange, { kind: 'RAISE' }> }>;
  const events: Array<{ findingId: number; kind: string; from: FindingStatus | null; to: FindingStatus | null; note: string; versionId: number | null }> = [];
  if (raised.length > 0) {
    const found = raised.map((c) => c.change.detected);
    const inserted = await tx.$queryRawUnsafe<Array<{ id: number }>>(
      `INSERT INTO finding (rule_id, rule_version_id, household_id, group_key, amount_at_risk, period_start, period_end, explanation, explanation_en, fingerprint, member_ids, department_ids)
       SELECT u.rule_id, u.version_id, u.household_id, u.group_key, u.amount, u.period_start, u.period_end, u.explanation, u.explanation_en, u.fingerprint, u.member_ids::int[], u.department_ids::int[]
         FROM unnest($1::text::int[], $2::text::int[], $3::text::int[], $4::text::text[], $5::text::numeric[], $6::text::date[], $7::text::date[], $8::text::text[], $9::text::text[], $10::text::text[], $11::text::text[], $12::text::text[])
           WITH ORDINALITY AS u(rule_id, version_id, household_id, group_key, amount, period_start, period_end, explanation, explanation_en, fingerprint, member_ids, department_ids, n)
        ORDER BY u.n
       RETURNING id`,
      arrayLiteral(found.map((f) => f.ruleId)),
      arrayLiteral(found.map((f) => f.versionId)),
      arrayLiteral(raised.map((c) => c.householdId)),
      arrayLiteral(found.map((f) => f.groupKey)),
      arrayLiteral(found.map((f) => fenToYuan(f.amountAtRiskFen))),
      arrayLiteral(found.map((f) => f.periodStart)),
      arrayLiteral(found.map((f) => f.periodEnd)),
      arrayLiteral(found.map((f) => f.explanation)),
      arrayLiteral(found.map((f) => f.explanationEn)),
      arrayLiteral(found.map((f) => f.fingerprint)),
      arrayLiteral(found.map((f) => `{${f.memberIds.join(',')}}`)),
      arrayLiteral(found.map((f) => `{${f.departmentCodes.map((code) => book.departmentIds.get(code)).join(',')}}`)),
    );
    // RETURNING follows the insert order of the ordered SELECT; ids are ascending in that order.
    const ids = inserted.map((row) => Number(row.id)).sort((a, b) => a - b);
    ids.forEach((id, i) => {
      events.push({ findingId: id, kind: 'RAISED', from: null, to: 'OPEN', note: `raised by ${found[i].ruleCode} (规则核查发现)`, versionId: found[i].versionId });
      total.findingIds.push(id);
    });
    await linkSubsidies(tx, ids.map((id, i) => ({ id, subsidyIds: found[i].subsidyIds })));
    await linkPayments(tx, ids.map((id, i) => ({ id, paymentIds: found[i].paymentIds })));
    total.raised += ids.length;
  }
  const rewritten: Array<{ id: number; detected: DetectedFinding }> = [];
  for (const { change } of changes) {
    switch (change.kind) {
      case 'UPDATE':
      case 'REOPEN': {
        const d = change.detected;
        await tx.$executeRawUnsafe(
          `UPDATE finding SET rule_version_id = $2, amount_at_risk = $3::numeric, period_start = $4::date, period_end = $5::date, explanation = $6,
                  explanation_en = $7, fingerprint = $8, member_ids = $9::text::int[], department_ids = $10::text::int[], updated_at = now(),
                  status = CASE WHEN $11 THEN 'OPEN'::"FindingStatus" ELSE status END, closed_at = CASE WHEN $11 THEN NULL ELSE closed_at END
            WHERE id = $1`,
          change.id,
          d.versionId,
          fenToYuan(d.amountAtRiskFen),
          d.periodStart,
          d.periodEnd,
          d.explanation,
          d.explanationEn,
          d.fingerprint,
          `{${d.memberIds.join(',')}}`,
          `{${d.departmentCodes.map((code) => book.departmentIds.get(code)).join(',')}}`,
          change.kind === 'REOPEN',
        );
        rewritten.push({ id: change.id, detected: d });
        events.push({ findingId: change.id, kind: DETECTOR_NOTE[change.kind], from: change.kind === 'REOPEN' ? change.from : null, to: change.kind === 'REOPEN' ? 'OPEN' : null, note: change.note, versionId: d.versionId });
        if (change.kind === 'REOPEN') {
          total.reopened++;
          total.findingIds.push(change.id);
        } else total.updated++;
        break;
      }
      case 'CLOSE':
        await tx.$executeRawUnsafe(`UPDATE finding SET status = 'CLOSED', closed_at = now(), updated_at = now() WHERE id = $1`, change.id);
        events.push({ findingId: change.id, kind: 'CLOSED', from: change.from, to: 'CLOSED', note: change.note, versionId: null });
        total.closed++;
        break;
    }
  }
  if (rewritten.length > 0) {
    await tx.$executeRawUnsafe(`DELETE FROM finding_subsidy WHERE finding_id = ANY($1::text::int[])`, arrayLiteral(rewritten.map((r) => r.id)));
    await tx.$executeRawUnsafe(`DELETE FROM finding_payment WHERE finding_id = ANY($1::text::int[])`, arrayLiteral(rewritten.map((r) => r.id)));
    await linkSubsidies(tx, rewritten.map((r) => ({ id: r.id, subsidyIds: r.detected.subsidyIds })));
    await linkPayments(tx, rewritten.map((r) => ({ id: r.id, paymentIds: r.detected.paymentIds })));
  }
  await appendFindingEvents(tx, actor, events);
  const byHousehold = new Map<number, Set<string>>();
  for (const { householdId, change } of changes) (byHousehold.get(householdId) ?? byHousehold.set(householdId, new Set()).get(householdId)!).add(`FINDING.${DETECTOR_NOTE[change.kind]}`);
  await appendAuditEntries(tx, { ...actor, operation: actor.operation ?? 'detect' }, 'DETECT_FINDINGS', byHousehold);
}

async function linkSubsidies(tx: Sql, findings: Array<{ id: number; subsidyIds: number[] }>): Promise<void> {
  const pairs = findings.flatMap((f) => f.subsidyIds.map((subsidyId) => [f.id, subsidyId] as const));
  if (pairs.length === 0) return;
  await tx.$executeRawUnsafe(
    `INSERT INTO finding_subsidy (finding_id, subsidy_id) SELECT * FROM unnest($1::text::int[], $2::text::int[])`,
    arrayLiteral(pairs.map((p) => p[0])),
    arrayLiteral(pairs.map((p) => p[1])),
  );
}

async function linkPayments(tx: Sql, findings: Array<{ id: number; paymentIds: number[] }>): Promise<void> {
  const pairs = findings.flatMap((f) => f.paymentIds.map((paymentId) => [f.id, paymentId] as const));
  if (pairs.length === 0) return;
  await tx.$executeRawUnsafe(
    `INSERT INTO finding_payment (finding_id, payment_id) SELECT * FROM unnest($1::text::int[], $2::text::int[])`,
    arrayLiteral(pairs.map((p) => p[0])),
    arrayLiteral(pairs.map((p) => p[1])),
  );
}

export interface PaymentRow {
  id: number;
  version: number;
  card_no: string;
  amount: string;
  paid_on: string;
  household_id: number | null;
  subsidy_id: number | null;
  match: PaymentMatch | null;
  ref_id: number | null;
  ref_household_id: number | null;
  ref_program_id: number | null;
  ref_member_id: number | null;
  ref_version: number | null;
  ref_amount: string | null;
  ref_start: string | null;
  ref_end: string | null;
  ref_year: number | null;
  ref_state: SubsidyState | null;
  ref_approved_on: string | null;
  ref_paid_on: string | null;
}

/**
 * 一户一卡: reads the chunk's bank payments (those resolved to its households and those quoting their
 * subsidies' payment references) and cards, matches each household's payments to its subsidies,
 * stores the matches that changed, and hands the rules what they need as facts.disbursement.
 * A payment belongs to the household of the subsidy it quotes, else to the household it was resolved
 * to, so each payment is matched in exactly one household's run.
 */
async function reconcilePayments(tx: Tx, facts: HouseholdFacts[], reconciliation: Reconciliation, total: DetectionCounts): Promise<void> {
  const householdIds = facts.map((f) => f.householdId);
  const payments = await readChunkPayments(tx, householdIds);
  const cards = await readChunkCards(tx, householdIds, [...new Set(payments.map((p) => p.card_no))]);
  const registrations = new Map<string, CardFact[]>();
  const cardsOf = new Map<number, CardFact[]>();
  for (const row of cards) {
    const card: CardFact = { id: Number(row.id), householdId: Number(row.household_id), holderMemberId: Number(row.holder_member_id), cardNo: row.card_no, openedOn: row.opened_on, closedOn: row.closed_on };
    (registrations.get(card.cardNo) ?? registrations.set(card.cardNo, []).get(card.cardNo)!).push(card);
    (cardsOf.get(card.householdId) ?? cardsOf.set(card.householdId, []).get(card.householdId)!).push(card);
  }
  const owned = new Map<number, PaymentRow[]>();
  const foreign = new Map<number, ForeignPaymentFact[]>();
  for (const row of payments) {
    const owner = row.ref_id !== null ? Number(row.ref_household_id) : row.household_id === null ? null : Number(row.household_id);
    if (owner !== null) (owned.get(owner) ?? owned.set(owner, []).get(owner)!).push(row);
    if (row.ref_id !== null && row.household_id !== null && Number(row.household_id) !== owner && (row.ref_state === 'APPROVED' || row.ref_state === 'PAID')) {
      const list = foreign.get(Number(row.household_id)) ?? foreign.set(Number(row.household_id), []).get(Number(row.household_id))!;
      list.push({ ...paymentFact(row), householdId: owner!, subsidy: referencedSubsidy(row) });
    }
  }
  const changed: Array<{ id: number; subsidyId: number | null; match: PaymentMatch | null }> = [];
  const settingsFor = (subsidy: ExpectedPayment) => settingsOn(reconciliation, subsidy);
  for (const household of facts) {
    const rows = owned.get(household.householdId) ?? [];
    const mine = rows.map(paymentFact);
    const allocation = matchPayments(household.subsidies, mine, settingsFor);
    for (const row of rows) {
      const now = allocation.get(Number(row.id));
      const subsidyId = now?.subsidyId ?? null;
      const match = now?.match ?? null;
      if ((row.subsidy_id === null ? null : Number(row.subsidy_id)) !== subsidyId || row.match !== match) changed.push({ id: Number(row.id), subsidyId, match });
    }
    household.disbursement = {
      payments: mine,
      foreignPayments: foreign.get(household.householdId) ?? [],
      cards: cardsOf.get(household.householdId) ?? [],
      registrations,
      allocation,
      settingsFor,
      coveredMonths: reconciliation.coveredMonths,
      asOf: reconciliation.asOf,
    };
  }
  if (changed.length > 0) {
    await tx.$executeRawUnsafe(
      `UPDATE bank_payment p SET subsidy_id = u.subsidy_id, match = u.match::"PaymentMatch"
         FROM unnest($1::text::int[], $2::text::int[], $3::text::text[]) AS u(id, subsidy_id, match) WHERE p.id = u.id`,
      arrayLiteral(changed.map((c) => c.id)),
      arrayLiteral(changed.map((c) => c.subsidyId)),
      arrayLiteral(changed.map((c) => c.match)),
    );
    total.paymentsRematched += changed.length;
  }
}

/**
 * A chunk's bank payments: those resolved to its households and those quoting its subsidies'
 * payment references, each with the subsidy it quotes. The ids are gathered first and the rows
 * fetched by primary key: joined back as a set, PostgreSQL estimated three times the rows and
 * hashed the whole payments table per chunk (bench/results.md, 2026-12-01).
 */
export function readChunkPayments(sql: Sql, householdIds: number[]): Promise<PaymentRow[]> {
  return sql.$queryRawUnsafe<PaymentRow[]>(
    `WITH related AS (
       SELECT p.id FROM bank_payment p WHERE p.household_id = ANY($1::text::int[])
       UNION
       SELECT p.id FROM subsidy s JOIN bank_payment p ON p.payment_reference = s.payment_reference
        WHERE s.household_id = ANY($1::text::int[]) AND s.payment_reference IS NOT NULL)
     SELECT p.id, p.version, p.card_no, p.amount::text AS amount, p.paid_on::text AS paid_on, p.household_id, p.subsidy_id, p.match::text AS match,
            rs.id AS ref_id, rs.household_id AS ref_household_id, rs.program_id AS ref_program_id, rs.member_id AS ref_member_id, rs.version AS ref_version,
            rs.amount::text AS ref_amount, rs.start_date::text AS ref_start, rs.end_date::text AS ref_end, rs.year AS ref_year, rs.state::text AS ref_state,
            rs.approved_on::text AS ref_approved_on, rs.paid_on::text AS ref_paid_on
       FROM bank_payment p
       LEFT JOIN subsidy rs ON rs.payment_reference = p.payment_reference
      WHERE p.id = ANY(ARRAY(SELECT id FROM related))`,
    arrayLiteral(householdIds),
  );
}

/** The cards of a chunk's households, and every registration of the card numbers its payments went to. */
export function readChunkCards(sql: Sql, householdIds: number[], cardNumbers: string[]) {
  return sql.$queryRawUnsafe<Array<{ id: number; household_id: number; holder_member_id: number; card_no: string; opened_on: string | null; closed_on: string | null }>>(
    `SELECT id, household_id, holder_member_id, card_no, opened_on::text AS opened_on, closed_on::text AS closed_on
       FROM bank_card WHERE household_id = ANY($1::text::int[]) OR card_no = ANY($2::text::text[])`,
    arrayLiteral(householdIds),
    arrayLiteral(cardNumbers),
  );
}

function paymentFact(row: PaymentRow): BankPaymentFact {
  return { id: Number(row.id), version: Number(row.version), cardNo: row.card_no, amountFen: yuanToFen(row.amount), paidOn: row.paid_on, referencedSubsidyId: row.ref_id === null ? null : Number(row.ref_id) };
}

function referencedSubsidy(row: PaymentRow): SubsidyFact {
  return {
    id: Number(row.ref_id),
    version: Number(row.ref_version),
    memberId: row.ref_member_id === null ? null : Number(row.ref_member_id),
    programId: Number(row.ref_program_id),
    amountFen: yuanToFen(row.ref_amount!),
    startDate: row.ref_start!,
    endDate: row.ref_end!,
    year: Number(row.ref_year),
    state: row.ref_state!,
    approvedOn: row.ref_approved_on,
    paidOn: row.ref_paid_on,
  };
}

/** Appends history entries; used by detection and by the people working findings. */
export async function appendFindingEvents(
  sql: Sql,
  actor: AuditActor,
  events: Array<{ findingId: number; kind: string; from: FindingStatus | null; to: FindingStatus | null; note: string; versionId?: number | null; amount?: string | null; departmentId?: number | null }>,
): Promise<void> {
  if (events.length === 0) return;
  await sql.$executeRawUnsafe(
    `INSERT INTO finding_event (finding_id, kind, from_status, to_status, note, rule_version_id, amount, department_id, actor_key_id, actor_name, request_id)
     SELECT u.finding_id, u.kind::"FindingEventKind", u.from_status::"FindingStatus", u.to_status::"FindingStatus", u.note, u.version_id, u.amount::numeric, u.department_id, $9::int, $10, $11
       FROM unnest($1::text::int[], $2::text::text[], $3::text::text[], $4::text::text[], $5::text::text[], $6::text::int[], $7::text::text[], $8::text::int[])
         AS u(finding_id, kind, from_status, to_status, note, version_id, amount, department_id)`,
    arrayLiteral(events.map((e) => e.findingId)),
    arrayLiteral(events.map((e) => e.kind)),
    arrayLiteral(events.map((e) => e.from)),
    arrayLiteral(events.map((e) => e.to)),
    arrayLiteral(events.map((e) => e.note)),
    arrayLiteral(events.map((e) => e.versionId ?? null)),
    arrayLiteral(events.map((e) => e.amount ?? null)),
    arrayLiteral(events.map((e) => e.departmentId ?? null)),
    actor.keyId,
    actor.name,
    actor.requestId,
  );
}
