import { FindingStatus } from '../../../src/generated/prisma/enums';
import {
  FINDING_TRANSITIONS,
  recoveryProblem,
  recoveryProblemInYuan,
  requiredText,
  transitionProblem,
  type FindingAction,
} from '../../../src/modules/findings/finding-lifecycle';

const STATUSES = Object.keys(FindingStatus) as FindingStatus[];
const ACTIONS = Object.keys(FINDING_TRANSITIONS) as FindingAction[];

/** The lifecycle as the issue states it, written out independently of the module's table. */
const ALLOWED: Record<FindingAction, FindingStatus[]> = {
  CONFIRM: ['OPEN'],
  DISMISS: ['OPEN', 'CONFIRMED'],
  RECOVER: ['CONFIRMED'],
  ASSIGN: ['OPEN', 'CONFIRMED', 'DISMISSED', 'RECOVERED'],
  COMMENT: ['OPEN', 'CONFIRMED', 'DISMISSED', 'RECOVERED'],
};

describe('finding lifecycle', () => {
  const cases = ACTIONS.flatMap((action) => STATUSES.map((status) => ({ action, status, allowed: ALLOWED[action].includes(status) })));

  it.each(cases)('$action on a $status finding: allowed=$allowed', ({ action, status, allowed }) => {
    const problem = transitionProblem(action, status);
    if (allowed) {
      expect(problem).toBeNull();
      return;
    }
    expect(problem).not.toBeNull();
    expect(problem!.field).toBe('id');
    expect(problem!.code).toBe(status === 'CLOSED' ? 'FINDING_CLOSED' : 'TRANSITION_NOT_ALLOWED');
    expect(problem!.message).toContain(status);
    expect(problem!.messageZh).toMatch(/[\u4e00-\u9fff]/);
  });

  it('leads each status-changing action where the lifecycle says, and leaves the status alone otherwise', () => {
    expect(FINDING_TRANSITIONS.CONFIRM.to).toBe('CONFIRMED');
    expect(FINDING_TRANSITIONS.DISMISS.to).toBe('DISMISSED');
    expect(FINDING_TRANSITIONS.RECOVER.to).toBe('RECOVERED');
    expect(FINDING_TRANSITIONS.ASSIGN.to).toBeNull();
    expect(FINDING_TRANSITIONS.COMMENT.to).toBeNull();
  });

  it('lets nobody act on a CLOSED finding: only detection moves it', () => {
    for (const action of ACTIONS) expect(transitionProblem(action, 'CLOSED')?.code).toBe('FINDING_CLOSED');
  });

  it('says which statuses would have allowed a refused move', () => {
    expect(transitionProblem('RECOVER', 'OPEN')!.message).toMatch(/only a finding that is CONFIRMED can move to RECOVERED/);
    expect(transitionProblem('CONFIRM', 'DISMISSED')!.message).toMatch(/only a finding that is OPEN can move to CONFIRMED/);
    expect(transitionProblem('DISMISS', 'RECOVERED')!.message).toMatch(/OPEN or CONFIRMED/);
  });
});

describe('required text', () => {
  it.each(['', '   ', '\n\t', null, undefined])('refuses a blank reason %p', (value) => {
    const result = requiredText('reason', value);
    expect(result).toEqual({ problem: expect.objectContaining({ field: 'reason', code: 'REASON_REQUIRED' }) });
  });

  it('refuses a blank comment under its own field and code', () => {
    expect(requiredText('comment', ' ')).toEqual({ problem: expect.objectContaining({ field: 'comment', code: 'COMMENT_REQUIRED' }) });
  });

  it('keeps a reason trimmed', () => {
    expect(requiredText('reason', '  vehicle registered in name only ')).toEqual({ text: 'vehicle registered in name only' });
  });
});

describe('recovered amounts', () => {
  it.each([
    [0, 100_00, 'AMOUNT_NOT_POSITIVE'],
    [-1, 100_00, 'AMOUNT_NOT_POSITIVE'],
    [100_01, 100_00, 'AMOUNT_ABOVE_AT_RISK'],
  ])('refuses %p fen against %p at risk (%s)', (amount, atRisk, code) => {
    expect(recoveryProblem(amount, atRisk)).toEqual(expect.objectContaining({ field: 'amount', code }));
  });

  it.each([
    [1, 100_00],
    [100_00, 100_00],
    [37_50, 100_00],
  ])('accepts %p fen against %p at risk', (amount, atRisk) => {
    expect(recoveryProblem(amount, atRisk)).toBeNull();
  });

  it('compares yuan text exactly to the fen, and names both amounts when refusing', () => {
    expect(recoveryProblemInYuan('1860.01', '1860.00')!.message).toContain('1860.01 yuan, is more than the 1860.00 yuan at risk');
    expect(recoveryProblemInYuan('1860', '1860.00')).toBeNull();
    expect(recoveryProblemInYuan('0.00', '1860.00')!.code).toBe('AMOUNT_NOT_POSITIVE');
  });
});
