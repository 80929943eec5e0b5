import { isoDate } from '../../domain/dates';
import type { HouseholdStatus, PovertyType } from '../../generated/prisma/enums';
import type { ArchiveCheckSetting, Prisma, PrismaClient } from '../../generated/prisma/client';

type Db = PrismaClient | Prisma.TransactionClient;

/** Anything with an effective period (dates as YYYY-MM-DD, the end inclusive and optional). */
export interface Dated {
  effectiveFrom: string;
  effectiveTo: string | null;
}

/**
 * The entry in force on `date`: the latest to have started by then, provided it had not ended.
 * A later entry with an end date therefore retires the configuration after that day.
 */
export function inForceOn<T extends Dated>(entries: readonly T[], date: string): T | null {
  let latest: T | null = null;
  for (const entry of entries) if (entry.effectiveFrom <= date && (latest === null || entry.effectiveFrom > latest.effectiveFrom)) latest = entry;
  return latest && (latest.effectiveTo === null || latest.effectiveTo >= date) ? latest : null;
}

export interface CatalogueItemSpec {
  typeCode: string;
  name: string;
  medium: 'PAPER' | 'ELECTRONIC';
  archiveCategory: string;
  bindingOrder: number;
  requiredForStatuses: HouseholdStatus[];
  /** Empty: every poverty type. */
  requiredForPovertyTypes: PovertyType[];
  /** Null: any number of copies. */
  maxCopies: number | null;
}

export interface CatalogueVersionSpec extends Dated {
  id: number;
  version: number;
  name: string;
  /** In binding order. */
  items: CatalogueItemSpec[];
}

/** Archive-check settings (档案核查参数); money and weights as decimal strings. */
export interface ArchiveCheckSettingSpec extends Dated {
  id: number;
  weights: { house: string; grain: string; labour: string; student: string };
  incomeTolerance: string;
  scoreTolerance: string;
  visitIntervalDays: number;
  maxHouseholdsPerCadre: number;
}

/** Everything dated that the archive checks read, loaded once per run or request. */
export interface ArchiveConfiguration {
  catalogueVersions: CatalogueVersionSpec[];
  settings: ArchiveCheckSettingSpec[];
  /** Poverty line by year, yuan per person, as a decimal string. */
  povertyLines: Map<number, string>;
}

/** A catalogue version with its items and their document types, as read with VERSION_INCLUDE. */
export const VERSION_INCLUDE = { items: { include: { type: true } } } as const;
export type CatalogueVersionRow = Prisma.ArchiveCatalogueVersionGetPayload<{ include: typeof VERSION_INCLUDE }>;

/** Binding order (装订顺序), then type code. */
export const byBindingOrder = (a: { bindingOrder: number; typeCode: string }, b: { bindingOrder: number; typeCode: string }): number =>
  a.bindingOrder - b.bindingOrder || a.typeCode.localeCompare(b.typeCode);

export function catalogueVersionSpec(row: CatalogueVersionRow): CatalogueVersionSpec {
  return {
    id: row.id,
    version: row.version,
    name: row.name,
    effectiveFrom: isoDate(row.effectiveFrom)!,
    effectiveTo: isoDate(row.effectiveTo),
    items: row.items
      .map((item) => ({
        typeCode: item.typeCode,
        name: item.type.name,
        medium: item.type.medium,
        archiveCategory: item.archiveCategory,
        bindingOrder: item.bindingOrder,
        requiredForStatuses: item.requiredForStatuses,
        requiredForPovertyTypes: item.requiredForPovertyTypes,
        maxCopies: item.maxCopies,
      }))
      .sort(byBindingOrder),
  };
}

export function checkSettingSpec(row: ArchiveCheckSetting): ArchiveCheckSettingSpec {
  return {
    id: row.id,
    effectiveFrom: isoDate(row.effectiveFrom)!,
    effectiveTo: isoDate(row.effectiveTo),
    weights: {
      house: row.houseWeight.toFixed(4),
      grain: row.grainWeight.toFixed(4),
      labour: row.labourWeight.toFixed(4),
      student: row.studentWeight.toFixed(4),
    },
    incomeTolerance: row.incomeTolerance.toFixed(2),
    scoreTolerance: row.scoreTolerance.toFixed(2),
    visitIntervalDays: row.visitIntervalDays,
    maxHouseholdsPerCadre: row.maxHouseholdsPerCadre,
  };
}

export async function loadArchiveConfiguration(db: Db): Promise<ArchiveConfiguration> {
  const [versions, settings, lines] = await Promise.all([
    db.archiveCatalogueVersion.findMany({ include: VERSION_INCLUDE, orderBy: { version: 'asc' } }),
    db.archiveCheckSetting.findMany({ orderBy: { effectiveFrom: 'asc' } }),
    db.povertyLine.findMany({ orderBy: { year: 'asc' } }),
  ]);
  return {
    catalogueVersions: versions.map(catalogueVersionSpec),
    settings: settings.map(checkSettingSpec),
    povertyLines: new Map(lines.map((line) => [line.year, line.amount.toFixed(2)])),
  };
}

export class MissingConfigurationError extends Error {
  constructor(what: string, date: string) {
    super(`no ${what} is in force on ${date}: an administrator must add one`);
    this.name = 'MissingConfigurationError';
  }
}

export function catalogueOn(configuration: ArchiveConfiguration, date: string): CatalogueVersionSpec {
  const version = inForceOn(configuration.catalogueVersions, date);
  if (!version) throw new MissingConfigurationError('archive catalogue version (档案目录)', date);
  return version;
}

export function settingOn(configuration: ArchiveConfiguration, date: string): ArchiveCheckSettingSpec {
  const setting = inForceOn(configuration.settings, date);
  if (!setting) throw new MissingConfigurationError('archive-check setting (档案核查参数)', date);
  return setting;
}
