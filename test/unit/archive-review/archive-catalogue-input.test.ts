import { checkCatalogueItems, checkNonNegative, checkPeriod, checkWeights } from '../../../src/modules/archive-review/archive-catalogue-input';
import { archiveFilterConditions } from '../../../src/modules/archive-review/archive-filters';

describe('catalogue administration input', () => {
  const known = ['E02', 'P01', 'P02'];

  it('accepts known, distinct items and lists the valid codes for an unknown one', () => {
    expect(checkCatalogueItems([{ typeCode: 'p01' }, { typeCode: 'E02', maxCopies: 2 }], known)).toEqual([]);
    const problems = checkCatalogueItems([{ typeCode: 'P99' }, { typeCode: 'P01' }, { typeCode: 'P01', maxCopies: 0 }], known);
    expect(problems.map((p) => [p.field.join('.'), p.code])).toEqual([
      ['input.items.0.typeCode', 'UNKNOWN_DOCUMENT_TYPE'],
      ['input.items.2.typeCode', 'DUPLICATE_ITEM'],
      ['input.items.2.maxCopies', 'INVALID_VALUE'],
    ]);
    expect(problems[0].message).toContain('E02, P01, P02');
    expect(checkCatalogueItems([], known).map((p) => p.code)).toEqual(['REQUIRED']);
  });

  it('wants the four weights to sum to exactly 1', () => {
    expect(checkWeights({ house: '0.3', grain: '0.3', labour: '0.25', student: '0.15' })).toEqual([]);
    expect(checkWeights({ house: '1', grain: '0', labour: '0', student: '0.0000' })).toEqual([]);
    expect(checkWeights({ house: '0.3', grain: '0.3', labour: '0.25', student: '0.1501' }).map((p) => [p.field.join('.'), p.code])).toEqual([['input.weights', 'WEIGHTS_DO_NOT_SUM_TO_ONE']]);
    expect(checkWeights({ house: '-0.1', grain: '0.5', labour: '0.3', student: '0.30001' }).map((p) => p.field.join('.'))).toEqual(['input.weights.house', 'input.weights.student']);
  });

  it('checks periods and tolerances', () => {
    expect(checkPeriod('2020-01-01', '2019-12-31').map((p) => p.code)).toEqual(['INVALID_PERIOD']);
    expect(checkPeriod('2020-01-01', '2020-01-01')).toEqual([]);
    expect(checkNonNegative('0.50', 'scoreTolerance', 2)).toEqual([]);
    expect(checkNonNegative('-1', 'scoreTolerance', 2).map((p) => p.field.join('.'))).toEqual(['input.scoreTolerance']);
  });
});

describe('archive filters of households(filter:)', () => {
  it('reads the stored assessment', () => {
    expect(archiveFilterConditions({ completenessBelow: '80', missingItem: 'p04', discrepancy: 'FAMILY_SIZE' })).toEqual([
      { archiveAssessment: { is: { completeness: { lt: '80' }, missingCodes: { has: 'P04' }, discrepantFacts: { has: 'FAMILY_SIZE' } } } },
    ]);
    expect(archiveFilterConditions({})).toEqual([]);
    expect(() => archiveFilterConditions({ completenessBelow: '101' })).toThrow(/completenessBelow|percentage/);
  });
});
