/**
 * The brief page in real Chromium: the server's HTML rendering in a sandboxed frame (board
 * title, themes) and a PDF download fetched with progress. After changing web/, run
 * `npm run build` first (the server serves web/build).
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import {
  browserAvailable,
  expectNoPageErrorsAfterEach,
  launchBrowser,
} from '../helpers/browser.ts';
import { startServer, type TestServer } from '../helpers/server.ts';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const canRun = browserAvailable();
const WAIT = { timeout: 30_000 };
const SHOTS = process.env.SHOT_DIR;

describe.skipIf(!canRun)('the brief page', { timeout: 120_000 }, () => {
  expectNoPageErrorsAfterEach();
  let server: TestServer;
  let browser: Browser;

  beforeAll(async () => {
    if (!fs.existsSync(path.join(ROOT, 'web/build/handler.js'))) {
      execFileSync('npm', ['run', 'build'], { cwd: ROOT, stdio: 'pipe', timeout: 240_000 });
    }
    [server, browser] = await Promise.all([startServer(), launchBrowser()]);
  }, 300_000);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('shows the brief in a sandboxed frame and downloads it as a PDF', async () => {
    const board = await server.createBoard({
      template: 'us-japan-economic-security',
      title: 'Brief test board',
    });
    const boardJson = (await (
      await fetch(`${server.baseUrl}/api/boards/${board.id}?token=${board.tokens.viewer}`)
    ).json()) as { rows: Array<{ title: string }> };
    const context = await browser.newContext({
      viewport: { width: 1280, height: 800 },
      acceptDownloads: true,
    });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    await page.goto(`${server.baseUrl}/b/${board.id}/brief?token=${board.tokens.viewer}`);

    const frameEl = page.locator('iframe[data-brief-frame]');
    await frameEl.waitFor(WAIT);
    expect(await frameEl.getAttribute('sandbox')).toBe('');
    const frame = page.frameLocator('iframe[data-brief-frame]');
    await frame.locator('body').getByText('Brief test board').first().waitFor(WAIT);
    await frame.locator('body').getByText(boardJson.rows[0].title).first().waitFor(WAIT);
    await frame.locator('body').getByText('Key judgements').first().waitFor(WAIT);
    // The brief's language is picked on the page: the frame reloads in Japanese.
    await page.locator('[data-brief-lang]').selectOption('ja');
    await frame.locator('body').getByText('主要な判断').first().waitFor(WAIT);
    expect(await frameEl.getAttribute('src')).toContain('lang=ja');
    if (SHOTS) await page.screenshot({ path: path.join(SHOTS, 'brief-1280.png') });

    const [download] = await Promise.all([
      page.waitForEvent('download', WAIT),
      page.locator('[data-download-pdf]').click(),
    ]);
    const file = await download.path();
    const bytes = fs.readFileSync(file);
    expect(bytes.length).toBeGreaterThan(1000);
    expect(bytes.subarray(0, 4).toString('latin1')).toBe('%PDF');
    expect(download.suggestedFilename()).toMatch(/\.pdf$/);
    await page.locator('[data-download-pdf]:not([disabled])').waitFor(WAIT);
    expect(errors).toEqual([]);
    await context.close();
  });
});
