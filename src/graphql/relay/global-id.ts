import type { GraphQLError } from 'graphql';
import { badUserInput } from '../errors';

/**
 * Opaque global IDs (Relay's Node convention): base64url of "<TypeName>:<key>". Clients must not
 * parse them; the hub may change their contents.
 */
export function toGlobalId(typename: string, key: string | number): string {
  return Buffer.from(`${typename}:${key}`, 'utf8').toString('base64url');
}

export interface DecodedGlobalId {
  typename: string;
  key: string;
}

export function fromGlobalId(globalId: string, argumentName = 'id'): DecodedGlobalId {
  const decoded = Buffer.from(globalId, 'base64url').toString('utf8');
  const separator = decoded.indexOf(':');
  if (separator <= 0 || separator === decoded.length - 1 || toGlobalId(decoded.slice(0, separator), decoded.slice(separator + 1)) !== globalId) {
    throw badUserInput(argumentName, `"${globalId}" is not an ID issued by this hub`);
  }
  return { typename: decoded.slice(0, separator), key: decoded.slice(separator + 1) };
}

/** The largest row key PostgreSQL's `integer` holds. */
export const MAX_ROW_KEY = 2_147_483_647;

/** Row keys are positive integers for most types; anything else in an ID is a forged or stale ID. */
export function integerKey(key: string): number | null {
  return /^[1-9]\d{0,9}$/.test(key) && Number(key) <= MAX_ROW_KEY ? Number(key) : null;
}

/** The integer row key of a global ID of the given type; null for an ID not issued by the hub or of another type. */
export function rowKeyOf(globalId: string, typename: string): number | null {
  try {
    const decoded = fromGlobalId(globalId);
    return decoded.typename === typename ? integerKey(decoded.key) : null;
  } catch (error) {
    if ((error as GraphQLError).extensions?.code === 'BAD_USER_INPUT') return null;
    throw error;
  }
}
