import { inForceOn } from '../../src/modules/archive-review/archive-configuration';

describe('inForceOn', () => {
  const v1 = { name: 'v1', effectiveFrom: '2014-01-01', effectiveTo: null };
  const v2 = { name: 'v2', effectiveFrom: '2020-01-01', effectiveTo: null };
  const retired = { name: 'v3', effectiveFrom: '2023-01-01', effectiveTo: '2023-12-31' };

  it('picks the latest entry that has started by the date', () => {
    expect(inForceOn([v2, v1], '2019-12-31')?.name).toBe('v1');
    expect(inForceOn([v1, v2], '2020-01-01')?.name).toBe('v2');
  });

  it('answers null before the first entry and after a retiring one ends', () => {
    expect(inForceOn([v1, v2], '2013-12-31')).toBeNull();
    expect(inForceOn([v1, v2, retired], '2023-12-31')?.name).toBe('v3');
    expect(inForceOn([v1, v2, retired], '2024-01-01')).toBeNull();
  });
});
