/**
 * The lifecycle of a 多策合一 finding as people work it, without a database: which actions each
 * status allows, where they lead, and the problem (a user error) for anything refused.
 *
 *   OPEN ──confirm──▶ CONFIRMED ──record recovery──▶ RECOVERED
 *     │                  │
 *     └─────dismiss──────┴──▶ DISMISSED (a reason is required)
 *
 * CLOSED is set by detection alone, when a finding's cause disappears; nobody acts on it (detection
 * reopens it if the conflict comes back). Detection may also reopen a DISMISSED or RECOVERED
 * finding whose subsidies changed: see reconcile.ts.
 */
import { FindingStatus } from '../../generated/prisma/enums';
import { fenToYuan, yuanToFen } from '../../domain/money';

/** What a person can do to a finding, one mutation each. */
export type FindingAction = 'CONFIRM' | 'DISMISS' | 'RECOVER' | 'ASSIGN' | 'COMMENT';

export interface FindingTransition {
  /** Statuses the action may be taken in. */
  from: readonly FindingStatus[];
  /** The status it leads to; null when the status stays (assignment, comments). */
  to: FindingStatus | null;
  /** The history entry it appends. */
  event: 'CONFIRMED' | 'DISMISSED' | 'RECOVERED' | 'ASSIGNED' | 'COMMENTED';
}

const WORKABLE: readonly FindingStatus[] = [FindingStatus.OPEN, FindingStatus.CONFIRMED, FindingStatus.DISMISSED, FindingStatus.RECOVERED];

/** The allowed moves, as data. */
export const FINDING_TRANSITIONS: Readonly<Record<FindingAction, FindingTransition>> = {
  CONFIRM: { from: [FindingStatus.OPEN], to: FindingStatus.CONFIRMED, event: 'CONFIRMED' },
  DISMISS: { from: [FindingStatus.OPEN, FindingStatus.CONFIRMED], to: FindingStatus.DISMISSED, event: 'DISMISSED' },
  RECOVER: { from: [FindingStatus.CONFIRMED], to: FindingStatus.RECOVERED, event: 'RECOVERED' },
  ASSIGN: { from: WORKABLE, to: null, event: 'ASSIGNED' },
  COMMENT: { from: WORKABLE, to: null, event: 'COMMENTED' },
};

/** Why an action was refused: the input field at fault, a stable code and the message in both languages. */
export interface FindingProblem {
  field: 'id' | 'reason' | 'amount' | 'comment' | 'department';
  code: string;
  message: string;
  messageZh: string;
}

const STATUS_ZH: Record<FindingStatus, string> = {
  OPEN: '待核实',
  CONFIRMED: '已确认',
  DISMISSED: '已排除',
  RECOVERED: '已追回',
  CLOSED: '已自动关闭',
};

const ACTION_EN: Record<FindingAction, string> = {
  CONFIRM: 'confirm',
  DISMISS: 'dismiss',
  RECOVER: 'record a recovery for',
  ASSIGN: 'assign',
  COMMENT: 'comment on',
};

const ACTION_ZH: Record<FindingAction, string> = {
  CONFIRM: '确认',
  DISMISS: '排除',
  RECOVER: '登记追回',
  ASSIGN: '指派',
  COMMENT: '备注',
};

/** The problem with taking `action` on a finding in `status`, or null when the move is allowed. */
export function transitionProblem(action: FindingAction, status: FindingStatus): FindingProblem | null {
  const transition = FINDING_TRANSITIONS[action];
  if (transition.from.includes(status)) return null;
  if (status === FindingStatus.CLOSED) {
    return {
      field: 'id',
      code: 'FINDING_CLOSED',
      message: `cannot ${ACTION_EN[action]} a CLOSED finding: detection closed it because its cause disappeared; it reopens by itself if the conflict comes back`,
      messageZh: `该发现已因冲突消失被自动关闭，不能${ACTION_ZH[action]}；冲突再次出现时会自动重新打开`,
    };
  }
  const allowed = transition.from.join(' or ');
  return {
    field: 'id',
    code: 'TRANSITION_NOT_ALLOWED',
    message: `cannot ${ACTION_EN[action]} a ${status} finding: only a finding that is ${allowed} can${transition.to === null ? ' be worked on' : ` move to ${transition.to}`}`,
    messageZh: `状态为“${STATUS_ZH[status]}”的发现不能${ACTION_ZH[action]}，仅限“${transition.from.map((s) => STATUS_ZH[s]).join('”或“')}”状态`,
  };
}

/** Free text that must say something: the trimmed text, or the problem naming the field. */
export function requiredText(field: 'reason' | 'comment', value: string | null | undefined): { text: string } | { problem: FindingProblem } {
  const text = (value ?? '').trim();
  if (text !== '') return { text };
  return field === 'reason'
    ? {
        problem: {
          field,
          code: 'REASON_REQUIRED',
          message: 'a finding is dismissed only with a reason, e.g. "allowed by policy" or "vehicle registered in name only"',
          messageZh: '排除发现必须说明理由，如“政策允许”“车辆仅挂名登记”',
        },
      }
    : { problem: { field, code: 'COMMENT_REQUIRED', message: 'a comment must not be blank', messageZh: '备注内容不能为空' } };
}

/**
 * A recovered amount (追回金额), in fen, checked against the amount at risk: more than zero and
 * not more than what was at risk.
 */
export function recoveryProblem(amountFen: number, amountAtRiskFen: number): FindingProblem | null {
  if (amountFen <= 0) {
    return { field: 'amount', code: 'AMOUNT_NOT_POSITIVE', message: `the amount recovered must be more than 0, got ${fenToYuan(amountFen)}`, messageZh: `追回金额必须大于 0，收到 ${fenToYuan(amountFen)}` };
  }
  if (amountFen > amountAtRiskFen) {
    return {
      field: 'amount',
      code: 'AMOUNT_ABOVE_AT_RISK',
      message: `the amount recovered, ${fenToYuan(amountFen)} yuan, is more than the ${fenToYuan(amountAtRiskFen)} yuan at risk on this finding`,
      messageZh: `追回金额 ${fenToYuan(amountFen)} 元超过该发现的风险金额 ${fenToYuan(amountAtRiskFen)} 元`,
    };
  }
  return null;
}

/** Recovery in yuan text ("1860.50") checked against the amount at risk in yuan text. */
export function recoveryProblemInYuan(amount: string, amountAtRisk: string): FindingProblem | null {
  return recoveryProblem(yuanToFen(amount), yuanToFen(amountAtRisk));
}
