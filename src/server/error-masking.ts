import { unwrapResolverError } from '@apollo/server/errors';
import { GraphQLError, type GraphQLFormattedError } from 'graphql';

const CALLER_ERROR_CODES = new Set([
  'BAD_USER_INPUT',
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'BAD_REQUEST',
  'PERSISTED_QUERY_NOT_FOUND',
  'PERSISTED_QUERY_NOT_SUPPORTED',
  'OPERATION_RESOLUTION_FAILURE',
  'UNAUTHENTICATED',
  'FORBIDDEN',
]);

export type ErrorLogger = (error: unknown) => void;

/** A hub scalar refusing a literal (an ID number, a region code) is bad input, not a malformed query. */
function refusedByScalar(error: unknown): boolean {
  for (let cause = error; cause instanceof Error; cause = (cause as GraphQLError).originalError) {
    if (cause instanceof GraphQLError && cause.extensions?.code === 'BAD_USER_INPUT') return true;
    if (!(cause instanceof GraphQLError)) break;
  }
  return false;
}

/**
 * Errors a caller caused keep their message; anything else is logged and replaced, so database
 * messages, SQL and stack traces never reach a department's system.
 */
export function maskUnexpectedErrors(log: ErrorLogger) {
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    const code = formatted.extensions?.code;
    if (code === 'GRAPHQL_VALIDATION_FAILED' && refusedByScalar(error)) {
      return { ...formatted, extensions: { ...formatted.extensions, code: 'BAD_USER_INPUT' } };
    }
    if (typeof code === 'string' && CALLER_ERROR_CODES.has(code)) return formatted;
    log(unwrapResolverError(error));
    return {
      message: 'Internal server error: the hub logged the details',
      locations: formatted.locations,
      path: formatted.path,
      extensions: { code: 'INTERNAL_SERVER_ERROR' },
    };
  };
}
