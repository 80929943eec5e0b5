import { Decimal } from 'decimal.js';
import type { ArchiveConfiguration } from './archive-configuration';
import { byDateThenId, type DocumentFacts, type HouseholdArchiveFacts, type MemberFacts } from './archive-facts';
import { settingFor } from './recomputation';

/** The facts the archive checks compare or recompute (核查事项). */
export const ARCHIVE_FACTS = ['FAMILY_SIZE', 'LABOUR_COUNT', 'PER_CAPITA_INCOME', 'POVERTY_TYPE', 'INCOME_ARITHMETIC', 'FOUR_LOOKS_ARITHMETIC'] as const;
export type ArchiveFactCode = (typeof ARCHIVE_FACTS)[number];

/** Where a value comes from (来源). */
export type SourceKind = 'DOCUMENT' | 'MEMBERS' | 'DEPARTMENT_REPORT' | 'HOUSEHOLD_RECORD' | 'SUBSIDIES' | 'RECOMPUTED';

export interface FactValue {
  value: string;
  kind: SourceKind;
  /** The document stating (or recomputed from) it. */
  document: DocumentFacts | null;
  departmentCode: string | null;
  departmentId: number | null;
  /** The date the value speaks for: the document's date, the day members were counted. */
  date: string | null;
  /** What the source is, in Chinese and English (e.g. which members were counted). */
  detail: string;
}

export interface Discrepancy {
  fact: ArchiveFactCode;
  values: FactValue[];
  /** A paper document and an electronic one state different values (纸质与电子档案不一致). */
  betweenPaperAndElectronic: boolean;
  explanation: string;
}

const LABOURING = new Set(['ORDINARY', 'SKILLED']);

function documentValue(document: DocumentFacts, value: string): FactValue {
  return {
    value,
    kind: 'DOCUMENT',
    document,
    departmentCode: null,
    departmentId: null,
    date: document.documentDate,
    detail: `${document.typeCode} ${document.name}（${document.medium === 'PAPER' ? '纸质' : '电子'}）`,
  };
}

/** The latest date among documents stating a fact; `today` when none of them is dated. */
function latestDate(documents: readonly DocumentFacts[], today: string): string {
  const dates = documents.map((document) => document.documentDate).filter((date): date is string => date !== null);
  return dates.length === 0 ? today : dates.reduce((a, b) => (a > b ? a : b));
}

/** Members on record on a date: not recorded as deceased on or before it. */
export function membersOn(members: readonly MemberFacts[], date: string): MemberFacts[] {
  return members.filter((member) => member.deceasedOn === null || member.deceasedOn > date);
}

function paperElectronic(values: readonly FactValue[], differ: (a: string, b: string) => boolean): boolean {
  const paper = values.filter((v) => v.kind === 'DOCUMENT' && v.document!.medium === 'PAPER').map((v) => v.value);
  const electronic = values.filter((v) => v.kind === 'DOCUMENT' && v.document!.medium === 'ELECTRONIC').map((v) => v.value);
  return paper.some((p) => electronic.some((e) => differ(p, e)));
}

const distinct = (values: readonly FactValue[]) => new Set(values.map((v) => v.value)).size > 1;
const unequal = (a: string, b: string) => a !== b;

function countFact(
  fact: 'FAMILY_SIZE' | 'LABOUR_COUNT',
  facts: HouseholdArchiveFacts,
  today: string,
): Discrepancy | null {
  const stated = (document: DocumentFacts) => (fact === 'FAMILY_SIZE' ? document.familySize : document.labourCount);
  const documents = facts.documents.filter((document) => stated(document) !== null).sort(byDateThenId);
  const values = documents.map((document) => documentValue(document, String(stated(document))));
  const date = latestDate(documents, today);
  const alive = membersOn(facts.members, date);
  if (fact === 'FAMILY_SIZE' && facts.members.length > 0) {
    values.push({ value: String(alive.length), kind: 'MEMBERS', document: null, departmentCode: null, departmentId: null, date, detail: `家庭成员登记：${date} 在世成员 ${alive.length} 人 (members on record alive on ${date})` });
  }
  // Labour is countable only when every member counted has a recorded labour ability.
  if (fact === 'LABOUR_COUNT' && alive.length > 0 && alive.every((member) => member.labourAbility !== null)) {
    const labour = alive.filter((member) => LABOURING.has(member.labourAbility!)).length;
    values.push({ value: String(labour), kind: 'MEMBERS', document: null, departmentCode: null, departmentId: null, date, detail: `家庭成员登记：${date} 在世、普通或技能劳动力 ${labour} 人 (members alive on ${date} with ordinary or skilled labour ability)` });
  }
  if (fact === 'FAMILY_SIZE') {
    for (const report of [...facts.reports].sort((a, b) => a.departmentCode.localeCompare(b.departmentCode) || a.sourceRecordId.localeCompare(b.sourceRecordId))) {
      if (report.familySize === null) continue;
      values.push({ value: String(report.familySize), kind: 'DEPARTMENT_REPORT', document: null, departmentCode: report.departmentCode, departmentId: report.departmentId, date: null, detail: `${report.departmentCode} 报送 ${report.sourceRecordId}` });
    }
  }
  if (!distinct(values)) return null;
  const what = fact === 'FAMILY_SIZE' ? 'family size (家庭人口数)' : 'labour count (劳动力人数)';
  return { fact, values, betweenPaperAndElectronic: paperElectronic(values, unequal), explanation: `${what} differs between ${[...new Set(values.map((v) => v.value))].join(', ')}` };
}

function incomeFact(facts: HouseholdArchiveFacts, configuration: ArchiveConfiguration, today: string): Discrepancy | null {
  const documents = facts.documents.filter((document) => document.perCapitaIncome !== null).sort(byDateThenId);
  if (documents.length < 2) return null;
  const values = documents.map((document) => documentValue(document, new Decimal(document.perCapitaIncome!).toFixed(2)));
  const tolerance = settingFor(configuration, latestDate(documents, today), today)?.incomeTolerance ?? '0.00';
  const amounts = values.map((v) => new Decimal(v.value));
  const spread = Decimal.max(...amounts).minus(Decimal.min(...amounts));
  if (spread.lte(tolerance)) return null;
  const differ = (a: string, b: string) => new Decimal(a).minus(b).abs().gt(tolerance);
  // The amounts stay out of the explanation: income is personal data, masked in `values`.
  return {
    fact: 'PER_CAPITA_INCOME',
    values,
    betweenPaperAndElectronic: paperElectronic(values, differ),
    explanation: `per-capita income (人均可支配收入) differs between documents by more than the tolerance of ${tolerance} yuan`,
  };
}

/**
 * Poverty type (贫困户属性) as the household record states it (the poverty office), against every
 * document, every department's report, civil affairs' minimum allowance flag (true: a 低保 household;
 * false: not one) and CIV_DIBAO payments, which make the household a 低保 household in civil
 * affairs' eyes whatever the poverty office records.
 */
function povertyTypeFact(facts: HouseholdArchiveFacts): Discrepancy | null {
  const recorded = facts.povertyType;
  const values: FactValue[] = [
    { value: recorded, kind: 'HOUSEHOLD_RECORD', document: null, departmentCode: facts.recordingDepartmentCode, departmentId: facts.recordingDepartmentId, date: null, detail: `户籍档案登记的贫困户属性 (the household record)` },
  ];
  for (const document of facts.documents.filter((d) => d.povertyType !== null).sort(byDateThenId)) values.push(documentValue(document, document.povertyType!));
  for (const report of [...facts.reports].sort((a, b) => a.departmentCode.localeCompare(b.departmentCode) || a.sourceRecordId.localeCompare(b.sourceRecordId))) {
    const source = { kind: 'DEPARTMENT_REPORT' as const, document: null, departmentCode: report.departmentCode, departmentId: report.departmentId, date: null };
    if (report.povertyType !== null) values.push({ ...source, value: report.povertyType, detail: `${report.departmentCode} 报送 ${report.sourceRecordId}` });
    if (report.minimumAllowance === true) values.push({ ...source, value: 'MINIMUM_ALLOWANCE', detail: `${report.departmentCode} 报送享受低保 (minimumAllowance) ${report.sourceRecordId}` });
    if (report.minimumAllowance === false && recorded === 'MINIMUM_ALLOWANCE') {
      values.push({ ...source, value: 'NOT_MINIMUM_ALLOWANCE', detail: `${report.departmentCode} 报送不享受低保 (minimumAllowance false) ${report.sourceRecordId}` });
    }
  }
  if (facts.dibao) {
    const { dibao } = facts;
    const years = dibao.firstYear === dibao.lastYear ? `${dibao.firstYear}` : `${dibao.firstYear}–${dibao.lastYear}`;
    values.push({
      value: 'MINIMUM_ALLOWANCE', kind: 'SUBSIDIES', document: null, departmentCode: dibao.departmentCode, departmentId: dibao.departmentId, date: null,
      detail: `CIV_DIBAO 低保金 ${years} 年发放 ${dibao.payments} 笔 (minimum allowance paid)`,
    });
  }
  if (values.every((v) => v.value === recorded)) return null;
  return {
    fact: 'POVERTY_TYPE',
    values,
    betweenPaperAndElectronic: paperElectronic(values, unequal),
    explanation: `poverty type (贫困户属性) recorded as ${recorded}; sources state ${[...new Set(values.map((v) => v.value).filter((v) => v !== recorded))].join(', ')}`,
  };
}

/** The same fact across documents, the members on record and the departments (数实一致). */
export function assessConsistency(facts: HouseholdArchiveFacts, configuration: ArchiveConfiguration, today: string): Discrepancy[] {
  return [countFact('FAMILY_SIZE', facts, today), countFact('LABOUR_COUNT', facts, today), incomeFact(facts, configuration, today), povertyTypeFact(facts)].filter(
    (discrepancy): discrepancy is Discrepancy => discrepancy !== null,
  );
}
