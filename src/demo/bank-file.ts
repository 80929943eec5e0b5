/**
 * The demo county's bank disbursement file (代发明细) for one month, in the layout of the built-in
 * `bank-payments` mapping: what 织金农商银行 would send the hub. The demo load writes every month but
 * DEMO_BANK_FILE_MONTH directly; this file is how that month arrives, through `import`.
 */
import { writeFile } from 'node:fs/promises';
import { DEMO_BANK_MONTHS, type BankPaymentRecord, type DemoCounty } from './county-generator';

/** The columns of mappings/bank-payments.json, in the bank's order. */
export const BANK_FILE_COLUMNS = ['卡号', '户名', '证件号码', '金额', '交易日期', '摘要', '流水号', '业务编号'] as const;

export class BankFileMonthError extends Error {}

/** Checks a month is one of the demo's bank months (YYYY-MM). */
export function demoBankMonth(month: string): string {
  if (!DEMO_BANK_MONTHS.includes(month)) {
    throw new BankFileMonthError(`the demo bank files cover ${DEMO_BANK_MONTHS[0]} to ${DEMO_BANK_MONTHS.at(-1)}; got "${month}" (give YYYY-MM)`);
  }
  return month;
}

/** The month's payments in the order a bank lists them: by day, then by its transaction reference. */
export function bankFilePayments(county: DemoCounty, month: string): BankPaymentRecord[] {
  demoBankMonth(month);
  const payments: BankPaymentRecord[] = [];
  for (const batch of county.batches(1000)) for (const payment of batch.payments) if (payment.paidOn.startsWith(month)) payments.push(payment);
  return payments.sort((a, b) => (a.paidOn < b.paidOn ? -1 : a.paidOn > b.paidOn ? 1 : a.sourceRecordId < b.sourceRecordId ? -1 : 1));
}

const cell = (value: string) => (/[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value);

/** CSV, UTF-8 with a byte-order mark and CRLF line ends, as the county's bank exports it. */
export function bankFileCsv(payments: readonly BankPaymentRecord[]): string {
  const rows = payments.map((p) => [p.cardNo, p.holderName, p.holderIdNumber, p.amount, p.paidOn, p.memo, p.sourceRecordId, p.paymentReference ?? '']);
  return `\uFEFF${[BANK_FILE_COLUMNS as readonly string[], ...rows].map((row) => row.map(cell).join(',')).join('\r\n')}\r\n`;
}

export async function writeDemoBankFile(county: DemoCounty, month: string, path: string): Promise<number> {
  const payments = bankFilePayments(county, month);
  await writeFile(path, bankFileCsv(payments), 'utf8');
  return payments.length;
}
