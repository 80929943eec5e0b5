/**
 * Arrays for set-based statements (`INSERT … SELECT FROM unnest($1::text::int[], …)`), passed as
 * Postgres array literals in text: both driver adapters (PGlite and node-postgres) send text
 * parameters unchanged, while their handling of JavaScript arrays differs.
 */
export type SqlValue = string | number | boolean | null;

export function arrayLiteral(values: readonly SqlValue[]): string {
  const elements = values.map((value) => (value === null ? 'NULL' : typeof value === 'string' ? quoted(value) : String(value)));
  return `{${elements.join(',')}}`;
}

const quoted = (value: string) => (/["\\]/.test(value) ? `"${value.replace(/["\\]/g, '\\$&')}"` : `"${value}"`);
