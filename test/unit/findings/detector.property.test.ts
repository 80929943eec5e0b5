import fc from 'fast-check';
import { detectFindings, type HouseholdFacts, type SubsidyFact } from '../../../src/modules/findings/detector';
import { reconcileFindings, type FindingChange, type StoredFinding } from '../../../src/modules/findings/reconcile';
import { CATALOGUE, DEFAULT_RULE_SPECS } from '../../support/rule-fixtures';

const PROGRAM_IDS = [...CATALOGUE.keys()];
const DAY = 86_400_000;
const iso = (day: number) => new Date(day * DAY).toISOString().slice(0, 10);
const FIRST_DAY = Date.UTC(2015, 0, 1) / DAY;

const subsidyArbitrary = (id: number) =>
  fc
    .record({
      programId: fc.constantFrom(...PROGRAM_IDS),
      memberId: fc.option(fc.integer({ min: 1, max: 3 }), { nil: null }),
      start: fc.integer({ min: 0, max: 9 * 365 }),
      length: fc.integer({ min: 0, max: 400 }),
      amountFen: fc.integer({ min: 1, max: 3_000_000 }),
      state: fc.constantFrom('PAID', 'PAID', 'APPROVED', 'APPLIED', 'WITHDRAWN'),
      version: fc.integer({ min: 1, max: 3 }),
    })
    .map(
      (r): SubsidyFact => ({
        id,
        version: r.version,
        memberId: r.memberId,
        programId: r.programId,
        amountFen: r.amountFen,
        startDate: iso(FIRST_DAY + r.start),
        endDate: iso(FIRST_DAY + r.start + r.length),
        year: Number(iso(FIRST_DAY + r.start).slice(0, 4)),
        state: r.state as SubsidyFact['state'],
        approvedOn: r.state === 'APPLIED' ? null : iso(FIRST_DAY + r.start),
        paidOn: r.state === 'PAID' ? iso(FIRST_DAY + r.start + r.length) : null,
      }),
    );

const householdArbitrary = fc
  .record({
    count: fc.integer({ min: 0, max: 14 }),
    exitDay: fc.option(fc.integer({ min: 365, max: 6 * 365 }), { nil: null }),
    deathDay: fc.option(fc.integer({ min: 0, max: 9 * 365 }), { nil: null }),
  })
  .chain(({ count, exitDay, deathDay }) =>
    fc.tuple(...Array.from({ length: count }, (_, i) => subsidyArbitrary(i + 1))).map(
      (subsidies): HouseholdFacts => ({
        householdId: 1,
        subsidies,
        statusChanges: [
          { status: 'IDENTIFIED', effectiveOn: '2015-01-01' },
          { status: 'ASSISTED', effectiveOn: '2015-02-01' },
          ...(exitDay === null ? [] : [{ status: 'EXITED' as const, effectiveOn: iso(FIRST_DAY + exitDay) }]),
        ],
        deceasedOn: deathDay === null ? new Map() : new Map([[2, iso(FIRST_DAY + deathDay)]]),
      }),
    ),
  );

const detect = (facts: HouseholdFacts) => detectFindings(facts, DEFAULT_RULE_SPECS, CATALOGUE);

/** The findings table in memory: applies a run's changes the way the detection service writes them. */
function apply(store: StoredFinding[], changes: FindingChange[]): StoredFinding[] {
  const next = store.map((finding) => ({ ...finding }));
  for (const change of changes) {
    if (change.kind === 'RAISE') {
      const d = change.detected;
      next.push({ id: next.length + 1, ruleId: d.ruleId, ruleCode: d.ruleCode, ruleKind: DEFAULT_RULE_SPECS.find((rule) => rule.ruleId === d.ruleId)!.kind, groupKey: d.groupKey, status: 'OPEN', fingerprint: d.fingerprint, amountAtRiskFen: d.amountAtRiskFen });
      continue;
    }
    const finding = next.find((f) => f.id === change.id)!;
    if (change.kind === 'CLOSE') finding.status = 'CLOSED';
    else {
      if (change.kind === 'REOPEN') finding.status = 'OPEN';
      finding.fingerprint = change.detected.fingerprint;
      finding.amountAtRiskFen = change.detected.amountAtRiskFen;
    }
  }
  return next;
}

function run(store: StoredFinding[], facts: HouseholdFacts): { store: StoredFinding[]; changes: FindingChange[] } {
  const changes = reconcileFindings(store, detect(facts), new Map(facts.subsidies.map((s) => [s.id, s])), () => true);
  return { store: apply(store, changes), changes };
}

/** Kinds about combinations of subsidies; a cap or a payment after death can be one subsidy's doing. */
const COMBINATION_RULES = new Set(DEFAULT_RULE_SPECS.filter((r) => ['CATEGORY_OVERLAP', 'MUTUALLY_EXCLUSIVE', 'ONE_TIME'].includes(r.kind)).map((r) => r.ruleId));

describe('the detector, on any household', () => {
  it('never raises a duplicate, an exclusion or a repeat from a single subsidy alone', () => {
    fc.assert(
      fc.property(subsidyArbitrary(1), (only) => {
        const found = detect({ householdId: 1, subsidies: [only], statusChanges: [], deceasedOn: new Map() });
        return found.every((f) => !COMBINATION_RULES.has(f.ruleId));
      }),
      { numRuns: 2000 },
    );
  });

  it('names at least two live subsidies in every combination finding, and risks no more than they total', () => {
    fc.assert(
      fc.property(householdArbitrary, (facts) => {
        const byId = new Map(facts.subsidies.map((s) => [s.id, s]));
        for (const finding of detect(facts)) {
          const involved = finding.subsidyIds.map((id) => byId.get(id)!);
          if (involved.some((s) => s.state === 'WITHDRAWN')) return false;
          if (COMBINATION_RULES.has(finding.ruleId) && involved.length < 2) return false;
          if (finding.amountAtRiskFen <= 0 || finding.amountAtRiskFen > involved.reduce((sum, s) => sum + s.amountFen, 0)) return false;
        }
        return true;
      }),
      { numRuns: 500 },
    );
  });

  it('does not depend on the order the subsidies are read in', () => {
    fc.assert(
      fc.property(householdArbitrary, fc.integer(), (facts, seed) => {
        const shuffled = [...facts.subsidies].sort((a, b) => ((a.id * 7919 + seed) % 97) - ((b.id * 7919 + seed) % 97));
        expect(detect({ ...facts, subsidies: shuffled })).toEqual(detect(facts));
      }),
      { numRuns: 300 },
    );
  });

  it('scanning twice equals scanning once', () => {
    fc.assert(
      fc.property(householdArbitrary, (facts) => {
        const first = run([], facts);
        const second = run(first.store, facts);
        expect(second.changes).toEqual([]);
        expect(second.store).toEqual(first.store);
      }),
      { numRuns: 500 },
    );
  });

  it('settles on the records as they now stand after any correction, and a rescan changes nothing', () => {
    fc.assert(
      fc.property(householdArbitrary, householdArbitrary, (before, after) => {
        const first = run([], before);
        const settled = first.store.map((f, i) => (i % 2 === 0 ? { ...f, status: 'DISMISSED' as const } : f));
        const corrected = run(settled, after);
        expect(run(corrected.store, after).changes).toEqual([]);
        const live = new Set(detect(after).map((f) => `${f.ruleId}|${f.groupKey}`));
        for (const finding of corrected.store) {
          if (finding.status === 'OPEN' || finding.status === 'CONFIRMED') expect(live.has(`${finding.ruleId}|${finding.groupKey}`)).toBe(true);
        }
      }),
      { numRuns: 300 },
    );
  });
});
