/**
 * `export.html`, the brief as one page, in real Chromium: axe-core finds no WCAG 2.x A/AA
 * violation (nor its landmark best practices) in English or Japanese, and the page says
 * which language it is in. Needs no web build: the server renders this page itself.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import {
  browserAvailable,
  expectNoPageErrorsAfterEach,
  launchBrowser,
} from '../helpers/browser.ts';
import { axeViolations, WCAG_TAGS } from '../helpers/axe.ts';
import { startServer, type CreatedBoard, type TestServer } from '../helpers/server.ts';

const canRun = browserAvailable();

describe.skipIf(!canRun)('export.html', { timeout: 120_000 }, () => {
  expectNoPageErrorsAfterEach();
  let server: TestServer;
  let browser: Browser;
  let board: CreatedBoard;

  beforeAll(async () => {
    [server, browser] = await Promise.all([startServer(), launchBrowser()]);
    board = await server.createBoard({ template: 'us-japan-economic-security' });
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it.each(['en', 'ja'] as const)('has no axe violations in %s', async (lang) => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const page = await context.newPage();
    const url = `${server.baseUrl}/api/boards/${board.id}/export.html?token=${board.tokens.viewer}&lang=${lang}`;
    const res = await page.goto(url);
    expect(res?.status()).toBe(200);
    expect(await page.getAttribute('html', 'lang')).toBe(lang);
    expect(await axeViolations(page, [...WCAG_TAGS, 'best-practice'])).toEqual([]);
    expect(await page.locator('main h1').count()).toBe(1);
    await context.close();
  });
});
