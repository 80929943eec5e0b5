import fc from 'fast-check';
import type { ArchiveConfiguration, CatalogueItemSpec } from '../../../src/modules/archive-review/archive-configuration';
import type { DocumentFacts, HouseholdArchiveFacts } from '../../../src/modules/archive-review/archive-facts';
import { reviewArchive } from '../../../src/modules/archive-review/archive-review';
import { assessCompleteness, percent } from '../../../src/modules/archive-review/completeness';
import { assessConsistency, membersOn } from '../../../src/modules/archive-review/consistency';
import { recomputeFourLooks, recomputeIncome } from '../../../src/modules/archive-review/recomputation';

const EVERY = ['IDENTIFIED', 'ASSISTED', 'EXITED', 'MONITORED', 'RETURNED_TO_POVERTY', 'REMOVED'] as const;
const item = (typeCode: string, bindingOrder: number, options: Partial<CatalogueItemSpec> = {}): CatalogueItemSpec => ({
  typeCode,
  name: typeCode,
  medium: typeCode.startsWith('E') ? 'ELECTRONIC' : 'PAPER',
  archiveCategory: 'HOUSEHOLD',
  bindingOrder,
  requiredForStatuses: [...EVERY],
  requiredForPovertyTypes: [],
  maxCopies: 1,
  ...options,
});

const CATALOGUE = {
  id: 1,
  version: 1,
  name: 'v1',
  effectiveFrom: '2014-01-01',
  effectiveTo: null,
  items: [
    item('P01', 1),
    item('P02', 2),
    item('P04', 4),
    item('P07', 7, { maxCopies: null, requiredForStatuses: ['ASSISTED', 'EXITED'] }),
    item('P11', 11, { requiredForStatuses: ['EXITED'] }),
    item('P15', 15, { requiredForPovertyTypes: ['MINIMUM_ALLOWANCE'] }),
    item('E02', 102),
  ],
};

const CONFIG: ArchiveConfiguration = {
  catalogueVersions: [CATALOGUE],
  settings: [
    { id: 1, effectiveFrom: '2014-01-01', effectiveTo: null, weights: { house: '0.3000', grain: '0.3000', labour: '0.2500', student: '0.1500' }, incomeTolerance: '1.00', scoreTolerance: '0.50', visitIntervalDays: 90, maxHouseholdsPerCadre: 25 },
    { id: 2, effectiveFrom: '2020-01-01', effectiveTo: null, weights: { house: '0.2500', grain: '0.2500', labour: '0.2500', student: '0.2500' }, incomeTolerance: '5.00', scoreTolerance: '0.10', visitIntervalDays: 90, maxHouseholdsPerCadre: 25 },
  ],
  povertyLines: new Map([[2016, '2952.00'], [2020, '4000.00']]),
};

let nextId = 1;
function doc(typeCode: string, facts: Partial<DocumentFacts> = {}): DocumentFacts {
  return {
    id: nextId++,
    typeCode,
    name: `name of ${typeCode}`,
    medium: typeCode.startsWith('E') ? 'ELECTRONIC' : 'PAPER',
    documentDate: '2016-05-01',
    uniformCode: null,
    familySize: null,
    labourCount: null,
    perCapitaIncome: null,
    povertyType: null,
    incomeComponents: null,
    fourLooksScores: null,
    fourLooksTotal: null,
    ...facts,
  };
}

function household(facts: Partial<HouseholdArchiveFacts> = {}): HouseholdArchiveFacts {
  return {
    householdId: 1,
    status: 'ASSISTED',
    povertyType: 'GENERAL',
    recordingDepartmentCode: 'POVERTY',
    recordingDepartmentId: 2,
    documents: [],
    members: [
      { id: 1, labourAbility: 'ORDINARY', deceasedOn: null },
      { id: 2, labourAbility: 'SKILLED', deceasedOn: null },
      { id: 3, labourAbility: 'NONE', deceasedOn: null },
    ],
    reports: [],
    dibao: null,
    ...facts,
  };
}

describe('completeness', () => {
  it('lists every item in binding order with its state, and counts the required ones', () => {
    const result = assessCompleteness(CATALOGUE, 'ASSISTED', 'GENERAL', [doc('P02'), doc('P01'), doc('P01', { documentDate: '2015-01-01' }), doc('P07'), doc('P07'), doc('P07'), doc('X99')]);
    expect(result.items.map((i) => [i.item.typeCode, i.required, i.copies, i.state])).toEqual([
      ['P01', true, 2, 'DUPLICATED'],
      ['P02', true, 1, 'PRESENT'],
      ['P04', true, 0, 'MISSING'],
      ['P07', true, 3, 'PRESENT'],
      ['P11', false, 0, 'NOT_REQUIRED'],
      ['P15', false, 0, 'NOT_REQUIRED'],
      ['E02', true, 0, 'MISSING'],
    ]);
    expect(result.items[0].documents.map((d) => d.documentDate)).toEqual(['2015-01-01', '2016-05-01']);
    expect(result).toMatchObject({ requiredCount: 5, presentCount: 3, completeness: '60.00', missingCodes: ['E02', 'P04'], duplicatedCodes: ['P01'] });
    expect(result.uncatalogued.map((d) => d.typeCode)).toEqual(['X99']);
  });

  it('requires items by status and by poverty type', () => {
    const exited = assessCompleteness(CATALOGUE, 'EXITED', 'MINIMUM_ALLOWANCE', []);
    expect(exited.missingCodes).toEqual(['E02', 'P01', 'P02', 'P04', 'P07', 'P11', 'P15']);
    expect(exited.completeness).toBe('0.00');
    const identified = assessCompleteness(CATALOGUE, 'IDENTIFIED', 'GENERAL', ['P01', 'P02', 'P04', 'E02'].map((code) => doc(code)));
    expect(identified).toMatchObject({ requiredCount: 4, presentCount: 4, completeness: '100.00', missingCodes: [], duplicatedCodes: [] });
  });

  it('a not-required item with too many copies is still duplicated', () => {
    const result = assessCompleteness(CATALOGUE, 'IDENTIFIED', 'GENERAL', [doc('P11'), doc('P11')]);
    expect(result.items.find((i) => i.item.typeCode === 'P11')!.state).toBe('DUPLICATED');
    expect(result.duplicatedCodes).toEqual(['P11']);
  });

  it('rounds percentages half-up to two decimals, exactly', () => {
    expect(percent(2, 3)).toBe('66.67');
    expect(percent(1, 3)).toBe('33.33');
    expect(percent(1, 8)).toBe('12.50');
    expect(percent(0, 0)).toBe('100.00');
  });

  it('does not depend on the order of the documents', () => {
    const codes = fc.constantFrom('P01', 'P02', 'P04', 'P07', 'P11', 'P15', 'E02', 'X01');
    fc.assert(
      fc.property(fc.array(codes, { maxLength: 12 }), fc.constantFrom(...EVERY), (list, status) => {
        const documents = list.map((code) => doc(code));
        const a = assessCompleteness(CATALOGUE, status, 'GENERAL', documents);
        const b = assessCompleteness(CATALOGUE, status, 'GENERAL', [...documents].reverse());
        expect(b).toEqual(a);
        expect(a.presentCount).toBeLessThanOrEqual(a.requiredCount);
      }),
    );
  });
});

describe('consistency', () => {
  it('finds no discrepancy where documents, members and departments agree', () => {
    const facts = household({
      documents: [doc('P01', { familySize: 3, labourCount: 2, perCapitaIncome: '2500.00', povertyType: 'GENERAL' }), doc('E02', { familySize: 3, labourCount: 2, perCapitaIncome: '2500.50', povertyType: 'GENERAL' })],
      reports: [{ departmentCode: 'CIVIL', departmentId: 3, sourceRecordId: 'C1', familySize: 3, povertyType: null, minimumAllowance: false }],
    });
    expect(assessConsistency(facts, CONFIG, '2024-01-01')).toEqual([]);
  });

  it('names every family-size value with its source, paper against electronic', () => {
    const p02 = doc('P02', { familySize: 4 });
    const e02 = doc('E02', { familySize: 3, documentDate: '2016-06-01' });
    const facts = household({ documents: [e02, p02], reports: [{ departmentCode: 'CIVIL', departmentId: 3, sourceRecordId: 'C1', familySize: 5, povertyType: null, minimumAllowance: null }] });
    const [family] = assessConsistency(facts, CONFIG, '2024-01-01');
    expect(family.fact).toBe('FAMILY_SIZE');
    expect(family.betweenPaperAndElectronic).toBe(true);
    expect(family.values.map((v) => [v.kind, v.value, v.document?.typeCode ?? v.departmentCode ?? null, v.date])).toEqual([
      ['DOCUMENT', '4', 'P02', '2016-05-01'],
      ['DOCUMENT', '3', 'E02', '2016-06-01'],
      ['MEMBERS', '3', null, '2016-06-01'],
      ['DEPARTMENT_REPORT', '5', 'CIVIL', null],
    ]);
  });

  it('counts members alive on the date of the latest document stating the fact', () => {
    const members = [
      { id: 1, labourAbility: 'ORDINARY' as const, deceasedOn: null },
      { id: 2, labourAbility: 'ORDINARY' as const, deceasedOn: '2021-03-01' },
    ];
    expect(membersOn(members, '2021-02-28')).toHaveLength(2);
    expect(membersOn(members, '2021-03-01')).toHaveLength(1);
    const before = household({ members, documents: [doc('P02', { familySize: 2, labourCount: 2, documentDate: '2016-01-01' })] });
    expect(assessConsistency(before, CONFIG, '2024-01-01')).toEqual([]);
    const after = household({ members, documents: [doc('P02', { familySize: 2, labourCount: 2, documentDate: '2022-01-01' })] });
    expect(assessConsistency(after, CONFIG, '2024-01-01').map((d) => d.fact)).toEqual(['FAMILY_SIZE', 'LABOUR_COUNT']);
  });

  it('compares labour counts with the members of ordinary or skilled labour ability, when all are recorded', () => {
    const wrong = household({ documents: [doc('P02', { labourCount: 3 })] });
    const [labour] = assessConsistency(wrong, CONFIG, '2024-01-01');
    expect(labour.fact).toBe('LABOUR_COUNT');
    expect(labour.values.map((v) => v.value)).toEqual(['3', '2']);
    const unknown = household({ documents: [doc('P02', { labourCount: 3 })], members: [{ id: 1, labourAbility: null, deceasedOn: null }] });
    expect(assessConsistency(unknown, CONFIG, '2024-01-01')).toEqual([]);
  });

  it('flags per-capita income only beyond the tolerance in force', () => {
    const within = household({ documents: [doc('P04', { perCapitaIncome: '2500.00' }), doc('P02', { perCapitaIncome: '2501.00' })] });
    expect(assessConsistency(within, CONFIG, '2024-01-01')).toEqual([]);
    const beyond = household({ documents: [doc('P04', { perCapitaIncome: '2500.00' }), doc('P02', { perCapitaIncome: '2501.01' })] });
    const [income] = assessConsistency(beyond, CONFIG, '2024-01-01');
    expect(income.fact).toBe('PER_CAPITA_INCOME');
    expect(income.explanation).not.toContain('2500');
    // From 2020 the county allows 5 yuan.
    const later = household({ documents: [doc('P04', { perCapitaIncome: '2500.00', documentDate: '2020-03-01' }), doc('P02', { perCapitaIncome: '2504.00', documentDate: '2020-03-01' })] });
    expect(assessConsistency(later, CONFIG, '2024-01-01')).toEqual([]);
  });

  it('compares poverty type across documents, departments and civil affairs’ minimum allowance', () => {
    expect(assessConsistency(household({ documents: [doc('P13', { povertyType: 'GENERAL' })] }), CONFIG, '2024-01-01')).toEqual([]);
    const stated = assessConsistency(household({ documents: [doc('P13', { povertyType: 'MINIMUM_ALLOWANCE' })] }), CONFIG, '2024-01-01');
    expect(stated.map((d) => [d.fact, d.values.map((v) => `${v.kind}:${v.value}`)])).toEqual([['POVERTY_TYPE', ['HOUSEHOLD_RECORD:GENERAL', 'DOCUMENT:MINIMUM_ALLOWANCE']]]);
    const dibao = assessConsistency(household({ dibao: { departmentCode: 'CIVIL', departmentId: 3, firstYear: 2018, lastYear: 2020, payments: 36 } }), CONFIG, '2024-01-01');
    expect(dibao[0].values[1]).toMatchObject({ kind: 'SUBSIDIES', value: 'MINIMUM_ALLOWANCE', departmentCode: 'CIVIL' });
    const dibaoToDibao = household({ povertyType: 'MINIMUM_ALLOWANCE', dibao: { departmentCode: 'CIVIL', departmentId: 3, firstYear: 2018, lastYear: 2020, payments: 36 } });
    expect(assessConsistency(dibaoToDibao, CONFIG, '2024-01-01')).toEqual([]);
    const flagTrue = household({ reports: [{ departmentCode: 'CIVIL', departmentId: 3, sourceRecordId: 'C1', familySize: null, povertyType: null, minimumAllowance: true }] });
    expect(assessConsistency(flagTrue, CONFIG, '2024-01-01').map((d) => d.fact)).toEqual(['POVERTY_TYPE']);
    const flagFalse = household({ povertyType: 'MINIMUM_ALLOWANCE', reports: [{ departmentCode: 'CIVIL', departmentId: 3, sourceRecordId: 'C1', familySize: null, povertyType: null, minimumAllowance: false }] });
    expect(assessConsistency(flagFalse, CONFIG, '2024-01-01')[0].values.map((v) => v.value)).toEqual(['MINIMUM_ALLOWANCE', 'NOT_MINIMUM_ALLOWANCE']);
  });

  it('does not depend on the order of documents or reports', () => {
    const sizes = fc.array(fc.record({ code: fc.constantFrom('P01', 'P02', 'E02'), size: fc.integer({ min: 1, max: 5 }), income: fc.integer({ min: 100000, max: 100300 }) }), { maxLength: 6 });
    fc.assert(
      fc.property(sizes, (list) => {
        const documents = list.map((entry) => doc(entry.code, { familySize: entry.size, perCapitaIncome: (entry.income / 100).toFixed(2) }));
        const a = assessConsistency(household({ documents }), CONFIG, '2024-01-01');
        const b = assessConsistency(household({ documents: [...documents].reverse() }), CONFIG, '2024-01-01');
        expect(b).toEqual(a);
      }),
    );
  });
});

describe('recomputation', () => {
  const components = { wage: '6000.00', operating: '2500.50', property: '0.00', transfer: '1200.00', productionCosts: '700.00' };

  it('recomputes per-capita income from the sheet’s components, half-up to the fen', () => {
    // (6000 + 2500.50 + 0 + 1200 − 700) / 3 = 3000.1666… → 3000.17
    const ok = recomputeIncome(doc('P04', { familySize: 3, perCapitaIncome: '3000.17', incomeComponents: components }), CONFIG, '2024-01-01')!;
    expect(ok).toMatchObject({ householdIncome: '9000.50', recomputed: '3000.17', difference: '0.00', withinTolerance: true, year: 2016, povertyLine: '2952.00', abovePovertyLine: true });
    const off = recomputeIncome(doc('P04', { familySize: 3, perCapitaIncome: '2800.00', incomeComponents: components }), CONFIG, '2024-01-01')!;
    expect(off).toMatchObject({ difference: '-200.17', withinTolerance: false });
    expect(recomputeIncome(doc('P04', { familySize: 2, perCapitaIncome: '1.00', incomeComponents: { ...components, wage: '1.01', operating: '0', transfer: '0', productionCosts: '0' } }), CONFIG, '2024-01-01')!.recomputed).toBe('0.51');
    expect(recomputeIncome(doc('P04', { familySize: 3, perCapitaIncome: '2800.00' }), CONFIG, '2024-01-01')).toBeNull();
    expect(recomputeIncome(doc('P04', { familySize: 3, perCapitaIncome: '2800.00', incomeComponents: components, documentDate: '2019-06-01' }), CONFIG, '2024-01-01')!.povertyLine).toBeNull();
  });

  it('recomputes the four-looks total with the weights in force on the sheet’s date', () => {
    const scores = { house: '60', grain: '70', labour: '50', student: '80' };
    // 0.3×60 + 0.3×70 + 0.25×50 + 0.15×80 = 63.50
    const ok = recomputeFourLooks(doc('P03', { fourLooksScores: scores, fourLooksTotal: '63.50' }), CONFIG, '2024-01-01')!;
    expect(ok).toMatchObject({ recomputed: '63.50', withinTolerance: true, settingId: 1 });
    expect(recomputeFourLooks(doc('P03', { fourLooksScores: scores, fourLooksTotal: '64.00' }), CONFIG, '2024-01-01')!.withinTolerance).toBe(true);
    expect(recomputeFourLooks(doc('P03', { fourLooksScores: scores, fourLooksTotal: '64.01' }), CONFIG, '2024-01-01')!.withinTolerance).toBe(false);
    // From 2020 equal weights: 65.00, and a tolerance of 0.10.
    const later = recomputeFourLooks(doc('P03', { fourLooksScores: scores, fourLooksTotal: '63.50', documentDate: '2020-05-01' }), CONFIG, '2024-01-01')!;
    expect(later).toMatchObject({ recomputed: '65.00', difference: '-1.50', withinTolerance: false, settingId: 2 });
  });

  it('reports arithmetic failures as discrepancies of the review', () => {
    const facts = household({
      documents: [
        doc('P04', { familySize: 3, perCapitaIncome: '2800.00', incomeComponents: components }),
        doc('P03', { fourLooksScores: { house: '60', grain: '70', labour: '50', student: '80' }, fourLooksTotal: '70.00' }),
      ],
    });
    const review = reviewArchive(facts, CONFIG, '2024-01-01');
    expect(review.discrepantFacts).toEqual(['INCOME_ARITHMETIC', 'FOUR_LOOKS_ARITHMETIC']);
    const income = review.discrepancies.find((d) => d.fact === 'INCOME_ARITHMETIC')!;
    expect(income.values.map((v) => [v.kind, v.value])).toEqual([['DOCUMENT', '2800.00'], ['RECOMPUTED', '3000.17']]);
    const clean = reviewArchive(household({ documents: [doc('P04', { familySize: 3, perCapitaIncome: '3000.17', incomeComponents: components })] }), CONFIG, '2024-01-01');
    expect(clean.discrepantFacts).toEqual([]);
    expect(clean.completeness!.missingCodes).toEqual(['E02', 'P01', 'P02', 'P07']);
  });

  it('has no completeness without a catalogue version in force', () => {
    expect(reviewArchive(household(), CONFIG, '2013-12-31').completeness).toBeNull();
  });
});
