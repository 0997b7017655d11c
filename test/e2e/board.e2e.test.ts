/**
 * The board in real Chromium against a real server: two people on one board (two browser
 * contexts) type into the same card, move cards, see each other, edit offline, and undo only
 * their own edits; a viewer cannot edit; typed markup stays text; a bad link shows a clear
 * page and does not reconnect in a loop. The server serves web/build: it is built here when
 * missing (a fresh clone); after changing web/, run `npm run build` first.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import {
  allowConsoleErrors,
  browserAvailable,
  expectNoPageErrorsAfterEach,
  launchBrowser,
} from '../helpers/browser.ts';
import { startServer, type CreatedBoard, type TestServer } from '../helpers/server.ts';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const canRun = browserAvailable();

const CONNECTED = '[data-connection][data-state="connected"]';
const SEED = JSON.parse(
  fs.readFileSync(path.join(ROOT, 'seeds/us-japan-economic-security.json'), 'utf8'),
) as { rows: unknown[]; columns: unknown[]; frictions: unknown[] };
const WAIT = { timeout: 20_000 };

/** In the page: whether the board's IndexedDB copy holds `text` (run with page.evaluate). */
function localCopyHas([boardId, text]: string[]): Promise<boolean> {
  return new Promise((resolve) => {
    const request = indexedDB.open(`board-${boardId}`);
    request.onerror = () => resolve(false);
    request.onsuccess = () => {
      const db = request.result;
      if (!db.objectStoreNames.contains('updates')) {
        db.close();
        resolve(false);
        return;
      }
      const all = db.transaction('updates').objectStore('updates').getAll();
      all.onsuccess = () => {
        db.close();
        const needle = new TextEncoder().encode(text);
        resolve(
          (all.result as Uint8Array[]).some((update) => {
            outer: for (let i = 0; i + needle.length <= update.length; i++) {
              for (let j = 0; j < needle.length; j++)
                if (update[i + j] !== needle[j]) continue outer;
              return true;
            }
            return false;
          }),
        );
      };
      all.onerror = () => resolve(false);
    };
  });
}

interface Person {
  context: BrowserContext;
  page: Page;
  errors: string[];
}

describe.skipIf(!canRun)('the board in two browsers', { timeout: 90_000 }, () => {
  expectNoPageErrorsAfterEach();
  let server: TestServer;
  let browser: Browser;
  const contexts: BrowserContext[] = [];

  beforeAll(async () => {
    if (!fs.existsSync(path.join(ROOT, 'web/build/handler.js'))) {
      // A fresh clone: build the client the server serves (`npm run build` does the same).
      console.warn('web/build is missing: building the web client for the browser tests…');
      try {
        execFileSync('npm', ['run', 'build'], { cwd: ROOT, stdio: 'pipe', timeout: 240_000 });
      } catch (error) {
        const out = (error as { stdout?: Buffer; stderr?: Buffer }).stdout?.toString() ?? '';
        throw new Error(`building the web client failed:\n${out.slice(-4000)}`);
      }
    }
    [server, browser] = await Promise.all([startServer(), launchBrowser()]);
  }, 300_000);

  afterAll(async () => {
    for (const context of contexts) await context.close().catch(() => {});
    await browser?.close();
    await server?.stop();
  });

  async function newPerson(name: string): Promise<Person> {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    contexts.push(context);
    await context.addInitScript((n) => {
      // Also runs in frames with no storage (the first about:blank).
      if (location.protocol.startsWith('http')) localStorage.setItem('bb.name', n);
    }, name);
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    return { context, page, errors };
  }

  async function open(person: Person, board: CreatedBoard, role: keyof CreatedBoard['tokens']) {
    await person.page.goto(`${server.baseUrl}/b/${board.id}?token=${board.tokens[role]}`);
    await person.page.waitForSelector(CONNECTED, WAIT);
  }

  async function twoEditors(): Promise<{ board: CreatedBoard; alice: Person; bob: Person }> {
    const board = await server.createBoard({ template: 'us-japan-economic-security' });
    const [alice, bob] = await Promise.all([newPerson('Alice'), newPerson('Bob')]);
    await Promise.all([open(alice, board, 'facilitator'), open(bob, board, 'editor')]);
    return { board, alice, bob };
  }

  const field = (page: Page, cardId: string, name: 'title' | 'body') =>
    page.locator(`[data-card-id="${cardId}"] [data-field="${name}"]`);

  it('merges two people typing in the same card, each caret staying put', async () => {
    const { alice, bob } = await twoEditors();
    const aliceBody = field(alice.page, 'c-chips-act', 'body');
    const bobBody = field(bob.page, 'c-chips-act', 'body');
    const original = await aliceBody.inputValue();
    expect(original.length).toBeGreaterThan(20);

    // Alice types at the end while Bob types at the start, at the same time.
    await aliceBody.click();
    await alice.page.keyboard.press('Control+End');
    await bobBody.click();
    await bob.page.keyboard.press('Control+Home');
    await Promise.all([
      alice.page.keyboard.type(' Alpha-end', { delay: 25 }),
      bob.page.keyboard.type('Beta-start ', { delay: 25 }),
    ]);
    const expected = `Beta-start ${original} Alpha-end`;
    await expect.poll(() => aliceBody.inputValue(), WAIT).toBe(expected);
    await expect.poll(() => bobBody.inputValue(), WAIT).toBe(expected);

    // Both at the very same spot: the texts converge and neither word is torn apart.
    await alice.page.keyboard.press('Control+End');
    await bob.page.keyboard.press('Control+End');
    await Promise.all([
      alice.page.keyboard.type('[AAAA]', { delay: 30 }),
      bob.page.keyboard.type('[BBBB]', { delay: 30 }),
    ]);
    await expect
      .poll(async () => (await aliceBody.inputValue()) === (await bobBody.inputValue()), WAIT)
      .toBe(true);
    const merged = await aliceBody.inputValue();
    expect(merged).toContain('[AAAA]');
    expect(merged).toContain('[BBBB]');
    expect(merged.startsWith(expected)).toBe(true);
    expect(alice.errors).toEqual([]);
    expect(bob.errors).toEqual([]);
  });

  it('shows a move made by one person to the other (keyboard and drag and drop)', async () => {
    const { alice, bob } = await twoEditors();
    const inCell = (page: Page, row: string, column: string, card: string) =>
      page.locator(
        `[data-cell-row="${row}"][data-cell-column="${column}"] [data-card-id="${card}"]`,
      );

    await alice.page.locator('[data-card-id="c-chips-act"] .handle').focus();
    await alice.page.keyboard.press('Alt+ArrowRight');
    await inCell(bob.page, 'promotion', 'jp', 'c-chips-act').waitFor(WAIT);
    expect(await inCell(bob.page, 'promotion', 'us', 'c-chips-act').count()).toBe(0);
    // Focus follows the card, so a second press keeps moving it.
    await alice.page.keyboard.press('Alt+ArrowRight');
    await inCell(bob.page, 'promotion', 'joint', 'c-chips-act').waitFor(WAIT);

    // Bob drags another card into the EU column of the same row (pressing, starting the
    // drag, then moving across, as a hand does; nothing scrolls in between).
    const handle = bob.page.locator('[data-card-id="c-ira"] .handle');
    await handle.scrollIntoViewIfNeeded();
    const from = (await handle.boundingBox())!;
    const cell = (await bob.page
      .locator('[data-cell-row="promotion"][data-cell-column="eu"]')
      .boundingBox())!;
    await bob.page.mouse.move(from.x + from.width / 2, from.y + from.height / 2);
    await bob.page.mouse.down();
    await bob.page.mouse.move(from.x + 40, from.y + 10, { steps: 5 });
    await bob.page.mouse.move(cell.x + cell.width / 2, from.y + 10, { steps: 10 });
    await bob.page.mouse.up();
    await inCell(alice.page, 'promotion', 'eu', 'c-ira').waitFor(WAIT);
    expect(await alice.page.locator('[data-card-id="c-ira"]').count()).toBe(1);
  });

  it('shows who is here and who is editing which card', async () => {
    const { alice, bob } = await twoEditors();
    for (const page of [alice.page, bob.page]) {
      await page.locator('[data-presence][data-name="Alice"]').waitFor(WAIT);
      await page.locator('[data-presence][data-name="Bob"]').waitFor(WAIT);
      expect(await page.locator('[data-presence]').count()).toBe(2);
    }
    await field(alice.page, 'c-espa', 'title').click();
    await expect
      .poll(() => bob.page.locator('[data-card-id="c-espa"] .editing-label').textContent(), WAIT)
      .toContain('Alice');
    await alice.page.locator('[data-filter="query"]').click();
    await expect
      .poll(() => bob.page.locator('[data-card-id="c-espa"] .editing-label').count(), WAIT)
      .toBe(0);
  });

  it('keeps an edit made offline and sends it when the connection is back', async () => {
    const board = await server.createBoard({ template: 'us-japan-economic-security' });
    const [alice, bob] = await Promise.all([newPerson('Alice'), newPerson('Bob')]);
    // What Alice's page sends on its sync sockets once it knows it is offline.
    let offline = false;
    const sentOffline: string[] = [];
    alice.page.on('websocket', (ws) => {
      if (!ws.url().includes('/yjs/')) return;
      ws.on('framesent', ({ payload }) => {
        if (offline)
          sentOffline.push(typeof payload === 'string' ? payload : payload.toString('hex'));
      });
    });
    await Promise.all([open(alice, board, 'facilitator'), open(bob, board, 'editor')]);
    allowConsoleErrors(/net::ERR_INTERNET_DISCONNECTED/, 'this test takes the browser offline');
    await alice.context.setOffline(true);
    await alice.page.locator('[data-connection][data-state="offline"]').waitFor(WAIT);
    offline = true;
    const title = field(alice.page, 'c-espa-patents', 'title');
    await title.click();
    await alice.page.keyboard.press('Control+End');
    // One input event, so one update (and one entry in her browser's copy) holds the string.
    await alice.page.keyboard.insertText(' (edited offline)');
    // The marker: the edit is in her browser's own copy, written after her sync client handled
    // the same change. Her page sent nothing on a sync socket since it went offline, and
    // neither the server nor Bob has the edit.
    await expect
      .poll(() => alice.page.evaluate(localCopyHas, [board.id, '(edited offline)']), WAIT)
      .toBe(true);
    expect(sentOffline).toEqual([]);
    const onServer = (await (
      await fetch(`${server.baseUrl}/api/boards/${board.id}?token=${board.tokens.viewer}`)
    ).json()) as { cards: { id: string; title: string }[] };
    expect(onServer.cards.find((c) => c.id === 'c-espa-patents')?.title).toBe(
      'ESPA: patent security',
    );
    expect(await field(bob.page, 'c-espa-patents', 'title').inputValue()).not.toContain('offline');

    await alice.context.setOffline(false);
    await alice.page.waitForSelector(CONNECTED, WAIT);
    await expect
      .poll(() => field(bob.page, 'c-espa-patents', 'title').inputValue(), WAIT)
      .toBe('ESPA: patent security (edited offline)');
  });

  it('keeps offline edits across a reload (IndexedDB) and syncs them later', async () => {
    const board = await server.createBoard({ template: 'us-japan-economic-security' });
    const [alice, bob] = await Promise.all([newPerson('Alice'), newPerson('Bob')]);
    allowConsoleErrors(
      /WebSocket connection to .*\/yjs\/.* failed|net::ERR_INTERNET_DISCONNECTED/,
      'this test cuts the sync connection on purpose',
    );
    await open(bob, board, 'editor');
    // Alice has opened the board once, so this browser holds a copy.
    await open(alice, board, 'editor');
    await alice.page.close();
    // Then the sync server becomes unreachable for her (the page itself still loads).
    const offlinePage = await alice.context.newPage();
    await offlinePage.routeWebSocket(/\/yjs\//, (ws) => ws.close({ code: 1001 }));
    await offlinePage.goto(`${server.baseUrl}/b/${board.id}`);
    await offlinePage.locator('[data-connection][data-state="offline"]').waitFor(WAIT);
    await field(offlinePage, 'c-ira', 'title').click();
    await offlinePage.keyboard.press('Control+End');
    // One input event, so one update holds the whole string.
    await offlinePage.keyboard.insertText(' — kept locally');
    // IndexedDB writes are asynchronous: wait until the browser's copy holds the typing (Yjs
    // stores a string's UTF-8 bytes as they are) before reloading.
    await expect
      .poll(() => offlinePage.evaluate(localCopyHas, [board.id, 'kept locally']), WAIT)
      .toBe(true);
    await offlinePage.reload();
    await expect
      .poll(() => field(offlinePage, 'c-ira', 'title').inputValue(), WAIT)
      .toBe('Inflation Reduction Act — kept locally');
    expect(await field(bob.page, 'c-ira', 'title').inputValue()).toBe('Inflation Reduction Act');
    await offlinePage.close();

    // Back online (a page without the block, same browser profile): the edit reaches Bob.
    const onlinePage = await alice.context.newPage();
    await onlinePage.goto(`${server.baseUrl}/b/${board.id}`);
    await onlinePage.waitForSelector(CONNECTED, WAIT);
    await expect
      .poll(() => field(bob.page, 'c-ira', 'title').inputValue(), WAIT)
      .toBe('Inflation Reduction Act — kept locally');
  });

  it('undoes only your own edits', async () => {
    const { alice, bob } = await twoEditors();
    const aliceTitle = field(alice.page, 'c-espa', 'title');
    const original = await aliceTitle.inputValue();
    await aliceTitle.click();
    await alice.page.keyboard.press('Control+End');
    // One input event, so one undo step however slow the machine is.
    await alice.page.keyboard.insertText(' +alice');
    await expect
      .poll(() => field(bob.page, 'c-espa', 'title').inputValue(), WAIT)
      .toContain('+alice');
    const bobTitle = field(bob.page, 'c-espa', 'title');
    await bobTitle.click();
    await bob.page.keyboard.press('Control+Home');
    await bob.page.keyboard.type('bob+ ');
    await expect.poll(() => aliceTitle.inputValue(), WAIT).toContain('bob+ ');

    await aliceTitle.click();
    await alice.page.keyboard.press('Control+z');
    const expected = `bob+ ${original}`;
    await expect.poll(() => aliceTitle.inputValue(), WAIT).toBe(expected);
    await expect.poll(() => bobTitle.inputValue(), WAIT).toBe(expected);
    await alice.page.keyboard.press('Control+Shift+z');
    await expect.poll(() => bobTitle.inputValue(), WAIT).toBe(`${expected} +alice`);
  });

  it('lets a viewer watch but not edit, and labels the board read-only', async () => {
    const board = await server.createBoard({ template: 'us-japan-economic-security' });
    const [editor, viewer] = await Promise.all([newPerson('Eve'), newPerson('Vic')]);
    await Promise.all([open(editor, board, 'editor'), open(viewer, board, 'viewer')]);
    const root = viewer.page.locator('[data-board-root]');
    expect(await root.getAttribute('data-role')).toBe('viewer');
    expect(await root.getAttribute('data-readonly')).toBe('true');
    await viewer.page.locator('[data-readonly-banner]').waitFor(WAIT);

    const title = field(viewer.page, 'c-chips-act', 'title');
    expect(await title.isEditable()).toBe(false);
    await title.click();
    await viewer.page.keyboard.type('vandalism');
    expect(await title.inputValue()).toBe('CHIPS and Science Act');
    expect(await viewer.page.locator('.add-card').count()).toBe(0);
    expect(await viewer.page.locator('[data-card-id] .handle').count()).toBe(0);
    expect(
      await viewer.page.locator('[data-friction-id] [data-field="body"]').first().isEditable(),
    ).toBe(false);

    // Changes by others still arrive live.
    await field(editor.page, 'c-chips-act', 'title').click();
    await editor.page.keyboard.press('Control+End');
    await editor.page.keyboard.type(' (2022)');
    await expect.poll(() => title.inputValue(), WAIT).toBe('CHIPS and Science Act (2022)');
    expect(await field(editor.page, 'c-chips-act', 'title').inputValue()).not.toContain(
      'vandalism',
    );
  });

  it('makes a board the facilitator locks read-only for editors, until unlocked', async () => {
    const { alice, bob } = await twoEditors(); // Alice facilitates, Bob edits
    await alice.page.locator('[data-lock-board]').click();
    await bob.page.locator('[data-board-root][data-readonly="true"]').waitFor(WAIT);
    expect(await field(bob.page, 'c-espa', 'title').isEditable()).toBe(false);
    expect(await field(alice.page, 'c-espa', 'title').isEditable()).toBe(true);
    await alice.page.locator('[data-lock-board]').click();
    await bob.page.locator('[data-board-root]:not([data-readonly])').waitFor(WAIT);
    expect(await field(bob.page, 'c-espa', 'title').isEditable()).toBe(true);
  });

  it('shows markup typed into a card as text and never runs it', async () => {
    const { alice, bob } = await twoEditors();
    const markup = '<img src=x onerror=window.__pwned=1><script>window.__pwned=2</script>';
    await field(alice.page, 'c-espa', 'title').click();
    await alice.page.keyboard.press('Control+a');
    await alice.page.keyboard.type(markup);
    await field(alice.page, 'c-espa', 'body').click();
    await alice.page.keyboard.type(markup);
    await expect.poll(() => field(bob.page, 'c-espa', 'title').inputValue(), WAIT).toBe(markup);
    // The title is also shown as plain text elsewhere (side panel heading, friction chips).
    await bob.page.locator('[data-card-id="c-espa"] .more').click();
    await expect
      .poll(() => bob.page.locator('[data-inspector-card="c-espa"] h2').textContent(), WAIT)
      .toBe(markup);
    // The marker: an image of our own with a bad address, added after the markup was shown;
    // once its error handler ran, the markup's would have too, had there been such an image.
    for (const page of [alice.page, bob.page]) {
      await page.evaluate(
        () =>
          new Promise<void>((resolve) => {
            const img = document.createElement('img');
            img.onerror = () => resolve();
            img.src = 'x-marker';
            document.body.append(img);
          }),
      );
    }
    for (const page of [alice.page, bob.page]) {
      expect(await page.evaluate(() => (window as { __pwned?: unknown }).__pwned)).toBeUndefined();
      expect(await page.locator('img[src="x"]').count()).toBe(0);
    }
  });

  it('creates a board in the lobby, shows its share links, and explains a bad import', async () => {
    allowConsoleErrors(
      /status of 400/,
      'the test imports a broken file on purpose; the server answers 400',
    );
    const person = await newPerson('Lin');
    await person.page.goto(`${server.baseUrl}/`);
    await person.page.locator('[data-create-board]').click();
    const created = person.page.locator('[data-created-board]');
    await created.waitFor(WAIT);
    for (const role of ['facilitator', 'editor', 'viewer']) {
      const link = created.locator(`[data-share-role="${role}"] input`);
      expect(await link.inputValue()).toMatch(new RegExp(`/b/[^?]+\\?token=${role}\\.`));
      expect(await created.locator(`[data-share-role="${role}"] button`).textContent()).toMatch(
        /Copy/,
      );
    }
    await created.getByRole('link', { name: 'Open the board' }).click();
    await person.page.waitForSelector(CONNECTED, WAIT);
    expect(await person.page.locator('[data-row-id]').count()).toBe(SEED.rows.length);
    expect(await person.page.locator('[data-column-id]').count()).toBe(SEED.columns.length);
    expect(await person.page.locator('[data-friction-id]').count()).toBe(SEED.frictions.length);
    // The token left the address bar but stays for a reload.
    expect(person.page.url()).not.toContain('token=');
    await person.page.reload();
    await person.page.waitForSelector(CONNECTED, WAIT);

    await person.page.goto(`${server.baseUrl}/`);
    await person.page.locator('[data-recent-board]').first().waitFor(WAIT);
    const bad = { format: 'briefing-board', version: 1, id: 'x', title: 'Bad', columns: 'nope' };
    await person.page.locator('[data-import-file]').setInputFiles({
      name: 'bad.json',
      mimeType: 'application/json',
      buffer: Buffer.from(JSON.stringify(bad)),
    });
    await expect
      .poll(() => person.page.locator('[data-lobby-error]').textContent(), WAIT)
      .toMatch(/columns/);
  });

  it('offers the Japanese edition of the seed board in the lobby', async () => {
    const person = await newPerson('Rin');
    await person.page.goto(`${server.baseUrl}/`);
    await person.page.locator('input[value="us-japan-economic-security-ja"]').check();
    await person.page.locator('[data-create-board]').click();
    const created = person.page.locator('[data-created-board]');
    await created.waitFor(WAIT);
    await created.locator('a.button.primary').click();
    await person.page.waitForSelector(CONNECTED, WAIT);
    // The same records as the English edition, in Japanese.
    expect(await person.page.locator('[data-row-id]').count()).toBe(SEED.rows.length);
    expect(await person.page.locator('[data-column-id="jp"] .column-label').textContent()).toBe(
      '日本',
    );
    expect(
      await person.page.locator('[data-card-id="c-espa"] [data-field="title"]').inputValue(),
    ).toContain('経済安全保障推進法');
    expect(person.errors).toEqual([]);
  });

  it('shows a clear page for a refused link and does not retry it in a loop', async () => {
    const board = await server.createBoard({ template: 'blank' });
    const other = await server.createBoard({ template: 'blank' });
    const person = await newPerson('Mallory');
    allowConsoleErrors(
      /Failed to load resource: the server responded with a status of 40[0134]/,
      'the browser logs the refusal of the forged and foreign links this test opens on purpose',
    );
    let sockets = 0;
    person.page.on('websocket', (ws) => {
      if (ws.url().includes('/yjs/')) sockets++;
    });

    await person.page.goto(`${server.baseUrl}/b/${board.id}?token=editor.${board.id}.forged`);
    const problem = person.page.locator('[data-problem="4401"]');
    await problem.waitFor(WAIT);
    expect(await problem.locator('h1').textContent()).toMatch(/does not open/);
    expect(await problem.textContent()).toMatch(/not valid/);
    // The marker: a timer in the page itself, set after the refusal and longer than the
    // client's longest reconnect back-off (5 s), fires after any retry would have started.
    await person.page.evaluate(() => new Promise((resolve) => setTimeout(resolve, 5_500)));
    expect(sockets).toBe(1);

    await person.page.goto(`${server.baseUrl}/b/${board.id}?token=${other.tokens.editor}`);
    await person.page.locator('[data-problem="4403"]').waitFor(WAIT);
    expect(await person.page.locator('[data-problem="4403"]').textContent()).toMatch(
      /another board/,
    );

    await person.page.goto(`${server.baseUrl}/b/${board.id}`);
    await person.page.locator('main.problem h1').waitFor(WAIT);
    expect(await person.page.locator('main.problem h1').textContent()).toMatch(/incomplete/);
  });
});
