import { GraphQLError, GraphQLScalarType, Kind } from 'graphql';
import { InvalidIdNumberError, parseIdNumber } from '../../domain/id-number';

function parse(value: unknown): string {
  if (typeof value !== 'string') throw new GraphQLError('IdNumber must be a string', { extensions: { code: 'BAD_USER_INPUT' } });
  try {
    return parseIdNumber(value).idNumber;
  } catch (error) {
    if (error instanceof InvalidIdNumberError) throw new GraphQLError(error.message, { extensions: { code: 'BAD_USER_INPUT' } });
    throw error;
  }
}

export const IdNumberScalar = new GraphQLScalarType({
  name: 'IdNumber',
  description:
    'Resident ID number (居民身份证号码, GB 11643-1999): 18 characters, the last a check character (0-9 or X). ' +
    'Input accepts old 15-digit numbers and converts them; a wrong check character is refused.',
  specifiedByURL: 'https://openstd.samr.gov.cn/bzgk/gb/newGbInfo?hcno=080D6FBF2BB468F9007657F26D60013E',
  serialize: (value) => value,
  parseValue: parse,
  parseLiteral(ast) {
    if (ast.kind !== Kind.STRING) throw new GraphQLError('IdNumber must be a string', { nodes: ast, extensions: { code: 'BAD_USER_INPUT' } });
    return parse(ast.value);
  },
});
