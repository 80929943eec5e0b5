import { composeIdNumber } from '../../src/domain/id-number';
import type { HubDatabase } from '../../src/db/database';
import { toGlobalId } from '../../src/graphql/relay/global-id';
import { maskIdNumber } from '../../src/modules/auth/personal-data';
import { type HubClient, startTestHub, type TestHub } from '../support/hub-client';
import { createTownship } from '../support/regions';
import { createTestDatabase } from '../support/test-database';

jest.setTimeout(300_000);

let db: HubDatabase;
let hub: TestHub;

const VILLAGE = '520524100201';
const head = composeIdNumber('520524', '1962-03-04', 123);
const spouse = composeIdNumber('520524', '1965-07-08', 224);
const spouseCorrected = composeIdNumber('520524', '1965-07-09', 226);
const card = '6217003143616849492';
const badId = `${spouse.slice(0, 17)}${spouse[17] === '0' ? '1' : '0'}`;

const household = (no: string, headIdNumber: string) => ({
  sourceRecordId: `H-${no}`,
  householdNo: no,
  regionCode: VILLAGE,
  povertyType: '一般贫困户',
  status: 'ASSISTED',
  identifiedOn: '2016-05-01',
  headName: `户主${no.slice(-1)}`,
  headIdNumber,
  familySize: 2,
});

const INGEST = 'mutation ($input: IngestInput!) { ingest(input: $input) { accepted rejected { code message } userErrors { code } } }';

async function deliver(client: HubClient, input: Record<string, unknown>) {
  const response = await client.send(INGEST, { input });
  expect(response.errors).toBeUndefined();
  return response;
}

/** Every path through the schema that can carry an ID number, a card number, health or income. */
const EVERY_PATH = `query ($no: String!, $member: ID!) {
  household(householdNo: $no) {
    head { idNumber }
    members { idNumber health
      departmentFacts { fact value reports { value } }
      revisions { changes { field from to } } }
    subsidies { bankCardNo }
    documents { perCapitaIncome }
    identityReviews { explanation explanationZh evidence { idNumber } members { idNumber } }
  }
  node(id: $member) { ... on Member { idNumber } }
  deliveries(first: 10) { nodes { rejections(first: 20) { nodes { message messageZh } } } }
}`;

const FULL_ID = /(?<![0-9*])[0-9]{17}[0-9X](?![0-9])/;

let memberId: string;

beforeAll(async () => {
  db = await createTestDatabase();
  await createTownship(db.prisma, { [VILLAGE]: '五星村' });
  hub = await startTestHub(db);
  const poverty = await hub.asDepartment('POVERTY');
  await deliver(poverty, {
    department: 'POVERTY',
    households: [household('520524300001', head), household('520524300002', composeIdNumber('520524', '1970-01-01', 331))],
    // The spouse is on record in both households: an identity review quoting the ID number.
    members: [
      { sourceRecordId: 'M-S', householdNo: '520524300001', idNumber: spouse, name: '李秀英', relation: '配偶', health: '长期慢性病' },
      { sourceRecordId: 'M-S2', householdNo: '520524300002', idNumber: spouse, name: '李秀英', relation: '配偶' },
    ],
  });
  // A corrected ID number: a revision whose from and to are ID numbers.
  await deliver(poverty, { department: 'POVERTY', members: [{ sourceRecordId: 'M-S', householdNo: '520524300001', idNumber: spouseCorrected, name: '李秀英', relation: '配偶', health: '长期慢性病' }] });
  await deliver(await hub.asDepartment('ARCHIVE'), {
    department: 'ARCHIVE',
    documents: [{ sourceRecordId: 'FP-01', householdNo: '520524300001', typeCode: 'P02', documentDate: '2016-05-20', familySize: 2, perCapitaIncome: '2450.50' }],
  });
  const civil = await deliver(await hub.asDepartment('CIVIL'), {
    department: 'CIVIL',
    subsidies: [
      { sourceRecordId: 'D-1', householdNo: '520524300001', programCode: 'CIV_DIBAO', amount: '300.00', startDate: '2024-01-01', endDate: '2024-01-31', state: 'PAID', bankCardNo: card },
      // Refused, with the wrong ID number quoted in its reason.
      { sourceRecordId: 'D-2', beneficiaryIdNumber: badId, programCode: 'CIV_DIBAO', amount: '300.00', startDate: '2024-02-01', endDate: '2024-02-29', state: 'PAID' },
    ],
  });
  expect(JSON.stringify(civil.data)).toContain(badId);
  const member = await db.prisma.member.findFirstOrThrow({ where: { household: { householdNo: '520524300001' }, relation: 'HEAD' } });
  memberId = toGlobalId('Member', member.id);
});

afterAll(async () => {
  await hub?.stop();
  await db?.close();
});

describe('personal data', () => {
  it('is masked on every path for a key without the scopes, and its reading is not logged', async () => {
    const masked = hub.as(await hub.createKey({ name: 'auditor without personal data', role: 'AUDITOR' }));
    const before = await db.prisma.auditEntry.count({ where: { action: 'READ_PERSONAL_DATA' } });
    const response = await masked.send(EVERY_PATH, { no: '520524300001', member: memberId });
    expect(response.errors).toBeUndefined();
    const text = JSON.stringify(response.data);
    expect(text).not.toMatch(FULL_ID);
    for (const id of [head, spouse, spouseCorrected, badId]) expect(text).not.toContain(id);
    expect(text).not.toContain(card);
    expect(text).toContain(maskIdNumber(head));
    expect(text).toContain(maskIdNumber(badId));
    expect(text).toContain(`"bankCardNo":"${'*'.repeat(card.length - 4)}${card.slice(-4)}"`);

    const found = (response.data as { household: { members: Array<{ health: unknown }>; documents: Array<{ perCapitaIncome: unknown }>; identityReviews: unknown[] } }).household;
    expect(found.members.map((m) => m.health)).toEqual([null, null]);
    expect(found.documents).toEqual([{ perCapitaIncome: null }]);
    expect(found.identityReviews.length).toBeGreaterThan(0);
    expect(await db.prisma.auditEntry.count({ where: { action: 'READ_PERSONAL_DATA' } })).toBe(before);
  });

  it('is shown to a key holding the scopes, and every read lands in the audit log with the request id', async () => {
    const response = await hub.send(EVERY_PATH, { no: '520524300001', member: memberId });
    expect(response.errors).toBeUndefined();
    const text = JSON.stringify(response.data);
    for (const id of [head, spouseCorrected, badId]) expect(text).toContain(id);
    expect(text).toContain(card);
    expect(text).toContain('CHRONIC_ILLNESS');
    expect(text).toContain('2450.50');

    const requestId = response.headers.get('x-request-id');
    const entries = await db.prisma.auditEntry.findMany({ where: { requestId, action: 'READ_PERSONAL_DATA' } });
    const households = await db.prisma.household.findMany({ where: { householdNo: { in: ['520524300001', '520524300002'] } }, orderBy: { householdNo: 'asc' } });
    const first = entries.find((entry) => entry.householdId === households[0].id)!;
    expect(first.actor).toBe('test reader');
    expect(first.fields).toEqual(
      expect.arrayContaining(['Member.idNumber', 'Member.health', 'Subsidy.bankCardNo', 'ArchiveDocument.perCapitaIncome', 'FieldChange.from', 'FieldChange.to', 'IdentityEvidence.idNumber', 'IdentityReview.explanation']),
    );
    // The review names both households; the rejected record belongs to none.
    expect(entries.map((entry) => entry.householdId)).toEqual(expect.arrayContaining([households[0].id, households[1].id, null]));
    expect(entries.find((entry) => entry.householdId === null)!.fields).toEqual(['RejectedRecord.message', 'RejectedRecord.messageZh']);
  });

  it('leaves health and income unmasked where the hub is configured not to protect them', async () => {
    const open = await startTestHub(db, [], { protectedPersonalData: new Set(['ID_NUMBER', 'BANK_CARD'] as const) });
    try {
      const masked = open.as(await open.createKey({ name: 'official without scopes', role: 'OFFICIAL' }));
      const response = await masked.send('query ($no: String!) { household(householdNo: $no) { members { idNumber health } documents { perCapitaIncome } } }', { no: '520524300001' });
      const text = JSON.stringify(response.data);
      expect(text).toContain('CHRONIC_ILLNESS');
      expect(text).toContain('2450.50');
      expect(text).not.toMatch(FULL_ID);
      expect(await db.prisma.auditEntry.count({ where: { requestId: response.headers.get('x-request-id') } })).toBe(0);
    } finally {
      await open.stop();
    }
  });
});

describe('the audit log', () => {
  it('records every write with who, which household, which fields and the request', async () => {
    const civil = await hub.asDepartment('CIVIL');
    const response = await civil.send(INGEST, {
      input: { department: 'CIVIL', subsidies: [{ sourceRecordId: 'D-1', householdNo: '520524300001', programCode: 'CIV_DIBAO', amount: '320.00', startDate: '2024-01-01', endDate: '2024-01-31', state: 'PAID', bankCardNo: card }] },
    });
    const entries = await db.prisma.auditEntry.findMany({ where: { requestId: response.headers.get('x-request-id') } });
    const target = await db.prisma.household.findUniqueOrThrow({ where: { householdNo: '520524300001' } });
    expect(entries).toEqual([expect.objectContaining({ action: 'INGEST', actor: 'test CIVIL system', householdId: target.id, fields: ['SUBSIDY.amount'] })]);
  });

  it('records settling an identity review and managing keys', async () => {
    const official = hub.as(await hub.createKey({ name: 'county official', role: 'OFFICIAL' }));
    const review = await db.prisma.identityReview.findFirstOrThrow({ where: { status: 'OPEN' } });
    const dismissed = await official.send('mutation ($input: DismissIdentityReviewInput!) { dismissIdentityReview(input: $input) { review { status } } }', {
      input: { reviewId: toGlobalId('IdentityReview', review.id), reason: 'two people of the same name', resolvedBy: '王科长' },
    });
    expect(dismissed.errors).toBeUndefined();
    expect(await db.prisma.auditEntry.findMany({ where: { requestId: dismissed.headers.get('x-request-id') }, select: { action: true, householdId: true } })).toEqual(
      expect.arrayContaining(review.householdIds.map((householdId) => ({ action: 'DISMISS_IDENTITY_REVIEW', householdId }))),
    );

    const admin = hub.as(await hub.createKey({ name: 'key administrator', role: 'ADMIN' }));
    const created = await admin.send('mutation { createApiKey(input: { name: "民政局低保系统", role: DEPARTMENT, department: "CIVIL" }) { apiKey { id } secret } }');
    const log = await admin.send('{ auditLog(first: 1) { nodes { action actor fields detail requestId } } }');
    const [latest] = (log.data as { auditLog: { nodes: Array<{ action: string; actor: string; detail: string; requestId: string }> } }).auditLog.nodes;
    expect(latest).toMatchObject({ action: 'CREATE_API_KEY', actor: 'key administrator', requestId: created.headers.get('x-request-id') });
    expect(JSON.parse(latest.detail)).toMatchObject({ name: '民政局低保系统', role: 'DEPARTMENT', department: 'CIVIL' });
    expect(JSON.stringify(log.data)).not.toContain((created.data as { createApiKey: { secret: string } }).createApiKey.secret);
  });

  it('cannot be changed or emptied, even with SQL', async () => {
    const count = await db.prisma.auditEntry.count();
    expect(count).toBeGreaterThan(0);
    await expect(db.prisma.$executeRawUnsafe(`UPDATE audit_entry SET actor = 'someone else'`)).rejects.toThrow(/append-only/);
    await expect(db.prisma.$executeRawUnsafe('DELETE FROM audit_entry')).rejects.toThrow(/append-only/);
    await expect(db.prisma.$executeRawUnsafe('TRUNCATE audit_entry')).rejects.toThrow(/append-only/);
    expect(await db.prisma.auditEntry.count()).toBe(count);
  });
});

describe('API keys', () => {
  it('stops working the moment a leaked key is revoked', async () => {
    const admin = hub.as(await hub.createKey({ name: 'key administrator 2', role: 'ADMIN' }));
    const created = await admin.send('mutation { createApiKey(input: { name: "leaky laptop", role: OFFICIAL, regionCode: "520524100201" }) { apiKey { id prefix } secret userErrors { field } } }');
    const { apiKey, secret } = (created.data as { createApiKey: { apiKey: { id: string; prefix: string }; secret: string } }).createApiKey;
    expect(secret.startsWith(apiKey.prefix)).toBe(true);
    expect(await db.prisma.apiKey.count({ where: { secretHash: secret } })).toBe(0);

    const leaked = hub.as(secret);
    expect((await leaked.send('{ viewer { name regionCode } }')).data).toEqual({ viewer: { name: 'leaky laptop', regionCode: '520524100201' } });
    const revoked = await admin.send('mutation ($input: RevokeApiKeyInput!) { revokeApiKey(input: $input) { apiKey { revokedAt revokedBy revocationReason } } }', {
      input: { id: apiKey.id, reason: 'posted in a group chat' },
    });
    expect(revoked.errors).toBeUndefined();
    const refused = await leaked.send('{ viewer { name } }');
    expect(refused.status).toBe(401);
    expect(refused.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');

    const again = await admin.send('mutation ($input: RevokeApiKeyInput!) { revokeApiKey(input: $input) { userErrors { field code message } } }', { input: { id: apiKey.id, reason: 'twice' } });
    expect(again.errors).toBeUndefined();
    expect((again.data as { revokeApiKey: { userErrors: Array<{ field: string[] }> } }).revokeApiKey.userErrors[0].field).toEqual(['input', 'id']);
  });

  it('refuses a key request naming each bad field, and creates nothing', async () => {
    const admin = hub.as(await hub.createKey({ name: 'key administrator 3', role: 'ADMIN' }));
    const before = await db.prisma.apiKey.count();
    const response = await admin.send(
      'mutation { createApiKey(input: { name: " ", role: DEPARTMENT, regionCode: "12345", rateLimitPerMinute: 0, expiresOn: "2026-02-30" }) { apiKey { id } secret userErrors { field code message messageZh } } }',
    );
    expect(response.errors).toBeUndefined();
    const { apiKey, secret, userErrors } = (response.data as { createApiKey: { apiKey: null; secret: null; userErrors: Array<{ field: string[]; message: string }> } }).createApiKey;
    expect(apiKey).toBeNull();
    expect(secret).toBeNull();
    expect(userErrors.map((error) => error.field[1]).sort()).toEqual(['department', 'expiresOn', 'name', 'rateLimitPerMinute', 'regionCode']);
    expect(await db.prisma.apiKey.count()).toBe(before);
  });

  it('refuses unknown and malformed keys alike', async () => {
    for (const header of ['Bearer hub_not-a-real-key', 'Bearer something', 'Basic dXNlcjpwYXNz']) {
      const response = await hub.as(null).post({ query: '{ viewer { name } }' }, { authorization: header });
      expect(response.status).toBe(401);
      expect(response.headers.get('www-authenticate')).toMatch(/^Bearer/);
    }
    const health = await fetch(hub.url.replace(/\/graphql$/, '/health'));
    expect(health.status).toBe(200);
  });
});
