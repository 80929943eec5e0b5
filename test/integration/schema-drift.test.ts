import type { HubDatabase } from '../../src/db/database';
import { MIGRATIONS_DIR, migrationNames, pendingMigrations, SCHEMA_PATH } from '../../src/db/migrate';
import { diffMigrationsToSchema } from '../../src/db/migration-engine';
import { createTestDatabase } from '../support/test-database';

let db: HubDatabase;

beforeAll(async () => {
  db = await createTestDatabase();
});

afterAll(async () => {
  await db?.close();
});

describe('prisma/migrations', () => {
  it('say exactly what prisma/schema.prisma says (npm run db:migration:create -- <name> when this fails)', async () => {
    const drift = await diffMigrationsToSchema({ adapterFactory: db.adapterFactory, schemaPath: SCHEMA_PATH, migrationsDir: MIGRATIONS_DIR });
    expect(drift).toBe('');
  });

  it('are all applied to a freshly migrated database, with the reference data', async () => {
    expect(migrationNames().length).toBeGreaterThan(0);
    expect(await pendingMigrations(db)).toEqual([]);
    expect(await db.prisma.department.count()).toBe(5);
    expect(await db.prisma.archiveDocumentType.count()).toBe(23);
  });
});
