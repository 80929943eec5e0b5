import { migrateDatabase } from '../../../src/db/migrate';
import { generateCounty } from '../../../src/demo/county-generator';
import { loadCounty } from '../../../src/demo/load-county';
import { CliHarness } from '../../support/cli-harness';

jest.setTimeout(300_000);

const harness = new CliHarness('archive-cli');
const { cli, withDatabase } = harness;
const county = generateCounty({ seed: 2016, households: 120 });

beforeAll(async () => {
  await harness.setUp();
  await Promise.all([
    harness.compile(),
    withDatabase(async (db) => {
      await migrateDatabase(db);
      await loadCounty(db.prisma, county);
    }),
  ]);
});

afterAll(() => harness.tearDown());

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
