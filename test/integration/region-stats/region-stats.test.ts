import type { HubDatabase } from '../../../src/db/database';
import { HouseholdStatus, PovertyType } from '../../../src/generated/prisma/enums';
import { RegionStatsDocument } from '../../generated/graphql';
import { startTestHub, type TestHub } from '../../support/hub-client';
import { createTestDatabase } from '../../support/test-database';
import { buildTownship, COUNTY, currentStatus, fen, HOUSEHOLDS, OTHER_TOWNSHIP, TOWNSHIP, V1, yuan, type HouseholdSpec } from './accountability-fixture';

jest.setTimeout(300_000);

let db: HubDatabase;
let hub: TestHub;
let categoryOf: Map<string, string>;
let departmentOf: Map<string, string>;

beforeAll(async () => {
  db = await createTestDatabase();
  await buildTownship(db);
  hub = await startTestHub(db);
  const programs = await db.prisma.program.findMany({ include: { department: true } });
  categoryOf = new Map(programs.map((program) => [program.code, program.categoryCode]));
  departmentOf = new Map(programs.map((program) => [program.code, program.department.code]));
});

afterAll(async () => {
  await hub?.stop();
  await db?.close();
});

const prefixOf = (code: string) => (code.endsWith('000000') ? code.slice(0, 6) : code.endsWith('000') ? code.slice(0, 9) : code);
/** Hundredths as text with two places. */
const hundredths = (value: number) => yuan(Math.round(value));

/** What regionStats should say, computed here from the specs the township was built from. */
function expectedStats(regionCode: string, year: number) {
  const end = `${year}-12-31`;
  const inRegion = HOUSEHOLDS.filter((spec) => spec.regionCode.startsWith(prefixOf(regionCode)));
  const households = inRegion.filter((spec) => !spec.mergedInto);
  const people = (spec: HouseholdSpec) => spec.members.filter((m) => !m.merged && (!m.deceasedOn || m.deceasedOn > end)).length;
  const headcount = <K extends string>(keyOf: (spec: HouseholdSpec) => K | null, order: K[]) => {
    const buckets = new Map<K | null, { households: number; people: number }>();
    for (const spec of households) {
      const key = keyOf(spec);
      const bucket = buckets.get(key) ?? { households: 0, people: 0 };
      bucket.households++;
      bucket.people += people(spec);
      buckets.set(key, bucket);
    }
    return { rows: order.filter((key) => buckets.has(key)).map((key) => ({ key, ...buckets.get(key)! })), none: buckets.get(null) ?? { households: 0, people: 0 } };
  };
  const statuses = Object.keys(HouseholdStatus) as HouseholdStatus[];
  const current = headcount(currentStatus, statuses).rows.map(({ key, ...rest }) => ({ status: key, ...rest }));
  const yearEnd = headcount((spec) => spec.history.filter(([, on]) => on <= end).pop()?.[0] ?? null, statuses);
  const identified = (spec: HouseholdSpec) => spec.history.find(([status]) => status === 'IDENTIFIED')?.[1] ?? spec.identifiedOn ?? null;
  const inYear = (on: string | null) => on !== null && on.startsWith(`${year}-`);
  const assessed = households.filter((spec) => spec.assessment);
  const share = (count: number) => (assessed.length === 0 ? null : hundredths((10000 * count) / assessed.length));
  const funds = (keyOf: (program: string) => string) => {
    const buckets = new Map<string, { count: number; amount: number; paid: number }>();
    for (const subsidy of inRegion.flatMap((spec) => spec.subsidies)) {
      if (subsidy.year !== year || (subsidy.state !== 'APPROVED' && subsidy.state !== 'PAID')) continue;
      const bucket = buckets.get(keyOf(subsidy.program)) ?? { count: 0, amount: 0, paid: 0 };
      bucket.count++;
      bucket.amount += fen(subsidy.amount);
      if (subsidy.state === 'PAID') bucket.paid += fen(subsidy.amount);
      buckets.set(keyOf(subsidy.program), bucket);
    }
    return [...buckets].sort(([a], [b]) => (a < b ? -1 : 1)).map(([code, b]) => ({ code, count: b.count, amount: yuan(b.amount), paid: yuan(b.paid) }));
  };
  const open = inRegion.flatMap((spec) => spec.findings).filter((finding) => finding.status === 'OPEN' || finding.status === 'CONFIRMED');
  return {
    year,
    households: households.length,
    people: households.reduce((total, spec) => total + people(spec), 0),
    byStatus: current,
    byStatusAtYearEnd: yearEnd.rows.map(({ key, ...rest }) => ({ status: key, ...rest })),
    notYetIdentifiedAtYearEnd: yearEnd.none,
    byPovertyType: headcount((spec) => spec.povertyType, Object.keys(PovertyType) as PovertyType[]).rows.map(({ key, ...rest }) => ({ povertyType: key, ...rest })),
    entries: households.filter((spec) => inYear(identified(spec))).length,
    exits: households.filter((spec) => spec.history.some(([status, on]) => status === 'EXITED' && inYear(on))).length,
    archiveQuality: {
      householdsAssessed: assessed.length,
      householdsNotAssessed: households.length - assessed.length,
      meanCompleteness: assessed.length === 0 ? null : hundredths(assessed.reduce((total, spec) => total + fen(spec.assessment!.completeness), 0) / assessed.length),
      completeShare: share(assessed.filter((spec) => fen(spec.assessment!.completeness) === 10000).length),
      consistentShare: share(assessed.filter((spec) => spec.assessment!.discrepantFacts.length === 0).length),
    },
    openFindings: { count: open.length, amountAtRisk: yuan(open.reduce((total, finding) => total + fen(finding.amountAtRisk), 0)) },
    fundsByDepartment: funds((program) => departmentOf.get(program)!),
    fundsByCategory: funds((program) => categoryOf.get(program)!),
  };
}

async function stats(regionCode: string, year: number) {
  const response = await hub.execute(RegionStatsDocument, { regionCode, year });
  expect(response.errors).toBeUndefined();
  const { region, fundsByDepartment, fundsByCategory, ...rest } = response.data!.regionStats;
  expect(region.code).toBe(regionCode);
  const sorted = <T extends { code: string }>(rows: T[]) => [...rows].sort((a, b) => (a.code < b.code ? -1 : 1));
  return {
    ...rest,
    fundsByDepartment: sorted(fundsByDepartment.map(({ department, ...figures }) => ({ code: department.code, ...figures }))),
    fundsByCategory: sorted(fundsByCategory.map(({ category, ...figures }) => ({ code: category.code, ...figures }))),
  };
}

describe('regionStats (区域统计)', () => {
  it.each([
    [TOWNSHIP, 2024],
    [TOWNSHIP, 2023],
    [V1, 2024],
    [COUNTY, 2024],
    [OTHER_TOWNSHIP, 2023],
  ])('adds up for %s in %i to what the rows say', async (regionCode, year) => {
    const expected = expectedStats(regionCode, year);
    expect(await stats(regionCode, year)).toEqual(expected);
  });

  it('tells the status at the end of a year from the status now', async () => {
    const figures = await stats(TOWNSHIP, 2023);
    const atYearEnd = Object.fromEntries(figures.byStatusAtYearEnd.map((row) => [row.status, row.households]));
    const now = Object.fromEntries(figures.byStatus.map((row) => [row.status, row.households]));
    // h6 exited on the last day of 2023 and is monitored now; h7 had exited by then and has returned to poverty since.
    expect(atYearEnd.EXITED).toBe(2);
    expect(now.EXITED).toBe(1);
    expect(now.MONITORED).toBe(1);
    expect(atYearEnd.MONITORED).toBeUndefined();
    // h3 and h10 were identified in 2024; h4 has no history at all.
    expect(figures.notYetIdentifiedAtYearEnd.households).toBe(3);
    expect(figures.entries).toBe(2);
    // A member who died on 2024-12-31 counts in 2023, not in 2024.
    expect((await stats(TOWNSHIP, 2023)).people - (await stats(TOWNSHIP, 2024)).people).toBe(1);
  });

  it("refuses a region outside the key's, wider or beside it, and takes one inside", async () => {
    const official = hub.as(await hub.createKey({ name: 'township official', role: 'OFFICIAL', regionCode: TOWNSHIP }));
    for (const regionCode of [COUNTY, OTHER_TOWNSHIP]) {
      const refused = await official.execute(RegionStatsDocument, { regionCode, year: 2024 });
      expect(refused.errors?.map((error) => error.extensions?.code)).toEqual(['FORBIDDEN']);
      expect(refused.data ?? null).toBeNull();
    }
    const village = await official.execute(RegionStatsDocument, { regionCode: V1, year: 2024 });
    expect(village.errors).toBeUndefined();
    expect(village.data!.regionStats.households).toBe(expectedStats(V1, 2024).households);
  });

  it('refuses an unknown region and a year out of range, naming the argument', async () => {
    const unknown = await hub.execute(RegionStatsDocument, { regionCode: '520524100299', year: 2024 });
    expect(unknown.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', argumentName: 'regionCode' });
    const year = await hub.execute(RegionStatsDocument, { regionCode: TOWNSHIP, year: 1999 });
    expect(year.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', argumentName: 'year' });
  });
});
