import { execFile, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { openDatabase, type HubDatabase } from '../../../src/db/database';
import { migrateDatabase } from '../../../src/db/migrate';
import { createScratchDatabase, type ScratchDatabase } from '../../../src/db/scratch-database';
import { generateCounty } from '../../../src/demo/county-generator';
import { loadCounty } from '../../../src/demo/load-county';
import { POSTGRES_ADMIN_URL, testDatabaseKind } from '../../support/test-database';

jest.setTimeout(300_000);

const ROOT = resolve(__dirname, '../../..');
const BUILD = join(ROOT, 'node_modules/.cache/hub-test-build-archive-cli', testDatabaseKind());
const work = mkdtempSync(join(tmpdir(), 'hub-archive-cli-'));
const county = generateCounty({ seed: 2016, households: 120 });
let scratch: ScratchDatabase | null = null;
let env: Record<string, string>;

/** An embedded data directory has one user at a time: the database is open only between command runs. */
async function withDatabase<T>(use: (db: HubDatabase) => Promise<T>): Promise<T> {
  const db = await openDatabase({ url: scratch?.url, dataDir: join(work, 'data') });
  try {
    return await use(db);
  } finally {
    await db.close();
  }
}

const cli = (...args: string[]) => spawnSync(process.execPath, [join(BUILD, 'src/cli.js'), ...args], { env: { ...process.env, ...env }, encoding: 'utf8' });

beforeAll(async () => {
  if (testDatabaseKind() === 'postgres') scratch = await createScratchDatabase(POSTGRES_ADMIN_URL);
  env = scratch ? { DATABASE_URL: scratch.url } : { HUB_DATA_DIR: join(work, 'data') };
  await Promise.all([
    promisify(execFile)(join(ROOT, 'node_modules/.bin/swc'), ['src', '-d', BUILD, '--copy-files', '-q'], { cwd: ROOT }),
    withDatabase(async (db) => {
      await migrateDatabase(db);
      await loadCounty(db.prisma, county);
    }),
  ]);
});

afterAll(async () => {
  await scratch?.drop();
  rmSync(work, { recursive: true, force: true });
});

describe('archive:assess from the command line', () => {
  it('refuses a malformed region with exit code 2', () => {
    const malformed = cli('archive:assess', '--region', '52052');
    expect(malformed.status).toBe(2);
    expect(malformed.stderr).toMatch(/--region/);
  });

  it('assesses a township with a progress bar, then the whole hub', async () => {
    const township = county.households[0].regionCode.slice(0, 9);
    const inTownship = county.households.filter((h) => h.regionCode.startsWith(township)).length;
    const scanned = cli('archive:assess', '--region', township);
    expect(scanned.status).toBe(0);
    expect(scanned.stderr).toMatch(new RegExp(`archive:assess ${township}000: ${inTownship} households in \\d+`));
    expect(scanned.stdout).toMatch(new RegExp(`${inTownship} households assessed`));
    expect(scanned.stdout).toMatch(/incomplete \(缺项\)/);
    await withDatabase(async (db) => expect(await db.prisma.archiveAssessment.count()).toBe(inTownship));
    const everything = cli('archive:assess');
    expect(everything.status).toBe(0);
    expect(everything.stdout).toMatch(/over the whole hub .*: 120 households assessed/);
    await withDatabase(async (db) => expect(await db.prisma.archiveAssessment.count()).toBe(120));
  });
});
