/**
 * The records a department delivers, as plain data. The GraphQL inputs and the file import both
 * produce these shapes, so both go through one validation and write path. Dates, amounts, ID
 * numbers and enum values arrive as strings and are validated per record: one bad record is
 * rejected on its own instead of failing the whole delivery.
 */
export type RecordType = 'HOUSEHOLD' | 'MEMBER' | 'SUBSIDY' | 'DOCUMENT' | 'BANK_CARD' | 'BANK_PAYMENT';

export interface HouseholdRecord {
  sourceRecordId: string;
  householdNo: string;
  regionCode?: string | null;
  /** Township (乡镇) and village (村) by name, as department sheets give them, when regionCode is absent. */
  townshipName?: string | null;
  villageName?: string | null;
  villageGroup?: string | null;
  /** GENERAL | MINIMUM_ALLOWANCE | EXTREME_POVERTY, or the Chinese label (一般贫困户, 低保贫困户, 特困供养贫困户). */
  povertyType?: string | null;
  status?: string | null;
  /** The date the status took effect (状态生效日期), YYYY-MM-DD; the delivery day when absent. */
  statusEffectiveOn?: string | null;
  identifiedOn?: string | null;
  /** Planned exit date (脱贫时限), YYYY-MM-DD. */
  exitDeadline?: string | null;
  causeOfPoverty?: string | null;
  familySize?: number | null;
  headName?: string | null;
  headIdNumber?: string | null;
  /** Whether the household receives the minimum living allowance (低保户). */
  minimumAllowance?: boolean | null;
}

export interface MemberRecord {
  sourceRecordId: string;
  /** The household, by household number or by the ID number of a member already on record. */
  householdNo?: string | null;
  householdMemberIdNumber?: string | null;
  idNumber: string;
  name: string;
  /** HEAD, SPOUSE, … or the Chinese label (户主, 配偶, 子女, …). */
  relation: string;
  ethnicity?: string | null;
  education?: string | null;
  health?: string | null;
  labourAbility?: string | null;
  migrantWorker?: boolean | null;
  student?: boolean | null;
  deceasedOn?: string | null;
}

export interface SubsidyRecord {
  sourceRecordId: string;
  householdNo?: string | null;
  beneficiaryIdNumber?: string | null;
  programCode: string;
  /** Decimal yuan, at most two decimals: "1860.00". */
  amount: string;
  startDate: string;
  endDate: string;
  state?: string | null;
  approvedOn?: string | null;
  paidOn?: string | null;
  bankCardNo?: string | null;
  /** The department's payment reference (支付业务编号) the bank quotes back; unique across the hub. */
  paymentReference?: string | null;
}

/** A household's card (一户一卡) as the bank or a department registers it. */
export interface BankCardRecord {
  sourceRecordId: string;
  /** The household, by household number or by the ID number of a member already on record (the head's, usually). */
  householdNo?: string | null;
  householdMemberIdNumber?: string | null;
  /** The card holder, who must be a member of that household. */
  holderIdNumber: string;
  bankName: string;
  /** 16 to 19 digits; spaces and dashes are dropped. */
  cardNo: string;
  openedOn?: string | null;
  closedOn?: string | null;
}

/** One payment a bank made (代发明细); sourceRecordId is the bank's transaction reference (流水号). */
export interface BankPaymentRecord {
  sourceRecordId: string;
  cardNo: string;
  holderName: string;
  holderIdNumber?: string | null;
  /** Decimal yuan, more than zero, at most two decimals. */
  amount: string;
  paidOn: string;
  /** The department's payment reference (支付业务编号) the bank quotes, when it does. */
  paymentReference?: string | null;
  /** The bank's summary line (摘要). */
  memo?: string | null;
}

export interface ArchiveDocumentRecord {
  sourceRecordId: string;
  householdNo?: string | null;
  householdMemberIdNumber?: string | null;
  typeCode: string;
  title?: string | null;
  documentDate?: string | null;
  uniformCode?: string | null;
  bindingOrder?: number | null;
  pageCount?: number | null;
  retention?: string | null;
  familySize?: number | null;
  labourCount?: number | null;
  perCapitaIncome?: string | null;
  povertyType?: string | null;
  /** The P04 sheet's household totals, decimal yuan; every part is required when the object is given. */
  incomeComponents?: IncomeComponentsRecord | null;
  /** The P03 sheet's item scores, decimals from 0 to 100; every item is required when the object is given. */
  fourLooksScores?: FourLooksScoresRecord | null;
  /** The P03 sheet's recorded total, a decimal from 0 to 100. */
  fourLooksTotal?: string | null;
}

export interface IncomeComponentsRecord {
  wage?: string | null;
  operating?: string | null;
  property?: string | null;
  transfer?: string | null;
  productionCosts?: string | null;
}

export interface FourLooksScoresRecord {
  house?: string | null;
  grain?: string | null;
  labour?: string | null;
  student?: string | null;
}

export interface IngestRecords {
  households?: HouseholdRecord[] | null;
  members?: MemberRecord[] | null;
  subsidies?: SubsidyRecord[] | null;
  documents?: ArchiveDocumentRecord[] | null;
  bankCards?: BankCardRecord[] | null;
  bankPayments?: BankPaymentRecord[] | null;
}
