import type { HubDatabase } from '../../../src/db/database';
import { composeIdNumber } from '../../../src/domain/id-number';
import { createOtherTownship, createTownship } from '../../support/regions';

/**
 * A small county built by hand for the findings tests: two townships, households paid twice for
 * the same thing by different departments (and one that is not), so that detection raises real
 * findings from real subsidies.
 */

export const TOWNSHIP = '520524100000';
export const V1 = '520524100201';
export const V2 = '520524100202';
export const OTHER_TOWNSHIP = '520524200000';
export const V3 = '520524200201';

export interface SubsidySpec {
  key: string;
  program: string;
  amount: string;
  start: string;
  end: string;
  member?: string;
}

export interface HouseholdSpec {
  key: string;
  householdNo: string;
  regionCode: string;
  members?: string[];
  subsidies: SubsidySpec[];
  /** The rule codes detection must raise for the household. */
  expect: string[];
}

/** What detection should find, and why: one household per example of DOMAIN.md, plus a clean one. */
export const HOUSEHOLDS: HouseholdSpec[] = [
  {
    // 黑山羊 funded by the poverty office's industry fund and by agriculture's project, overlapping.
    key: 'goat1',
    householdNo: '520524100001',
    regionCode: V1,
    subsidies: [
      { key: 'goat1-pov', program: 'POV_INDUSTRY_GOAT', amount: '5000.00', start: '2023-01-01', end: '2023-12-31' },
      { key: 'goat1-agr', program: 'AGR_GOAT', amount: '3000.00', start: '2023-06-01', end: '2024-05-31' },
    ],
    expect: ['DUP-INDUSTRY'],
  },
  {
    key: 'goat2',
    householdNo: '520524100002',
    regionCode: V2,
    subsidies: [
      { key: 'goat2-pov', program: 'POV_INDUSTRY_GOAT', amount: '4000.00', start: '2023-03-01', end: '2023-12-31' },
      { key: 'goat2-agr', program: 'AGR_GOAT', amount: '2500.50', start: '2023-05-01', end: '2023-10-31' },
    ],
    expect: ['DUP-INDUSTRY'],
  },
  {
    // Housing renovation from three departments in one year.
    key: 'house3',
    householdNo: '520524100003',
    regionCode: V1,
    subsidies: [
      { key: 'house3-pov', program: 'POV_HOUSING_RENOVATION', amount: '20000.00', start: '2022-01-01', end: '2022-12-31' },
      { key: 'house3-civ', program: 'CIV_HOUSING', amount: '8000.00', start: '2022-04-01', end: '2022-09-30' },
      { key: 'house3-hsg', program: 'HSG_RENOVATION', amount: '6000.25', start: '2022-02-01', end: '2022-11-30' },
    ],
    expect: ['DUP-HOUSING'],
  },
  {
    // A biogas digester paid twice, years apart.
    key: 'biogas4',
    householdNo: '520524100004',
    regionCode: V2,
    subsidies: [
      { key: 'biogas4-pov', program: 'POV_BIOGAS', amount: '1500.00', start: '2019-05-01', end: '2019-05-01' },
      { key: 'biogas4-agr', program: 'AGR_BIOGAS', amount: '1200.00', start: '2021-06-01', end: '2021-06-01' },
    ],
    expect: ['ONCE-BIOGAS'],
  },
  {
    // 低保 and 特困供养 at the same time: one department, mutually exclusive programs.
    key: 'dibao5',
    householdNo: '520524100005',
    regionCode: V1,
    members: ['wang'],
    subsidies: [
      { key: 'dibao5-dibao', program: 'CIV_DIBAO', amount: '3600.00', start: '2023-01-01', end: '2023-12-31' },
      { key: 'dibao5-tekun', program: 'CIV_TEKUN', amount: '4200.00', start: '2023-07-01', end: '2023-12-31', member: 'wang' },
    ],
    expect: ['EXCL-DIBAO-TEKUN'],
  },
  {
    key: 'goat6',
    householdNo: '520524200006',
    regionCode: V3,
    subsidies: [
      { key: 'goat6-pov', program: 'POV_INDUSTRY_GOAT', amount: '5000.00', start: '2023-01-01', end: '2023-12-31' },
      { key: 'goat6-agr', program: 'AGR_GOAT', amount: '1999.99', start: '2023-02-01', end: '2023-08-31' },
    ],
    expect: ['DUP-INDUSTRY'],
  },
  {
    // Adjacent but not overlapping, and a renewal by the same department: nothing to find.
    key: 'clean7',
    householdNo: '520524100007',
    regionCode: V1,
    subsidies: [
      { key: 'clean7-pov', program: 'POV_INDUSTRY_GOAT', amount: '5000.00', start: '2022-01-01', end: '2022-12-31' },
      { key: 'clean7-pov2', program: 'POV_INDUSTRY_GOAT', amount: '5000.00', start: '2023-01-01', end: '2023-12-31' },
      { key: 'clean7-agr', program: 'AGR_GOAT', amount: '3000.00', start: '2024-01-01', end: '2024-12-31' },
    ],
    expect: [],
  },
];

export interface County {
  department: Record<string, number>;
  household: Record<string, { id: number; householdNo: string; regionCode: string }>;
  subsidy: Record<string, number>;
}

/** The regions, a housing bureau with its own renovation program, and the households above. */
export async function buildCounty(db: HubDatabase): Promise<County> {
  const prisma = db.prisma;
  await createTownship(prisma, { [V1]: '五星村', [V2]: '新华村' });
  await createOtherTownship(prisma);
  const housing = await prisma.department.create({ data: { code: 'HSG', name: '住房和城乡建设局', nameEn: 'Housing and urban-rural development bureau' } });
  await prisma.program.create({ data: { code: 'HSG_RENOVATION', name: '农村危房改造', departmentId: housing.id, categoryCode: 'HOUSING' } });
  const department = Object.fromEntries((await prisma.department.findMany()).map((row) => [row.code, row.id]));
  const programs = await prisma.program.findMany();
  const program = Object.fromEntries(programs.map((row) => [row.code, row]));
  const county: County = { department, household: {}, subsidy: {} };
  let sequence = 100;
  for (const spec of HOUSEHOLDS) {
    const household = await prisma.household.create({
      data: { householdNo: spec.householdNo, regionCode: spec.regionCode, povertyType: 'GENERAL', status: 'ASSISTED', departmentId: department.POVERTY, sourceRecordId: `FP-${spec.householdNo}` },
    });
    county.household[spec.key] = household;
    const members: Record<string, number> = {};
    for (const name of spec.members ?? []) {
      const member = await prisma.member.create({
        data: { householdId: household.id, idNumber: composeIdNumber('520524', '1950-01-01', sequence++), name, relation: 'HEAD', departmentId: department.POVERTY, sourceRecordId: `M-${sequence}` },
      });
      members[name] = member.id;
    }
    for (const s of spec.subsidies) {
      const row = await prisma.subsidy.create({
        data: {
          departmentId: program[s.program].departmentId,
          programId: program[s.program].id,
          householdId: household.id,
          memberId: s.member ? members[s.member] : null,
          amount: s.amount,
          startDate: new Date(`${s.start}T00:00:00Z`),
          endDate: new Date(`${s.end}T00:00:00Z`),
          year: Number(s.start.slice(0, 4)),
          state: 'PAID',
          paidOn: new Date(`${s.start}T00:00:00Z`),
          sourceRecordId: s.key,
        },
      });
      county.subsidy[s.key] = row.id;
    }
  }
  return county;
}

/** Every field of a finding the tests look at. */
export const FINDING_FIELDS = `id status severity amountAtRisk amountRecovered periodStart periodEnd explanation explanationEn raisedAt updatedAt closedAt
  rule { code name } ruleVersion { version name }
  household { householdNo region { code } }
  members { name }
  departments { code }
  assigneeDepartment { code }
  subsidies { id amount startDate endDate department { code } program { code } }
  history { kind fromStatus toStatus note amount department { code } actorName at }`;

export const LIST = `query ($filter: FindingFilter, $first: Int, $after: String) {
  overlapFindings(filter: $filter, first: $first, after: $after) {
    totalCount pageInfo { hasNextPage hasPreviousPage endCursor } nodes { ${FINDING_FIELDS} } } }`;

export interface ListedFinding {
  id: string;
  status: string;
  severity: string;
  amountAtRisk: string;
  amountRecovered: string | null;
  periodStart: string | null;
  periodEnd: string | null;
  explanation: string;
  explanationEn: string;
  raisedAt: string;
  updatedAt: string;
  closedAt: string | null;
  rule: { code: string; name: string };
  ruleVersion: { version: number; name: string };
  household: { householdNo: string; region: { code: string } };
  members: Array<{ name: string }>;
  departments: Array<{ code: string }>;
  assigneeDepartment: { code: string } | null;
  subsidies: Array<{ id: string; amount: string; startDate: string; endDate: string; department: { code: string }; program: { code: string } }>;
  history: Array<{ kind: string; fromStatus: string | null; toStatus: string | null; note: string; amount: string | null; department: { code: string } | null; actorName: string; at: string }>;
}

/** Exact yuan text to fen, for sums in the tests. */
export const fen = (yuan: string) => {
  const [whole, fraction = ''] = yuan.split('.');
  return Number(whole) * 100 + Number(fraction.padEnd(2, '0'));
};
export const yuan = (value: number) => `${Math.floor(value / 100)}.${String(value % 100).padStart(2, '0')}`;
