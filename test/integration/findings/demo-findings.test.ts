import { Decimal } from 'decimal.js';
import type { HubDatabase } from '../../../src/db/database';
import { generateCounty, type PlantedProblemKind } from '../../../src/demo/county-generator';
import { loadCounty } from '../../../src/demo/load-county';
import { commandLineActor } from '../../../src/modules/auth/audit';
import { DISBURSEMENT_KINDS } from '../../../src/modules/findings/disbursement-checks';
import { FindingDetection } from '../../../src/modules/findings/finding-detection';
import { ConfirmFindingDocument, DismissFindingDocument, OpenFindingsDocument, RecordFindingRecoveryDocument, AssignFindingDocument } from '../../generated/graphql';
import { startTestHub, type TestHub } from '../../support/hub-client';
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
  const county = generateCounty({ households: 600 });
  let db: HubDatabase;
  let hub: TestHub;

  beforeAll(async () => {
    db = await createTestDatabase();
    await loadCounty(db.prisma, county);
    hub = await startTestHub(db);
  });

  afterAll(async () => {
    await hub?.stop();
    await db?.close();
  });

  /** The 多策合一 findings; the bank reconciliation's are test/integration/demo-bank-reconciliation.test.ts's. */
  async function findingsByHousehold(): Promise<string[]> {
    const rows = await db.prisma.finding.findMany({
      where: { status: { not: 'CLOSED' }, rule: { kind: { notIn: [...DISBURSEMENT_KINDS] } } },
      include: { rule: true, household: true },
    });
    return rows.map((row) => `${row.household.householdNo} ${row.rule.code}`).sort();
  }

  it('finds every planted duplicate or conflict, and nothing else', async () => {
    const result = await new FindingDetection(db.prisma).scan(null, commandLineActor());
    expect(result.householdsScanned).toBe(600);
    const expected = county.planted
      .filter((problem) => RULE_FOR_PLANT[problem.kind])
      .map((problem) => `${problem.householdNo} ${RULE_FOR_PLANT[problem.kind]!.join('|')}`);
    const found = await findingsByHousehold();
    const matched = found.map((line) => {
      const [householdNo, code] = line.split(' ');
      return expected.find((e) => e.startsWith(householdNo) && e.split(' ')[1].split('|').includes(code)) ?? `unplanted: ${line}`;
    });
    expect(matched.filter((line) => line.startsWith('unplanted'))).toEqual([]);
    expect([...new Set(matched)].sort()).toEqual([...new Set(expected)].sort());
    expect(result.raised).toBe(await db.prisma.finding.count());
  });

  it('changes nothing when the county is scanned again', async () => {
    const before = await db.prisma.finding.findMany({ orderBy: { id: 'asc' } });
    const again = await new FindingDetection(db.prisma).scan(null, commandLineActor());
    expect({ raised: again.raised, updated: again.updated, reopened: again.reopened, closed: again.closed }).toEqual({ raised: 0, updated: 0, reopened: 0, closed: 0 });
    expect(await db.prisma.finding.findMany({ orderBy: { id: 'asc' } })).toEqual(before);
  });

  it('serves the README’s auditor session: totals, a filtered list, confirm, assign, recover, dismiss', async () => {
    const first = await hub.execute(OpenFindingsDocument, { rule: 'DUP-INDUSTRY', minAmount: '3000' });
    expect(first.errors).toBeUndefined();
    const { findingTotals: totals, overlapFindings: page } = first.data!;
    const open = await db.prisma.finding.findMany({ where: { status: 'OPEN' }, include: { rule: true } });
    expect(totals.count).toBe(open.length);
    expect(totals.amountAtRisk).toBe(open.reduce((sum, f) => sum.plus(f.amountAtRisk), new Decimal(0)).toFixed(2));
    expect(totals.byRule.reduce((n, r) => n + r.count, 0)).toBe(open.length);
    const listed = open.filter((f) => f.rule.code === 'DUP-INDUSTRY' && f.amountAtRisk.gte(3000));
    expect(page.totalCount).toBe(listed.length);
    expect(page.nodes.length).toBeGreaterThan(1);
    for (const finding of page.nodes) {
      expect(finding.rule.code).toBe('DUP-INDUSTRY');
      expect(new Set(finding.subsidies.map((s) => s.department.code))).toEqual(new Set(['POVERTY', 'AGRI']));
      expect(finding.explanation).toContain(finding.amountAtRisk);
    }

    const [goats, other] = page.nodes;
    const confirmed = await hub.execute(ConfirmFindingDocument, { id: goats.id, note: '两部门均已拨付' });
    expect(confirmed.data!.confirmFinding).toMatchObject({ userErrors: [], finding: { status: 'CONFIRMED' } });
    const assigned = await hub.execute(AssignFindingDocument, { id: goats.id, department: 'AGRI' });
    expect(assigned.data!.assignFinding.finding!.assigneeDepartment!.code).toBe('AGRI');
    const tooMuch = await hub.execute(RecordFindingRecoveryDocument, { id: goats.id, amount: new Decimal(goats.amountAtRisk).plus('0.01').toFixed(2) });
    expect(tooMuch.data!.recordFindingRecovery.userErrors.map((e) => e.field)).toEqual([['input', 'amount']]);
    const recovered = await hub.execute(RecordFindingRecoveryDocument, { id: goats.id, amount: goats.amountAtRisk, note: '农业农村局已追回' });
    expect(recovered.data!.recordFindingRecovery.finding).toMatchObject({ status: 'RECOVERED', amountRecovered: goats.amountAtRisk });
    expect(recovered.data!.recordFindingRecovery.finding!.history.map((h) => h.kind)).toEqual(['RAISED', 'CONFIRMED', 'ASSIGNED', 'RECOVERED']);

    const noReason = await hub.execute(DismissFindingDocument, { id: other.id, reason: '  ' });
    expect(noReason.data!.dismissFinding.userErrors.map((e) => e.field)).toEqual([['input', 'reason']]);
    const dismissed = await hub.execute(DismissFindingDocument, { id: other.id, reason: '政策允许叠加：县政府 2018 年第 12 号文件' });
    expect(dismissed.data!.dismissFinding.finding!.status).toBe('DISMISSED');

    const rescan = await new FindingDetection(db.prisma).scan(null, commandLineActor());
    expect(rescan.reopened).toBe(0);
    const after = await hub.execute(OpenFindingsDocument, { rule: 'DUP-INDUSTRY', minAmount: '3000' });
    expect(after.data!.overlapFindings.totalCount).toBe(listed.length - 2);
  });
});
