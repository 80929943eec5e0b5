import { Decimal } from 'decimal.js';
import { toHundredths } from '../../domain/money';
import { inForceOn, type ArchiveCheckSettingSpec, type ArchiveConfiguration } from './archive-configuration';
import type { DocumentFacts, FourLooksScores, IncomeComponents } from './archive-facts';

/**
 * Recomputation (重新核算) of what a sheet states from the figures on the same sheet: the income
 * accounting sheet's per-capita disposable income from its components, the "four looks" total from
 * its scores and the county's weights. Exact decimals throughout.
 */

export interface IncomeRecomputation {
  document: DocumentFacts;
  components: IncomeComponents;
  familySize: number;
  /** Household disposable income: wage + operating + property + transfer − production costs. */
  householdIncome: string;
  recorded: string;
  /** Household income / family size, rounded half-up to the fen. */
  recomputed: string;
  /** recorded − recomputed. */
  difference: string;
  tolerance: string;
  withinTolerance: boolean;
  /** The year of the sheet, whose poverty line the recomputed income is set against. */
  year: number | null;
  povertyLine: string | null;
  /** Whether the recomputed income is above that year's poverty line; null without a line. */
  abovePovertyLine: boolean | null;
}

export interface FourLooksRecomputation {
  document: DocumentFacts;
  scores: FourLooksScores;
  weights: ArchiveCheckSettingSpec['weights'];
  settingId: number;
  recorded: string;
  /** Σ score × weight, rounded half-up to 0.01. */
  recomputed: string;
  difference: string;
  tolerance: string;
  withinTolerance: boolean;
}

/**
 * The setting in force on a document's date; for an undated document, or one dated before the
 * first setting, the one in force on `today` (the county's settings start when it began keeping them).
 */
export function settingFor(configuration: ArchiveConfiguration, date: string | null, today: string): ArchiveCheckSettingSpec | null {
  return (date === null ? null : inForceOn(configuration.settings, date)) ?? inForceOn(configuration.settings, today);
}

export function recomputeIncome(document: DocumentFacts, configuration: ArchiveConfiguration, today: string): IncomeRecomputation | null {
  const components = document.incomeComponents;
  if (components === null || document.perCapitaIncome === null || document.familySize === null || document.familySize <= 0) return null;
  const householdIncome = new Decimal(components.wage).plus(components.operating).plus(components.property).plus(components.transfer).minus(components.productionCosts);
  const recomputed = toHundredths(householdIncome.dividedBy(document.familySize));
  const difference = new Decimal(document.perCapitaIncome).minus(recomputed);
  const tolerance = settingFor(configuration, document.documentDate, today)?.incomeTolerance ?? '0.00';
  const year = document.documentDate === null ? null : Number(document.documentDate.slice(0, 4));
  const povertyLine = year === null ? null : configuration.povertyLines.get(year) ?? null;
  return {
    document,
    components,
    familySize: document.familySize,
    householdIncome: householdIncome.toFixed(2),
    recorded: new Decimal(document.perCapitaIncome).toFixed(2),
    recomputed: recomputed.toFixed(2),
    difference: difference.toFixed(2),
    tolerance,
    withinTolerance: difference.abs().lte(tolerance),
    year,
    povertyLine,
    abovePovertyLine: povertyLine === null ? null : recomputed.gt(povertyLine),
  };
}

export function recomputeFourLooks(document: DocumentFacts, configuration: ArchiveConfiguration, today: string): FourLooksRecomputation | null {
  const scores = document.fourLooksScores;
  if (scores === null || document.fourLooksTotal === null) return null;
  const setting = settingFor(configuration, document.documentDate, today);
  if (setting === null) return null;
  const { weights } = setting;
  const recomputed = toHundredths(
    new Decimal(scores.house)
      .times(weights.house)
      .plus(new Decimal(scores.grain).times(weights.grain))
      .plus(new Decimal(scores.labour).times(weights.labour))
      .plus(new Decimal(scores.student).times(weights.student)),
  );
  const difference = new Decimal(document.fourLooksTotal).minus(recomputed);
  return {
    document,
    scores,
    weights,
    settingId: setting.id,
    recorded: new Decimal(document.fourLooksTotal).toFixed(2),
    recomputed: recomputed.toFixed(2),
    difference: difference.toFixed(2),
    tolerance: setting.scoreTolerance,
    withinTolerance: difference.abs().lte(setting.scoreTolerance),
  };
}
