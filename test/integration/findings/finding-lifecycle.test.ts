import type { HubDatabase } from '../../../src/db/database';
import { toGlobalId } from '../../../src/graphql/relay/global-id';
import { KEY_LOOKUP, startTestHub, type HubClient, type TestHub } from '../../support/hub-client';
import { createTestDatabase } from '../../support/test-database';
import { buildCounty, FINDING_FIELDS, HOUSEHOLDS, LIST, OTHER_TOWNSHIP, TOWNSHIP, V1, type County, type ListedFinding } from './finding-fixture';

jest.setTimeout(300_000);

const WORK_RESULT = `finding { ${FINDING_FIELDS} } userErrors { field code message messageZh }`;
const CONFIRM = `mutation ($input: ConfirmFindingInput!) { confirmFinding(input: $input) { ${WORK_RESULT} } }`;
const DISMISS = `mutation ($input: DismissFindingInput!) { dismissFinding(input: $input) { ${WORK_RESULT} } }`;
const RECOVER = `mutation ($input: RecordFindingRecoveryInput!) { recordFindingRecovery(input: $input) { ${WORK_RESULT} } }`;
const ASSIGN = `mutation ($input: AssignFindingInput!) { assignFinding(input: $input) { ${WORK_RESULT} } }`;
const COMMENT = `mutation ($input: CommentOnFindingInput!) { commentOnFinding(input: $input) { ${WORK_RESULT} } }`;
const DETECT = `mutation ($input: DetectFindingsInput) { detectFindings(input: $input) {
  run { id trigger regionCode actorName householdsScanned subsidiesRead raised updated reopened closed startedAt finishedAt } userErrors { field code message } } }`;
const NODE = `query ($id: ID!) { node(id: $id) { id ... on Finding { status household { householdNo } } } }`;
const PROFILE = `query ($no: String!, $status: [FindingStatus!]) { household(householdNo: $no) { householdNo findings(status: $status) { id status rule { code } } } }`;

interface WorkPayload {
  finding: ListedFinding | null;
  userErrors: Array<{ field: string[]; code: string; message: string; messageZh: string | null }>;
}
interface Run {
  id: string;
  trigger: string;
  regionCode: string | null;
  actorName: string;
  householdsScanned: number;
  subsidiesRead: number;
  raised: number;
  updated: number;
  reopened: number;
  closed: number;
  startedAt: string;
  finishedAt: string | null;
}

interface Page<T> {
  totalCount: number;
  nodes: T[];
  pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean; endCursor: string | null };
}

const codes = (response: { errors?: ReadonlyArray<{ extensions?: Record<string, unknown> }> }) => (response.errors ?? []).map((error) => error.extensions?.code);

describe('多策合一 findings through GraphQL', () => {
  let db: HubDatabase;
  let hub: TestHub;
  let county: County;
  let auditorName: string;

  async function data<T>(client: HubClient, query: string, variables?: Record<string, unknown>): Promise<T> {
    const response = await client.send(query, variables);
    expect(response.errors).toBeUndefined();
    return response.data as T;
  }

  async function listAll(filter: Record<string, unknown> | null = null, client: HubClient = hub): Promise<ListedFinding[]> {
    const all: ListedFinding[] = [];
    let after: string | null = null;
    for (;;) {
      const { overlapFindings: page }: { overlapFindings: Page<ListedFinding> } = await data(client, LIST, { filter, first: 100, after });
      all.push(...page.nodes);
      if (!page.pageInfo.hasNextPage) return all;
      after = page.pageInfo.endCursor;
    }
  }

  async function findingOf(householdKey: string): Promise<ListedFinding> {
    const [finding, ...more] = await listAll({ householdNo: county.household[householdKey].householdNo });
    expect(more).toEqual([]);
    return finding;
  }

  async function work(mutation: string, input: Record<string, unknown>, client: HubClient = hub): Promise<WorkPayload> {
    const result = await data<Record<string, WorkPayload>>(client, mutation, { input });
    return Object.values(result)[0];
  }

  async function detect(input: Record<string, unknown> | null = null, client: HubClient = hub): Promise<Run> {
    const { detectFindings } = await data<{ detectFindings: { run: Run; userErrors: unknown[] } }>(client, DETECT, { input });
    expect(detectFindings.userErrors).toEqual([]);
    return detectFindings.run;
  }

  beforeAll(async () => {
    db = await createTestDatabase();
    county = await buildCounty(db);
    hub = await startTestHub(db);
    auditorName = 'test reader';
  });

  afterAll(async () => {
    await hub?.stop();
    await db?.close();
  });

  it('raises the conflicts of real subsidies on a scan, and a second scan changes nothing', async () => {
    const run = await detect();
    expect(run).toEqual(expect.objectContaining({ trigger: 'SCAN', regionCode: null, actorName: auditorName, householdsScanned: HOUSEHOLDS.length }));
    expect(run.subsidiesRead).toBe(HOUSEHOLDS.flatMap((h) => h.subsidies).length);
    expect(run.finishedAt).not.toBeNull();

    const found = await listAll();
    const expected = HOUSEHOLDS.flatMap((h) => h.expect.map((code) => `${h.householdNo} ${code}`)).sort();
    expect(found.map((f) => `${f.household.householdNo} ${f.rule.code}`).sort()).toEqual(expected);
    expect(run.raised).toBe(found.length);
    for (const finding of found) {
      expect(finding.status).toBe('OPEN');
      expect(finding.history.map((event) => [event.kind, event.toStatus])).toEqual([['RAISED', 'OPEN']]);
      expect(finding.subsidies.length).toBeGreaterThanOrEqual(2);
      // Every department named is one whose subsidy is in the finding.
      expect(finding.departments.map((d) => d.code)).toEqual([...new Set(finding.subsidies.map((s) => s.department.code))].sort());
      expect(finding.explanation).toMatch(/[\u4e00-\u9fff]/);
      expect(finding.explanationEn).toContain(finding.amountAtRisk);
      expect(finding.ruleVersion.version).toBe(1);
    }

    const again = await detect();
    expect(again).toEqual(expect.objectContaining({ raised: 0, updated: 0, reopened: 0, closed: 0, householdsScanned: HOUSEHOLDS.length }));
    expect(again.id).not.toBe(run.id);
    expect(await listAll()).toEqual(found);
  });

  it('names the subsidies, departments, members, overlapping period and exact amount at risk', async () => {
    const goat = await findingOf('goat1');
    expect(goat.rule.code).toBe('DUP-INDUSTRY');
    expect(goat.severity).toBe('HIGH');
    expect(goat.subsidies.map((s) => [s.program.code, s.department.code, s.amount, s.startDate, s.endDate])).toEqual([
      ['POV_INDUSTRY_GOAT', 'POVERTY', '5000.00', '2023-01-01', '2023-12-31'],
      ['AGR_GOAT', 'AGRI', '3000.00', '2023-06-01', '2024-05-31'],
    ]);
    expect([goat.periodStart, goat.periodEnd]).toEqual(['2023-06-01', '2023-12-31']);
    // What was paid beyond the larger funder: exact to the fen.
    const housing = await findingOf('house3');
    const amounts = housing.subsidies.map((s) => Number(s.amount.replace('.', '')));
    expect(housing.amountAtRisk).toBe(((amounts.reduce((a, b) => a + b, 0) - Math.max(...amounts)) / 100).toFixed(2));
    expect(housing.departments.map((d) => d.code)).toEqual(['CIVIL', 'HSG', 'POVERTY']);
    const dibao = await findingOf('dibao5');
    expect(dibao.members.map((m) => m.name)).toEqual(['wang']);
    expect(goat.members).toEqual([]);
  });

  it('filters by region, household, department, rule and amount', async () => {
    const all = await listAll();
    const same = (a: ListedFinding[], b: ListedFinding[]) => expect(a.map((f) => f.id)).toEqual(b.map((f) => f.id));
    same(await listAll({ regionCode: V1 }), all.filter((f) => f.household.region.code === V1));
    same(await listAll({ regionCode: OTHER_TOWNSHIP }), all.filter((f) => f.household.region.code.startsWith(OTHER_TOWNSHIP.slice(0, 9))));
    same(await listAll({ householdNo: county.household.goat2.householdNo }), all.filter((f) => f.household.householdNo === county.household.goat2.householdNo));
    same(await listAll({ department: 'agri' }), all.filter((f) => f.departments.some((d) => d.code === 'AGRI')));
    same(await listAll({ ruleCode: 'DUP-INDUSTRY' }), all.filter((f) => f.rule.code === 'DUP-INDUSTRY'));
    const threshold = all.map((f) => f.amountAtRisk).sort((a, b) => Number(a) - Number(b))[2];
    same(await listAll({ minAmount: threshold }), all.filter((f) => Number(f.amountAtRisk) >= Number(threshold)));
    same(await listAll({ department: 'AGRI', regionCode: V1 }), all.filter((f) => f.departments.some((d) => d.code === 'AGRI') && f.household.region.code === V1));
    for (const filter of [{ department: 'AGRI' }, { ruleCode: 'ONCE-BIOGAS' }, { regionCode: V1 }]) expect((await listAll(filter)).length).toBeGreaterThan(0);

    const unknown = await hub.send(LIST, { filter: { department: 'NOPE' } });
    expect(unknown.errors?.[0]).toEqual(expect.objectContaining({ message: expect.stringContaining('filter.department'), extensions: expect.objectContaining({ code: 'BAD_USER_INPUT' }) }));
    const badRule = await hub.send(LIST, { filter: { ruleCode: 'NO-SUCH-RULE' } });
    expect(codes(badRule)).toEqual(['BAD_USER_INPUT']);
    const badAmount = await hub.send(LIST, { filter: { minAmount: '12.345' } });
    expect(codes(badAmount)).toEqual(['BAD_USER_INPUT']);
  });

  it('pages newest first with a stable cursor and a total count', async () => {
    const all = await listAll();
    const seen: string[] = [];
    let after: string | null = null;
    for (;;) {
      const { overlapFindings: page }: { overlapFindings: Page<{ id: string }> } = await data(hub, LIST, { first: 2, after });
      expect(page.totalCount).toBe(all.length);
      expect(page.nodes.length).toBeLessThanOrEqual(2);
      expect(page.pageInfo.hasPreviousPage).toBe(after !== null);
      seen.push(...page.nodes.map((n) => n.id));
      if (!page.pageInfo.hasNextPage) break;
      after = page.pageInfo.endCursor;
    }
    expect(seen).toEqual(all.map((f) => f.id));
    const raisedOrder = all.map((f) => f.raisedAt);
    expect([...raisedOrder].sort().reverse()).toEqual(raisedOrder);
    expect(codes(await hub.send(LIST, { first: 101 }))).toEqual(['BAD_USER_INPUT']);
    expect(codes(await hub.send(LIST, { after: 'not-a-cursor' }))).toEqual(['BAD_USER_INPUT']);
  });

  it('reads a page of findings with one statement per field, whatever the page size', async () => {
    const all = await listAll();
    const { count, statements } = await db.statements.measure(() => hub.send(LIST, { first: 100 }), KEY_LOOKUP);
    for (const table of ['finding_event', 'finding_subsidy', 'subsidy', 'member', 'household', 'department', 'program', 'region']) {
      const reading = statements.filter((sql) => new RegExp(`FROM "public"\\."${table}"`).test(sql));
      expect({ table, statements: reading.length }).toEqual({ table, statements: 1 });
    }
    const single = await db.statements.measure(() => hub.send(LIST, { first: 1 }), KEY_LOOKUP);
    expect(all.length).toBeGreaterThan(4);
    expect(count).toBeLessThanOrEqual(single.count + 1);
  });

  it('confirms, refuses an excessive recovery, and records the recovery in the history and the audit log', async () => {
    const goat = await findingOf('goat1');
    const early = await work(RECOVER, { id: goat.id, amount: '1.00' });
    expect(early.finding).toBeNull();
    expect(early.userErrors).toEqual([expect.objectContaining({ field: ['input', 'id'], code: 'TRANSITION_NOT_ALLOWED' })]);

    const confirmed = await work(CONFIRM, { id: goat.id, note: '  checked with the village  ' });
    expect(confirmed.userErrors).toEqual([]);
    expect(confirmed.finding!.status).toBe('CONFIRMED');
    expect(confirmed.finding!.history.at(-1)).toEqual(expect.objectContaining({ kind: 'CONFIRMED', fromStatus: 'OPEN', toStatus: 'CONFIRMED', note: 'checked with the village', actorName: auditorName }));

    const atRiskFen = Number(goat.amountAtRisk.replace('.', ''));
    const tooMuch = await work(RECOVER, { id: goat.id, amount: ((atRiskFen + 1) / 100).toFixed(2) });
    expect(tooMuch.userErrors).toEqual([expect.objectContaining({ field: ['input', 'amount'], code: 'AMOUNT_ABOVE_AT_RISK', message: expect.stringContaining(goat.amountAtRisk) })]);
    const zero = await work(RECOVER, { id: goat.id, amount: '0' });
    expect(zero.userErrors).toEqual([expect.objectContaining({ field: ['input', 'amount'], code: 'AMOUNT_NOT_POSITIVE' })]);
    const fractional = await hub.send(RECOVER, { input: { id: goat.id, amount: 1000.5 } });
    expect(codes(fractional)).toEqual(['BAD_USER_INPUT']);

    const partial = ((atRiskFen - 1) / 100).toFixed(2);
    const recovered = await work(RECOVER, { id: goat.id, amount: partial, note: 'receipt 2024-017' });
    expect(recovered.userErrors).toEqual([]);
    expect(recovered.finding).toEqual(expect.objectContaining({ status: 'RECOVERED', amountRecovered: partial, amountAtRisk: goat.amountAtRisk }));
    expect(recovered.finding!.history.map((e) => [e.kind, e.fromStatus, e.toStatus, e.amount])).toEqual([
      ['RAISED', null, 'OPEN', null],
      ['CONFIRMED', 'OPEN', 'CONFIRMED', null],
      ['RECOVERED', 'CONFIRMED', 'RECOVERED', partial],
    ]);
    expect(recovered.finding!.history.at(-1)!.note).toBe('receipt 2024-017');

    const again = await work(RECOVER, { id: goat.id, amount: '1.00' });
    expect(again.userErrors[0].code).toBe('TRANSITION_NOT_ALLOWED');
    const audit = await db.prisma.auditEntry.findMany({ where: { action: 'WORK_FINDING', householdId: county.household.goat1.id }, orderBy: { id: 'asc' } });
    expect(audit.map((entry) => (entry.detail as { action: string }).action)).toEqual(['CONFIRM', 'RECOVER']);
    expect(audit.every((entry) => entry.actor === auditorName && entry.requestId !== null)).toBe(true);
  });

  it('refuses a dismissal without a reason and writes nothing; keeps a dismissed finding dismissed on a rescan until its subsidies change', async () => {
    const goat = await findingOf('goat2');
    const before = await db.prisma.findingEvent.count();
    for (const reason of ['', '   ']) {
      const refused = await work(DISMISS, { id: goat.id, reason });
      expect(refused.finding).toBeNull();
      expect(refused.userErrors).toEqual([expect.objectContaining({ field: ['input', 'reason'], code: 'REASON_REQUIRED', messageZh: expect.stringContaining('理由') })]);
    }
    expect(await db.prisma.findingEvent.count()).toBe(before);
    expect((await findingOf('goat2')).status).toBe('OPEN');

    const dismissed = await work(DISMISS, { id: goat.id, reason: 'allowed by policy: the goat project was co-funded by design' });
    expect(dismissed.finding!.status).toBe('DISMISSED');
    expect(dismissed.finding!.history.at(-1)).toEqual(expect.objectContaining({ kind: 'DISMISSED', fromStatus: 'OPEN', toStatus: 'DISMISSED', note: 'allowed by policy: the goat project was co-funded by design' }));
    const confirm = await work(CONFIRM, { id: goat.id });
    expect(confirm.userErrors).toEqual([expect.objectContaining({ field: ['input', 'id'], code: 'TRANSITION_NOT_ALLOWED', message: expect.stringContaining('DISMISSED') })]);

    const rescan = await detect();
    expect(rescan.reopened).toBe(0);
    expect((await findingOf('goat2')).status).toBe('DISMISSED');

    // The agriculture bureau corrects its payment: the finding is reopened with the change in its history.
    await db.prisma.$executeRawUnsafe(`UPDATE subsidy SET amount = 2600.00, version = version + 1 WHERE id = $1`, county.subsidy['goat2-agr']);
    const afterChange = await detect();
    expect(afterChange.reopened).toBe(1);
    const reopened = await findingOf('goat2');
    expect(reopened.status).toBe('OPEN');
    expect(reopened.amountAtRisk).toBe('2600.00');
    expect(reopened.history.at(-1)).toEqual(expect.objectContaining({ kind: 'REOPENED', fromStatus: 'DISMISSED', toStatus: 'OPEN', note: expect.stringContaining('corrected') }));
  });

  it('closes an open finding whose subsidy is withdrawn, with the reason, and then refuses any action on it', async () => {
    const biogas = await findingOf('biogas4');
    expect(biogas.status).toBe('OPEN');
    await db.prisma.$executeRawUnsafe(`UPDATE subsidy SET state = 'WITHDRAWN', version = version + 1 WHERE id = $1`, county.subsidy['biogas4-agr']);
    const run = await detect({ regionCode: biogas.household.region.code });
    expect(run).toEqual(expect.objectContaining({ regionCode: biogas.household.region.code, closed: 1, raised: 0 }));
    expect(run.householdsScanned).toBe(HOUSEHOLDS.filter((h) => h.regionCode === biogas.household.region.code).length);
    const closed = await findingOf('biogas4');
    expect(closed.status).toBe('CLOSED');
    expect(closed.closedAt).not.toBeNull();
    expect(closed.history.at(-1)).toEqual(expect.objectContaining({ kind: 'CLOSED', fromStatus: 'OPEN', toStatus: 'CLOSED', note: expect.stringContaining('withdrawn') }));

    for (const [mutation, input] of [
      [CONFIRM, {}],
      [DISMISS, { reason: 'no longer relevant' }],
      [ASSIGN, { department: 'AGRI' }],
      [COMMENT, { comment: 'seen' }],
    ] as const) {
      const refused = await work(mutation, { id: closed.id, ...input });
      expect(refused.userErrors).toEqual([expect.objectContaining({ field: ['input', 'id'], code: 'FINDING_CLOSED' })]);
    }
    expect((await findingOf('biogas4')).history).toEqual(closed.history);
  });

  it('updates a finding when one of several departments withdraws, keeping it open', async () => {
    const housing = await findingOf('house3');
    await db.prisma.$executeRawUnsafe(`UPDATE subsidy SET state = 'WITHDRAWN', version = version + 1 WHERE id = $1`, county.subsidy['house3-civ']);
    const run = await detect();
    expect(run).toEqual(expect.objectContaining({ updated: 1, closed: 0, reopened: 0, raised: 0 }));
    const updated = await findingOf('house3');
    expect(updated.id).toBe(housing.id);
    expect(updated.status).toBe('OPEN');
    expect(updated.departments.map((d) => d.code)).toEqual(['HSG', 'POVERTY']);
    const amounts = updated.subsidies.map((s) => Number(s.amount.replace('.', '')));
    expect(updated.amountAtRisk).toBe(((amounts.reduce((a, b) => a + b, 0) - Math.max(...amounts)) / 100).toFixed(2));
    expect(updated.history.at(-1)!.kind).toBe('UPDATED');
  });

  it('assigns and comments, keeping both in the history', async () => {
    const dibao = await findingOf('dibao5');
    const assigned = await work(ASSIGN, { id: dibao.id, department: 'civil' });
    expect(assigned.finding!.assigneeDepartment).toEqual({ code: 'CIVIL' });
    expect(assigned.finding!.status).toBe('OPEN');
    expect(assigned.finding!.history.at(-1)).toEqual(expect.objectContaining({ kind: 'ASSIGNED', fromStatus: null, toStatus: null, department: { code: 'CIVIL' } }));
    const unknown = await work(ASSIGN, { id: dibao.id, department: 'NOPE' });
    expect(unknown.userErrors).toEqual([expect.objectContaining({ field: ['input', 'department'], code: 'UNKNOWN_DEPARTMENT' })]);
    const blank = await work(COMMENT, { id: dibao.id, comment: ' ' });
    expect(blank.userErrors).toEqual([expect.objectContaining({ field: ['input', 'comment'], code: 'COMMENT_REQUIRED' })]);
    const commented = await work(COMMENT, { id: dibao.id, comment: '民政局已核实：特困供养自7月起' });
    expect(commented.finding!.history.map((e) => e.kind)).toEqual(['RAISED', 'ASSIGNED', 'COMMENTED']);
    expect(commented.finding!.history.at(-1)!.note).toBe('民政局已核实：特困供养自7月起');
    expect(commented.finding!.assigneeDepartment).toEqual({ code: 'CIVIL' });
  });

  it('lets only one of two auditors move the same finding', async () => {
    const dibao = await findingOf('dibao5');
    const results = await Promise.all([work(CONFIRM, { id: dibao.id, note: 'first' }), work(CONFIRM, { id: dibao.id, note: 'second' })]);
    const succeeded = results.filter((r) => r.userErrors.length === 0);
    expect(succeeded).toHaveLength(1);
    const refused = results.find((r) => r.userErrors.length > 0)!;
    expect(refused.userErrors).toEqual([expect.objectContaining({ code: 'TRANSITION_NOT_ALLOWED', message: expect.stringContaining('CONFIRMED') })]);
    const final = await findingOf('dibao5');
    expect(final.status).toBe('CONFIRMED');
    expect(final.history.filter((e) => e.kind === 'CONFIRMED')).toHaveLength(1);
  });

  it('filters by status and lists findings on the household profile', async () => {
    const all = await listAll();
    for (const status of [['OPEN'], ['CONFIRMED', 'DISMISSED'], ['RECOVERED', 'CLOSED']]) {
      const listed = await listAll({ status });
      expect(listed.map((f) => f.id)).toEqual(all.filter((f) => status.includes(f.status)).map((f) => f.id));
    }
    expect(new Set(all.map((f) => f.status)).size).toBeGreaterThanOrEqual(3);
    const goat1 = county.household.goat1.householdNo;
    const profile = await data<{ household: { findings: Array<{ id: string; status: string; rule: { code: string } }> } }>(hub, PROFILE, { no: goat1 });
    expect(profile.household.findings.map((f) => f.id)).toEqual(all.filter((f) => f.household.householdNo === goat1).map((f) => f.id));
    const open = await data<{ household: { findings: unknown[] } }>(hub, PROFILE, { no: goat1, status: ['OPEN'] });
    expect(open.household.findings).toEqual([]);
    const clean = await data<{ household: { findings: unknown[] } }>(hub, PROFILE, { no: county.household.clean7.householdNo });
    expect(clean.household.findings).toEqual([]);
  });

  it('fetches a finding again by node id, and refuses IDs that are not findings', async () => {
    const goat = await findingOf('goat1');
    const node = await data<{ node: { id: string; status: string } }>(hub, NODE, { id: goat.id });
    expect(node.node).toEqual({ id: goat.id, status: goat.status, household: { householdNo: county.household.goat1.householdNo } });
    const householdId = toGlobalId('Household', county.household.goat1.id);
    expect((await work(CONFIRM, { id: householdId })).userErrors).toEqual([expect.objectContaining({ field: ['input', 'id'], code: 'INVALID_ID' })]);
    expect((await work(CONFIRM, { id: 'garbage' })).userErrors[0].code).toBe('INVALID_ID');
    expect((await work(CONFIRM, { id: toGlobalId('Finding', 999_999) })).userErrors).toEqual([expect.objectContaining({ field: ['input', 'id'], code: 'NOT_FOUND' })]);
  });

  it("keeps a region-restricted auditor to its region: lists, look-ups, changes and scans", async () => {
    const secret = await hub.createKey({ name: 'township auditor', role: 'AUDITOR', regionCode: TOWNSHIP });
    const township = hub.as(secret);
    const all = await listAll();
    const inside = all.filter((f) => f.household.region.code.startsWith(TOWNSHIP.slice(0, 9)));
    const outside = all.filter((f) => !f.household.region.code.startsWith(TOWNSHIP.slice(0, 9)));
    expect(inside.length).toBeGreaterThan(0);
    expect(outside.length).toBeGreaterThan(0);
    expect((await listAll(null, township)).map((f) => f.id)).toEqual(inside.map((f) => f.id));
    expect((await listAll({ regionCode: '520524000000' }, township)).map((f) => f.id)).toEqual(inside.map((f) => f.id));
    expect(codes(await township.send(LIST, { filter: { regionCode: OTHER_TOWNSHIP } }))).toEqual(['FORBIDDEN']);

    const foreign = outside[0];
    const missing = toGlobalId('Finding', 999_999);
    const viaNode = await township.send(NODE, { id: foreign.id });
    expect(codes(viaNode)).toEqual(['FORBIDDEN']);
    expect(viaNode.errors).toEqual((await township.send(NODE, { id: missing })).errors);
    const before = await db.prisma.findingEvent.count();
    const change = await township.send(COMMENT, { input: { id: foreign.id, comment: 'not mine' } });
    expect(codes(change)).toEqual(['FORBIDDEN']);
    expect(JSON.stringify(change.data)).not.toContain(foreign.household.householdNo);
    expect(change.errors).toEqual((await township.send(COMMENT, { input: { id: missing, comment: 'not there' } })).errors);
    expect(await db.prisma.findingEvent.count()).toBe(before);
    const own = await work(COMMENT, { id: inside.find((f) => f.status !== 'CLOSED')!.id, comment: 'mine' }, township);
    expect(own.userErrors).toEqual([]);

    const run = await detect(null, township);
    expect(run.regionCode).toBe(TOWNSHIP);
    expect(run.householdsScanned).toBe(HOUSEHOLDS.filter((h) => h.regionCode.startsWith(TOWNSHIP.slice(0, 9))).length);
    expect(codes(await township.send(DETECT, { input: { regionCode: OTHER_TOWNSHIP } }))).toEqual(['FORBIDDEN']);
    const unknownRegion = await hub.send(DETECT, { input: { regionCode: '520524999000' } });
    expect((unknownRegion.data as { detectFindings: { userErrors: Array<{ code: string; field: string[] }> } }).detectFindings.userErrors).toEqual([
      expect.objectContaining({ code: 'UNKNOWN_REGION', field: ['input', 'regionCode'] }),
    ]);
  });

  it('leaves working findings to auditors', async () => {
    const official = hub.as(await hub.createKey({ name: 'village official', role: 'OFFICIAL', regionCode: V1 }));
    const finding = (await listAll({ regionCode: V1 }))[0];
    expect((await listAll(null, official)).map((f) => f.id)).toEqual((await listAll({ regionCode: V1 })).map((f) => f.id));
    const refused = await official.send(CONFIRM, { input: { id: finding.id } });
    expect(codes(refused)).toEqual(['FORBIDDEN']);
    expect(refused.errors?.[0].message).toMatch(/WORK_FINDINGS/);
  });
});
