/**
 * Editing the board's structure in real Chromium against a real server, two people at once:
 * renaming a country column in place, reordering friction points, editing and deleting a
 * source from a card's side panel, editing one's own comment; a viewer sees none of those
 * controls. The server serves web/build: after changing web/, run `npm run build` first.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { browserAvailable } from '../helpers/browser.ts';
import { useBrowserSession } from '../helpers/e2e.ts';
import type { CreatedBoard } from '../helpers/server.ts';

const canRun = browserAvailable();
const SCREENSHOTS = process.env.EDITING_SCREENSHOTS;

const WAIT = { timeout: 20_000 };

describe.skipIf(!canRun)('editing columns, frictions and sources', { timeout: 90_000 }, () => {
  const session = useBrowserSession();

  async function person(
    name: string,
    board: CreatedBoard,
    role: 'facilitator' | 'editor' | 'viewer',
  ): Promise<Page> {
    const { page } = await session.person(name, board, role, { width: 1280, height: 800 });
    page.on('dialog', (dialog) => void dialog.accept());
    return page;
  }

  async function twoEditors(): Promise<{ alice: Page; bob: Page }> {
    const board = await session.server.createBoard({ template: 'us-japan-economic-security' });
    const [alice, bob] = await Promise.all([
      person('Alice', board, 'facilitator'),
      person('Bob', board, 'editor'),
    ]);
    return { alice, bob };
  }

  const columnLabel = (page: Page, id: string) =>
    page.locator(`[data-column-id="${id}"] .column-label`).textContent();
  const frictionOrder = (page: Page) =>
    page
      .locator('[data-friction-id]')
      .evaluateAll((els) => els.map((el) => el.getAttribute('data-friction-id')));

  it('renames a column in place: Enter saves, Escape cancels, undo restores', async () => {
    const { alice, bob } = await twoEditors();
    const head = alice.locator('[data-column-id="jp"]');
    await head.locator('[data-rename-column]').click();
    const input = head.locator('[data-column-label-input]');
    await input.fill('Japan (METI + MOFA)');
    await input.press('Enter');
    await expect.poll(() => columnLabel(bob, 'jp'), WAIT).toBe('Japan (METI + MOFA)');
    // Focus returns to the header button; Enter reopens the editor, Escape abandons it.
    await expect
      .poll(() => alice.evaluate(() => document.activeElement?.hasAttribute('data-rename-column')))
      .toBe(true);
    await alice.keyboard.press('Enter');
    await input.fill('Should not stick');
    await input.press('Escape');
    expect(await columnLabel(alice, 'jp')).toBe('Japan (METI + MOFA)');

    if (SCREENSHOTS) {
      await head.locator('[data-rename-column]').click();
      await input.fill('Japan (METI + MOFA) — editing');
      await alice.screenshot({ path: path.join(SCREENSHOTS, 'column-rename.png') });
      await input.press('Escape');
    }

    await alice.locator('body').click({ position: { x: 5, y: 400 } });
    await alice.keyboard.press('Control+z');
    await expect.poll(() => columnLabel(bob, 'jp'), WAIT).toBe('Japan');
  });

  it('reorders friction points with the buttons and Alt+arrows, for everyone', async () => {
    const { alice, bob } = await twoEditors();
    const before = await frictionOrder(alice);
    expect(before.length).toBeGreaterThan(3);
    const [first, second, third] = before;

    await alice.locator(`[data-friction-id="${second}"] [data-move-friction="up"]`).click();
    await expect.poll(() => frictionOrder(bob), WAIT).toEqual([second, first, ...before.slice(2)]);
    // Announced for screen readers, and focus stays on the moved friction's controls.
    await expect
      .poll(() => alice.locator('[aria-live]').allTextContents(), WAIT)
      .toEqual(expect.arrayContaining([expect.stringContaining('position 1 of')]));
    const focused = await alice.evaluate(() =>
      document.activeElement?.closest('[data-friction-id]')?.getAttribute('data-friction-id'),
    );
    expect(focused).toBe(second);

    // Keyboard: Alt+ArrowDown from the friction's button moves it back down twice.
    await alice.keyboard.press('Alt+ArrowDown');
    await alice.keyboard.press('Alt+ArrowDown');
    await expect
      .poll(() => frictionOrder(bob), WAIT)
      .toEqual([first, third, second, ...before.slice(3)]);
  });

  it('edits and deletes a source from the card panel, with URL validation', async () => {
    const { alice, bob } = await twoEditors();
    await alice.locator('[data-card-id="c-chips-act"] .more').click();
    await bob.locator('[data-card-id="c-chips-act"] .more').click();
    const source = (page: Page) => page.locator('[data-inspector-card] [data-source-id="n8"]');
    await source(alice).locator('[data-edit-source]').click();
    const citation = source(alice).locator('[data-source-field="citation"]');
    const url = source(alice).locator('[data-source-field="url"]');
    await citation.fill('Edited citation, 2025.');
    await url.fill('javascript:alert(1)');
    await source(alice).locator('[data-save-source]').click();
    await source(alice).locator('[role="alert"]').waitFor(WAIT);
    expect(await source(bob).locator('.citation').textContent()).not.toContain('Edited citation');

    await url.fill('https://example.org/report');
    if (SCREENSHOTS) {
      await alice.screenshot({ path: path.join(SCREENSHOTS, 'source-editor.png') });
    }
    await source(alice).locator('[data-save-source]').click();
    await expect
      .poll(() => source(bob).locator('.citation').textContent(), WAIT)
      .toContain('Edited citation, 2025.');
    expect(await source(bob).locator('a').getAttribute('href')).toBe('https://example.org/report');

    // Delete (confirmed): it disappears from the card for both, and from the attach list.
    await source(alice).locator('[data-edit-source]').click();
    await source(alice).locator('[data-delete-source]').click();
    await expect.poll(() => source(bob).count(), WAIT).toBe(0);
    expect(await bob.locator('[data-attach-source] option[value="n8"]').count()).toBe(0);
  });

  it('lets an author edit their own comment', async () => {
    const { alice, bob } = await twoEditors();
    await alice.locator('[data-card-id="c-chips-act"] .more').click();
    await bob.locator('[data-card-id="c-chips-act"] .more').click();
    await alice.locator('[data-inspector-card] .new-comment textarea').fill('First thought');
    await alice.locator('[data-inspector-card] .new-comment button[type="submit"]').click();
    // The seed card already carries the board editors' note on the CHIPS figures.
    const comment = (page: Page) =>
      page.locator(
        '[data-inspector-card] [data-comment-id]:not([data-comment-id="m-chips-record"])',
      );
    await comment(bob).waitFor(WAIT);
    // Bob is not the author: no edit button for him.
    expect(await comment(bob).locator('[data-edit-comment]').count()).toBe(0);
    await comment(alice).locator('[data-edit-comment]').click();
    await comment(alice).locator('textarea').fill('Second thought');
    await comment(alice).locator('button[type="submit"]').click();
    await expect
      .poll(() => comment(bob).locator('.text').textContent(), WAIT)
      .toBe('Second thought');
  });

  it('shows a viewer none of the editing controls', async () => {
    const board = await session.server.createBoard({ template: 'us-japan-economic-security' });
    const viewer = await person('Vic', board, 'viewer');
    expect(await viewer.locator('[data-column-id="jp"] .column-label').textContent()).toBe('Japan');
    expect(await viewer.locator('[data-rename-column]').count()).toBe(0);
    expect(await viewer.locator('[data-move-friction]').count()).toBe(0);
    await viewer.locator('[data-card-id="c-chips-act"] .more').click();
    await viewer.locator('[data-inspector-card] [data-source-id="n8"]').waitFor(WAIT);
    expect(await viewer.locator('[data-edit-source]').count()).toBe(0);
    expect(await viewer.locator('[data-delete-source]').count()).toBe(0);
    expect(await viewer.locator('[data-edit-comment]').count()).toBe(0);
  });
});
