/**
 * Presenting takes the room along, in real Chromium against a real server, with people at
 * 1920×1080, 1440×900 and 1280×720:
 * - names before presence: a newcomer answers the name prompt before anyone sees them (in the
 *   avatars or the facilitation participants), the name is remembered, and "Guest" appears only
 *   for someone who chose to join without a name;
 * - follow by default: people on the board page follow the presenter's slide at once, "Stop
 *   following" lets one browse, and "Bring everyone here" brings back everyone;
 * - the theme slide: a theme's measures side by side (U.S. | Japan | joint | context) with
 *   their key figures, its friction points and alignment, in large type that fits a
 *   1920×1080 projector without scrolling; stepping theme by theme and card by card.
 * Run `npm run build` first after changing web/. Screenshots go to SHOT_DIR when set.
 */
import { afterAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { BoardJSON } from '../../shared/board/index.ts';
import { browserAvailable } from '../helpers/browser.ts';
import { CONNECTED, useBrowserSession, WAIT } from '../helpers/e2e.ts';
import { joinSession, type SessionClient } from '../helpers/facilitation.ts';
import type { CreatedBoard } from '../helpers/server.ts';

const canRun = browserAvailable();
const FOCUS = '[data-present-focus]';
const SIZES = [
  { width: 1920, height: 1080 },
  { width: 1440, height: 900 },
  { width: 1280, height: 720 },
] as const;

describe.skipIf(!canRun)('presenting takes the room along', { timeout: 180_000 }, () => {
  const session = useBrowserSession();
  const sessions: SessionClient[] = [];
  afterAll(() => {
    for (const client of sessions) client.close();
  });

  const boardUrl = (board: CreatedBoard, role: 'facilitator' | 'editor' | 'viewer') =>
    `${session.server.baseUrl}/b/${board.id}?token=${board.tokens[role]}`;
  const presentUrl = (board: CreatedBoard) =>
    `${session.server.baseUrl}/b/${board.id}/present?token=${board.tokens.facilitator}`;
  const focusOf = (page: Page) => page.locator(FOCUS).getAttribute('data-id');
  const presenceNames = (page: Page) =>
    page
      .locator('[data-presence]')
      .evaluateAll((els) => els.map((e) => e.getAttribute('data-name')));

  async function seedJson(board: CreatedBoard): Promise<BoardJSON> {
    const res = await fetch(
      `${session.server.baseUrl}/api/boards/${board.id}?token=${board.tokens.viewer}`,
    );
    return (await res.json()) as BoardJSON;
  }

  for (const size of SIZES) {
    it(`asks a newcomer for a name before they join presence; Guest only by choice (${size.width}×${size.height})`, async () => {
      const board = await session.server.createBoard({ template: 'us-japan-economic-security' });
      const lead = await joinSession(session.server.baseUrl, {
        boardId: board.id,
        token: board.tokens.facilitator,
        name: 'Lead',
      });
      sessions.push(lead);
      const ann = await session.person('Ann', board, 'editor', size);
      await expect.poll(() => presenceNames(ann.page), WAIT).toContain('Ann');

      const newcomer = await session.blank(null, size);
      await newcomer.page.goto(boardUrl(board, 'editor'));
      const dialog = newcomer.page.locator('dialog[open]');
      await dialog.waitFor(WAIT);
      expect(await dialog.locator('input').count()).toBe(1);
      expect(await dialog.locator('button[type="submit"]').count()).toBe(1);
      // The board is there behind the prompt (it synced), yet nobody sees this person.
      await newcomer.page
        .locator('[data-row-id]')
        .first()
        .waitFor({ state: 'attached', ...WAIT });
      await newcomer.page.waitForSelector(CONNECTED, WAIT);
      await session.shot(newcomer.page, `name-prompt-${size.width}`);
      expect(await presenceNames(ann.page)).toEqual(['Ann']);
      expect(lead.latest().participants.map((p) => p.name)).not.toContain('Guest');

      await dialog.locator('input').fill('Noa');
      await dialog.locator('button[type="submit"]').click();
      await dialog.waitFor({ state: 'detached', ...WAIT });
      // The positive marker: now everyone sees Noa, and nobody ever saw a Guest.
      await expect.poll(() => presenceNames(ann.page), WAIT).toContain('Noa');
      await expect.poll(() => lead.latest().participants.map((p) => p.name), WAIT).toContain('Noa');
      const everyone = lead.sessions.flatMap((s) => s.participants.map((p) => p.name));
      expect(everyone).not.toContain('Guest');
      expect(await presenceNames(ann.page)).not.toContain('Guest');

      // Remembered in this browser: a reload joins straight away.
      await newcomer.page.reload();
      await newcomer.page.waitForSelector(CONNECTED, WAIT);
      await newcomer.page.locator('[data-row-id]').first().waitFor(WAIT);
      expect(await newcomer.page.locator('dialog[open]').count()).toBe(0);
      expect(await presenceNames(newcomer.page)).toContain('Noa');

      // Someone who would rather not say joins as Guest, by choice.
      const quiet = await session.blank(null, size);
      await quiet.page.goto(boardUrl(board, 'viewer'));
      await quiet.page.locator('dialog[open] [data-join-nameless]').click();
      await expect.poll(() => presenceNames(ann.page), WAIT).toContain('Guest');
      await quiet.page.reload();
      await quiet.page.locator('[data-row-id]').first().waitFor(WAIT);
      expect(await quiet.page.locator('dialog[open]').count()).toBe(0);
      expect([...ann.errors, ...newcomer.errors, ...quiet.errors]).toEqual([]);
    });
  }

  it('brings everyone on the board page along, lets one stop following, and summons all back', async () => {
    const board = await session.server.createBoard({ template: 'us-japan-economic-security' });
    const json = await seedJson(board);
    const alice = await session.blank('Alice', { width: 1920, height: 1080 });
    // A loaded machine can take a while to connect three browsers; the wait has a deadline.
    const join = async (name: string, role: 'editor' | 'viewer', size: (typeof SIZES)[number]) => {
      const person = await session.blank(name, size);
      await person.page.goto(boardUrl(board, role));
      await person.page.waitForSelector(CONNECTED, { timeout: 60_000 });
      return person;
    };
    // Followers at each size: Bob 1440×900, Carol 1920×1080, Dee 1280×720.
    const bob = await join('Bob', 'editor', SIZES[1]);
    const carol = await join('Carol', 'viewer', SIZES[0]);
    const dee = await join('Dee', 'editor', SIZES[2]);
    // Nobody presents yet: the board is the board.
    expect(await bob.page.locator(FOCUS).count()).toBe(0);

    await alice.page.goto(presentUrl(board));
    await alice.page.locator('[data-present-page][data-driving="true"]').waitFor(WAIT);
    const firstRow = json.rows[0].id;
    await expect.poll(() => focusOf(alice.page), WAIT).toBe(firstRow);

    // Bob, Carol and Dee follow at once, on the board page they were on.
    for (const { page } of [bob, carol, dee]) {
      await page.locator(`[data-follow-layer] ${FOCUS}`).waitFor(WAIT);
      await expect.poll(() => focusOf(page), WAIT).toBe(firstRow);
      expect(new URL(page.url()).pathname).toBe(`/b/${board.id}`);
    }
    await session.shot(bob.page, 'follow-board-1440');
    await session.shot(carol.page, 'follow-board-1920');
    await session.shot(dee.page, 'follow-board-1280');

    // Theme by theme: ↓ moves the room to the next theme.
    await alice.page.keyboard.press('ArrowDown');
    const secondRow = json.rows[1].id;
    for (const { page } of [alice, bob, carol, dee]) {
      await expect.poll(() => focusOf(page), WAIT).toBe(secondRow);
    }

    // Bob stops following and browses the board; the presenter moves on without him.
    await bob.page.locator('[data-stop-following]').click();
    await bob.page.locator('[data-follow-layer]').waitFor({ state: 'detached', ...WAIT });
    await bob.page.locator('[data-follow-again]').waitFor(WAIT);
    await bob.page.locator('[data-card-id]').first().scrollIntoViewIfNeeded();
    await alice.page.keyboard.press('ArrowDown');
    const thirdRow = json.rows[2].id;
    // Carol (still following) moving on is the marker that the step reached everyone.
    await expect.poll(() => focusOf(carol.page), WAIT).toBe(thirdRow);
    expect(await bob.page.locator(FOCUS).count()).toBe(0);
    await session.shot(bob.page, 'follow-stopped-1440');

    // Carol stops too; "Bring everyone here" brings both back to the presenter's slide.
    await carol.page.locator('[data-stop-following]').click();
    await carol.page.locator('[data-follow-layer]').waitFor({ state: 'detached', ...WAIT });
    await alice.page.locator('[data-present-summon]').click();
    for (const { page } of [bob, carol, dee]) {
      await page.locator(`[data-follow-layer] ${FOCUS}`).waitFor(WAIT);
      await expect.poll(() => focusOf(page), WAIT).toBe(thirdRow);
    }

    // "Follow" returns on demand, and stopping the presentation gives everyone the board back.
    await bob.page.locator('[data-stop-following]').click();
    await bob.page.locator('[data-follow-again]').click();
    await expect.poll(() => focusOf(bob.page), WAIT).toBe(thirdRow);
    await alice.page.locator('[data-present-stop]').click();
    for (const { page } of [bob, carol, dee]) {
      await page.locator('[data-follow-layer]').waitFor({ state: 'detached', ...WAIT });
      await page.locator('[data-row-id]').first().waitFor(WAIT);
    }
    expect([...alice.errors, ...bob.errors, ...carol.errors, ...dee.errors]).toEqual([]);
  });

  for (const size of SIZES) {
    it(`shows each theme as a slide of the comparison at ${size.width}×${size.height}`, async () => {
      const board = await session.server.createBoard({ template: 'us-japan-economic-security' });
      const json = await seedJson(board);
      const alice = await session.blank('Alice', size);
      await alice.page.goto(presentUrl(board));
      await alice.page.locator('[data-present-page][data-driving="true"]').waitFor(WAIT);
      const stage = alice.page.locator(FOCUS);

      for (const [index, row] of json.rows.entries()) {
        if (index > 0) await alice.page.keyboard.press('ArrowDown');
        await expect.poll(() => focusOf(alice.page), WAIT).toBe(row.id);
        expect(await stage.getAttribute('data-type')).toBe('row');
        expect(await stage.locator('h1').textContent()).toContain(row.title);
        // U.S. | Japan | joint | context, side by side, each with its measures and figures.
        const columns = stage.locator('[data-slide-column]');
        expect(await columns.count()).toBe(json.columns.length);
        const tops = await columns.evaluateAll((els) =>
          els.map((e) => Math.round(e.getBoundingClientRect().top)),
        );
        expect(new Set(tops).size).toBe(1);
        const cards = json.cards.filter((c) => c.rowId === row.id);
        expect(await stage.locator('[data-slide-card]').count()).toBe(cards.length);
        for (const card of cards) {
          const shown = stage.locator(`[data-slide-card="${card.id}"]`);
          expect(await shown.textContent()).toContain(card.title);
          if (card.year) expect(await shown.textContent()).toContain(String(card.year));
          if (card.amount) expect(await shown.textContent()).toContain(card.amount);
        }
        // Its friction points: those linked to one of its measures.
        const ids = new Set(cards.map((c) => c.id));
        const frictions = json.frictions.filter((f) => f.cardIds.some((id) => ids.has(id)));
        expect(await stage.locator('[data-slide-friction]').count()).toBe(frictions.length);
        await stage.locator('[data-slide-alignment]').waitFor(WAIT);

        if (size.width === 1920) {
          // Readable across a room, and the whole slide on the projector without scrolling.
          const titleSize = await stage
            .locator('[data-slide-card] .measure-title')
            .first()
            .evaluate((e) => parseFloat(getComputedStyle(e).fontSize));
          expect(titleSize).toBeGreaterThanOrEqual(22);
          const box = await stage.boundingBox();
          expect(box!.y + box!.height).toBeLessThanOrEqual(size.height);
        }
        if (index === 0 || index === 1)
          await session.shot(alice.page, `theme-slide-${index + 1}-${size.width}`);
      }

      // Card by card where wanted: → goes into the theme's measures.
      await alice.page.keyboard.press('ArrowUp');
      const lastButOne = json.rows[json.rows.length - 2].id;
      await expect.poll(() => focusOf(alice.page), WAIT).toBe(lastButOne);
      await alice.page.keyboard.press('ArrowRight');
      await expect.poll(() => stage.getAttribute('data-type'), WAIT).toBe('card');
      expect(alice.errors).toEqual([]);
    });
  }
});
