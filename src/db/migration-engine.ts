/**
 * Prisma Migrate without Prisma's native schema engine.
 *
 * The Prisma CLI downloads a native schema engine before any `migrate` command, which these machines
 * cannot do. Prisma also publishes the same engine compiled to WebAssembly
 * (`@prisma/schema-engine-wasm`, version matched to prisma 7.10.0), which talks to the database
 * through a driver adapter. This module drives it directly, so migrations keep Prisma's own layout
 * (`<migrationsDir>/<timestamp>_<name>/migration.sql` + `migration_lock.toml`) and its
 * `_prisma_migrations` table with sha256 checksums: a connected machine can still run
 * `prisma migrate deploy` against the same database and folder.
 *
 * Works with `pglite-prisma-adapter` (PGlite) and `@prisma/adapter-pg` (PostgreSQL); the adapter gaps
 * that matter here are patched on the adapters this module hands to the engine, never globally.
 */
import { randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';

import { bindMigrationAwareSqlAdapterFactory, Debug } from '@prisma/driver-adapter-utils';
import type {
  SqlDriverAdapter,
  SqlMigrationAwareDriverAdapterFactory,
  Transaction,
} from '@prisma/driver-adapter-utils';
import type {
  MigrationList,
  SchemaContainer,
  SchemaEngine,
  SchemaFilter,
} from '@prisma/schema-engine-wasm';
import type { PoolConfig } from 'pg';

export interface MigrationEngineOptions {
  /** Target database, e.g. `new PrismaPGlite(pglite)` or `new PrismaPg(connectionString)`. */
  adapterFactory: SqlMigrationAwareDriverAdapterFactory;
  /** `prisma/schema.prisma`, or a folder of `.prisma` files (multi-file schema). */
  schemaPath: string;
  /** `prisma/migrations`; need not exist yet. */
  migrationsDir: string;
  /**
   * Connects to an empty scratch ("shadow") database that the engine replays the migrations into
   * for diffing; the returned adapter's `dispose()` must also drop/close that database.
   * Same contract as `SqlMigrationAwareDriverAdapterFactory.connectToShadowDb`. Defaults:
   * PGlite → a fresh in-memory PGlite (without the target's extensions: pass your own if migrations
   * need any); adapter-pg → a temporary database on the same server (the role needs CREATEDB);
   * other adapters → their own `connectToShadowDb()`.
   */
  connectToShadowDb?: () => Promise<SqlDriverAdapter>;
}

export interface CreateMigrationOptions extends MigrationEngineOptions {
  /** Free text; turned into Prisma's folder suffix (`addInvoiceNumber` → `add_invoice_number`). */
  name: string;
}

/** An error reported by the schema engine; `code` is Prisma's when it has one (P3009: a failed migration blocks deploy). */
export class MigrationEngineError extends Error {
  constructor(
    message: string,
    readonly code?: string,
    readonly meta?: unknown,
  ) {
    super(message);
    this.name = 'MigrationEngineError';
  }
}

/** Apply every pending migration (like `prisma migrate deploy`). Returns the names applied. */
export async function applyMigrations(opts: MigrationEngineOptions): Promise<{ applied: string[] }> {
  return withEngine(opts, async (engine) => {
    const { appliedMigrationNames } = await engine.applyMigrations({
      migrationsList: await readMigrations(opts.migrationsDir),
      filters: NO_FILTER,
    });
    return { applied: appliedMigrationNames };
  });
}

/** SQL that would bring the migrations up to the datamodel in the schema; '' when there is no drift. */
export async function diffMigrationsToSchema(opts: MigrationEngineOptions): Promise<string> {
  return withEngine(opts, async (engine, schemaFiles) => {
    const migrations = await readMigrations(opts.migrationsDir);
    // The engine takes the connector for replaying migrations from the lockfile only, and there is
    // none before the first migration.
    migrations.lockfile.content ??= lockfileFor('postgresql');
    const { exitCode, stdout } = await engine.diff({
      from: { tag: 'migrations', ...migrations },
      to: { tag: 'schemaDatamodel', files: schemaFiles },
      script: true,
      // With exitCode requested the engine answers 2 for a non-empty diff and 0 for none; an empty
      // diff still comes with a "-- This is an empty migration." script.
      exitCode: true,
      filters: NO_FILTER,
    });
    return exitCode === 2 ? (stdout ?? '') : '';
  });
}

/**
 * Write `<migrationsDir>/<yyyymmddhhmmss>_<name>/migration.sql` from the schema changes that the
 * migrations do not cover yet, like `prisma migrate dev --create-only`: pending migrations are first
 * applied to the target database, and a target that has drifted from the migrations (Prisma would
 * offer to reset it) is an error. Unlike the CLI it creates no empty migration: null when nothing
 * changed. Also writes `migration_lock.toml` if missing. Returns the new folder.
 */
export async function createMigration(opts: CreateMigrationOptions): Promise<string | null> {
  return withEngine(opts, async (engine, schemaFiles) => {
    const migrationsList = await readMigrations(opts.migrationsDir);
    const { action } = await engine.devDiagnostic({ migrationsList, filters: NO_FILTER });
    if (action.tag === 'reset') {
      throw new MigrationEngineError(`The target database needs a reset first.\n${action.reason}`, 'RESET_REQUIRED');
    }
    const { appliedMigrationNames } = await engine.applyMigrations({ migrationsList, filters: NO_FILTER });
    // createMigration takes the schema of the existing migrations from a cache that only
    // devDiagnostic fills, keyed by the migrations applied to the target at that moment.
    if (appliedMigrationNames.length > 0) await engine.devDiagnostic({ migrationsList, filters: NO_FILTER });
    const created = await engine.createMigration({
      migrationName: migrationSlug(opts.name),
      draft: false,
      migrationsList,
      schema: { files: schemaFiles },
      filters: NO_FILTER,
    });
    if (created.migrationScript === null) return null;

    const dir = path.join(opts.migrationsDir, created.generatedMigrationName);
    await fs.mkdir(dir, { recursive: true });
    await fs.writeFile(path.join(dir, `migration.${created.extension}`), created.migrationScript, {
      encoding: 'utf-8',
      flag: 'wx',
    });
    if (migrationsList.lockfile.content === null) {
      await fs.writeFile(
        path.join(opts.migrationsDir, migrationsList.lockfile.path),
        lockfileFor(created.connectorType),
        'utf-8',
      );
    }
    return dir;
  });
}

// ---------------------------------------------------------------------------------------------
// Engine plumbing

const debug = Debug('prisma:migration-engine');
const NO_FILTER: SchemaFilter = { externalTables: [], externalEnums: [] };

type SchemaEngineClass = typeof SchemaEngine;
type BindgenRuntime = Record<string, unknown> & {
  __wbg_set_wasm(exports: unknown): void;
  SchemaEngine: SchemaEngineClass;
};

// The DOM lib's WebAssembly typings are not part of a Node project's compile.
interface WasmApi {
  compile(bytes: Uint8Array): Promise<object>;
  instantiate(module: object, imports: object): Promise<{ exports: Record<string, unknown> }>;
}
const wasmApi = (globalThis as unknown as { WebAssembly: WasmApi }).WebAssembly;

let engineClass: Promise<SchemaEngineClass> | undefined;

/** Compiled once per process (per module registry under jest): the wasm is 5 MB. */
function loadSchemaEngine(): Promise<SchemaEngineClass> {
  engineClass ??= instantiateSchemaEngine().catch((error: unknown) => {
    engineClass = undefined;
    throw error;
  });
  return engineClass;
}

async function instantiateSchemaEngine(): Promise<SchemaEngineClass> {
  const panics = globalThis as { PRISMA_WASM_PANIC_REGISTRY?: { set_message(m: string): void } };
  // Prisma Client installs its own registry when loaded; the engine only needs one to exist.
  panics.PRISMA_WASM_PANIC_REGISTRY ??= panicRegistry;

  const runtimePath = require.resolve('@prisma/schema-engine-wasm/schema_engine_bg');
  const [source, wasmBytes] = await Promise.all([
    fs.readFile(runtimePath, 'utf-8'),
    fs.readFile(path.join(path.dirname(runtimePath), 'schema_engine_bg.wasm')),
  ]);
  const runtime = evaluateBindgenRuntime(source);
  const wasmModule = await wasmApi.compile(wasmBytes);
  const instance = await wasmApi.instantiate(wasmModule, { './schema_engine_bg.js': runtime });
  runtime.__wbg_set_wasm(instance.exports);
  (instance.exports.__wbindgen_start as () => void)();
  return runtime.SchemaEngine;
}

/**
 * `schema_engine_bg.js` is an ES module (wasm-bindgen's bundler target) whose only module syntax is
 * `export function|class`. Evaluating it as a function body that returns those bindings loads it
 * the same way under Node's require and under jest, which cannot import ES modules from CommonJS.
 * Each evaluation is a fresh runtime, so re-instantiating after a panic is safe.
 */
function evaluateBindgenRuntime(source: string): BindgenRuntime {
  const names: string[] = [];
  const body = source.replace(/^export (function|class) ([\w$]+)/gm, (_match, kind: string, name: string) => {
    names.push(name);
    return `${kind} ${name}`;
  });
  if (/^\s*(export|import)\b/m.test(body) || !names.includes('SchemaEngine')) {
    throw new Error(
      `${require.resolve('@prisma/schema-engine-wasm/schema_engine_bg')} has a shape this loader does not know`,
    );
  }
  const evaluate = new Function('setTimeout', `"use strict";\n${body}\nreturn { ${names.join(', ')} };`);
  return evaluate(engineSetTimeout) as BindgenRuntime;
}

/**
 * The engine races each advisory-lock wait against a 10 s timer that it never clears, which held
 * every process (and jest) open for 10 s after its last migration command. Unreferenced, such
 * timeouts still fire while anything else is pending; short timers are left alone in case the
 * engine ever uses them to yield.
 */
function engineSetTimeout(callback: () => void, ms: number): NodeJS.Timeout {
  const timer = setTimeout(callback, ms);
  if (ms >= 1000) timer.unref();
  return timer;
}

const panicRegistry = {
  message: '',
  set_message(message: string) {
    this.message = message;
  },
};

async function withEngine<T>(
  opts: MigrationEngineOptions,
  command: (engine: SchemaEngine, schemaFiles: SchemaContainer[]) => Promise<T>,
): Promise<T> {
  const [Engine, schemaFiles] = await Promise.all([loadSchemaEngine(), readSchemaFiles(opts.schemaPath)]);
  const connections = new ConnectionTracker();
  const factory = bindMigrationAwareSqlAdapterFactory(withAdapterFixes(opts, connections));
  let engine: SchemaEngine | undefined;
  try {
    engine = await Engine.new(
      { datamodels: schemaFiles.map((file): [string, string] => [file.path, file.content]) },
      (message: string) => debug(message),
      factory,
    );
    return await command(engine, schemaFiles);
  } catch (error) {
    throw engineError(error);
  } finally {
    engine?.free();
    // The engine does not always dispose what it connected (pools would keep the process alive,
    // shadow databases would stay behind).
    await connections.disposeAll();
  }
}

function engineError(error: unknown): unknown {
  if (error instanceof MigrationEngineError) return error;
  // Checked structurally: under jest, errors from the engine can come from another realm.
  const { name, message, code, meta } = (error ?? {}) as { name?: unknown; message?: unknown; code?: unknown; meta?: unknown };
  if (typeof message !== 'string') return error;
  // A Rust panic surfaces as `RuntimeError: unreachable`, or as whatever a registry installed by
  // Prisma Client throws. Either way this wasm instance is unusable from now on.
  if (name === 'RuntimeError' || name === 'PrismaClientRustPanicError') {
    engineClass = undefined;
    const reason = panicRegistry.message || message;
    panicRegistry.message = '';
    return new MigrationEngineError(`Schema engine panicked: ${reason}`);
  }
  return new MigrationEngineError(message, typeof code === 'string' ? code : undefined, meta);
}

// ---------------------------------------------------------------------------------------------
// Files

async function readSchemaFiles(schemaPath: string): Promise<SchemaContainer[]> {
  const stat = await fs.stat(schemaPath);
  const paths = stat.isDirectory() ? await prismaFilesUnder(schemaPath) : [schemaPath];
  return Promise.all(paths.map(async (p) => ({ path: p, content: await fs.readFile(p, 'utf-8') })));
}

async function prismaFilesUnder(dir: string): Promise<string[]> {
  const entries = await fs.readdir(dir, { withFileTypes: true });
  const nested = await Promise.all(
    entries.map(async (entry) => {
      const p = path.join(dir, entry.name);
      if (entry.isDirectory()) return entry.name === 'migrations' ? [] : prismaFilesUnder(p);
      return entry.isFile() && entry.name.endsWith('.prisma') ? [p] : [];
    }),
  );
  return nested.flat().sort();
}

/** The same listing the Prisma CLI hands to the engine. */
async function readMigrations(migrationsDir: string): Promise<MigrationList> {
  const baseDir = path.resolve(migrationsDir);
  const lockfilePath = 'migration_lock.toml';
  const lockfileContent = await fs.readFile(path.join(baseDir, lockfilePath), 'utf-8').catch(() => null);
  const entries = await fs.readdir(baseDir, { withFileTypes: true }).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return [];
    throw error;
  });
  const migrationDirectories = await Promise.all(
    entries
      .filter((entry) => entry.isDirectory())
      .map((entry) => entry.name)
      .sort((a, b) => a.localeCompare(b))
      .map(async (name) => ({
        path: name,
        migrationFile: {
          path: 'migration.sql',
          content: await fs
            .readFile(path.join(baseDir, name, 'migration.sql'), 'utf-8')
            .then((value) => ({ tag: 'ok' as const, value }))
            .catch((error: Error) => ({ tag: 'error' as const, value: error.message })),
        },
      })),
  );
  return {
    baseDir,
    lockfile: { path: lockfilePath, content: lockfileContent },
    shadowDbInitScript: '',
    migrationDirectories,
  };
}

/** Prisma CLI's text, byte for byte. */
function lockfileFor(provider: string): string {
  return (
    '# Please do not edit this file manually\n' +
    '# It should be added in your version-control system (e.g., Git)\n' +
    `provider = "${provider}"\n`
  );
}

/** What the Prisma CLI does to `--name` (@sindresorhus/slugify with "_"), for plain ASCII names. */
function migrationSlug(name: string): string {
  return name
    .replace(/([a-z\d])([A-Z])/g, '$1_$2')
    .replace(/([A-Z]+)([A-Z][a-z\d]+)/g, '$1_$2')
    .toLowerCase()
    .replace(/[^a-z\d]+/g, '_')
    .replace(/^_+|_+$/g, '')
    .substring(0, 200);
}

// ---------------------------------------------------------------------------------------------
// Driver adapter fixes

const PGLITE_ADAPTER = 'pglite-prisma-adapter';
const PG_ADAPTER = '@prisma/adapter-pg';
const PG_OID_CHAR = 18;
const PG_OID_TEXT = 25;

/** Every adapter handed to the engine, so that none outlives the command. */
class ConnectionTracker {
  private readonly open = new Set<SqlDriverAdapter>();

  track(adapter: SqlDriverAdapter): SqlDriverAdapter {
    const dispose = adapter.dispose.bind(adapter);
    this.open.add(adapter);
    adapter.dispose = async () => {
      if (!this.open.delete(adapter)) return;
      await dispose();
    };
    return adapter;
  }

  async disposeAll(): Promise<void> {
    const results = await Promise.allSettled([...this.open].map((adapter) => adapter.dispose()));
    for (const result of results) {
      if (result.status === 'rejected') debug('dispose failed: %O', result.reason);
    }
  }
}

function withAdapterFixes(
  opts: MigrationEngineOptions,
  connections: ConnectionTracker,
): SqlMigrationAwareDriverAdapterFactory {
  const target = opts.adapterFactory;
  const connectToShadowDb =
    opts.connectToShadowDb ??
    (target.adapterName === PGLITE_ADAPTER
      ? connectToInMemoryPGlite
      : target.adapterName === PG_ADAPTER
        ? () => connectToScratchPgDatabase(target)
        : () => target.connectToShadowDb());
  return {
    provider: target.provider,
    adapterName: target.adapterName,
    connect: async () => connections.track(fixAdapter(await target.connect())),
    connectToShadowDb: async () => connections.track(fixAdapter(await connectToShadowDb())),
  };
}

function fixAdapter(adapter: SqlDriverAdapter): SqlDriverAdapter {
  if (adapter.adapterName === PG_ADAPTER) {
    reportCharColumnsAsText(adapter);
    runScriptsWhole(adapter, 'query', 'PrismaPg');
    const startTransaction = adapter.startTransaction.bind(adapter);
    adapter.startTransaction = async (isolationLevel) => {
      const tx: Transaction = await startTransaction(isolationLevel);
      reportCharColumnsAsText(tx);
      return tx;
    };
  }
  if (adapter.adapterName === PGLITE_ADAPTER) runScriptsWhole(adapter, 'exec', 'PrismaPGlite');
  return adapter;
}

/**
 * adapter-pg 7.10 has no column type for the catalog type `"char"` (OID 18) and fails the whole
 * query ("Column type 'char' could not be deserialized"); the engine's introspection selects such
 * columns (pg_class.relkind, pg_constraint.contype, ...). Their text values are one-character
 * strings, so they are relabelled as `text` before the adapter maps column types.
 */
function reportCharColumnsAsText(queryable: object): void {
  type PerformIO = (query: unknown) => Promise<{ fields?: { dataTypeID: number }[] } | undefined>;
  const target = queryable as { performIO?: PerformIO };
  const performIO = target.performIO;
  if (typeof performIO !== 'function') return;
  target.performIO = async function (this: unknown, query) {
    const result = await performIO.call(this, query);
    for (const field of result?.fields ?? []) {
      if (field.dataTypeID === PG_OID_CHAR) field.dataTypeID = PG_OID_TEXT;
    }
    return result;
  };
}

/**
 * Scripts run whole, by the driver's own multi-statement call, and are awaited:
 * - adapter-pg 7.10 splits a migration script at every `;`, which cuts a function body
 *   (`$$ BEGIN …; END $$`) in pieces; PostgreSQL's simple query protocol runs the whole script
 *   itself, in one implicit transaction;
 * - pglite-prisma-adapter 0.7.2 starts `executeScript` without awaiting it, so a failing migration
 *   would be reported as applied and its error would surface later as an unhandled rejection.
 */
function runScriptsWhole(adapter: SqlDriverAdapter, method: 'query' | 'exec', factory: string): void {
  const internals = adapter as unknown as { client?: Record<string, unknown>; onError?: (error: unknown) => never };
  const run = internals.client?.[method];
  if (typeof run !== 'function' || typeof internals.onError !== 'function') {
    throw new Error(`Cannot patch executeScript of this ${adapter.adapterName} adapter (wrapped, or a new version?): pass the ${factory} factory itself.`);
  }
  const onError = internals.onError.bind(adapter);
  adapter.executeScript = async (script) => {
    try {
      await (run as (sql: string) => Promise<unknown>).call(internals.client, script);
    } catch (error) {
      onError(error);
    }
  };
}

let pristinePGliteDataDir: Promise<Blob | File> | undefined;

/**
 * The adapter's own shadow database is `memory://shadow`, which it never closes. A fresh in-memory
 * PGlite takes seconds to initialise and the engine asks for up to four per command, so each one is
 * loaded from a pristine data directory dumped once per process (well under a second).
 */
async function connectToInMemoryPGlite(): Promise<SqlDriverAdapter> {
  const [{ PGlite }, { PrismaPGlite }] = await Promise.all([
    import('@electric-sql/pglite'),
    import('pglite-prisma-adapter'),
  ]);
  pristinePGliteDataDir ??= (async () => {
    const template = await PGlite.create();
    try {
      return await template.dumpDataDir('none');
    } finally {
      await template.close();
    }
  })().catch((error: unknown) => {
    pristinePGliteDataDir = undefined;
    throw error;
  });
  const db = await PGlite.create({ loadDataDir: await pristinePGliteDataDir });
  const adapter = await new PrismaPGlite(db).connect();
  const dispose = adapter.dispose.bind(adapter);
  adapter.dispose = async () => {
    await dispose();
    await db.close();
  };
  return adapter;
}

/**
 * adapter-pg's own `connectToShadowDb` overlays `database` on a config whose `connectionString` wins,
 * so it runs the shadow work against the target database itself; it also drops the shadow database
 * while its pool is still connected. Here the scratch database is named in the connection string,
 * and dropped after its pool has ended.
 */
async function connectToScratchPgDatabase(
  target: SqlMigrationAwareDriverAdapterFactory,
): Promise<SqlDriverAdapter> {
  const [{ PrismaPg }, admin] = await Promise.all([import('@prisma/adapter-pg'), target.connect()]);
  const database = `prisma_shadow_${randomBytes(8).toString('hex')}`;
  let created = false;
  try {
    const pool = (admin as unknown as { underlyingDriver(): { options: PoolConfig } }).underlyingDriver();
    await admin.executeScript(`CREATE DATABASE "${database}"`);
    created = true;
    const shadow = await new PrismaPg(poolConfigFor(pool.options, database)).connect();
    const dispose = shadow.dispose.bind(shadow);
    shadow.dispose = async () => {
      try {
        await dispose();
        await admin.executeScript(`DROP DATABASE IF EXISTS "${database}"`);
      } finally {
        await admin.dispose();
      }
    };
    return shadow;
  } catch (error) {
    if (created) await admin.executeScript(`DROP DATABASE IF EXISTS "${database}"`).catch(() => {});
    await admin.dispose();
    throw error;
  }
}

function poolConfigFor(options: PoolConfig, database: string): PoolConfig {
  const { connectionString, ...rest } = options;
  if (!connectionString) return { ...rest, database };
  const url = new URL(connectionString);
  url.pathname = `/${encodeURIComponent(database)}`;
  return { ...rest, connectionString: url.toString() };
}
