/**
 * The dot vote and the timer in real Chromium: people vote on the friction points themselves
 * (and take a vote back), a viewer cannot, nobody sees a tally before the facilitator reveals,
 * then every page shows the result on the items; a short timer counts down and signals zero.
 */
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { BoardJSON } from '../../shared/board/index.ts';
import { browserAvailable } from '../helpers/browser.ts';
import { joinSession } from '../helpers/facilitation.ts';
import { useBrowserSession, WAIT } from '../helpers/e2e.ts';

const canRun = browserAvailable();

describe.skipIf(!canRun)('voting and the timer in three browsers', { timeout: 120_000 }, () => {
  const session = useBrowserSession();

  it('votes on the items, hides tallies until the reveal, and signals the end of the timer', async () => {
    const created = await session.server.createBoard();
    const boardJson = (await (
      await fetch(
        `${session.server.baseUrl}/api/boards/${created.id}?token=${created.tokens.viewer}`,
      )
    ).json()) as BoardJSON;
    const [f1, f2] = boardJson.frictions.map((f) => f.id);
    const lead = await joinSession(session.server.baseUrl, {
      boardId: created.id,
      token: created.tokens.facilitator,
      name: 'Lead',
    });
    try {
      const ann = await session.person('Ann', created, 'editor');
      const bo = await session.person('Bo', created, 'editor');
      const vic = await session.person('Vic', created, 'viewer');
      expect(await lead.send('vote:open', { targetIds: [f1, f2], perPerson: 2 })).toEqual({
        ok: true,
      });

      const dot = (page: Page, id: string) =>
        page.locator(`[data-friction-id="${id}"] [data-vote-dot]`);
      // The vote drawer opens by itself and stays open: people vote on the lane below it.
      for (const { page } of [ann, bo]) {
        await page.locator('[data-vote-drawer]').waitFor(WAIT);
        await dot(page, f1).waitFor(WAIT);
      }
      // Ann votes on both, takes one back and votes again; Bo votes on the first.
      await dot(ann.page, f1).click();
      await ann.page.waitForSelector(
        `[data-friction-id="${f1}"] [data-vote-dot][aria-pressed="true"]`,
        WAIT,
      );
      await dot(ann.page, f2).click();
      await ann.page.waitForSelector(
        `[data-friction-id="${f2}"] [data-vote-dot][aria-pressed="true"]`,
        WAIT,
      );
      await dot(ann.page, f2).click();
      await ann.page.waitForSelector(
        `[data-friction-id="${f2}"] [data-vote-dot][aria-pressed="false"]`,
        WAIT,
      );
      await dot(ann.page, f2).click();
      await dot(bo.page, f1).click();
      await bo.page.waitForSelector(
        `[data-friction-id="${f1}"] [data-vote-dot][aria-pressed="true"]`,
        WAIT,
      );
      await ann.page.locator(`[data-friction-id="${f1}"]`).scrollIntoViewIfNeeded();
      await session.shot(ann.page, 'vote-open');
      expect(await vic.page.locator('[data-vote-dot]').count()).toBe(0);
      for (const { page } of [ann, bo, vic])
        expect(await page.locator('[data-vote-tally]').count()).toBe(0);

      expect(await lead.send('vote:reveal')).toEqual({ ok: true });
      for (const { page } of [ann, bo, vic]) {
        await page.waitForSelector(`[data-friction-id="${f1}"] [data-vote-tally="2"]`, WAIT);
        await page.waitForSelector(`[data-friction-id="${f2}"] [data-vote-tally="1"]`, WAIT);
      }
      await vic.page.locator(`[data-friction-id="${f1}"]`).scrollIntoViewIfNeeded();
      await session.shot(vic.page, 'vote-revealed');

      // A two-second timer: everyone sees it run, then reach zero.
      expect(await lead.send('timer:start', { seconds: 2 })).toEqual({ ok: true });
      for (const { page } of [ann, vic])
        await page.waitForSelector('[data-timer][data-state="running"]', WAIT);
      for (const { page } of [ann, vic])
        await page.waitForSelector('[data-timer][data-state="done"]', WAIT);
      expect([...ann.errors, ...bo.errors, ...vic.errors]).toEqual([]);
    } finally {
      lead.close();
    }
  });
});
