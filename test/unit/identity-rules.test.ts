import { composeIdNumber } from '../../src/domain/id-number';
import {
  birthDateFromIdNumber,
  explain,
  type IdentityEvidenceEntry,
  IdentityReviewError,
  identityReviewErrors,
  requireText,
  subjectKey,
  survivorTypesFor,
} from '../../src/modules/identity/identity-rules';

const person = (overrides: Partial<IdentityEvidenceEntry>): IdentityEvidenceEntry => ({
  householdId: 1,
  householdNo: '520524100017',
  memberId: 10,
  name: '王国华',
  idNumber: composeIdNumber('520524', '1980-05-06', 123),
  birthDate: '1980-05-06',
  relation: 'CHILD',
  departmentCode: 'POVERTY',
  sourceRecordId: '520524100017-03',
  regionCode: '520524100201',
  ...overrides,
});

describe('identity review subject keys', () => {
  it('are the kind, what the group shares and the sorted distinct ids', () => {
    expect(subjectKey('SAME_ID_NUMBER_IN_TWO_HOUSEHOLDS', '52052419800506123X', [42, 7, 42, 19])).toBe('SAME_ID_NUMBER_IN_TWO_HOUSEHOLDS:52052419800506123X:7,19,42');
  });

  it('do not depend on the order the group was read in', () => {
    const a = subjectKey('SAME_HEAD_NAME_IN_VILLAGE', '520524100201/王国华', [3, 1, 2]);
    expect(subjectKey('SAME_HEAD_NAME_IN_VILLAGE', '520524100201/王国华', [2, 3, 1])).toBe(a);
  });

  it('differ when a person joins or leaves the group, or the kind differs', () => {
    const base = subjectKey('SAME_NAME_AND_BIRTH_DATE_IN_VILLAGE', '520524100201/王国华/19800506', [1, 2]);
    expect(subjectKey('SAME_NAME_AND_BIRTH_DATE_IN_VILLAGE', '520524100201/王国华/19800506', [1, 2, 3])).not.toBe(base);
    expect(subjectKey('SAME_NAME_AND_BIRTH_DATE_IN_VILLAGE', '520524100201/王国华/19800506', [1])).not.toBe(base);
    expect(subjectKey('SAME_HEAD_NAME_IN_VILLAGE', '520524100201/王国华/19800506', [1, 2])).not.toBe(base);
  });
});

describe('birth dates from ID numbers', () => {
  it('reads characters 7-14 of an 18-character number', () => {
    expect(birthDateFromIdNumber('520524195509122987')).toBe('1955-09-12');
    expect(birthDateFromIdNumber('52052419850612354X')).toBe('1985-06-12');
  });

  it('reads old 15-digit numbers with 19 inserted', () => {
    expect(birthDateFromIdNumber('520524761106714')).toBe('1976-11-06');
  });

  it('is null when the number encodes no real date or is malformed', () => {
    expect(birthDateFromIdNumber('520524195502302987')).toBeNull();
    expect(birthDateFromIdNumber('12345')).toBeNull();
  });
});

describe('which merges a kind allows', () => {
  it('households and persons for one ID number in two households', () => {
    expect(survivorTypesFor('SAME_ID_NUMBER_IN_TWO_HOUSEHOLDS')).toEqual(['Household', 'Member']);
  });

  it('persons only for the same name and birth date', () => {
    expect(survivorTypesFor('SAME_NAME_AND_BIRTH_DATE_IN_VILLAGE')).toEqual(['Member']);
  });

  it('households only for the same head name', () => {
    expect(survivorTypesFor('SAME_HEAD_NAME_IN_VILLAGE')).toEqual(['Household']);
  });
});

describe('explanations', () => {
  const idNumber = composeIdNumber('520524', '1980-05-06', 123);

  it('name the ID number and the households that both hold it', () => {
    const evidence = [person({ householdNo: '520524100233', householdId: 2, memberId: 20 }), person({})];
    expect(explain('SAME_ID_NUMBER_IN_TWO_HOUSEHOLDS', evidence, '520524100201')).toEqual({
      en: `ID number ${idNumber} is on record in households 520524100017 and 520524100233`,
      zh: `身份证号 ${idNumber} 同时登记在 520524100017、520524100233 两户`,
    });
  });

  it('count three or more households in both languages', () => {
    const evidence = ['520524100001', '520524100002', '520524100003'].map((householdNo, k) => person({ householdNo, householdId: k + 1, memberId: k + 1 }));
    const { en, zh } = explain('SAME_ID_NUMBER_IN_TWO_HOUSEHOLDS', evidence, '520524100201');
    expect(en).toContain('households 520524100001, 520524100002 and 520524100003');
    expect(zh).toContain('三户');
  });

  it('give the name, birth date, village and every ID number for the same name and birth date', () => {
    const other = composeIdNumber('520524', '1980-05-06', 125);
    const evidence = [person({}), person({ householdNo: '520524100233', householdId: 2, memberId: 20, idNumber: other })];
    const { en, zh } = explain('SAME_NAME_AND_BIRTH_DATE_IN_VILLAGE', evidence, '520524100201');
    expect(en).toBe(`王国华, born 1980-05-06, is on record in village 520524100201 under 2 different ID numbers: ${idNumber} (520524100017) and ${other} (520524100233)`);
    expect(zh).toContain('同名同出生日期（1980-05-06）的 王国华');
    expect(zh).toContain(`${other}（520524100233户）`);
  });

  it('give the shared head name and the households', () => {
    const evidence = [person({ relation: 'HEAD' }), person({ relation: 'HEAD', householdNo: '520524100233', householdId: 2, memberId: 20 })];
    expect(explain('SAME_HEAD_NAME_IN_VILLAGE', evidence, '520524100201')).toEqual({
      en: 'The heads of households 520524100017 and 520524100233 in village 520524100201 have the same name, 王国华',
      zh: '村 520524100201 的 520524100017、520524100233 两户户主同名（王国华）',
    });
  });
});

describe('resolution errors', () => {
  it('refuse a blank reason or resolver with a stable code naming the field and review', () => {
    expect(requireText('  ok ', 'reason', 5)).toBe('ok');
    const blank = (() => {
      try {
        requireText('   ', 'reason', 5);
      } catch (error) {
        return error as IdentityReviewError;
      }
    })();
    expect(blank).toBeInstanceOf(IdentityReviewError);
    expect(blank).toMatchObject({ code: 'REASON_REQUIRED', field: 'reason' });
    expect(blank!.message).toMatch(/identity review 5: reason/);
    expect(() => requireText(null, 'resolvedBy', 5)).toThrow(expect.objectContaining({ code: 'RESOLVED_BY_REQUIRED', field: 'resolvedBy' }));
  });

  it('say which survivors a kind allows when a merge is not allowed', () => {
    const error = identityReviewErrors.mergeNotAllowed(9, 'SAME_HEAD_NAME_IN_VILLAGE', 'Member');
    expect(error).toMatchObject({ code: 'MERGE_NOT_ALLOWED', field: 'survivorId' });
    expect(error.message).toMatch(/identity review 9 \(SAME_HEAD_NAME_IN_VILLAGE\).*a Household as survivor/);
    expect(error.messageZh).not.toBe('');
  });
});
