import type { HubDatabase } from '../../../src/db/database';
import { generateCounty, type PlantedProblemKind } from '../../../src/demo/county-generator';
import { loadCounty } from '../../../src/demo/load-county';
import { ArchiveAssessmentScan } from '../../../src/modules/archive-review/archive-assessment';
import { ArchiveProblemHouseholdsDocument, ArchiveRollupDocument, HouseholdArchiveReviewDocument } from '../../generated/graphql';
import { startTestHub, type TestHub } from '../../support/hub-client';
import { createTestDatabase } from '../../support/test-database';

jest.setTimeout(300_000);

/** The discrepancy each planted archive problem must raise. */
const FACT_FOR_PLANT: Partial<Record<PlantedProblemKind, string>> = {
  FAMILY_SIZE_MISMATCH: 'FAMILY_SIZE',
  INCOME_MISMATCH: 'PER_CAPITA_INCOME',
  POVERTY_TYPE_MISMATCH: 'POVERTY_TYPE',
  INCOME_ARITHMETIC: 'INCOME_ARITHMETIC',
  FOUR_LOOKS_ARITHMETIC: 'FOUR_LOOKS_ARITHMETIC',
  LABOUR_COUNT_MISMATCH: 'LABOUR_COUNT',
  PAPER_ELECTRONIC_MISMATCH: 'FAMILY_SIZE',
};

interface Expected {
  missing: Set<string>;
  duplicated: Set<string>;
  facts: Set<string>;
}

describe('the archive review of the demo county', () => {
  const county = generateCounty({ households: 600 });
  let db: HubDatabase;
  let hub: TestHub;
  const expected = new Map<string, Expected>();

  beforeAll(async () => {
    db = await createTestDatabase();
    await loadCounty(db.prisma, county);
    hub = await startTestHub(db);
    for (const household of county.households) expected.set(household.householdNo, { missing: new Set(), duplicated: new Set(), facts: new Set() });
    for (const problem of county.planted) {
      const entry = expected.get(problem.householdNo)!;
      if (problem.kind === 'MISSING_ARCHIVE_ITEMS') {
        const codes = /archive lacks (.*)$/.exec(problem.detail)?.[1].split(', ') ?? ['E05', 'E08'];
        for (const code of codes) entry.missing.add(code);
      }
      if (problem.kind === 'DUPLICATE_DOCUMENT') entry.duplicated.add(/copies of (\S+)/.exec(problem.detail)![1]);
      const fact = FACT_FOR_PLANT[problem.kind];
      if (fact) entry.facts.add(fact);
    }
  });

  afterAll(async () => {
    await hub?.stop();
    await db?.close();
  });

  const sorted = (set: Iterable<string>) => [...set].sort();

  it('flags every planted archive problem, and nothing else', async () => {
    const result = await new ArchiveAssessmentScan(db.prisma).scan(null);
    expect(result.householdsAssessed).toBe(600);
    const rows = await db.prisma.archiveAssessment.findMany({ include: { household: { select: { householdNo: true } } } });
    expect(rows).toHaveLength(600);
    const differences: string[] = [];
    for (const row of rows) {
      const want = expected.get(row.household.householdNo)!;
      const got = { missing: sorted(row.missingCodes), duplicated: sorted(row.duplicatedCodes), facts: sorted(row.discrepantFacts) };
      const wanted = { missing: sorted(want.missing), duplicated: sorted(want.duplicated), facts: sorted(want.facts) };
      if (JSON.stringify(got) !== JSON.stringify(wanted)) differences.push(`${row.household.householdNo}: got ${JSON.stringify(got)}, planted ${JSON.stringify(wanted)}`);
    }
    expect(differences).toEqual([]);
    const kinds = new Set(county.planted.map((p) => p.kind));
    for (const kind of ['MISSING_ARCHIVE_ITEMS', 'DUPLICATE_DOCUMENT', 'FAMILY_SIZE_MISMATCH', 'INCOME_MISMATCH', 'POVERTY_TYPE_MISMATCH'] as const) expect(kinds).toContain(kind);
    expect(result.incomplete).toBe([...expected.values()].filter((e) => e.missing.size > 0).length);
  });

  it('changes nothing when assessed again', async () => {
    const strip = (rows: Array<{ assessedAt: Date }>) => rows.map(({ assessedAt: _, ...rest }) => rest);
    const before = strip(await db.prisma.archiveAssessment.findMany({ orderBy: { householdId: 'asc' } }));
    await new ArchiveAssessmentScan(db.prisma).scan(null);
    expect(strip(await db.prisma.archiveAssessment.findMany({ orderBy: { householdId: 'asc' } }))).toEqual(before);
  });

  it('shows each kind of planted problem on the profile, with its sources', async () => {
    const firstOf = (kind: PlantedProblemKind) => county.planted.find((p) => p.kind === kind);
    const missing = firstOf('MISSING_ARCHIVE_ITEMS')!;
    const review = (await hub.execute(HouseholdArchiveReviewDocument, { householdNo: missing.householdNo })).data!.household!.archiveReview!;
    expect(review.complete).toBe(false);
    expect(sorted(review.missingCodes)).toEqual(sorted(expected.get(missing.householdNo)!.missing));
    for (const code of review.missingCodes) expect(review.items.find((item) => item.typeCode === code)).toMatchObject({ state: 'MISSING', copies: 0, required: true });
    expect(review.items.map((item) => item.bindingOrder)).toEqual([...review.items.map((item) => item.bindingOrder)].sort((a, b) => a - b));

    const duplicate = firstOf('DUPLICATE_DOCUMENT')!;
    const dupReview = (await hub.execute(HouseholdArchiveReviewDocument, { householdNo: duplicate.householdNo })).data!.household!.archiveReview!;
    const code = /copies of (\S+)/.exec(duplicate.detail)![1];
    const item = dupReview.items.find((i) => i.typeCode === code)!;
    expect(item.state).toBe('DUPLICATED');
    expect(item.documents.length).toBe(item.copies);

    for (const kind of Object.keys(FACT_FOR_PLANT) as PlantedProblemKind[]) {
      const planted = firstOf(kind);
      if (!planted) continue;
      const household = (await hub.execute(HouseholdArchiveReviewDocument, { householdNo: planted.householdNo })).data!.household!;
      const discrepancy = household.archiveReview!.discrepancies.find((d) => d.fact === FACT_FOR_PLANT[kind]);
      expect(discrepancy).toBeDefined();
      expect(discrepancy!.values.length).toBeGreaterThan(1);
      if (kind === 'PAPER_ELECTRONIC_MISMATCH') expect(discrepancy!.betweenPaperAndElectronic).toBe(true);
      if (kind === 'INCOME_ARITHMETIC') {
        const recomputation = household.archiveReview!.recomputations.find((r) => r.fact === 'INCOME_ARITHMETIC' && !r.withinTolerance)!;
        expect(recomputation.document.type.code).toBe('P04');
        expect(recomputation.povertyLine).not.toBeNull();
      }
    }
  });

  it('rolls the county up by township and village, matching the stored assessments', async () => {
    const rows = await db.prisma.archiveAssessment.findMany();
    const response = await hub.execute(ArchiveRollupDocument, { regionCode: '520524000000', level: 'TOWNSHIP', worst: 5 });
    expect(response.errors).toBeUndefined();
    const rollup = response.data!.archiveRollup;
    expect(rollup.total.householdsAssessed).toBe(600);
    expect(rollup.total.completeHouseholds).toBe(rows.filter((r) => r.missingCodes.length === 0).length);
    expect(rollup.total.consistentHouseholds).toBe(rows.filter((r) => r.discrepantFacts.length === 0).length);
    expect(rollup.units.reduce((n, u) => n + u.householdsAssessed, 0)).toBe(600);
    const missingP = (code: string) => rows.filter((r) => r.missingCodes.includes(code)).length;
    for (const count of rollup.total.missingByItem) expect(count.households).toBe(missingP(count.code));
    for (const fact of Object.values(FACT_FOR_PLANT)) {
      const households = rows.filter((r) => r.discrepantFacts.includes(fact!)).length;
      if (households > 0) expect(rollup.total.discrepanciesByFact.find((c) => c.code === fact)!.households).toBe(households);
    }
    expect(rollup.worstHouseholds).toHaveLength(5);
    const lowest = rows.map((r) => Number(r.completeness)).sort((a, b) => a - b)[0];
    expect(Number(rollup.worstHouseholds[0].completeness)).toBe(lowest);
    expect(Number(rollup.worstUnits[0].meanCompleteness)).toBe(Math.min(...rollup.units.map((u) => Number(u.meanCompleteness))));

    const villages = (await hub.execute(ArchiveRollupDocument, { regionCode: '520524000000', level: 'VILLAGE', worst: 3 })).data!.archiveRollup;
    const blank = county.planted.find((p) => p.kind === 'MISSING_ARCHIVE_ITEMS' && p.detail.startsWith('E05'));
    if (blank) {
      const village = (await db.prisma.household.findUniqueOrThrow({ where: { householdNo: blank.householdNo } })).regionCode;
      const unit = villages.units.find((u) => u.regionCode === village)!;
      expect(unit.missingByItem.find((c) => c.code === 'E05')!.households).toBeGreaterThan(0);
      expect(villages.worstUnits.map((u) => u.regionCode)).toContain(village);
    }
  });

  it('lists households by archive filters', async () => {
    const rows = await db.prisma.archiveAssessment.findMany();
    const page = await hub.execute(ArchiveProblemHouseholdsDocument, { filter: { regionCode: '520524000000', discrepancy: 'POVERTY_TYPE' }, first: 100 });
    expect(page.errors).toBeUndefined();
    expect(page.data!.households.totalCount).toBe(rows.filter((r) => r.discrepantFacts.includes('POVERTY_TYPE')).length);
    for (const node of page.data!.households.nodes) expect(node.archiveReview!.discrepantFacts).toContain('POVERTY_TYPE');
    const below = await hub.execute(ArchiveProblemHouseholdsDocument, { filter: { completenessBelow: '80', missingItem: 'p04' }, first: 50 });
    expect(below.data!.households.totalCount).toBe(rows.filter((r) => Number(r.completeness) < 80 && r.missingCodes.includes('P04')).length);
    const duplicated = await hub.execute(ArchiveProblemHouseholdsDocument, { filter: { duplicatedItem: 'P02' }, first: 50 });
    expect(duplicated.data!.households.totalCount).toBe(rows.filter((r) => r.duplicatedCodes.includes('P02')).length);
    const bad = await hub.execute(ArchiveProblemHouseholdsDocument, { filter: { completenessBelow: 'eighty' }, first: 5 });
    expect(bad.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
  });
});
