/**
 * "What changed" and the evidence check in real Chromium: a facilitator takes a snapshot in
 * the changes panel, an editor (y-websocket) edits a card, and picking the snapshot
 * highlights that card (`data-change="edited"`) and lists a deleted one. With sources
 * required, the brief page lists the unsourced card (linking to it) instead of the brief.
 * After changing web/, run `npm run build` first (the server serves web/build).
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import * as board from '../../shared/board/index.ts';
import {
  browserAvailable,
  expectNoPageErrorsAfterEach,
  launchBrowser,
  allowConsoleErrors,
} from '../helpers/browser.ts';
import { startServer, type CreatedBoard, type TestServer } from '../helpers/server.ts';
import { connectClient, eventually, type TestClient } from '../helpers/clients.ts';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const canRun = browserAvailable();
const WAIT = { timeout: 30_000 };
const SHOTS = process.env.SHOT_DIR;

describe.skipIf(!canRun)('what changed and the evidence check', { timeout: 150_000 }, () => {
  expectNoPageErrorsAfterEach();
  let server: TestServer;
  let browser: Browser;
  let created: CreatedBoard;
  let editor: TestClient;

  beforeAll(async () => {
    if (!fs.existsSync(path.join(ROOT, 'web/build/handler.js'))) {
      execFileSync('npm', ['run', 'build'], { cwd: ROOT, stdio: 'pipe', timeout: 240_000 });
    }
    [server, browser] = await Promise.all([startServer(), launchBrowser()]);
    created = await server.createBoard({
      template: 'us-japan-economic-security',
      title: 'Changes test board',
    });
    editor = connectClient(server.wsUrl, created.id, created.tokens.editor);
    await editor.synced();
  }, 300_000);

  afterAll(async () => {
    editor?.destroy();
    await browser?.close();
    await server?.stop();
  });

  async function open(role: 'facilitator' | 'viewer', route = ''): Promise<Page> {
    const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
    await context.addInitScript(() => {
      // Also runs in frames with no storage (the first about:blank, the brief's sandbox).
      if (window === window.top && location.protocol.startsWith('http'))
        localStorage.setItem('bb.name', 'Tester');
    });
    const page = await context.newPage();
    page.on('pageerror', (error) => errors.push(error.message));
    await page.goto(`${server.baseUrl}/b/${created.id}${route}?token=${created.tokens[role]}`);
    return page;
  }
  const errors: string[] = [];

  it('highlights the card edited since the chosen snapshot and lists the removed one', async () => {
    allowConsoleErrors(
      /status of 409/,
      'the brief is refused (409) while sources are required and missing',
    );
    const page = await open('facilitator');
    await page.locator('[data-card-id]').first().waitFor(WAIT);

    // The facilitator takes a named snapshot from the changes panel.
    await page.locator('[data-changes-toggle]').click();
    await page.locator('[data-snapshot-label]').fill('pre-read');
    await page.locator('[data-snapshot-take]').click();
    const pick = page.locator('[data-snapshot]', { hasText: 'pre-read' });
    await pick.waitFor(WAIT);

    const live = board.fromYDoc(editor.doc, created.id);
    const edited = live.cards[0];
    const removed = live.cards[1];
    board.editCardText(editor.doc, edited.id, 'title', 'Edited in the session');
    board.deleteCard(editor.doc, removed.id);
    const card = page.locator(`[data-card-id="${edited.id}"]`);
    await eventually(async () =>
      expect(await card.locator('[data-field="title"]').inputValue()).toBe('Edited in the session'),
    );

    await pick.click();
    await page.locator(`[data-card-id="${edited.id}"][data-change="edited"]`).waitFor(WAIT);
    const outline = await card.evaluate((el) => getComputedStyle(el).outlineStyle);
    expect(outline).toBe('solid');
    // Cards nobody touched carry no highlight.
    const untouched = live.cards[2].id;
    expect(
      await page.locator(`[data-card-id="${untouched}"]`).getAttribute('data-change'),
    ).toBeNull();
    const entry = page.locator(`[data-change-entry="edited"][data-change-target="${edited.id}"]`);
    await entry.waitFor(WAIT);
    await page.locator(`[data-changes-removed] [data-change-target="${removed.id}"]`).waitFor(WAIT);
    if (SHOTS) await page.screenshot({ path: path.join(SHOTS, 'changes-panel.png') });

    // A later edit is highlighted live, without picking again.
    const added = board.addCard(editor.doc, {
      rowId: live.rows[0].id,
      columnId: 'us',
      title: 'Added during the session',
    });
    await page.locator(`[data-card-id="${added}"][data-change="added"]`).waitFor(WAIT);
    await eventually(async () =>
      // Edited, removed, added — and the frictions that lost their link to the removed card.
      expect(await page.locator('[data-change-count]').getAttribute('data-change-count')).toBe(
        String(board.boardChanges(live, board.fromYDoc(editor.doc, created.id)).length),
      ),
    );
    await entry.locator('button').click();
    if (SHOTS) await page.screenshot({ path: path.join(SHOTS, 'changes-board.png') });

    // An edit typed in this browser names its author in the list; edits by the program
    // above (which does not track editors) name no one.
    const mine = live.cards[3];
    await page.locator(`[data-card-id="${mine.id}"] [data-field="title"]`).click();
    await page.keyboard.press('End');
    await page.keyboard.type(' (typed here)');
    const mineEntry = page.locator(`[data-change-entry="edited"][data-change-target="${mine.id}"]`);
    await mineEntry.waitFor({ state: 'attached', ...WAIT });
    await eventually(async () => expect(await mineEntry.textContent()).toContain('by Tester'));
    expect(await entry.textContent()).not.toContain('by ');

    // Requiring sources (a switch in the Export menu): the added card cites none.
    await page.locator('[data-export-menu]').click();
    await page.locator('[data-require-sources]').check();
    await eventually(async () => {
      const res = await fetch(
        `${server.baseUrl}/api/boards/${created.id}/export.md?token=${created.tokens.viewer}`,
      );
      expect(res.status).toBe(409);
    });
    await page.context().close();

    const brief = await open('viewer', '/brief');
    const blocked = brief.locator('[data-brief-blocked]');
    await blocked.waitFor(WAIT);
    const link = blocked.locator(`[data-unsourced-card="${added}"] a`);
    await link.waitFor(WAIT);
    expect(await link.textContent()).toBe('Added during the session');
    expect(await link.getAttribute('href')).toContain(`#card=${added}`);
    expect(await brief.locator('iframe[data-brief-frame]').count()).toBe(0);
    expect(await brief.locator('[data-download-md]').count()).toBe(0);
    if (SHOTS) await brief.screenshot({ path: path.join(SHOTS, 'brief-blocked.png') });

    // The link opens the board at that card.
    await link.click();
    await brief.locator(`[data-card-id="${added}"]`).waitFor(WAIT);
    await eventually(async () => {
      const box = await brief.locator(`[data-card-id="${added}"]`).boundingBox();
      expect(box).not.toBeNull();
      expect(box!.y).toBeGreaterThanOrEqual(0);
      expect(box!.y).toBeLessThan(900);
    });

    // Once it cites a source, the brief shows again, with a "Changes since" choice.
    board.attachSource(editor.doc, added, live.sources[0].id);
    await eventually(async () => {
      const res = await fetch(
        `${server.baseUrl}/api/boards/${created.id}/export.md?token=${created.tokens.viewer}`,
      );
      expect(res.status).toBe(200);
    });
    await brief.goto(`${server.baseUrl}/b/${created.id}/brief?token=${created.tokens.viewer}`);
    await brief.locator('iframe[data-brief-frame]').waitFor(WAIT);
    await brief.locator('[data-brief-since]').selectOption({ label: 'pre-read' });
    const frame = brief.frameLocator('iframe[data-brief-frame]');
    await frame.getByText('Changes since “pre-read”').first().waitFor(WAIT);
    if (SHOTS) await brief.screenshot({ path: path.join(SHOTS, 'brief-changes.png') });
    expect(errors).toEqual([]);
  });
});
