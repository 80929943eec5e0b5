import { openDatabase, type HubDatabase } from '../../src/db/database';
import { migrateDatabase } from '../../src/db/migrate';
import { createScratchDatabase } from '../../src/db/scratch-database';

declare const TEST_DATABASE: 'pglite' | 'postgres' | undefined;

export const POSTGRES_ADMIN_URL = process.env.TEST_POSTGRES_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres';

export function testDatabaseKind(): 'pglite' | 'postgres' {
  return typeof TEST_DATABASE === 'undefined' ? 'pglite' : TEST_DATABASE;
}

/**
 * A fresh, migrated database with the reference data, private to the calling test file:
 * in-memory PGlite, or a new database on the PostgreSQL server that is dropped on close.
 */
export async function createTestDatabase(): Promise<HubDatabase> {
  const scratch = testDatabaseKind() === 'postgres' ? await createScratchDatabase(POSTGRES_ADMIN_URL) : null;
  const db = await openDatabase({ url: scratch?.url, dataDir: 'memory://' });
  const close = async () => {
    await db.close();
    await scratch?.drop();
  };
  try {
    await migrateDatabase(db);
  } catch (error) {
    await close();
    throw error;
  }
  return { ...db, close };
}
