import { DEPARTMENTS, PROGRAMS, SUBSIDY_CATEGORIES } from '../../src/modules/catalogue/reference-data';
import { DEFAULT_RULES } from '../../src/modules/findings/default-rules';
import type { HouseholdFacts, ProgramInfo, RuleVersionSpec, SubsidyFact } from '../../src/modules/findings/detector';
import type { RuleParameters } from '../../src/modules/findings/rule-parameters';

/** The reference catalogue as the detector sees it, programs numbered from 1 in catalogue order. */
export const CATALOGUE = new Map<number, ProgramInfo>(
  PROGRAMS.map((program, index) => {
    const department = DEPARTMENTS.find((d) => d.code === program.department)!;
    const category = SUBSIDY_CATEGORIES.find((c) => c.code === program.category)!;
    return [
      index + 1,
      {
        id: index + 1,
        code: program.code,
        name: program.name,
        departmentCode: department.code,
        departmentName: department.name,
        departmentNameEn: department.nameEn,
        categoryCode: category.code,
        categoryName: category.name,
        categoryNameEn: category.nameEn,
      },
    ];
  }),
);

export const programId = (code: string): number => {
  for (const [id, program] of CATALOGUE) if (program.code === code) return id;
  throw new Error(`no program ${code}`);
};

/** The default rule set as version 1 of rules numbered from 1. */
export const DEFAULT_RULE_SPECS: RuleVersionSpec[] = DEFAULT_RULES.map((rule, index) => ({
  ruleId: index + 1,
  versionId: index + 1,
  code: rule.code,
  version: 1,
  kind: rule.kind,
  name: rule.name,
  severity: rule.severity,
  effectiveFrom: rule.effectiveFrom,
  effectiveTo: null,
  parameters: rule.parameters,
}));

export function ruleSpec(code: string, overrides: Partial<Omit<RuleVersionSpec, 'parameters'>> & { parameters?: Partial<RuleParameters> } = {}): RuleVersionSpec {
  const base = DEFAULT_RULE_SPECS.find((rule) => rule.code === code)!;
  return { ...base, ...overrides, parameters: { ...base.parameters, ...overrides.parameters } as RuleParameters };
}

let nextId = 1000;

/** A paid subsidy; dates default to one day, the amount to 1000.00 yuan. */
export function subsidy(program: string, startDate: string, endDate = startDate, overrides: Partial<SubsidyFact> = {}): SubsidyFact {
  return {
    id: nextId++,
    version: 1,
    memberId: null,
    programId: programId(program),
    amountFen: 100_000,
    startDate,
    endDate,
    year: Number(startDate.slice(0, 4)),
    state: 'PAID',
    approvedOn: startDate,
    paidOn: endDate,
    ...overrides,
  };
}

export function household(subsidies: SubsidyFact[], extra: Partial<HouseholdFacts> = {}): HouseholdFacts {
  return { householdId: 1, subsidies, statusChanges: [{ status: 'IDENTIFIED', effectiveOn: '2015-05-01' }, { status: 'ASSISTED', effectiveOn: '2015-06-01' }], deceasedOn: new Map(), ...extra };
}
