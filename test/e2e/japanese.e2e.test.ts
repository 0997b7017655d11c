/**
 * No English in the Japanese interface (issue 20): a person who chose 日本語 meets each kind of
 * error — a command the server refuses (a timer out of range; a vote that closed before the
 * click arrived), a failed import in the lobby, an agenda step that cannot be written, a
 * server whose storage fails, a lost connection — and every message shown is Japanese, worded
 * from a code: no Latin-letter sentence appears anywhere on the page (board data, names and
 * URLs aside). The server runs in this process so its store can be made to fail and the
 * server stopped.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import type { BoardJSON } from '../../shared/board/index.ts';
import { readConfig } from '../../server/config.ts';
import { startBoardServer, type RunningServer } from '../../server/BoardServer.ts';
import { MemoryBoardStore } from '../../server/store/memory.ts';
import { errorsJa } from '../../web/src/lib/i18n/errorMessages.ja.ts';
import { ja } from '../../web/src/lib/i18n/ja.ts';
import {
  allowConsoleErrors,
  browserAvailable,
  expectNoPageErrorsAfterEach,
  launchBrowser,
} from '../helpers/browser.ts';
import { joinSession, type SessionClient } from '../helpers/facilitation.ts';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const CONNECTED = '[data-connection][data-state="connected"]';
const WAIT = { timeout: 20_000 };
const canRun = browserAvailable();

/** Three Latin words in a row: an English phrase (a name such as "Ctrl+Enter" or "PDF" is not). */
const LATIN_SENTENCE = /[A-Za-z]{2,}(?:[ ,.'’]+[A-Za-z]{2,}){2,}/;
const JAPANESE = /[\u3040-\u30ff\u4e00-\u9fff]/;

/** A memory store whose snapshot list and session writes fail while `failing` (a broken disk). */
class FailingStore extends MemoryBoardStore {
  failing = false;
  override async listSnapshots(boardId: string) {
    if (this.failing) throw new Error('disk I/O error');
    return super.listSnapshots(boardId);
  }
  override async setBoardData(boardId: string, key: string, value: string) {
    if (this.failing) throw new Error('disk I/O error');
    return super.setBoardData(boardId, key, value);
  }
}

/** A dictionary message with its `{placeholders}` filled in. */
function worded(message: string, values: Record<string, string | number> = {}): string {
  return message.replace(/\{(\w+)\}/g, (_, key: string) => String(values[key]));
}

/** Every string of the board's data (titles, bodies, labels, citations, URLs), longest first. */
function dataStrings(board: BoardJSON, extra: string[]): string[] {
  const out = new Set<string>(extra);
  const visit = (value: unknown): void => {
    if (typeof value === 'string') {
      if (value.trim()) out.add(value.trim());
    } else if (Array.isArray(value)) value.forEach(visit);
    else if (value && typeof value === 'object') Object.values(value).forEach(visit);
  };
  visit(board);
  return [...out].sort((a, b) => b.length - a.length);
}

/** The text a person sees: every visible text node (not what they typed in a field). */
function visibleTexts(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const out: string[] = [];
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const text = node.textContent?.trim();
      const element = node.parentElement;
      if (!text || !element) continue;
      if (element.closest('script, style, textarea, [contenteditable="true"]')) continue;
      if (!element.checkVisibility({ checkVisibilityCSS: true, checkOpacity: true })) continue;
      out.push(text);
    }
    return out;
  });
}

describe.skipIf(!canRun)('the Japanese interface never shows English', { timeout: 120_000 }, () => {
  let server: RunningServer;
  let browser: Browser;
  const store = new FailingStore();
  let board: { id: string; tokens: Record<'facilitator' | 'editor' | 'viewer', string> };
  let allowed: string[] = [];
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bb-ja-e2e-'));
  expectNoPageErrorsAfterEach();

  beforeAll(async () => {
    if (!fs.existsSync(path.join(ROOT, 'web/build/handler.js'))) {
      execFileSync('npm', ['run', 'build'], { cwd: ROOT, stdio: 'pipe', timeout: 240_000 });
    }
    const config = readConfig({
      PORT: '0',
      HOST: '127.0.0.1',
      DATA_DIR: dir,
      STORE_FAILURE_HOLD_MS: '200',
    });
    [server, browser] = await Promise.all([
      startBoardServer(config, pino({ level: 'silent' }), store),
      launchBrowser(),
    ]);
    board = await server.boards.createFromTemplate('us-japan-economic-security-ja');
    const json = (await (
      await fetch(`${server.url}/api/boards/${board.id}?token=${board.tokens.viewer}`)
    ).json()) as BoardJSON;
    allowed = dataStrings(json, ['Aiko', 'Fumiko', 'Ben', server.url]);
  }, 300_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close().catch(() => {});
    fs.rmSync(dir, { recursive: true, force: true });
  });

  /** A person who chose 日本語 before, on the board with `role`'s link (or on `url`). */
  async function japanese(name: string, role?: 'facilitator' | 'editor', url?: string) {
    const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
    await context.addInitScript(
      ({ n }: { n: string }) => {
        if (!location.protocol.startsWith('http') || window !== window.top) return;
        localStorage.setItem('bb.name', n);
        localStorage.setItem('bb.locale', 'ja');
      },
      { n: name },
    );
    const page = await context.newPage();
    return { page, context, goto: () => open(page, role, url) };
  }

  async function open(page: Page, role?: 'facilitator' | 'editor', url?: string) {
    await page.goto(url ?? `${server.url}/b/${board.id}?token=${board.tokens[role!]}`);
    if (!url) await page.waitForSelector(CONNECTED, WAIT);
    // `<html lang>` follows the chosen language (app.html says `en` until the app starts).
    await page.waitForFunction(() => document.documentElement.lang === 'ja', null, WAIT);
  }

  /** No Latin-letter sentence on the page once board data, names and URLs are set aside. */
  async function expectNoEnglish(page: Page) {
    const english: string[] = [];
    for (const text of await visibleTexts(page)) {
      let rest = text;
      for (const data of allowed) if (rest.includes(data)) rest = rest.split(data).join(' ');
      rest = rest.replace(/https?:\/\/\S+/g, ' ');
      if (LATIN_SENTENCE.test(rest)) english.push(text);
    }
    expect(english).toEqual([]);
  }

  /** The message a toast shows, once it shows `expected`. */
  async function toast(page: Page, expected: string) {
    const shown = page.locator('.toast[role="status"]').filter({ hasText: expected });
    await shown.waitFor(WAIT);
    const text = (await shown.innerText()).trim();
    expect(text).toMatch(JAPANESE);
    expect(text).not.toMatch(LATIN_SENTENCE);
    return text;
  }

  it('words a command the server refuses (a timer out of range)', async () => {
    const fumiko = await japanese('Fumiko', 'facilitator');
    await fumiko.goto();
    await fumiko.page.locator('[data-timer-menu] summary').click();
    await fumiko.page.locator('[data-timer-minutes]').fill('0');
    await fumiko.page.locator('[data-timer-start]').click();
    await toast(fumiko.page, worded(errorsJa.refusal.invalid_timer, { min: 1, hours: 4 }));
    await expectNoEnglish(fumiko.page);
    await fumiko.context.close();
  });

  it('words a vote that closed before the click reached the server', async () => {
    const host: SessionClient = await joinSession(server.url, {
      boardId: board.id,
      token: board.tokens.facilitator,
      name: 'Host',
    });
    const ben = await japanese('Ben', 'editor');
    // The page misses session updates while `hold` is on, as over a slow link; acks still arrive.
    let hold = false;
    await ben.page.routeWebSocket(/\/socket\.io\//, (ws) => {
      const upstream = ws.connectToServer();
      ws.onMessage((message) => upstream.send(message));
      upstream.onMessage((message) => {
        if (hold && typeof message === 'string' && message.startsWith('42["session"')) return;
        ws.send(message);
      });
    });
    await ben.goto();
    const json = (await (
      await fetch(`${server.url}/api/boards/${board.id}?token=${board.tokens.viewer}`)
    ).json()) as BoardJSON;
    const target = json.frictions[0].id;
    expect(await host.send('vote:open', { targetIds: [target], perPerson: 2 })).toEqual({
      ok: true,
    });
    // The vote drawer's button (it covers the friction lane's dot).
    const dot = ben.page.locator(`[data-vote-drawer] [data-vote-cast="${target}"]`);
    await dot.waitFor(WAIT);
    hold = true;
    expect(await host.send('vote:close')).toEqual({ ok: true });
    await dot.click();
    await toast(ben.page, errorsJa.refusal.vote_closed);
    await expectNoEnglish(ben.page);
    hold = false;
    expect(await host.send('vote:clear')).toEqual({ ok: true });
    host.close();
    await ben.context.close();
  });

  it('words an agenda step that cannot be written', async () => {
    const fumiko = await japanese('Fumiko', 'facilitator');
    await fumiko.goto();
    await fumiko.page.locator('[data-agenda-panel] summary').click();
    await fumiko.page.locator('[data-agenda-add]').click();
    await fumiko.page.locator('[data-agenda-title]').fill('半導体');
    await fumiko.page.locator('[data-agenda-minutes]').fill('999');
    // As from a browser that does not check the number field: the board's rule still refuses.
    await fumiko.page
      .locator('[data-agenda-form]')
      .evaluate((form) => form.dispatchEvent(new Event('submit', { cancelable: true })));
    await toast(fumiko.page, worded(errorsJa.step.invalid_minutes, { min: 1, max: 240 }));
    await expectNoEnglish(fumiko.page);
    await fumiko.context.close();
  });

  it('words a failed import in the lobby', async () => {
    const aiko = await japanese('Aiko', undefined, `${server.url}/`);
    await aiko.goto();
    const json = (await (
      await fetch(`${server.url}/api/boards/${board.id}?token=${board.tokens.viewer}`)
    ).json()) as BoardJSON;
    const broken = structuredClone(json);
    broken.cards[3].rowId = 'no-such-row';
    allowConsoleErrors(/status of 400/, 'the server refuses the broken import');
    await aiko.page.locator('input[type="file"]').setInputFiles({
      name: 'broken.board.json',
      mimeType: 'application/json',
      buffer: Buffer.from(JSON.stringify(broken)),
    });
    const error = aiko.page.locator('[data-lobby-error]');
    await error.waitFor(WAIT);
    expect((await error.innerText()).trim()).toBe(
      `${worded(errorsJa.file, { file: 'broken.board.json' })} ${worded(errorsJa.http.invalid_board, { path: 'cards[3].rowId' })}`,
    );
    // The file's name is the person's own (like board data).
    allowed.push('broken.board.json');
    await expectNoEnglish(aiko.page);
    await aiko.context.close();
  });

  it('words a server whose storage fails', async () => {
    const fumiko = await japanese('Fumiko', 'facilitator');
    await fumiko.goto();
    allowConsoleErrors(/status of 503/, 'the snapshot list fails on purpose');
    store.failing = true;
    try {
      // An HTTP route: the snapshot list answers 503 storage_unavailable.
      await fumiko.page.locator('[data-changes-toggle]').click();
      const error = fumiko.page.locator('[data-changes-panel] [role="alert"]');
      await error.waitFor(WAIT);
      expect((await error.innerText()).trim()).toBe(errorsJa.http.storage_unavailable);
      // A facilitation command: the session cannot be saved.
      await fumiko.page.locator('[data-lock-board]').click();
      await toast(fumiko.page, errorsJa.refusal.server_error);
      await expectNoEnglish(fumiko.page);
    } finally {
      store.failing = false;
    }
    await fumiko.context.close();
  });

  it('shows SvelteKit’s error page in Japanese', async () => {
    const aiko = await japanese('Aiko', undefined, `${server.url}/no/such/page`);
    allowConsoleErrors(/status of 404|Not found: \/no\/such\/page/, 'the page does not exist');
    await aiko.goto();
    const problem = aiko.page.locator('[data-problem="404"]');
    await problem.waitFor(WAIT);
    expect(await problem.locator('h1').innerText()).toBe(ja.problem.notFoundTitle);
    await expectNoEnglish(aiko.page);
    await aiko.context.close();
  });

  it('words a lost connection', async () => {
    const fumiko = await japanese('Fumiko', 'facilitator');
    await fumiko.goto();
    await fumiko.page.locator('[data-changes-toggle]').click();
    allowConsoleErrors(
      /ERR_CONNECTION_REFUSED|WebSocket|socket\.io|Failed to load/,
      'the server stops',
    );
    await server.close();
    await fumiko.page.waitForSelector(
      '[data-connection][data-state="offline"], [data-connection][data-state="connecting"]',
      WAIT,
    );
    await fumiko.page.locator('[data-lock-board]').click();
    await toast(fumiko.page, errorsJa.refusal.not_connected);
    // "Failed to fetch" from the snapshot list.
    await fumiko.page.locator('[data-changes-toggle]').click();
    await fumiko.page.locator('[data-changes-toggle]').click();
    const error = fumiko.page.locator('[data-changes-panel] [role="alert"]');
    await error.filter({ hasText: ja.api.network }).waitFor(WAIT);
    await expectNoEnglish(fumiko.page);
    await fumiko.context.close();
  });
});
