import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { HubDatabase } from '../../src/db/database';
import { bankFileCsv, bankFilePayments } from '../../src/demo/bank-file';
import { DEMO_BANK_FILE_MONTH, generateCounty, type BankPlantedProblem, type PlantedProblemKind } from '../../src/demo/county-generator';
import { DEMO_LOADED_BANK_MONTHS, loadCounty } from '../../src/demo/load-county';
import type { PolicyRuleKind } from '../../src/generated/prisma/enums';
import { commandLineActor } from '../../src/modules/auth/audit';
import { DISBURSEMENT_KINDS } from '../../src/modules/findings/disbursement-checks';
import { FindingDetection } from '../../src/modules/findings/finding-detection';
import { resolveMapping } from '../../src/modules/ingest/file-import';
import { importFile } from '../../src/modules/ingest/file-import/import-file';
import { IngestService } from '../../src/modules/ingest/ingest.service';
import { CliHarness } from '../support/cli-harness';
import { createTestDatabase } from '../support/test-database';

jest.setTimeout(600_000);

// The demo county's bank files (一户一卡): Jan–Nov loaded with the county, December imported as
// the README shows. Reconciliation must find every planted gap, in the month its file arrives, and
// nothing else: the controls (a split payment, a payment on the last day of the window) raise nothing.

const county = generateCounty({ households: 600 });
const records = county.batch();
const work = mkdtempSync(join(tmpdir(), 'hub-demo-bank-'));

/** The reconciliation finding(s) each planted bank gap raises: rule kind and which household. */
function expectedFor(plant: BankPlantedProblem): string[] {
  const on = (kind: PolicyRuleKind, householdNo: string | null = plant.householdNo) => `${householdNo} ${kind}`;
  switch (plant.kind) {
    case 'NOT_PAID':
      return [on('NOT_PAID')];
    case 'PAID_SHORT':
    case 'PAID_MORE':
      return [on('PAID_AMOUNT_MISMATCH')];
    case 'PAID_TWICE':
      return [on('PAID_TWICE')];
    case 'PAID_TO_OTHER_CARD':
      return [on('PAID_TO_OTHER_CARD')];
    case 'CARD_SHARED_ACROSS_DEPARTMENTS':
      // The card's household; the household whose POVERTY project went to that card is paid on another's card.
      return [on('CARD_SHARED_ACROSS_DEPARTMENTS'), on('PAID_TO_OTHER_CARD', plant.otherHouseholdNo)];
    case 'PAID_AFTER_DEATH':
      return [on('PAID_AFTER_DEATH_OR_EXIT')];
    case 'SPLIT_PAYMENT':
    case 'PAID_INSIDE_WINDOW':
      return [];
  }
}

const subsidyByKey = new Map(records.subsidies.map((s) => [`${s.department}/${s.sourceRecordId}`, s]));
const memberByKey = new Map(records.members.map((m) => [m.sourceRecordId, m]));
const cardOf = new Map(records.cards.map((card) => [card.cardNo, card]));
const history = new Map<string, typeof records.statusChanges>();
for (const change of records.statusChanges) history.set(change.householdNo, [...(history.get(change.householdNo) ?? []), change]);

function addMonths(date: string, months: number): string {
  const [y, m, d] = date.split('-').map(Number);
  const total = y * 12 + m - 1 + months;
  const last = new Date(Date.UTC(Math.floor(total / 12), (total % 12) + 1, 0)).getUTCDate();
  return `${Math.floor(total / 12)}-${String((total % 12) + 1).padStart(2, '0')}-${String(Math.min(d, last)).padStart(2, '0')}`;
}

/**
 * Payments made when they should not have been, worked out from the generated records alone: after
 * the personal subsidy's member or the card holder died, or (POVERTY money) when the household was
 * removed or past the 36-month transition after exit. The existing PAID_TO_DECEASED and
 * PAID_AFTER_EXIT plants whose money reached a card in 2024 land here, besides the bank plants.
 */
function paidWhenIneligible(months: ReadonlySet<string>): string[] {
  const households = new Set<string>();
  for (const p of records.payments) {
    if (!months.has(p.paidOn.slice(0, 7))) continue;
    const s = subsidyByKey.get(p.subsidyKey)!;
    const card = cardOf.get(p.cardNo)!;
    const memberDied = s.memberKey === null ? null : memberByKey.get(s.memberKey)!.deceasedOn;
    const holderDied = card.householdNo === s.householdNo ? memberByKey.get(card.holderKey)!.deceasedOn : null;
    const dead = (memberDied !== null && p.paidOn > memberDied) || (holderDied !== null && p.paidOn > holderDied);
    let ineligible = false;
    if (s.department === 'POVERTY') {
      const changes = history.get(s.householdNo)!.filter((c) => c.effectiveOn <= p.paidOn);
      const now = changes.at(-1)!;
      ineligible = now.toStatus === 'REMOVED' || (now.toStatus === 'EXITED' && p.paidOn > addMonths(now.effectiveOn, 36));
    }
    if (dead || ineligible) households.add(s.householdNo);
  }
  return [...households];
}

function expectedFindings(months: ReadonlySet<string>): string[] {
  const fromPlants = county.bankPlanted.filter((plant) => months.has(plant.month) && plant.kind !== 'PAID_AFTER_DEATH').flatMap(expectedFor);
  const afterDeathOrExit = paidWhenIneligible(months).map((householdNo) => `${householdNo} PAID_AFTER_DEATH_OR_EXIT`);
  return [...new Set([...fromPlants, ...afterDeathOrExit])].sort();
}

describe('the demo county’s bank files under reconciliation', () => {
  let db: HubDatabase;
  const loaded = new Set(DEMO_LOADED_BANK_MONTHS);
  const all = new Set([...DEMO_LOADED_BANK_MONTHS, DEMO_BANK_FILE_MONTH]);

  beforeAll(async () => {
    db = await createTestDatabase();
    await loadCounty(db.prisma, county);
  });

  afterAll(async () => {
    await db?.close();
    rmSync(work, { recursive: true, force: true });
  });

  async function bankFindings(): Promise<string[]> {
    const rows = await db.prisma.finding.findMany({
      where: { status: { not: 'CLOSED' }, rule: { kind: { in: [...DISBURSEMENT_KINDS] } } },
      select: { household: { select: { householdNo: true } }, rule: { select: { kind: true } } },
    });
    return [...new Set(rows.map((row) => `${row.household.householdNo} ${row.rule.kind}`))].sort();
  }

  it('plants every kind of bank gap and control, December among the months, each on its own household', () => {
    expect(new Set(county.bankPlanted.map((plant) => plant.kind)).size).toBe(9);
    expect(county.bankPlanted.some((plant) => plant.month === DEMO_BANK_FILE_MONTH && !plant.control)).toBe(true);
    expect(county.bankPlanted.some((plant) => plant.month !== DEMO_BANK_FILE_MONTH && !plant.control)).toBe(true);
    const oldPlants = new Set(county.planted.map((problem) => problem.householdNo));
    const involved = county.bankPlanted.flatMap((plant) => [plant.householdNo, ...(plant.otherHouseholdNo ? [plant.otherHouseholdNo] : [])]);
    expect(involved.filter((householdNo) => oldPlants.has(householdNo))).toEqual([]);
    expect(new Set(involved).size).toBe(involved.length);
  });

  it('finds every gap planted in January to November, and nothing else', async () => {
    const result = await new FindingDetection(db.prisma).scan(null, commandLineActor());
    expect(result.householdsScanned).toBe(600);
    const expected = expectedFindings(loaded);
    // Existing plants whose money reached a card in 2024 (paid to the deceased, paid after exit) are expected too.
    const oldPlantKinds: PlantedProblemKind[] = ['PAID_TO_DECEASED', 'PAID_AFTER_EXIT'];
    const oldPlants = new Set(county.planted.filter((problem) => oldPlantKinds.includes(problem.kind)).map((problem) => problem.householdNo));
    const bankDeaths = new Set(county.bankPlanted.filter((plant) => plant.kind === 'PAID_AFTER_DEATH').map((plant) => plant.householdNo));
    for (const line of expected.filter((line) => line.endsWith('PAID_AFTER_DEATH_OR_EXIT'))) {
      const householdNo = line.split(' ')[0];
      expect({ householdNo, planted: oldPlants.has(householdNo) || bankDeaths.has(householdNo) }).toEqual({ householdNo, planted: true });
    }
    for (const plant of county.bankPlanted.filter((p) => p.kind === 'PAID_AFTER_DEATH' && loaded.has(p.month))) expect(expected).toContain(`${plant.householdNo} PAID_AFTER_DEATH_OR_EXIT`);
    expect(expected.length).toBeGreaterThan(10);
    expect(await bankFindings()).toEqual(expected);
  });

  it('matches the controls: the split payment and the payment on the window’s last day', async () => {
    for (const plant of county.bankPlanted.filter((p) => p.control && loaded.has(p.month))) {
      const [department, sourceRecordId] = plant.subsidyKey!.split('/');
      const subsidy = await db.prisma.subsidy.findFirstOrThrow({ where: { sourceRecordId, department: { code: department } }, select: { id: true, amount: true } });
      const payments = await db.prisma.bankPayment.findMany({ where: { subsidyId: subsidy.id }, select: { amount: true, match: true } });
      expect({ plant: plant.kind, matches: payments.map((p) => p.match).sort() }).toEqual({
        plant: plant.kind,
        matches: plant.kind === 'SPLIT_PAYMENT' ? ['SPLIT', 'SPLIT'] : ['EXACT'],
      });
      expect(payments.reduce((sum, p) => sum + Number(p.amount.toFixed(2).replace('.', '')), 0)).toBe(Number(subsidy.amount.toFixed(2).replace('.', '')));
    }
  });

  it('imports December’s bank file: the December gaps appear and nothing else', async () => {
    const file = join(work, `bank-disbursement-${DEMO_BANK_FILE_MONTH}.csv`);
    const december = bankFilePayments(county, DEMO_BANK_FILE_MONTH);
    expect(december.length).toBe(records.payments.filter((p) => p.paidOn.startsWith(DEMO_BANK_FILE_MONTH)).length);
    writeFileSync(file, bankFileCsv(december));
    const summary = await importFile(new IngestService(db.prisma), db.prisma, {
      file,
      mapping: await resolveMapping('bank-payments'),
      reportPath: join(work, 'december.errors.csv'),
    });
    expect({ rows: summary.rows, created: summary.created, rejected: summary.rejected }).toEqual({ rows: december.length, created: december.length, rejected: 0 });
    const months = await db.prisma.bankCoverageMonth.findMany({ select: { month: true } });
    expect(months.map((row) => row.month.toISOString().slice(0, 7)).sort()).toEqual([...all].sort());

    // The import reconciles the households its payments touch; whatever it raised is expected.
    const expected = expectedFindings(all);
    const afterImport = await bankFindings();
    expect(afterImport.filter((line) => !expected.includes(line))).toEqual([]);
    const touchedGaps = county.bankPlanted.filter((plant) => plant.month === DEMO_BANK_FILE_MONTH && plant.kind !== 'NOT_PAID').flatMap(expectedFor);
    expect(touchedGaps.length).toBeGreaterThan(0);
    expect(touchedGaps.filter((line) => !afterImport.includes(line))).toEqual([]);

    // A scan sees the newly covered month everywhere: December's unpaid subsidies too.
    await new FindingDetection(db.prisma).scan(null, commandLineActor());
    expect(await bankFindings()).toEqual(expected);
    const newInDecember = expected.filter((line) => !expectedFindings(loaded).includes(line));
    expect(newInDecember.length).toBeGreaterThan(0);
  });
});

describe('demo:bank-file', () => {
  const harness = new CliHarness('demo-bank-file');

  beforeAll(() => harness.compile());
  afterAll(() => harness.tearDown());

  it('writes a month of the demo county’s payments as the bank sends them; the county follows --households and --seed', () => {
    const out = join(harness.work, 'december.csv');
    const result = harness.cli('demo:bank-file', '--month', '2024-12', '--households', '150', '--seed', '7', '--out', out);
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    const payments = bankFilePayments(generateCounty({ households: 150, seed: 7 }), '2024-12');
    expect(result.stdout).toContain(`wrote ${payments.length} payments of 2024-12 (demo county of 150 households, seed 7)`);
    expect(readFileSync(out, 'utf8')).toBe(bankFileCsv(payments));
    expect(payments.length).toBeGreaterThan(10);
  });

  it('refuses a month outside the demo year, or none, as a usage error', () => {
    for (const args of [['--month', '2025-01'], ['--month', '2024-6'], []]) {
      const result = harness.cli('demo:bank-file', ...args, '--households', '150', '--out', join(harness.work, 'never.csv'));
      expect({ args, status: result.status }).toEqual({ args, status: 2 });
      expect(result.stderr).toContain('--month');
    }
  });
});
