import { GraphQLScalarType } from 'graphql';
import { GraphQLLocalDate } from 'graphql-scalars';
import { refusingAsBadUserInput } from './refusal';

/** Dates without a time of day. PostgreSQL `date` columns arrive as UTC-midnight Dates. */
function toLocalDate(value: Date): string {
  return value.toISOString().slice(0, 10);
}

export const LocalDateScalar = new GraphQLScalarType({
  ...GraphQLLocalDate.toConfig(),
  description: 'A calendar date without time or zone, ISO 8601 `YYYY-MM-DD` (e.g. 2024-06-10).',
  serialize: (value) => GraphQLLocalDate.serialize(value instanceof Date ? toLocalDate(value) : value),
  parseValue: refusingAsBadUserInput((value: unknown) => GraphQLLocalDate.parseValue(value)),
  parseLiteral: refusingAsBadUserInput((ast: Parameters<typeof GraphQLLocalDate.parseLiteral>[0]) => GraphQLLocalDate.parseLiteral(ast)),
});
