import { chromium, type Browser } from 'playwright-core';
import type { HubDatabase } from '../../src/db/database';
import { generateCounty } from '../../src/demo/county-generator';
import { loadCounty } from '../../src/demo/load-county';
import { startTestHub, type TestHub } from '../support/hub-client';
import { createTestDatabase } from '../support/test-database';

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const LOCAL = new Set(['localhost', '127.0.0.1']);

let db: HubDatabase;
let hub: TestHub;
let browser: Browser;

beforeAll(async () => {
  db = await createTestDatabase();
  await loadCounty(db.prisma, generateCounty({ households: 5 }));
  hub = await startTestHub(db);
  browser = await chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
});

afterAll(async () => {
  await browser?.close();
  await hub?.stop();
  await db?.close();
});

describe('the GraphQL IDE in a real browser', () => {
  it('renders, loads the schema and runs the example profile query without leaving localhost', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    const outside: string[] = [];
    context.on('request', (request) => {
      const url = new URL(request.url());
      if (!['blob:', 'data:', 'about:'].includes(url.protocol) && !LOCAL.has(url.hostname)) outside.push(request.url());
    });
    const pageErrors: string[] = [];
    page.on('pageerror', (error) => pageErrors.push(String(error)));

    await page.goto(hub.url);
    await page.waitForFunction(() => /HouseholdProfile/.test(document.querySelector('.graphiql-query-editor')?.textContent ?? ''), null, { timeout: 30_000 });

    await page.locator('[aria-label="Show Documentation Explorer"]').first().click();
    await page.waitForFunction(() => /Root Types/i.test(document.querySelector('.graphiql-doc-explorer')?.textContent ?? ''), null, { timeout: 30_000 });

    await page.locator('.graphiql-execute-button').first().click();
    // Monaco renders spaces as non-breaking spaces, so look for the key and the value separately.
    await page.waitForFunction(
      () => {
        const text = (document.querySelector('.graphiql-response') as HTMLElement | null)?.innerText ?? '';
        return text.includes('householdNo') && text.includes('520524100001');
      },
      null,
      { timeout: 30_000 },
    );

    expect(outside).toEqual([]);
    expect(pageErrors).toEqual([]);
    await context.close();
  });
});
