/**
 * Dot voting as rooms do it, in real Chromium against a real server (people at 1280×720,
 * 1440×900 and 1920×1080): the facilitator opens a stacking vote from the bar; a person puts
 * several dots on one item (up to their allowance) and takes one off, on the friction lane while
 * the vote drawer stays open beside it (from 1280 px the drawer tops the lane's column and the
 * lane starts below it); "Clear" asks first, and a cleared vote comes back whole with "Undo" — which
 * lasts 10 seconds, then the server refuses it; the revealed result is shown to the room as a
 * ranked bar chart from present mode.
 * Run `npm run build` first after changing web/. Screenshots go to SHOT_DIR when set.
 */
import { afterAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { BoardJSON } from '../../shared/board/index.ts';
import { browserAvailable } from '../helpers/browser.ts';
import { useBrowserSession, WAIT } from '../helpers/e2e.ts';
import { joinSession, type SessionClient } from '../helpers/facilitation.ts';

const canRun = browserAvailable();

/** Whether the friction lane starts below the open vote drawer (so the drawer covers none of it). */
const laneBelowDrawer = (page: Page) =>
  page.evaluate(() => {
    const drawer = document.querySelector('[data-vote-drawer]')!.getBoundingClientRect();
    return document.querySelector('.lane-area')!.getBoundingClientRect().top >= drawer.bottom;
  });

describe.skipIf(!canRun)('stacking dots and an undoable clear', { timeout: 150_000 }, () => {
  const session = useBrowserSession();
  const sessions: SessionClient[] = [];
  afterAll(() => {
    for (const client of sessions) client.close();
  });

  const dots = (page: Page, id: string) =>
    page.locator(`[data-friction-id="${id}"] [data-my-dots]`).getAttribute('data-my-dots');
  const add = (page: Page, id: string) =>
    page.locator(`[data-friction-id="${id}"] [data-vote-dot]`);

  it('stacks dots, asks before clearing, undoes the clear, and charts the result', async () => {
    const board = await session.server.createBoard({ template: 'us-japan-economic-security' });
    const json = (await (
      await fetch(`${session.server.baseUrl}/api/boards/${board.id}?token=${board.tokens.viewer}`)
    ).json()) as BoardJSON;
    const [f1, f2] = json.frictions.map((f) => f.id);
    const fay = await session.person('Fay', board, 'facilitator', { width: 1440, height: 900 });
    const ann = await session.person('Ann', board, 'editor', { width: 1280, height: 720 });
    const bo = await session.person('Bo', board, 'editor', { width: 1920, height: 1080 });
    const lead = await joinSession(session.server.baseUrl, {
      boardId: board.id,
      token: board.tokens.facilitator,
      name: 'Lead',
    });
    sessions.push(lead);

    // The facilitator opens a stacking vote on two friction points, 3 dots each.
    await fay.page.locator('[data-vote-setup]').click();
    await fay.page.locator(`[data-vote-choice="${f1}"]`).check();
    await fay.page.locator(`[data-vote-choice="${f2}"]`).check();
    await fay.page.locator('[data-vote-per-person]').fill('3');
    await fay.page.locator('[data-vote-stacking-choice]').check();
    await fay.page.locator('[data-vote-open]').click();
    await expect.poll(() => lead.latest().vote?.stacking, WAIT).toBe(true);
    expect(lead.latest().vote?.perPerson).toBe(3);

    // The vote drawer opens by itself and stays open: it sits above the lane, not over it.
    for (const { page } of [ann, bo]) {
      await page.locator('[data-vote-drawer] [data-vote-panel]').waitFor(WAIT);
      await expect.poll(() => laneBelowDrawer(page), WAIT).toBe(true);
    }
    /** The dot is what a click at its centre reaches: nothing (the drawer) lies over it. */
    const reachable = (page: Page, id: string) =>
      add(page, id).evaluate((el) => {
        el.scrollIntoView({ block: 'nearest' });
        const box = el.getBoundingClientRect();
        const hit = document.elementFromPoint(box.x + box.width / 2, box.y + box.height / 2);
        return hit !== null && el.contains(hit);
      });
    // Ann puts all three of her dots on the first item, then moves one to the second.
    await add(ann.page, f1).waitFor(WAIT);
    expect(await reachable(ann.page, f1)).toBe(true);
    expect(await reachable(bo.page, f1)).toBe(true);
    for (const n of ['1', '2', '3']) {
      await add(ann.page, f1).click();
      await expect.poll(() => dots(ann.page, f1), WAIT).toBe(n);
    }
    expect(await add(ann.page, f1).isDisabled()).toBe(true);
    expect(await add(ann.page, f2).isDisabled()).toBe(true);
    await ann.page.locator(`[data-friction-id="${f1}"] [data-vote-dot-remove]`).click();
    await expect.poll(() => dots(ann.page, f1), WAIT).toBe('2');
    await add(ann.page, f2).click();
    await expect.poll(() => dots(ann.page, f2), WAIT).toBe('1');
    // All of it with the drawer open.
    expect(await ann.page.locator('[data-vote-drawer]').isVisible()).toBe(true);
    await ann.page.locator(`[data-friction-id="${f1}"]`).scrollIntoViewIfNeeded();
    await session.shot(ann.page, 'vote-stacking-1280');
    // Bo stacks two on the first.
    await add(bo.page, f1).click();
    await expect.poll(() => dots(bo.page, f1), WAIT).toBe('1');
    await add(bo.page, f1).click();
    await expect.poll(() => dots(bo.page, f1), WAIT).toBe('2');
    expect(await bo.page.locator('[data-vote-drawer]').isVisible()).toBe(true);

    expect(await lead.send('vote:reveal')).toEqual({ ok: true });
    const tally = (page: Page, id: string, n: number) =>
      page.locator(`[data-friction-id="${id}"] [data-vote-tally="${n}"]`).waitFor(WAIT);
    await tally(ann.page, f1, 4);
    await tally(ann.page, f2, 1);

    // "Clear" asks first; "Keep it" keeps the vote.
    await fay.page.locator('[data-vote-clear]').click();
    await fay.page.locator('[data-vote-clear-confirm]').waitFor(WAIT);
    await session.shot(fay.page, 'vote-clear-ask-1440');
    await fay.page.locator('[data-vote-clear-cancel]').click();
    await fay.page.locator('[data-vote-clear]').waitFor(WAIT);
    expect(lead.latest().vote).not.toBeNull();

    // Cleared for real: gone from everyone's board; "Undo" brings it back whole.
    await fay.page.locator('[data-vote-clear]').click();
    await fay.page.locator('[data-vote-clear-confirm]').click();
    await ann.page
      .locator('[data-vote-tally]')
      .first()
      .waitFor({ state: 'detached', ...WAIT });
    await fay.page.locator('[data-vote-restore]').waitFor(WAIT);
    await session.shot(fay.page, 'vote-cleared-undo-1440');
    await fay.page.locator('[data-vote-restore]').click();
    await tally(ann.page, f1, 4);
    await tally(ann.page, f2, 1);
    expect(lead.latest().vote?.tallies).toEqual(expect.objectContaining({ [f1]: 4, [f2]: 1 }));

    // The ranked chart for the room: the facilitator presents the result; Bo follows.
    const stage = await fay.page.context().newPage();
    await stage.setViewportSize({ width: 1920, height: 1080 });
    await stage.goto(
      `${session.server.baseUrl}/b/${board.id}/present?token=${board.tokens.facilitator}`,
    );
    await stage.locator('[data-present-page][data-driving="true"]').waitFor(WAIT);
    await stage.locator('[data-present-results]').click();
    for (const page of [stage, bo.page]) {
      const chart = page.locator('[data-present-focus][data-type="vote"] [data-vote-chart]');
      await chart.waitFor(WAIT);
      const bars = await chart
        .locator('[data-chart-target]')
        .evaluateAll((els) =>
          els.map((e) => [e.getAttribute('data-chart-target'), e.getAttribute('data-tally')]),
        );
      expect(bars.slice(0, 2)).toEqual([
        [f1, '4'],
        [f2, '1'],
      ]);
    }
    await session.shot(stage, 'vote-chart-1920');
    await session.shot(bo.page, 'vote-chart-follower-1920');
    expect(await lead.send('present:stop')).toEqual({ ok: true });

    // The undo lasts 10 seconds: then it is gone from the bar and the server refuses it.
    await fay.page.locator('[data-vote-clear]').click();
    await fay.page.locator('[data-vote-clear-confirm]').click();
    await fay.page.locator('[data-vote-restore]').waitFor(WAIT);
    await fay.page.locator('[data-vote-restore]').waitFor({ state: 'detached', timeout: 15_000 });
    const late = await lead.send('vote:restore');
    expect(late.ok).toBe(false);
    expect(lead.latest().vote).toBeNull();
    expect([...fay.errors, ...ann.errors, ...bo.errors]).toEqual([]);
  });
});
