import type { PersonalDataCategory } from './access';

/** 110101********123X: the first 6 (region of issue) and last 4 digits stay, as GB/T 35273 suggests. */
export function maskIdNumber(value: string): string {
  if (value.length <= 10) return '*'.repeat(value.length);
  return `${value.slice(0, 6)}${'*'.repeat(value.length - 10)}${value.slice(-4)}`;
}

/** Only the last 4 digits of a bank card stay; spaces and dashes are dropped. */
export function maskBankCard(value: string): string {
  const digits = value.replace(/[\s-]/g, '');
  if (digits.length <= 4) return '*'.repeat(digits.length);
  return `${'*'.repeat(digits.length - 4)}${digits.slice(-4)}`;
}

const ID_NUMBER_IN_TEXT = /(?<![0-9])([0-9]{17}[0-9Xx]|[0-9]{15})(?![0-9Xx])/g;

/** Masks every 18- or 15-digit ID number inside free text (explanations, rejection reasons). */
export function maskIdNumbersInText(text: string): string {
  return text.replace(ID_NUMBER_IN_TEXT, (match) => maskIdNumber(match));
}

/** Shown instead of a masked value in free-text fields, where null would read as "no value". */
export const MASKED_TEXT = '***';

/** The category of a record field sent by departments (ingest names), for revisions and reported facts. */
export function categoryOfRecordField(field: string): PersonalDataCategory | null {
  if (/idnumber$/i.test(field)) return 'ID_NUMBER';
  if (field === 'bankCardNo' || field === 'cardNo') return 'BANK_CARD';
  if (field === 'health') return 'HEALTH';
  if (field === 'perCapitaIncome' || field === 'incomeComponents' || field.startsWith('incomeComponents.')) return 'INCOME';
  return null;
}

/** How a value of a category reads when it is masked in a text field. */
export function maskText(category: PersonalDataCategory, value: string): string {
  switch (category) {
    case 'ID_NUMBER':
      return maskIdNumber(value);
    case 'BANK_CARD':
      return maskBankCard(value);
    default:
      return MASKED_TEXT;
  }
}
