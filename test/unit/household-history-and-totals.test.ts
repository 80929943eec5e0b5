import { statusOn } from '../../src/modules/household/status-history';
import { totalsByDepartmentAndYear } from '../../src/modules/subsidy/subsidy-totals';

const day = (iso: string) => new Date(`${iso}T00:00:00Z`);

describe('status over time', () => {
  const history = [
    { id: 3, toStatus: 'EXITED' as const, effectiveOn: day('2019-12-01') },
    { id: 1, toStatus: 'IDENTIFIED' as const, effectiveOn: day('2015-03-01') },
    { id: 2, toStatus: 'ASSISTED' as const, effectiveOn: day('2015-03-01') },
    { id: 4, toStatus: 'MONITORED' as const, effectiveOn: day('2020-01-01') },
  ];

  it('answers what the status was on a date, whatever order the changes arrive in', () => {
    expect(statusOn(history, day('2015-02-28'))).toBeNull();
    expect(statusOn(history, day('2015-03-01'))).toBe('ASSISTED');
    expect(statusOn(history, day('2019-11-30'))).toBe('ASSISTED');
    expect(statusOn(history, day('2019-12-01'))).toBe('EXITED');
    expect(statusOn(history, day('2026-01-01'))).toBe('MONITORED');
  });
});

describe('subsidy totals per department and year', () => {
  it('sums exactly, newest year first, leaving withdrawn subsidies out', () => {
    const totals = totalsByDepartmentAndYear([
      { departmentId: 3, year: 2024, amount: '1860.10', state: 'PAID' },
      { departmentId: 3, year: 2024, amount: '1860.20', state: 'PAID' },
      { departmentId: 3, year: 2024, amount: '9999.99', state: 'WITHDRAWN' },
      { departmentId: 2, year: 2023, amount: '6000.00', state: 'APPROVED' },
      { departmentId: 2, year: 2023, amount: '0.01', state: 'PAID' },
    ]);
    expect(totals.map((t) => [t.departmentId, t.year, t.amount.toFixed(2), t.paid.toFixed(2), t.count])).toEqual([
      [3, 2024, '3720.30', '3720.30', 2],
      [2, 2023, '6000.01', '0.01', 2],
    ]);
  });
});
