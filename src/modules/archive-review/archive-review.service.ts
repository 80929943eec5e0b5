import type { ArchiveCheckSetting as ArchiveCheckSettingRow, PovertyLine as PovertyLineRow, PrismaClient } from '../../generated/prisma/client';
import type { LabourAbility, PovertyType } from '../../generated/prisma/enums';
import { isoDate, utcDay } from '../../domain/dates';
import { chinaToday } from '../../domain/id-number';
import type { Loaders } from '../../graphql/context';
import { badUserInput } from '../../graphql/errors';
import { UserError } from '../../graphql/user-error.type';
import { ArchiveDocument } from '../archive/archive-document.type';
import type { Viewer } from '../auth/access';
import { regionWithinScope, registeredRegionWithinScope } from '../auth/access-control';
import { appendAuditEntries, type AuditActor } from '../auth/audit';
import type { Household } from '../household/household.type';
import { subjectKey } from '../ingest/ingest.loaders';
import { ArchiveAssessmentScan, reportFacts } from './archive-assessment';
import {
  checkCatalogueItems,
  checkNonNegative,
  checkPeriod,
  checkPositiveInteger,
  checkRequiredText,
  checkWeights,
  type CatalogueProblem,
} from './archive-catalogue-input';
import { catalogueVersionSpec, checkSettingSpec, inForceOn, loadArchiveConfiguration, VERSION_INCLUDE, type ArchiveConfiguration, type CatalogueVersionRow } from './archive-configuration';
import { fourLooksScoresOf, incomeComponentsOf, type DocumentFacts, type HouseholdArchiveFacts, type Medium } from './archive-facts';
import { reviewArchive } from './archive-review';
import { archiveRollup, type RollupLevel } from './archive-rollup';
import type { ArchiveFactCode } from './consistency';
import {
  ArchiveCatalogueItem,
  ArchiveCatalogueVersion,
  ArchiveCheckSetting,
  ArchiveCodeCount,
  ArchiveDiscrepancy,
  ArchiveFact,
  ArchiveFactSourceKind,
  ArchiveFactValue,
  ArchiveItemState,
  ArchiveRecomputation,
  ArchiveReview,
  ArchiveReviewItem,
  ArchiveRollup,
  ArchiveRollupHousehold,
  ArchiveRollupUnit,
  FourLooksWeights,
  PovertyLine,
  type AssessArchivesPayload,
  type CreateArchiveCatalogueVersionInput,
  type CreateArchiveCheckSettingInput,
  type SetPovertyLineInput,
} from './archive-review.type';

/** The record field each fact's values are, so income values are masked like perCapitaIncome. */
const FIELD_OF: Record<ArchiveFactCode, string> = {
  FAMILY_SIZE: 'familySize',
  LABOUR_COUNT: 'labourCount',
  PER_CAPITA_INCOME: 'perCapitaIncome',
  POVERTY_TYPE: 'povertyType',
  INCOME_ARITHMETIC: 'perCapitaIncome',
  FOUR_LOOKS_ARITHMETIC: 'fourLooksTotal',
};

const userError = (problem: CatalogueProblem) => Object.assign(new UserError(), problem);

function toCatalogueVersion(row: CatalogueVersionRow): ArchiveCatalogueVersion {
  const spec = catalogueVersionSpec(row);
  return Object.assign(new ArchiveCatalogueVersion(), {
    ...spec,
    changeNote: row.changeNote,
    createdBy: row.createdBy,
    items: spec.items.map((item) => Object.assign(new ArchiveCatalogueItem(), item)),
  });
}

function toSetting(row: ArchiveCheckSettingRow): ArchiveCheckSetting {
  const spec = checkSettingSpec(row);
  return Object.assign(new ArchiveCheckSetting(), { ...spec, weights: Object.assign(new FourLooksWeights(), spec.weights), changeNote: row.changeNote, createdBy: row.createdBy });
}

const toPovertyLine = (row: PovertyLineRow): PovertyLine => Object.assign(new PovertyLine(), { year: row.year, amount: row.amount.toFixed(2), source: row.source });

/**
 * The 一户一档 archive review for one request's key: the live review of a household, roll-ups and
 * scans within the key's region, and the dated configuration (catalogue versions, poverty lines,
 * check settings) with its administration, each write audited.
 */
export class ArchiveReviewService {
  private configuration?: Promise<ArchiveConfiguration>;
  private readonly versions = new Map<number, Promise<ArchiveCatalogueVersion | null>>();

  constructor(
    private readonly prisma: PrismaClient,
    private readonly loaders: Loaders,
    private readonly viewer: Viewer,
    private readonly actor: AuditActor,
  ) {}

  private loadConfiguration(): Promise<ArchiveConfiguration> {
    this.configuration ??= loadArchiveConfiguration(this.prisma);
    return this.configuration;
  }

  /** What the checks read about one household, from the request's loaders. */
  private async facts(household: Household): Promise<{ facts: HouseholdArchiveFacts; documents: ArchiveDocument[] }> {
    const [documents, members, reports, subsidies, recorder] = await Promise.all([
      this.loaders.documentsByHousehold.load(household.id),
      this.loaders.membersByHousehold.load(household.id),
      this.loaders.reportsBySubject.load(subjectKey('HOUSEHOLD', household.id)),
      this.loaders.subsidiesByHousehold.load(household.id),
      this.loaders.departmentById.load(household.departmentId),
    ]);
    const types = await this.loaders.documentTypeByCode.loadMany([...new Set(documents.map((d) => d.typeCode))]);
    const typeByCode = new Map(types.filter((t): t is Exclude<typeof t, Error | null> => t !== null && !(t instanceof Error)).map((t) => [t.code, t]));
    const programIds = [...new Set(subsidies.map((s) => s.programId))];
    const programs = await this.loaders.programById.loadMany(programIds);
    const dibaoProgram = programs.find((p) => p !== null && !(p instanceof Error) && p.code === 'CIV_DIBAO') as { id: number } | undefined;
    const dibao = dibaoProgram ? subsidies.filter((s) => s.programId === dibaoProgram.id && s.state !== 'WITHDRAWN') : [];
    const reportDepartments = await Promise.all([...reports.map((r) => r.departmentId), ...dibao.slice(0, 1).map((s) => s.departmentId)].map((id) => this.loaders.departmentById.load(id)));
    for (const document of documents) this.loaders.documentById.prime(document.id, document);
    const documentFacts: DocumentFacts[] = documents.map((document) => {
      const row = document as ArchiveDocument & { incomeComponents?: unknown; fourLooksScores?: unknown; fourLooksTotal?: { toFixed(dp: number): string } | null };
      return {
        id: document.id,
        typeCode: document.typeCode,
        name: typeByCode.get(document.typeCode)?.name ?? document.typeCode,
        medium: (typeByCode.get(document.typeCode)?.medium ?? 'PAPER') as Medium,
        documentDate: isoDate(document.documentDate),
        uniformCode: document.uniformCode,
        familySize: document.familySize,
        labourCount: document.labourCount,
        perCapitaIncome: document.perCapitaIncome === null ? null : document.perCapitaIncome.toFixed(2),
        povertyType: document.povertyType,
        incomeComponents: incomeComponentsOf(row.incomeComponents ?? null),
        fourLooksScores: fourLooksScoresOf(row.fourLooksScores ?? null),
        fourLooksTotal: row.fourLooksTotal === null || row.fourLooksTotal === undefined ? null : row.fourLooksTotal.toFixed(2),
      };
    });
    const facts: HouseholdArchiveFacts = {
      householdId: household.id,
      status: household.status,
      povertyType: household.povertyType,
      recordingDepartmentCode: recorder?.code ?? '',
      recordingDepartmentId: household.departmentId,
      documents: documentFacts,
      members: members.map((member) => ({ id: member.id, labourAbility: (member.labourAbility ?? null) as LabourAbility | null, deceasedOn: isoDate(member.deceasedOn) })),
      reports: reports.map((report, k) => reportFacts(report.departmentId, reportDepartments[k]?.code ?? '', report.sourceRecordId, report.values)),
      dibao:
        dibao.length === 0
          ? null
          : {
              departmentId: dibao[0].departmentId,
              departmentCode: reportDepartments[reports.length]?.code ?? '',
              firstYear: Math.min(...dibao.map((s) => s.year)),
              lastYear: Math.max(...dibao.map((s) => s.year)),
              payments: dibao.length,
            },
    };
    return { facts, documents };
  }

  /** The live review of a household's archive; null when no catalogue version is in force today. */
  async review(household: Household): Promise<ArchiveReview | null> {
    const [configuration, { facts }] = await Promise.all([this.loadConfiguration(), this.facts(household)]);
    const result = reviewArchive(facts, configuration, chinaToday());
    const completeness = result.completeness;
    if (completeness === null) return null;
    const householdId = household.id;
    return Object.assign(new ArchiveReview(), {
      householdId,
      catalogueVersionId: completeness.catalogueVersionId,
      uncataloguedIds: completeness.uncatalogued.map((d) => d.id),
      assessedOn: result.on,
      requiredCount: completeness.requiredCount,
      presentCount: completeness.presentCount,
      completeness: completeness.completeness,
      missingCodes: completeness.missingCodes,
      duplicatedCodes: completeness.duplicatedCodes,
      discrepantFacts: result.discrepantFacts as ArchiveFact[],
      items: completeness.items.map((review) =>
        Object.assign(new ArchiveReviewItem(), {
          householdId,
          documentIds: review.documents.map((d) => d.id),
          typeCode: review.item.typeCode,
          name: review.item.name,
          medium: review.item.medium,
          bindingOrder: review.item.bindingOrder,
          required: review.required,
          maxCopies: review.item.maxCopies,
          copies: review.copies,
          state: review.state as ArchiveItemState,
        }),
      ),
      discrepancies: result.discrepancies.map((discrepancy) =>
        Object.assign(new ArchiveDiscrepancy(), {
          fact: discrepancy.fact as ArchiveFact,
          explanation: discrepancy.explanation,
          betweenPaperAndElectronic: discrepancy.betweenPaperAndElectronic,
          values: discrepancy.values.map((value) =>
            Object.assign(new ArchiveFactValue(), {
              householdId,
              field: FIELD_OF[discrepancy.fact],
              documentId: value.document?.id ?? null,
              departmentId: value.departmentId,
              value: value.value,
              source: value.kind as ArchiveFactSourceKind,
              medium: value.document?.medium ?? null,
              date: value.date,
              detail: value.detail,
            }),
          ),
        }),
      ),
      recomputations: [
        ...result.incomeRecomputations.map((r) =>
          Object.assign(new ArchiveRecomputation(), {
            householdId,
            field: 'perCapitaIncome',
            documentId: r.document.id,
            fact: ArchiveFact.INCOME_ARITHMETIC,
            recorded: r.recorded,
            recomputed: r.recomputed,
            difference: r.difference,
            tolerance: r.tolerance,
            withinTolerance: r.withinTolerance,
            familySize: r.familySize,
            weights: null,
            year: r.year,
            povertyLine: r.povertyLine,
            abovePovertyLine: r.abovePovertyLine,
          }),
        ),
        ...result.fourLooksRecomputations.map((r) =>
          Object.assign(new ArchiveRecomputation(), {
            householdId,
            field: 'fourLooksTotal',
            documentId: r.document.id,
            fact: ArchiveFact.FOUR_LOOKS_ARITHMETIC,
            recorded: r.recorded,
            recomputed: r.recomputed,
            difference: r.difference,
            tolerance: r.tolerance,
            withinTolerance: r.withinTolerance,
            familySize: null,
            weights: Object.assign(new FourLooksWeights(), r.weights),
            year: null,
            povertyLine: null,
            abovePovertyLine: null,
          }),
        ),
      ],
    });
  }

  /** Roll-up of the stored assessments of a region within the key's own. */
  async rollup(regionCode: string | null | undefined, level: RollupLevel, worst: number): Promise<ArchiveRollup> {
    if (!Number.isInteger(worst) || worst < 0 || worst > 100) throw badUserInput('worst', 'give a number of units and households from 0 to 100');
    const prefix = await registeredRegionWithinScope(this.viewer, this.loaders, regionCode, 'regionCode');
    const rollup = await archiveRollup(this.prisma, prefix, prefix === '' ? '' : prefix.padEnd(12, '0'), level, worst);
    const unit = (figures: (typeof rollup)['total']) =>
      Object.assign(new ArchiveRollupUnit(), {
        ...figures,
        missingByItem: figures.missingByItem.map((c) => Object.assign(new ArchiveCodeCount(), c)),
        duplicatedByItem: figures.duplicatedByItem.map((c) => Object.assign(new ArchiveCodeCount(), c)),
        discrepanciesByFact: figures.discrepanciesByFact.map((c) => Object.assign(new ArchiveCodeCount(), c)),
      });
    return Object.assign(new ArchiveRollup(), {
      total: unit(rollup.total),
      units: rollup.units.map(unit),
      worstUnits: rollup.worstUnits.map(unit),
      worstHouseholds: rollup.worstHouseholds.map((h) => Object.assign(new ArchiveRollupHousehold(), h)),
    });
  }

  /** A scan of a region within the key's own (the key's whole region when none is given), audited. */
  async assess(regionCode: string | null | undefined): Promise<AssessArchivesPayload> {
    const prefix = regionWithinScope(this.viewer, regionCode, 'input.regionCode');
    const refused = (problem: CatalogueProblem): AssessArchivesPayload => ({ regionCode: regionCode ?? null, assessedOn: null, householdsAssessed: 0, incomplete: 0, duplicated: 0, inconsistent: 0, userErrors: [userError(problem)] });
    if (regionCode && !(await this.prisma.region.findUnique({ where: { code: regionCode }, select: { code: true } }))) {
      return refused({ field: ['input', 'regionCode'], code: 'UNKNOWN_REGION', message: `no region with code ${regionCode} is registered`, messageZh: `区划代码 ${regionCode} 未登记` });
    }
    const configuration = await this.loadConfiguration();
    if (inForceOn(configuration.catalogueVersions, chinaToday()) === null) {
      return refused({ field: ['input'], code: 'NO_CATALOGUE', message: 'no archive catalogue version is in force today: an administrator must add one', messageZh: '当前没有生效的档案目录版本，请管理员先添加' });
    }
    const region = prefix === '' ? null : prefix.padEnd(12, '0');
    const result = await new ArchiveAssessmentScan(this.prisma).scan(region);
    await appendAuditEntries(this.prisma, { ...this.actor, operation: this.actor.operation ?? 'assessArchives' }, 'ASSESS_ARCHIVES', new Map([[null, new Set(['ArchiveAssessment'])]]), {
      regionCode: region,
      householdsAssessed: result.householdsAssessed,
      catalogueVersion: result.catalogueVersion,
    });
    return { regionCode: region, assessedOn: result.assessedOn, householdsAssessed: result.householdsAssessed, incomplete: result.incomplete, duplicated: result.duplicated, inconsistent: result.inconsistent, userErrors: [] };
  }

  async catalogueOn(activeOn: string | null | undefined): Promise<ArchiveCatalogueVersion | null> {
    const configuration = await this.loadConfiguration();
    const version = inForceOn(configuration.catalogueVersions, activeOn ?? chinaToday());
    return version === null ? null : this.catalogueVersion(version.id);
  }

  /** By id, read once per request however many reviews name it. */
  catalogueVersion(id: number): Promise<ArchiveCatalogueVersion | null> {
    let version = this.versions.get(id);
    if (!version) {
      version = this.prisma.archiveCatalogueVersion.findUnique({ where: { id }, include: VERSION_INCLUDE }).then((row) => (row === null ? null : toCatalogueVersion(row)));
      this.versions.set(id, version);
    }
    return version;
  }

  async catalogueVersions(): Promise<ArchiveCatalogueVersion[]> {
    return (await this.prisma.archiveCatalogueVersion.findMany({ include: VERSION_INCLUDE, orderBy: { version: 'asc' } })).map(toCatalogueVersion);
  }

  async povertyLines(): Promise<PovertyLine[]> {
    return (await this.prisma.povertyLine.findMany({ orderBy: { year: 'asc' } })).map(toPovertyLine);
  }

  async checkSettings(): Promise<ArchiveCheckSetting[]> {
    return (await this.prisma.archiveCheckSetting.findMany({ orderBy: { effectiveFrom: 'asc' } })).map(toSetting);
  }

  /** A new catalogue version from a date; earlier versions are never edited. */
  async createCatalogueVersion(input: CreateArchiveCatalogueVersionInput): Promise<{ version: ArchiveCatalogueVersion } | { problems: CatalogueProblem[] }> {
    const types = await this.prisma.archiveDocumentType.findMany({ orderBy: { code: 'asc' } });
    const problems = [
      ...checkRequiredText(input.name, 'name'),
      ...checkPeriod(input.effectiveFrom, input.effectiveTo),
      ...checkCatalogueItems(input.items, types.map((t) => t.code)),
    ];
    if (problems.length > 0) return { problems };
    const typeByCode = new Map(types.map((t) => [t.code, t]));
    const created = await this.prisma.$transaction(async (tx) => {
      // Serialises version numbers between two administrators adding versions at once.
      await tx.$executeRawUnsafe(`LOCK TABLE archive_catalogue_version IN SHARE ROW EXCLUSIVE MODE`);
      const latest = await tx.archiveCatalogueVersion.aggregate({ _max: { version: true } });
      const row = await tx.archiveCatalogueVersion.create({
        data: {
          version: (latest._max.version ?? 0) + 1,
          name: input.name.trim(),
          effectiveFrom: utcDay(input.effectiveFrom),
          effectiveTo: input.effectiveTo ? utcDay(input.effectiveTo) : null,
          changeNote: input.changeNote.trim(),
          createdBy: this.actor.name,
          items: {
            create: input.items.map((item) => {
              const type = typeByCode.get(item.typeCode.trim().toUpperCase())!;
              return {
                typeCode: type.code,
                archiveCategory: type.archiveCategory,
                bindingOrder: item.bindingOrder ?? type.bindingOrder,
                requiredForStatuses: [...new Set(item.requiredForStatuses)],
                requiredForPovertyTypes: [...new Set(item.requiredForPovertyTypes ?? [])] as PovertyType[],
                maxCopies: item.maxCopies ?? null,
              };
            }),
          },
        },
        include: VERSION_INCLUDE,
      });
      await appendAuditEntries(tx, { ...this.actor, operation: this.actor.operation ?? 'createArchiveCatalogueVersion' }, 'EDIT_ARCHIVE_CATALOGUE', new Map([[null, new Set(['ArchiveCatalogueVersion'])]]), {
        version: row.version,
        effectiveFrom: input.effectiveFrom,
        items: row.items.length,
      });
      return row;
    });
    this.configuration = undefined;
    return { version: toCatalogueVersion(created) };
  }

  /** Sets (or replaces) the poverty line of a year. */
  async setPovertyLine(input: SetPovertyLineInput): Promise<{ line: PovertyLine } | { problems: CatalogueProblem[] }> {
    const amount = input.amount.toFixed(2);
    const problems: CatalogueProblem[] = [...checkRequiredText(input.source, 'source')];
    if (!Number.isInteger(input.year) || input.year < 2000 || input.year > 2100) problems.push({ field: ['input', 'year'], code: 'INVALID_VALUE', message: 'year must be from 2000 to 2100', messageZh: '年度须在 2000 至 2100 之间' });
    if (!(Number(amount) > 0)) problems.push({ field: ['input', 'amount'], code: 'INVALID_AMOUNT', message: 'amount must be more than 0', messageZh: '扶贫标准须大于 0' });
    if (problems.length > 0) return { problems };
    const row = await this.prisma.$transaction(async (tx) => {
      const before = await tx.povertyLine.findUnique({ where: { year: input.year } });
      const saved = await tx.povertyLine.upsert({ where: { year: input.year }, create: { year: input.year, amount, source: input.source.trim() }, update: { amount, source: input.source.trim() } });
      await appendAuditEntries(tx, { ...this.actor, operation: this.actor.operation ?? 'setPovertyLine' }, 'EDIT_ARCHIVE_SETTING', new Map([[null, new Set(['PovertyLine'])]]), {
        year: input.year,
        from: before?.amount.toFixed(2) ?? null,
        to: amount,
      });
      return saved;
    });
    this.configuration = undefined;
    return { line: toPovertyLine(row) };
  }

  /** A new dated check setting; what is left out is copied from the setting in force on its first day. */
  async createCheckSetting(input: CreateArchiveCheckSettingInput): Promise<{ setting: ArchiveCheckSetting } | { problems: CatalogueProblem[] }> {
    const incomeTolerance = input.incomeTolerance === null || input.incomeTolerance === undefined ? null : input.incomeTolerance.toFixed(2);
    const problems = [
      ...checkRequiredText(input.changeNote, 'changeNote'),
      ...checkPeriod(input.effectiveFrom, input.effectiveTo),
      ...checkWeights(input.weights),
      ...(incomeTolerance !== null && incomeTolerance.startsWith('-') ? [{ field: ['input', 'incomeTolerance'], code: 'INVALID_VALUE', message: 'incomeTolerance must be at least 0', messageZh: '收入容差不能为负' }] : []),
      ...checkNonNegative(input.scoreTolerance, 'scoreTolerance', 2),
      ...checkPositiveInteger(input.visitIntervalDays, 'visitIntervalDays'),
      ...checkPositiveInteger(input.maxHouseholdsPerCadre, 'maxHouseholdsPerCadre'),
    ];
    if (problems.length === 0 && (await this.prisma.archiveCheckSetting.findUnique({ where: { effectiveFrom: utcDay(input.effectiveFrom) } }))) {
      problems.push({ field: ['input', 'effectiveFrom'], code: 'DUPLICATE_DATE', message: `a setting already starts on ${input.effectiveFrom}`, messageZh: `${input.effectiveFrom} 已有生效的参数` });
    }
    const configuration = await this.loadConfiguration();
    const base = inForceOn(configuration.settings, input.effectiveFrom) ?? configuration.settings[configuration.settings.length - 1] ?? null;
    if (problems.length === 0 && base === null && (incomeTolerance === null || !input.scoreTolerance || !input.visitIntervalDays || !input.maxHouseholdsPerCadre)) {
      problems.push({ field: ['input'], code: 'REQUIRED', message: 'no setting to copy from: give incomeTolerance, scoreTolerance, visitIntervalDays and maxHouseholdsPerCadre', messageZh: '尚无可沿用的参数，请填写全部参数' });
    }
    if (problems.length > 0) return { problems };
    const row = await this.prisma.$transaction(async (tx) => {
      const saved = await tx.archiveCheckSetting.create({
        data: {
          effectiveFrom: utcDay(input.effectiveFrom),
          effectiveTo: input.effectiveTo ? utcDay(input.effectiveTo) : null,
          houseWeight: input.weights.house.trim(),
          grainWeight: input.weights.grain.trim(),
          labourWeight: input.weights.labour.trim(),
          studentWeight: input.weights.student.trim(),
          incomeTolerance: incomeTolerance ?? base!.incomeTolerance,
          scoreTolerance: input.scoreTolerance?.trim() ?? base!.scoreTolerance,
          visitIntervalDays: input.visitIntervalDays ?? base!.visitIntervalDays,
          maxHouseholdsPerCadre: input.maxHouseholdsPerCadre ?? base!.maxHouseholdsPerCadre,
          changeNote: input.changeNote.trim(),
          createdBy: this.actor.name,
        },
      });
      await appendAuditEntries(tx, { ...this.actor, operation: this.actor.operation ?? 'createArchiveCheckSetting' }, 'EDIT_ARCHIVE_SETTING', new Map([[null, new Set(['ArchiveCheckSetting'])]]), {
        effectiveFrom: input.effectiveFrom,
        weights: input.weights,
      });
      return saved;
    });
    this.configuration = undefined;
    return { setting: toSetting(row) };
  }
}
