/**
 * The board's three views in real Chromium, at a projector's, a desktop's and a laptop's size:
 * the overview fits the seed board's eight themes on one screen at 1920×1080 (two at most at
 * 1280×720); compact cards are two lines; the view is switched by the view bar and by keys,
 * kept in the address and remembered per browser (the address wins); themes fold per person;
 * a chip in the overview opens its card in the full view, scrolled to and highlighted.
 * `SHOT_DIR` saves a screenshot of each view at each size.
 */
import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { browserAvailable } from '../helpers/browser.ts';
import { CONNECTED, useBrowserSession, WAIT } from '../helpers/e2e.ts';

const canRun = browserAvailable();
const SIZES = [
  { width: 1920, height: 1080 },
  { width: 1440, height: 900 },
  { width: 1280, height: 720 },
] as const;
const SEED = JSON.parse(
  fs.readFileSync(new URL('../../seeds/us-japan-economic-security.json', import.meta.url), 'utf8'),
) as { rows: unknown[]; cards: unknown[] };
const SEED_THEMES = SEED.rows.length;
const SEED_MEASURES = SEED.cards.length;

/** The view the grid's root says it is in. */
const currentView = (page: Page) =>
  page.locator('[data-view]').first().getAttribute('data-view', WAIT);

const viewParam = (page: Page) => new URL(page.url()).searchParams.get('view');

describe.skipIf(!canRun)('full, compact and overview', { timeout: 180_000 }, () => {
  const session = useBrowserSession();

  for (const size of SIZES) {
    it(`fits the overview and keeps two-line compact cards at ${size.width}×${size.height}`, async () => {
      const board = await session.server.createBoard();
      const ann = await session.blank('Ann', size);
      const { page } = ann;
      await page.goto(
        `${session.server.baseUrl}/b/${board.id}?token=${board.tokens.editor}&view=overview`,
      );
      await page.waitForSelector(CONNECTED, WAIT);
      await page.waitForSelector('[data-view="overview"] [data-row-id]', WAIT);
      await expect.poll(() => page.locator('[data-row-id]').count(), WAIT).toBe(SEED_THEMES);
      // Every theme row, and every chip, is drawn; none of the full grid's cards is.
      await expect.poll(() => page.locator('[data-chip-card]').count(), WAIT).toBe(SEED_MEASURES);
      expect(await page.locator('[data-card-id]').count()).toBe(0);

      const lastBottom = await page
        .locator('[data-row-id]')
        .last()
        .evaluate((el) => el.getBoundingClientRect().bottom + window.scrollY);
      const screens = size.width >= 1920 ? 1 : 2;
      expect(lastBottom).toBeLessThanOrEqual(size.height * screens);
      await session.shot(page, `view-overview-${size.width}`);

      // Compact by key: two lines a card (its facts and badges, then its title).
      await page.keyboard.press('2');
      await expect.poll(() => currentView(page), WAIT).toBe('compact');
      expect(viewParam(page)).toBe('compact');
      await expect.poll(() => page.locator('[data-card-id]').count(), WAIT).toBe(SEED_MEASURES);
      const shapes = await page.locator('[data-card-id]').evaluateAll((cards) =>
        cards.map((card) => {
          const top = card.querySelector('.card-top')!.getBoundingClientRect();
          const title = card.querySelector('[data-compact-title]')!;
          const lineHeight = parseFloat(getComputedStyle(title).lineHeight);
          return {
            id: card.getAttribute('data-card-id'),
            lines: card.getBoundingClientRect().height / lineHeight,
            topRow: top.height / lineHeight,
            titleRow: title.getBoundingClientRect().height / lineHeight,
            hasBody: card.querySelector('[data-field="body"]') !== null,
          };
        }),
      );
      for (const shape of shapes) {
        expect(shape.hasBody, shape.id!).toBe(false);
        expect(shape.titleRow, shape.id!).toBeLessThan(1.5);
        expect(shape.topRow, shape.id!).toBeLessThan(1.9);
        // Two rows plus the card's padding and borders, never a third line.
        expect(shape.lines, shape.id!).toBeLessThan(3);
      }
      await session.shot(page, `view-compact-${size.width}`);

      // Shift+V steps on (compact → overview → full); the bar does the same.
      await page.keyboard.press('Shift+V');
      await expect.poll(() => currentView(page), WAIT).toBe('overview');
      await page.locator('[data-view-choice="full"]').click();
      await expect.poll(() => currentView(page), WAIT).toBe('full');
      expect(viewParam(page)).toBe('full');
      await expect
        .poll(() => page.locator('[data-view="full"] [data-field="body"]').count(), WAIT)
        .toBeGreaterThan(0);
      await session.shot(page, `view-full-${size.width}`);
      expect(ann.errors).toEqual([]);
    });
  }

  it('remembers the view per browser, lets the address win, and ignores keys typed in text', async () => {
    const board = await session.server.createBoard();
    const bea = await session.blank('Bea', { width: 1440, height: 900 });
    const { page } = bea;
    const base = `${session.server.baseUrl}/b/${board.id}?token=${board.tokens.editor}`;
    await page.goto(base);
    await page.waitForSelector(CONNECTED, WAIT);
    expect(await currentView(page)).toBe('full');

    // Typing "3" in the search field searches; it does not switch views.
    await page.locator('[data-filter="query"]').click();
    await page.keyboard.type('3');
    expect(await page.locator('[data-filter="query"]').inputValue()).toBe('3');
    // …and the same key outside any field does (the positive marker after the negative check).
    await page.locator('[data-filter="query"]').fill('');
    await page.locator('[data-filter="query"]').blur();
    await page.keyboard.press('3');
    await expect.poll(() => currentView(page), WAIT).toBe('overview');
    await page.keyboard.press('2');
    await expect.poll(() => currentView(page), WAIT).toBe('compact');

    // The same browser opening the board again without ?view= gets compact back.
    await page.goto(base);
    await page.waitForSelector(CONNECTED, WAIT);
    await expect.poll(() => currentView(page), WAIT).toBe('compact');
    // The address wins over what the browser remembers.
    await page.goto(`${base}&view=overview`);
    await page.waitForSelector(CONNECTED, WAIT);
    await expect.poll(() => currentView(page), WAIT).toBe('overview');
    // Someone else's browser is not affected.
    const cho = await session.person('Cho', board, 'editor', { width: 1440, height: 900 });
    expect(await currentView(cho.page)).toBe('full');
    expect(bea.errors).toEqual([]);
  });

  it('folds themes per person and opens a chip of the overview in the full view', async () => {
    const board = await session.server.createBoard();
    const dan = await session.person('Dan', board, 'editor', { width: 1280, height: 720 });
    const eve = await session.person('Eve', board, 'editor', { width: 1280, height: 720 });
    const { page } = dan;
    const rows = page.locator('[data-row-id]');
    const first = await rows.first().getAttribute('data-row-id');

    await page.locator(`[data-collapse-row="${first}"]`).click();
    const firstRow = page.locator(`[data-row-id="${first}"]`);
    await expect.poll(() => firstRow.getAttribute('data-collapsed'), WAIT).toBe('true');
    expect(await firstRow.locator('[data-card-id]').count()).toBe(0);
    // Folded for Dan only: Eve still sees the cards (and Dan's fold survives a reload).
    expect(
      await eve.page.locator(`[data-row-id="${first}"] [data-card-id]`).count(),
    ).toBeGreaterThan(0);
    await page.reload();
    await page.waitForSelector(CONNECTED, WAIT);
    await expect
      .poll(() => page.locator(`[data-row-id="${first}"]`).getAttribute('data-collapsed'), WAIT)
      .toBe('true');

    await page.locator('[data-collapse-all]').click();
    await expect
      .poll(() => page.locator('[data-row-id][data-collapsed="true"]').count(), WAIT)
      .toBe(SEED_THEMES);
    expect(await page.locator('[data-card-id]').count()).toBe(0);
    await session.shot(page, 'view-collapsed-1280');
    await page.locator('[data-expand-all]').click();
    await expect.poll(() => page.locator('[data-card-id]').count(), WAIT).toBe(SEED_MEASURES);
    expect(await page.locator('[data-row-id][data-collapsed]').count()).toBe(0);

    // A measure of the last theme, opened from the overview: the full view scrolls to its
    // card and rings it.
    const outlook = await rows.last().getAttribute('data-row-id');
    await page.locator('[data-view-choice="overview"]').click();
    await page.waitForSelector('[data-view="overview"]', WAIT);
    const chip = page.locator(`[data-row-id="${outlook}"] [data-chip-card]`).first();
    const cardId = await chip.getAttribute('data-chip-card');
    await chip.click();
    await expect.poll(() => currentView(page), WAIT).toBe('full');
    const card = page.locator(`[data-card-id="${cardId}"]`);
    await expect.poll(() => card.getAttribute('data-place-target'), WAIT).toBe('true');
    await expect
      .poll(
        () =>
          card.evaluate((el) => {
            const box = el.getBoundingClientRect();
            const top = document.querySelector('[data-board-root] > .top')!.getBoundingClientRect();
            return box.top >= top.bottom && box.top < window.innerHeight;
          }),
        WAIT,
      )
      .toBe(true);
    await session.shot(page, 'view-opened-from-overview-1280');
    expect(dan.errors).toEqual([]);
    expect(eve.errors).toEqual([]);
  });
});
