/**
 * Present mode and the lock in real Chromium against a real server: the facilitator steps
 * with the arrow keys and a participant's page follows; a participant who wanders off gets
 * "Back to presenter" and snaps back when summoned; a locked board refuses an editor's typing.
 * After changing web/, run `npm run build` first (the server serves web/build).
 */
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { browserAvailable } from '../helpers/browser.ts';
import { useBrowserSession } from '../helpers/e2e.ts';
import type { CreatedBoard } from '../helpers/server.ts';
import { joinSession, type SessionClient } from '../helpers/facilitation.ts';

const canRun = browserAvailable();
const WAIT = { timeout: 20_000 };
const FOCUS = '[data-present-focus]';
const SHOTS = process.env.SHOT_DIR;

describe.skipIf(!canRun)('present mode and the lock in two browsers', { timeout: 90_000 }, () => {
  const session = useBrowserSession();
  const sessions: SessionClient[] = [];
  afterAll(() => {
    for (const client of sessions) client.close();
  });

  const person = (name: string, width = 1280, height = 800) =>
    session.blank(name, { width, height });

  const focusId = (page: Page) => page.locator(FOCUS).getAttribute('data-id');

  async function shot(page: Page, name: string) {
    if (SHOTS) await page.screenshot({ path: path.join(SHOTS, `${name}.png`) });
  }

  it('lets participants follow the facilitator, wander off and be brought back', async () => {
    const board: CreatedBoard = await session.server.createBoard({
      template: 'us-japan-economic-security',
    });
    const [alice, bob] = await Promise.all([person('Alice'), person('Bob')]);
    const presentUrl = (role: 'facilitator' | 'editor') =>
      `${session.server.baseUrl}/b/${board.id}/present?token=${board.tokens[role]}`;

    await alice.page.goto(presentUrl('facilitator'));
    await alice.page.locator('[data-present-page][data-driving="true"]').waitFor(WAIT);
    await alice.page.locator(FOCUS).waitFor(WAIT);
    const first = await focusId(alice.page);
    expect(first).toBeTruthy();

    await bob.page.goto(presentUrl('editor'));
    await bob.page.locator('[data-following]').waitFor(WAIT);
    await expect.poll(() => focusId(bob.page), WAIT).toBe(first);

    // The facilitator steps forward twice with the arrow key; Bob's page follows.
    await alice.page.keyboard.press('ArrowRight');
    await expect.poll(() => focusId(alice.page), WAIT).not.toBe(first);
    await alice.page.keyboard.press('ArrowRight');
    const third = await alice.page
      .locator('[data-outline-id]')
      .nth(2)
      .getAttribute('data-outline-id');
    await expect.poll(() => focusId(alice.page), WAIT).toBe(third);
    await expect.poll(() => focusId(bob.page), WAIT).toBe(third);
    await shot(alice.page, 'present-facilitator-1280');
    await shot(bob.page, 'present-follower-1280');

    // Bob browses on his own (a friction point from the outline): he is detached.
    const friction = bob.page.locator('[data-outline-type="friction"]').first();
    const frictionId = await friction.getAttribute('data-outline-id');
    await friction.click();
    await expect.poll(() => focusId(bob.page), WAIT).toBe(frictionId);
    await bob.page.locator('[data-back-to-presenter]').waitFor(WAIT);
    await shot(bob.page, 'present-detached-1280');

    // The facilitator moves on; Bob stays where he is until summoned.
    await alice.page.keyboard.press('ArrowRight');
    const fourth = await alice.page
      .locator('[data-outline-id]')
      .nth(3)
      .getAttribute('data-outline-id');
    await expect.poll(() => focusId(alice.page), WAIT).toBe(fourth);
    expect(await focusId(bob.page)).toBe(frictionId);

    await alice.page.locator('[data-present-summon]').click();
    await expect.poll(() => focusId(bob.page), WAIT).toBe(fourth);
    await bob.page.locator('[data-back-to-presenter]').waitFor({ state: 'detached', ...WAIT });

    // "Back to presenter" also returns on demand.
    await bob.page.keyboard.press('ArrowRight');
    await bob.page.locator('[data-back-to-presenter]').click();
    await expect.poll(() => focusId(bob.page), WAIT).toBe(fourth);

    // Stopping the presentation is seen by followers.
    await alice.page.locator('[data-present-stop]').click();
    await bob.page.locator('[data-following]').waitFor({ state: 'detached', ...WAIT });
    expect(alice.errors).toEqual([]);
    expect(bob.errors).toEqual([]);
  });

  it('refuses an editor typing into a card once the facilitator locks the board', async () => {
    const board = await session.server.createBoard({ template: 'us-japan-economic-security' });
    const bob = await person('Bob');
    await bob.page.goto(`${session.server.baseUrl}/b/${board.id}?token=${board.tokens.editor}`);
    await bob.page.locator('[data-connection][data-state="connected"]').waitFor(WAIT);
    const title = bob.page.locator('[data-card-id] [data-field="title"]').first();
    await title.waitFor(WAIT);
    const cardId = await bob.page.locator('[data-card-id]').first().getAttribute('data-card-id');

    const facilitator = await joinSession(session.server.baseUrl, {
      boardId: board.id,
      token: board.tokens.facilitator,
      name: 'Facilitator',
    });
    sessions.push(facilitator);
    expect(await facilitator.send('board:lock', { locked: true })).toEqual({ ok: true });
    await bob.page.locator('[data-board-root][data-readonly="true"]').waitFor(WAIT);

    const before = await title.inputValue();
    await title.click();
    await bob.page.keyboard.press('End');
    await bob.page.keyboard.type(' LOCKED-TYPING');
    expect(await title.inputValue()).toBe(before);
    // The marker: after unlocking, Bob types again; once that reaches the server, anything
    // his page sent before it has too — and the title holds only the later typing (the locked
    // keystrokes neither reached the server nor were kept to land after the unlock).
    expect(await facilitator.send('board:lock', { locked: false })).toEqual({ ok: true });
    await bob.page.locator('[data-board-root]:not([data-readonly])').waitFor(WAIT);
    await title.click();
    await bob.page.keyboard.press('Control+End');
    await bob.page.keyboard.type(' AFTER-UNLOCK');
    await expect
      .poll(async () => {
        const res = await fetch(
          `${session.server.baseUrl}/api/boards/${board.id}?token=${board.tokens.viewer}`,
        );
        const json = (await res.json()) as { cards: Array<{ id: string; title: string }> };
        return json.cards.find((c) => c.id === cardId)?.title;
      }, WAIT)
      .toBe(`${before} AFTER-UNLOCK`);
    expect(bob.errors).toEqual([]);
  });
});
