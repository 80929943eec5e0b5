import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { PrismaPg } from '@prisma/adapter-pg';
import type { SqlMigrationAwareDriverAdapterFactory } from '@prisma/driver-adapter-utils';
import { Client } from 'pg';
import { PrismaPGlite } from 'pglite-prisma-adapter';
import {
  applyMigrations,
  createMigration,
  diffMigrationsToSchema,
  MigrationEngineError,
  type MigrationEngineOptions,
} from '../../src/db/migration-engine';

// An in-memory PGlite takes seconds to start, and createMigration may start four.
jest.setTimeout(120_000);

declare const TEST_DATABASE: 'pglite' | 'postgres' | undefined;
const kind = typeof TEST_DATABASE === 'undefined' ? 'pglite' : TEST_DATABASE;
const POSTGRES_URL = process.env.TEST_POSTGRES_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres';

const SCHEMA = `
datasource db {
  provider = "postgresql"
}

enum Status {
  DRAFT
  PAID
}

model Customer {
  id       Int       @id @default(autoincrement())
  email    String    @unique
  name     String
  invoices Invoice[]
}

model Invoice {
  id         Int      @id @default(autoincrement())
  number     String
  amount     Decimal  @db.Decimal(14, 2)
  status     Status   @default(DRAFT)
  customerId Int
  customer   Customer @relation(fields: [customerId], references: [id], onDelete: Cascade)

  @@unique([customerId, number])
}
`;
const SCHEMA_WITH_PHONE = SCHEMA.replace('  name     String\n', '  name     String\n  phone    String?\n');

interface TargetDatabase {
  adapterFactory: SqlMigrationAwareDriverAdapterFactory;
  query<T>(sql: string): Promise<T[]>;
  close(): Promise<void>;
}

async function openTarget(): Promise<TargetDatabase> {
  if (kind === 'pglite') {
    const db = await PGlite.create();
    return {
      adapterFactory: new PrismaPGlite(db),
      query: async <T>(sql: string) => (await db.query<T>(sql)).rows,
      close: () => db.close(),
    };
  }
  const name = `mig_scratch_${randomBytes(6).toString('hex')}`;
  const admin = new Client({ connectionString: POSTGRES_URL });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  const url = new URL(POSTGRES_URL);
  url.pathname = `/${name}`;
  const client = new Client({ connectionString: url.toString() });
  await client.connect();
  return {
    adapterFactory: new PrismaPg(url.toString()),
    query: async <T>(sql: string) => (await client.query(sql)).rows as T[],
    async close() {
      await client.end();
      await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await admin.end();
    },
  };
}

describe(`migration engine (${kind})`, () => {
  let workDir: string;
  let target: TargetDatabase;
  let opts: MigrationEngineOptions;

  const sha256 = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');
  const recorded = () =>
    target.query<{ migration_name: string; checksum: string; finished_at: Date | null }>(
      'SELECT migration_name, checksum, finished_at FROM _prisma_migrations ORDER BY started_at',
    );

  beforeAll(async () => {
    workDir = mkdtempSync(join(tmpdir(), 'migration-engine-'));
    writeFileSync(join(workDir, 'schema.prisma'), SCHEMA);
    target = await openTarget();
    opts = {
      adapterFactory: target.adapterFactory,
      schemaPath: join(workDir, 'schema.prisma'),
      migrationsDir: join(workDir, 'migrations'),
    };
  });

  afterAll(async () => {
    await target?.close();
    rmSync(workDir, { recursive: true, force: true });
  });

  it('diffs an empty migrations folder to the whole schema', async () => {
    const sql = await diffMigrationsToSchema(opts);
    expect(sql).toContain(`CREATE TYPE "Status" AS ENUM ('DRAFT', 'PAID')`);
    expect(sql).toContain('"amount" DECIMAL(14,2) NOT NULL');
  });

  it('creates the first migration and the lock file', async () => {
    const dir = await createMigration({ ...opts, name: 'init' });
    expect(dir).not.toBeNull();
    expect(basename(dir!)).toMatch(/^\d{14}_init$/);
    expect(readFileSync(join(dir!, 'migration.sql'), 'utf-8')).toContain('CREATE TABLE "Invoice"');
    expect(readFileSync(join(opts.migrationsDir, 'migration_lock.toml'), 'utf-8')).toContain(
      'provider = "postgresql"',
    );
    expect(await diffMigrationsToSchema(opts)).toBe('');
    expect(await createMigration({ ...opts, name: 'nothing' })).toBeNull();
  });

  it("applies pending migrations once, recording Prisma's sha256 checksums", async () => {
    // A database of its own: createMigration, like `migrate dev --create-only`, already brought
    // the shared target up to date.
    const fresh = await openTarget();
    try {
      const freshOpts = { ...opts, adapterFactory: fresh.adapterFactory };
      const { applied } = await applyMigrations(freshOpts);
      expect(applied).toHaveLength(1);
      const rows = await fresh.query<{ migration_name: string; checksum: string; finished_at: Date | null }>(
        'SELECT migration_name, checksum, finished_at FROM _prisma_migrations',
      );
      expect(rows).toEqual([
        {
          migration_name: applied[0],
          checksum: sha256(join(opts.migrationsDir, applied[0], 'migration.sql')),
          finished_at: expect.any(Date),
        },
      ]);
      await fresh.query(`INSERT INTO "Customer" (email, name) VALUES ('a@example.org', 'A')`);
      expect(await applyMigrations(freshOpts)).toEqual({ applied: [] });
    } finally {
      await fresh.close();
    }
  });

  it('turns a schema change into a migration that closes the diff', async () => {
    writeFileSync(opts.schemaPath, SCHEMA_WITH_PHONE);
    expect(await diffMigrationsToSchema(opts)).toContain('ADD COLUMN     "phone" TEXT');

    const dir = await createMigration({ ...opts, name: 'addCustomerPhone' });
    expect(basename(dir!)).toMatch(/^\d{14}_add_customer_phone$/);
    expect(await diffMigrationsToSchema(opts)).toBe('');
    expect(await createMigration({ ...opts, name: 'again' })).toBeNull();
    expect((await recorded()).map((row) => row.migration_name)).toContain(basename(dir!));
    await target.query(`INSERT INTO "Customer" (email, name, phone) VALUES ('b@example.org', 'B', '555')`);
  });

  it('records a failing migration as failed and refuses to go on', async () => {
    const dir = join(opts.migrationsDir, '29991231000000_broken');
    mkdirSync(dir);
    writeFileSync(join(dir, 'migration.sql'), 'CREATE TABLE "Fine" (id int);\nALTER TABLE "Missing" ADD COLUMN x int;\n');

    await expect(applyMigrations(opts)).rejects.toThrow(MigrationEngineError);
    const broken = (await recorded()).find((row) => row.migration_name === basename(dir));
    expect(broken?.finished_at).toBeNull();
    await expect(applyMigrations(opts)).rejects.toMatchObject({ code: 'P3009' });
    expect(existsSync(dir)).toBe(true);
  });
});
