// Unit tests run once; integration tests run on the embedded database (PGlite) and on a real
// PostgreSQL server (TEST_POSTGRES_URL, default postgresql://postgres@127.0.0.1:5432/postgres).
// Without a reachable server the PostgreSQL project is skipped with a warning, unless
// REQUIRE_POSTGRES=1 (as in CI), which makes that a failure.
// test/browser runs once, in Chromium, when it is installed.
const { existsSync } = require('node:fs');
const { Client } = require('pg');

const POSTGRES_URL = process.env.TEST_POSTGRES_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres';

async function postgresReachable() {
  const client = new Client({ connectionString: POSTGRES_URL, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    await client.end();
    return true;
  } catch (error) {
    return error;
  }
}

const transform = { '^.+\\.ts$': ['@swc/jest'] };
const common = { testEnvironment: 'node', transform, setupFiles: ['reflect-metadata'] };
const integration = (database) => ({
  ...common,
  displayName: database,
  testMatch: ['<rootDir>/test/integration/**/*.test.ts'],
  globals: { TEST_DATABASE: database },
});

module.exports = async () => {
  const projects = [{ ...common, displayName: 'unit', testMatch: ['<rootDir>/test/unit/**/*.test.ts'] }, integration('pglite')];
  const reachable = await postgresReachable();
  if (reachable === true) projects.push(integration('postgres'));
  else if (process.env.REQUIRE_POSTGRES === '1') throw new Error(`PostgreSQL at ${POSTGRES_URL} is required (REQUIRE_POSTGRES=1) but unreachable: ${reachable.message}`);
  else console.warn(`\n!! PostgreSQL at ${POSTGRES_URL} is unreachable (${reachable.message}): integration tests run on PGlite only.\n`);
  // The IDE test drives Debian's Chromium (CHROMIUM_PATH); REQUIRE_BROWSER=1 makes its absence a failure.
  const chromium = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
  if (existsSync(chromium)) projects.push({ ...common, displayName: 'browser', testMatch: ['<rootDir>/test/browser/**/*.test.ts'] });
  else if (process.env.REQUIRE_BROWSER === '1') throw new Error(`Chromium is required (REQUIRE_BROWSER=1) but ${chromium} does not exist`);
  else console.warn(`\n!! ${chromium} not found: the browser test of the GraphQL IDE is skipped (apt-get install chromium).\n`);
  // Two workers on two cores: most of a test's time is spent waiting on a database or a child process.
  return { projects, testTimeout: 120000, maxWorkers: 2 };
};
