import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { openDatabase, type HubDatabase } from '../../src/db/database';
import { migrateDatabase } from '../../src/db/migrate';

declare const TEST_DATABASE: 'pglite' | 'postgres' | undefined;

export const POSTGRES_ADMIN_URL = process.env.TEST_POSTGRES_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres';

export function testDatabaseKind(): 'pglite' | 'postgres' {
  return typeof TEST_DATABASE === 'undefined' ? 'pglite' : TEST_DATABASE;
}

function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}

async function admin<T>(work: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: POSTGRES_ADMIN_URL });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/**
 * A fresh, migrated database with the reference data, private to the calling test file:
 * in-memory PGlite, or a new database on the PostgreSQL server that is dropped on close.
 */
export async function createTestDatabase(): Promise<HubDatabase> {
  if (testDatabaseKind() === 'pglite') {
    const db = await openDatabase({ dataDir: 'memory://' });
    await migrateDatabase(db);
    return db;
  }
  const name = `hub_test_${randomBytes(6).toString('hex')}`;
  await admin((client) => client.query(`CREATE DATABASE ${name}`));
  const db = await openDatabase({ url: withDatabase(POSTGRES_ADMIN_URL, name), dataDir: 'memory://' });
  try {
    await migrateDatabase(db);
  } catch (error) {
    await db.close();
    await admin((client) => client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
    throw error;
  }
  return {
    ...db,
    async close() {
      await db.close();
      await admin((client) => client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
    },
  };
}
