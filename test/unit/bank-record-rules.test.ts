import fc from 'fast-check';
import { join } from 'node:path';
import { composeIdNumber } from '../../src/domain/id-number';
import { checkHeaders, parseMapping, resolveMapping, translateRow } from '../../src/modules/ingest/file-import';
import { openTable } from '../../src/modules/ingest/file-import/table-reader';
import { cardNumberOf, checkBankCard, checkBankPayment, RecordRejected, type Rejection } from '../../src/modules/ingest/record-rules';

const TODAY = '2026-12-01';
const holder = composeIdNumber('520524', '1961-02-03', 131);
const SAMPLE = join(__dirname, '../fixtures/department-files/bank-disbursement-2024-06.csv');

function rejectionOf(check: () => unknown): Rejection | null {
  try {
    check();
  } catch (error) {
    if (error instanceof RecordRejected) return error.rejection;
    throw error;
  }
  return null;
}

const card = { sourceRecordId: 'CARD-1', householdNo: '520524300001', holderIdNumber: holder, bankName: '农商银行', cardNo: '6217003360724349703', openedOn: '2019-03-01' };
const payment = { sourceRecordId: 'BK-1', cardNo: '6217003360724349703', holderName: '王一', holderIdNumber: holder, amount: '1420', paidOn: '2024-06-10' };

describe('card numbers (银行卡号)', () => {
  it('keeps the digits of 16 to 19 digit numbers, dropping spaces and dashes', () => {
    fc.assert(
      fc.property(fc.integer({ min: 16, max: 19 }), fc.array(fc.constantFrom(' ', '-', ''), { minLength: 19, maxLength: 19 }), fc.nat(), (length, separators, seed) => {
        const digits = Array.from({ length }, (_, k) => String((seed + k * 7) % 10)).join('');
        const printed = [...digits].map((digit, k) => digit + separators[k]).join('').trim();
        expect(cardNumberOf('cardNo', printed)).toBe(digits);
      }),
    );
  });

  it('refuses other lengths and other characters without repeating the number', () => {
    for (const bad of ['621700336072434', '62170033607243497031', '6217O03360724349703', '6217.0033.6072.4349.703']) {
      const rejection = rejectionOf(() => cardNumberOf('cardNo', bad));
      expect(rejection).toMatchObject({ field: 'cardNo', code: 'INVALID_CARD_NUMBER' });
      expect(`${rejection!.message}${rejection!.messageZh}`).not.toContain(bad.replace(/\D/g, ''));
    }
    expect(rejectionOf(() => cardNumberOf('cardNo', ' '))).toMatchObject({ field: 'cardNo', code: 'REQUIRED' });
  });
});

describe('a bank card record', () => {
  it('is checked into digits and dates', () => {
    expect(checkBankCard({ ...card, cardNo: '6217-0033-6072-4349-703', closedOn: '2019-03-01' }, TODAY)).toMatchObject({ cardNo: '6217003360724349703', openedOn: '2019-03-01', closedOn: '2019-03-01', holderIdNumber: holder });
  });

  it('is refused closed before it was opened, without a holder, or without a household', () => {
    expect(rejectionOf(() => checkBankCard({ ...card, closedOn: '2019-02-28' }, TODAY))).toMatchObject({ field: 'closedOn', code: 'END_BEFORE_START' });
    expect(rejectionOf(() => checkBankCard({ ...card, holderIdNumber: '' }, TODAY))).toMatchObject({ field: 'holderIdNumber', code: 'REQUIRED' });
    expect(rejectionOf(() => checkBankCard({ ...card, householdNo: null }, TODAY))).toMatchObject({ field: 'householdNo', code: 'REQUIRED' });
    expect(rejectionOf(() => checkBankCard({ ...card, bankName: '' }, TODAY))).toMatchObject({ field: 'bankName', code: 'REQUIRED' });
  });
});

describe('a bank payment record', () => {
  it('is checked: amount in fen exactly, the memo empty when absent', () => {
    expect(checkBankPayment(payment, TODAY)).toMatchObject({ amount: '1420.00', paidOn: '2024-06-10', memo: '', paymentReference: null, holderIdNumber: holder });
    expect(checkBankPayment({ ...payment, holderIdNumber: null, amount: '0.01', paidOn: TODAY }, TODAY)).toMatchObject({ amount: '0.01', holderIdNumber: null });
  });

  it('is refused for a zero or negative amount, a future date or a bad ID number', () => {
    expect(rejectionOf(() => checkBankPayment({ ...payment, amount: '0' }, TODAY))).toMatchObject({ field: 'amount', code: 'INVALID_AMOUNT' });
    expect(rejectionOf(() => checkBankPayment({ ...payment, amount: '000.00' }, TODAY))).toMatchObject({ field: 'amount', code: 'INVALID_AMOUNT' });
    expect(rejectionOf(() => checkBankPayment({ ...payment, amount: '-1.00' }, TODAY))).toMatchObject({ field: 'amount', code: 'INVALID_AMOUNT' });
    expect(rejectionOf(() => checkBankPayment({ ...payment, paidOn: '2026-12-02' }, TODAY))).toMatchObject({ field: 'paidOn', code: 'INVALID_DATE' });
    expect(rejectionOf(() => checkBankPayment({ ...payment, holderIdNumber: `${holder.slice(0, 17)}${holder[17] === '0' ? '1' : '0'}` }, TODAY))).toMatchObject({ field: 'holderIdNumber', code: 'INVALID_ID_NUMBER' });
  });
});

describe('the bank mappings', () => {
  it('read the sample disbursement file, which has no 业务编号 column', async () => {
    const mapping = await resolveMapping('bank-payments');
    const reader = await openTable(SAMPLE);
    expect(reader.headers).not.toContain('业务编号');
    checkHeaders(mapping, reader.headers, SAMPLE);
    const rows = [];
    for await (const row of reader.rows()) rows.push(translateRow(mapping, row));
    expect(rows.length).toBeGreaterThan(10);
    expect(rows[0]).toEqual({
      record: { sourceRecordId: 'BK880000', cardNo: '6217003360724349703', holderName: '孟勇承', holderIdNumber: '520524195509122987', amount: '1420.00', paidOn: '2024-06-10', paymentReference: null, memo: '低保金 2024年6月' },
    });
  });

  it('still require the columns they do not mark optional', async () => {
    const mapping = await resolveMapping('bank-payments');
    expect(() => checkHeaders(mapping, ['卡号', '户名', '证件号码', '金额', '交易日期', '摘要'])).toThrow(/流水号/);
    const cards = await resolveMapping('bank-cards');
    expect(() => checkHeaders(cards, ['开户银行', '卡号', '持卡人身份证号', '开户日期'])).not.toThrow();
    expect(() => checkHeaders(cards, ['户编号', '开户银行', '卡号', '开户日期'])).toThrow(/持卡人身份证号/);
  });

  it('refuse an optional column for a required field', () => {
    const text = JSON.stringify({ recordType: 'BANK_PAYMENT', department: 'BANK', fields: { sourceRecordId: { column: '流水号', optional: true }, cardNo: { column: '卡号' }, holderName: { column: '户名' }, amount: { column: '金额' }, paidOn: { column: '交易日期' } } });
    expect(() => parseMapping(text, 'test.json')).toThrow(/fields\.sourceRecordId\.optional/);
  });
});
