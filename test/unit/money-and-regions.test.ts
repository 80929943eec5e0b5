import { formatMoney, parseMoney } from '../../src/domain/money';
import { ancestorCode, parseRegionCode, regionLevel, regionPrefix } from '../../src/domain/region-code';

describe('money', () => {
  it('keeps yuan exact to the fen where floats would not', () => {
    expect(formatMoney(parseMoney('0.10').plus(parseMoney('0.20')))).toBe('0.30');
    expect(0.1 + 0.2).not.toBe(0.3);
    expect(formatMoney(parseMoney('999999999999.99'))).toBe('999999999999.99');
  });

  it('parses decimal strings and integers, and refuses floats and extra decimals', () => {
    expect(formatMoney(parseMoney('1860'))).toBe('1860.00');
    expect(formatMoney(parseMoney(' 6400.5 '))).toBe('6400.50');
    expect(formatMoney(parseMoney(300))).toBe('300.00');
    for (const bad of [1.5, '1.005', 'abc', '', '1e3', null, '12,000.00']) expect(() => parseMoney(bad)).toThrow(/invalid amount/);
  });
});

describe('region codes', () => {
  it('knows the level of each code and the prefix shared by what lies inside it', () => {
    expect(regionLevel('520524100201')).toBe('VILLAGE');
    expect(regionLevel('520524100000')).toBe('TOWNSHIP');
    expect(regionLevel('520524000000')).toBe('COUNTY');
    expect(regionLevel('520500000000')).toBe('CITY');
    expect(regionPrefix('520524100000')).toBe('520524100');
    expect(regionPrefix('520524000000')).toBe('520524');
  });

  it('finds the village, township and county a code lies in', () => {
    expect(['VILLAGE', 'TOWNSHIP', 'COUNTY'].map((level) => ancestorCode('520524100201', level as 'VILLAGE'))).toEqual(['520524100201', '520524100000', '520524000000']);
    expect(ancestorCode('520524100000', 'VILLAGE')).toBeNull();
    expect(ancestorCode('520524000000', 'TOWNSHIP')).toBeNull();
  });

  it('pads county and township codes and refuses anything else', () => {
    expect(parseRegionCode('520524')).toBe('520524000000');
    expect(parseRegionCode('520524100')).toBe('520524100000');
    expect(() => parseRegionCode('52052410020')).toThrow(/12 digits/);
    expect(() => parseRegionCode('52052410020X')).toThrow(/12 digits/);
  });
});
