import 'reflect-metadata';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { PrismaPGlite } from 'pglite-prisma-adapter';
import { readConfig } from './config';
import { openDatabase } from './db/database';
import { migrateDatabase, MIGRATIONS_DIR, SCHEMA_PATH } from './db/migrate';
import { createMigration } from './db/migration-engine';
import { emitSchemaFile } from './graphql/schema';
import { loadDemoCountyIfEmpty } from './hub';
import { projectRoot } from './project-root';

const log = (message: string) => console.log(message);

const COMMANDS: Record<string, { usage: string; run(args: string[]): Promise<void> }> = {
  migrate: {
    usage: 'migrate                      apply pending migrations and reference data to DATABASE_URL (or the embedded database)',
    async run() {
      const config = readConfig();
      const db = await openDatabase({ url: config.databaseUrl, dataDir: config.dataDir });
      try {
        const { applied } = await migrateDatabase(db);
        log(applied.length ? `applied to ${db.location}:\n  ${applied.join('\n  ')}` : `${db.location} is up to date`);
      } finally {
        await db.close();
      }
    },
  },
  'migration:create': {
    usage: 'migration:create <name>      write prisma/migrations/<timestamp>_<name> from changes to prisma/schema.prisma',
    async run([name]) {
      if (!name || !/^[a-z0-9_]+$/.test(name)) throw new Error('give the migration a name of lower-case letters, digits and _');
      const pglite = await PGlite.create();
      try {
        const folder = await createMigration({ adapterFactory: new PrismaPGlite(pglite), schemaPath: SCHEMA_PATH, migrationsDir: MIGRATIONS_DIR, name });
        log(folder ? `wrote ${folder}` : 'prisma/schema.prisma matches the migrations: nothing to write');
      } finally {
        await pglite.close();
      }
    },
  },
  'schema:emit': {
    usage: 'schema:emit                  write the GraphQL SDL to schema/schema.graphql',
    async run() {
      const path = join(projectRoot(), 'schema', 'schema.graphql');
      emitSchemaFile(path);
      log(`wrote ${path}`);
    },
  },
  'demo:load': {
    usage: 'demo:load                    load the demo county into an empty database (HUB_DEMO_HOUSEHOLDS, HUB_DEMO_SEED)',
    async run() {
      const config = readConfig();
      const db = await openDatabase({ url: config.databaseUrl, dataDir: config.dataDir });
      try {
        await migrateDatabase(db);
        await loadDemoCountyIfEmpty(db, config, log);
      } finally {
        await db.close();
      }
    },
  },
};

async function main(argv: string[]): Promise<void> {
  const [command, ...args] = argv;
  const entry = command ? COMMANDS[command] : undefined;
  if (!entry) {
    console.error(`usage: node dist/src/cli.js <command>\n\n${Object.values(COMMANDS).map((c) => `  ${c.usage}`).join('\n')}`);
    process.exit(command ? 2 : 0);
  }
  await entry.run(args);
}

main(process.argv.slice(2)).catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : String(error));
  process.exit(1);
});
