import { inForceOn, type ArchiveConfiguration, type CatalogueVersionSpec } from './archive-configuration';
import { byDateThenId, type HouseholdArchiveFacts } from './archive-facts';
import { assessCompleteness, type CompletenessResult } from './completeness';
import { ARCHIVE_FACTS, assessConsistency, type ArchiveFactCode, type Discrepancy } from './consistency';
import { recomputeFourLooks, recomputeIncome, type FourLooksRecomputation, type IncomeRecomputation } from './recomputation';

export interface ArchiveReviewResult {
  householdId: number;
  /** The day judged: the catalogue version in force on it applies. */
  on: string;
  catalogue: CatalogueVersionSpec | null;
  /** Null when no catalogue version is in force on the day. */
  completeness: CompletenessResult | null;
  discrepancies: Discrepancy[];
  incomeRecomputations: IncomeRecomputation[];
  fourLooksRecomputations: FourLooksRecomputation[];
  /** Facts with a discrepancy, in ARCHIVE_FACTS order. */
  discrepantFacts: ArchiveFactCode[];
}

/** The whole review of one household's archive on a day: completeness, consistency and recomputation. */
export function reviewArchive(facts: HouseholdArchiveFacts, configuration: ArchiveConfiguration, on: string): ArchiveReviewResult {
  const catalogue = inForceOn(configuration.catalogueVersions, on);
  const completeness = catalogue === null ? null : assessCompleteness(catalogue, facts.status, facts.povertyType, facts.documents);
  const ordered = [...facts.documents].sort(byDateThenId);
  const incomeRecomputations = ordered.map((document) => recomputeIncome(document, configuration, on)).filter((r): r is IncomeRecomputation => r !== null);
  const fourLooksRecomputations = ordered.map((document) => recomputeFourLooks(document, configuration, on)).filter((r): r is FourLooksRecomputation => r !== null);
  const discrepancies = assessConsistency(facts, configuration, on);
  const incomeOff = incomeRecomputations.filter((r) => !r.withinTolerance);
  if (incomeOff.length > 0) {
    discrepancies.push({
      fact: 'INCOME_ARITHMETIC',
      values: incomeOff.flatMap((r) => [
        { value: r.recorded, kind: 'DOCUMENT' as const, document: r.document, departmentCode: null, departmentId: null, date: r.document.documentDate, detail: `${r.document.typeCode} ${r.document.name} 填报人均可支配收入 (recorded)` },
        { value: r.recomputed, kind: 'RECOMPUTED' as const, document: r.document, departmentCode: null, departmentId: null, date: r.document.documentDate, detail: `按收入构成与家庭人口数 ${r.familySize} 重新核算 (recomputed from the components)` },
      ]),
      betweenPaperAndElectronic: false,
      explanation: `per-capita income (人均可支配收入) on ${incomeOff.map((r) => r.document.typeCode).join(', ')} is not (wage + operating + property + transfer − production costs) / family size within the tolerance`,
    });
  }
  const scoreOff = fourLooksRecomputations.filter((r) => !r.withinTolerance);
  if (scoreOff.length > 0) {
    discrepancies.push({
      fact: 'FOUR_LOOKS_ARITHMETIC',
      values: scoreOff.flatMap((r) => [
        { value: r.recorded, kind: 'DOCUMENT' as const, document: r.document, departmentCode: null, departmentId: null, date: r.document.documentDate, detail: `${r.document.typeCode} ${r.document.name} 填报总分 (recorded)` },
        { value: r.recomputed, kind: 'RECOMPUTED' as const, document: r.document, departmentCode: null, departmentId: null, date: r.document.documentDate, detail: `按四项得分与权重重新计算 (recomputed: Σ score × weight)` },
      ]),
      betweenPaperAndElectronic: false,
      explanation: `"four looks" total (四看法总分) on ${scoreOff.map((r) => `${r.document.typeCode} ${r.recorded} vs ${r.recomputed}`).join(', ')} differs from Σ score × weight by more than the tolerance`,
    });
  }
  const found = new Set(discrepancies.map((d) => d.fact));
  return {
    householdId: facts.householdId,
    on,
    catalogue,
    completeness,
    discrepancies,
    incomeRecomputations,
    fourLooksRecomputations,
    discrepantFacts: ARCHIVE_FACTS.filter((fact) => found.has(fact)),
  };
}
