import { buildSchema, parse, validate } from 'graphql';
import { DEFAULT_MAX_ALIASES, aliasLimitRule } from '../../src/server/alias-limit.rule';

const schema = buildSchema(`
  type Household { householdNo: String subsidies: [Subsidy] }
  type Subsidy { amount: String household: Household }
  type Query { household(householdNo: String): Household }
`);

function errors(query: string, maxAliases: number) {
  return validate(schema, parse(query), [aliasLimitRule(maxAliases)]);
}

describe('alias limit', () => {
  it('counts aliases at every depth and refuses more than the limit', () => {
    const query = '{ a: household(householdNo: "1") { no: householdNo } b: household(householdNo: "2") { subsidies { x: amount } } }';
    expect(errors(query, 4)).toEqual([]);
    const [error, ...others] = errors(query, 3);
    expect(others).toEqual([]);
    expect(error.message).toBe('the operation uses 4 aliases; the hub answers at most 3');
    expect(error.extensions).toEqual({ code: 'TOO_MANY_ALIASES' });
  });

  it('counts a fragment once per spread, through inline fragments', () => {
    const query = `
      query Many { a: household { ...H } b: household { ...H } household { ... on Household { ...H } } }
      fragment H on Household { no: householdNo subsidies { ...S } }
      fragment S on Subsidy { x: amount y: amount }`;
    // a, b, then three spreads of H with 1 + 2 aliases each.
    expect(errors(query, 11)).toEqual([]);
    expect(errors(query, 10).map((error) => error.message)).toEqual(['Many uses 11 aliases; the hub answers at most 10']);
  });

  it('stops at fragment cycles and stays fast when fragments fan out', () => {
    // 2^40 spreads: counting each would never finish; memoised per fragment, it returns at once.
    const cyclic = 'query C { household { ...A } } fragment A on Household { n: householdNo subsidies { household { ...A } } }';
    expect(errors(cyclic, 1)).toEqual([]);
    let fragments = 'fragment F0 on Household { n: householdNo }';
    for (let level = 1; level <= 40; level++) fragments += ` fragment F${level} on Household { ...F${level - 1} subsidies { household { ...F${level - 1} } } }`;
    expect(errors(`{ household { ...F40 } } ${fragments}`, DEFAULT_MAX_ALIASES)[0].message).toBe(`the operation uses ${2 ** 40} aliases; the hub answers at most 20`);
  });

  it('counts each operation of a document on its own', () => {
    const query = 'query One { a: household { householdNo } } query Two { b: household { householdNo } c: household { householdNo } }';
    expect(errors(query, 1).map((error) => error.message)).toEqual(['Two uses 2 aliases; the hub answers at most 1']);
  });
});
