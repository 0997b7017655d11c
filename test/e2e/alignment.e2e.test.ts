/**
 * Alignment per theme in real Chromium against a real server: two people rate the same theme
 * and both pages' heat strips show the mean and spread; while the facilitator hides the
 * ratings each page shows only its own rating and how many rated, until the reveal.
 * After changing web/, run `npm run build` first (the server serves web/build).
 */
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { BoardJSON } from '../../shared/board/index.ts';
import { browserAvailable } from '../helpers/browser.ts';
import { useBrowserSession, WAIT } from '../helpers/e2e.ts';

const canRun = browserAvailable();

describe.skipIf(!canRun)('alignment ratings in two browsers', { timeout: 120_000 }, () => {
  const session = useBrowserSession();
  it('shows the mean of two people’s ratings, and only one’s own while hidden', async () => {
    const board = await session.server.createBoard({ template: 'us-japan-economic-security' });
    const [alice, bob] = [
      await session.person('Alice', board, 'facilitator'),
      await session.person('Bob', board, 'editor'),
    ];
    const rowId = await alice.page
      .locator('[data-alignment-row]')
      .first()
      .getAttribute('data-alignment-row');
    expect(rowId).toBeTruthy();
    const strip = (page: Page) => page.locator(`[data-alignment-row="${rowId}"]`);
    const attr = (page: Page, name: string) => strip(page).getAttribute(`data-alignment-${name}`);

    async function rate(page: Page, aligned: number, importance: number) {
      const open = strip(page).locator('[data-alignment-rate]');
      if ((await open.getAttribute('aria-expanded')) !== 'true') await open.click();
      // Pressing a chosen score again takes it back, so press only what is not chosen yet.
      for (const picker of [
        `[data-rate-aligned="${aligned}"]`,
        `[data-rate-importance="${importance}"]`,
      ]) {
        const button = strip(page).locator(picker);
        if ((await button.getAttribute('aria-pressed')) !== 'true') await button.click();
        await expect.poll(() => button.getAttribute('aria-pressed'), WAIT).toBe('true');
      }
    }

    await expect.poll(() => attr(alice.page, 'count'), WAIT).toBe('0');
    await rate(alice.page, 2, 5);
    await rate(bob.page, 4, 3);
    for (const { page } of [alice, bob]) {
      await expect.poll(() => attr(page, 'count'), WAIT).toBe('2');
      expect(await attr(page, 'mean')).toBe('3.0');
      expect(await attr(page, 'spread')).toBe('1.0');
      await expect
        .poll(() => strip(page).locator('[data-alignment-chip]').textContent())
        .toBe('3.0±1.0');
      // The heat strip along the row header: amber for a mean of 3.
      const edge = page.locator(`[data-alignment-edge="${rowId}"]`);
      expect(await edge.evaluate((el) => getComputedStyle(el).getPropertyValue('--heat'))).toBe(
        '#e6a23c',
      );
    }
    await session.shot(alice.page, 'alignment-shown');

    // Both ratings are in the board, under each person's name.
    const json = (await (
      await fetch(
        `${session.server.baseUrl}/api/boards/${board.id}/export.json?token=${board.tokens.viewer}`,
      )
    ).json()) as BoardJSON;
    expect(json.alignment?.map((r) => [r.name, r.aligned, r.importance]).sort()).toEqual([
      ['Alice', 2, 5],
      ['Bob', 4, 3],
    ]);

    // The facilitator covers the ratings: each page keeps its own rating and the count only.
    await alice.page.locator('[data-ratings-toggle="shown"]').click();
    for (const { page } of [alice, bob]) {
      await expect.poll(() => attr(page, 'hidden'), WAIT).toBe('true');
      expect(await attr(page, 'mean')).toBeNull();
      expect(await attr(page, 'count')).toBe('2');
      expect(await page.locator('[data-alignment-chip]').count()).toBe(0);
    }
    await expect
      .poll(() => strip(bob.page).locator('[data-alignment-mine]').textContent())
      .toContain('4 / 3');
    await expect
      .poll(() => strip(alice.page).locator('[data-alignment-mine]').textContent())
      .toContain('2 / 5');
    // A changed rating while hidden shows nowhere but the rater's own controls.
    await rate(bob.page, 5, 3);
    await bob.page.locator('[data-alignment-rate][aria-expanded="true"]').click();
    await expect
      .poll(() => strip(bob.page).locator('[data-alignment-mine]').textContent())
      .toContain('5 / 3');
    expect(await attr(alice.page, 'mean')).toBeNull();
    await session.shot(bob.page, 'alignment-hidden');

    // The reveal shows everyone the new mean.
    await alice.page.locator('[data-ratings-toggle="hidden"]').click();
    for (const { page } of [alice, bob]) {
      await expect.poll(() => attr(page, 'mean'), WAIT).toBe('3.5');
      expect(await attr(page, 'spread')).toBe('1.5');
      expect(await attr(page, 'hidden')).toBeNull();
    }
    await session.shot(bob.page, 'alignment-revealed');
    expect(alice.errors).toEqual([]);
    expect(bob.errors).toEqual([]);
  });
});
