/**
 * The web client on a server whose disk is full (issue 13, defect 9): closed with 4507, it says
 * why in a banner with a countdown, and tries again after growing pauses (2 s, then 4 s, ±20 %)
 * instead of reconnecting in a loop. The server runs in this process so that its SQLite store
 * can carry `max_page_count` (a real SQLITE_FULL once another connection fills the file).
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import * as board from '../../shared/board/index.ts';
import { readConfig } from '../../server/config.ts';
import { startBoardServer, type RunningServer } from '../../server/BoardServer.ts';
import { SqliteBoardStore } from '../../server/store/sqlite.ts';
import { browserAvailable, launchBrowser } from '../helpers/browser.ts';
import { connectClient, eventually } from '../helpers/clients.ts';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const CONNECTED = '[data-connection][data-state="connected"]';
const WAIT = { timeout: 20_000 };
const MAX_PAGES = 2048;
const canRun = browserAvailable();

describe.skipIf(!canRun)('the web client on a full disk', { timeout: 90_000 }, () => {
  let dir: string;
  let server: RunningServer;
  let browser: Browser;

  beforeAll(async () => {
    if (!fs.existsSync(path.join(ROOT, 'web/build/handler.js'))) {
      execFileSync('npm', ['run', 'build'], { cwd: ROOT, stdio: 'pipe', timeout: 240_000 });
    }
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bb-full-e2e-'));
    const store = new SqliteBoardStore({ dir, maxPageCount: MAX_PAGES });
    const config = readConfig({ PORT: '0', HOST: '127.0.0.1', DATA_DIR: dir });
    [server, browser] = await Promise.all([
      startBoardServer(config, pino({ level: 'silent' }), store),
      launchBrowser(),
    ]);
  }, 300_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('says why, counts down, and retries after growing pauses', async () => {
    const created = await server.boards.createFromTemplate('us-japan-economic-security');
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    await context.addInitScript(() => localStorage.setItem('bb.name', 'Aiko'));
    const page = await context.newPage();
    const attempts: number[] = [];
    page.on('websocket', (ws) => {
      if (ws.url().includes('/yjs/')) attempts.push(Date.now());
    });
    await page.goto(`${server.url}/b/${created.id}?token=${created.tokens.editor}`);
    await page.locator(CONNECTED).waitFor(WAIT);

    // The disk fills up; then someone's edit cannot be stored, and the board's clients are closed.
    const filler = new SqliteBoardStore({ dir });
    await filler.createBoard('filler', 'Filler', new Uint8Array(MAX_PAGES * 4096 + 1024 * 1024));
    await filler.close();
    const writer = connectClient(
      `ws://127.0.0.1:${server.port}/yjs`,
      created.id,
      created.tokens.editor,
    );
    await writer.synced();
    const cardId = board.fromYDoc(writer.doc, created.id).cards[0].id;
    board.cardText(writer.doc, cardId, 'body').insert(0, 'x'.repeat(256 * 1024));
    await eventually(() => expect(writer.closeCodes).toContain(4507));
    writer.destroy();

    const banner = page.locator('[data-storage-failing]');
    await banner.waitFor(WAIT);
    expect(await banner.textContent()).toMatch(/storage is full or failing.*Next try in \d+ s/s);

    // attempts[0] was the first connection; the retries after the close come after pauses of
    // about 2 s, 4 s and 8 s (each ±20 %), every one of them refused before any sync.
    await eventually(() => expect(attempts.length).toBeGreaterThanOrEqual(4), 40_000, 100);
    const pauses = [attempts[2] - attempts[1], attempts[3] - attempts[2]];
    expect(pauses[0]).toBeGreaterThanOrEqual(3_000);
    expect(pauses[1]).toBeGreaterThan(pauses[0]);
    expect(await banner.isVisible()).toBe(true);
    await context.close();
  });
});
