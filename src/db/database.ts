import { mkdirSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import { PrismaPg } from '@prisma/adapter-pg';
import type { SqlMigrationAwareDriverAdapterFactory } from '@prisma/driver-adapter-utils';
import { PrismaPGlite } from 'pglite-prisma-adapter';
import { PrismaClient } from '../generated/prisma/client';
import { countingAdapterFactory, SqlStatementCounter } from './statement-counter';

export type DatabaseKind = 'pglite' | 'postgres';

export interface DatabaseConfig {
  /** A postgres:// URL selects PostgreSQL; unset selects the embedded PGlite database. */
  url?: string;
  /** Where PGlite keeps its files; `memory://` keeps everything in memory. */
  dataDir: string;
}

export interface HubDatabase {
  kind: DatabaseKind;
  /** Where the data lives, for log lines (password removed). */
  location: string;
  prisma: PrismaClient;
  adapterFactory: SqlMigrationAwareDriverAdapterFactory;
  statements: SqlStatementCounter;
  close(): Promise<void>;
}

export function isPostgresUrl(url: string | undefined): url is string {
  return !!url && /^postgres(ql)?:\/\//.test(url);
}

export function redactUrl(url: string): string {
  return url.replace(/\/\/([^:@/]+):[^@/]*@/, '//$1:***@');
}

async function openPGlite(dataDir: string): Promise<PGlite> {
  if (dataDir === 'memory://') return PGlite.create();
  mkdirSync(dataDir, { recursive: true });
  return PGlite.create(dataDir);
}

export async function openDatabase(config: DatabaseConfig): Promise<HubDatabase> {
  const statements = new SqlStatementCounter();
  if (config.url !== undefined && config.url !== '') {
    if (!isPostgresUrl(config.url)) {
      throw new Error(`DATABASE_URL must be a postgres:// or postgresql:// URL (or unset for the embedded database), got "${redactUrl(config.url)}"`);
    }
    const adapterFactory = new PrismaPg({ connectionString: config.url, max: 10 });
    const prisma = new PrismaClient({ adapter: countingAdapterFactory(adapterFactory, statements) });
    return {
      kind: 'postgres',
      location: redactUrl(config.url),
      prisma,
      adapterFactory,
      statements,
      close: () => prisma.$disconnect(),
    };
  }
  const pglite = await openPGlite(config.dataDir);
  const adapterFactory = new PrismaPGlite(pglite);
  const prisma = new PrismaClient({ adapter: countingAdapterFactory(adapterFactory, statements) });
  return {
    kind: 'pglite',
    location: config.dataDir,
    prisma,
    adapterFactory,
    statements,
    close: async () => {
      await prisma.$disconnect();
      await pglite.close();
    },
  };
}
