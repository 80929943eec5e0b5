import { execFile, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { openDatabase, type HubDatabase } from '../../src/db/database';
import { createScratchDatabase, type ScratchDatabase } from '../../src/db/scratch-database';
import { POSTGRES_ADMIN_URL, testDatabaseKind } from './test-database';

export type CliResult = { status: number | null; stdout: string; stderr: string };

const ROOT = resolve(__dirname, '../..');

/**
 * The hub's commands as an operator runs them: the sources compiled by swc into a build of the
 * test file's own, a working directory, and a database (a scratch PostgreSQL database, or an
 * embedded data directory, which has one user at a time: open it only between command runs).
 */
export class CliHarness {
  readonly work: string;
  private readonly build: string;
  private scratch: ScratchDatabase | null = null;
  private env: Record<string, string> = {};

  constructor(name: string) {
    this.build = join(ROOT, 'node_modules/.cache', `hub-test-build-${name}`, testDatabaseKind());
    this.work = mkdtempSync(join(tmpdir(), `hub-${name}-`));
  }

  /** Creates the scratch database on PostgreSQL; before anything else. */
  async setUp(): Promise<void> {
    if (testDatabaseKind() === 'postgres') this.scratch = await createScratchDatabase(POSTGRES_ADMIN_URL);
    this.env = this.scratch ? { DATABASE_URL: this.scratch.url } : { HUB_DATA_DIR: join(this.work, 'data') };
  }

  /** Compiles src/ for `cli` to run. */
  compile = (): Promise<unknown> => promisify(execFile)(join(ROOT, 'node_modules/.bin/swc'), ['src', '-d', this.build, '--copy-files', '-q'], { cwd: ROOT });

  /** The database the commands use, opened in process. */
  openDatabase = (): Promise<HubDatabase> => openDatabase({ url: this.scratch?.url, dataDir: join(this.work, 'data') });

  withDatabase = async <T>(use: (db: HubDatabase) => Promise<T>): Promise<T> => {
    const db = await this.openDatabase();
    try {
      return await use(db);
    } finally {
      await db.close();
    }
  };

  /** Runs a command to its end. */
  cli = (...args: string[]): CliResult => {
    const result = spawnSync(process.execPath, [join(this.build, 'src/cli.js'), ...args], { env: { ...process.env, ...this.env }, encoding: 'utf8' });
    return { status: result.status, stdout: result.stdout, stderr: result.stderr };
  };

  /** `cli` without waiting for it; never rejects. */
  startCli = (...args: string[]): Promise<CliResult> =>
    new Promise((done) => {
      execFile(process.execPath, [join(this.build, 'src/cli.js'), ...args], { env: { ...process.env, ...this.env }, encoding: 'utf8' }, (error, stdout, stderr) =>
        done({ status: error === null ? 0 : typeof error.code === 'number' ? error.code : null, stdout, stderr }),
      );
    });

  async tearDown(): Promise<void> {
    await this.scratch?.drop();
    rmSync(this.work, { recursive: true, force: true });
  }
}
