import { detectFindings, type DetectedFinding } from '../../../src/modules/findings/detector';
import { reconcileFindings, type StoredFinding } from '../../../src/modules/findings/reconcile';
import { CATALOGUE, DEFAULT_RULE_SPECS, household, subsidy } from '../../support/rule-fixtures';

const pov = subsidy('POV_INDUSTRY_GOAT', '2018-04-01', '2018-09-01', { amountFen: 500_000 });
const agr = subsidy('AGR_GOAT', '2018-05-10', '2018-10-01', { amountFen: 640_000 });
const [goat] = detectFindings(household([pov, agr]), DEFAULT_RULE_SPECS, CATALOGUE);

const stored = (detected: DetectedFinding, status: StoredFinding['status']): StoredFinding => ({
  id: 42,
  ruleId: detected.ruleId,
  ruleCode: detected.ruleCode,
  ruleKind: 'CATEGORY_OVERLAP',
  groupKey: detected.groupKey,
  status,
  fingerprint: detected.fingerprint,
  amountAtRiskFen: detected.amountAtRiskFen,
});

const reconcile = (existing: StoredFinding[], subsidies = [pov, agr], inEffect = true) =>
  reconcileFindings(existing, detectFindings(household(subsidies), DEFAULT_RULE_SPECS, CATALOGUE), new Map(subsidies.map((s) => [s.id, s])), () => inEffect);

describe('reconcileFindings', () => {
  it('raises a new conflict once', () => {
    expect(reconcile([]).map((c) => c.kind)).toEqual(['RAISE']);
  });

  it.each(['OPEN', 'CONFIRMED', 'DISMISSED', 'RECOVERED'] as const)('leaves a %s finding alone when nothing changed', (status) => {
    expect(reconcile([stored(goat, status)])).toEqual([]);
  });

  it('does not reopen a dismissed finding on a rescan, but does when one of its subsidies changes', () => {
    const dismissed = stored(goat, 'DISMISSED');
    expect(reconcile([dismissed])).toEqual([]);
    const corrected = { ...agr, version: 2, amountFen: 700_000 };
    const [change] = reconcile([dismissed], [pov, corrected]);
    expect(change).toMatchObject({ kind: 'REOPEN', id: 42, from: 'DISMISSED' });
    expect(change.kind === 'REOPEN' && change.note).toContain(`subsidies ${agr.id} corrected`);
  });

  it('updates an open finding in place when a subsidy is corrected', () => {
    const [change] = reconcile([stored(goat, 'CONFIRMED')], [{ ...pov, version: 2, amountFen: 450_000 }, agr]);
    expect(change).toMatchObject({ kind: 'UPDATE', id: 42 });
    expect(change.kind === 'UPDATE' && change.note).toContain('amount at risk 5000.00 → 4500.00');
  });

  it('closes an open finding whose subsidy was withdrawn, saying so', () => {
    const [change] = reconcile([stored(goat, 'OPEN')], [pov, { ...agr, state: 'WITHDRAWN', version: 2 }]);
    expect(change).toMatchObject({ kind: 'CLOSE', id: 42, from: 'OPEN' });
    expect(change.kind === 'CLOSE' && change.note).toContain(`subsidy ${agr.id} was withdrawn`);
  });

  it('closes with the correction when the periods no longer overlap', () => {
    const moved = { ...agr, version: 3, startDate: '2019-05-10', endDate: '2019-10-01' };
    const [change] = reconcile([stored(goat, 'CONFIRMED')], [pov, moved]);
    expect(change.kind === 'CLOSE' && change.note).toContain(`subsidy ${agr.id} was corrected to version 3`);
  });

  it('says when a subsidy left the household, or the rule is gone', () => {
    expect(reconcile([stored(goat, 'OPEN')], [pov]).map((c) => c.kind === 'CLOSE' && c.note)).toEqual([expect.stringContaining(`subsidy ${agr.id} is no longer recorded`)]);
    expect(reconcileFindings([stored(goat, 'OPEN')], [], new Map(), () => false).map((c) => c.kind === 'CLOSE' && c.note)).toEqual([expect.stringContaining('DUP-INDUSTRY is no longer on record')]);
  });

  it('keeps settled findings settled when their cause disappears, and reopens a closed one when it returns', () => {
    expect(reconcile([stored(goat, 'DISMISSED')], [pov])).toEqual([]);
    expect(reconcile([stored(goat, 'RECOVERED')], [pov])).toEqual([]);
    expect(reconcile([stored(goat, 'CLOSED')]).map((c) => c.kind)).toEqual(['REOPEN']);
  });
});
