/**
 * A board opened once reloads offline, in real Chromium against a real server: the service
 * worker serves the app shell and the built assets, the board comes back from IndexedDB,
 * stays editable and says it is offline; when the network returns the edit reaches the server.
 * The control: the same reload in a browser that blocks service workers gets no page, so it is
 * the service worker (not a lenient offline mode) that brings the board back. The cache never
 * holds a share-link token.
 * Run `npm run build` first after changing web/. Screenshots go to SHOT_DIR when set.
 */
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { BoardJSON } from '../../shared/board/index.ts';
import { allowConsoleErrors, browserAvailable } from '../helpers/browser.ts';
import { CONNECTED, useBrowserSession, WAIT } from '../helpers/e2e.ts';
import type { CreatedBoard } from '../helpers/server.ts';

const canRun = browserAvailable();
const OFFLINE = '[data-connection][data-state="offline"]';

describe.skipIf(!canRun)('offline reload', { timeout: 120_000 }, () => {
  const session = useBrowserSession();

  async function boardJson(board: CreatedBoard): Promise<BoardJSON> {
    const res = await fetch(
      `${session.server.baseUrl}/api/boards/${board.id}?token=${board.tokens.viewer}`,
    );
    return (await res.json()) as BoardJSON;
  }

  /** Everything the page's caches hold: the keys, and the URL each stored response carries. */
  const cachedUrls = (page: Page) =>
    page.evaluate(async () => {
      const out: string[] = [];
      for (const name of await caches.keys()) {
        const cache = await caches.open(name);
        for (const request of await cache.keys()) {
          out.push(request.url);
          const response = await cache.match(request);
          if (response?.url) out.push(response.url);
        }
      }
      return out;
    });

  for (const size of [
    { width: 1280, height: 720 },
    { width: 1440, height: 900 },
    { width: 1920, height: 1080 },
  ]) {
    it(`reloads a board offline, edits it, and syncs when back online (${size.width}×${size.height})`, async () => {
      allowConsoleErrors(/net::ERR_INTERNET_DISCONNECTED/, 'this test takes the browser offline');
      const board = await session.server.createBoard({ template: 'us-japan-economic-security' });
      const ann = await session.person('Ann', board, 'editor', size);
      const { page } = ann;
      await page.locator('[data-card-id]').first().waitFor(WAIT);
      // The service worker has installed (shell and assets cached) and controls the page.
      await page.evaluate(async () => {
        await navigator.serviceWorker.ready;
      });
      await expect
        .poll(() => page.evaluate(() => navigator.serviceWorker.controller !== null), WAIT)
        .toBe(true);
      const urls = await cachedUrls(page);
      expect(urls.some((u) => u.endsWith('/b/offline-shell'))).toBe(true);
      expect(urls.filter((u) => u.includes('token'))).toEqual([]);
      // The address bar never kept the token either.
      expect(page.url()).not.toContain('token=');

      await page.context().setOffline(true);
      await page.locator(OFFLINE).waitFor(WAIT);
      const response = await page.reload();
      expect(response?.headers()['x-served-from']).toBe('offline-shell');
      await page.locator(OFFLINE).waitFor(WAIT);
      const card = page.locator('[data-card-id]').first();
      await card.waitFor(WAIT);
      const cardId = (await card.getAttribute('data-card-id'))!;
      const title = page.locator(`[data-card-id="${cardId}"] [data-field="title"]`);
      await title.click();
      await page.keyboard.press('End');
      await page.keyboard.type(' (offline edit)');
      await expect.poll(() => title.inputValue(), WAIT).toContain('(offline edit)');
      await session.shot(page, `offline-reload-${size.width}`);
      // Still offline: the server has not seen it.
      const before = await boardJson(board);
      expect(before.cards.find((c) => c.id === cardId)?.title).not.toContain('(offline edit)');

      await page.context().setOffline(false);
      await page.waitForSelector(CONNECTED, WAIT);
      await expect
        .poll(async () => (await boardJson(board)).cards.find((c) => c.id === cardId)?.title, WAIT)
        .toContain('(offline edit)');
      expect(ann.errors).toEqual([]);
    });
  }

  it('without the service worker, the same offline reload gets no page (the control)', async () => {
    allowConsoleErrors(/net::ERR_INTERNET_DISCONNECTED/, 'this test takes the browser offline');
    const board = await session.server.createBoard({ template: 'us-japan-economic-security' });
    const bo = await session.person('Bo', board, 'editor', {
      width: 1280,
      height: 720,
      serviceWorkers: 'block',
    });
    await bo.page.locator('[data-card-id]').first().waitFor(WAIT);
    await bo.page.context().setOffline(true);
    const failed = await bo.page.reload().then(
      () => false,
      () => true,
    );
    expect(failed).toBe(true);
    expect(await bo.page.locator('[data-board-root]').count()).toBe(0);
  });
});
