import { GraphQLError, GraphQLScalarType, Kind } from 'graphql';
import { InvalidRegionCodeError, parseRegionCode } from '../../domain/region-code';

function parse(value: unknown): string {
  if (typeof value !== 'string') throw new GraphQLError('RegionCode must be a string', { extensions: { code: 'BAD_USER_INPUT' } });
  try {
    return parseRegionCode(value);
  } catch (error) {
    if (error instanceof InvalidRegionCodeError) throw new GraphQLError(error.message, { extensions: { code: 'BAD_USER_INPUT' } });
    throw error;
  }
}

export const RegionCodeScalar = new GraphQLScalarType({
  name: 'RegionCode',
  description:
    'Statistical division code (统计用区划代码), 12 digits: province 2, city 2, county 2, township 3, village 3, ' +
    'e.g. 520524100201. Input also accepts a 6-digit county or 9-digit township code, padded with zeros.',
  serialize: (value) => value,
  parseValue: parse,
  parseLiteral(ast) {
    if (ast.kind !== Kind.STRING) throw new GraphQLError('RegionCode must be a string', { nodes: ast, extensions: { code: 'BAD_USER_INPUT' } });
    return parse(ast.value);
  },
});
