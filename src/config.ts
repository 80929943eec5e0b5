import { resolve } from 'node:path';

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
  return {
    port: integer('PORT', 4000, env),
    // No authentication yet: listen on this machine only unless the operator says otherwise.
    host: env.HOST || '127.0.0.1',
    databaseUrl,
    dataDir: env.HUB_DATA_DIR === 'memory://' ? 'memory://' : resolve(env.HUB_DATA_DIR || '.data/pglite'),
    loadDemo: env.HUB_DEMO ? env.HUB_DEMO !== '0' && env.HUB_DEMO !== 'false' : databaseUrl === undefined,
    demoHouseholds: integer('HUB_DEMO_HOUSEHOLDS', 2000, env),
    demoSeed: integer('HUB_DEMO_SEED', 2016, env),
    maxRecordsPerDelivery: integer('HUB_INGEST_MAX_RECORDS', 5000, env),
    maxBodyBytes: integer('HUB_MAX_BODY_BYTES', 4 * 1024 * 1024, env),
  };
}
