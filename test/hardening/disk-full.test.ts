/**
 * A full disk (issue 13, defect 9), made real: the server's SQLite connections carry
 * `max_page_count` (the store's test-only `maxPageCount` option), and another connection fills
 * the file past it, so every write that needs a new page fails with a genuine SQLITE_FULL.
 * Health must say so with the reason, creation and snapshots must answer "storage full or
 * failing", sync clients must be closed with 4507 and refused before any sync while it lasts
 * (so a stock client's backoff grows), and the repeated failures are logged once with a count.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { pino } from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import * as board from '../../shared/board/index.ts';
import { CLOSE } from '../../shared/protocol.ts';
import { readConfig } from '../../server/config.ts';
import { startBoardServer, type RunningServer } from '../../server/BoardServer.ts';
import { SqliteBoardStore } from '../../server/store/sqlite.ts';
import { connectClient, eventually, type TestClient } from '../helpers/clients.ts';

/** 8 MiB of 4 KiB pages: the server's connections never grow the file past this. */
const MAX_PAGES = 2048;

let dir: string;
let server: RunningServer;
let filler: SqliteBoardStore;
let clients: TestClient[];
let lines: Record<string, unknown>[];

beforeEach(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bb-full-'));
  lines = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString().split('\n').filter(Boolean)) lines.push(JSON.parse(line));
      done();
    },
  });
  const store = new SqliteBoardStore({ dir, maxPageCount: MAX_PAGES });
  const config = readConfig({ PORT: '0', HOST: '127.0.0.1', DATA_DIR: dir });
  server = await startBoardServer(config, pino({ level: 'warn' }, stream), store);
  filler = new SqliteBoardStore({ dir });
  clients = [];
});

afterEach(async () => {
  for (const c of clients) c.destroy();
  await server.close();
  await filler.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

const api = (route: string, init?: RequestInit) => fetch(`${server.url}${route}`, init);
const post = (route: string, body: unknown, token?: string) =>
  api(route, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      ...(token && { authorization: `Bearer ${token}` }),
    },
    body: JSON.stringify(body),
  });
const logged = (message: string) => lines.filter((line) => line.msg === message);

/** Something else takes the rest of the disk: the file grows past what the server may use. */
async function fillTheDisk(): Promise<void> {
  await filler.createBoard('filler', 'Filler', new Uint8Array(MAX_PAGES * 4096 + 1024 * 1024));
}

describe('disk full', () => {
  it('is reported by /healthz, refused clearly by the API and the sync endpoint, and logged once', async () => {
    expect((await api('/healthz')).status).toBe(200);
    const boards = [];
    for (let i = 0; i < 3; i++) {
      const response = await post('/api/boards', { template: 'us-japan-economic-security' });
      expect(response.status).toBe(201);
      boards.push((await response.json()) as { id: string; tokens: Record<string, string> });
    }
    for (const created of boards) {
      const c = connectClient(
        `ws://127.0.0.1:${server.port}/yjs`,
        created.id,
        created.tokens.editor,
      );
      clients.push(c);
      await c.synced();
    }

    const stored = await (
      await api(`/api/boards/${boards[0].id}?token=${boards[0].tokens.viewer}`)
    ).json();

    await fillTheDisk();
    // Each editor types 256 KB into a card: each append needs new pages and fails.
    for (const [i, c] of clients.entries()) {
      const cardId = board.fromYDoc(c.doc, boards[i].id).cards[0].id;
      board.cardText(c.doc, cardId, 'body').insert(0, 'x'.repeat(256 * 1024));
    }
    for (const c of clients) {
      await eventually(() => expect(c.closeCodes).toContain(CLOSE.STORAGE_FAILING));
    }

    // Health says what is wrong.
    const health = await api('/healthz');
    expect(health.status).toBe(503);
    const healthBody = (await health.json()) as {
      ok: boolean;
      error: { code: string; message: string };
    };
    expect(healthBody.ok).toBe(false);
    expect(healthBody.error.code).toBe('storage_unavailable');
    expect(healthBody.error.message).toMatch(
      /^storage full or failing: the disk is full \(SQLITE_FULL\)/,
    );
    expect(healthBody.error.message).not.toContain(dir);

    // Creation and snapshots answer the same clear error, not a generic 500.
    const created = await post('/api/boards', { template: 'us-japan-economic-security' });
    expect(created.status).toBe(507);
    expect(await created.json()).toEqual({
      error: { code: 'storage_unavailable', message: 'storage full or failing' },
    });
    const snapshot = await post(
      `/api/boards/${boards[0].id}/snapshots`,
      { label: 'before the disk filled' },
      boards[0].tokens.facilitator,
    );
    expect(snapshot.status).toBe(507);
    expect(((await snapshot.json()) as { error: { code: string } }).error.code).toBe(
      'storage_unavailable',
    );

    // An import needs the store as well; reading a stored board does not.
    const imported = await post('/api/boards', { board: stored });
    expect(imported.status).toBe(507);
    const read = await api(`/api/boards/${boards[1].id}?token=${boards[1].tokens.viewer}`);
    expect(read.status).toBe(200);
    expect(((await read.json()) as { id: string }).id).toBe(boards[1].id);

    // While it lasts, a stock client is refused before any sync, so its backoff keeps growing.
    const first = clients[0];
    const refusedBefore = first.closeCodes.length;
    await eventually(() =>
      expect(first.closeCodes.length).toBeGreaterThanOrEqual(refusedBefore + 3),
    );
    expect(new Set(first.closeCodes)).toEqual(new Set([CLOSE.STORAGE_FAILING]));
    expect(first.provider.synced).toBe(false);
    expect(first.provider.wsUnsuccessfulReconnects).toBeGreaterThanOrEqual(3);

    // Three boards failed: one line at once, then one line with the count of the rest.
    const message = 'store write failed; dropping the board from memory';
    expect(logged(message)).toHaveLength(1);
    await eventually(() => expect(logged(message)).toHaveLength(2), 15_000, 100);
    expect(logged(message)[1]).toMatchObject({ repeated: 2 });
  }, 40_000);
});
