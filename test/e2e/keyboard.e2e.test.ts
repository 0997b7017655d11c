/**
 * The board with the keyboard only, in real Chromium: the grid is one Tab stop; arrow keys
 * reach "Add card"; Enter adds a card and types in it; Escape comes back to the card (never
 * to the page's body); Alt+→ moves it to the next side and says where it went; C opens its
 * comments; `?` lists the shortcuts; and, once the facilitator opens a vote, Tab reaches a
 * friction point's vote button and Space votes. The live region also says what someone else
 * moved near this person, that the vote opened, and the timer's last minute and zero.
 */
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { BoardJSON } from '../../shared/board/index.ts';
import { browserAvailable } from '../helpers/browser.ts';
import { joinSession } from '../helpers/facilitation.ts';
import { useBrowserSession, WAIT } from '../helpers/e2e.ts';

const canRun = browserAvailable();

/** What has focus: its grid item kind, card id, field and whether it is inside the grid. */
const focused = (page: Page) =>
  page.evaluate(() => {
    const el = document.activeElement as HTMLElement | null;
    return {
      tag: el?.tagName ?? '',
      item: el?.dataset.gridItem ?? null,
      card: el?.closest<HTMLElement>('[data-card-id]')?.dataset.cardId ?? null,
      field: el?.dataset.field ?? null,
      inGrid: Boolean(el?.closest('[role="grid"]')),
      voteDot: el?.dataset.voteDot ?? null,
      comment: Boolean(el?.closest('.new-comment')),
    };
  });

/** Presses `key` until `done` holds (at most `max` times); the number of presses. */
async function pressUntil(page: Page, key: string, done: () => Promise<boolean>, max = 120) {
  for (let n = 1; n <= max; n++) {
    await page.keyboard.press(key);
    if (await done()) return n;
  }
  throw new Error(`${key} pressed ${max} times without getting there`);
}

const announced = (page: Page) => page.locator('[data-announcer]').textContent();

describe.skipIf(!canRun)('the board by keyboard only', { timeout: 180_000 }, () => {
  const session = useBrowserSession();

  it('adds, edits, moves and comments on a card, and votes, without the mouse', async () => {
    const created = await session.server.createBoard();
    const boardJson = (await (
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
      const ann = await session.person('Ann', created, 'editor', { width: 1440, height: 900 });
      const { page } = ann;
      await page.locator('[data-view="full"] [data-card-id]').first().waitFor(WAIT);

      // One Tab stop into the grid: from the top of the page Tab reaches it, the next Tab
      // leaves it, and Shift+Tab comes back to the same item.
      await pressUntil(page, 'Tab', async () => (await focused(page)).inGrid);
      const entry = await focused(page);
      expect(entry.item).not.toBeNull();
      expect(await page.locator('[role="grid"] [tabindex="0"]').count()).toBe(1);
      await page.keyboard.press('Tab');
      expect((await focused(page)).inGrid).toBe(false);
      await page.keyboard.press('Shift+Tab');
      expect(await focused(page)).toEqual(entry);

      // `?` lists the shortcuts; Escape closes the list and focus comes back.
      await page.keyboard.press('?');
      await page.locator('dialog[data-shortcuts-dialog][open]').waitFor(WAIT);
      await page.keyboard.press('Escape');
      await page.locator('dialog[data-shortcuts-dialog][open]').waitFor({ state: 'detached' });
      expect(await focused(page)).toEqual(entry);

      // Arrow keys to the U.S. column's "Add card" of the first theme; Enter adds a card
      // whose title has focus.
      await page.keyboard.press('Control+Home');
      expect((await focused(page)).item).toBe('column');
      await pressUntil(page, 'ArrowDown', async () => (await focused(page)).item === 'add', 20);
      const [rowId, columnId] = await page.evaluate(() => {
        const c = document.activeElement!.closest<HTMLElement>('[data-cell-row]')!;
        return [c.dataset.cellRow!, c.dataset.cellColumn!];
      });
      const before = await page.locator(`[data-cell-row="${rowId}"] [data-card-id]`).count();
      await page.keyboard.press('Enter');
      await expect.poll(async () => (await focused(page)).field, WAIT).toBe('title');
      const cardId = (await focused(page)).card!;
      expect(await page.locator(`[data-cell-row="${rowId}"] [data-card-id]`).count()).toBe(
        before + 1,
      );
      await page.keyboard.type('Keyboard measure');
      await page.keyboard.press('Tab');
      expect((await focused(page)).field).toBe('body');
      await page.keyboard.type('Typed without a mouse.');

      // Escape: back to the card, never to the body.
      await page.keyboard.press('Escape');
      expect(await focused(page)).toMatchObject({ item: 'card', card: cardId, tag: 'ARTICLE' });
      const card = page.locator(`[data-card-id="${cardId}"]`);
      expect(await card.locator('[data-field="title"]').inputValue()).toBe('Keyboard measure');
      expect(await card.locator('[data-field="body"]').inputValue()).toBe('Typed without a mouse.');

      // Arrow keys leave the card and come back to it.
      await page.keyboard.press('ArrowUp');
      expect((await focused(page)).card).not.toBe(cardId);
      await page.keyboard.press('ArrowDown');
      expect((await focused(page)).card).toBe(cardId);

      // Alt+→ moves it to the next side; focus stays on it; the move is said aloud.
      const columns = boardJson.columns.map((c) => c.id);
      const next = columns[columns.indexOf(columnId) + 1];
      await page.keyboard.press('Alt+ArrowRight');
      await page
        .locator(
          `[data-cell-row="${rowId}"][data-cell-column="${next}"] [data-card-id="${cardId}"]`,
        )
        .waitFor(WAIT);
      await expect.poll(async () => (await focused(page)).card, WAIT).toBe(cardId);
      const nextLabel = boardJson.columns.find((c) => c.id === next)!.label;
      await expect.poll(() => announced(page), WAIT).toContain(nextLabel);

      // C opens its comments in the side panel, in the new comment's field.
      await page.keyboard.press('c');
      await page.locator(`[data-inspector-card="${cardId}"]`).waitFor(WAIT);
      await expect.poll(async () => (await focused(page)).comment, WAIT).toBe(true);
      await page.keyboard.type('Needs a source.');
      await page.keyboard.press('Control+Enter');
      await page
        .locator(`[data-inspector-card="${cardId}"] [data-comment-id]`)
        .filter({ hasText: 'Needs a source.' })
        .waitFor(WAIT);
      // Escape closes the panel and focus comes back to the card.
      await page.keyboard.press('Escape');
      await page.locator('[data-inspector-card]').waitFor({ state: 'detached', ...WAIT });
      await expect.poll(async () => (await focused(page)).card, WAIT).toBe(cardId);

      // Someone else moves a card in this theme: the live region says who moved what where.
      const bob = await session.person('Bob', created, 'editor');
      const other = boardJson.cards.find((c) => c.rowId === rowId && c.columnId === columns[0])!;
      await bob.page.locator(`[data-card-id="${other.id}"]`).focus();
      await bob.page.keyboard.press('Alt+ArrowRight');
      await expect
        .poll(() => announced(page), WAIT)
        .toMatch(new RegExp(`Bob moved .${other.title}. to ${boardJson.columns[1].label}`));

      // The facilitator opens a vote: it is said aloud; Tab (out of the grid, one stop)
      // reaches the friction point's vote button; Space votes.
      const friction = boardJson.frictions[0].id;
      expect(await lead.send('vote:open', { targetIds: [friction], perPerson: 1 })).toEqual({
        ok: true,
      });
      await expect.poll(() => announced(page), WAIT).toBe('Vote opened.');
      const dot = page.locator(`[data-friction-id="${friction}"] [data-vote-dot]`);
      await dot.waitFor(WAIT);
      await pressUntil(page, 'Tab', async () => (await focused(page)).voteDot === friction, 150);
      await page.keyboard.press('Space');
      await page
        .locator(`[data-friction-id="${friction}"] [data-vote-dot][aria-pressed="true"]`)
        .waitFor(WAIT);

      // The timer's last minute, then zero, are said aloud.
      expect(await lead.send('timer:start', { seconds: 61 })).toEqual({ ok: true });
      await expect.poll(() => announced(page), { timeout: 15_000 }).toBe('One minute left.');
      expect(await lead.send('timer:start', { seconds: 1 })).toEqual({ ok: true });
      await expect.poll(() => announced(page), { timeout: 15_000 }).toBe('Time is up');
    } finally {
      lead.close();
    }
  });

  it('says it in Japanese for a Japanese interface', async () => {
    const created = await session.server.createBoard({ template: 'us-japan-economic-security-ja' });
    const lead = await joinSession(session.server.baseUrl, {
      boardId: created.id,
      token: created.tokens.facilitator,
      name: 'Lead',
    });
    try {
      const { page } = await session.person('Aiko', created, 'editor', { locale: 'ja' });
      await page.locator('[data-view="full"] [data-card-id]').first().waitFor(WAIT);
      expect(await lead.send('board:lock', { locked: true })).toEqual({ ok: true });
      await expect.poll(() => announced(page), WAIT).toBe('ボードに編集ロックがかかりました。');
    } finally {
      lead.close();
    }
  });
});
