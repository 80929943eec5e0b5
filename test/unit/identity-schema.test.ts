import { DateTimeResolver } from 'graphql-scalars';
import { type GraphQLNamedType, isEnumType, isInputObjectType, isInterfaceType, isObjectType, printSchema } from 'graphql';
import { buildSchemaSync } from 'type-graphql';
import { HouseholdResolver } from '../../src/modules/household/household.resolver';
import { HouseholdIdentityReviewResolver, IdentityReviewResolver } from '../../src/modules/identity/identity-review.resolver';
import { MemberResolver } from '../../src/modules/member/member.resolver';
import { RegionResolver } from '../../src/modules/region/region.resolver';

// Until src/graphql/schema.ts registers identity review, check its part of the schema here.
const schema = buildSchemaSync({
  resolvers: [HouseholdResolver, MemberResolver, RegionResolver, IdentityReviewResolver, HouseholdIdentityReviewResolver],
  scalarsMap: [{ type: Date, scalar: DateTimeResolver }],
  validate: false,
});

describe('the identity review schema', () => {
  it('describes every type, field, argument and enum value it adds', () => {
    const missing: string[] = [];
    const ours = (type: GraphQLNamedType) => /^(IdentityReview|IdentityEvidence|MergeIdentityReview|DismissIdentityReview|UserError|Mutation$|Query$|Household$)/.test(type.name);
    for (const type of Object.values(schema.getTypeMap()).filter(ours)) {
      if (!type.description && !['Query', 'Mutation'].includes(type.name)) missing.push(type.name);
      if (isObjectType(type) || isInterfaceType(type) || isInputObjectType(type)) {
        for (const field of Object.values(type.getFields())) {
          if (!field.description) missing.push(`${type.name}.${field.name}`);
          for (const arg of 'args' in field ? field.args : []) if (!arg.description) missing.push(`${type.name}.${field.name}(${arg.name})`);
        }
      }
      if (isEnumType(type)) for (const value of type.getValues()) if (!value.description) missing.push(`${type.name}.${value.name}`);
    }
    expect(missing).toEqual([]);
  });

  it('offers the query, the two mutations, the household field and a Relay node type', () => {
    const sdl = printSchema(schema);
    expect(sdl).toContain('identityReviews(');
    expect(sdl).toMatch(/mergeIdentityReview\(\s*"""[^"]*"""\s*input: MergeIdentityReviewInput!\s*\): IdentityReviewPayload!/);
    expect(sdl).toMatch(/dismissIdentityReview\(\s*"""[^"]*"""\s*input: DismissIdentityReviewInput!\s*\): IdentityReviewPayload!/);
    expect(sdl).toMatch(/type IdentityReview implements Node/);
    expect(sdl).toMatch(/identityReviews: \[IdentityReview!\]!/);
  });
});
