import type { HubDatabase } from '../../src/db/database';
import { generateCounty } from '../../src/demo/county-generator';
import { loadCounty } from '../../src/demo/load-county';
import { hubSchema } from '../../src/graphql/schema';
import { toGlobalId } from '../../src/graphql/relay/global-id';
import { ApiKeyService } from '../../src/modules/auth/api-key.service';
import { commandLineActor } from '../../src/modules/auth/audit';
import { type GraphQLResponse, startTestHub, type TestHub } from '../support/hub-client';
import { createTestDatabase } from '../support/test-database';

jest.setTimeout(300_000);

/**
 * Every query and mutation of the schema, for every role, inside and outside the key's scope.
 * A new root field without an entry here fails the first test: who may use it must be decided.
 */

type Caller = 'ADMIN' | 'DEPARTMENT' | 'OFFICIAL' | 'AUDITOR' | 'NO_KEY';
type Outcome = 'allowed' | 'denied';
interface Request {
  query: string;
  variables?: Record<string, unknown>;
}
interface Entry {
  /** A request inside the caller's scope (its region, its department). */
  inside: () => Promise<Request> | Request;
  /** The same request reaching outside the scope; absent where the operation has no scope. */
  outside?: () => Promise<Request> | Request;
  expected: Record<Exclude<Caller, 'NO_KEY'>, { inside: Outcome; outside?: Outcome }>;
}

const everyone = (outcome: Outcome) => ({ inside: outcome, outside: outcome });
const scoped = { inside: 'allowed', outside: 'denied' } as const;
const nobody = { inside: 'denied', outside: 'denied' } as const;

let db: HubDatabase;
let hub: TestHub;
let secrets: Record<Exclude<Caller, 'NO_KEY'>, string>;
/** Household A lies inside every scoped key's region; household B in another township. */
let a: { id: number; householdNo: string; regionCode: string };
let b: { id: number; householdNo: string; regionCode: string };
let mergeable: number[];
let reviewSerial = 0;
let ruleSerial = 0;
let settingSerial = 0;

async function createReview(householdIds: number[], regionCode: string): Promise<string> {
  const review = await db.prisma.identityReview.create({
    data: { kind: 'SAME_HEAD_NAME_IN_VILLAGE', subjectKey: `matrix-${++reviewSerial}`, regionCode, householdIds, memberIds: [], evidence: [] },
  });
  return toGlobalId('IdentityReview', review.id);
}

let findingSerial = 0;

/** A finding on a household, written directly (its rule is any default one), in the status an action needs. */
async function createFinding(householdId: number, status: 'OPEN' | 'CONFIRMED' = 'OPEN'): Promise<string> {
  const version = await db.prisma.policyRuleVersion.findFirstOrThrow({ where: { rule: { code: 'DUP-INDUSTRY' } }, orderBy: { version: 'desc' } });
  const finding = await db.prisma.finding.create({
    data: { ruleId: version.ruleId, ruleVersionId: version.id, householdId, groupKey: `matrix-${++findingSerial}`, status, amountAtRisk: '100.00', explanation: '矩阵', explanationEn: 'matrix', fingerprint: '' },
  });
  return toGlobalId('Finding', finding.id);
}

const MATRIX: Record<string, Entry> = {
  viewer: {
    inside: () => ({ query: '{ viewer { name role } }' }),
    expected: { ADMIN: everyone('allowed'), DEPARTMENT: everyone('allowed'), OFFICIAL: everyone('allowed'), AUDITOR: everyone('allowed') },
  },
  departments: {
    inside: () => ({ query: '{ departments { code programs { code } } }' }),
    expected: { ADMIN: everyone('allowed'), DEPARTMENT: everyone('allowed'), OFFICIAL: everyone('allowed'), AUDITOR: everyone('allowed') },
  },
  programs: {
    inside: () => ({ query: '{ programs { code department { code } } }' }),
    expected: { ADMIN: everyone('allowed'), DEPARTMENT: everyone('allowed'), OFFICIAL: everyone('allowed'), AUDITOR: everyone('allowed') },
  },
  subsidyCategories: {
    inside: () => ({ query: '{ subsidyCategories { code } }' }),
    expected: { ADMIN: everyone('allowed'), DEPARTMENT: everyone('allowed'), OFFICIAL: everyone('allowed'), AUDITOR: everyone('allowed') },
  },
  region: {
    // Administrative divisions are public reference data, inside the key's region or not.
    inside: () => ({ query: 'query ($code: RegionCode!) { region(code: $code) { name } }', variables: { code: a.regionCode } }),
    outside: () => ({ query: 'query ($code: RegionCode!) { region(code: $code) { name } }', variables: { code: b.regionCode } }),
    expected: { ADMIN: everyone('allowed'), DEPARTMENT: everyone('allowed'), OFFICIAL: everyone('allowed'), AUDITOR: everyone('allowed') },
  },
  household: {
    inside: () => ({ query: HOUSEHOLD, variables: { no: a.householdNo } }),
    outside: () => ({ query: HOUSEHOLD, variables: { no: b.householdNo } }),
    expected: { ADMIN: everyone('allowed'), DEPARTMENT: scoped, OFFICIAL: scoped, AUDITOR: scoped },
  },
  households: {
    inside: () => ({ query: HOUSEHOLDS, variables: { region: a.regionCode } }),
    outside: () => ({ query: HOUSEHOLDS, variables: { region: b.regionCode } }),
    expected: { ADMIN: everyone('allowed'), DEPARTMENT: scoped, OFFICIAL: scoped, AUDITOR: scoped },
  },
  node: {
    inside: () => ({ query: NODE, variables: { id: toGlobalId('Household', a.id) } }),
    outside: () => ({ query: NODE, variables: { id: toGlobalId('Household', b.id) } }),
    expected: { ADMIN: everyone('allowed'), DEPARTMENT: scoped, OFFICIAL: scoped, AUDITOR: scoped },
  },
  nodes: {
    inside: () => ({ query: NODES, variables: { ids: [toGlobalId('Household', a.id)] } }),
    outside: () => ({ query: NODES, variables: { ids: [toGlobalId('Household', a.id), toGlobalId('Household', b.id)] } }),
    expected: { ADMIN: everyone('allowed'), DEPARTMENT: scoped, OFFICIAL: scoped, AUDITOR: scoped },
  },
  identityReviews: {
    inside: () => ({ query: REVIEWS, variables: { region: a.regionCode } }),
    outside: () => ({ query: REVIEWS, variables: { region: b.regionCode } }),
    expected: { ADMIN: everyone('allowed'), DEPARTMENT: scoped, OFFICIAL: scoped, AUDITOR: scoped },
  },
  deliveries: {
    inside: () => ({ query: DELIVERIES, variables: { department: 'POVERTY' } }),
    outside: () => ({ query: DELIVERIES, variables: { department: 'CIVIL' } }),
    expected: { ADMIN: everyone('allowed'), DEPARTMENT: scoped, OFFICIAL: nobody, AUDITOR: everyone('allowed') },
  },
  ingest: {
    inside: () => ({ query: INGEST, variables: { input: { department: 'POVERTY', households: [] } } }),
    outside: () => ({ query: INGEST, variables: { input: { department: 'CIVIL', households: [] } } }),
    expected: { ADMIN: nobody, DEPARTMENT: scoped, OFFICIAL: nobody, AUDITOR: nobody },
  },
  mergeIdentityReview: {
    inside: async () => ({ query: MERGE, variables: { input: { reviewId: await createReview(mergeable.splice(0, 2), a.regionCode), survivorId: toGlobalId('Household', a.id), reason: 'same family', resolvedBy: 'matrix' } } }),
    outside: async () => ({ query: MERGE, variables: { input: { reviewId: await createReview([b.id], b.regionCode), survivorId: toGlobalId('Household', b.id), reason: 'same family', resolvedBy: 'matrix' } } }),
    expected: { ADMIN: nobody, DEPARTMENT: nobody, OFFICIAL: scoped, AUDITOR: nobody },
  },
  dismissIdentityReview: {
    inside: async () => ({ query: DISMISS, variables: { input: { reviewId: await createReview([a.id], a.regionCode), reason: 'different people', resolvedBy: 'matrix' } } }),
    outside: async () => ({ query: DISMISS, variables: { input: { reviewId: await createReview([b.id], b.regionCode), reason: 'different people', resolvedBy: 'matrix' } } }),
    expected: { ADMIN: nobody, DEPARTMENT: nobody, OFFICIAL: scoped, AUDITOR: nobody },
  },
  apiKeys: {
    inside: () => ({ query: '{ apiKeys(first: 5) { totalCount nodes { name role } } }' }),
    expected: { ADMIN: everyone('allowed'), DEPARTMENT: nobody, OFFICIAL: nobody, AUDITOR: nobody },
  },
  createApiKey: {
    inside: () => ({ query: 'mutation ($input: CreateApiKeyInput!) { createApiKey(input: $input) { secret userErrors { code } } }', variables: { input: { name: 'matrix key', role: 'OFFICIAL' } } }),
    expected: { ADMIN: everyone('allowed'), DEPARTMENT: nobody, OFFICIAL: nobody, AUDITOR: nobody },
  },
  revokeApiKey: {
    inside: async () => {
      const created = await new ApiKeyService(db.prisma).create({ name: 'to revoke', role: 'OFFICIAL' }, commandLineActor());
      if ('problems' in created) throw new Error('fixture key refused');
      return { query: 'mutation ($input: RevokeApiKeyInput!) { revokeApiKey(input: $input) { apiKey { revokedAt } userErrors { code } } }', variables: { input: { id: toGlobalId('ApiKey', created.key.id), reason: 'matrix' } } };
    },
    expected: { ADMIN: everyone('allowed'), DEPARTMENT: nobody, OFFICIAL: nobody, AUDITOR: nobody },
  },
  auditLog: {
    inside: () => ({ query: '{ auditLog(first: 5) { totalCount nodes { action actor } } }' }),
    expected: { ADMIN: everyone('allowed'), DEPARTMENT: nobody, OFFICIAL: nobody, AUDITOR: nobody },
  },
  // The 多策合一 rules are public policy: anyone reads them, only an administrator changes them.
  policyRules: {
    inside: () => ({ query: '{ policyRules(activeOn: "2024-01-01") { code parameters { __typename } versions { version } } }' }),
    expected: { ADMIN: everyone('allowed'), DEPARTMENT: everyone('allowed'), OFFICIAL: everyone('allowed'), AUDITOR: everyone('allowed') },
  },
  policyRule: {
    inside: () => ({ query: '{ policyRule(code: "DUP-HOUSING") { code currentVersion { version } } }' }),
    expected: { ADMIN: everyone('allowed'), DEPARTMENT: everyone('allowed'), OFFICIAL: everyone('allowed'), AUDITOR: everyone('allowed') },
  },
  createPolicyRule: {
    inside: () => ({
      query: CREATE_RULE,
      variables: {
        input: { code: `MATRIX-${++ruleSerial}`, kind: 'ONE_TIME', name: 'matrix rule', severity: 'LOW', policyText: 'matrix', parameters: { oneTime: { programs: ['POV_RELOCATION'] } }, effectiveFrom: '2024-01-01' },
      },
    }),
    expected: { ADMIN: everyone('allowed'), DEPARTMENT: nobody, OFFICIAL: nobody, AUDITOR: nobody },
  },
  revisePolicyRule: {
    inside: () => ({ query: REVISE_RULE, variables: { input: { code: 'ONCE-RELOCATION', policyText: `matrix revision ${++ruleSerial}`, changeNote: 'matrix' } } }),
    expected: { ADMIN: everyone('allowed'), DEPARTMENT: nobody, OFFICIAL: nobody, AUDITOR: nobody },
  },
  overlapFindings: {
    inside: () => ({ query: FINDINGS, variables: { region: a.regionCode } }),
    outside: () => ({ query: FINDINGS, variables: { region: b.regionCode } }),
    expected: { ADMIN: everyone('allowed'), DEPARTMENT: scoped, OFFICIAL: scoped, AUDITOR: scoped },
  },
  findingTotals: {
    inside: () => ({ query: FINDING_TOTALS, variables: { region: a.regionCode } }),
    outside: () => ({ query: FINDING_TOTALS, variables: { region: b.regionCode } }),
    expected: { ADMIN: everyone('allowed'), DEPARTMENT: scoped, OFFICIAL: scoped, AUDITOR: scoped },
  },
  confirmFinding: {
    inside: async () => ({ query: workFinding('confirmFinding', 'ConfirmFindingInput'), variables: { input: { id: await createFinding(a.id) } } }),
    outside: async () => ({ query: workFinding('confirmFinding', 'ConfirmFindingInput'), variables: { input: { id: await createFinding(b.id) } } }),
    expected: { ADMIN: nobody, DEPARTMENT: nobody, OFFICIAL: nobody, AUDITOR: scoped },
  },
  dismissFinding: {
    inside: async () => ({ query: workFinding('dismissFinding', 'DismissFindingInput'), variables: { input: { id: await createFinding(a.id), reason: 'allowed by policy' } } }),
    outside: async () => ({ query: workFinding('dismissFinding', 'DismissFindingInput'), variables: { input: { id: await createFinding(b.id), reason: 'allowed by policy' } } }),
    expected: { ADMIN: nobody, DEPARTMENT: nobody, OFFICIAL: nobody, AUDITOR: scoped },
  },
  recordFindingRecovery: {
    inside: async () => ({ query: workFinding('recordFindingRecovery', 'RecordFindingRecoveryInput'), variables: { input: { id: await createFinding(a.id, 'CONFIRMED'), amount: '50.00' } } }),
    outside: async () => ({ query: workFinding('recordFindingRecovery', 'RecordFindingRecoveryInput'), variables: { input: { id: await createFinding(b.id, 'CONFIRMED'), amount: '50.00' } } }),
    expected: { ADMIN: nobody, DEPARTMENT: nobody, OFFICIAL: nobody, AUDITOR: scoped },
  },
  assignFinding: {
    inside: async () => ({ query: workFinding('assignFinding', 'AssignFindingInput'), variables: { input: { id: await createFinding(a.id), department: 'AGRI' } } }),
    outside: async () => ({ query: workFinding('assignFinding', 'AssignFindingInput'), variables: { input: { id: await createFinding(b.id), department: 'AGRI' } } }),
    expected: { ADMIN: nobody, DEPARTMENT: nobody, OFFICIAL: nobody, AUDITOR: scoped },
  },
  commentOnFinding: {
    inside: async () => ({ query: workFinding('commentOnFinding', 'CommentOnFindingInput'), variables: { input: { id: await createFinding(a.id), comment: 'matrix' } } }),
    outside: async () => ({ query: workFinding('commentOnFinding', 'CommentOnFindingInput'), variables: { input: { id: await createFinding(b.id), comment: 'matrix' } } }),
    expected: { ADMIN: nobody, DEPARTMENT: nobody, OFFICIAL: nobody, AUDITOR: scoped },
  },
  detectFindings: {
    inside: () => ({ query: DETECT, variables: { input: { regionCode: a.regionCode } } }),
    outside: () => ({ query: DETECT, variables: { input: { regionCode: b.regionCode } } }),
    expected: { ADMIN: nobody, DEPARTMENT: nobody, OFFICIAL: nobody, AUDITOR: scoped },
  },
  archiveRollup: {
    inside: () => ({ query: ARCHIVE_ROLLUP, variables: { region: a.regionCode } }),
    outside: () => ({ query: ARCHIVE_ROLLUP, variables: { region: b.regionCode } }),
    expected: { ADMIN: everyone('allowed'), DEPARTMENT: scoped, OFFICIAL: scoped, AUDITOR: scoped },
  },
  // The 一户一档 catalogue, poverty lines and check settings are public configuration; only an administrator changes them.
  archiveCatalogue: {
    inside: () => ({ query: '{ archiveCatalogue(activeOn: "2020-01-01") { version items { typeCode maxCopies } } }' }),
    expected: { ADMIN: everyone('allowed'), DEPARTMENT: everyone('allowed'), OFFICIAL: everyone('allowed'), AUDITOR: everyone('allowed') },
  },
  archiveCatalogueVersions: {
    inside: () => ({ query: '{ archiveCatalogueVersions { version effectiveFrom } }' }),
    expected: { ADMIN: everyone('allowed'), DEPARTMENT: everyone('allowed'), OFFICIAL: everyone('allowed'), AUDITOR: everyone('allowed') },
  },
  povertyLines: {
    inside: () => ({ query: '{ povertyLines { year amount } }' }),
    expected: { ADMIN: everyone('allowed'), DEPARTMENT: everyone('allowed'), OFFICIAL: everyone('allowed'), AUDITOR: everyone('allowed') },
  },
  archiveCheckSettings: {
    inside: () => ({ query: '{ archiveCheckSettings { effectiveFrom weights { house } } }' }),
    expected: { ADMIN: everyone('allowed'), DEPARTMENT: everyone('allowed'), OFFICIAL: everyone('allowed'), AUDITOR: everyone('allowed') },
  },
  createArchiveCatalogueVersion: {
    inside: () => ({ query: CREATE_CATALOGUE, variables: { input: { name: 'matrix catalogue', effectiveFrom: '2099-01-01', changeNote: 'matrix', items: [{ typeCode: 'P01', requiredForStatuses: ['ASSISTED'] }] } } }),
    expected: { ADMIN: everyone('allowed'), DEPARTMENT: nobody, OFFICIAL: nobody, AUDITOR: nobody },
  },
  setPovertyLine: {
    inside: () => ({ query: SET_POVERTY_LINE, variables: { input: { year: 2099, amount: '9999.00', source: 'matrix' } } }),
    expected: { ADMIN: everyone('allowed'), DEPARTMENT: nobody, OFFICIAL: nobody, AUDITOR: nobody },
  },
  createArchiveCheckSetting: {
    inside: () => ({ query: CREATE_CHECK_SETTING, variables: { input: { effectiveFrom: `2090-01-${String(++settingSerial).padStart(2, '0')}`, weights: { house: '0.25', grain: '0.25', labour: '0.25', student: '0.25' }, changeNote: 'matrix' } } }),
    expected: { ADMIN: everyone('allowed'), DEPARTMENT: nobody, OFFICIAL: nobody, AUDITOR: nobody },
  },
  assessArchives: {
    inside: () => ({ query: ASSESS_ARCHIVES, variables: { input: { regionCode: a.regionCode } } }),
    outside: () => ({ query: ASSESS_ARCHIVES, variables: { input: { regionCode: b.regionCode } } }),
    expected: { ADMIN: nobody, DEPARTMENT: nobody, OFFICIAL: scoped, AUDITOR: scoped },
  },
  householdsWithoutVisit: {
    inside: () => ({ query: WITHOUT_VISIT, variables: { region: a.regionCode } }),
    outside: () => ({ query: WITHOUT_VISIT, variables: { region: b.regionCode } }),
    expected: { ADMIN: everyone('allowed'), DEPARTMENT: scoped, OFFICIAL: scoped, AUDITOR: scoped },
  },
  overloadedCadres: {
    inside: () => ({ query: OVERLOADED, variables: { region: a.regionCode } }),
    outside: () => ({ query: OVERLOADED, variables: { region: b.regionCode } }),
    expected: { ADMIN: everyone('allowed'), DEPARTMENT: scoped, OFFICIAL: scoped, AUDITOR: scoped },
  },
  cadreVisitsByMonth: {
    inside: () => ({ query: VISITS_BY_MONTH, variables: { region: a.regionCode } }),
    outside: () => ({ query: VISITS_BY_MONTH, variables: { region: b.regionCode } }),
    expected: { ADMIN: everyone('allowed'), DEPARTMENT: scoped, OFFICIAL: scoped, AUDITOR: scoped },
  },
  regionStats: {
    inside: () => ({ query: REGION_STATS, variables: { region: a.regionCode } }),
    outside: () => ({ query: REGION_STATS, variables: { region: b.regionCode } }),
    expected: { ADMIN: everyone('allowed'), DEPARTMENT: scoped, OFFICIAL: scoped, AUDITOR: scoped },
  },
  // Inside the region the request is refused as a userError (a removal needs a reason), so reruns change nothing.
  changeHouseholdStatus: {
    inside: () => ({ query: CHANGE_STATUS, variables: { input: { householdId: toGlobalId('Household', a.id), toStatus: 'REMOVED', effectiveOn: '2020-06-30', actor: 'matrix', reason: '' } } }),
    outside: () => ({ query: CHANGE_STATUS, variables: { input: { householdId: toGlobalId('Household', b.id), toStatus: 'REMOVED', effectiveOn: '2020-06-30', actor: 'matrix', reason: '' } } }),
    expected: { ADMIN: nobody, DEPARTMENT: nobody, OFFICIAL: scoped, AUDITOR: nobody },
  },
  regionFundsFlow: {
    inside: () => ({ query: REGION_FUNDS_FLOW, variables: { region: a.regionCode } }),
    outside: () => ({ query: REGION_FUNDS_FLOW, variables: { region: b.regionCode } }),
    expected: { ADMIN: everyone('allowed'), DEPARTMENT: scoped, OFFICIAL: scoped, AUDITOR: scoped },
  },
  reconciliationSettings: {
    inside: () => ({ query: '{ reconciliationSettings { effectiveFrom windowDays } }' }),
    expected: { ADMIN: everyone('allowed'), DEPARTMENT: everyone('allowed'), OFFICIAL: everyone('allowed'), AUDITOR: everyone('allowed') },
  },
  // Refused as a userError (window out of range), so reruns change nothing.
  createReconciliationSetting: {
    inside: () => ({ query: CREATE_RECONCILIATION_SETTING, variables: { input: { effectiveFrom: '2031-01-01', leadDays: 0, windowDays: 0, maxSplitParts: 4, changeNote: 'matrix' } } }),
    expected: { ADMIN: everyone('allowed'), DEPARTMENT: nobody, OFFICIAL: nobody, AUDITOR: nobody },
  },
};

const HOUSEHOLD = 'query ($no: String!) { household(householdNo: $no) { householdNo members { name idNumber } subsidies { amount household { householdNo } } } }';
const HOUSEHOLDS = 'query ($region: RegionCode) { households(filter: { regionCode: $region }, first: 5) { totalCount nodes { householdNo } } }';
const NODE = 'query ($id: ID!) { node(id: $id) { id ... on Household { householdNo } } }';
const NODES = 'query ($ids: [ID!]!) { nodes(ids: $ids) { id ... on Household { householdNo } } }';
const REVIEWS = 'query ($region: RegionCode) { identityReviews(filter: { regionCode: $region }) { totalCount nodes { households { householdNo } } } }';
const DELIVERIES = 'query ($department: String) { deliveries(department: $department) { totalCount nodes { department { code } } } }';
const INGEST = 'mutation ($input: IngestInput!) { ingest(input: $input) { accepted userErrors { code } } }';
const MERGE = 'mutation ($input: MergeIdentityReviewInput!) { mergeIdentityReview(input: $input) { review { status } userErrors { code message } } }';
const DISMISS = 'mutation ($input: DismissIdentityReviewInput!) { dismissIdentityReview(input: $input) { review { status } userErrors { code message } } }';
const CREATE_RULE = 'mutation ($input: CreatePolicyRuleInput!) { createPolicyRule(input: $input) { policyRule { code } userErrors { field code } } }';
const REVISE_RULE = 'mutation ($input: RevisePolicyRuleInput!) { revisePolicyRule(input: $input) { policyRule { currentVersion { version } } userErrors { field code } } }';
const FINDINGS = 'query ($region: RegionCode) { overlapFindings(filter: { regionCode: $region }, first: 5) { totalCount nodes { status household { householdNo } } } }';
const FINDING_TOTALS = 'query ($region: RegionCode) { findingTotals(filter: { regionCode: $region }) { count amountAtRisk byRegion { regionCode count } } }';
const workFinding = (mutation: string, input: string) => `mutation ($input: ${input}!) { ${mutation}(input: $input) { finding { status household { householdNo } } userErrors { field code } } }`;
const DETECT = 'mutation ($input: DetectFindingsInput) { detectFindings(input: $input) { run { regionCode raised } userErrors { code } } }';
const ARCHIVE_ROLLUP = 'query ($region: RegionCode) { archiveRollup(regionCode: $region, level: VILLAGE, worst: 3) { total { householdsAssessed meanCompleteness } worstHouseholds { household { householdNo } } } }';
const CREATE_CATALOGUE = 'mutation ($input: CreateArchiveCatalogueVersionInput!) { createArchiveCatalogueVersion(input: $input) { catalogueVersion { version } userErrors { field code } } }';
const SET_POVERTY_LINE = 'mutation ($input: SetPovertyLineInput!) { setPovertyLine(input: $input) { povertyLine { year } userErrors { field code } } }';
const CREATE_CHECK_SETTING = 'mutation ($input: CreateArchiveCheckSettingInput!) { createArchiveCheckSetting(input: $input) { archiveCheckSetting { effectiveFrom } userErrors { field code } } }';
const ASSESS_ARCHIVES = 'mutation ($input: AssessArchivesInput) { assessArchives(input: $input) { regionCode householdsAssessed userErrors { code } } }';
const WITHOUT_VISIT = 'query ($region: RegionCode) { householdsWithoutVisit(regionCode: $region, asOf: "2024-12-31", first: 5) { totalCount nodes { household { householdNo } cadres { name } } } }';
const OVERLOADED = 'query ($region: RegionCode) { overloadedCadres(regionCode: $region, asOf: "2024-12-31", first: 5) { totalCount nodes { cadre { name } households(first: 5) { nodes { householdNo } } } } }';
const VISITS_BY_MONTH = 'query ($region: RegionCode) { cadreVisitsByMonth(regionCode: $region, from: "2024-01-01", to: "2024-12-31", first: 5) { totalCount nodes { month visits } } }';
const REGION_STATS = 'query ($region: RegionCode!) { regionStats(regionCode: $region, year: 2024) { households people byStatus { status households } openFindings { count } fundsByDepartment { amount } } }';
const REGION_FUNDS_FLOW = 'query ($region: RegionCode!) { regionFundsFlow(regionCode: $region, year: 2024) { approved paid unexplained byDepartment { department { code } paid } byCategory { category { code } approved } unidentifiedPayments { count } } }';
const CREATE_RECONCILIATION_SETTING =
  'mutation ($input: CreateReconciliationSettingInput!) { createReconciliationSetting(input: $input) { reconciliationSetting { effectiveFrom } userErrors { field code } } }';
const CHANGE_STATUS = 'mutation ($input: ChangeHouseholdStatusInput!) { changeHouseholdStatus(input: $input) { household { householdNo } statusChange { toStatus } userErrors { field code } } }';

const codes = (response: GraphQLResponse<unknown>) => (response.errors ?? []).map((error) => error.extensions?.code);

beforeAll(async () => {
  db = await createTestDatabase();
  await loadCounty(db.prisma, generateCounty({ seed: 11, households: 80 }));
  const households = await db.prisma.household.findMany({ orderBy: { id: 'asc' }, select: { id: true, householdNo: true, regionCode: true } });
  a = households[0];
  b = households.find((household) => household.regionCode.slice(0, 9) !== a.regionCode.slice(0, 9))!;
  mergeable = households.filter((household) => household.regionCode === a.regionCode && household.id !== a.id).map((household) => household.id);
  hub = await startTestHub(db);
  const township = `${a.regionCode.slice(0, 9)}000`;
  secrets = {
    ADMIN: await hub.createKey({ name: 'matrix admin', role: 'ADMIN' }),
    DEPARTMENT: await hub.createKey({ name: 'matrix poverty system', role: 'DEPARTMENT', department: 'POVERTY', regionCode: township }),
    OFFICIAL: await hub.createKey({ name: 'matrix village official', role: 'OFFICIAL', regionCode: a.regionCode }),
    AUDITOR: await hub.createKey({ name: 'matrix auditor', role: 'AUDITOR', regionCode: township }),
  };
});

afterAll(async () => {
  await hub?.stop();
  await db?.close();
});

describe('the authorisation matrix', () => {
  it('has an entry for every query and mutation of the schema', () => {
    const schema = hubSchema();
    const operations = [...Object.keys(schema.getQueryType()!.getFields()), ...Object.keys(schema.getMutationType()!.getFields())].sort();
    expect(Object.keys(MATRIX).sort()).toEqual(operations);
  });

  const cases = Object.entries(MATRIX).flatMap(([operation, entry]) =>
    (['ADMIN', 'DEPARTMENT', 'OFFICIAL', 'AUDITOR'] as const).flatMap((caller) => [
      { operation, caller, where: 'inside' as const, expected: entry.expected[caller].inside },
      ...(entry.outside ? [{ operation, caller, where: 'outside' as const, expected: entry.expected[caller].outside! }] : []),
    ]),
  );

  it.each(cases)('$operation by $caller $where its scope: $expected', async ({ operation, caller, where, expected }) => {
    const entry = MATRIX[operation];
    const request = await (where === 'inside' ? entry.inside() : entry.outside!());
    const response = await hub.as(secrets[caller]).send(request.query, request.variables);
    expect(response.status).toBe(200);
    if (expected === 'allowed') {
      expect(response.errors).toBeUndefined();
    } else {
      expect(codes(response)).toContain('FORBIDDEN');
      // A denial says nothing about the record asked for.
      expect(JSON.stringify(response.data ?? null)).not.toContain(b.householdNo);
    }
  });

  it.each(Object.keys(MATRIX))('%s without a key is UNAUTHENTICATED and runs nothing', async (operation) => {
    const request = await MATRIX[operation].inside();
    const before = await db.prisma.auditEntry.count();
    const { count, result } = await db.statements.measure(() => hub.as(null).send(request.query, request.variables));
    expect(result.status).toBe(401);
    expect(codes(result)).toEqual(['UNAUTHENTICATED']);
    expect(result.data).toBeUndefined();
    expect(count).toBe(0);
    expect(await db.prisma.auditEntry.count()).toBe(before);
  });
});

describe('scopes on nested fields and look-ups', () => {
  it('answers "not yours" and "not there" alike', async () => {
    const official = hub.as(secrets.OFFICIAL);
    const foreign = await official.send(HOUSEHOLD, { no: b.householdNo });
    const missing = await official.send(HOUSEHOLD, { no: '999999999999' });
    expect(foreign.errors).toEqual(missing.errors);
    const foreignNode = await official.send(NODE, { id: toGlobalId('Household', b.id) });
    const missingNode = await official.send(NODE, { id: toGlobalId('Household', 999_999) });
    expect(foreignNode.errors).toEqual(missingNode.errors);
    expect(codes(foreignNode)).toEqual(['FORBIDDEN']);
  });

  it('denies each out-of-region object reached through node, nodes and its members', async () => {
    const official = hub.as(secrets.OFFICIAL);
    const memberOfB = await db.prisma.member.findFirstOrThrow({ where: { householdId: b.id } });
    const viaMember = await official.send('query ($id: ID!) { node(id: $id) { ... on Member { name household { householdNo } } } }', { id: toGlobalId('Member', memberOfB.id) });
    expect(codes(viaMember)).toEqual(['FORBIDDEN']);
    expect(JSON.stringify(viaMember.data)).not.toContain(memberOfB.name);

    const mixed = await official.send(NODES, { ids: [toGlobalId('Household', a.id), toGlobalId('Household', b.id)] });
    expect((mixed.data as { nodes: unknown[] }).nodes).toEqual([{ id: toGlobalId('Household', a.id), householdNo: a.householdNo }, null]);
    expect(mixed.errors?.map((error) => error.path)).toEqual([['nodes', 1]]);
  });

  it('keeps a review naming a household outside the region out of lists and look-ups', async () => {
    const straddling = await createReview([a.id, b.id], a.regionCode);
    const official = hub.as(secrets.OFFICIAL);
    const listed = await official.send('query ($region: RegionCode) { identityReviews(filter: { regionCode: $region }, first: 100) { nodes { id } } }', { region: a.regionCode });
    expect((listed.data as { identityReviews: { nodes: Array<{ id: string }> } }).identityReviews.nodes.map((node) => node.id)).not.toContain(straddling);
    const direct = await official.send('query ($id: ID!) { node(id: $id) { ... on IdentityReview { households { householdNo } } } }', { id: straddling });
    expect(codes(direct)).toEqual(['FORBIDDEN']);
    const admin = await hub.as(secrets.ADMIN).send('query ($id: ID!) { node(id: $id) { ... on IdentityReview { households { householdNo } } } }', { id: straddling });
    expect(admin.errors).toBeUndefined();
  });

  it('shows deliveries only to those who may read them, wherever they are reached', async () => {
    const civil = await hub.asDepartment('CIVIL');
    const civilDelivery = await civil.send(INGEST, { input: { department: 'CIVIL', households: [] } });
    expect(civilDelivery.errors).toBeUndefined();
    const delivery = await db.prisma.delivery.findFirstOrThrow({ where: { department: { code: 'CIVIL' } }, orderBy: { id: 'desc' } });
    const asked = { id: toGlobalId('Delivery', delivery.id) };
    const query = 'query ($id: ID!) { node(id: $id) { ... on Delivery { received } } }';
    expect(codes(await hub.as(secrets.DEPARTMENT).send(query, asked))).toEqual(['FORBIDDEN']);
    expect(codes(await hub.as(secrets.OFFICIAL).send(query, asked))).toEqual(['FORBIDDEN']);
    expect((await hub.as(secrets.AUDITOR).send(query, asked)).errors).toBeUndefined();
  });

  it("leaves out of a delivery's answer the reviews it raised beyond the key's region", async () => {
    const memberOfB = await db.prisma.member.findFirstOrThrow({ where: { householdId: b.id } });
    const response = await hub.as(secrets.DEPARTMENT).send('mutation ($input: IngestInput!) { ingest(input: $input) { accepted identityReviews { kind } } }', {
      input: { department: 'POVERTY', members: [{ sourceRecordId: 'M-CROSS', householdNo: a.householdNo, idNumber: memberOfB.idNumber, name: memberOfB.name, relation: '子女' }] },
    });
    expect(response.errors).toBeUndefined();
    expect(response.data).toEqual({ ingest: { accepted: 1, identityReviews: [] } });
    const raised = await db.prisma.identityReview.findMany({ where: { kind: 'SAME_ID_NUMBER_IN_TWO_HOUSEHOLDS', householdIds: { hasEvery: [a.id, b.id] } } });
    expect(raised).toHaveLength(1);
  });

  it('refuses a department key writing for another department, and writes nothing', async () => {
    const before = await db.prisma.delivery.count();
    const response = await hub.as(secrets.DEPARTMENT).send(INGEST, { input: { department: 'CIVIL', households: [{ sourceRecordId: 'X', householdNo: a.householdNo, povertyType: 'GENERAL' }] } });
    expect(codes(response)).toEqual(['FORBIDDEN']);
    expect(response.errors?.[0].message).toMatch(/writes for POVERTY, not CIVIL/);
    expect(await db.prisma.delivery.count()).toBe(before);
  });
});
