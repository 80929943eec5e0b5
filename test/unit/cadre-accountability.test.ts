import { addDays, daysBetween, monthIndex, monthOfIndex } from '../../src/domain/dates';
import {
  bucketVisitsByMonth,
  isOverdue,
  isOverloaded,
  MAX_MONTHS,
  monthlyRowKey,
  monthRange,
  overdueCutoff,
  pairingActiveOn,
} from '../../src/modules/cadre-accountability/accountability-rules';
import { yearBounds } from '../../src/modules/region-stats/region-stats.sql';

describe('overdue visits (走访超期)', () => {
  it('keeps a visit exactly `days` ago on time and makes one a day older overdue', () => {
    expect(overdueCutoff('2024-06-30', 90)).toBe('2024-04-01');
    expect(isOverdue('2024-04-01', '2024-06-30', 90)).toBe(false);
    expect(isOverdue('2024-03-31', '2024-06-30', 90)).toBe(true);
    expect(isOverdue('2024-06-30', '2024-06-30', 0)).toBe(false);
  });

  it('counts a household never visited as overdue', () => {
    expect(isOverdue(null, '2024-06-30', 3650)).toBe(true);
  });

  it('counts days across month, year and leap-day boundaries', () => {
    expect(daysBetween('2024-02-28', '2024-03-01')).toBe(2);
    expect(daysBetween('2023-12-31', '2024-01-01')).toBe(1);
    expect(addDays('2024-03-01', -1)).toBe('2024-02-29');
    expect(daysBetween('2024-04-01', '2024-06-30')).toBe(90);
  });
});

describe('pairings and load', () => {
  it('holds a pairing from its first to its last day, both included', () => {
    const pairing = { startDate: '2024-01-01', endDate: '2024-06-30' };
    expect(pairingActiveOn(pairing, '2023-12-31')).toBe(false);
    expect(pairingActiveOn(pairing, '2024-01-01')).toBe(true);
    expect(pairingActiveOn(pairing, '2024-06-30')).toBe(true);
    expect(pairingActiveOn(pairing, '2024-07-01')).toBe(false);
    expect(pairingActiveOn({ startDate: '2024-01-01', endDate: null }, '2030-01-01')).toBe(true);
  });

  it('allows a cadre to reach the maximum but not to pass it', () => {
    expect(isOverloaded(25, 25)).toBe(false);
    expect(isOverloaded(26, 25)).toBe(true);
  });
});

describe('visits by month', () => {
  it('numbers months consecutively', () => {
    expect(monthIndex('2024-12-15') + 1).toBe(monthIndex('2025-01'));
    expect(monthOfIndex(monthIndex('2024-12-15'))).toBe('2024-12');
    expect(monthOfIndex(monthIndex('2025-01-01'))).toBe('2025-01');
  });

  it(`accepts at most ${MAX_MONTHS} calendar months and refuses a reversed range, naming the argument`, () => {
    expect(monthRange('2022-01-31', '2024-12-01').months).toBe(36);
    expect(() => monthRange('2022-01-01', '2025-01-01')).toThrow(/^to: .*37 months/);
    expect(() => monthRange('2024-02-01', '2024-01-31')).toThrow(/^to: must not be before from/);
    try {
      monthRange('2020-01-01', '2024-01-01');
    } catch (error) {
      expect((error as { extensions: { code: string; argumentName: string } }).extensions).toEqual({ code: 'BAD_USER_INPUT', argumentName: 'to' });
    }
  });

  it('buckets visits per cadre and month, counting distinct households, within the range', () => {
    const visits = [
      { cadreId: 2, householdId: 10, visitedOn: '2024-01-05' },
      { cadreId: 2, householdId: 10, visitedOn: '2024-01-20' },
      { cadreId: 2, householdId: 11, visitedOn: '2024-01-31' },
      { cadreId: 1, householdId: 10, visitedOn: '2024-02-01' },
      { cadreId: 2, householdId: 11, visitedOn: '2024-03-01' },
      { cadreId: 1, householdId: 12, visitedOn: '2023-12-31' },
    ];
    expect(bucketVisitsByMonth(visits, { from: '2024-01-01', to: '2024-02-29' })).toEqual([
      { cadreId: 1, month: '2024-02', visits: 1, households: 1 },
      { cadreId: 2, month: '2024-01', visits: 3, households: 2 },
    ]);
  });

  it('orders row keys by cadre, then month', () => {
    const range = { from: '2022-01-15' };
    const keys = [monthlyRowKey(1, '2022-01', range), monthlyRowKey(1, '2024-12', range), monthlyRowKey(2, '2022-01', range)];
    expect([...keys].sort((a, b) => a - b)).toEqual(keys);
  });
});

describe('region statistics years', () => {
  it('gives the bounds of a year and refuses a year the hub cannot hold, naming it', () => {
    expect(yearBounds(2024)).toEqual({ start: '2024-01-01', end: '2024-12-31' });
    expect(() => yearBounds(1999)).toThrow(/^year: /);
    expect(() => yearBounds(2024.5)).toThrow(/^year: /);
  });
});
