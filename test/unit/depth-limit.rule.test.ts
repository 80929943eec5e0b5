import { buildSchema, parse, validate } from 'graphql';
import { depthLimitRule } from '../../src/server/depth-limit.rule';

const schema = buildSchema(`
  type Household { householdNo: String subsidies: [Subsidy] }
  type Subsidy { amount: String household: Household }
  type Query { household: Household }
`);

function errors(query: string, maxDepth: number) {
  return validate(schema, parse(query), [depthLimitRule(maxDepth)]).map((error) => error.message);
}

describe('depth limit', () => {
  const nested = '{ household { subsidies { household { subsidies { amount } } } } }';

  it('counts fields, not fragments, and refuses what is deeper than the limit', () => {
    expect(errors(nested, 5)).toEqual([]);
    expect(errors(nested, 4)).toEqual(['the operation is nested 5 fields deep; the hub answers at most 4']);
  });

  it('follows named and inline fragments, and stops at fragment cycles', () => {
    const viaFragments = `
      query Deep { household { ...H } }
      fragment H on Household { subsidies { ... on Subsidy { household { householdNo } } } }`;
    expect(errors(viaFragments, 4)).toEqual([]);
    expect(errors(viaFragments, 3)).toEqual(['Deep is nested 4 fields deep; the hub answers at most 3']);
    const cyclic = 'query C { household { ...A } } fragment A on Household { subsidies { household { ...A } } }';
    expect(() => errors(cyclic, 10)).not.toThrow();
  });

  it('does not count introspection meta-fields', () => {
    expect(errors('{ household { __typename } }', 1)).toEqual([]);
    expect(errors('{ household { householdNo } }', 1)).toHaveLength(1);
  });
});
