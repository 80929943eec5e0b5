import { migrateDatabase } from '../../src/db/migrate';
import { generateCounty } from '../../src/demo/county-generator';
import { ApiKeyService } from '../../src/modules/auth/api-key.service';
import { CliHarness } from '../support/cli-harness';

jest.setTimeout(300_000);

const harness = new CliHarness('keys');
const { cli, withDatabase } = harness;

beforeAll(async () => {
  await harness.setUp();
  await withDatabase(async (db) => {
    await migrateDatabase(db);
    await db.prisma.region.createMany({ data: generateCounty({ seed: 2016, households: 50 }).regions });
  });
  await harness.compile();
});

afterAll(() => harness.tearDown());

describe('API keys from the command line', () => {
  let secret: string;

  it('creates a key, printing its secret once and storing only the hash', async () => {
    const created = cli('keys:create', '--name', '民政局低保系统', '--role', 'DEPARTMENT', '--department', 'civil', '--region', '520524', '--personal-data', 'ID_NUMBER,BANK_CARD');
    expect(created.stderr).toBe('');
    expect(created.status).toBe(0);
    secret = /(hub_[A-Za-z0-9_-]{43})/.exec(created.stdout)![1];
    await withDatabase(async (db) => {
      const viewer = await new ApiKeyService(db.prisma).authenticate(secret);
      expect(viewer).toMatchObject({ name: '民政局低保系统', role: 'DEPARTMENT', departmentCode: 'CIVIL', regionCode: '520524000000' });
      expect([...viewer!.personalData].sort()).toEqual(['BANK_CARD', 'ID_NUMBER']);
      const [row] = await db.prisma.$queryRawUnsafe<Array<{ stored: string }>>('SELECT string_agg(secret_hash || prefix || name, \'\') AS stored FROM api_key');
      expect(row.stored).not.toContain(secret);
      expect(await db.prisma.auditEntry.count({ where: { action: 'CREATE_API_KEY', actor: { startsWith: 'cli:' } } })).toBe(1);
    });
  });

  it('refuses a bad key request naming the option, and creates nothing', async () => {
    const refused = cli('keys:create', '--name', 'x', '--role', 'KING', '--region', '99');
    expect(refused.status).toBe(1);
    expect(refused.stderr).toMatch(/--role: "KING" is not a role/);
    expect(refused.stderr).toMatch(/--region: invalid region code "99"/);
    await withDatabase(async (db) => expect(await db.prisma.apiKey.count()).toBe(1));
  });

  it('lists keys by prefix and revokes one at once', async () => {
    const listed = cli('keys:list');
    expect(listed.stdout).toContain(secret.slice(0, 12));
    expect(listed.stdout).toContain('民政局低保系统');
    expect(listed.stdout).not.toContain(secret);

    expect(cli('keys:revoke', secret.slice(0, 12)).stderr).toMatch(/reason: say why/);
    const revoked = cli('keys:revoke', secret.slice(0, 12), '--reason', 'laptop stolen');
    expect(revoked.status).toBe(0);
    await withDatabase(async (db) => expect(await new ApiKeyService(db.prisma).authenticate(secret)).toBeNull());
    expect(cli('keys:list').stdout).toBe('no API keys\n');
    expect(cli('keys:list', '--all').stdout).toContain('revoked');
  });
});
