import { Decimal } from 'decimal.js';
import { toHundredths } from '../../domain/money';
import type { HouseholdStatus, PovertyType } from '../../generated/prisma/enums';
import { byBindingOrder, type CatalogueItemSpec, type CatalogueVersionSpec } from './archive-configuration';
import { byDateThenId, type DocumentFacts } from './archive-facts';

/** Where one catalogue item stands in a household's archive (档案项目状态). */
export type ItemState = 'PRESENT' | 'MISSING' | 'DUPLICATED' | 'NOT_REQUIRED';

export interface ItemReview {
  item: CatalogueItemSpec;
  required: boolean;
  copies: number;
  state: ItemState;
  /** The item's documents, oldest first. */
  documents: DocumentFacts[];
}

export interface CompletenessResult {
  catalogueVersionId: number;
  /** Every item of the catalogue version, in binding order. */
  items: ItemReview[];
  requiredCount: number;
  presentCount: number;
  /** Required items present, in percent with two decimals (完整率); 100.00 when nothing is required. */
  completeness: string;
  missingCodes: string[];
  duplicatedCodes: string[];
  /** Documents of types the catalogue version does not list. */
  uncatalogued: DocumentFacts[];
}

export function isRequired(item: CatalogueItemSpec, status: HouseholdStatus, povertyType: PovertyType): boolean {
  return item.requiredForStatuses.includes(status) && (item.requiredForPovertyTypes.length === 0 || item.requiredForPovertyTypes.includes(povertyType));
}

/**
 * The archive against the catalogue version in force (缺项、重复、完整率): an item is present with one
 * document or more, missing when required and absent, duplicated with more copies than it allows
 * (a duplicated required item still counts as present).
 */
export function assessCompleteness(catalogue: CatalogueVersionSpec, status: HouseholdStatus, povertyType: PovertyType, documents: readonly DocumentFacts[]): CompletenessResult {
  const byType = new Map<string, DocumentFacts[]>();
  for (const document of documents) (byType.get(document.typeCode) ?? byType.set(document.typeCode, []).get(document.typeCode)!).push(document);
  const listed = new Set(catalogue.items.map((item) => item.typeCode));
  const items = [...catalogue.items]
    .sort(byBindingOrder)
    .map((item): ItemReview => {
      const found = [...(byType.get(item.typeCode) ?? [])].sort(byDateThenId);
      const required = isRequired(item, status, povertyType);
      const copies = found.length;
      const state: ItemState =
        item.maxCopies !== null && copies > item.maxCopies ? 'DUPLICATED' : copies > 0 ? 'PRESENT' : required ? 'MISSING' : 'NOT_REQUIRED';
      return { item, required, copies, state, documents: found };
    });
  const required = items.filter((review) => review.required);
  const present = required.filter((review) => review.copies > 0);
  return {
    catalogueVersionId: catalogue.id,
    items,
    requiredCount: required.length,
    presentCount: present.length,
    completeness: percent(present.length, required.length),
    missingCodes: required.filter((review) => review.copies === 0).map((review) => review.item.typeCode).sort(),
    duplicatedCodes: items.filter((review) => review.state === 'DUPLICATED').map((review) => review.item.typeCode).sort(),
    uncatalogued: documents.filter((document) => !listed.has(document.typeCode)).sort(byDateThenId),
  };
}

/** part / whole in percent, rounded half-up to two decimals; 100.00 for an empty whole. */
export function percent(part: number, whole: number): string {
  if (whole === 0) return '100.00';
  return toHundredths(new Decimal(part).times(100).dividedBy(whole)).toFixed(2);
}
