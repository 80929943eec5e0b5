import type { Decimal } from 'decimal.js';
import type { Prisma, PrismaClient } from '../../generated/prisma/client';
import type { FindingStatus } from '../../generated/prisma/enums';
import { formatMoney } from '../../domain/money';
import type { Loaders } from '../../graphql/context';
import { keysetWindow, toPage, type Page, type PageArgs } from '../../graphql/relay/connection';
import { rowKeyOf } from '../../graphql/relay/global-id';
import { toNode } from '../../graphql/relay/node';
import { regionRestricted, seesRegion, type Viewer } from '../auth/access';
import { notVisible, regionWithinScope } from '../auth/access-control';
import { appendAuditEntries, type AuditActor } from '../auth/audit';
import { appendFindingEvents, FindingDetection } from './finding-detection';
import { findingConditions, resolveFindingFilter, type FindingFilter, type FindingFilterInput } from './finding-filter';
import { FINDING_TRANSITIONS, recoveryProblemInYuan, requiredText, transitionProblem, type FindingAction, type FindingProblem } from './finding-lifecycle';
import * as totals from './finding-totals';
import { DetectionRun, Finding, FindingTotals } from './finding.type';

type Tx = Prisma.TransactionClient;

/** A refused change: each problem names its input field. */
export type WorkResult = { finding: Finding } | { problems: FindingProblem[] };

/** A scan's result, or why it was refused. */
export type ScanResult = { run: DetectionRun } | { problems: Array<Omit<FindingProblem, 'field'> & { field: 'regionCode' }> };

interface LockedFinding {
  id: number;
  householdId: number;
  regionCode: string;
  status: FindingStatus;
  amountAtRisk: string;
  assigneeDepartmentId: number | null;
}

/** What one action changes: the finding's columns, the history entry and the fields named in the audit log. */
interface Change {
  data: Prisma.FindingUncheckedUpdateInput;
  note: string;
  amount?: string | null;
  departmentId?: number | null;
  auditFields: string[];
}

class Refused extends Error {
  constructor(readonly problems: FindingProblem[]) {
    super(problems.map((problem) => problem.message).join('; '));
  }
}

const WORK_TRANSACTION = { maxWait: 30_000, timeout: 60_000 };

/**
 * Lists, totals and works 多策合一 findings for one request's key: lists and totals within the
 * key's region; each change locks the finding, checks the move against the lifecycle, and writes
 * the finding, its history entry and an audit entry in one transaction.
 */
export class FindingService {
  constructor(
    private readonly prisma: PrismaClient,
    private readonly loaders: Loaders,
    private readonly viewer: Viewer,
    private readonly actor: AuditActor,
  ) {}

  /** The filter as GraphQL gives it, checked and narrowed to the key's region. */
  resolveFilter(input: (Omit<FindingFilterInput, 'minAmount'> & { minAmount?: Decimal | string | null }) | null | undefined): Promise<FindingFilter> {
    const minAmount = input?.minAmount === null || input?.minAmount === undefined ? null : formatMoney(input.minAmount);
    return resolveFindingFilter(this.prisma, this.viewer, { ...input, minAmount }, 'filter');
  }

  /** Newest first: the cursor walks down the ids. */
  async list(filter: FindingFilter, page: PageArgs): Promise<Page<Finding>> {
    const window = keysetWindow(page);
    const { where, parameters } = findingConditions(filter);
    const after = window.afterKey === null ? '' : ` AND f.id < $${parameters.length + 1}::int`;
    const [rows, [{ count }]] = await Promise.all([
      this.prisma.$queryRawUnsafe<Array<{ id: number }>>(
        `SELECT f.id FROM finding f JOIN household h ON h.id = f.household_id WHERE ${where}${after} ORDER BY f.id DESC LIMIT ${window.take}`,
        ...parameters,
        ...(window.afterKey === null ? [] : [window.afterKey]),
      ),
      this.prisma.$queryRawUnsafe<Array<{ count: number }>>(`SELECT count(*)::int AS count FROM finding f JOIN household h ON h.id = f.household_id WHERE ${where}`, ...parameters),
    ]);
    // A finding is never deleted, so every id listed loads; the loader also primes node look-ups.
    const findings = (await this.loaders.findingById.loadMany(rows.map((row) => Number(row.id)))).filter((finding): finding is Finding => finding instanceof Finding);
    return toPage(findings, window, Number(count), (finding) => finding.id, (finding) => finding);
  }

  totals(filter: FindingFilter): FindingTotals {
    return Object.assign(new FindingTotals(), { filter });
  }

  overall(totalsFor: FindingTotals): Promise<totals.OverallTotals> {
    totalsFor.overall ??= totals.overallTotals(this.prisma, totalsFor.filter);
    return totalsFor.overall;
  }

  byStatus(filter: FindingFilter) {
    return totals.totalsByStatus(this.prisma, filter);
  }

  byRule(filter: FindingFilter) {
    return totals.totalsByRule(this.prisma, filter);
  }

  byDepartmentPair(filter: FindingFilter) {
    return totals.totalsByDepartmentPair(this.prisma, filter);
  }

  byRegion(filter: FindingFilter, level: totals.BreakdownLevel) {
    return totals.totalsByRegion(this.prisma, filter, level);
  }

  /** OPEN → CONFIRMED. */
  confirm(globalId: string, note: string | null | undefined): Promise<WorkResult> {
    return this.work(globalId, 'CONFIRM', [], () => ({ data: {}, note: (note ?? '').trim(), auditFields: ['Finding.status'] }));
  }

  /** OPEN or CONFIRMED → DISMISSED, with a reason. */
  dismiss(globalId: string, reason: string): Promise<WorkResult> {
    const why = requiredText('reason', reason);
    return this.work(globalId, 'DISMISS', 'problem' in why ? [why.problem] : [], () => ({ data: {}, note: 'text' in why ? why.text : '', auditFields: ['Finding.status'] }));
  }

  /** CONFIRMED → RECOVERED, with the amount recovered (more than 0, at most the amount at risk). */
  recordRecovery(globalId: string, amount: Decimal, note: string | null | undefined): Promise<WorkResult> {
    const yuan = formatMoney(amount);
    return this.work(globalId, 'RECOVER', [], (finding) => {
      const problem = recoveryProblemInYuan(yuan, finding.amountAtRisk);
      if (problem) throw new Refused([problem]);
      return { data: { amountRecovered: yuan }, note: (note ?? '').trim(), amount: yuan, auditFields: ['Finding.amountRecovered', 'Finding.status'] };
    });
  }

  /** Sets the department that follows the finding up. */
  async assign(globalId: string, departmentCode: string): Promise<WorkResult> {
    const code = departmentCode.trim().toUpperCase();
    const department = code === '' ? null : await this.prisma.department.findUnique({ where: { code }, select: { id: true, code: true } });
    const problems: FindingProblem[] = department
      ? []
      : [{ field: 'department', code: 'UNKNOWN_DEPARTMENT', message: `no department with code "${departmentCode}"`, messageZh: `部门代码“${departmentCode}”不存在` }];
    return this.work(globalId, 'ASSIGN', problems, () => ({
      data: { assigneeDepartmentId: department!.id },
      note: `assigned to ${department!.code} (指派给 ${department!.code})`,
      departmentId: department!.id,
      auditFields: ['Finding.assigneeDepartment'],
    }));
  }

  /** Adds a comment to the history. */
  comment(globalId: string, comment: string): Promise<WorkResult> {
    const text = requiredText('comment', comment);
    return this.work(globalId, 'COMMENT', 'problem' in text ? [text.problem] : [], () => ({ data: {}, note: 'text' in text ? text.text : '', auditFields: ['Finding.history'] }));
  }

  /** Runs the rules over a region within the key's own (the key's whole region when none is given). */
  async detect(regionCode: string | null | undefined): Promise<ScanResult> {
    const prefix = regionWithinScope(this.viewer, regionCode, 'input.regionCode');
    if (regionCode && !(await this.prisma.region.findUnique({ where: { code: regionCode }, select: { code: true } }))) {
      return { problems: [{ field: 'regionCode', code: 'UNKNOWN_REGION', message: `no region with code ${regionCode} is registered`, messageZh: `区划代码 ${regionCode} 未登记` }] };
    }
    const result = await new FindingDetection(this.prisma).scan(prefix === '' ? null : prefix.padEnd(12, '0'), this.actor);
    const run = await this.prisma.detectionRun.findUniqueOrThrow({ where: { id: result.runId } });
    return { run: toNode(DetectionRun, run) };
  }

  /**
   * The common path of every change: refuse bad input before touching the database; then, in one
   * transaction, lock the finding, check the key's region and the lifecycle, and write the
   * finding, its history entry and the audit entry.
   */
  private async work(globalId: string, action: FindingAction, inputProblems: FindingProblem[], change: (finding: LockedFinding) => Change): Promise<WorkResult> {
    const id = rowKeyOf(globalId, 'Finding');
    const problems = [...(id === null ? [invalidId(globalId)] : []), ...inputProblems];
    if (problems.length > 0 || id === null) return { problems };
    try {
      const row = await this.prisma.$transaction(async (tx) => {
        const finding = await this.lock(tx, id);
        const refused = transitionProblem(action, finding.status);
        if (refused) throw new Refused([refused]);
        const { data, note, amount, departmentId, auditFields } = change(finding);
        if (action === 'ASSIGN' && departmentId === finding.assigneeDepartmentId) return tx.finding.findUniqueOrThrow({ where: { id } });
        const to = FINDING_TRANSITIONS[action].to;
        const updated = await tx.finding.update({ where: { id }, data: { ...data, ...(to === null ? {} : { status: to }), updatedAt: new Date() } });
        await appendFindingEvents(tx, this.actor, [
          { findingId: id, kind: FINDING_TRANSITIONS[action].event, from: to === null ? null : finding.status, to, note, amount: amount ?? null, departmentId: departmentId ?? null },
        ]);
        await appendAuditEntries(tx, this.actor, 'WORK_FINDING', new Map([[finding.householdId, new Set(auditFields)]]), {
          findingId: id,
          action,
          from: finding.status,
          to: to ?? finding.status,
        });
        return updated;
      }, WORK_TRANSACTION);
      const finding = toNode(Finding, row);
      this.loaders.findingById.clear(id).prime(id, finding);
      this.loaders.findingEvents.clear(id);
      this.loaders.findingSubsidyIds.clear(id);
      return { finding };
    } catch (error) {
      if (error instanceof Refused) return { problems: error.problems };
      throw error;
    }
  }

  /**
   * The finding, locked against a concurrent change; refused like a node look-up when absent or
   * outside the key's region. Its household is share-locked first, in the order detection takes
   * its locks (households, then findings): a scan of the household waits for this change, or this
   * change for the scan, and neither works from a stale read.
   */
  private async lock(tx: Tx, id: number): Promise<LockedFinding> {
    await tx.$queryRawUnsafe(`SELECT h.id FROM household h WHERE h.id = (SELECT f.household_id FROM finding f WHERE f.id = $1) FOR KEY SHARE`, id);
    const [row] = await tx.$queryRawUnsafe<Array<{ id: number; household_id: number; region_code: string; status: FindingStatus; amount_at_risk: string; assignee_department_id: number | null }>>(
      `SELECT f.id, f.household_id, h.region_code::text AS region_code, f.status::text AS status, f.amount_at_risk::text AS amount_at_risk, f.assignee_department_id
         FROM finding f JOIN household h ON h.id = f.household_id WHERE f.id = $1 FOR UPDATE OF f`,
      id,
    );
    if (!row || !seesRegion(this.viewer, row.region_code)) {
      if (regionRestricted(this.viewer)) throw notVisible('Finding');
      throw new Refused([{ field: 'id', code: 'NOT_FOUND', message: 'no finding with this ID exists', messageZh: '该核查发现不存在' }]);
    }
    return {
      id: Number(row.id),
      householdId: Number(row.household_id),
      regionCode: row.region_code,
      status: row.status,
      amountAtRisk: row.amount_at_risk,
      assigneeDepartmentId: row.assignee_department_id === null ? null : Number(row.assignee_department_id),
    };
  }
}

function invalidId(globalId: string): FindingProblem {
  return { field: 'id', code: 'INVALID_ID', message: `"${globalId}" is not the ID of a Finding`, messageZh: `“${globalId}”不是核查发现的标识` };
}
