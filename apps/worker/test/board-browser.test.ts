import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '@cancelq/test-utils';
import { BOARD_PASSWORD, BOARD_USER, startStack, type Stack } from './stack.ts';

/**
 * Bull Board as an operator meets it, in Debian's Chromium driven by playwright-core. Set
 * CANCELQ_UPDATE_SCREENSHOTS=1 to refresh the README's screenshot from this run.
 */
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
// As root, with no network beyond loopback: no sandbox, and nothing that calls home.
const ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
const BOARD = { username: BOARD_USER, password: BOARD_PASSWORD };

/**
 * A developer machine without Chromium skips this file, saying so; CI installs Chromium and sets
 * CANCELQ_REQUIRE_BROWSER=1 (.ci/run), so there a missing browser fails instead of skipping.
 */
const browserMissing = !existsSync(CHROMIUM) && process.env.CANCELQ_REQUIRE_BROWSER !== '1';
if (browserMissing)
  console.warn(
    `skipping the Bull Board browser tests: no Chromium at ${CHROMIUM} (apt-get install -y chromium)`,
  );

let stack: Stack;
let browser: Browser;

describe.skipIf(browserMissing)('Bull Board in a browser', () => {
  beforeAll(async () => {
    stack = await startStack({ PLANET_RATE_LIMIT: '10/1s' });
    await stack.startWorker({ CANCELQ_PROVIDERS: 'planet' });
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS });
  });
  afterAll(async () => {
    await browser?.close();
    await stack?.close();
  });

  it('refuses a visitor without credentials, or with wrong ones', async () => {
    const anonymous = await browser.newPage();
    // Headless Chromium gives up on a Basic challenge it cannot answer.
    await expect(anonymous.goto(`${stack.apiUrl}/admin/queues`)).rejects.toThrow(
      /ERR_INVALID_AUTH_CREDENTIALS/,
    );
    expect((await anonymous.request.get(`${stack.apiUrl}/admin/queues`)).status()).toBe(401);
    const wrong = await browser.newPage({ httpCredentials: { ...BOARD, password: 'guess' } });
    const refused = await wrong.goto(`${stack.apiUrl}/admin/queues`);
    expect(refused?.status()).toBe(401);
    expect(await wrong.locator('body').innerText()).not.toContain('planomatic');
    await Promise.all([anonymous.close(), wrong.close()]);
  });

  it('lets an operator log in, open a finished job and read its outcome and its calls', async () => {
    const [order, running] = [
      ...(await stack.sim.createOrders({ count: 1 })),
      ...(await stack.sim.createOrders({ orders: [{ state: 'running' }] })),
    ];
    const { id } = await stack.cancel({ provider: 'planet', order_ids: [order!.id, running!.id] });
    await stack.completed(id);

    const page = await browser.newPage({
      httpCredentials: BOARD,
      viewport: { width: 1280, height: 860 },
    });
    await page.goto(`${stack.apiUrl}/admin/queues/queue/planet?status=completed`);
    await expect.poll(() => page.getByText('Planet Orders API v2').count()).toBeGreaterThan(0);
    await page
      .getByRole('link', { name: `${id}-1`, exact: true })
      .first()
      .click();

    // The job page: its name says what it is; its return value says what it settled.
    await expect.poll(() => page.url()).toMatch(new RegExp(`/queue/planet/${id}-1(\\?|$)`));
    await expect
      .poll(() =>
        page.getByText(/^planet · shared call 1\/1 · 2 ids added, up to \d+ a call$/).count(),
      )
      .toBe(1);
    await expect
      .poll(() => page.locator('body').innerText())
      .toContain('"1 cancelled · 1 pending · 1 follow-up call"');
    if (process.env.CANCELQ_UPDATE_SCREENSHOTS === '1') {
      await mkdir(path.join(REPO_ROOT, 'docs'), { recursive: true });
      await page.screenshot({ path: path.join(REPO_ROOT, 'docs/bull-board-job.png') });
    }

    // Its log: one line per provider call.
    await page.getByText('Logs', { exact: true }).first().click();
    await expect
      .poll(() => page.locator('body').innerText())
      .toMatch(/POST \/bulk\/orders\/v2\/cancel → HTTP 200 in [\d.]+ms/);

    // Settling the refusal is a job of its own, named for what it does.
    await page.goto(`${stack.apiUrl}/admin/queues/queue/planet/${id}-1-settle`);
    await expect
      .poll(() => page.locator('body').innerText())
      .toContain('planet · settle refused orders (lost races) · page 1');
    await expect.poll(() => page.locator('body').innerText()).toContain('"1 not cancellable"');
    await page.close();
  });
});
