import { DEPARTMENTS, PROGRAMS, SUBSIDY_CATEGORIES } from '../../../src/modules/catalogue/reference-data';
import { DEFAULT_RULES } from '../../../src/modules/findings/default-rules';
import { type CatalogueCodes, checkRuleParameters, type PolicyRuleKind } from '../../../src/modules/findings/rule-parameters';

/** The catalogue the hub seeds, as a rule sees it when saved. */
const catalogue: CatalogueCodes = {
  departments: new Set(DEPARTMENTS.map((d) => d.code)),
  categories: new Set(SUBSIDY_CATEGORIES.map((c) => c.code)),
  programs: new Set(PROGRAMS.map((p) => p.code)),
};

const [departmentA, departmentB] = [...catalogue.departments].sort();
const [categoryA, categoryB] = [...catalogue.categories].sort();
const [programA, programB, programC] = [...catalogue.programs].sort();

const check = (kind: PolicyRuleKind, raw: unknown) => checkRuleParameters(kind, raw, catalogue, ['input', 'parameters', 'x']);
const problemsOf = (kind: PolicyRuleKind, raw: unknown) => check(kind, raw).problems.map((p) => `${p.field.join('.')} ${p.code}`);

describe('checkRuleParameters', () => {
  it('accepts every default rule as it is, already in canonical form', () => {
    for (const rule of DEFAULT_RULES) {
      const { parameters, problems } = checkRuleParameters(rule.kind, rule.parameters, catalogue);
      expect({ code: rule.code, problems }).toEqual({ code: rule.code, problems: [] });
      expect(parameters).toEqual(rule.parameters);
    }
  });

  it('refuses parameters that are not an object, naming the path', () => {
    for (const raw of [null, undefined, 'HOUSING', [categoryA], 42]) {
      const { parameters, problems } = check('CATEGORY_OVERLAP', raw);
      expect(parameters).toBeNull();
      expect(problems.map((p) => [p.field, p.code])).toEqual([[['input', 'parameters', 'x'], 'REQUIRED']]);
    }
  });

  describe('CATEGORY_OVERLAP', () => {
    it('upper-cases, trims, de-duplicates and sorts categories; the flag defaults to false', () => {
      const { parameters, problems } = check('CATEGORY_OVERLAP', { categories: [` ${categoryB.toLowerCase()}`, categoryA, categoryB] });
      expect(problems).toEqual([]);
      expect(parameters).toEqual({ categories: [categoryA, categoryB], sameDepartmentDifferentPrograms: false });
      expect(check('CATEGORY_OVERLAP', { categories: [categoryA], sameDepartmentDifferentPrograms: true }).parameters).toEqual({ categories: [categoryA], sameDepartmentDifferentPrograms: true });
    });

    it('refuses unknown categories, naming them and the known ones', () => {
      const { parameters, problems } = check('CATEGORY_OVERLAP', { categories: [categoryA, 'NO_SUCH'] });
      expect(parameters).toBeNull();
      expect(problems.map((p) => `${p.field.join('.')} ${p.code}`)).toEqual(['input.parameters.x.categories UNKNOWN_CATEGORY']);
      expect(problems[0].message).toContain('NO_SUCH');
      expect(problems[0].message).toContain(categoryB);
      expect(problems[0].messageZh).toContain('NO_SUCH');
    });

    it('refuses a missing or empty list, a list of non-strings, and a flag that is not a boolean', () => {
      expect(problemsOf('CATEGORY_OVERLAP', {})).toEqual(['input.parameters.x.categories REQUIRED']);
      expect(problemsOf('CATEGORY_OVERLAP', { categories: [] })).toEqual(['input.parameters.x.categories REQUIRED']);
      expect(problemsOf('CATEGORY_OVERLAP', { categories: [1, 2] })).toEqual(['input.parameters.x.categories INVALID_VALUE']);
      expect(problemsOf('CATEGORY_OVERLAP', { categories: categoryA })).toContain('input.parameters.x.categories INVALID_VALUE');
      expect(problemsOf('CATEGORY_OVERLAP', { categories: [categoryA], sameDepartmentDifferentPrograms: 'yes' })).toEqual(['input.parameters.x.sameDepartmentDifferentPrograms INVALID_VALUE']);
    });

    it('refuses parameters another kind takes', () => {
      expect(problemsOf('CATEGORY_OVERLAP', { categories: [categoryA], cap: '100.00' })).toEqual(['input.parameters.x.cap UNKNOWN_PARAMETER']);
    });
  });

  describe('MUTUALLY_EXCLUSIVE', () => {
    it('accepts two disjoint lists of known programs, canonical', () => {
      const { parameters, problems } = check('MUTUALLY_EXCLUSIVE', { programs: [programB.toLowerCase(), programA, programA], conflictingPrograms: [programC] });
      expect(problems).toEqual([]);
      expect(parameters).toEqual({ programs: [programA, programB], conflictingPrograms: [programC] });
    });

    it('refuses a program on both sides, unknown programs and a missing side', () => {
      expect(problemsOf('MUTUALLY_EXCLUSIVE', { programs: [programA, programB], conflictingPrograms: [programB] })).toEqual(['input.parameters.x.conflictingPrograms OVERLAPPING_LISTS']);
      expect(problemsOf('MUTUALLY_EXCLUSIVE', { programs: ['NOPE'], conflictingPrograms: [programB] })).toEqual(['input.parameters.x.programs UNKNOWN_PROGRAM']);
      expect(problemsOf('MUTUALLY_EXCLUSIVE', { programs: [programA] })).toEqual(['input.parameters.x.conflictingPrograms REQUIRED']);
    });
  });

  describe('ONE_TIME', () => {
    it('accepts known programs, canonical, and refuses unknown or none', () => {
      expect(check('ONE_TIME', { programs: [programB, programA.toLowerCase()] })).toEqual({ parameters: { programs: [programA, programB] }, problems: [] });
      expect(problemsOf('ONE_TIME', { programs: [programA, 'GONE'] })).toEqual(['input.parameters.x.programs UNKNOWN_PROGRAM']);
      expect(problemsOf('ONE_TIME', { programs: [] })).toEqual(['input.parameters.x.programs REQUIRED']);
      expect(problemsOf('ONE_TIME', { programs: [programA], categories: [categoryA] })).toEqual(['input.parameters.x.categories UNKNOWN_PARAMETER']);
    });
  });

  describe('ANNUAL_CAP', () => {
    it('gives the cap with two decimals and the category upper-cased', () => {
      expect(check('ANNUAL_CAP', { category: categoryA.toLowerCase(), cap: '15000' })).toEqual({ parameters: { category: categoryA, cap: '15000.00' }, problems: [] });
      expect(check('ANNUAL_CAP', { category: categoryA, cap: '0.5' }).parameters).toEqual({ category: categoryA, cap: '0.50' });
      expect(check('ANNUAL_CAP', { category: categoryA, cap: '999999999999.99' }).parameters).toEqual({ category: categoryA, cap: '999999999999.99' });
    });

    it.each([
      ['zero', '0'],
      ['zero with decimals', '0.00'],
      ['negative', '-100.00'],
      ['three decimals', '12.345'],
      ['a number, not a string', 15000],
      ['an exponent', '1e5'],
      ['text', 'lots'],
      ['missing', undefined],
      ['more digits than the money columns hold', '99999999999999999999999'],
    ])('refuses a cap that is %s', (_what, cap) => {
      const { parameters, problems } = check('ANNUAL_CAP', { category: categoryA, ...(cap === undefined ? {} : { cap }) });
      expect(parameters).toBeNull();
      expect(problems.map((p) => `${p.field.join('.')} ${p.code}`)).toEqual(['input.parameters.x.cap INVALID_AMOUNT']);
    });

    it('refuses a missing or unknown category', () => {
      expect(problemsOf('ANNUAL_CAP', { cap: '100' })).toEqual(['input.parameters.x.category REQUIRED']);
      expect(problemsOf('ANNUAL_CAP', { category: 'WHATEVER', cap: '100' })).toEqual(['input.parameters.x.category UNKNOWN_CATEGORY']);
      expect(problemsOf('ANNUAL_CAP', { category: categoryA, cap: '100', categories: [categoryA] })).toEqual(['input.parameters.x.categories UNKNOWN_PARAMETER']);
    });
  });

  describe('INELIGIBLE_BENEFICIARY', () => {
    it('fills optional lists and flags, and sorts statuses and codes', () => {
      const { parameters, problems } = check('INELIGIBLE_BENEFICIARY', { eligibleStatuses: ['MONITORED', 'ASSISTED', 'ASSISTED'], departments: [departmentB, departmentA.toLowerCase()] });
      expect(problems).toEqual([]);
      expect(parameters).toEqual({ departments: [departmentA, departmentB], categories: [], programs: [], eligibleStatuses: ['ASSISTED', 'MONITORED'], exitTransitionMonths: 0, deceasedMembers: false });
      expect(check('INELIGIBLE_BENEFICIARY', { deceasedMembers: true }).parameters).toEqual({ departments: [], categories: [], programs: [], eligibleStatuses: [], exitTransitionMonths: 0, deceasedMembers: true });
    });

    it('refuses a rule that checks nothing', () => {
      expect(problemsOf('INELIGIBLE_BENEFICIARY', {})).toEqual(['input.parameters.x.eligibleStatuses NOTHING_TO_CHECK']);
      expect(problemsOf('INELIGIBLE_BENEFICIARY', { eligibleStatuses: [], deceasedMembers: false, departments: [departmentA] })).toEqual(['input.parameters.x.eligibleStatuses NOTHING_TO_CHECK']);
    });

    it('refuses unknown statuses, codes, bad transition months and unknown parameters', () => {
      expect(problemsOf('INELIGIBLE_BENEFICIARY', { eligibleStatuses: ['ASSISTED', 'RICH'] })).toEqual(['input.parameters.x.eligibleStatuses INVALID_VALUE']);
      expect(problemsOf('INELIGIBLE_BENEFICIARY', { eligibleStatuses: 'ASSISTED' })).toContain('input.parameters.x.eligibleStatuses INVALID_VALUE');
      expect(problemsOf('INELIGIBLE_BENEFICIARY', { deceasedMembers: true, departments: ['MARS'], categories: ['NOPE'], programs: ['NONE'] })).toEqual([
        'input.parameters.x.departments UNKNOWN_DEPARTMENT',
        'input.parameters.x.categories UNKNOWN_CATEGORY',
        'input.parameters.x.programs UNKNOWN_PROGRAM',
      ]);
      for (const months of [-1, 1.5, 121, '36']) {
        expect(problemsOf('INELIGIBLE_BENEFICIARY', { deceasedMembers: true, exitTransitionMonths: months })).toEqual(['input.parameters.x.exitTransitionMonths INVALID_VALUE']);
      }
      expect(check('INELIGIBLE_BENEFICIARY', { deceasedMembers: true, exitTransitionMonths: 120 }).problems).toEqual([]);
      expect(problemsOf('INELIGIBLE_BENEFICIARY', { deceasedMembers: true, graceDays: 3 })).toEqual(['input.parameters.x.graceDays UNKNOWN_PARAMETER']);
    });
  });

  it('names the path it is given (default ["parameters"])', () => {
    expect(checkRuleParameters('ONE_TIME', {}, catalogue).problems[0].field).toEqual(['parameters', 'programs']);
  });
  describe('the reconciliation (一户一卡) kinds', () => {
    it('NOT_PAID takes whole days from 1 to 730 counted from APPROVAL (the default) or PERIOD_END', () => {
      expect(check('NOT_PAID', { days: 20 }).parameters).toEqual({ categories: [], days: 20, countFrom: 'APPROVAL' });
      expect(check('NOT_PAID', { categories: [categoryA], days: 60, countFrom: 'PERIOD_END' }).parameters).toEqual({ categories: [categoryA], days: 60, countFrom: 'PERIOD_END' });
      expect(problemsOf('NOT_PAID', {})).toEqual(['input.parameters.x.days INVALID_VALUE']);
      expect(problemsOf('NOT_PAID', { days: 0 })).toEqual(['input.parameters.x.days INVALID_VALUE']);
      expect(problemsOf('NOT_PAID', { days: 731 })).toEqual(['input.parameters.x.days INVALID_VALUE']);
      expect(problemsOf('NOT_PAID', { days: 2.5 })).toEqual(['input.parameters.x.days INVALID_VALUE']);
      expect(problemsOf('NOT_PAID', { days: 20, countFrom: 'PAYMENT' })).toEqual(['input.parameters.x.countFrom INVALID_VALUE']);
      expect(problemsOf('NOT_PAID', { days: 20, categories: ['NO_SUCH'] })).toEqual(['input.parameters.x.categories UNKNOWN_CATEGORY']);
    });

    it('PAID_AMOUNT_MISMATCH takes a tolerance of zero or more yuan, "0.00" by default', () => {
      expect(check('PAID_AMOUNT_MISMATCH', {}).parameters).toEqual({ categories: [], tolerance: '0.00' });
      expect(check('PAID_AMOUNT_MISMATCH', { tolerance: '0.5' }).parameters).toEqual({ categories: [], tolerance: '0.50' });
      expect(problemsOf('PAID_AMOUNT_MISMATCH', { tolerance: '-1.00' })).toEqual(['input.parameters.x.tolerance INVALID_AMOUNT']);
      expect(problemsOf('PAID_AMOUNT_MISMATCH', { tolerance: 1 })).toEqual(['input.parameters.x.tolerance INVALID_AMOUNT']);
    });

    it('PAID_TWICE, PAID_TO_OTHER_CARD and CARD_SHARED_ACROSS_DEPARTMENTS take a category scope; the last also a flag', () => {
      expect(check('PAID_TWICE', {}).parameters).toEqual({ categories: [] });
      expect(check('PAID_TO_OTHER_CARD', { categories: [categoryB, categoryA] }).parameters).toEqual({ categories: [categoryA, categoryB] });
      expect(check('CARD_SHARED_ACROSS_DEPARTMENTS', { sameHouseholdToo: true }).parameters).toEqual({ categories: [], sameHouseholdToo: true });
      expect(problemsOf('PAID_TWICE', { days: 3 })).toEqual(['input.parameters.x.days UNKNOWN_PARAMETER']);
      expect(problemsOf('CARD_SHARED_ACROSS_DEPARTMENTS', { sameHouseholdToo: 'no' })).toEqual(['input.parameters.x.sameHouseholdToo INVALID_VALUE']);
    });

    it('PAID_AFTER_DEATH_OR_EXIT takes the INELIGIBLE_BENEFICIARY parameters and must check something', () => {
      expect(check('PAID_AFTER_DEATH_OR_EXIT', { deceasedMembers: true }).parameters).toEqual({ departments: [], categories: [], programs: [], eligibleStatuses: [], exitTransitionMonths: 0, deceasedMembers: true });
      expect(problemsOf('PAID_AFTER_DEATH_OR_EXIT', {})).toEqual(['input.parameters.x.eligibleStatuses NOTHING_TO_CHECK']);
    });
  });
});
