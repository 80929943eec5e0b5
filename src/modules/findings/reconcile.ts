import type { FindingStatus, PolicyRuleKind } from '../../generated/prisma/enums';
import { fenToYuan } from '../../domain/money';
import type { DetectedFinding, SubsidyFact } from './detector';
import { DISBURSEMENT_KINDS } from './disbursement-checks';

/** A finding already on record for a household. */
export interface StoredFinding {
  id: number;
  ruleId: number;
  ruleCode: string;
  ruleKind: PolicyRuleKind;
  groupKey: string;
  status: FindingStatus;
  fingerprint: string;
  amountAtRiskFen: number;
}

export type FindingChange =
  | { kind: 'RAISE'; detected: DetectedFinding }
  | { kind: 'UPDATE'; id: number; detected: DetectedFinding; note: string }
  | { kind: 'REOPEN'; id: number; from: FindingStatus; detected: DetectedFinding; note: string }
  | { kind: 'CLOSE'; id: number; from: FindingStatus; note: string };

/** Statuses a finding leaves only by a person's decision, unless its subsidies change. */
const SETTLED: ReadonlySet<FindingStatus> = new Set(['DISMISSED', 'RECOVERED']);

/**
 * What one detection run changes for one household: new conflicts are raised; changed ones are
 * updated (or reopened if someone had settled them on other subsidies); conflicts whose cause is
 * gone are closed with the reason. Running it on its own result changes nothing (idempotent).
 */
export function reconcileFindings(
  stored: readonly StoredFinding[],
  detected: readonly DetectedFinding[],
  currentSubsidies: ReadonlyMap<number, SubsidyFact>,
  ruleInEffect: (ruleId: number) => boolean,
): FindingChange[] {
  const changes: FindingChange[] = [];
  const byKey = new Map(stored.map((finding) => [`${finding.ruleId}|${finding.groupKey}`, finding]));
  for (const finding of detected) {
    const key = `${finding.ruleId}|${finding.groupKey}`;
    const existing = byKey.get(key);
    byKey.delete(key);
    if (!existing) {
      changes.push({ kind: 'RAISE', detected: finding });
      continue;
    }
    const changed = existing.fingerprint !== finding.fingerprint || existing.amountAtRiskFen !== finding.amountAtRiskFen;
    if (existing.status === 'CLOSED') {
      changes.push({ kind: 'REOPEN', id: existing.id, from: existing.status, detected: finding, note: 'the conflict is back: 冲突再次出现' });
    } else if (changed && SETTLED.has(existing.status)) {
      changes.push({ kind: 'REOPEN', id: existing.id, from: existing.status, detected: finding, note: `subsidies changed since it was ${existing.status.toLowerCase()}: ${describeChange(existing, finding)}` });
    } else if (changed) {
      changes.push({ kind: 'UPDATE', id: existing.id, detected: finding, note: describeChange(existing, finding) });
    }
  }
  for (const existing of byKey.values()) {
    if (existing.status !== 'OPEN' && existing.status !== 'CONFIRMED') continue;
    changes.push({ kind: 'CLOSE', id: existing.id, from: existing.status, note: closingReason(existing, currentSubsidies, ruleInEffect) });
  }
  return changes;
}

/** The subsidies (id → version) of a fingerprint; bank payments are written P<id>@<version>. */
function parseFingerprint(fingerprint: string, prefix = ''): Map<number, number> {
  return new Map(
    fingerprint
      .split(',')
      .filter((part) => part !== '' && (prefix === '' ? /^\d/.test(part) : part.startsWith(prefix)))
      .map((part) => part.slice(prefix.length).split('@').map(Number) as [number, number]),
  );
}

function describeChange(existing: StoredFinding, finding: DetectedFinding): string {
  const before = parseFingerprint(existing.fingerprint);
  const after = parseFingerprint(finding.fingerprint);
  const parts: string[] = [];
  const added = [...after.keys()].filter((id) => !before.has(id));
  const removed = [...before.keys()].filter((id) => !after.has(id));
  const corrected = [...after].filter(([id, version]) => before.has(id) && before.get(id) !== version).map(([id]) => id);
  if (added.length) parts.push(`subsidies ${added.join(', ')} added (新增)`);
  if (removed.length) parts.push(`subsidies ${removed.join(', ')} no longer involved (移出)`);
  if (corrected.length) parts.push(`subsidies ${corrected.join(', ')} corrected (更正)`);
  const paymentsBefore = [...parseFingerprint(existing.fingerprint, 'P').keys()];
  const paymentsAfter = [...parseFingerprint(finding.fingerprint, 'P').keys()];
  const paymentsAdded = paymentsAfter.filter((id) => !paymentsBefore.includes(id));
  const paymentsGone = paymentsBefore.filter((id) => !paymentsAfter.includes(id));
  if (paymentsAdded.length) parts.push(`bank payments ${paymentsAdded.join(', ')} added (新增代发)`);
  if (paymentsGone.length) parts.push(`bank payments ${paymentsGone.join(', ')} no longer involved (代发移出)`);
  if (existing.amountAtRiskFen !== finding.amountAtRiskFen) parts.push(`amount at risk ${fenToYuan(existing.amountAtRiskFen)} → ${fenToYuan(finding.amountAtRiskFen)}`);
  return parts.join('; ');
}

/** Why a conflict disappeared, in the words of the subsidies that changed. */
function closingReason(existing: StoredFinding, current: ReadonlyMap<number, SubsidyFact>, ruleInEffect: (ruleId: number) => boolean): string {
  if (!ruleInEffect(existing.ruleId)) return `rule ${existing.ruleCode} is no longer on record (规则已不存在)`;
  const reasons: string[] = [];
  for (const [id, version] of parseFingerprint(existing.fingerprint)) {
    const now = current.get(id);
    if (!now) reasons.push(`subsidy ${id} is no longer recorded for this household (补贴记录已不属于该户)`);
    else if (now.state === 'WITHDRAWN') reasons.push(`subsidy ${id} was withdrawn (补贴已撤销)`);
    else if (now.version !== version) reasons.push(`subsidy ${id} was corrected to version ${now.version}: ${fenToYuan(now.amountFen)} yuan, ${now.startDate} to ${now.endDate} (补贴已更正)`);
  }
  if (reasons.length === 0 && DISBURSEMENT_KINDS.has(existing.ruleKind)) {
    return `cause gone: the bank payments on record now agree with the approval (银行代发明细已与批准一致), or the rule version in force no longer flags it`;
  }
  return reasons.length > 0 ? `cause gone: ${reasons.join('; ')}` : `cause gone: no subsidy changed, but the version of ${existing.ruleCode} in effect on the conflict's date no longer flags it (规则修订或有效期调整后不再构成冲突)`;
}
