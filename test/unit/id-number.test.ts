import fc from 'fast-check';
import { ageOn, checkCharacter, chinaToday, composeIdNumber, InvalidIdNumberError, parseIdNumber, readIdNumber } from '../../src/domain/id-number';

describe('ID numbers (GB 11643-1999)', () => {
  it('accepts the sample files’ numbers and derives birth date and sex', () => {
    expect(parseIdNumber('520524195509122987')).toEqual({
      idNumber: '520524195509122987',
      regionCode: '520524',
      birthDate: '1955-09-12',
      sex: 'FEMALE',
    });
    expect(parseIdNumber('52052419850612354x').sex).toBe('FEMALE'); // 17th digit 4 is even
    expect(parseIdNumber('52052419850612354x').idNumber).toBe('52052419850612354X');
  });

  it('computes the check character with weights 7 9 10 5 8 4 2 1 6 3 7 9 10 5 8 4 2', () => {
    // Worked example of the standard: 11010519491231002 → X
    expect(checkCharacter('11010519491231002')).toBe('X');
    expect(checkCharacter('52052419850612354')).toBe('X');
  });

  it('refuses a wrong check character and names the expected one', () => {
    expect(() => parseIdNumber('520524195509122988')).toThrow(/check character is 8, expected 7/);
    expect(() => parseIdNumber('520524195509122988')).toThrow(InvalidIdNumberError);
  });

  it('converts old 15-digit numbers by inserting 19 and computing the check character', () => {
    const converted = parseIdNumber('520524761106714');
    expect(converted.idNumber).toBe(`52052419761106714${checkCharacter('52052419761106714')}`);
    expect(converted.birthDate).toBe('1976-11-06');
  });

  it('refuses impossible birth dates, future births and malformed input', () => {
    expect(() => parseIdNumber(composeIdNumber('520524', '1999-02-30', 12))).toThrow(/not a valid date/);
    expect(() => parseIdNumber(composeIdNumber('520524', '2026-11-24', 12), '2026-11-23')).toThrow(/future/);
    expect(parseIdNumber(composeIdNumber('520524', '2026-11-23', 12), '2026-11-23').birthDate).toBe('2026-11-23');
    for (const bad of ['', '52052419550912298', '5205241955091229877', '52052419550912298Y', '52052A195509122987']) {
      expect(() => parseIdNumber(bad)).toThrow(InvalidIdNumberError);
    }
  });

  it('round-trips every composed number and catches every single-digit change', () => {
    const date = fc.date({ min: new Date('1900-01-01'), max: new Date('2020-12-31'), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10));
    fc.assert(
      fc.property(date, fc.integer({ min: 0, max: 999 }), fc.integer({ min: 0, max: 16 }), fc.integer({ min: 1, max: 9 }), (birth, seq, position, delta) => {
        const id = composeIdNumber('520524', birth, seq);
        const parsed = parseIdNumber(id);
        expect(parsed.birthDate).toBe(birth);
        expect(parsed.sex).toBe(seq % 2 === 1 ? 'MALE' : 'FEMALE');
        const digit = (Number(id[position]) + delta) % 10;
        const changed = id.slice(0, position) + digit + id.slice(position + 1);
        expect(() => {
          const again = parseIdNumber(changed);
          if (again.idNumber === changed) throw new InvalidIdNumberError(changed, 'accepted');
        }).toThrow(InvalidIdNumberError);
      }),
    );
  });

  it('reads birth date and sex from numbers on record even when their check character is wrong', () => {
    expect(readIdNumber('520524195509122988')).toEqual({ birthDate: '1955-09-12', sex: 'FEMALE' });
    expect(readIdNumber('520524761106714')).toEqual({ birthDate: '1976-11-06', sex: 'FEMALE' }); // last digit 4 is even
    expect(readIdNumber('520524195513402988')).toEqual({ birthDate: null, sex: 'FEMALE' });
    expect(readIdNumber('garbage')).toEqual({ birthDate: null, sex: null });
  });

  it('reckons today and ages in China time', () => {
    expect(chinaToday(new Date('2026-11-23T16:30:00Z'))).toBe('2026-11-24');
    expect(chinaToday(new Date('2026-11-23T15:59:00Z'))).toBe('2026-11-23');
    expect(ageOn('1955-09-12', '2026-09-11')).toBe(70);
    expect(ageOn('1955-09-12', '2026-09-12')).toBe(71);
  });
});
