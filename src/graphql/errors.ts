import { GraphQLError } from 'graphql';

/** A caller acting beyond its key's role, region or department. */
export function forbidden(message: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code: 'FORBIDDEN' } });
}

/** A caller mistake: the message names the argument (and record) at fault. */
export function badUserInput(argumentName: string, message: string): GraphQLError {
  return new GraphQLError(`${argumentName}: ${message}`, {
    extensions: { code: 'BAD_USER_INPUT', argumentName },
  });
}
