import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildSchema, type GraphQLNamedType, isInputObjectType, isInterfaceType, isObjectType, isEnumType } from 'graphql';
import { printHubSchema } from '../../src/graphql/schema';

const SDL_PATH = join(__dirname, '..', '..', 'schema', 'schema.graphql');

describe('schema/schema.graphql', () => {
  it('is the SDL the code emits (run `npm run schema:emit` and commit it when this fails)', () => {
    expect(readFileSync(SDL_PATH, 'utf8')).toBe(printHubSchema());
  });

  it('describes every type, field, argument and enum value for department developers', () => {
    const schema = buildSchema(printHubSchema());
    const missing: string[] = [];
    const types = Object.values(schema.getTypeMap()).filter((type: GraphQLNamedType) => !type.name.startsWith('__'));
    for (const type of types) {
      if (!type.description) missing.push(type.name);
      if (isObjectType(type) || isInterfaceType(type) || isInputObjectType(type)) {
        for (const field of Object.values(type.getFields())) {
          if (!field.description) missing.push(`${type.name}.${field.name}`);
          for (const arg of 'args' in field ? field.args : []) if (!arg.description) missing.push(`${type.name}.${field.name}(${arg.name})`);
        }
      }
      if (isEnumType(type)) for (const value of type.getValues()) if (!value.description) missing.push(`${type.name}.${value.name}`);
    }
    expect(missing.filter((name) => !['Boolean', 'String', 'Int', 'Float', 'ID', 'Query', 'Mutation'].includes(name))).toEqual([]);
  });

  it('never carries money as a float', () => {
    const schema = buildSchema(printHubSchema());
    const floats = Object.values(schema.getTypeMap())
      .filter((type) => isObjectType(type) && !type.name.startsWith('__'))
      .flatMap((type) => Object.values((type as import('graphql').GraphQLObjectType).getFields()).filter((field) => String(field.type).includes('Float')).map((field) => `${type.name}.${field.name}`));
    expect(floats).toEqual([]);
  });
});
