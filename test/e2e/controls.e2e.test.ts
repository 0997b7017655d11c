/**
 * The controls stay out of the board's way, in real Chromium: with a 5-item dot vote open, the
 * board locked and a timer running, the first theme row starts at most 200 px from the top of a
 * 1280×720 window for an editor and for the facilitator (the same share of a 1440×900 or
 * 1920×1080 window); the facilitation bar is one line (at most 56 px high); the vote drawer,
 * the agenda and the changes panels open over the board and never push it down; the open vote
 * drawer tops the friction lane's column and the lane starts below it, so people vote on the
 * lane with the drawer open. `SHOT_DIR` saves each page.
 */
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { BoardJSON } from '../../shared/board/index.ts';
import { browserAvailable } from '../helpers/browser.ts';
import { joinSession } from '../helpers/facilitation.ts';
import { useBrowserSession, WAIT } from '../helpers/e2e.ts';

const canRun = browserAvailable();
const SIZES = [
  { width: 1280, height: 720 },
  { width: 1440, height: 900 },
  { width: 1920, height: 1080 },
] as const;
/** 200 px of a 1280×720 window; larger windows (and their larger type) get the same share. */
const maxFirstRowTop = (height: number) => (200 / 720) * height;
const MAX_BAR_HEIGHT = 56;

const firstRowTop = (page: Page) =>
  page
    .locator('[data-row-id]')
    .first()
    .evaluate((el) => el.getBoundingClientRect().top + window.scrollY);

const barHeight = (page: Page) =>
  page.locator('[data-facilitator-bar]').evaluate((el) => el.getBoundingClientRect().height);

/** Whether the friction lane starts below the open vote drawer (so the drawer covers none of it). */
const laneBelowDrawer = (page: Page) =>
  page.evaluate(() => {
    const drawer = document.querySelector('[data-vote-drawer]')!.getBoundingClientRect();
    return document.querySelector('.lane-area')!.getBoundingClientRect().top >= drawer.bottom;
  });

describe.skipIf(!canRun)('controls out of the way', { timeout: 240_000 }, () => {
  const session = useBrowserSession();

  for (const size of SIZES) {
    it(`keeps the board high with a vote, the lock and a timer at ${size.width}×${size.height}`, async () => {
      const created = await session.server.createBoard();
      const board = (await (
        await fetch(
          `${session.server.baseUrl}/api/boards/${created.id}?token=${created.tokens.viewer}`,
        )
      ).json()) as BoardJSON;
      const lead = await joinSession(session.server.baseUrl, {
        boardId: created.id,
        token: created.tokens.facilitator,
        name: 'Lead',
      });
      try {
        const targetIds = board.frictions.slice(0, 5).map((f) => f.id);
        expect(await lead.send('vote:open', { targetIds, perPerson: 3 })).toEqual({ ok: true });
        expect(await lead.send('board:lock', { locked: true })).toEqual({ ok: true });
        expect(await lead.send('timer:start', { seconds: 600 })).toEqual({ ok: true });

        const editor = await session.person('Ed', created, 'editor', size);
        const facilitator = await session.person('Fay', created, 'facilitator', size);
        for (const [who, { page, errors }] of [
          ['editor', editor],
          ['facilitator', facilitator],
        ] as const) {
          // Everything is on screen: the vote (all five items), the timer, the lock notice.
          await page.waitForSelector('[data-vote-drawer] [data-vote-panel]', WAIT);
          await expect.poll(() => page.locator('[data-vote-target]').count(), WAIT).toBe(5);
          await page.waitForSelector('[data-timer]', WAIT);
          await page.waitForSelector(
            who === 'editor' ? '[data-readonly-banner]' : '[data-locked-banner]',
            WAIT,
          );
          for (const id of targetIds) {
            expect(await page.locator(`[data-vote-target="${id}"]`).isVisible()).toBe(true);
          }
          const top = await firstRowTop(page);
          expect(top, `${who}: first theme row`).toBeLessThanOrEqual(maxFirstRowTop(size.height));
          expect(await barHeight(page), `${who}: facilitation bar`).toBeLessThanOrEqual(
            MAX_BAR_HEIGHT,
          );
          await session.shot(page, `controls-${who}-${size.width}`);
          // The drawer sits above the lane, not over it.
          await expect.poll(() => laneBelowDrawer(page), WAIT).toBe(true);

          // Panels open over the board: the first row does not move.
          await page.locator('[data-changes-toggle]').click();
          await page.waitForSelector('[data-changes-panel][open]', WAIT);
          expect(await firstRowTop(page)).toBe(top);
          await page.locator('[data-changes-toggle]').click();
          if (who === 'facilitator') {
            await page.locator('[data-agenda-panel] summary').click();
            await page.waitForSelector('[data-agenda-panel][open]', WAIT);
            expect(await firstRowTop(page)).toBe(top);
            await page.locator('[data-agenda-panel] summary').click();
            await page.locator('[data-timer-menu] summary').click();
            await page.waitForSelector('[data-timer-start]', WAIT);
            expect(await firstRowTop(page)).toBe(top);
            await page.locator('[data-timer-menu] summary').click();
          }
          // Hiding the vote drawer does not move the board either, and the toggle brings it back.
          await page.locator('[data-vote-drawer-close]').click();
          await expect.poll(() => page.locator('[data-vote-drawer]').count(), WAIT).toBe(0);
          expect(await firstRowTop(page)).toBe(top);
          await page.locator('[data-vote-toggle]').click();
          await page.waitForSelector('[data-vote-drawer] [data-vote-panel]', WAIT);
          expect(errors).toEqual([]);
        }

        // The editor votes from the drawer; the facilitator's drawer has the vote's controls.
        await editor.page.locator(`[data-vote-drawer] [data-vote-cast="${targetIds[0]}"]`).click();
        await editor.page.waitForSelector(
          `[data-vote-target="${targetIds[0]}"][data-my-votes="1"]`,
          WAIT,
        );
        // …and on the lane, the drawer still open.
        await editor.page.locator(`[data-friction-id="${targetIds[1]}"] [data-vote-dot]`).click();
        await editor.page.waitForSelector(
          `[data-vote-target="${targetIds[1]}"][data-my-votes="1"]`,
          WAIT,
        );
        expect(await editor.page.locator('[data-vote-drawer]').isVisible()).toBe(true);
        await session.shot(editor.page, `controls-lane-vote-${size.width}`);
        await facilitator.page.locator('[data-vote-drawer] [data-vote-reveal]').click();
        await editor.page.waitForSelector(`[data-vote-drawer] [data-tally="1"]`, WAIT);
      } finally {
        lead.close();
      }
    });
  }
});
