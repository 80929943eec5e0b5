import 'reflect-metadata';
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { PrismaPGlite } from 'pglite-prisma-adapter';
import { readConfig } from './config';
import { openDatabase, type HubDatabase } from './db/database';
import { ApiKeyService } from './modules/auth/api-key.service';
import { commandLineActor } from './modules/auth/audit';
import { migrateDatabase, MIGRATIONS_DIR, SCHEMA_PATH } from './db/migrate';
import { createMigration } from './db/migration-engine';
import { builtInMappingNames, ProgressBar, resolveMapping } from './modules/ingest/file-import';
import { importFile } from './modules/ingest/file-import/import-file';
import { IngestService } from './modules/ingest/ingest.service';
import { emitSchemaFile } from './graphql/schema';
import { DEMO_BANK_FILE_MONTH, generateCounty } from './demo/county-generator';
import { BankFileMonthError, demoBankMonth, writeDemoBankFile } from './demo/bank-file';
import { loadDemoCountyIfEmpty } from './hub';
import { projectRoot } from './project-root';
import { InvalidRegionCodeError, parseRegionCode } from './domain/region-code';
import { FindingDetection } from './modules/findings/finding-detection';
import { ArchiveAssessmentScan } from './modules/archive-review/archive-assessment';
import { chooseEncoding, chooseFormat, ExportOptionError, type CsvEncoding, type ExportFormat, exportFindingsToFile, FILTER_OPTION_NAMES, resolveExportFilter, wholeHubViewer } from './modules/findings/findings-export';

/** A mistake in how a command was called (an unknown or bad option): exit code 2. */
class UsageError extends Error {}

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
  import: {
    usage:
      'import <file.xlsx|file.csv> --mapping <name|path.json> [--chunk 1000] [--report errors.csv] [--restart] [--verbose]\n' +
      '                               deliver a department sheet through the ingest path; resumes an interrupted import of the same file',
    async run(args) {
      const { positional, flags } = parseFlags(args, ['mapping', 'chunk', 'report'], ['restart', 'verbose']);
      const [file] = positional;
      if (!file || !flags.mapping) throw new Error(`give a file and --mapping; built-in mappings: ${builtInMappingNames().join(', ')}`);
      const chunkSize = flags.chunk === undefined ? 1000 : Number(flags.chunk);
      if (!Number.isInteger(chunkSize) || chunkSize < 1 || chunkSize > 5000) throw new Error('--chunk must be a whole number from 1 to 5000');
      const mapping = await resolveMapping(String(flags.mapping));
      const config = readConfig();
      const db = await openDatabase({ url: config.databaseUrl, dataDir: config.dataDir });
      try {
        if (db.kind === 'pglite') await migrateDatabase(db);
        const progress = new ProgressBar(statSync(file).size, { label: `import ${file}` });
        const summary = await importFile(new IngestService(db.prisma), db.prisma, {
          file,
          mapping,
          chunkSize,
          reportPath: flags.report === undefined ? undefined : String(flags.report),
          restart: flags.restart === true,
          onProgress: ({ bytesRead, rowsDone, rejected }) => progress.update(bytesRead, rowsDone, rejected),
          onChunkCommitted: flags.verbose ? (row) => log(`committed through row ${row}`) : undefined,
        });
        progress.finish(summary.rows, summary.rejected);
        if (summary.resumedAfterRow !== null) log(`resumed delivery ${summary.deliveryId} after row ${summary.resumedAfterRow}`);
        log(
          `delivery ${summary.deliveryId} (${mapping.department}, mapping ${mapping.name}): ${summary.rows} rows: ` +
            `${summary.created} created, ${summary.updated} updated, ${summary.unchanged} unchanged, ${summary.rejected} rejected; ${summary.findings} findings raised or reopened (多策合一 and 一户一卡)`,
        );
        log(summary.rejected > 0 ? `rejected rows and reasons: ${summary.reportPath}` : `no rows rejected (report: ${summary.reportPath})`);
      } finally {
        await db.close();
      }
    },
  },
  detect: {
    usage: 'detect [--region CODE]        scan a region (county, township or village; default the whole hub) with the 多策合一 rules',
    async run(args) {
      const { flags } = parseFlags(args, ['region'], []);
      await withDatabase(async (db) => {
        const { regionCode, regionName } = await regionFlag(db, flags.region);
        const progress = scanProgress(`detect ${regionCode ?? 'whole hub'}`);
        const started = Date.now();
        const result = await new FindingDetection(db.prisma).scan(regionCode, { ...commandLineActor(), operation: 'detect' }, progress.update);
        progress.finish(result.householdsScanned);
        const seconds = ((Date.now() - started) / 1000).toFixed(1);
        log(`detection run ${result.runId} over ${regionName}: ${result.householdsScanned} households scanned, ${result.subsidiesRead} subsidies read, ${result.paymentsRead} bank payments reconciled (${result.paymentsRematched} matched anew) in ${seconds} s`);
        log(`findings: ${result.raised} raised, ${result.updated} updated, ${result.reopened} reopened, ${result.closed} closed`);
      });
    },
  },
  'archive:assess': {
    usage: 'archive:assess [--region CODE] assess the 一户一档 archives of a region (default the whole hub): completeness, consistency, recomputation',
    async run(args) {
      const { flags } = parseFlags(args, ['region'], []);
      await withDatabase(async (db) => {
        const { regionCode, regionName } = await regionFlag(db, flags.region);
        const progress = scanProgress(`archive:assess ${regionCode ?? 'whole hub'}`);
        const started = Date.now();
        const result = await new ArchiveAssessmentScan(db.prisma).scan(regionCode, progress.update);
        progress.finish(result.householdsAssessed);
        const seconds = ((Date.now() - started) / 1000).toFixed(1);
        log(`archive review over ${regionName} on ${result.assessedOn} (catalogue version ${result.catalogueVersion}): ${result.householdsAssessed} households assessed in ${seconds} s`);
        log(`archives: ${result.incomplete} incomplete (缺项), ${result.duplicated} with duplicates (重复), ${result.inconsistent} inconsistent (数实不一致)`);
      });
    },
  },
  'findings:export': {
    usage:
      'findings:export --out <file.xlsx|file.csv> [--format xlsx|csv] [--encoding utf-8|gb18030] [--region CODE] [--household NO]\n' +
      '            [--department CODE] [--rule CODE] [--status OPEN,CONFIRMED] [--min-amount 1000.00]\n' +
      '                               write the 多策合一 findings a filter selects to a spreadsheet with Chinese headers',
    async run(args) {
      const { positional, flags } = parseFlags(args, ['out', 'format', 'encoding', ...FILTER_OPTION_NAMES], []);
      if (positional.length > 0) throw new UsageError(`unexpected argument "${positional[0]}": give the file as --out <file>`);
      if (flags.out === undefined) throw new UsageError('--out: give the file to write (.xlsx or .csv)');
      const out = String(flags.out);
      let format: ExportFormat;
      let encoding: CsvEncoding;
      try {
        format = chooseFormat(out, flags.format === undefined ? undefined : String(flags.format));
        encoding = chooseEncoding(format, flags.encoding === undefined ? undefined : String(flags.encoding));
      } catch (error) {
        asUsageError(error);
      }
      const options = Object.fromEntries(FILTER_OPTION_NAMES.filter((name) => flags[name] !== undefined).map((name) => [name, String(flags[name])]));
      await withDatabase(async (db) => {
        const filter = await resolveExportFilter(db.prisma, wholeHubViewer(commandLineActor().name), options).catch(asUsageError);
        const started = Date.now();
        const count = await exportFindingsToFile(db.prisma, filter, out, { format, encoding });
        const written = format === 'csv' ? `CSV, ${encoding === 'utf-8' ? 'UTF-8 with BOM' : 'GB18030'}` : 'Excel workbook';
        log(`wrote ${count} findings to ${out} (${written}) in ${((Date.now() - started) / 1000).toFixed(1)} s`);
      });
    },
  },
  'keys:create': {
    usage:
      'keys:create --name <who> --role ADMIN|DEPARTMENT|OFFICIAL|AUDITOR [--department CODE] [--region CODE]\n' +
      '            [--personal-data ID_NUMBER,BANK_CARD,HEALTH,INCOME] [--rate-limit N] [--expires YYYY-MM-DD]\n' +
      '                               create an API key; its secret is printed once and stored only as a hash',
    async run(args) {
      const { flags } = parseFlags(args, ['name', 'role', 'department', 'region', 'personal-data', 'rate-limit', 'expires'], []);
      await withDatabase(async (db) => {
        const created = await new ApiKeyService(db.prisma).create(
          {
            name: String(flags.name ?? ''),
            role: String(flags.role ?? ''),
            department: flags.department === undefined ? null : String(flags.department),
            regionCode: flags.region === undefined ? null : String(flags.region),
            personalData: flags['personal-data'] === undefined ? [] : String(flags['personal-data']).split(','),
            rateLimitPerMinute: flags['rate-limit'] === undefined ? null : Number(flags['rate-limit']),
            expiresOn: flags.expires === undefined ? null : String(flags.expires),
          },
          { ...commandLineActor(), operation: 'keys:create' },
        );
        if ('problems' in created) throw new Error(created.problems.map((problem) => `--${optionOf(problem.field)}: ${problem.message}`).join('\n'));
        log(`created key ${created.key.id} (${created.key.name}, ${created.key.role}). Its secret, shown only now:\n\n  ${created.secret}\n\nSend it as "Authorization: Bearer <secret>".`);
      });
    },
  },
  'keys:list': {
    usage: 'keys:list [--all]             list API keys (--all: revoked ones too)',
    async run(args) {
      const { flags } = parseFlags(args, [], ['all']);
      await withDatabase(async (db) => {
        const [keys] = await new ApiKeyService(db.prisma).list({ includeRevoked: flags.all === true, afterId: null, take: 10_000 });
        if (keys.length === 0) return log('no API keys');
        for (const key of keys) {
          const state = key.revokedAt ? `revoked ${key.revokedAt.toISOString()} (${key.revocationReason})` : key.lastUsedAt ? `last used ${key.lastUsedAt.toISOString()}` : 'never used';
          log(`${String(key.id).padStart(4)}  ${key.prefix}…  ${key.role.padEnd(10)} ${key.name}  [${key.regionCode ?? 'whole hub'}${key.personalData.length ? `; ${key.personalData.join('+')}` : ''}]  ${state}`);
        }
      });
    },
  },
  'keys:revoke': {
    usage: 'keys:revoke <id|prefix> --reason <why>   revoke an API key at once',
    async run(args) {
      const { positional, flags } = parseFlags(args, ['reason'], []);
      const [which] = positional;
      if (!which) throw new Error('give the key: its id or the prefix keys:list shows');
      await withDatabase(async (db) => {
        const service = new ApiKeyService(db.prisma);
        const key = await service.find(which);
        if (!key) throw new Error(`no single API key matches "${which}"`);
        const revoked = await service.revoke(key.id, String(flags.reason ?? ''), { ...commandLineActor(), operation: 'keys:revoke' });
        if ('problems' in revoked) throw new Error(revoked.problems.map((problem) => `${problem.field}: ${problem.message}`).join('\n'));
        log(`revoked key ${key.id} (${key.name}); requests presenting it are refused from now on`);
      });
    },
  },
  'demo:regions': {
    usage: 'demo:regions                 load only the demo county\'s divisions (乡镇, 村), to import department sheets into a hub without demo households',
    async run() {
      const config = readConfig();
      const db = await openDatabase({ url: config.databaseUrl, dataDir: config.dataDir });
      try {
        await migrateDatabase(db);
        const { regions } = generateCounty({ seed: config.demoSeed, households: config.demoHouseholds });
        const { count } = await db.prisma.region.createMany({ data: regions, skipDuplicates: true });
        log(`${db.location}: ${count} of the county's ${regions.length} divisions added`);
      } finally {
        await db.close();
      }
    },
  },
  'demo:bank-file': {
    usage:
      `demo:bank-file --month ${DEMO_BANK_FILE_MONTH} [--households N] [--seed S] [--out file.csv]\n` +
      '                               write the demo county\'s bank disbursement file (代发明细) for a month of 2024, to import with --mapping bank-payments',
    async run(args) {
      const { positional, flags } = parseFlags(args, ['month', 'households', 'seed', 'out'], []);
      if (positional.length > 0) throw new UsageError(`unexpected argument "${positional[0]}"`);
      if (flags.month === undefined) throw new UsageError(`--month: give the month, e.g. --month ${DEMO_BANK_FILE_MONTH} (the month the demo load leaves out)`);
      let month: string;
      try {
        month = demoBankMonth(String(flags.month));
      } catch (error) {
        throw error instanceof BankFileMonthError ? new UsageError(`--month: ${error.message}`) : error;
      }
      const config = readConfig();
      const whole = (name: string, fallback: number) => {
        if (flags[name] === undefined) return fallback;
        const value = Number(flags[name]);
        if (!Number.isSafeInteger(value) || value < 0) throw new UsageError(`--${name} must be a whole number`);
        return value;
      };
      // The same county as the demo load: HUB_DEMO_HOUSEHOLDS and HUB_DEMO_SEED unless told otherwise.
      const households = whole('households', config.demoHouseholds);
      const seed = whole('seed', config.demoSeed);
      const out = flags.out === undefined ? `bank-disbursement-${month}.csv` : String(flags.out);
      const count = await writeDemoBankFile(generateCounty({ seed, households }), month, out);
      log(`wrote ${count} payments of ${month} (demo county of ${households} households, seed ${seed}) to ${out} (CSV, UTF-8 with BOM)`);
      log(`import it with: node dist/src/cli.js import ${out} --mapping bank-payments`);
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

/** An export option's mistake as a usage error naming the flag (exit code 2); anything else unchanged. */
function asUsageError(error: unknown): never {
  throw error instanceof ExportOptionError ? new UsageError(`--${error.option}: ${error.reason}`) : error;
}

/** A progress bar on stderr for a scan over households, drawn once the scan knows how many there are. */
function scanProgress(label: string) {
  let bar: ProgressBar | null = null;
  return {
    update: ({ householdsDone, householdsTotal }: { householdsDone: number; householdsTotal: number }) => {
      bar ??= new ProgressBar(householdsTotal, { label, unit: 'households', showRejected: false });
      bar.update(householdsDone, householdsDone);
    },
    finish: (done: number) => bar?.finish(done),
  };
}

/** The region a `--region CODE` flag names, checked against the hub's regions; the whole hub without the flag. */
async function regionFlag(db: HubDatabase, flag: string | boolean | undefined): Promise<{ regionCode: string | null; regionName: string }> {
  if (flag === undefined) return { regionCode: null, regionName: 'the whole hub' };
  let regionCode: string;
  try {
    regionCode = parseRegionCode(String(flag));
  } catch (error) {
    if (error instanceof InvalidRegionCodeError) throw new UsageError(`--region: ${error.message}`);
    throw error;
  }
  const region = await db.prisma.region.findUnique({ where: { code: regionCode }, select: { name: true } });
  if (!region) throw new UsageError(`--region: no region ${regionCode} in this hub`);
  return { regionCode, regionName: `${regionCode} (${region.name})` };
}

/** Opens the configured database (migrating the embedded one) for one command. */
async function withDatabase(work: (db: HubDatabase) => Promise<void>): Promise<void> {
  const config = readConfig();
  const db = await openDatabase({ url: config.databaseUrl, dataDir: config.dataDir });
  try {
    if (db.kind === 'pglite') await migrateDatabase(db);
    await work(db);
  } finally {
    await db.close();
  }
}

const optionOf = (field: string) => ({ regionCode: 'region', personalData: 'personal-data', rateLimitPerMinute: 'rate-limit', expiresOn: 'expires' })[field] ?? field;

/** `--name value` and `--switch` options among positional arguments. */
function parseFlags(args: string[], valued: string[], switches: string[]) {
  const positional: string[] = [];
  const flags: Record<string, string | true> = {};
  for (let i = 0; i < args.length; i++) {
    const name = args[i].startsWith('--') ? args[i].slice(2) : null;
    if (name === null) positional.push(args[i]);
    else if (switches.includes(name)) flags[name] = true;
    else if (valued.includes(name) && i + 1 < args.length) flags[name] = args[++i];
    else throw new UsageError(`unknown or incomplete option --${name}; options: ${[...valued.map((v) => `--${v} <value>`), ...switches.map((s) => `--${s}`)].join(', ')}`);
  }
  return { positional, flags };
}

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
  process.exit(error instanceof UsageError ? 2 : 1);
});
