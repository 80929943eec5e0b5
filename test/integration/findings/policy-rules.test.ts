import type { HubDatabase } from '../../../src/db/database';
import { toGlobalId } from '../../../src/graphql/relay/global-id';
import { PROGRAMS, SUBSIDY_CATEGORIES } from '../../../src/modules/catalogue/reference-data';
import type { PrismaClient } from '../../../src/generated/prisma/client';
import { commandLineActor } from '../../../src/modules/auth/audit';
import { DEFAULT_RULES } from '../../../src/modules/findings/default-rules';
import type { CreatePolicyRuleInput, RevisePolicyRuleInput } from '../../../src/modules/findings/policy-rule.input';
import { PolicyRuleService } from '../../../src/modules/findings/policy-rule.service';
import { type GraphQLResponse, startTestHub, type TestHub, type HubClient } from '../../support/hub-client';
import { createTestDatabase } from '../../support/test-database';

jest.setTimeout(300_000);

const PARAMETERS = `parameters {
  __typename
  ... on CategoryOverlapParameters { categories sameDepartmentDifferentPrograms }
  ... on MutuallyExclusiveParameters { programs conflictingPrograms }
  ... on OneTimeParameters { programs }
  ... on AnnualCapParameters { category cap }
  ... on IneligibleBeneficiaryParameters { departments categories programs eligibleStatuses exitTransitionMonths deceasedMembers }
  ... on NotPaidParameters { categories days countFrom }
  ... on PaidAmountMismatchParameters { categories tolerance }
  ... on PaymentScopeParameters { categories }
  ... on CardSharedParameters { categories sameHouseholdToo }
}`;
const VERSION = `id version name severity policyText effectiveFrom effectiveTo changeNote createdBy createdAt ${PARAMETERS}`;
const RULE = `id code kind name severity policyText effectiveFrom effectiveTo ${PARAMETERS} currentVersion { version } versions { ${VERSION} }`;

const LIST = `query ($kind: PolicyRuleKind, $activeOn: LocalDate) { policyRules(kind: $kind, activeOn: $activeOn) { ${RULE} } }`;
const ONE = `query ($code: String!) { policyRule(code: $code) { ${RULE} } }`;
const CREATE = `mutation ($input: CreatePolicyRuleInput!) { createPolicyRule(input: $input) { policyRule { ${RULE} } userErrors { field code message messageZh } } }`;
const REVISE = `mutation ($input: RevisePolicyRuleInput!) { revisePolicyRule(input: $input) { policyRule { ${RULE} } userErrors { field code message messageZh } } }`;

/** The GraphQL member type of each kind's parameters. */
const PARAMETER_TYPE = {
  CATEGORY_OVERLAP: 'CategoryOverlapParameters',
  MUTUALLY_EXCLUSIVE: 'MutuallyExclusiveParameters',
  ONE_TIME: 'OneTimeParameters',
  ANNUAL_CAP: 'AnnualCapParameters',
  INELIGIBLE_BENEFICIARY: 'IneligibleBeneficiaryParameters',
  NOT_PAID: 'NotPaidParameters',
  PAID_AMOUNT_MISMATCH: 'PaidAmountMismatchParameters',
  PAID_TWICE: 'PaymentScopeParameters',
  PAID_TO_OTHER_CARD: 'PaymentScopeParameters',
  CARD_SHARED_ACROSS_DEPARTMENTS: 'CardSharedParameters',
  PAID_AFTER_DEATH_OR_EXIT: 'IneligibleBeneficiaryParameters',
} as const;

interface Version {
  id: string;
  version: number;
  name: string;
  severity: string;
  policyText: string;
  effectiveFrom: string;
  effectiveTo: string | null;
  changeNote: string;
  createdBy: string;
  createdAt: string;
  parameters: Record<string, unknown> & { __typename: string };
}
interface Rule extends Omit<Version, 'version' | 'changeNote' | 'createdBy' | 'createdAt'> {
  code: string;
  kind: keyof typeof PARAMETER_TYPE;
  currentVersion: { version: number };
  versions: Version[];
}
interface UserErrorShape {
  field: string[];
  code: string;
  message: string;
  messageZh: string | null;
}
interface Payload {
  policyRule: Rule | null;
  userErrors: UserErrorShape[];
}

const ADMIN_NAME = 'rules administrator';
const livestock = SUBSIDY_CATEGORIES.find((c) => c.code === 'INDUSTRY_LIVESTOCK')!.code;
const housing = SUBSIDY_CATEGORIES.find((c) => c.code === 'HOUSING')!.code;
const [programA, programB] = PROGRAMS.map((p) => p.code).sort();

let db: HubDatabase;
let hub: TestHub;
let admin: HubClient;
let official: HubClient;

beforeAll(async () => {
  db = await createTestDatabase();
  hub = await startTestHub(db);
  admin = hub.as(await hub.createKey({ name: ADMIN_NAME, role: 'ADMIN' }));
  official = hub.as(await hub.createKey({ name: 'village official', role: 'OFFICIAL' }));
});

afterAll(async () => {
  await hub?.stop();
  await db?.close();
});

const data = <T>(response: GraphQLResponse<Record<string, unknown>>): T => {
  expect(response.errors).toBeUndefined();
  return response.data as T;
};
const list = async (variables: Record<string, unknown> = {}, client: HubClient = hub) => data<{ policyRules: Rule[] }>(await client.send(LIST, variables)).policyRules;
const create = async (input: Record<string, unknown>, client: HubClient = admin) => data<{ createPolicyRule: Payload }>(await client.send(CREATE, { input })).createPolicyRule;
const revise = async (input: Record<string, unknown>, client: HubClient = admin) => data<{ revisePolicyRule: Payload }>(await client.send(REVISE, { input })).revisePolicyRule;
const withoutTypename = ({ __typename: _, ...rest }: Record<string, unknown>) => rest;
const errorsOf = (payload: Payload) => payload.userErrors.map((e) => `${e.field.join('.')} ${e.code}`);

/** Row counts of everything a rule save writes. */
const counts = async () => ({
  rules: await db.prisma.policyRule.count(),
  versions: await db.prisma.policyRuleVersion.count(),
  audit: await db.prisma.auditEntry.count({ where: { action: 'EDIT_POLICY_RULE' } }),
});

const capRule = (code: string, extra: Record<string, unknown> = {}) => ({
  code,
  kind: 'ANNUAL_CAP',
  name: '住房保障每户每年封顶',
  severity: 'MEDIUM',
  policyText: '住房保障类资金每户每年合计不超过 40000 元。',
  parameters: { annualCap: { category: housing, cap: '40000' } },
  effectiveFrom: '2020-01-01',
  changeNote: '县政府 2020 年 1 号文',
  ...extra,
});

describe('reading the rules', () => {
  it('lists the default rule set by code, each with its typed parameters, to any key', async () => {
    const rules = await list();
    const expected = [...DEFAULT_RULES].sort((a, b) => (a.code < b.code ? -1 : 1));
    expect(rules.map((r) => r.code)).toEqual(expected.map((d) => d.code));
    for (const [index, rule] of rules.entries()) {
      const definition = expected[index];
      expect(rule).toMatchObject({ kind: definition.kind, name: definition.name, severity: definition.severity, policyText: definition.policyText, effectiveFrom: definition.effectiveFrom, effectiveTo: null });
      expect(rule.parameters.__typename).toBe(PARAMETER_TYPE[definition.kind]);
      expect(withoutTypename(rule.parameters)).toEqual(definition.parameters);
      expect(rule.currentVersion.version).toBe(1);
      expect(rule.versions.map((v) => [v.version, v.createdBy])).toEqual([[1, 'hub']]);
    }
    const department = await hub.asDepartment('POVERTY');
    expect((await list({}, department)).map((r) => r.code)).toEqual(expected.map((d) => d.code));
    expect((await list({}, official)).map((r) => r.code)).toEqual(expected.map((d) => d.code));
  });

  it('filters by kind', async () => {
    for (const kind of Object.keys(PARAMETER_TYPE)) {
      const listed = (await list({ kind })).map((r) => r.code);
      const stored = await db.prisma.policyRule.findMany({ where: { kind: kind as Rule['kind'] }, orderBy: { code: 'asc' }, select: { code: true } });
      expect(listed).toEqual(stored.map((r) => r.code));
    }
    expect((await list({ kind: 'ONE_TIME' })).length).toBeGreaterThan(0);
  });

  it('finds one rule by code, or null; and fetches rules and versions by global ID', async () => {
    const code = DEFAULT_RULES[0].code;
    const rule = data<{ policyRule: Rule }>(await hub.send(ONE, { code })).policyRule;
    expect(rule.code).toBe(code);
    expect(data<{ policyRule: Rule | null }>(await hub.send(ONE, { code: 'NO-SUCH-RULE' })).policyRule).toBeNull();

    const row = await db.prisma.policyRule.findUniqueOrThrow({ where: { code }, include: { versions: true } });
    expect(rule.id).toBe(toGlobalId('PolicyRule', row.id));
    expect(rule.versions[0].id).toBe(toGlobalId('PolicyRuleVersion', row.versions[0].id));
    const node = data<{ node: { code: string; versions: Array<{ version: number }> } }>(await hub.send('query ($id: ID!) { node(id: $id) { ... on PolicyRule { code versions { version } } } }', { id: rule.id }));
    expect(node.node).toEqual({ code, versions: [{ version: 1 }] });
    const version = data<{ node: { version: number; rule: { code: string }; parameters: { __typename: string } } }>(
      await hub.send('query ($id: ID!) { node(id: $id) { ... on PolicyRuleVersion { version rule { code } parameters { __typename } } } }', { id: rule.versions[0].id }),
    );
    expect(version.node).toEqual({ version: 1, rule: { code }, parameters: { __typename: PARAMETER_TYPE[row.kind] } });
  });
});

describe('creating and revising a rule', () => {
  it('creates a rule as version 1 with an audit entry naming the administrator', async () => {
    const before = await counts();
    const payload = await create(capRule('CAP-HOUSING'));
    expect(payload.userErrors).toEqual([]);
    const rule = payload.policyRule!;
    expect(rule).toMatchObject({ code: 'CAP-HOUSING', kind: 'ANNUAL_CAP', severity: 'MEDIUM', effectiveFrom: '2020-01-01', effectiveTo: null, currentVersion: { version: 1 } });
    expect(rule.parameters).toEqual({ __typename: 'AnnualCapParameters', category: housing, cap: '40000.00' });
    expect(rule.versions.map((v) => [v.version, v.createdBy, v.changeNote])).toEqual([[1, ADMIN_NAME, '县政府 2020 年 1 号文']]);
    expect(await counts()).toEqual({ rules: before.rules + 1, versions: before.versions + 1, audit: before.audit + 1 });

    const entry = await db.prisma.auditEntry.findFirstOrThrow({ where: { action: 'EDIT_POLICY_RULE' }, orderBy: { id: 'desc' } });
    expect(entry).toMatchObject({ actor: ADMIN_NAME, householdId: null, detail: expect.objectContaining({ code: 'CAP-HOUSING', version: 1 }) });
    expect(await list({ kind: 'ANNUAL_CAP' })).toEqual(expect.arrayContaining([expect.objectContaining({ code: 'CAP-HOUSING' })]));
  });

  it('revises a rule into version 2, copying what is not given and leaving version 1 as it was', async () => {
    const stored = async () => db.prisma.policyRuleVersion.findMany({ where: { rule: { code: 'CAP-LIVESTOCK' } }, orderBy: { version: 'asc' } });
    const [versionOne] = await stored();
    const before = await counts();
    const payload = await revise({ code: 'CAP-LIVESTOCK', parameters: { annualCap: { category: livestock.toLowerCase(), cap: '18000.5' } }, changeNote: '县定标准上调' });
    expect(payload.userErrors).toEqual([]);
    const rule = payload.policyRule!;
    expect(rule.currentVersion.version).toBe(2);
    expect(rule.versions.map((v) => v.version)).toEqual([2, 1]);
    expect(rule.parameters).toEqual({ __typename: 'AnnualCapParameters', category: livestock, cap: '18000.50' });
    const definition = DEFAULT_RULES.find((d) => d.code === 'CAP-LIVESTOCK')!;
    expect(rule).toMatchObject({ name: definition.name, severity: definition.severity, policyText: definition.policyText, effectiveFrom: definition.effectiveFrom, effectiveTo: null });
    expect(rule.versions[0]).toMatchObject({ changeNote: '县定标准上调', createdBy: ADMIN_NAME });
    expect(withoutTypename(rule.versions[1].parameters)).toEqual(definition.parameters);

    const after = await stored();
    expect(after).toHaveLength(2);
    expect(after[0]).toEqual(versionOne);
    expect(await counts()).toEqual({ rules: before.rules, versions: before.versions + 1, audit: before.audit + 1 });
    const entry = await db.prisma.auditEntry.findFirstOrThrow({ where: { action: 'EDIT_POLICY_RULE' }, orderBy: { id: 'desc' } });
    expect(entry).toMatchObject({ actor: ADMIN_NAME, householdId: null, fields: ['parameters'], detail: expect.objectContaining({ code: 'CAP-LIVESTOCK', version: 2 }) });
  });

  it('changes only the fields given, and clears effectiveTo when it is passed as null', async () => {
    await create(capRule('CAP-RETIRE', { effectiveTo: '2022-12-31' }));
    const severity = await revise({ code: 'CAP-RETIRE', severity: 'HIGH', changeNote: '提高严重程度' });
    expect(severity.policyRule).toMatchObject({ severity: 'HIGH', effectiveTo: '2022-12-31', currentVersion: { version: 2 } });
    const reopened = await revise({ code: 'CAP-RETIRE', effectiveTo: null, changeNote: '继续执行' });
    expect(reopened.userErrors).toEqual([]);
    expect(reopened.policyRule).toMatchObject({ severity: 'HIGH', effectiveTo: null, currentVersion: { version: 3 } });
    expect(reopened.policyRule!.versions.map((v) => [v.version, v.severity, v.effectiveTo])).toEqual([
      [3, 'HIGH', null],
      [2, 'HIGH', '2022-12-31'],
      [1, 'MEDIUM', '2022-12-31'],
    ]);
  });

  it('refuses a revision identical to the current version, writing nothing', async () => {
    const definition = DEFAULT_RULES.find((d) => d.code === 'ONCE-BIOGAS')!;
    const before = await counts();
    const payload = await revise({
      code: definition.code,
      name: definition.name,
      severity: definition.severity,
      parameters: { oneTime: { programs: [...(definition.parameters as { programs: string[] }).programs].reverse() } },
      effectiveFrom: definition.effectiveFrom,
      changeNote: 'no real change',
    });
    expect(errorsOf(payload)).toEqual(['input NO_CHANGE']);
    expect(payload.policyRule).toBeNull();
    expect(await counts()).toEqual(before);
  });
});

describe('refusals name the field and write nothing', () => {
  const createCases: Array<[string, Record<string, unknown>, string[]]> = [
    ['a code in use', capRule(DEFAULT_RULES[0].code), ['input.code DUPLICATE_CODE']],
    ['a malformed code', capRule('X!'), ['input.code INVALID_CODE']],
    ['a blank name', capRule('CAP-BLANK', { name: '  ' }), ['input.name REQUIRED']],
    ['a period ending before it begins', capRule('CAP-PERIOD', { effectiveFrom: '2024-01-01', effectiveTo: '2023-12-31' }), ['input.effectiveTo INVALID_PERIOD']],
    ['parameters of another kind', capRule('CAP-KIND', { parameters: { oneTime: { programs: [programA] } } }), ['input.parameters.oneTime PARAMETERS_KIND_MISMATCH']],
    ['two kinds of parameters', capRule('CAP-TWO', { parameters: { annualCap: { category: housing, cap: '1' }, oneTime: { programs: [programA] } } }), ['input.parameters.oneTime PARAMETERS_KIND_MISMATCH']],
    ['no parameters', capRule('CAP-NONE', { parameters: {} }), ['input.parameters.annualCap REQUIRED']],
    ['a zero cap', capRule('CAP-ZERO', { parameters: { annualCap: { category: housing, cap: '0' } } }), ['input.parameters.annualCap.cap INVALID_AMOUNT']],
    ['an unknown category', capRule('CAP-CAT', { parameters: { annualCap: { category: 'MOON_LANDING', cap: '100' } } }), ['input.parameters.annualCap.category UNKNOWN_CATEGORY']],
    [
      'a program on both sides of a mutual exclusion',
      { ...capRule('EXCL-SELF'), kind: 'MUTUALLY_EXCLUSIVE', parameters: { mutuallyExclusive: { programs: [programA, programB], conflictingPrograms: [programB] } } },
      ['input.parameters.mutuallyExclusive.conflictingPrograms OVERLAPPING_LISTS'],
    ],
    [
      'an ineligibility rule that checks nothing',
      { ...capRule('INELIGIBLE-NOTHING'), kind: 'INELIGIBLE_BENEFICIARY', parameters: { ineligibleBeneficiary: { departments: ['POVERTY'] } } },
      ['input.parameters.ineligibleBeneficiary.eligibleStatuses NOTHING_TO_CHECK'],
    ],
  ];

  it.each(createCases)('createPolicyRule with %s', async (_what, input, expected) => {
    const before = await counts();
    const payload = await create(input);
    expect(errorsOf(payload)).toEqual(expected);
    expect(payload.policyRule).toBeNull();
    for (const error of payload.userErrors) {
      expect(error.message.length).toBeGreaterThan(0);
      expect(error.messageZh?.length).toBeGreaterThan(0);
    }
    expect(await counts()).toEqual(before);
  });

  const reviseCases: Array<[string, Record<string, unknown>, string[]]> = [
    ['an unknown code', { code: 'NO-SUCH-RULE', severity: 'LOW', changeNote: 'x' }, ['input.code NOT_FOUND']],
    ['a blank change note', { code: 'DUP-HOUSING', severity: 'LOW', changeNote: ' ' }, ['input.changeNote REQUIRED']],
    ['a blank name', { code: 'DUP-HOUSING', name: '', changeNote: 'rename' }, ['input.name REQUIRED']],
    ['an end before the current start', { code: 'DUP-HOUSING', effectiveTo: '2013-12-31', changeNote: 'retire' }, ['input.effectiveTo INVALID_PERIOD']],
    ['a start after the current end', { code: 'CAP-RETIRE-LATER', effectiveFrom: '2031-01-01', changeNote: 'later' }, ['input.effectiveFrom INVALID_PERIOD']],
    ['parameters of another kind', { code: 'DUP-HOUSING', parameters: { annualCap: { category: housing, cap: '1' } }, changeNote: 'x' }, ['input.parameters.annualCap PARAMETERS_KIND_MISMATCH']],
    ['an unknown category', { code: 'DUP-HOUSING', parameters: { categoryOverlap: { categories: [housing, 'NOPE'] } }, changeNote: 'x' }, ['input.parameters.categoryOverlap.categories UNKNOWN_CATEGORY']],
  ];

  it.each(reviseCases)('revisePolicyRule with %s', async (_what, input, expected) => {
    if (input.code === 'CAP-RETIRE-LATER' && !(await db.prisma.policyRule.findUnique({ where: { code: 'CAP-RETIRE-LATER' } }))) {
      expect((await create(capRule('CAP-RETIRE-LATER', { effectiveTo: '2030-12-31' }))).userErrors).toEqual([]);
    }
    const before = await counts();
    const payload = await revise(input);
    expect(errorsOf(payload)).toEqual(expected);
    expect(payload.policyRule).toBeNull();
    expect(await counts()).toEqual(before);
  });

  it.each([
    ['an auditor', () => hub as HubClient],
    ['a village official', () => official],
    ['a department system', () => hub.asDepartment('POVERTY')],
  ])('refuses %s creating or revising a rule (FORBIDDEN)', async (_who, client) => {
    const caller = await client();
    const before = await counts();
    const created = await caller.send(CREATE, { input: capRule('CAP-FORBIDDEN') });
    const revised = await caller.send(REVISE, { input: { code: 'DUP-HOUSING', severity: 'LOW', changeNote: 'not mine to change' } });
    for (const response of [created, revised]) {
      expect(response.errors?.map((e) => e.extensions?.code)).toEqual(['FORBIDDEN']);
      expect(response.data).toBeNull();
    }
    expect(await counts()).toEqual(before);
  });
});

describe('a save that fails part-way', () => {
  /** The database, except that inside a transaction every raw statement (the audit entry) fails. */
  function auditFailing(prisma: PrismaClient): PrismaClient {
    const failing = (tx: object) => new Proxy(tx, { get: (target, key) => (key === '$executeRawUnsafe' ? () => Promise.reject(new Error('audit log unavailable')) : Reflect.get(target, key)) });
    return new Proxy(prisma, {
      get: (target, key) =>
        key === '$transaction'
          ? (work: (tx: object) => Promise<unknown>, options?: object) => target.$transaction((tx) => work(failing(tx)), options)
          : Reflect.get(target, key),
    });
  }

  it('leaves neither rule nor version behind when the audit entry cannot be written', async () => {
    const service = new PolicyRuleService(auditFailing(db.prisma), commandLineActor());
    const before = await counts();
    const versionsBefore = await db.prisma.policyRuleVersion.findMany({ orderBy: { id: 'asc' } });
    await expect(service.create(capRule('CAP-HALF') as unknown as CreatePolicyRuleInput)).rejects.toThrow('audit log unavailable');
    await expect(service.revise({ code: 'DUP-HOUSING', severity: 'LOW', changeNote: 'half written?' } as RevisePolicyRuleInput)).rejects.toThrow('audit log unavailable');
    expect(await counts()).toEqual(before);
    expect(await db.prisma.policyRuleVersion.findMany({ orderBy: { id: 'asc' } })).toEqual(versionsBefore);
    expect(await db.prisma.policyRule.findUnique({ where: { code: 'CAP-HALF' } })).toBeNull();
  });
});

describe('activeOn', () => {
  it('keeps rules with some version in effect on the day, whichever version that is', async () => {
    expect((await create(capRule('CAP-GAP', { effectiveFrom: '2020-01-01', effectiveTo: '2021-12-31' }))).userErrors).toEqual([]);
    expect((await revise({ code: 'CAP-GAP', effectiveFrom: '2025-01-01', effectiveTo: null, changeNote: '2025 年恢复执行' })).userErrors).toEqual([]);
    const activeOn = async (day: string) => (await list({ activeOn: day })).map((r) => r.code);

    for (const day of ['2020-01-01', '2021-12-31', '2025-01-01', '2030-06-30']) expect(await activeOn(day)).toContain('CAP-GAP');
    for (const day of ['2019-12-31', '2022-01-01', '2024-12-31']) expect(await activeOn(day)).not.toContain('CAP-GAP');
    // A revision that sets an end retires the rule after it, though version 1 had no end of its own.
    expect((await revise({ code: 'DUP-HOUSING', effectiveTo: '2026-06-30', changeNote: '住房保障并入住建部门统一管理' })).userErrors).toEqual([]);
    expect(await activeOn('2026-06-30')).toContain('DUP-HOUSING');
    expect(await activeOn('2026-07-01')).not.toContain('DUP-HOUSING');

    // Every default rule is in effect from its start on, and none before.
    const earliest = DEFAULT_RULES.map((d) => d.effectiveFrom).sort()[0];
    const before = await activeOn('2000-01-01');
    expect(before.filter((code) => DEFAULT_RULES.some((d) => d.code === code))).toEqual([]);
    expect(await activeOn(earliest)).toEqual(expect.arrayContaining(DEFAULT_RULES.filter((d) => d.effectiveFrom === earliest).map((d) => d.code)));

    // Combined with kind, and in code order.
    const capsIn2023 = await list({ kind: 'ANNUAL_CAP', activeOn: '2023-06-01' });
    expect(capsIn2023.every((r) => r.kind === 'ANNUAL_CAP')).toBe(true);
    expect(capsIn2023.map((r) => r.code)).not.toContain('CAP-GAP');
    expect(capsIn2023.map((r) => r.code)).toEqual([...capsIn2023.map((r) => r.code)].sort());
  });

  it('refuses a day that is not a date', async () => {
    const response = await hub.send(LIST, { activeOn: '2024-02-30' });
    expect(response.errors?.map((e) => e.extensions?.code)).toEqual(['BAD_USER_INPUT']);
  });
});
