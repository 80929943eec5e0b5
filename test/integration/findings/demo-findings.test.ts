import type { HubDatabase } from '../../../src/db/database';
import { generateCounty, type PlantedProblemKind } from '../../../src/demo/county-generator';
import { loadCounty } from '../../../src/demo/load-county';
import { commandLineActor } from '../../../src/modules/auth/audit';
import { FindingDetection } from '../../../src/modules/findings/finding-detection';
import { createTestDatabase } from '../../support/test-database';

jest.setTimeout(300_000);

/** Which planted problem each default rule is there to catch. */
const RULE_FOR_PLANT: Partial<Record<PlantedProblemKind, string[]>> = {
  DUPLICATE_CATEGORY_SUBSIDY: ['DUP-HOUSING', 'DUP-INDUSTRY'],
  MUTUALLY_EXCLUSIVE: ['EXCL-DIBAO-TEKUN'],
  ONE_TIME_REPEATED: ['ONCE-BIOGAS'],
  ANNUAL_CAP_EXCEEDED: ['CAP-LIVESTOCK'],
  PAID_AFTER_EXIT: ['INELIGIBLE-EXITED'],
  PAID_TO_DECEASED: ['INELIGIBLE-DECEASED'],
};

describe('the demo county under the default rule set', () => {
  const county = generateCounty({ households: 2000 });
  let db: HubDatabase;

  beforeAll(async () => {
    db = await createTestDatabase();
    await loadCounty(db.prisma, county);
  });

  afterAll(async () => {
    await db?.close();
  });

  async function findingsByHousehold(): Promise<string[]> {
    const rows = await db.prisma.finding.findMany({ where: { status: { not: 'CLOSED' } }, include: { rule: true, household: true } });
    return rows.map((row) => `${row.household.householdNo} ${row.rule.code}`).sort();
  }

  it('finds every planted duplicate or conflict, and nothing else', async () => {
    const result = await new FindingDetection(db.prisma).scan(null, commandLineActor());
    expect(result.householdsScanned).toBe(2000);
    const expected = county.planted
      .filter((problem) => RULE_FOR_PLANT[problem.kind])
      .map((problem) => `${problem.householdNo} ${RULE_FOR_PLANT[problem.kind]!.join('|')}`);
    const found = await findingsByHousehold();
    const matched = found.map((line) => {
      const [householdNo, code] = line.split(' ');
      return expected.find((e) => e.startsWith(householdNo) && e.split(' ')[1].split('|').includes(code)) ?? `unplanted: ${line}`;
    });
    const unplanted = matched.filter((line) => line.startsWith("unplanted"));
    if (unplanted.length) console.log((await db.prisma.finding.findMany({ include: { household: true } })).filter((f) => unplanted.some((u) => u.includes(f.household.householdNo))).slice(0, 6).map((f) => f.explanation).join("\n"));
    expect(unplanted).toEqual([]);
    expect([...new Set(matched)].sort()).toEqual([...new Set(expected)].sort());
    expect(result.raised).toBe(found.length);
  });
});
