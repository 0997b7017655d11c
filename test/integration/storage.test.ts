/**
 * Storage gives back what was deleted (issue 13, defect 3): a card that gets 1 MB typed into it
 * and deleted again, 40 times, leaves the board stored at about its live size once it unloads,
 * and the SQLite file stops growing however many more rounds follow.
 */
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import * as board from '../../shared/board/index.ts';
import { startServer, type CreatedBoard, type TestServer } from '../helpers/server.ts';
import { connectClient, eventually, type TestClient } from '../helpers/clients.ts';

let server: TestServer | null = null;
let clients: TestClient[] = [];

afterEach(async () => {
  for (const c of clients) c.destroy();
  clients = [];
  await server?.kill();
  server = null;
});

const MEGABYTE = 'semiconductor supply chains '.repeat(37_450); // ≈ 1 MB

/** Types 1 MB into a card and deletes it, `rounds` times, each round stored and relayed. */
async function churn(s: TestServer, created: CreatedBoard, rounds: number): Promise<number> {
  const writer = connectClient(s.wsUrl, created.id, created.tokens.editor);
  const watcher = connectClient(s.wsUrl, created.id, created.tokens.viewer);
  clients.push(writer, watcher);
  await Promise.all([writer.synced(), watcher.synced()]);
  const cardId = board.fromYDoc(writer.doc, created.id).cards[0].id;
  const text = board.cardText(writer.doc, cardId, 'body');
  const original = text.toString();
  const watched = () => board.cardText(watcher.doc, cardId, 'body').toString();
  for (let round = 0; round < rounds; round++) {
    text.insert(0, MEGABYTE);
    // The server relays only what it stored: the watcher seeing it means it is durable.
    await eventually(() => expect(watched().length).toBe(original.length + MEGABYTE.length));
    text.delete(0, MEGABYTE.length);
    await eventually(() => expect(watched()).toBe(original));
  }
  const live = Y.encodeStateAsUpdate(watcher.doc).byteLength;
  for (const c of [writer, watcher]) c.destroy();
  clients = [];
  // The board is compacted as it unloads.
  await eventually(async () => {
    const metrics = await (await fetch(`${s.baseUrl}/metrics`)).text();
    expect(metrics).toMatch(/^briefing_board_rooms_loaded 0$/m);
  }, 30_000);
  return live;
}

function storedBytes(file: string, boardId: string): number {
  const db = new Database(file, { fileMustExist: true });
  try {
    const state = db
      .prepare<[string], number>('SELECT length(state) FROM boards WHERE id = ?')
      .pluck()
      .get(boardId)!;
    const log = db
      .prepare<[string], number>(
        'SELECT coalesce(sum(length(data)), 0) FROM board_log WHERE board_id = ?',
      )
      .pluck()
      .get(boardId)!;
    return state + log;
  } finally {
    db.close();
  }
}

/** The database file with its WAL. */
const fileBytes = (file: string): number =>
  [file, `${file}-wal`].reduce((sum, f) => sum + (fs.existsSync(f) ? fs.statSync(f).size : 0), 0);

describe('storage that shrinks', () => {
  it('1 MB typed and deleted 40 times: stored at about the live size, and the file stops growing', async () => {
    server = await startServer({ env: { IDLE_UNLOAD_MS: '200' } });
    const created = await server.createBoard();
    const file = path.join(server.dataDir, 'boards.sqlite');

    const live = await churn(server, created, 40);
    expect(storedBytes(file, created.id)).toBeLessThanOrEqual(2 * live + 64 * 1024);
    // The space is given back: less than one round's megabyte is left on disk.
    const afterForty = fileBytes(file);
    expect(afterForty).toBeLessThan(1024 * 1024);

    for (let batch = 0; batch < 2; batch++) {
      await churn(server, created, 5);
      expect(fileBytes(file)).toBeLessThanOrEqual(afterForty + 256 * 1024);
      expect(storedBytes(file, created.id)).toBeLessThanOrEqual(2 * live + 64 * 1024);
    }
  }, 240_000);
});
