import type { HubDatabase } from '../../../src/db/database';
import { commandLineActor } from '../../../src/modules/auth/audit';
import { FindingDetection } from '../../../src/modules/findings/finding-detection';
import { startTestHub, type HubClient, type TestHub } from '../../support/hub-client';
import { createTestDatabase } from '../../support/test-database';
import { buildCounty, fen, LIST, OTHER_TOWNSHIP, TOWNSHIP, V1, yuan, type County, type ListedFinding } from './finding-fixture';

jest.setTimeout(300_000);

const TOTALS = `query ($filter: FindingFilter, $level: RegionBreakdownLevel) {
  findingTotals(filter: $filter) {
    count amountAtRisk amountRecovered
    byStatus { status count amountAtRisk amountRecovered }
    byRule { ruleCode ruleName rule { code name } count amountAtRisk }
    byDepartmentPair { first { code } second { code } count amountAtRisk }
    byRegion(level: $level) { regionCode region { code name level } count amountAtRisk }
  } }`;

interface Bucket {
  count: number;
  amountAtRisk: string;
}
interface Totals extends Bucket {
  amountRecovered: string;
  byStatus: Array<Bucket & { status: string; amountRecovered: string }>;
  byRule: Array<Bucket & { ruleCode: string; ruleName: string; rule: { code: string; name: string } }>;
  byDepartmentPair: Array<Bucket & { first: { code: string }; second: { code: string } }>;
  byRegion: Array<Bucket & { regionCode: string; region: { code: string; name: string; level: string } | null }>;
}

type Level = 'VILLAGE' | 'TOWNSHIP' | 'COUNTY';
const regionAt = (village: string, level: Level) => (level === 'VILLAGE' ? village : level === 'TOWNSHIP' ? `${village.slice(0, 9)}000` : `${village.slice(0, 6)}000000`);

/** The totals a list of findings should add up to, computed here from the listed findings themselves. */
function expectedTotals(findings: ListedFinding[], level: Level) {
  const bucket = <K extends string>(keyOf: (f: ListedFinding) => K[]) => {
    const buckets = new Map<K, { count: number; atRisk: number; recovered: number }>();
    for (const f of findings) {
      for (const key of keyOf(f)) {
        const b = buckets.get(key) ?? { count: 0, atRisk: 0, recovered: 0 };
        b.count++;
        b.atRisk += fen(f.amountAtRisk);
        b.recovered += f.amountRecovered === null ? 0 : fen(f.amountRecovered);
        buckets.set(key, b);
      }
    }
    return [...buckets].sort(([a], [b]) => (a < b ? -1 : 1)).map(([key, b]) => ({ key, count: b.count, amountAtRisk: yuan(b.atRisk), amountRecovered: yuan(b.recovered) }));
  };
  const pairs = (f: ListedFinding) => {
    const codes = f.departments.map((d) => d.code);
    if (codes.length === 1) return [`${codes[0]}+${codes[0]}`];
    return codes.flatMap((a, i) => codes.slice(i + 1).map((b) => [a, b].sort().join('+')));
  };
  const [overall] = bucket(() => ['all']);
  return {
    count: findings.length,
    amountAtRisk: overall?.amountAtRisk ?? '0.00',
    amountRecovered: overall?.amountRecovered ?? '0.00',
    byStatus: bucket((f) => [f.status]).map(({ key, count, amountAtRisk, amountRecovered }) => ({ status: key, count, amountAtRisk, amountRecovered })),
    byRule: bucket((f) => [f.rule.code]).map(({ key, count, amountAtRisk }) => ({ ruleCode: key, count, amountAtRisk })),
    byDepartmentPair: bucket(pairs).map(({ key, count, amountAtRisk }) => ({ pair: key, count, amountAtRisk })),
    byRegion: bucket((f) => [regionAt(f.household.region.code, level)]).map(({ key, count, amountAtRisk }) => ({ regionCode: key, count, amountAtRisk })),
  };
}

/** The answer in the same shape, in a stable order (status order is checked on its own). */
function normalised(totals: Totals) {
  return {
    count: totals.count,
    amountAtRisk: totals.amountAtRisk,
    amountRecovered: totals.amountRecovered,
    byStatus: [...totals.byStatus].sort((a, b) => (a.status < b.status ? -1 : 1)),
    byRule: totals.byRule.map(({ ruleCode, count, amountAtRisk }) => ({ ruleCode, count, amountAtRisk })),
    byDepartmentPair: totals.byDepartmentPair
      .map(({ first, second, count, amountAtRisk }) => ({ pair: [first.code, second.code].sort().join('+'), count, amountAtRisk }))
      .sort((a, b) => (a.pair < b.pair ? -1 : 1)),
    byRegion: totals.byRegion.map(({ regionCode, count, amountAtRisk }) => ({ regionCode, count, amountAtRisk })),
  };
}

describe('finding totals', () => {
  let db: HubDatabase;
  let hub: TestHub;
  let county: County;

  async function data<T>(client: HubClient, query: string, variables?: Record<string, unknown>): Promise<T> {
    const response = await client.send(query, variables);
    expect(response.errors).toBeUndefined();
    return response.data as T;
  }

  const list = async (filter: Record<string, unknown> | null, client: HubClient = hub) =>
    (await data<{ overlapFindings: { nodes: ListedFinding[] } }>(client, LIST, { filter, first: 100 })).overlapFindings.nodes;
  const totals = async (filter: Record<string, unknown> | null, level: Level = 'VILLAGE', client: HubClient = hub) =>
    (await data<{ findingTotals: Totals }>(client, TOTALS, { filter, level })).findingTotals;

  beforeAll(async () => {
    db = await createTestDatabase();
    county = await buildCounty(db);
    await new FindingDetection(db.prisma).scan(null, commandLineActor());
    hub = await startTestHub(db);
    // Spread the findings over several statuses, with a recovery.
    const byHousehold = async (key: string) => (await list({ householdNo: county.household[key].householdNo }))[0].id;
    const mutate = (query: string, input: Record<string, unknown>) => data(hub, query, { input });
    await mutate('mutation ($input: ConfirmFindingInput!) { confirmFinding(input: $input) { userErrors { code } } }', { id: await byHousehold('goat1') });
    await mutate('mutation ($input: RecordFindingRecoveryInput!) { recordFindingRecovery(input: $input) { userErrors { code } } }', { id: await byHousehold('goat1'), amount: '1234.56' });
    await mutate('mutation ($input: ConfirmFindingInput!) { confirmFinding(input: $input) { userErrors { code } } }', { id: await byHousehold('house3') });
    await mutate('mutation ($input: DismissFindingInput!) { dismissFinding(input: $input) { userErrors { code } } }', { id: await byHousehold('biogas4'), reason: 'allowed by policy' });
  });

  afterAll(async () => {
    await hub?.stop();
    await db?.close();
  });

  const filters: Array<[string, Record<string, unknown> | null]> = [
    ['no filter', null],
    ['a village', { regionCode: V1 }],
    ['a township', { regionCode: OTHER_TOWNSHIP }],
    ['a department', { department: 'AGRI' }],
    ['a rule', { ruleCode: 'DUP-INDUSTRY' }],
    ['statuses', { status: ['OPEN', 'RECOVERED'] }],
    ['a minimum amount', { minAmount: '2500.50' }],
    ['a household', { householdNo: '520524100003' }],
    ['nothing matching', { householdNo: '520524100007' }],
  ];

  it.each(filters)('add up to the listed findings for %s', async (_name, filter) => {
    const listed = await list(filter);
    for (const level of ['VILLAGE', 'TOWNSHIP', 'COUNTY'] as const) {
      expect(normalised(await totals(filter, level))).toEqual(expectedTotals(listed, level));
    }
  });

  it('covers several statuses, departments and regions, so the sums above mean something', async () => {
    const all = await list(null);
    expect(new Set(all.map((f) => f.status)).size).toBeGreaterThanOrEqual(4);
    expect(all.some((f) => f.departments.length === 1)).toBe(true);
    expect(all.some((f) => f.departments.length === 3)).toBe(true);
    expect(all.some((f) => f.amountRecovered !== null)).toBe(true);
  });

  it('names rules and regions, orders statuses by the lifecycle, and counts a three-department finding in each of its pairs', async () => {
    const answer = await totals(null, 'TOWNSHIP');
    const order = ['OPEN', 'CONFIRMED', 'DISMISSED', 'RECOVERED', 'CLOSED'];
    expect(answer.byStatus.map((b) => b.status)).toEqual(order.filter((s) => answer.byStatus.some((b) => b.status === s)));
    for (const rule of answer.byRule) expect(rule.rule).toEqual({ code: rule.ruleCode, name: rule.ruleName });
    const names = Object.fromEntries((await db.prisma.region.findMany()).map((r) => [r.code, r.name]));
    for (const bucket of answer.byRegion) expect(bucket.region).toEqual({ code: bucket.regionCode, name: names[bucket.regionCode], level: 'TOWNSHIP' });
    expect(answer.byRegion.map((b) => b.regionCode)).toEqual([TOWNSHIP, OTHER_TOWNSHIP]);

    const housing = (await list({ householdNo: county.household.house3.householdNo }))[0];
    const codes = housing.departments.map((d) => d.code);
    expect(codes).toHaveLength(3);
    const only = await totals({ householdNo: county.household.house3.householdNo });
    expect(only.byDepartmentPair.map((p) => [p.first.code, p.second.code].sort().join('+')).sort()).toEqual(
      [`${codes[0]}+${codes[1]}`, `${codes[0]}+${codes[2]}`, `${codes[1]}+${codes[2]}`].sort(),
    );
    for (const pair of only.byDepartmentPair) expect(pair).toEqual(expect.objectContaining({ count: 1, amountAtRisk: housing.amountAtRisk }));
    const single = await totals({ ruleCode: 'EXCL-DIBAO-TEKUN' });
    expect(single.byDepartmentPair.map((p) => [p.first.code, p.second.code])).toEqual([['CIVIL', 'CIVIL']]);
  });

  it('keeps a region-restricted key to its own region', async () => {
    const township = hub.as(await hub.createKey({ name: 'township auditor', role: 'AUDITOR', regionCode: TOWNSHIP }));
    const own = await list(null, township);
    expect(own.every((f) => f.household.region.code.startsWith(TOWNSHIP.slice(0, 9)))).toBe(true);
    expect(normalised(await totals(null, 'VILLAGE', township))).toEqual(expectedTotals(own, 'VILLAGE'));
    expect(normalised(await totals(null, 'COUNTY', township))).toEqual(expectedTotals(own, 'COUNTY'));
    const everything = await totals(null);
    expect((await totals(null, 'VILLAGE', township)).count).toBeLessThan(everything.count);
    const outside = await township.send(TOTALS, { filter: { regionCode: OTHER_TOWNSHIP } });
    expect(outside.errors?.map((e) => e.extensions?.code)).toEqual(['FORBIDDEN']);
  });

  it('runs only the breakdowns asked for', async () => {
    const { count, statements } = await db.statements.measure(() => hub.send('{ findingTotals { count amountAtRisk amountRecovered } }'), /\bapi_key\b/);
    expect(statements.filter((sql) => /GROUP BY/.test(sql))).toEqual([]);
    expect(statements.filter((sql) => /FROM finding f/.test(sql))).toHaveLength(1);
    expect(count).toBe(1);
  });
});
