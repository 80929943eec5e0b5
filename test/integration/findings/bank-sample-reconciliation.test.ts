import { join, resolve } from 'node:path';
import type { HubDatabase } from '../../../src/db/database';
import { generateCounty } from '../../../src/demo/county-generator';
import { resolveMapping } from '../../../src/modules/ingest/file-import';
import { importFile } from '../../../src/modules/ingest/file-import/import-file';
import { IngestService } from '../../../src/modules/ingest/ingest.service';
import { startTestHub, type TestHub } from '../../support/hub-client';
import { createTestDatabase } from '../../support/test-database';

jest.setTimeout(180_000);

/**
 * The shared samples end to end: the poverty office's register, civil affairs' June 低保 roster and
 * the bank's June disbursement file, imported as a county imports them. Reconciliation must find
 * the bank file's planted problems (one approved household not paid, one payment made twice) and
 * every amount the bank paid differently from the roster; the expectations are computed from
 * what the hub holds, not written down.
 */

const SAMPLES = join(resolve(__dirname, '../../..'), 'test/fixtures/department-files');
let db: HubDatabase;
let hub: TestHub;

beforeAll(async () => {
  db = await createTestDatabase();
  await db.prisma.region.createMany({ data: generateCounty({ seed: 2016, households: 2000 }).regions });
  const service = new IngestService(db.prisma);
  for (const [file, mapping] of [
    ['poverty-office-households-gb18030.csv', 'poverty-households'],
    ['civil-affairs-dibao-2024-06.csv', 'civil-dibao'],
    ['bank-disbursement-2024-06.csv', 'bank-payments'],
  ]) {
    await importFile(service, db.prisma, { file: join(SAMPLES, file), mapping: await resolveMapping(mapping) });
  }
  hub = await startTestHub(db);
});

afterAll(async () => {
  await hub?.stop();
  await db?.close();
});

interface Expected {
  rule: string;
  householdNo: string;
  amount: string;
}

/** What reconciliation should say about each June 低保 subsidy, from the subsidies and payments the hub holds. */
async function expectedFindings(): Promise<Expected[]> {
  const subsidies = await db.prisma.subsidy.findMany({ where: { program: { code: 'CIV_DIBAO' } }, include: { household: true } });
  const payments = await db.prisma.bankPayment.findMany();
  const expected: Expected[] = [];
  for (const s of subsidies) {
    const paid = payments.filter((p) => p.householdId === s.householdId).map((p) => p.amount.toFixed(2));
    const approved = s.amount.toFixed(2);
    const fen = (yuan: string) => Math.round(Number(yuan) * 100);
    if (paid.length === 0) expected.push({ rule: 'BANK-UNPAID-LIVING', householdNo: s.household.householdNo, amount: approved });
    else if (paid.length === 2 && paid.every((amount) => amount === approved)) expected.push({ rule: 'BANK-TWICE', householdNo: s.household.householdNo, amount: approved });
    else if (paid.length === 1 && paid[0] !== approved) {
      const difference = Math.abs(fen(paid[0]) - fen(approved));
      expected.push({ rule: 'BANK-AMOUNT', householdNo: s.household.householdNo, amount: `${Math.floor(difference / 100)}.${String(difference % 100).padStart(2, '0')}` });
    }
  }
  return expected.sort(byRuleAndHousehold);
}

const byRuleAndHousehold = (a: Expected, b: Expected) => a.rule.localeCompare(b.rule) || a.householdNo.localeCompare(b.householdNo);

describe('reconciling the June bank file against the June 低保 roster', () => {
  test('the sample’s planted problems are there: one household approved and not paid, one paid twice', async () => {
    const expected = await expectedFindings();
    expect(expected.filter((f) => f.rule === 'BANK-UNPAID-LIVING')).toHaveLength(1);
    expect(expected.filter((f) => f.rule === 'BANK-TWICE')).toHaveLength(1);
  });

  test('the delivery raised exactly those findings, and nothing else', async () => {
    const stored = await db.prisma.finding.findMany({ include: { rule: true, household: true } });
    const raised = stored.map((f) => ({ rule: f.rule.code, householdNo: f.household.householdNo, amount: f.amountAtRisk.toFixed(2) })).sort(byRuleAndHousehold);
    expect(raised).toEqual(await expectedFindings());
  });

  test('an auditor sees the repeat with both bank payments, masked, on the finding', async () => {
    const auditor = hub.as(await hub.createKey({ name: 'county auditor without personal data', role: 'AUDITOR' }));
    const response = await auditor.send(`{ overlapFindings(filter: { ruleCode: "BANK-TWICE" }, first: 10) { nodes { amountAtRisk payments { bankCardNo amount paidOn match } } } }`);
    const data = response.data as { overlapFindings: { nodes: Array<{ amountAtRisk: string; payments: Array<{ bankCardNo: string; amount: string; paidOn: string; match: string }> }> } };
    const [twice] = data.overlapFindings.nodes;
    expect(twice.payments).toHaveLength(2);
    expect(twice.payments.map((p) => p.match).sort()).toEqual(['EXACT', 'REPEAT']);
    expect(twice.payments.every((p) => p.amount === twice.amountAtRisk)).toBe(true);
    const cards = await db.prisma.bankPayment.findMany({ select: { cardNo: true } });
    for (const p of twice.payments) expect(cards.map((c) => c.cardNo)).not.toContain(p.bankCardNo);
    expect(twice.payments[0].bankCardNo).toMatch(/\d{4}$/);
  });
});
