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
  'QUERY_TOO_DEEP',
  'QUERY_TOO_COSTLY',
  'TOO_MANY_ALIASES',
]);

export type ErrorLogger = (error: unknown) => void;

/**
 * Apollo files every validation failure under GRAPHQL_VALIDATION_FAILED. Where the hub itself
 * refused (a scalar refusing a literal ID number or region code, the depth limit), its own code
 * beneath says more.
 */
function hubCodeBeneath(error: unknown): string | undefined {
  for (let cause = error; cause instanceof GraphQLError; cause = cause.originalError) {
    const code = cause.extensions?.code;
    if (typeof code === 'string' && code !== 'GRAPHQL_VALIDATION_FAILED' && CALLER_ERROR_CODES.has(code)) return code;
  }
  return undefined;
}

/**
 * Errors a caller caused keep their message; anything else is logged and replaced, so database
 * messages, SQL and stack traces never reach a department's system.
 */
export function maskUnexpectedErrors(log: ErrorLogger) {
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    const code = formatted.extensions?.code;
    const refinedCode = code === 'GRAPHQL_VALIDATION_FAILED' ? hubCodeBeneath(error) : undefined;
    if (refinedCode) return { ...formatted, extensions: { ...formatted.extensions, code: refinedCode } };
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
