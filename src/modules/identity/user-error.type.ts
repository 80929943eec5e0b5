// The ingest module already defines the shared UserError (field, code, message, messageZh) in
// src/graphql: a second class with the same GraphQL name would break the schema, so reuse it.
export { UserError } from '../../graphql/user-error.type';
