import { ApolloServer } from '@apollo/server';
import { buildSchema, parse, type GraphQLSchema } from 'graphql';
import { hubSchema } from '../../src/graphql/schema';
import { PROFILE_EXAMPLE } from '../../src/server/example-operation';
import {
  DEFAULT_LIST_SIZE,
  DEFAULT_MAX_COST,
  INTROSPECTION_COST,
  costLimitPlugin,
  estimateOperationCost,
} from '../../src/server/cost-limit.plugin';

const schema = buildSchema(`
  interface Node { id: ID! }
  type Member implements Node { id: ID! name: String household: Household }
  type Subsidy implements Node { id: ID! amount: String household: Household }
  type Document implements Node { id: ID! title: String }
  type Region { name: String }
  type Household implements Node {
    id: ID!
    householdNo: String
    region: Region
    members: [Member!]!
    subsidies(year: Int): [Subsidy!]!
    documents: [Document!]!
  }
  type PageInfo { hasNextPage: Boolean! endCursor: String }
  type HouseholdEdge { cursor: String! node: Household! }
  type HouseholdConnection { edges: [HouseholdEdge!]! nodes: [Household!]! pageInfo: PageInfo! totalCount: Int! }
  type Query {
    household(householdNo: String): Household
    households(first: Int, after: String): HouseholdConnection!
    node(id: ID!): Node
    nodes(ids: [ID!]!): [Node]!
  }
`);

function cost(query: string, variables?: Record<string, unknown>, on: GraphQLSchema = schema) {
  return estimateOperationCost({ schema: on, document: parse(query), variables, defaultListSize: DEFAULT_LIST_SIZE });
}

const LISTS = 'members { name } subsidies { amount } documents { title }';

describe('operation cost', () => {
  it('counts a household profile far below the limit', () => {
    // household 1 + region 1 + three lists of 10 objects each.
    expect(cost(`{ household(householdNo: "1") { householdNo region { name } ${LISTS} } }`)).toBe(32);
  });

  it('multiplies a connection page by `first`, and its lists once, not twice', () => {
    // households 1 + nodes 100 × (household 1 + members 10 + subsidies 10 + documents 10) = 1 + 100 × 31.
    expect(cost(`{ households(first: 100) { nodes { ${LISTS} } } }`)).toBe(3101);
    // pageInfo counts once and scalars nothing; edges 100 × (edge 1 + node 1 + 30).
    expect(cost(`{ households(first: 100) { totalCount pageInfo { hasNextPage } edges { cursor node { ${LISTS} } } } }`)).toBe(1 + 1 + 100 * 32);
    // Without `first`, the connection's default page of 20.
    expect(cost(`{ households { nodes { ${LISTS} } } }`)).toBe(1 + 20 * 31);
  });

  it('nests lists multiplicatively', () => {
    // 1 + 100 × (1 + 10 × (member 1 + household 1 + subsidies 10)) = 1 + 100 × 121.
    expect(cost('{ households(first: 100) { nodes { members { household { subsidies { amount } } } } } }')).toBe(12101);
  });

  it('honours a variable `first`, then its declared default, then the page default', () => {
    const query = 'query Page($n: Int) { households(first: $n) { nodes { members { name } } } }';
    expect(cost(query, { n: 5 })).toBe(1 + 5 * 11);
    expect(cost(query, {})).toBe(1 + 20 * 11);
    expect(cost(query, { n: null })).toBe(1 + 20 * 11);
    expect(cost('query Page($n: Int = 3) { households(first: $n) { nodes { members { name } } } }')).toBe(1 + 3 * 11);
  });

  it('counts `nodes(ids:)` by the number of ids, and an interface by its costliest type', () => {
    const selection = '{ id ... on Household { members { name } } ... on Member { household { householdNo } } }';
    // Three objects, each at most a household with 10 members.
    expect(cost(`{ nodes(ids: ["a", "b", "c"]) ${selection} }`)).toBe(3 * 11);
    expect(cost(`query N($ids: [ID!]!) { nodes(ids: $ids) ${selection} }`, { ids: ['a', 'b'] })).toBe(2 * 11);
    expect(cost(`query N($ids: [ID!]!) { nodes(ids: $ids) ${selection} }`)).toBe(DEFAULT_LIST_SIZE * 11);
  });

  it('follows fragments, merges what they select alike, and stops at fragment cycles', () => {
    const viaFragments = `
      query Profile { household { ...Lists ...Members ... on Household { region { name } } } }
      fragment Lists on Household { ${LISTS} }
      fragment Members on Household { members { name } }`;
    // Both fragments select `members`: the response holds it once.
    expect(cost(viaFragments)).toBe(32);
    const aliased = `{ household { a: members { name } b: members { name } } }`;
    expect(cost(aliased)).toBe(1 + 10 + 10);
    const cyclic = 'query C { household { ...A } } fragment A on Household { members { household { ...A } } }';
    // The inner spread of A adds nothing: household 1 + members 10 × (1 + household 1).
    expect(cost(cyclic)).toBe(21);
  });

  it('walks fragments spread in many places once, however they fan out', () => {
    // 2^30 paths: walking each would never finish; memoised, this returns at once.
    let fragments = 'fragment F0 on Household { members { name } }';
    for (let level = 1; level <= 30; level++) {
      fragments += ` fragment F${level} on Household { members { household { ...F${level - 1} } } subsidies { household { ...F${level - 1} } } }`;
    }
    expect(cost(`{ household { ...F30 } } ${fragments}`)).toBeGreaterThan(DEFAULT_MAX_COST);
  });

  it('charges introspection a flat amount and honours @skip and @include', () => {
    expect(cost('{ __schema { types { name fields { name args { name } type { name ofType { name } } } } } }')).toBe(INTROSPECTION_COST);
    expect(cost('{ household { __typename } }')).toBe(1);
    const query = 'query P($details: Boolean!) { household { members @include(if: $details) { name } } }';
    expect(cost(query, { details: false })).toBe(1);
    expect(cost(query, { details: true })).toBe(11);
  });

  it('measures the hub schema: the IDE example is cheap, a hundred profiles are not', () => {
    const hub = hubSchema();
    // household 1 + region 1 + head 1 + members 10 + subsidyTotals 10 × 2 + subsidies 10 × 4
    // + documents 10 × 2 + statusHistory 10.
    expect(cost(PROFILE_EXAMPLE, undefined, hub)).toBe(103);
    expect(cost(`{ households(first: 100) { nodes { ${LISTS} } } }`, undefined, hub)).toBe(3101);
    const hundredProfiles = `{ households(first: 100) { nodes { members { name } subsidies { amount program { name } department { name } } documents { title } revisions { changes { field } } } } }`;
    // 1 + 100 × (1 + members 10 + subsidies 10 × 3 + documents 10 + revisions 10 × (1 + 10)).
    const hundred = cost(hundredProfiles, undefined, hub);
    expect(hundred).toBe(1 + 100 * 161);
    expect(hundred).toBeGreaterThan(DEFAULT_MAX_COST);
  });
});

describe('cost limit plugin', () => {
  const server = new ApolloServer({
    schema,
    rootValue: { households: { nodes: [] } },
    plugins: [costLimitPlugin({ maxCost: DEFAULT_MAX_COST, defaultListSize: DEFAULT_LIST_SIZE })],
  });
  beforeAll(() => server.start());
  afterAll(() => server.stop());

  const query = 'query Page($n: Int) { households(first: $n) { nodes { members { household { subsidies { amount } } } } } }';

  it('lets a cheap request through', async () => {
    const response = await server.executeOperation({ query, variables: { n: 20 } });
    expect(response.body.kind === 'single' && response.body.singleResult).toEqual({ data: { households: { nodes: [] } } });
  });

  it('refuses with QUERY_TOO_COSTLY and status 400 when the variables make it costly', async () => {
    const response = await server.executeOperation({ query, variables: { n: 100 } });
    expect(response.http.status).toBe(400);
    expect(response.body.kind === 'single' && response.body.singleResult).toMatchObject({
      errors: [
        {
          message: 'Page costs 12101; the hub answers at most 10000 (ask for fewer items with `first`, or fewer nested lists)',
          extensions: { code: 'QUERY_TOO_COSTLY', cost: 12101, maxCost: 10000 },
        },
      ],
    });
    // Apollo turns `extensions.http` into the status and does not send it.
    expect(response.body.kind === 'single' && response.body.singleResult.errors?.[0].extensions).not.toHaveProperty('http');
  });
});
