import type { HouseholdStatus, PovertyType } from '../../generated/prisma/enums';
import type { Prisma, PrismaClient } from '../../generated/prisma/client';

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

const iso = (date: Date | null): string | null => (date === null ? null : date.toISOString().slice(0, 10));

export async function loadArchiveConfiguration(db: Db): Promise<ArchiveConfiguration> {
  const [versions, settings, lines] = await Promise.all([
    db.archiveCatalogueVersion.findMany({ include: { items: { include: { type: true } } }, orderBy: { version: 'asc' } }),
    db.archiveCheckSetting.findMany({ orderBy: { effectiveFrom: 'asc' } }),
    db.povertyLine.findMany({ orderBy: { year: 'asc' } }),
  ]);
  return {
    catalogueVersions: versions.map((version) => ({
      id: version.id,
      version: version.version,
      name: version.name,
      effectiveFrom: iso(version.effectiveFrom)!,
      effectiveTo: iso(version.effectiveTo),
      items: version.items
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
        .sort((a, b) => a.bindingOrder - b.bindingOrder || a.typeCode.localeCompare(b.typeCode)),
    })),
    settings: settings.map((setting) => ({
      id: setting.id,
      effectiveFrom: iso(setting.effectiveFrom)!,
      effectiveTo: iso(setting.effectiveTo),
      weights: {
        house: setting.houseWeight.toFixed(4),
        grain: setting.grainWeight.toFixed(4),
        labour: setting.labourWeight.toFixed(4),
        student: setting.studentWeight.toFixed(4),
      },
      incomeTolerance: setting.incomeTolerance.toFixed(2),
      scoreTolerance: setting.scoreTolerance.toFixed(2),
      visitIntervalDays: setting.visitIntervalDays,
      maxHouseholdsPerCadre: setting.maxHouseholdsPerCadre,
    })),
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
