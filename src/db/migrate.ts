import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { projectRoot } from '../project-root';
import type { HubDatabase } from './database';
import { applyMigrations } from './migration-engine';
import { seedReferenceData } from '../modules/catalogue/reference-data.seed';

export const PRISMA_DIR = join(projectRoot(), 'prisma');
export const SCHEMA_PATH = join(PRISMA_DIR, 'schema.prisma');
export const MIGRATIONS_DIR = join(PRISMA_DIR, 'migrations');

export function migrationNames(): string[] {
  return readdirSync(MIGRATIONS_DIR, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort();
}

/** Applies pending migrations and the reference data (departments, programs, catalogue). */
export async function migrateDatabase(db: HubDatabase): Promise<{ applied: string[] }> {
  const result = await applyMigrations({ adapterFactory: db.adapterFactory, schemaPath: SCHEMA_PATH, migrationsDir: MIGRATIONS_DIR });
  await seedReferenceData(db.prisma);
  return result;
}

/** Migrations in prisma/migrations that this database has not applied. */
export async function pendingMigrations(db: HubDatabase): Promise<string[]> {
  const [{ exists }] = await db.prisma.$queryRaw<{ exists: boolean }[]>`SELECT to_regclass('_prisma_migrations') IS NOT NULL AS exists`;
  if (!exists) return migrationNames();
  const applied = await db.prisma.$queryRaw<{ migration_name: string }[]>`
    SELECT migration_name FROM _prisma_migrations WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL`;
  const done = new Set(applied.map((row) => row.migration_name));
  return migrationNames().filter((name) => !done.has(name));
}
