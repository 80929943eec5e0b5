import type { Prisma, PrismaClient } from '../../generated/prisma/client';
import type { HouseholdStatus, LabourAbility, PovertyType } from '../../generated/prisma/enums';
import { arrayLiteral } from '../../db/sql-arrays';
import { chinaToday } from '../../domain/id-number';
import { regionPrefix } from '../../domain/region-code';
import { countRegionHouseholds, regionHouseholdChunks } from '../household/region-households';
import { catalogueOn, inForceOn, loadArchiveConfiguration, type ArchiveConfiguration } from './archive-configuration';
import { fourLooksScoresOf, incomeComponentsOf, type HouseholdArchiveFacts, type Medium, type ReportFacts } from './archive-facts';
import { reviewArchive, type ArchiveReviewResult } from './archive-review';

type Sql = Pick<PrismaClient, '$queryRawUnsafe' | '$executeRawUnsafe'>;

/** Households per transaction in a scan, as in the 多策合一 scan. */
export const ASSESSMENT_CHUNK = 1000;
const CHUNK_TRANSACTION = { maxWait: 60_000, timeout: 600_000 };

const POVERTY_TYPES = new Set(['GENERAL', 'MINIMUM_ALLOWANCE', 'EXTREME_POVERTY']);
const povertyTypeOf = (value: unknown): PovertyType | null => (typeof value === 'string' && POVERTY_TYPES.has(value) ? (value as PovertyType) : null);
const countOf = (value: unknown): number | null => (typeof value === 'number' && Number.isInteger(value) ? value : typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : null);

/**
 * What the archive checks read about a chunk of households, in five statements whatever its size:
 * households, documents, members, department reports and minimum-allowance payments.
 */
export async function readArchiveFacts(sql: Sql, householdIds: readonly number[]): Promise<HouseholdArchiveFacts[]> {
  if (householdIds.length === 0) return [];
  const ids = arrayLiteral([...householdIds]);
  const [households, documents, members, reports, dibao] = await Promise.all([
    sql.$queryRawUnsafe<Array<{ id: number; status: HouseholdStatus; poverty_type: PovertyType; department_id: number; code: string }>>(
      `SELECT h.id, h.status::text AS status, h.poverty_type::text AS poverty_type, h.department_id, d.code
         FROM household h JOIN department d ON d.id = h.department_id WHERE h.id = ANY($1::text::int[]) ORDER BY h.id`,
      ids,
    ),
    sql.$queryRawUnsafe<
      Array<{ id: number; household_id: number; type_code: string; name: string; medium: Medium; document_date: string | null; uniform_code: string | null; family_size: number | null; labour_count: number | null; per_capita_income: string | null; poverty_type: PovertyType | null; income_components: unknown; four_looks_scores: unknown; four_looks_total: string | null }>
    >(
      `SELECT a.id, a.household_id, a.type_code, t.name, t.medium::text AS medium, a.document_date::text AS document_date, a.uniform_code, a.family_size, a.labour_count,
              a.per_capita_income::text AS per_capita_income, a.poverty_type::text AS poverty_type, a.income_components, a.four_looks_scores, a.four_looks_total::text AS four_looks_total
         FROM archive_document a JOIN archive_document_type t ON t.code = a.type_code
        WHERE a.household_id = ANY($1::text::int[])`,
      ids,
    ),
    sql.$queryRawUnsafe<Array<{ id: number; household_id: number; labour_ability: LabourAbility | null; deceased_on: string | null }>>(
      `SELECT id, household_id, labour_ability::text AS labour_ability, deceased_on::text AS deceased_on FROM member WHERE household_id = ANY($1::text::int[]) AND merged_into_id IS NULL`,
      ids,
    ),
    sql.$queryRawUnsafe<Array<{ subject_id: number; department_id: number; code: string; source_record_id: string; values: unknown }>>(
      `SELECT r.subject_id, r.department_id, d.code, r.source_record_id, r."values"
         FROM department_report r JOIN department d ON d.id = r.department_id
        WHERE r.record_type = 'HOUSEHOLD' AND r.subject_id = ANY($1::text::int[])`,
      ids,
    ),
    sql.$queryRawUnsafe<Array<{ household_id: number; department_id: number; code: string; first_year: number; last_year: number; payments: number }>>(
      `SELECT s.household_id, s.department_id, d.code, min(s.year)::int AS first_year, max(s.year)::int AS last_year, count(*)::int AS payments
         FROM subsidy s JOIN program p ON p.id = s.program_id JOIN department d ON d.id = s.department_id
        WHERE p.code = 'CIV_DIBAO' AND s.state <> 'WITHDRAWN' AND s.household_id = ANY($1::text::int[])
        GROUP BY s.household_id, s.department_id, d.code ORDER BY s.household_id, d.code`,
      ids,
    ),
  ]);
  const facts = new Map<number, HouseholdArchiveFacts>();
  for (const row of households) {
    facts.set(Number(row.id), {
      householdId: Number(row.id),
      status: row.status,
      povertyType: row.poverty_type,
      recordingDepartmentCode: row.code,
      recordingDepartmentId: Number(row.department_id),
      documents: [],
      members: [],
      reports: [],
      dibao: null,
    });
  }
  for (const row of documents) {
    facts.get(Number(row.household_id))?.documents.push({
      id: Number(row.id),
      typeCode: row.type_code,
      name: row.name,
      medium: row.medium,
      documentDate: row.document_date,
      uniformCode: row.uniform_code,
      familySize: row.family_size === null ? null : Number(row.family_size),
      labourCount: row.labour_count === null ? null : Number(row.labour_count),
      perCapitaIncome: row.per_capita_income,
      povertyType: row.poverty_type,
      incomeComponents: incomeComponentsOf(row.income_components),
      fourLooksScores: fourLooksScoresOf(row.four_looks_scores),
      fourLooksTotal: row.four_looks_total,
    });
  }
  for (const row of members) facts.get(Number(row.household_id))?.members.push({ id: Number(row.id), labourAbility: row.labour_ability, deceasedOn: row.deceased_on });
  for (const row of reports) facts.get(Number(row.subject_id))?.reports.push(reportFacts(Number(row.department_id), row.code, row.source_record_id, row.values));
  for (const row of dibao) {
    const household = facts.get(Number(row.household_id));
    if (household && household.dibao === null) household.dibao = { departmentId: Number(row.department_id), departmentCode: row.code, firstYear: Number(row.first_year), lastYear: Number(row.last_year), payments: Number(row.payments) };
  }
  return [...facts.values()];
}

export function reportFacts(departmentId: number, departmentCode: string, sourceRecordId: string, json: unknown): ReportFacts {
  const values = (typeof json === 'string' ? JSON.parse(json) : json ?? {}) as Record<string, unknown>;
  return {
    departmentId,
    departmentCode,
    sourceRecordId,
    familySize: countOf(values.familySize),
    povertyType: povertyTypeOf(values.povertyType),
    minimumAllowance: typeof values.minimumAllowance === 'boolean' ? values.minimumAllowance : null,
  };
}

/** Writes the materialised results (archive_assessment), one upsert for the chunk. */
async function writeAssessments(sql: Sql, results: ArchiveReviewResult[]): Promise<void> {
  const rows = results.filter((result) => result.completeness !== null);
  if (rows.length === 0) return;
  const codes = (list: readonly string[]) => `{${list.join(',')}}`;
  await sql.$executeRawUnsafe(
    `INSERT INTO archive_assessment (household_id, catalogue_version_id, required_count, present_count, missing_codes, duplicated_codes, completeness, discrepant_facts, assessed_at)
     SELECT u.household_id, u.version_id, u.required_count, u.present_count, u.missing::text[], u.duplicated::text[], u.completeness::numeric, u.facts::text[], now()
       FROM unnest($1::text::int[], $2::text::int[], $3::text::int[], $4::text::int[], $5::text::text[], $6::text::text[], $7::text::text[], $8::text::text[])
         AS u(household_id, version_id, required_count, present_count, missing, duplicated, completeness, facts)
     ON CONFLICT (household_id) DO UPDATE
       SET catalogue_version_id = EXCLUDED.catalogue_version_id, required_count = EXCLUDED.required_count, present_count = EXCLUDED.present_count,
           missing_codes = EXCLUDED.missing_codes, duplicated_codes = EXCLUDED.duplicated_codes, completeness = EXCLUDED.completeness,
           discrepant_facts = EXCLUDED.discrepant_facts, assessed_at = EXCLUDED.assessed_at`,
    arrayLiteral(rows.map((r) => r.householdId)),
    arrayLiteral(rows.map((r) => r.completeness!.catalogueVersionId)),
    arrayLiteral(rows.map((r) => r.completeness!.requiredCount)),
    arrayLiteral(rows.map((r) => r.completeness!.presentCount)),
    arrayLiteral(rows.map((r) => codes(r.completeness!.missingCodes))),
    arrayLiteral(rows.map((r) => codes(r.completeness!.duplicatedCodes))),
    arrayLiteral(rows.map((r) => r.completeness!.completeness)),
    arrayLiteral(rows.map((r) => codes(r.discrepantFacts))),
  );
}

export interface AssessmentCounts {
  householdsAssessed: number;
  /** Households with a required item missing. */
  incomplete: number;
  /** Households with an item in too many copies. */
  duplicated: number;
  /** Households with at least one discrepancy. */
  inconsistent: number;
}

/** Reads, judges and writes one chunk, holding the households' row locks (as detection does). */
async function assessChunk(sql: Sql, householdIds: number[], configuration: ArchiveConfiguration, today: string, counts: AssessmentCounts): Promise<void> {
  if (householdIds.length === 0) return;
  await sql.$queryRawUnsafe(`SELECT id FROM household WHERE id = ANY($1::text::int[]) ORDER BY id FOR UPDATE`, arrayLiteral(householdIds));
  const results = (await readArchiveFacts(sql, householdIds)).map((facts) => reviewArchive(facts, configuration, today));
  await writeAssessments(sql, results);
  for (const result of results) {
    if (result.completeness === null) continue;
    counts.householdsAssessed++;
    if (result.completeness.missingCodes.length > 0) counts.incomplete++;
    if (result.completeness.duplicatedCodes.length > 0) counts.duplicated++;
    if (result.discrepantFacts.length > 0) counts.inconsistent++;
  }
}

/**
 * Re-assesses households inside the caller's transaction: a delivery, a status change. Loads the
 * dated configuration itself. Without a catalogue version in force today nothing is written (an
 * administrator must add one); a delivery is never refused for that.
 */
export async function assessArchivesInTransaction(tx: Prisma.TransactionClient, householdIds: Iterable<number>): Promise<void> {
  const ids = [...new Set(householdIds)].sort((a, b) => a - b);
  if (ids.length === 0) return;
  const configuration = await loadArchiveConfiguration(tx);
  const today = chinaToday();
  if (inForceOn(configuration.catalogueVersions, today) === null) return;
  const counts = emptyCounts();
  for (let from = 0; from < ids.length; from += ASSESSMENT_CHUNK) await assessChunk(tx, ids.slice(from, from + ASSESSMENT_CHUNK), configuration, today, counts);
}

export interface AssessmentProgress {
  householdsDone: number;
  householdsTotal: number;
}

export interface AssessmentScanResult extends AssessmentCounts {
  regionCode: string | null;
  catalogueVersion: number;
  assessedOn: string;
}

const emptyCounts = (): AssessmentCounts => ({ householdsAssessed: 0, incomplete: 0, duplicated: 0, inconsistent: 0 });

/** A scan of a region (档案核查): every household not merged into another, in chunks, each chunk one transaction. */
export class ArchiveAssessmentScan {
  constructor(private readonly prisma: PrismaClient) {}

  async scan(regionCode: string | null, onProgress?: (progress: AssessmentProgress) => void): Promise<AssessmentScanResult> {
    const prefix = regionCode === null ? '' : regionPrefix(regionCode);
    const configuration = await loadArchiveConfiguration(this.prisma);
    const today = chinaToday();
    const catalogue = catalogueOn(configuration, today);
    const count = await countRegionHouseholds(this.prisma, prefix);
    const counts = emptyCounts();
    let done = 0;
    onProgress?.({ householdsDone: 0, householdsTotal: count });
    for await (const ids of regionHouseholdChunks(this.prisma, prefix, ASSESSMENT_CHUNK)) {
      await this.prisma.$transaction((tx) => assessChunk(tx, ids, configuration, today, counts), CHUNK_TRANSACTION);
      done += ids.length;
      onProgress?.({ householdsDone: done, householdsTotal: count });
    }
    return { ...counts, regionCode, catalogueVersion: catalogue.version, assessedOn: today };
  }
}
