import type { HubDatabase } from '../../../src/db/database';
import { utcDay } from '../../../src/domain/dates';
import { composeIdNumber } from '../../../src/domain/id-number';
import type { FindingStatus, HouseholdStatus, PovertyType, SubsidyState } from '../../../src/generated/prisma/enums';
import { createOtherTownship, createTownship } from '../../support/regions';

/**
 * A township built by hand for cadre accountability and region statistics: cadres, pairings and
 * visits; status histories, members, subsidies, findings and archive assessments. The tests
 * compute what the answers should be from these specs, not from totals written down here.
 */

export const COUNTY = '520524000000';
export const TOWNSHIP = '520524100000';
export const V1 = '520524100201';
export const V2 = '520524100202';
export const OTHER_TOWNSHIP = '520524200000';
export const V3 = '520524200201';

/** Settings in force: 60 days and 3 households from 2024-01-01, 30 days and 2 households from 2024-07-01. */
export const SETTINGS = [
  { effectiveFrom: '2024-01-01', visitIntervalDays: 60, maxHouseholdsPerCadre: 3 },
  { effectiveFrom: '2024-07-01', visitIntervalDays: 30, maxHouseholdsPerCadre: 2 },
];

export const CADRES = ['甲干部', '乙干部', '丙干部', '丁干部'] as const;
export type CadreName = (typeof CADRES)[number];

export interface PairingSpec {
  cadre: CadreName;
  start: string;
  end?: string;
}
export interface VisitSpec {
  cadre: CadreName;
  on: string;
}
export interface MemberSpec {
  deceasedOn?: string;
  merged?: boolean;
}
export interface SubsidySpec {
  program: string;
  amount: string;
  year: number;
  state: SubsidyState;
}
export interface AssessmentSpec {
  completeness: string;
  discrepantFacts: string[];
}
export interface HouseholdSpec {
  key: string;
  householdNo: string;
  regionCode: string;
  povertyType: PovertyType;
  /** Status history, oldest first; the household's current status is the last one (or `status`). */
  history: Array<[HouseholdStatus, string]>;
  status?: HouseholdStatus;
  identifiedOn?: string;
  /** Merged into this household (合并): counted as the one it became. */
  mergedInto?: string;
  pairings: PairingSpec[];
  visits: VisitSpec[];
  members: MemberSpec[];
  subsidies: SubsidySpec[];
  findings: Array<{ status: FindingStatus; amountAtRisk: string }>;
  assessment?: AssessmentSpec;
}

const alive = (n: number): MemberSpec[] => Array.from({ length: n }, () => ({}));

export const HOUSEHOLDS: HouseholdSpec[] = [
  {
    key: 'h1',
    householdNo: '520524100001',
    regionCode: V1,
    povertyType: 'GENERAL',
    history: [['IDENTIFIED', '2022-03-01'], ['ASSISTED', '2022-05-01'], ['EXITED', '2024-11-20']],
    pairings: [{ cadre: '甲干部', start: '2023-01-01' }],
    // Exactly 60 days before 2024-06-30: on time.
    visits: [{ cadre: '甲干部', on: '2024-05-01' }],
    members: [...alive(2), { deceasedOn: '2024-12-31' }, { deceasedOn: '2025-01-01' }],
    subsidies: [
      { program: 'POV_INDUSTRY_GOAT', amount: '5000.00', year: 2024, state: 'PAID' },
      { program: 'AGR_GOAT', amount: '3000.50', year: 2024, state: 'APPROVED' },
      { program: 'AGR_FARMLAND', amount: '120.33', year: 2024, state: 'APPLIED' },
      { program: 'AGR_FARMLAND', amount: '118.00', year: 2023, state: 'PAID' },
    ],
    findings: [{ status: 'OPEN', amountAtRisk: '3000.50' }, { status: 'DISMISSED', amountAtRisk: '99.00' }],
    assessment: { completeness: '100.00', discrepantFacts: [] },
  },
  {
    key: 'h2',
    householdNo: '520524100002',
    regionCode: V1,
    povertyType: 'MINIMUM_ALLOWANCE',
    history: [['IDENTIFIED', '2023-04-01'], ['ASSISTED', '2023-06-01']],
    pairings: [{ cadre: '甲干部', start: '2023-06-01' }],
    // 61 days before 2024-06-30: overdue; the visit after the reference date does not count.
    visits: [{ cadre: '甲干部', on: '2024-04-30' }, { cadre: '甲干部', on: '2024-07-10' }],
    members: [...alive(3), { merged: true }],
    subsidies: [
      { program: 'CIV_DIBAO', amount: '3600.00', year: 2024, state: 'PAID' },
      { program: 'CIV_DIBAO', amount: '300.00', year: 2024, state: 'WITHDRAWN' },
    ],
    findings: [{ status: 'CONFIRMED', amountAtRisk: '1200.25' }],
    assessment: { completeness: '80.00', discrepantFacts: ['FAMILY_SIZE'] },
  },
  {
    key: 'h3',
    householdNo: '520524100003',
    regionCode: V2,
    povertyType: 'GENERAL',
    history: [['IDENTIFIED', '2024-02-01']],
    pairings: [{ cadre: '甲干部', start: '2024-02-01' }],
    visits: [],
    members: alive(2),
    subsidies: [{ program: 'POV_HOUSING_RENOVATION', amount: '20000.00', year: 2024, state: 'PAID' }],
    findings: [{ status: 'RECOVERED', amountAtRisk: '500.00' }],
    assessment: { completeness: '90.50', discrepantFacts: [] },
  },
  {
    key: 'h4',
    householdNo: '520524100004',
    regionCode: V2,
    povertyType: 'EXTREME_POVERTY',
    history: [],
    status: 'ASSISTED',
    identifiedOn: '2023-09-01',
    pairings: [{ cadre: '甲干部', start: '2023-09-01' }],
    visits: [{ cadre: '甲干部', on: '2024-06-20' }, { cadre: '乙干部', on: '2024-06-25' }],
    members: alive(1),
    subsidies: [{ program: 'CIV_HOUSING', amount: '8000.00', year: 2024, state: 'APPROVED' }],
    findings: [],
  },
  {
    key: 'h5',
    householdNo: '520524100005',
    regionCode: V1,
    povertyType: 'GENERAL',
    history: [['IDENTIFIED', '2021-01-01'], ['ASSISTED', '2021-02-01'], ['REMOVED', '2023-10-01']],
    // Removed: neither overdue nor in any cadre's load, though still paired.
    pairings: [{ cadre: '乙干部', start: '2021-02-01' }],
    visits: [],
    members: alive(2),
    subsidies: [],
    findings: [],
  },
  {
    key: 'h6',
    householdNo: '520524100006',
    regionCode: V1,
    povertyType: 'GENERAL',
    history: [['IDENTIFIED', '2020-01-01'], ['ASSISTED', '2020-03-01'], ['EXITED', '2023-12-31'], ['MONITORED', '2024-01-15']],
    pairings: [{ cadre: '乙干部', start: '2020-03-01' }],
    visits: [{ cadre: '乙干部', on: '2024-06-01' }, { cadre: '乙干部', on: '2024-06-15' }],
    members: alive(4),
    subsidies: [{ program: 'AGR_FARMLAND', amount: '95.10', year: 2024, state: 'PAID' }],
    findings: [],
    assessment: { completeness: '100.00', discrepantFacts: ['PER_CAPITA_INCOME', 'LABOUR_COUNT'] },
  },
  {
    key: 'h7',
    householdNo: '520524100007',
    regionCode: V2,
    povertyType: 'MINIMUM_ALLOWANCE',
    history: [['IDENTIFIED', '2020-01-01'], ['ASSISTED', '2020-02-01'], ['EXITED', '2023-06-01'], ['RETURNED_TO_POVERTY', '2024-03-01']],
    pairings: [{ cadre: '乙干部', start: '2020-02-01' }],
    visits: [{ cadre: '乙干部', on: '2024-06-01' }],
    members: alive(3),
    subsidies: [],
    findings: [],
  },
  {
    key: 'h8',
    householdNo: '520524200008',
    regionCode: V3,
    povertyType: 'GENERAL',
    history: [['IDENTIFIED', '2024-03-01'], ['ASSISTED', '2024-04-01']],
    // The other township: in the cadre's load, outside the township's lists.
    pairings: [{ cadre: '乙干部', start: '2024-04-01' }],
    visits: [],
    members: alive(5),
    subsidies: [{ program: 'POV_INDUSTRY_GOAT', amount: '4444.44', year: 2024, state: 'PAID' }],
    findings: [{ status: 'OPEN', amountAtRisk: '4444.44' }],
    assessment: { completeness: '50.00', discrepantFacts: ['POVERTY_TYPE'] },
  },
  {
    key: 'h9',
    householdNo: '520524100009',
    regionCode: V1,
    povertyType: 'GENERAL',
    history: [['IDENTIFIED', '2022-01-01'], ['ASSISTED', '2022-02-01']],
    // The pairing ended before the reference date: not paired, so not overdue.
    pairings: [{ cadre: '甲干部', start: '2022-02-01', end: '2024-03-31' }],
    visits: [],
    members: alive(1),
    subsidies: [],
    findings: [],
  },
  {
    key: 'h10',
    householdNo: '520524100010',
    regionCode: V1,
    povertyType: 'GENERAL',
    history: [['IDENTIFIED', '2024-06-01'], ['ASSISTED', '2024-07-01']],
    // Paired from 2024-07-01 on only.
    pairings: [{ cadre: '丙干部', start: '2024-07-01' }],
    visits: [],
    members: alive(2),
    subsidies: [],
    findings: [],
  },
  {
    key: 'h11',
    householdNo: '520524100011',
    regionCode: V1,
    povertyType: 'EXTREME_POVERTY',
    history: [['IDENTIFIED', '2019-01-01'], ['ASSISTED', '2019-03-01']],
    pairings: [{ cadre: '丙干部', start: '2019-03-01' }, { cadre: '丁干部', start: '2019-03-01' }],
    visits: [{ cadre: '丁干部', on: '2024-03-01' }, { cadre: '丁干部', on: '2024-03-15' }, { cadre: '丙干部', on: '2023-12-31' }],
    members: alive(1),
    subsidies: [{ program: 'CIV_DIBAO', amount: '1800.01', year: 2024, state: 'PAID' }],
    findings: [],
  },
  {
    key: 'h12',
    householdNo: '520524100012',
    regionCode: V1,
    povertyType: 'GENERAL',
    history: [['IDENTIFIED', '2024-05-01']],
    mergedInto: 'h1',
    pairings: [{ cadre: '甲干部', start: '2024-05-01' }],
    visits: [],
    members: alive(2),
    subsidies: [],
    findings: [],
  },
];

export const currentStatus = (spec: HouseholdSpec): HouseholdStatus => spec.history[spec.history.length - 1]?.[0] ?? spec.status!;

export interface Built {
  householdId: Record<string, number>;
  cadreId: Record<CadreName, number>;
}

export async function buildTownship(db: HubDatabase): Promise<Built> {
  const prisma = db.prisma;
  await createTownship(prisma, { [V1]: '五星村', [V2]: '新华村' });
  await createOtherTownship(prisma);
  const template = await prisma.archiveCheckSetting.findFirstOrThrow({ orderBy: { effectiveFrom: 'asc' } });
  const { id: _id, createdAt: _createdAt, effectiveFrom: _from, ...weights } = template;
  for (const setting of SETTINGS) {
    await prisma.archiveCheckSetting.create({ data: { ...weights, ...setting, effectiveFrom: utcDay(setting.effectiveFrom), changeNote: 'test', createdBy: 'test' } });
  }
  const poverty = (await prisma.department.findUniqueOrThrow({ where: { code: 'POVERTY' } })).id;
  const programs = new Map((await prisma.program.findMany()).map((program) => [program.code, program]));
  const version = await prisma.policyRuleVersion.findFirstOrThrow({ where: { rule: { code: 'DUP-INDUSTRY' } }, orderBy: { version: 'desc' } });
  const catalogue = await prisma.archiveCatalogueVersion.findFirstOrThrow();
  const built: Built = { householdId: {}, cadreId: {} as Record<CadreName, number> };
  for (const name of CADRES) {
    built.cadreId[name] = (await prisma.cadre.create({ data: { name, organisation: '城关镇人民政府', departmentId: poverty, sourceRecordId: `C-${name}` } })).id;
  }
  let serial = 0;
  for (const spec of HOUSEHOLDS) {
    const household = await prisma.household.create({
      data: {
        householdNo: spec.householdNo,
        regionCode: spec.regionCode,
        povertyType: spec.povertyType,
        status: currentStatus(spec),
        identifiedOn: spec.identifiedOn ? utcDay(spec.identifiedOn) : spec.history[0] ? utcDay(spec.history[0][1]) : null,
        mergedIntoId: spec.mergedInto ? built.householdId[spec.mergedInto] : null,
        departmentId: poverty,
        sourceRecordId: `H-${spec.key}`,
      },
    });
    const id = household.id;
    built.householdId[spec.key] = id;
    for (const [k, [status, on]] of spec.history.entries()) {
      await prisma.householdStatusChange.create({
        data: { householdId: id, fromStatus: k === 0 ? null : spec.history[k - 1][0], toStatus: status, effectiveOn: utcDay(on), actor: 'test', departmentId: poverty, sourceRecordId: `S-${spec.key}-${k}` },
      });
    }
    for (const [k, member] of spec.members.entries()) {
      await prisma.member.create({
        data: {
          householdId: id,
          idNumber: composeIdNumber('520524', '1970-01-01', ++serial),
          name: `${spec.key}成员${k}`,
          relation: k === 0 ? 'HEAD' : 'CHILD',
          deceasedOn: member.deceasedOn ? utcDay(member.deceasedOn) : null,
          mergedIntoId: member.merged ? id : null,
          departmentId: poverty,
          sourceRecordId: `M-${spec.key}-${k}`,
        },
      });
    }
    for (const [k, pairing] of spec.pairings.entries()) {
      await prisma.pairing.create({
        data: { cadreId: built.cadreId[pairing.cadre], householdId: id, startDate: utcDay(pairing.start), endDate: pairing.end ? utcDay(pairing.end) : null, departmentId: poverty, sourceRecordId: `P-${spec.key}-${k}` },
      });
    }
    for (const [k, visit] of spec.visits.entries()) {
      await prisma.visit.create({ data: { cadreId: built.cadreId[visit.cadre], householdId: id, visitedOn: utcDay(visit.on), notes: '走访', departmentId: poverty, sourceRecordId: `V-${spec.key}-${k}` } });
    }
    for (const [k, subsidy] of spec.subsidies.entries()) {
      const program = programs.get(subsidy.program)!;
      await prisma.subsidy.create({
        data: {
          departmentId: program.departmentId,
          programId: program.id,
          householdId: id,
          amount: subsidy.amount,
          startDate: utcDay(`${subsidy.year}-03-01`),
          endDate: utcDay(`${subsidy.year}-03-01`),
          year: subsidy.year,
          state: subsidy.state,
          sourceRecordId: `SUB-${spec.key}-${k}`,
        },
      });
    }
    for (const [k, finding] of spec.findings.entries()) {
      await prisma.finding.create({
        data: {
          ruleId: version.ruleId,
          ruleVersionId: version.id,
          householdId: id,
          groupKey: `${spec.key}-${k}`,
          status: finding.status,
          amountAtRisk: finding.amountAtRisk,
          explanation: '测试',
          explanationEn: 'test',
          fingerprint: '',
        },
      });
    }
    if (spec.assessment) {
      await prisma.archiveAssessment.upsert({
        where: { householdId: id },
        create: {
          householdId: id,
          catalogueVersionId: catalogue.id,
          requiredCount: 10,
          presentCount: 10,
          missingCodes: [],
          duplicatedCodes: [],
          completeness: spec.assessment.completeness,
          discrepantFacts: spec.assessment.discrepantFacts,
        },
        update: { completeness: spec.assessment.completeness, discrepantFacts: spec.assessment.discrepantFacts },
      });
    }
  }
  return built;
}

/** Exact yuan text to fen and back, for sums in the tests. */
export { yuanToFen as fen, fenToYuan as yuan } from '../../../src/domain/money';
