/**
 * The agenda runner in real Chromium against a real server: the facilitator writes two steps
 * in the agenda panel of the board page and clicks "Next step"; a participant on the present
 * page follows the step's focus and sees "Step 1 of 2"; the next step opens a vote and locks
 * the board for the participant. After changing web/, run `npm run build` first.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { browserAvailable } from '../helpers/browser.ts';
import { useBrowserSession } from '../helpers/e2e.ts';
import type { CreatedBoard } from '../helpers/server.ts';

const canRun = browserAvailable();
const WAIT = { timeout: 20_000 };
const SHOTS = process.env.SHOT_DIR;

describe.skipIf(!canRun)('agenda runner in two browsers', { timeout: 120_000 }, () => {
  const session = useBrowserSession();

  const person = (name: string) => session.blank(name, { width: 1280, height: 860 });

  it('runs steps written in the UI, and the participant follows', async () => {
    const board: CreatedBoard = await session.server.createBoard({
      template: 'us-japan-economic-security',
    });
    const [alice, bob] = await Promise.all([person('Alice'), person('Bob')]);
    const { page } = alice;
    await page.goto(`${session.server.baseUrl}/b/${board.id}?token=${board.tokens.facilitator}`);
    await page.locator('[data-board-root]').waitFor(WAIT);
    await page.locator('[data-row-id]').first().waitFor(WAIT);

    // Step 1: show the second theme for 5 minutes.
    await page.locator('[data-agenda-panel] summary').click();
    await page.locator('[data-agenda-add]').click();
    await page.locator('[data-agenda-title]').fill('Protection measures');
    const focusSelect = page.locator('[data-agenda-focus]');
    const rowOption = focusSelect.locator('option[value^="row:"]').nth(1);
    const rowValue = (await rowOption.getAttribute('value'))!;
    const rowTitle = (await rowOption.textContent())!.trim();
    await focusSelect.selectOption(rowValue);
    await page.locator('[data-agenda-minutes]').fill('5');
    await page.locator('[data-agenda-save]').click();
    await page.locator('[data-agenda-step]').first().waitFor(WAIT);

    // Step 2: vote on two friction points, 2 votes each, and lock the board.
    await page.locator('[data-agenda-add]').click();
    await page.locator('[data-agenda-title]').fill('Which friction first?');
    const choices = page.locator('[data-agenda-vote-choice]');
    await choices.nth(0).check();
    await choices.nth(1).check();
    await page.locator('[data-agenda-per-person]').fill('2');
    await page.locator('[data-agenda-lock]').selectOption('on');
    await page.locator('[data-agenda-save]').click();
    await expect.poll(() => page.locator('[data-agenda-step]').count(), WAIT).toBe(2);
    await expect
      .poll(() => page.locator('[data-agenda-next-hint]').textContent(), WAIT)
      .toContain('Protection measures');
    if (SHOTS) await page.screenshot({ path: path.join(SHOTS, 'agenda-panel-1280.png') });

    // Bob watches the presentation page.
    await bob.page.goto(
      `${session.server.baseUrl}/b/${board.id}/present?token=${board.tokens.editor}`,
    );
    await bob.page.locator('[data-present-page]').waitFor(WAIT);

    // Next step: the whole room moves to step 1.
    await page.locator('[data-agenda-panel] summary').click();
    await page.locator('[data-agenda-next]').click();
    const current = bob.page.locator('[data-agenda-current]');
    await current.waitFor(WAIT);
    expect(await current.textContent()).toContain('Step 1 of 2');
    expect(await current.textContent()).toContain('Protection measures');
    await bob.page.locator('[data-following]').waitFor(WAIT);
    await expect
      .poll(() => bob.page.locator('[data-present-focus]').getAttribute('data-id'), WAIT)
      .toBe(rowValue.slice('row:'.length));
    await expect
      .poll(() => bob.page.locator('[data-present-focus]').textContent(), WAIT)
      .toContain(rowTitle);
    await page.locator('[data-agenda-current]').waitFor(WAIT);
    expect(await page.locator('[data-timer]').count()).toBeGreaterThan(0);
    if (SHOTS) await bob.page.screenshot({ path: path.join(SHOTS, 'agenda-follower-1280.png') });

    // Next again: the vote opens and the board locks.
    await page.locator('[data-agenda-next]').click();
    await expect.poll(() => current.textContent(), WAIT).toContain('Step 2 of 2');
    await page.locator('[data-locked-banner]').waitFor(WAIT);
    await expect.poll(() => page.locator('[data-agenda-next]').isDisabled(), WAIT).toBe(true);
    if (SHOTS) await page.screenshot({ path: path.join(SHOTS, 'agenda-board-1280.png') });

    // On Bob's board page the vote is open and the board is locked.
    await bob.page.goto(`${session.server.baseUrl}/b/${board.id}?token=${board.tokens.editor}`);
    await bob.page.locator('[data-readonly-banner]').waitFor(WAIT);
    expect(await bob.page.locator('[data-board-root]').getAttribute('data-readonly')).toBe('true');
    await bob.page.locator('[data-agenda-current]').waitFor(WAIT);
    expect(await bob.page.locator('[data-agenda-current]').textContent()).toContain(
      'Which friction first?',
    );
    expect(await bob.page.locator('[data-agenda-next]').count()).toBe(0);
    if (SHOTS) await bob.page.screenshot({ path: path.join(SHOTS, 'agenda-locked-1280.png') });

    expect(alice.errors).toEqual([]);
    expect(bob.errors).toEqual([]);
  });
});
