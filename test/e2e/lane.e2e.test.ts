/**
 * The friction lane beside the grid, in real Chromium at 1920×1080, 1440×900 and 1280×720: it
 * is a column to the right of the grid that stays in view while the page scrolls; "Show linked
 * cards" scrolls the grid so the linked cards are in the window (outlined), and "Next linked
 * card" steps through each of them; selecting a card brings its friction points into view in
 * the lane. `SHOT_DIR` saves the page at each size.
 */
import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Locator, Page } from 'playwright-core';
import { browserAvailable } from '../helpers/browser.ts';
import { useBrowserSession, WAIT } from '../helpers/e2e.ts';

const canRun = browserAvailable();
const SIZES = [
  { width: 1920, height: 1080 },
  { width: 1440, height: 900 },
  { width: 1280, height: 720 },
] as const;
// In the seed board: a friction whose cards sit far down the grid (the Nippon Steel case),
// and a card of the last theme linked only to the last friction of the lane.
const FRICTION = 'f-nippon-steel-block';
const CARD = 'c-domestic-politics';
const CARD_FRICTION = 'f-trust-under-trump';
const seed = JSON.parse(
  fs.readFileSync(new URL('../../seeds/us-japan-economic-security.json', import.meta.url), 'utf8'),
) as { frictions: { id: string; cardIds: string[] }[] };
const LINKED = seed.frictions.find((f) => f.id === FRICTION)!.cardIds.length;

/** Whether the element is wholly inside the window, below the page's sticky top. */
const inView = (locator: Locator) =>
  locator.evaluate((el) => {
    const box = el.getBoundingClientRect();
    const top = document.querySelector('[data-board-root] > .top')!.getBoundingClientRect();
    return (
      box.height > 0 &&
      box.top >= top.bottom &&
      box.bottom <= window.innerHeight &&
      box.left >= 0 &&
      box.right <= window.innerWidth
    );
  });

const laneBox = (page: Page) =>
  page.locator('.lane-area').evaluate((el) => {
    const box = el.getBoundingClientRect();
    return { top: box.top, left: box.left, bottom: box.bottom };
  });

describe.skipIf(!canRun)('the friction lane beside the grid', { timeout: 180_000 }, () => {
  const session = useBrowserSession();

  for (const size of SIZES) {
    it(`takes a friction to its cards and a card to its frictions at ${size.width}×${size.height}`, async () => {
      const board = await session.server.createBoard();
      const { page, errors } = await session.person('Lee', board, 'editor', size);

      // Beside the grid, and still in view once the page has scrolled far down.
      const gridRight = await page
        .locator('[data-view="full"]')
        .evaluate((el) => el.getBoundingClientRect().right);
      expect((await laneBox(page)).left).toBeGreaterThanOrEqual(gridRight);
      await page.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight / 2));
      await expect.poll(() => page.evaluate(() => window.scrollY), WAIT).toBeGreaterThan(1000);
      const scrolled = await laneBox(page);
      expect(scrolled.top).toBeGreaterThanOrEqual(0);
      expect(scrolled.top).toBeLessThan(size.height / 3);
      expect(scrolled.bottom).toBeLessThanOrEqual(size.height);
      await page.evaluate(() => window.scrollTo(0, 0));

      // A friction → its linked cards, in view one after another.
      const friction = page.locator(`[data-friction-id="${FRICTION}"]`);
      await friction.locator('[data-show-linked]').click();
      const linked = page.locator('[data-card-id][data-linked="true"]');
      await expect.poll(() => linked.count(), WAIT).toBe(LINKED);
      const ids = await linked.evaluateAll((els) =>
        els.map((el) => el.getAttribute('data-card-id')!),
      );
      await expect.poll(() => inView(linked.first()), WAIT).toBe(true);
      await session.shot(page, `lane-linked-${size.width}`);
      for (let step = 1; step < ids.length; step++) {
        await friction.locator('[data-linked-next]').click();
        await expect
          .poll(
            () => friction.locator('[data-linked-position]').getAttribute('data-linked-position'),
            WAIT,
          )
          .toBe(String(step + 1));
        await expect
          .poll(() => inView(page.locator(`[data-card-id="${ids[step]}"]`)), WAIT)
          .toBe(true);
      }
      // Past the last one, back to the first.
      await friction.locator('[data-linked-next]').click();
      await expect.poll(() => inView(page.locator(`[data-card-id="${ids[0]}"]`)), WAIT).toBe(true);
      await friction.locator('[data-show-linked]').click();
      await expect.poll(() => linked.count(), WAIT).toBe(0);

      // A card → its friction, brought into view inside the lane.
      await page.locator('.lane-area').evaluate((el) => el.scrollTo(0, 0));
      const related = page.locator(`.lane-area [data-friction-id="${CARD_FRICTION}"]`);
      const laneHolds = () =>
        related.evaluate((el) => {
          const lane = el.closest('.lane-area')!.getBoundingClientRect();
          const box = el.getBoundingClientRect();
          return box.top >= lane.top - 1 && box.top < lane.bottom - 40;
        });
      expect(await laneHolds()).toBe(false);
      await page.locator(`[data-card-id="${CARD}"] [data-field="title"]`).click();
      await expect.poll(() => related.getAttribute('data-related'), WAIT).toBe('true');
      await expect.poll(laneHolds, WAIT).toBe(true);
      await session.shot(page, `lane-card-${size.width}`);
      expect(errors).toEqual([]);
    });
  }
});
