import { checkHousehold, RecordRejected } from '../../src/modules/ingest/record-rules';

const record = { sourceRecordId: 'FP-1', householdNo: '520524100001', regionCode: '520524100201', povertyType: 'GENERAL' };

function rejection(extra: Record<string, unknown>) {
  try {
    checkHousehold({ ...record, ...extra }, '2026-12-01');
  } catch (error) {
    if (error instanceof RecordRejected) return error.rejection;
    throw error;
  }
  return null;
}

describe('a household record’s status date (状态生效日期)', () => {
  it('is kept beside the facts, not among them', () => {
    const checked = checkHousehold({ ...record, status: 'EXITED', statusEffectiveOn: '2020-11-30' }, '2026-12-01');
    expect(checked.statusEffectiveOn).toBe('2020-11-30');
    expect(checked.facts).not.toHaveProperty('statusEffectiveOn');
  });

  it('is refused without the status it dates, or in the future', () => {
    expect(rejection({ statusEffectiveOn: '2020-11-30' })).toMatchObject({ field: 'statusEffectiveOn', code: 'INVALID_VALUE' });
    expect(rejection({ status: 'EXITED', statusEffectiveOn: '2026-12-02' })).toMatchObject({ field: 'statusEffectiveOn', code: 'INVALID_DATE' });
    expect(rejection({ status: 'EXITED', statusEffectiveOn: '2026-12-01' })).toBeNull();
  });
});
