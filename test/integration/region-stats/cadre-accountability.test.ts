import type { HubDatabase } from '../../../src/db/database';
import { bucketVisitsByMonth } from '../../../src/modules/cadre-accountability/accountability-rules';
import { CadreVisitsByMonthDocument, HouseholdsWithoutVisitDocument, OverloadedCadresDocument } from '../../generated/graphql';
import { startTestHub, type TestHub } from '../../support/hub-client';
import { createTestDatabase } from '../../support/test-database';
import { buildTownship, CADRES, HOUSEHOLDS, OTHER_TOWNSHIP, TOWNSHIP, V3, type Built } from './accountability-fixture';

jest.setTimeout(300_000);

let db: HubDatabase;
let hub: TestHub;
let built: Built;

beforeAll(async () => {
  db = await createTestDatabase();
  built = await buildTownship(db);
  hub = await startTestHub(db);
});

afterAll(async () => {
  await hub?.stop();
  await db?.close();
});

const numberOf = (key: string) => HOUSEHOLDS.find((spec) => spec.key === key)!.householdNo;

async function overdue(variables: { regionCode?: string; days?: number; asOf?: string; first?: number; after?: string }) {
  const response = await hub.execute(HouseholdsWithoutVisitDocument, variables);
  expect(response.errors).toBeUndefined();
  return response.data!.householdsWithoutVisit;
}

describe('households without a visit (走访超期)', () => {
  it('lists paired households last visited more than the interval in force before the reference date, or never', async () => {
    const answer = await overdue({ regionCode: TOWNSHIP, asOf: '2024-06-30' });
    // h1 was visited exactly 60 days before: on time. h2 61 days before (its later visit comes after the date).
    // h5 is removed, h9's pairing ended, h10's begins later, h12 is merged into h1: none of them is listed.
    expect(answer.nodes).toEqual([
      { household: { householdNo: numberOf('h2'), region: { code: HOUSEHOLDS[1].regionCode } }, lastVisitOn: '2024-04-30', daysSinceLastVisit: 61, intervalDays: 60, cadres: [{ name: '甲干部' }] },
      { household: { householdNo: numberOf('h3'), region: { code: HOUSEHOLDS[2].regionCode } }, lastVisitOn: null, daysSinceLastVisit: null, intervalDays: 60, cadres: [{ name: '甲干部' }] },
      { household: { householdNo: numberOf('h11'), region: { code: HOUSEHOLDS[10].regionCode } }, lastVisitOn: '2024-03-15', daysSinceLastVisit: 107, intervalDays: 60, cadres: [{ name: '丙干部' }, { name: '丁干部' }] },
    ]);
    expect(answer.totalCount).toBe(3);
  });

  it('takes the interval from the setting in force on the reference date, or from `days`', async () => {
    const later = await overdue({ regionCode: TOWNSHIP, asOf: '2024-07-15' });
    // From 2024-07-01 the interval is 30 days: h6, visited exactly 30 days before, is on time; h2's July visit now counts.
    expect(later.nodes.map((node) => [node.household.householdNo, node.intervalDays])).toEqual(['h1', 'h3', 'h7', 'h10', 'h11'].map((key) => [numberOf(key), 30]));
    const explicit = await overdue({ regionCode: TOWNSHIP, asOf: '2024-06-30', days: 61 });
    expect(explicit.nodes.map((node) => [node.household.householdNo, node.intervalDays])).toEqual(['h3', 'h11'].map((key) => [numberOf(key), 61]));
  });

  it('covers the whole county for a whole-hub key, and pages by household', async () => {
    const all = await overdue({ asOf: '2024-06-30' });
    expect(all.nodes.map((node) => node.household.householdNo)).toEqual(['h2', 'h3', 'h8', 'h11'].map(numberOf));
    const first = await overdue({ asOf: '2024-06-30', first: 3 });
    expect(first.pageInfo.hasNextPage).toBe(true);
    const second = await overdue({ asOf: '2024-06-30', first: 3, after: first.pageInfo.endCursor! });
    expect([...first.nodes, ...second.nodes].map((node) => node.household.householdNo)).toEqual(all.nodes.map((node) => node.household.householdNo));
    expect(second.pageInfo.hasNextPage).toBe(false);
    expect(second.totalCount).toBe(4);
  });

  it('refuses a bad interval and a page too large, naming the argument', async () => {
    const response = await hub.execute(HouseholdsWithoutVisitDocument, { days: -1 });
    expect(response.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', argumentName: 'days' });
    const tooMany = await hub.execute(HouseholdsWithoutVisitDocument, { first: 101 });
    expect(tooMany.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', argumentName: 'first' });
    const early = await hub.execute(HouseholdsWithoutVisitDocument, { asOf: '2013-12-31' });
    expect(early.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', argumentName: 'asOf' });
  });
});

describe('overloaded cadres (帮扶户数超限)', () => {
  async function overloaded(regionCode: string | undefined, asOf: string) {
    const response = await hub.execute(OverloadedCadresDocument, { regionCode, asOf });
    expect(response.errors).toBeUndefined();
    return response.data!.overloadedCadres.nodes.map((node) => ({
      name: node.cadre.name,
      householdCount: node.householdCount,
      maximum: node.maximum,
      households: node.households.nodes.map((h) => h.householdNo),
      inRegion: node.households.totalCount,
    }));
  }

  it('judges each cadre against the maximum in force on the reference date', async () => {
    // Until 2024-06-30 the maximum is 3: 甲 has four households (h9's pairing ended; merged h12 does not count), 乙 exactly three (removed h5 does not count).
    expect(await overloaded(TOWNSHIP, '2024-06-30')).toEqual([{ name: '甲干部', householdCount: 4, maximum: 3, households: ['h1', 'h2', 'h3', 'h4'].map(numberOf), inRegion: 4 }]);
    // From 2024-07-01 the maximum is 2: 乙 is over it too, with one of the three in another township; 丙 reaches it exactly.
    expect(await overloaded(TOWNSHIP, '2024-07-15')).toEqual([
      { name: '甲干部', householdCount: 4, maximum: 2, households: ['h1', 'h2', 'h3', 'h4'].map(numberOf), inRegion: 4 },
      { name: '乙干部', householdCount: 3, maximum: 2, households: ['h6', 'h7'].map(numberOf), inRegion: 2 },
    ]);
    expect(await overloaded(V3, '2024-07-15')).toEqual([{ name: '乙干部', householdCount: 3, maximum: 2, households: [numberOf('h8')], inRegion: 1 }]);
  });

  it("pages through a cadre's households", async () => {
    const query = `query ($after: String) { overloadedCadres(regionCode: "${TOWNSHIP}", asOf: "2024-07-15") {
      nodes { cadre { name } households(first: 3, after: $after) { totalCount pageInfo { hasNextPage endCursor } nodes { householdNo } } } } }`;
    type Answer = { overloadedCadres: { nodes: Array<{ cadre: { name: string }; households: { totalCount: number; pageInfo: { hasNextPage: boolean; endCursor: string }; nodes: Array<{ householdNo: string }> } }> } };
    const first = (await hub.send(query)).data as Answer;
    const jia = first.overloadedCadres.nodes[0].households;
    expect(jia).toMatchObject({ totalCount: 4, pageInfo: { hasNextPage: true }, nodes: ['h1', 'h2', 'h3'].map((key) => ({ householdNo: numberOf(key) })) });
    expect(first.overloadedCadres.nodes[1].households).toMatchObject({ totalCount: 2, pageInfo: { hasNextPage: false } });
    const next = (await hub.send(query, { after: jia.pageInfo.endCursor })).data as Answer;
    expect(next.overloadedCadres.nodes[0].households).toMatchObject({ totalCount: 4, pageInfo: { hasNextPage: false }, nodes: [{ householdNo: numberOf('h4') }] });
  });
});

describe('visits per cadre per month (干部月度走访)', () => {
  const cadreName = (id: number) => CADRES.find((name) => built.cadreId[name] === id)!;

  it('counts visits and distinct households per cadre and month, as the rows say', async () => {
    const range = { from: '2024-03-01', to: '2024-07-31' };
    const visits = HOUSEHOLDS.filter((spec) => spec.regionCode.startsWith('520524100')).flatMap((spec) =>
      spec.visits.map((visit) => ({ cadreId: built.cadreId[visit.cadre], householdId: built.householdId[spec.key], visitedOn: visit.on })),
    );
    const expected = bucketVisitsByMonth(visits, range).map(({ cadreId, ...rest }) => ({ cadre: { name: cadreName(cadreId) }, ...rest }));
    expect(expected.find((row) => row.cadre.name === '乙干部' && row.month === '2024-06')).toEqual({ cadre: { name: '乙干部' }, month: '2024-06', visits: 4, households: 3 });

    const whole = await hub.execute(CadreVisitsByMonthDocument, { regionCode: TOWNSHIP, ...range });
    expect(whole.errors).toBeUndefined();
    expect(whole.data!.cadreVisitsByMonth.nodes).toEqual(expected);
    expect(whole.data!.cadreVisitsByMonth.totalCount).toBe(expected.length);

    const paged: unknown[] = [];
    let after: string | undefined;
    for (;;) {
      const page = await hub.execute(CadreVisitsByMonthDocument, { regionCode: TOWNSHIP, ...range, first: 2, after });
      expect(page.errors).toBeUndefined();
      paged.push(...page.data!.cadreVisitsByMonth.nodes);
      if (!page.data!.cadreVisitsByMonth.pageInfo.hasNextPage) break;
      after = page.data!.cadreVisitsByMonth.pageInfo.endCursor!;
    }
    expect(paged).toEqual(expected);
  });

  it('refuses more than 36 months and a reversed range, naming `to`', async () => {
    const long = await hub.execute(CadreVisitsByMonthDocument, { from: '2021-01-01', to: '2024-01-01' });
    expect(long.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', argumentName: 'to' });
    expect(long.errors?.[0].message).toMatch(/37 months/);
    const reversed = await hub.execute(CadreVisitsByMonthDocument, { from: '2024-02-01', to: '2024-01-01' });
    expect(reversed.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', argumentName: 'to' });
    const fits = await hub.execute(CadreVisitsByMonthDocument, { from: '2022-01-01', to: '2024-12-31' });
    expect(fits.errors).toBeUndefined();
  });
});

describe("the key's region", () => {
  it('narrows to the key and refuses a region outside it', async () => {
    const official = hub.as(await hub.createKey({ name: 'township official', role: 'OFFICIAL', regionCode: TOWNSHIP }));
    const own = await official.execute(HouseholdsWithoutVisitDocument, { asOf: '2024-06-30' });
    expect(own.data!.householdsWithoutVisit.nodes.map((node) => node.household.householdNo)).toEqual(['h2', 'h3', 'h11'].map(numberOf));
    for (const document of [HouseholdsWithoutVisitDocument, OverloadedCadresDocument] as const) {
      const outside = await official.execute(document as typeof HouseholdsWithoutVisitDocument, { regionCode: OTHER_TOWNSHIP, asOf: '2024-06-30' });
      expect(outside.errors?.map((error) => error.extensions?.code)).toEqual(['FORBIDDEN']);
      expect(outside.data ?? null).toBeNull();
    }
    const visits = await official.execute(CadreVisitsByMonthDocument, { regionCode: OTHER_TOWNSHIP, from: '2024-01-01', to: '2024-12-31' });
    expect(visits.errors?.map((error) => error.extensions?.code)).toEqual(['FORBIDDEN']);
    // 乙干部's household in the other township stays out of the township key's answer.
    const cadres = await official.execute(OverloadedCadresDocument, { asOf: '2024-07-15' });
    expect(JSON.stringify(cadres.data)).not.toContain(numberOf('h8'));
  });
});
