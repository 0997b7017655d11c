/**
 * Board lifecycle races, each made to happen on purpose with a gated (real SQLite) store:
 * connect during load, disconnect during load, the last client leaving while a write or a
 * compaction is in flight, a new client arriving while the board unloads. None may lose an
 * update or leave a board loaded forever.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pino } from 'pino';
import * as board from '../../shared/board/index.ts';
import { readConfig } from '../../server/config.ts';
import { startBoardServer, type RunningServer } from '../../server/BoardServer.ts';
import { SqliteBoardStore } from '../../server/store/sqlite.ts';
import { GatedStore } from '../helpers/gated-store.ts';
import { connectClient, eventually, type TestClient } from '../helpers/clients.ts';

let server: RunningServer;
let store: GatedStore;
let clients: TestClient[];
let boardId: string;
let tokens: { editor: string; viewer: string };

beforeEach(async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bb-race-'));
  const config = readConfig({
    PORT: '0',
    HOST: '127.0.0.1',
    DATA_DIR: dir,
    IDLE_UNLOAD_MS: '50',
    COMPACT_AFTER_UPDATES: '3',
  });
  store = new GatedStore(new SqliteBoardStore({ dir }));
  server = await startBoardServer(config, pino({ level: 'silent' }), store);
  const created = await server.boards.createFromTemplate('us-japan-economic-security');
  boardId = created.id;
  tokens = created.tokens;
  clients = [];
});

afterEach(async () => {
  for (const c of clients) c.destroy();
  await server.close();
});

const wsUrl = () => `ws://127.0.0.1:${server.port}/yjs`;
function client(token = tokens.editor): TestClient {
  const c = connectClient(wsUrl(), boardId, token);
  clients.push(c);
  return c;
}
const firstCard = (c: TestClient) => board.fromYDoc(c.doc, boardId).cards[0].id;

async function storedBody(cardId: string): Promise<string> {
  const json = await server.boards.read(boardId);
  return json.cards.find((c) => c.id === cardId)!.body;
}

describe('lifecycle races', () => {
  it('clients connecting during a load share one load and are served only after it', async () => {
    const gate = store.hold('loadBoard');
    const a = client();
    const b = client();
    await gate.reached;
    await new Promise((r) => setTimeout(r, 100));
    expect(a.provider.synced || b.provider.synced).toBe(false);
    gate.open();
    await Promise.all([a.synced(), b.synced()]);
    expect(store.calls.loadBoard).toBe(1);
    expect(board.fromYDoc(a.doc, boardId).cards.length).toBeGreaterThan(30);
  });

  it('a client disconnecting during the load leaves nothing loaded', async () => {
    const gate = store.hold('loadBoard');
    const a = client();
    await gate.reached;
    a.provider.disconnect();
    await new Promise((r) => setTimeout(r, 50));
    gate.open();
    await eventually(() => expect(server.rooms.loadedCount).toBe(0), 5_000);
  });

  it('the last client leaving while its write is in flight: the write lands, the board unloads', async () => {
    const a = client();
    await a.synced();
    const id = firstCard(a);
    // A control board whose last client leaves at the same moment: once it has unloaded, the
    // idle unload has had its chance on the board whose write is held.
    const control = await server.boards.createFromTemplate('blank');
    const c = connectClient(wsUrl(), control.id, control.tokens.editor);
    clients.push(c);
    await c.synced();
    const gate = store.hold('appendUpdates');
    board.editCardText(a.doc, id, 'body', 'written while leaving');
    await gate.reached;
    a.destroy();
    c.destroy();
    await eventually(() => expect(server.rooms.peek(control.id)).toBeUndefined(), 5_000);
    expect(server.rooms.peek(boardId)).toBeDefined();
    gate.open();
    await eventually(() => expect(server.rooms.loadedCount).toBe(0), 5_000);
    expect(await storedBody(id)).toBe('written while leaving');
  });

  it('the last client leaving while a compaction is in flight loses nothing', async () => {
    const a = client();
    await a.synced();
    const id = firstCard(a);
    const gate = store.hold('compact');
    for (let i = 0; i < 6; i++) {
      board.editCardText(a.doc, id, 'body', `edit ${i}`);
      await new Promise((r) => setTimeout(r, 5));
    }
    await gate.reached;
    a.destroy();
    gate.open();
    await eventually(() => expect(server.rooms.loadedCount).toBe(0), 5_000);
    expect(await storedBody(id)).toBe('edit 5');
    expect((await store.loadBoard(boardId))!.length).toBe(1);
  });

  it('a client arriving while the board unloads gets everything and keeps working', async () => {
    const a = client();
    await a.synced();
    const id = firstCard(a);
    board.editCardText(a.doc, id, 'body', 'before the unload');
    await eventually(async () => expect(store.calls.appendUpdates).toBeGreaterThan(0));
    const gate = store.hold('compact');
    a.destroy();
    await gate.reached; // the idle unload is compacting now
    const b = client();
    await b.synced();
    expect(board.cardText(b.doc, id, 'body').toString()).toBe('before the unload');
    gate.open();
    board.editCardText(b.doc, id, 'body', 'after the unload');
    const c = client(tokens.viewer);
    await c.synced();
    await eventually(() =>
      expect(board.cardText(c.doc, id, 'body').toString()).toBe('after the unload'),
    );
    await eventually(async () => expect(await storedBody(id)).toBe('after the unload'));
  });
});
