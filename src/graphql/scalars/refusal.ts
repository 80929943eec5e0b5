import { GraphQLError, GraphQLScalarType, Kind, type ValueNode } from 'graphql';

/** Runs a parser; a GraphQLError or domain error it throws becomes BAD_USER_INPUT with the same message. */
export function refusingAsBadUserInput<A extends unknown[], R>(parse: (...args: A) => R, refusal: new (...args: never[]) => Error = GraphQLError): (...args: A) => R {
  return (...args) => {
    try {
      return parse(...args);
    } catch (error) {
      if (error instanceof refusal || error instanceof GraphQLError) {
        throw new GraphQLError(error.message, { nodes: (error as Partial<GraphQLError>).nodes, extensions: { code: 'BAD_USER_INPUT' } });
      }
      throw error;
    }
  };
}

/** A string scalar whose input a domain parser normalises or refuses (ID numbers, region codes). */
export function domainStringScalar(config: {
  name: string;
  description: string;
  specifiedByURL?: string;
  parse: (value: string) => string;
  refusal: new (...args: never[]) => Error;
}): GraphQLScalarType<string, string> {
  const parseString = refusingAsBadUserInput((value: unknown) => {
    if (typeof value !== 'string') throw new GraphQLError(`${config.name} must be a string`);
    return config.parse(value);
  }, config.refusal);
  return new GraphQLScalarType<string, string>({
    name: config.name,
    description: config.description,
    specifiedByURL: config.specifiedByURL,
    serialize: (value) => value as string,
    parseValue: parseString,
    parseLiteral: (ast: ValueNode) => parseString(ast.kind === Kind.STRING ? ast.value : undefined),
  });
}
