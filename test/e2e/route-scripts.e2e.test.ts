/**
 * The board route loads the board validator (zod) only when something needs it (the README's
 * "loads the validator … only when needed"; the route's size itself is measured by `npm run
 * bench`, routejs). A build in which a shared module drags zod into the scripts every board
 * page runs fails here. Run `npm run build` first after changing web/.
 */
import { describe, expect, it } from 'vitest';
import { browserAvailable } from '../helpers/browser.ts';
import { CONNECTED, useBrowserSession, WAIT } from '../helpers/e2e.ts';

describe.skipIf(!browserAvailable())('the board route’s scripts', { timeout: 120_000 }, () => {
  const session = useBrowserSession();

  for (const role of ['editor', 'facilitator'] as const) {
    it(`opens the board (${role} link) without zod`, async () => {
      const board = await session.server.createBoard({ template: 'us-japan-economic-security' });
      const { page } = await session.blank('Ann');
      const scripts: Promise<{ url: string; text: string }>[] = [];
      page.on('response', (res) => {
        if (res.request().resourceType() !== 'script') return;
        scripts.push(res.text().then((text) => ({ url: res.url(), text })));
      });
      await page.goto(`${session.server.baseUrl}/b/${board.id}?token=${board.tokens[role]}`);
      await page.locator(CONNECTED).waitFor(WAIT);
      await page.locator('[data-card-id]').first().waitFor(WAIT);
      await page.waitForLoadState('networkidle');
      const loaded = await Promise.all(scripts);
      expect(loaded.length).toBeGreaterThan(3);
      expect(loaded.filter((s) => s.text.includes('ZodError')).map((s) => s.url)).toEqual([]);
    });
  }
});
