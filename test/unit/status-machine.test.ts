import { HouseholdStatus } from '../../src/generated/prisma/enums';
import {
  checkStatusChange,
  STATUS_TRANSITIONS,
  type EvidenceDocumentFacts,
  type HouseholdStatusFacts,
  type StatusChangeRequest,
  type StatusProblem,
} from '../../src/modules/household/status-machine';
import { monthsBefore } from '../../src/domain/dates';

const STATUSES = Object.keys(HouseholdStatus) as HouseholdStatus[];

/** The moves as the issue states them, written out independently of the module's table. */
const ALLOWED: Record<HouseholdStatus, HouseholdStatus[]> = {
  IDENTIFIED: ['ASSISTED', 'REMOVED'],
  ASSISTED: ['EXITED', 'REMOVED'],
  EXITED: ['MONITORED', 'RETURNED_TO_POVERTY', 'REMOVED'],
  MONITORED: ['EXITED', 'RETURNED_TO_POVERTY'],
  RETURNED_TO_POVERTY: ['ASSISTED', 'EXITED'],
  REMOVED: [],
};

const LINES = new Map([
  [2019, '3747.00'],
  [2020, '4000.00'],
]);

let nextId = 1;
function doc(typeCode: string, documentDate: string | null, perCapitaIncome: string | null = null): EvidenceDocumentFacts {
  const id = nextId++;
  return { id, typeCode, title: `${typeCode} #${id}`, uniformCode: `FP·2020·520524100001·${id}`, documentDate, perCapitaIncome };
}

const ALL_GUARANTEES = { food: true, clothing: true, education: true, medicalCare: true, housing: true };

function facts(overrides: Partial<HouseholdStatusFacts> = {}): HouseholdStatusFacts {
  return { status: 'ASSISTED', lastChangeOn: '2018-03-01', documents: [], documentsNamed: false, povertyLines: LINES, today: '2026-12-01', ...overrides };
}

function request(overrides: Partial<StatusChangeRequest> = {}): StatusChangeRequest {
  return { toStatus: 'EXITED', effectiveOn: '2020-06-30', actor: '城关镇人民政府', reason: null, guarantees: ALL_GUARANTEES, ...overrides };
}

/** A complete exit: P11 and P04 within the 12 months before 2020-06-30, income above the 2020 line. */
const EXIT_DOCUMENTS = () => [doc('P11', '2020-06-20'), doc('P04', '2020-05-10', '5200.00')];

const problems = (result: ReturnType<typeof checkStatusChange>): StatusProblem[] => ('problems' in result ? result.problems : []);
const codes = (result: ReturnType<typeof checkStatusChange>) => problems(result).map((problem) => problem.code);

/** Every non-exit requirement met, so only the move itself is judged. */
function minimalRequest(from: HouseholdStatus, to: HouseholdStatus): [HouseholdStatusFacts, StatusChangeRequest] {
  return [facts({ status: from, documents: EXIT_DOCUMENTS() }), request({ toStatus: to, reason: '核实' })];
}

describe('status machine: transitions', () => {
  it('has the moves of the issue, and REMOVED is final', () => {
    expect(STATUS_TRANSITIONS).toEqual(ALLOWED);
  });

  const cases = STATUSES.flatMap((from) => STATUSES.map((to) => ({ from, to, allowed: ALLOWED[from].includes(to) })));
  it.each(cases)('$from → $to: allowed=$allowed', ({ from, to, allowed }) => {
    const result = checkStatusChange(...minimalRequest(from, to));
    if (allowed) {
      expect(problems(result)).toEqual([]);
      expect('accepted' in result && result.accepted.evidence).toMatchObject({ fromStatus: from, toStatus: to });
      return;
    }
    const [problem, ...rest] = problems(result);
    expect(rest).toEqual([]);
    expect(problem.field).toEqual(['toStatus']);
    expect(problem.code).toBe(from === to ? 'STATUS_UNCHANGED' : 'TRANSITION_NOT_ALLOWED');
    expect(problem.messageZh).toBeTruthy();
  });

  it('explains that a removal is final', () => {
    const [problem] = problems(checkStatusChange(facts({ status: 'REMOVED' }), request({ toStatus: 'ASSISTED' })));
    expect(problem.message).toMatch(/removal \(清退\) is final/);
  });
});

describe('status machine: date, actor, reason', () => {
  it('accepts a change on the day of the last change and on today', () => {
    expect(codes(checkStatusChange(facts({ status: 'IDENTIFIED', lastChangeOn: '2020-01-01' }), request({ toStatus: 'ASSISTED', effectiveOn: '2020-01-01' })))).toEqual([]);
    expect(codes(checkStatusChange(facts({ status: 'IDENTIFIED' }), request({ toStatus: 'ASSISTED', effectiveOn: '2026-12-01' })))).toEqual([]);
  });

  it('refuses a date before the last change and a date in the future', () => {
    const before = checkStatusChange(facts({ status: 'IDENTIFIED', lastChangeOn: '2020-01-02' }), request({ toStatus: 'ASSISTED', effectiveOn: '2020-01-01' }));
    expect(problems(before)).toEqual([expect.objectContaining({ field: ['effectiveOn'], code: 'EFFECTIVE_DATE_BEFORE_LAST_CHANGE' })]);
    const future = checkStatusChange(facts({ status: 'IDENTIFIED' }), request({ toStatus: 'ASSISTED', effectiveOn: '2026-12-02' }));
    expect(problems(future)).toEqual([expect.objectContaining({ field: ['effectiveOn'], code: 'EFFECTIVE_DATE_IN_FUTURE' })]);
  });

  it('accepts any date for a household with no change on record', () => {
    expect(codes(checkStatusChange(facts({ status: 'IDENTIFIED', lastChangeOn: null }), request({ toStatus: 'ASSISTED', effectiveOn: '2001-01-01' })))).toEqual([]);
  });

  it('needs who decided', () => {
    expect(problems(checkStatusChange(facts({ status: 'IDENTIFIED' }), request({ toStatus: 'ASSISTED', actor: '  ' })))).toEqual([expect.objectContaining({ field: ['actor'], code: 'ACTOR_REQUIRED' })]);
  });

  it.each(['REMOVED', 'RETURNED_TO_POVERTY'] as const)('needs a reason for %s', (toStatus) => {
    const result = checkStatusChange(facts({ status: 'EXITED' }), request({ toStatus, reason: ' ' }));
    expect(problems(result)).toEqual([expect.objectContaining({ field: ['reason'], code: 'REASON_REQUIRED' })]);
    const given = checkStatusChange(facts({ status: 'EXITED' }), request({ toStatus, reason: '家庭成员有财政供养人员' }));
    expect('accepted' in given && given.accepted.reason).toBe('家庭成员有财政供养人员');
  });

  it('does not need a reason for other moves, and writes one', () => {
    const result = checkStatusChange(facts({ status: 'EXITED' }), request({ toStatus: 'MONITORED' }));
    expect('accepted' in result && result.accepted.reason).toBe('已脱贫 → 监测');
  });
});

describe('status machine: exit evidence', () => {
  it('accepts a complete exit and names what it rests on', () => {
    const documents = EXIT_DOCUMENTS();
    const result = checkStatusChange(facts({ documents }), request());
    expect(problems(result)).toEqual([]);
    if (!('accepted' in result)) throw new Error('refused');
    expect(result.accepted.evidence.exit).toEqual({
      assessment: expect.objectContaining({ id: documents[0].id, typeCode: 'P11', documentDate: '2020-06-20' }),
      income: { perCapitaIncome: '5200.00', document: expect.objectContaining({ id: documents[1].id, typeCode: 'P04' }) },
      povertyLine: { year: 2020, amount: '4000.00' },
      guarantees: ALL_GUARANTEES,
      window: { from: '2019-06-30', to: '2020-06-30' },
    });
    expect(result.accepted.reason).toMatch(/2020 年贫困线 4000.00 元/);
    expect(result.accepted.summary).toMatch(/脱贫评估评分表/);
    expect(result.accepted.summary).not.toMatch(/5200/);
  });

  it('lists every missing thing of an exit without evidence, not just the first', () => {
    const result = checkStatusChange(facts(), request({ guarantees: null }));
    expect(problems(result).map((problem) => [problem.field.join('.'), problem.code])).toEqual([
      ['evidenceDocumentIds', 'EXIT_ASSESSMENT_MISSING'],
      ['evidenceDocumentIds', 'INCOME_EVIDENCE_MISSING'],
      ['guarantees.food', 'GUARANTEE_NOT_CONFIRMED'],
      ['guarantees.clothing', 'GUARANTEE_NOT_CONFIRMED'],
      ['guarantees.education', 'GUARANTEE_NOT_CONFIRMED'],
      ['guarantees.medicalCare', 'GUARANTEE_NOT_CONFIRMED'],
      ['guarantees.housing', 'GUARANTEE_NOT_CONFIRMED'],
    ]);
    for (const problem of problems(result)) expect(problem.messageZh).toBeTruthy();
  });

  it('lists a forbidden move together with the missing evidence', () => {
    expect(codes(checkStatusChange(facts({ status: 'IDENTIFIED' }), request({ guarantees: { ...ALL_GUARANTEES, housing: false } })))).toEqual([
      'TRANSITION_NOT_ALLOWED',
      'EXIT_ASSESSMENT_MISSING',
      'INCOME_EVIDENCE_MISSING',
      'GUARANTEE_NOT_CONFIRMED',
    ]);
  });

  describe('(a) the exit assessment (P11)', () => {
    it('counts a P11 dated on the exit date', () => {
      expect(codes(checkStatusChange(facts({ documents: [doc('P11', '2020-06-30'), doc('P04', '2020-05-10', '5200.00')] }), request()))).toEqual([]);
    });

    it('does not count a P11 dated one day after the exit date', () => {
      const result = checkStatusChange(facts({ documents: [doc('P11', '2020-07-01'), doc('P04', '2020-05-10', '5200.00')] }), request());
      expect(codes(result)).toEqual(['EXIT_ASSESSMENT_MISSING']);
      expect(problems(result)[0].message).toMatch(/outside that window/);
    });

    it('counts a P11 dated exactly 12 months before, not a day earlier', () => {
      expect(codes(checkStatusChange(facts({ documents: [doc('P11', '2019-06-30'), doc('P04', '2020-05-10', '5200.00')] }), request()))).toEqual([]);
      expect(codes(checkStatusChange(facts({ documents: [doc('P11', '2019-06-29'), doc('P04', '2020-05-10', '5200.00')] }), request()))).toEqual(['EXIT_ASSESSMENT_MISSING']);
    });

    it('does not count an undated P11 or another form', () => {
      expect(codes(checkStatusChange(facts({ documents: [doc('P11', null), doc('P12', '2020-06-20'), doc('P04', '2020-05-10', '5200.00')] }), request()))).toEqual(['EXIT_ASSESSMENT_MISSING']);
    });

    it('says so when the documents named leave it out', () => {
      const result = checkStatusChange(facts({ documents: [doc('P04', '2020-05-10', '5200.00')], documentsNamed: true }), request());
      expect(problems(result)[0].message).toMatch(/among the documents named in evidenceDocumentIds/);
    });
  });

  describe('(b) income above the poverty line of the exit year', () => {
    it('refuses income exactly at the line', () => {
      const result = checkStatusChange(facts({ documents: [doc('P11', '2020-06-20'), doc('P04', '2020-05-10', '4000.00')] }), request());
      expect(problems(result)).toEqual([expect.objectContaining({ code: 'INCOME_NOT_ABOVE_POVERTY_LINE', field: ['evidenceDocumentIds'] })]);
      expect(problems(result)[0].message).toMatch(/P04 .* is not above the 2020 poverty line of 4000.00 yuan/);
      expect(problems(result)[0].message).not.toMatch(/4000\.00 is/);
    });

    it('accepts income one fen above the line', () => {
      expect(codes(checkStatusChange(facts({ documents: [doc('P11', '2020-06-20'), doc('P04', '2020-05-10', '4000.01')] }), request()))).toEqual([]);
    });

    it('uses the line of the exit date’s year', () => {
      // 3800 is above 2019's 3747 but below 2020's 4000.
      const documents = () => [doc('P11', '2019-12-20'), doc('P04', '2019-12-01', '3800.00')];
      expect(codes(checkStatusChange(facts({ documents: documents() }), request({ effectiveOn: '2019-12-31' })))).toEqual([]);
      expect(codes(checkStatusChange(facts({ documents: [doc('P11', '2020-01-01'), doc('P04', '2019-12-01', '3800.00')] }), request({ effectiveOn: '2020-01-01' })))).toEqual([
        'INCOME_NOT_ABOVE_POVERTY_LINE',
      ]);
    });

    it('takes the most recent statement in the window, P04 or P11', () => {
      const older = doc('P04', '2020-01-10', '9000.00');
      const newer = doc('P11', '2020-06-20', '3900.00');
      expect(codes(checkStatusChange(facts({ documents: [older, newer] }), request()))).toEqual(['INCOME_NOT_ABOVE_POVERTY_LINE']);
      const result = checkStatusChange(facts({ documents: [doc('P11', '2020-06-20', '4100.00'), doc('P04', '2020-01-10', '3000.00')] }), request());
      expect('accepted' in result && result.accepted.evidence.exit?.income).toEqual({ perCapitaIncome: '4100.00', document: expect.objectContaining({ typeCode: 'P11' }) });
    });

    it('ignores statements outside the window and forms that do not account income', () => {
      const result = checkStatusChange(facts({ documents: [doc('P11', '2020-06-20'), doc('P04', '2019-06-29', '9000.00'), doc('P02', '2020-05-01', '9000.00'), doc('P04', '2020-07-01', '9000.00')] }), request());
      expect(codes(result)).toEqual(['INCOME_EVIDENCE_MISSING']);
    });

    it('refuses when the year has no poverty line, saying an administrator must add it', () => {
      const result = checkStatusChange(facts({ documents: [doc('P11', '2021-06-20'), doc('P04', '2021-05-10', '9000.00')] }), request({ effectiveOn: '2021-06-30' }));
      expect(problems(result)).toEqual([expect.objectContaining({ field: ['effectiveOn'], code: 'POVERTY_LINE_MISSING' })]);
      expect(problems(result)[0].message).toMatch(/administrator must add the poverty line for 2021/);
      expect(problems(result)[0].messageZh).toMatch(/2021 年贫困标准/);
    });
  });

  describe('(c) two no-worries, three guarantees', () => {
    it.each(['food', 'clothing', 'education', 'medicalCare', 'housing'] as const)('needs %s confirmed', (guarantee) => {
      for (const value of [false, null]) {
        const result = checkStatusChange(facts({ documents: EXIT_DOCUMENTS() }), request({ guarantees: { ...ALL_GUARANTEES, [guarantee]: value } }));
        expect(problems(result)).toEqual([expect.objectContaining({ field: ['guarantees', guarantee], code: 'GUARANTEE_NOT_CONFIRMED' })]);
      }
    });
  });

  it('applies to every move to EXITED: after monitoring and after a return to poverty', () => {
    for (const status of ['MONITORED', 'RETURNED_TO_POVERTY'] as const) {
      expect(codes(checkStatusChange(facts({ status }), request()))).toEqual(['EXIT_ASSESSMENT_MISSING', 'INCOME_EVIDENCE_MISSING']);
      expect(codes(checkStatusChange(facts({ status, documents: EXIT_DOCUMENTS() }), request()))).toEqual([]);
    }
  });

  it('needs no exit evidence for other targets, and records the documents named', () => {
    const documents = [doc('P14', '2020-01-01')];
    const result = checkStatusChange(facts({ status: 'EXITED', documents, documentsNamed: true }), request({ toStatus: 'REMOVED', reason: '在城镇购买商品房', guarantees: null }));
    if (!('accepted' in result)) throw new Error('refused');
    expect(result.accepted.evidence).toEqual({ fromStatus: 'EXITED', toStatus: 'REMOVED', effectiveOn: '2020-06-30', documents: [expect.objectContaining({ id: documents[0].id })], exit: null });
    expect(result.accepted.summary).toMatch(/佐证材料/);
  });
});

describe('monthsBefore', () => {
  it.each([
    ['2020-06-30', '2019-06-30'],
    ['2024-02-29', '2023-02-28'],
    ['2020-01-15', '2019-01-15'],
    ['2021-03-31', '2020-03-31'],
  ])('12 months before %s is %s', (date, expected) => {
    expect(monthsBefore(date, 12)).toBe(expected);
  });

  it('clamps to the end of a shorter month', () => {
    expect(monthsBefore('2021-03-31', 1)).toBe('2021-02-28');
    expect(monthsBefore('2021-01-31', 2)).toBe('2020-11-30');
  });
});
