import { arrayLiteral } from '../../db/sql-arrays';
import type { MemberRef } from './household-directory';
import type { KeyedTable, Tx } from './keyed-table';
import type { CheckedBankCard, CheckedBankPayment } from './record-rules';

/**
 * The bank's records (一户一卡): a household's cards and the payments banks made. A payment is
 * stored whatever it names; the household it went to is worked out by the hub, at ingest:
 *   1. the household whose card registry holds the card number on the payment day
 *      (opened_on ≤ paid_on ≤ closed_on, an empty bound is open);
 *   2. else the one household where the holder's ID number is on record as a member;
 *   3. else none: an unidentified payment (无法识别的代发), still stored and shown.
 * A card delivered later re-resolves the payments on its number. Which subsidy a payment pays
 * (subsidy_id, match) is reconciliation's to say, never ingest's.
 */

export type ResolvedBankCard = CheckedBankCard & { householdId: number; householdNo: string; holder: MemberRef };

export const BANK_CARD_TABLE: KeyedTable<ResolvedBankCard> = {
  table: 'bank_card',
  recordType: 'BANK_CARD',
  columns: [
    { column: 'household_id', sqlType: 'int', field: 'householdNo', write: (r) => r.householdId, compare: (r) => r.householdNo, readSql: '(SELECT household_no FROM household h WHERE h.id = t.household_id)' },
    { column: 'holder_member_id', sqlType: 'int', field: 'holderIdNumber', write: (r) => r.holder.id, compare: (r) => r.holder.idNumber, readSql: '(SELECT id_number::text FROM member m WHERE m.id = t.holder_member_id)' },
    { column: 'bank_name', sqlType: 'text', field: 'bankName', write: (r) => r.bankName },
    { column: 'card_no', sqlType: 'text', field: 'cardNo', write: (r) => r.cardNo },
    { column: 'opened_on', sqlType: 'date', field: 'openedOn', write: (r) => r.openedOn },
    { column: 'closed_on', sqlType: 'date', field: 'closedOn', write: (r) => r.closedOn },
  ],
};

export const BANK_PAYMENT_TABLE: KeyedTable<CheckedBankPayment> = {
  table: 'bank_payment',
  recordType: 'BANK_PAYMENT',
  columns: [
    { column: 'card_no', sqlType: 'text', field: 'cardNo', write: (r) => r.cardNo },
    { column: 'holder_name', sqlType: 'text', field: 'holderName', write: (r) => r.holderName },
    { column: 'holder_id_number', sqlType: 'text', field: 'holderIdNumber', write: (r) => r.holderIdNumber },
    { column: 'amount', sqlType: 'numeric', field: 'amount', write: (r) => r.amount },
    { column: 'paid_on', sqlType: 'date', field: 'paidOn', write: (r) => r.paidOn },
    { column: 'payment_reference', sqlType: 'text', field: 'paymentReference', write: (r) => r.paymentReference },
    { column: 'memo', sqlType: 'text', field: 'memo', write: (r) => r.memo },
  ],
};

/** The household a payment `p` went to, by the rules above, as a SQL expression. */
const RESOLVED_HOUSEHOLD = `COALESCE(
  (SELECT c.household_id FROM bank_card c JOIN household h ON h.id = c.household_id AND h.merged_into_id IS NULL
    WHERE c.card_no = p.card_no AND (c.opened_on IS NULL OR c.opened_on <= p.paid_on) AND (c.closed_on IS NULL OR c.closed_on >= p.paid_on)
    ORDER BY c.opened_on DESC NULLS LAST, c.id DESC LIMIT 1),
  (SELECT min(m.household_id) FROM member m JOIN household h ON h.id = m.household_id AND h.merged_into_id IS NULL
    WHERE p.holder_id_number IS NOT NULL AND m.id_number = p.holder_id_number::bpchar AND m.merged_into_id IS NULL
    HAVING count(DISTINCT m.household_id) = 1))`;

export interface PaymentResolution {
  paymentId: number;
  from: number | null;
  to: number | null;
}

/**
 * Works out again the household of the payments chosen by `where` (over bank_payment p, with the
 * given parameters) and stores it where it differs; returns the payments that moved.
 */
async function resolveHouseholds(tx: Tx, where: string, ...parameters: unknown[]): Promise<PaymentResolution[]> {
  const rows = await tx.$queryRawUnsafe<Array<{ id: number; old_household_id: number | null; new_household_id: number | null }>>(
    `WITH target AS (SELECT p.id, p.household_id AS old_household_id, ${RESOLVED_HOUSEHOLD} AS new_household_id FROM bank_payment p WHERE ${where})
     UPDATE bank_payment p SET household_id = t.new_household_id, updated_at = now() AT TIME ZONE 'UTC'
       FROM target t WHERE p.id = t.id AND p.household_id IS DISTINCT FROM t.new_household_id
     RETURNING p.id, t.old_household_id, t.new_household_id`,
    ...parameters,
  );
  const id = (value: number | null) => (value === null ? null : Number(value));
  return rows.map((row) => ({ paymentId: Number(row.id), from: id(row.old_household_id), to: id(row.new_household_id) }));
}

/** Resolves the households of payments just written. */
export function resolvePayments(tx: Tx, paymentIds: number[]): Promise<PaymentResolution[]> {
  if (paymentIds.length === 0) return Promise.resolve([]);
  return resolveHouseholds(tx, 'p.id = ANY($1::text::int[])', arrayLiteral(paymentIds));
}

/** Re-resolves every payment on these card numbers, after cards carrying them were delivered or changed. */
export function reresolveCardPayments(tx: Tx, cardNos: string[]): Promise<PaymentResolution[]> {
  if (cardNos.length === 0) return Promise.resolve([]);
  return resolveHouseholds(tx, 'p.card_no = ANY($1::text::text[])', arrayLiteral([...new Set(cardNos)]));
}

/** The household of each payment, null for an unidentified one. */
export async function paymentHouseholds(tx: Tx, paymentIds: number[]): Promise<Map<number, number | null>> {
  if (paymentIds.length === 0) return new Map();
  const rows = await tx.$queryRawUnsafe<Array<{ id: number; household_id: number | null }>>(
    'SELECT id, household_id FROM bank_payment WHERE id = ANY($1::text::int[])',
    arrayLiteral(paymentIds),
  );
  return new Map(rows.map((row) => [Number(row.id), row.household_id === null ? null : Number(row.household_id)]));
}

/** The households of the subsidies whose payment reference (支付业务编号) these payments quote. */
export async function householdsOfReferences(tx: Tx, references: string[]): Promise<number[]> {
  if (references.length === 0) return [];
  const rows = await tx.$queryRawUnsafe<Array<{ household_id: number }>>(
    'SELECT DISTINCT household_id FROM subsidy WHERE payment_reference = ANY($1::text::text[])',
    arrayLiteral([...new Set(references)]),
  );
  return rows.map((row) => Number(row.household_id));
}

/**
 * Records the calendar months a bank has reported payments for (已对账月份); a month already on
 * record stays as it was. Returns the months on record for the first time (YYYY-MM-01).
 */
export async function coverMonths(tx: Tx, paidOn: string[], deliveryId: number): Promise<string[]> {
  const months = [...new Set(paidOn.map((date) => `${date.slice(0, 7)}-01`))];
  if (months.length === 0) return [];
  const rows = await tx.$queryRawUnsafe<Array<{ month: string }>>(
    `INSERT INTO bank_coverage_month (month, first_delivery_id) SELECT m::date, $2::int FROM unnest($1::text::text[]) AS u(m)
     ON CONFLICT (month) DO NOTHING RETURNING month::text`,
    arrayLiteral(months),
    deliveryId,
  );
  return rows.map((row) => row.month);
}

/** Payment references already held by subsidies, with the subsidy holding each. */
export async function subsidiesByReference(tx: Tx, references: string[]): Promise<Map<string, { departmentId: number; sourceRecordId: string }>> {
  if (references.length === 0) return new Map();
  const rows = await tx.$queryRawUnsafe<Array<{ payment_reference: string; department_id: number; source_record_id: string }>>(
    'SELECT payment_reference, department_id, source_record_id FROM subsidy WHERE payment_reference = ANY($1::text::text[])',
    arrayLiteral([...new Set(references)]),
  );
  return new Map(rows.map((row) => [row.payment_reference, { departmentId: Number(row.department_id), sourceRecordId: row.source_record_id }]));
}
