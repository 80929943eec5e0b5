import { GraphQLError, GraphQLScalarType } from 'graphql';
import { GraphQLLocalDate } from 'graphql-scalars';

/** Dates without a time of day. PostgreSQL `date` columns arrive as UTC-midnight Dates. */
export function toLocalDate(value: Date): string {
  return value.toISOString().slice(0, 10);
}

/** graphql-scalars refuses bad dates without an error code; the hub calls that bad input. */
function asBadUserInput<A extends unknown[], R>(parse: (...args: A) => R): (...args: A) => R {
  return (...args) => {
    try {
      return parse(...args);
    } catch (error) {
      if (error instanceof GraphQLError) throw new GraphQLError(error.message, { nodes: error.nodes, extensions: { code: 'BAD_USER_INPUT' } });
      throw error;
    }
  };
}

export const LocalDateScalar = new GraphQLScalarType({
  ...GraphQLLocalDate.toConfig(),
  description: 'A calendar date without time or zone, ISO 8601 `YYYY-MM-DD` (e.g. 2024-06-10).',
  serialize: (value) => GraphQLLocalDate.serialize(value instanceof Date ? toLocalDate(value) : value),
  parseValue: asBadUserInput((value: unknown) => GraphQLLocalDate.parseValue(value)),
  parseLiteral: asBadUserInput((ast: Parameters<typeof GraphQLLocalDate.parseLiteral>[0]) => GraphQLLocalDate.parseLiteral(ast)),
});
