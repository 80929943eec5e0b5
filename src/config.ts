import { resolve } from 'node:path';
import { ALL_PERSONAL_DATA, ALWAYS_PROTECTED, isPersonalDataCategory, PERSONAL_DATA_CATEGORIES, type PersonalDataCategory } from './modules/auth/access';
import { DEFAULT_MAX_ALIASES } from './server/alias-limit.rule';
import { DEFAULT_MAX_BATCH } from './server/batch-limit';
import { DEFAULT_MAX_COST } from './server/cost-limit.plugin';

/** Everything the hub reads from its environment, in one place (documented in the README). */
export interface HubConfig {
  port: number;
  host: string;
  /** postgres:// URL of the production database; unset means the embedded PGlite database. */
  databaseUrl?: string;
  /** PGlite's data directory. */
  dataDir: string;
  /** Load the demo county into an empty embedded database at start. */
  loadDemo: boolean;
  demoHouseholds: number;
  demoSeed: number;
  /** Most records one `ingest` delivery may carry. */
  maxRecordsPerDelivery: number;
  /** Largest request body accepted, in bytes. */
  maxBodyBytes: number;
  /** NODE_ENV=production: no field suggestions in errors, introspection off unless asked for. */
  production: boolean;
  introspection: boolean;
  limits: RequestLimits;
  /** Personal-data categories masked for keys without their scope. */
  protectedPersonalData: ReadonlySet<PersonalDataCategory>;
}

/** Abuse limits (each refuses with a clear error before any resolver runs). */
export interface RequestLimits {
  maxQueryCost: number;
  maxAliases: number;
  maxBatch: number;
  /** Requests per minute per key, unless the key sets its own. */
  rateLimitPerMinute: number;
}

export const DEFAULT_LIMITS: RequestLimits = { maxQueryCost: DEFAULT_MAX_COST, maxAliases: DEFAULT_MAX_ALIASES, maxBatch: DEFAULT_MAX_BATCH, rateLimitPerMinute: 600 };

function protectedCategories(env: NodeJS.ProcessEnv): ReadonlySet<PersonalDataCategory> {
  const raw = env.HUB_PROTECTED_PERSONAL_DATA;
  if (raw === undefined || raw.trim() === '') return ALL_PERSONAL_DATA;
  const listed = raw.split(',').map((item) => item.trim().toUpperCase()).filter(Boolean);
  const unknown = listed.filter((item) => !isPersonalDataCategory(item));
  if (unknown.length > 0) throw new Error(`HUB_PROTECTED_PERSONAL_DATA: ${unknown.join(', ')} unknown; categories: ${PERSONAL_DATA_CATEGORIES.join(', ')}`);
  return new Set([...ALWAYS_PROTECTED, ...(listed as PersonalDataCategory[])]);
}

function flag(name: string, fallback: boolean, env: NodeJS.ProcessEnv): boolean {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (['1', 'true', 'on', 'yes'].includes(raw.toLowerCase())) return true;
  if (['0', 'false', 'off', 'no'].includes(raw.toLowerCase())) return false;
  throw new Error(`${name} must be true or false, got "${raw}"`);
}

function integer(name: string, fallback: number, env: NodeJS.ProcessEnv): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isSafeInteger(value) || value < 0) throw new Error(`${name} must be a non-negative integer, got "${raw}"`);
  return value;
}

export function readConfig(env: NodeJS.ProcessEnv = process.env): HubConfig {
  const databaseUrl = env.DATABASE_URL || undefined;
  const production = env.NODE_ENV === 'production';
  return {
    port: integer('PORT', 4000, env),
    // The demo's keys are printed at start and well known: listen on this machine unless told otherwise.
    host: env.HOST || '127.0.0.1',
    databaseUrl,
    dataDir: env.HUB_DATA_DIR === 'memory://' ? 'memory://' : resolve(env.HUB_DATA_DIR || '.data/pglite'),
    loadDemo: env.HUB_DEMO ? env.HUB_DEMO !== '0' && env.HUB_DEMO !== 'false' : databaseUrl === undefined,
    demoHouseholds: integer('HUB_DEMO_HOUSEHOLDS', 2000, env),
    demoSeed: integer('HUB_DEMO_SEED', 2016, env),
    maxRecordsPerDelivery: integer('HUB_INGEST_MAX_RECORDS', 5000, env),
    maxBodyBytes: integer('HUB_MAX_BODY_BYTES', 4 * 1024 * 1024, env),
    production,
    introspection: flag('HUB_INTROSPECTION', !production, env),
    limits: {
      maxQueryCost: integer('HUB_MAX_QUERY_COST', DEFAULT_LIMITS.maxQueryCost, env),
      maxAliases: integer('HUB_MAX_ALIASES', DEFAULT_LIMITS.maxAliases, env),
      maxBatch: integer('HUB_MAX_BATCH', DEFAULT_LIMITS.maxBatch, env),
      rateLimitPerMinute: integer('HUB_RATE_LIMIT_PER_MINUTE', DEFAULT_LIMITS.rateLimitPerMinute, env),
    },
    protectedPersonalData: protectedCategories(env),
  };
}
