import { addMonths, detectFindings, standingOn } from '../../../src/modules/findings/detector';
import { CATALOGUE, DEFAULT_RULE_SPECS, household, programId, ruleSpec, subsidy } from '../../support/rule-fixtures';

const detect = (facts: ReturnType<typeof household>, rules = DEFAULT_RULE_SPECS) => detectFindings(facts, rules, CATALOGUE);
const codes = (facts: ReturnType<typeof household>, rules = DEFAULT_RULE_SPECS) => detect(facts, rules).map((f) => f.ruleCode);

describe('CATEGORY_OVERLAP', () => {
  it('flags goat raising funded by the poverty office and by agriculture over overlapping periods', () => {
    const pov = subsidy('POV_INDUSTRY_GOAT', '2018-04-01', '2018-09-01', { amountFen: 500_000 });
    const agr = subsidy('AGR_GOAT', '2018-05-10', '2018-10-01', { amountFen: 640_000 });
    const [finding] = detect(household([pov, agr]));
    expect(finding).toMatchObject({
      ruleCode: 'DUP-INDUSTRY',
      subsidyIds: [pov.id, agr.id],
      departmentCodes: ['AGRI', 'POVERTY'],
      periodStart: '2018-05-10',
      periodEnd: '2018-09-01',
      amountAtRiskFen: 500_000,
    });
    expect(finding.explanation).toContain('扶贫办「产业扶贫-黑山羊」2018-04-01 至 2018-09-01 5000.00 元');
    expect(finding.explanation).toContain('农业农村局「黑山羊养殖项目」');
    expect(finding.explanationEn).toContain('Agriculture and rural affairs bureau AGR_GOAT');
    expect(finding.explanationEn).toContain('at risk 5000.00 yuan');
  });

  it('does not flag adjacent periods that do not overlap', () => {
    const pov = subsidy('POV_HOUSING_RENOVATION', '2018-03-01', '2018-05-31');
    const civ = subsidy('CIV_HOUSING', '2018-06-01', '2018-09-30');
    expect(codes(household([pov, civ]))).toEqual([]);
    expect(codes(household([pov, { ...civ, startDate: '2018-05-31' }]))).toEqual(['DUP-HOUSING']);
  });

  it('does not flag a renewal of the same program by the same department', () => {
    const first = subsidy('CIV_DIBAO', '2023-01-01', '2023-12-31');
    const renewal = subsidy('CIV_DIBAO', '2024-01-01', '2024-12-31');
    const correction = subsidy('POV_HOUSING_RENOVATION', '2018-03-01', '2018-09-30');
    const sameDepartment = subsidy('POV_HOUSING_RENOVATION', '2018-04-01', '2018-08-30');
    expect(codes(household([first, renewal, correction, sameDepartment]))).toEqual([]);
  });

  it('flags two programs of one department only when the rule asks for it', () => {
    const goat = subsidy('POV_INDUSTRY_GOAT', '2018-04-01', '2018-09-01');
    const cattle = subsidy('POV_INDUSTRY_CATTLE', '2018-06-01', '2018-10-01');
    expect(codes(household([goat, cattle]))).toEqual([]);
    const strict = ruleSpec('DUP-INDUSTRY', { parameters: { sameDepartmentDifferentPrograms: true } });
    expect(codes(household([goat, cattle]), [strict])).toEqual(['DUP-INDUSTRY']);
  });

  it('compares personal subsidies only for the same member, and a household-wide one with everyone', () => {
    // An education bureau joining the hub with its own grant in the same category.
    const grant = { ...CATALOGUE.get(programId('POV_EDUCATION'))!, id: 999, code: 'EDU_GRANT', departmentCode: 'EDUCATION', departmentName: '教育局', departmentNameEn: 'Education bureau' };
    const catalogue = new Map([...CATALOGUE, [999, grant]]);
    const rules = [ruleSpec('DUP-HOUSING', { parameters: { categories: ['EDUCATION'] } })];
    const poverty = subsidy('POV_EDUCATION', '2019-09-01', '2020-07-15', { memberId: 1 });
    const sibling = { ...subsidy('POV_EDUCATION', '2019-09-01', '2020-07-15', { memberId: 2 }), programId: 999 };
    const same = { ...sibling, id: sibling.id + 1, memberId: 1 };
    const wholeHousehold = { ...sibling, id: sibling.id + 2, memberId: null };
    expect(detectFindings(household([poverty, sibling]), rules, catalogue)).toEqual([]);
    expect(detectFindings(household([poverty, same]), rules, catalogue).map((f) => f.memberIds)).toEqual([[1]]);
    expect(detectFindings(household([poverty, wholeHousehold]), rules, catalogue)).toHaveLength(1);
  });

  it('ignores withdrawn subsidies', () => {
    const pov = subsidy('POV_INDUSTRY_GOAT', '2018-04-01', '2018-09-01');
    const agr = subsidy('AGR_GOAT', '2018-05-10', '2018-10-01', { state: 'WITHDRAWN' });
    expect(codes(household([pov, agr]))).toEqual([]);
  });
});

describe('MUTUALLY_EXCLUSIVE', () => {
  const tekun = subsidy('CIV_TEKUN', '2024-01-01', '2024-12-31', { memberId: 7, amountFen: 678_000 });
  const months = Array.from({ length: 3 }, (_, m) => subsidy('CIV_DIBAO', `2024-0${m + 1}-01`, `2024-0${m + 1}-28`, { amountFen: 100_000 }));

  it('flags 特困供养 for a member of a 低保 household in one finding, the smaller side at risk', () => {
    const [finding] = detect(household([tekun, ...months]));
    expect(finding).toMatchObject({ ruleCode: 'EXCL-DIBAO-TEKUN', memberIds: [7], amountAtRiskFen: 300_000, periodStart: '2024-01-01', periodEnd: '2024-03-28' });
    expect(finding.subsidyIds).toHaveLength(4);
  });

  it('does not flag the two programs in different years', () => {
    expect(codes(household([{ ...tekun, startDate: '2025-01-01', endDate: '2025-12-31' }, ...months]))).toEqual([]);
  });

  it('keeps the same group key when a month is added, so the finding is updated rather than raised again', () => {
    const before = detect(household([tekun, ...months]))[0];
    const after = detect(household([tekun, ...months, subsidy('CIV_DIBAO', '2024-04-01', '2024-04-30')]))[0];
    expect(after.groupKey).toBe(before.groupKey);
    expect(after.fingerprint).not.toBe(before.fingerprint);
  });
});

describe('ONE_TIME', () => {
  it('flags a biogas digester paid twice, even years apart and by different departments', () => {
    const first = subsidy('POV_BIOGAS', '2016-04-01', '2016-05-15', { amountFen: 120_000 });
    const again = subsidy('AGR_BIOGAS', '2019-04-01', '2019-05-15', { amountFen: 150_000 });
    const [finding] = detect(household([again, first]));
    expect(finding).toMatchObject({ ruleCode: 'ONCE-BIOGAS', amountAtRiskFen: 150_000, subsidyIds: [first.id, again.id] });
  });

  it('does not flag a single digester', () => {
    expect(codes(household([subsidy('AGR_BIOGAS', '2019-04-01')]))).toEqual([]);
  });
});

describe('ANNUAL_CAP', () => {
  const cattle = (fen: number, date = '2019-05-01') => subsidy('POV_INDUSTRY_CATTLE', date, date, { amountFen: fen });

  it('does not flag a total exactly at the cap', () => {
    expect(codes(household([cattle(1_000_000), subsidy('AGR_GOAT', '2019-08-01', '2019-08-01', { amountFen: 500_000 })]))).toEqual([]);
  });

  it('flags a fen above the cap, with the excess at risk', () => {
    const [finding] = detect(household([cattle(1_000_000), subsidy('AGR_GOAT', '2019-08-01', '2019-08-01', { amountFen: 500_001 })]));
    expect(finding).toMatchObject({ ruleCode: 'CAP-LIVESTOCK', amountAtRiskFen: 1, groupKey: '2019', periodStart: '2019-01-01', periodEnd: '2019-12-31' });
    expect(finding.explanation).toContain('15000.01');
  });

  it('sums per year, not across years', () => {
    expect(codes(household([cattle(1_000_000), cattle(1_000_000, '2020-05-01')]))).toEqual([]);
  });
});

describe('INELIGIBLE_BENEFICIARY', () => {
  const exited = [
    { status: 'IDENTIFIED' as const, effectiveOn: '2015-05-01' },
    { status: 'ASSISTED' as const, effectiveOn: '2015-06-01' },
    { status: 'EXITED' as const, effectiveOn: '2017-11-20' },
  ];

  it('allows payments within the transition period and flags those after it', () => {
    const inside = subsidy('POV_MICROCREDIT', '2020-01-01', '2020-11-20');
    const after = subsidy('POV_MICROCREDIT', '2020-01-01', '2020-11-21');
    expect(codes(household([inside], { statusChanges: exited }))).toEqual([]);
    const [finding] = detect(household([after], { statusChanges: exited }));
    expect(finding).toMatchObject({ ruleCode: 'INELIGIBLE-EXITED', subsidyIds: [after.id] });
    expect(finding.explanation).toContain('已于 2017-11-20 脱贫，过渡期 36 个月已满');
  });

  it('does not look at departments outside the rule, such as civil affairs’ 低保 to an exited household', () => {
    expect(codes(household([subsidy('CIV_DIBAO', '2023-01-01', '2023-12-31')], { statusChanges: exited }))).toEqual([]);
  });

  it('counts a household monitored again as eligible', () => {
    const monitored = [...exited, { status: 'MONITORED' as const, effectiveOn: '2022-03-01' }];
    expect(codes(household([subsidy('POV_INDUSTRY_CATTLE', '2022-05-01')], { statusChanges: monitored }))).toEqual([]);
    expect(codes(household([subsidy('POV_INDUSTRY_CATTLE', '2021-05-01')], { statusChanges: monitored }))).toEqual(['INELIGIBLE-EXITED']);
  });

  it('flags payments to a member after the date of death, not before', () => {
    const deceasedOn = new Map([[9, '2022-03-15']]);
    const before = subsidy('CIV_TEKUN', '2022-01-01', '2022-01-20', { memberId: 9 });
    const after = subsidy('CIV_TEKUN', '2023-01-01', '2023-01-20', { memberId: 9 });
    const [finding] = detect(household([before, after], { deceasedOn }));
    expect(finding).toMatchObject({ ruleCode: 'INELIGIBLE-DECEASED', subsidyIds: [after.id], memberIds: [9], groupKey: 'deceased:9' });
    expect(finding.explanation).toContain('2022-03-15');
  });

  it('leaves applications that were never approved alone', () => {
    const deceasedOn = new Map([[9, '2022-03-15']]);
    expect(codes(household([subsidy('CIV_MEDICAL', '2023-01-01', '2023-01-01', { memberId: 9, state: 'APPLIED', approvedOn: null, paidOn: null })], { deceasedOn }))).toEqual([]);
  });
});

describe('effective periods and versions', () => {
  const pov = subsidy('POV_INDUSTRY_GOAT', '2018-04-01', '2018-09-01');
  const agr = subsidy('AGR_GOAT', '2018-05-10', '2018-10-01');

  it('applies a rule only to conflicts that arise within its effective period', () => {
    expect(codes(household([pov, agr]), [ruleSpec('DUP-INDUSTRY', { effectiveFrom: '2019-01-01' })])).toEqual([]);
    expect(codes(household([pov, agr]), [ruleSpec('DUP-INDUSTRY', { effectiveTo: '2018-05-09' })])).toEqual([]);
    expect(codes(household([pov, agr]), [ruleSpec('DUP-INDUSTRY', { effectiveFrom: '2018-05-10' })])).toEqual(['DUP-INDUSTRY']);
  });

  it('stops flagging after a revision retires the rule, and judges earlier conflicts by the version then in force', () => {
    const v1 = ruleSpec('DUP-INDUSTRY');
    const retired = ruleSpec('DUP-INDUSTRY', { version: 2, versionId: 99, effectiveTo: '2018-05-09' });
    expect(codes(household([pov, agr]), [v1, retired])).toEqual([]);
    const laterCap = ruleSpec('DUP-INDUSTRY', { version: 2, versionId: 99, effectiveFrom: '2019-01-01', parameters: { categories: ['HOUSING'] } });
    expect(detect(household([pov, agr]), [v1, laterCap]).map((f) => f.versionId)).toEqual([v1.versionId]);
  });

  it('records the latest version in effect when several raise the same conflict', () => {
    const v1 = ruleSpec('DUP-INDUSTRY');
    const v2 = ruleSpec('DUP-INDUSTRY', { version: 2, versionId: 99, effectiveFrom: '2018-01-01' });
    expect(detect(household([pov, agr]), [v2, v1]).map((f) => f.versionId)).toEqual([99]);
    const retired = ruleSpec('DUP-INDUSTRY', { version: 2, versionId: 99, effectiveFrom: '2019-01-01' });
    expect(detect(household([pov, agr]), [v1, retired]).map((f) => f.versionId)).toEqual([v1.versionId]);
  });
});

describe('dates', () => {
  it('adds months, clamping to the end of the month', () => {
    expect(addMonths('2020-08-31', 6)).toBe('2021-02-28');
    expect(addMonths('2017-11-20', 36)).toBe('2020-11-20');
    expect(addMonths('2019-12-15', 1)).toBe('2020-01-15');
  });

  it('knows the household’s status on a date', () => {
    const changes = [
      { status: 'IDENTIFIED' as const, effectiveOn: '2015-05-01' },
      { status: 'EXITED' as const, effectiveOn: '2017-11-20' },
      { status: 'RETURNED_TO_POVERTY' as const, effectiveOn: '2021-04-01' },
    ];
    expect(standingOn(changes, '2015-04-30')).toEqual({ status: null, exitedOn: null });
    expect(standingOn(changes, '2018-01-01')).toEqual({ status: 'EXITED', exitedOn: '2017-11-20' });
    expect(standingOn(changes, '2021-04-01')).toEqual({ status: 'RETURNED_TO_POVERTY', exitedOn: null });
  });
});
