import type { HubConfig } from './config';
import { openDatabase, type HubDatabase } from './db/database';
import { migrateDatabase, pendingMigrations } from './db/migrate';
import { generateCounty } from './demo/county-generator';
import { commandLineActor } from './modules/auth/audit';
import { FindingDetection } from './modules/findings/finding-detection';
import { ArchiveAssessmentScan } from './modules/archive-review/archive-assessment';
import { isCountyLoaded, loadCounty } from './demo/load-county';
import { detectIdentityReviews } from './modules/identity/identity-detection';
import { startHubServer, type RunningHub } from './server/http-server';
import { DEMO_IDE_KEY, demoKeyLines, ensureDemoKeys } from './modules/auth/demo-keys';

export type Log = (message: string) => void;

/**
 * Opens the configured database and makes it ready: the embedded database migrates itself;
 * a PostgreSQL server must have been migrated with `npm run db:migrate` by its operator.
 */
export async function openReadyDatabase(config: HubConfig, log: Log): Promise<HubDatabase> {
  const db = await openDatabase({ url: config.databaseUrl, dataDir: config.dataDir });
  try {
    if (db.kind === 'pglite') {
      const { applied } = await migrateDatabase(db);
      if (applied.length > 0) log(`embedded database at ${db.location}: applied ${applied.length} migration(s)`);
    } else {
      const pending = await pendingMigrations(db);
      if (pending.length > 0) {
        throw new Error(`PostgreSQL at ${db.location} lacks ${pending.length} migration(s) (${pending.join(', ')}): run \`npm run db:migrate\` first`);
      }
    }
    return db;
  } catch (error) {
    await db.close();
    throw error;
  }
}

export async function loadDemoCountyIfEmpty(db: HubDatabase, config: HubConfig, log: Log): Promise<void> {
  if (await isCountyLoaded(db.prisma)) {
    const households = await db.prisma.household.count();
    if (households < config.demoHouseholds) {
      log(`note: the database holds ${households} households, fewer than the demo county's ${config.demoHouseholds}; if a first start was interrupted, delete ${config.dataDir} to load it again`);
    }
    return;
  }
  log(`loading the demo county (${config.demoHouseholds} households, seed ${config.demoSeed}) …`);
  const started = Date.now();
  const county = generateCounty({ seed: config.demoSeed, households: config.demoHouseholds });
  await loadCounty(db.prisma, county);
  const reviews = await detectIdentityReviews(db.prisma, 'ALL', null);
  log(`${reviews.length} suspected duplicate people and households queued for review (identityReviews)`);
  const scan = await new FindingDetection(db.prisma).scan(null, { ...commandLineActor(), name: 'hub:demo-load', operation: 'detect' });
  log(`多策合一 and 一户一卡 rules: ${scan.raised} findings raised over ${scan.subsidiesRead} subsidies and ${scan.paymentsRead} bank payments (overlapFindings, findingTotals, household.fundsFlow)`);
  const archives = await new ArchiveAssessmentScan(db.prisma).scan(null);
  log(`一户一档 archive review: ${archives.incomplete} incomplete, ${archives.duplicated} with duplicates, ${archives.inconsistent} inconsistent of ${archives.householdsAssessed} households (archiveRollup)`);
  log(`demo county loaded in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

export async function startHub(config: HubConfig, log: Log): Promise<{ db: HubDatabase; server: RunningHub }> {
  const db = await openReadyDatabase(config, log);
  if (config.loadDemo) await loadDemoCountyIfEmpty(db, config, log);
  // A PostgreSQL deployment starts with no keys but those its operator creates (`keys:create`).
  const demoKeys = config.loadDemo && db.kind === 'pglite';
  if (demoKeys) {
    await ensureDemoKeys(db.prisma);
    log(`demo API keys (send as "Authorization: Bearer <key>"; for the demo county only):\n  ${(await demoKeyLines(db.prisma)).join('\n  ')}`);
  } else if ((await db.prisma.apiKey.count({ where: { revokedAt: null } })) === 0) {
    log('no API keys yet: create one with `node dist/src/cli.js keys:create --name <who> --role ADMIN`');
  }
  const server = await startHubServer({
    db,
    port: config.port,
    host: config.host,
    maxBodyBytes: config.maxBodyBytes,
    maxRecordsPerDelivery: config.maxRecordsPerDelivery,
    limits: config.limits,
    production: config.production,
    introspection: config.introspection,
    protectedPersonalData: config.protectedPersonalData,
    ideKey: demoKeys ? DEMO_IDE_KEY : undefined,
  });
  return { db, server };
}
