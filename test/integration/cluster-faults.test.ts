/**
 * Two processes on Postgres and on a Redis this test starts itself, so it can cut their
 * pub/sub connections (`CLIENT KILL TYPE pubsub`) without touching the machine's Redis. What
 * a lost message must not break: a lock taken on one process binds editors on the other within
 * CLUSTER_SYNC_MS; a deleted board closes and answers 404 everywhere; a newcomer through the
 * other process sees who is already there at once (not at their next presence renewal), and
 * soon after pub/sub is back when the question was lost.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import * as Y from 'yjs';
import { Redis } from 'ioredis';
import * as board from '../../shared/board/index.ts';
import { freePort, startServer, type CreatedBoard, type TestServer } from '../helpers/server.ts';
import { connectClient, eventually, type TestClient } from '../helpers/clients.ts';
import { clusterServicesAvailable, DATABASE_URL } from '../helpers/services.ts';
import { joinSession, type SessionClient } from '../helpers/facilitation.ts';
import { PostgresBoardStore } from '../../server/store/postgres.ts';
import { FACILITATION_PATH } from '../../shared/protocol.ts';
import { io } from 'socket.io-client';

const available = await clusterServicesAvailable();
const SYNC_MS = 1_000;
/** How long the subscribers are cut off around the lock or delete. */
const CUT_MS = 1_500;
const schema = `bb_faults_${randomBytes(4).toString('hex')}`;
let redis: ChildProcess | null = null;
let control: Redis | null = null;
let env: Record<string, string> = {};
let a: TestServer;
let b: TestServer;
const clients: TestClient[] = [];
const sessions: SessionClient[] = [];

function client(server: TestServer, created: CreatedBoard, token = created.tokens.editor) {
  const c = connectClient(server.wsUrl, created.id, token);
  clients.push(c);
  return c;
}

async function session(server: TestServer, created: CreatedBoard, token: string, name: string) {
  const s = await joinSession(server.baseUrl, { boardId: created.id, token, name });
  sessions.push(s);
  return s;
}

/** Kills every pub/sub connection (both processes' subscribers) again and again for `ms`. */
async function cutSubscribers(ms: number): Promise<void> {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    await control!.client('KILL', 'TYPE', 'pubsub');
    await new Promise((r) => setTimeout(r, 2));
  }
}

/** Kills `server`'s relay subscriber (named `…:<port>:sub`) again and again for `ms`. */
async function cutSubscriberOf(server: TestServer, ms: number): Promise<void> {
  const until = Date.now() + ms;
  const name = new RegExp(`^id=(\\d+) .* name=\\S+:${server.port}:sub `, 'm');
  let kills = 0;
  while (Date.now() < until) {
    const id = name.exec(String(await control!.call('CLIENT', 'LIST', 'TYPE', 'pubsub')))?.[1];
    if (id) kills += Number(await control!.client('KILL', 'ID', id));
    await new Promise((r) => setTimeout(r, 2));
  }
  expect(kills).toBeGreaterThan(0);
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function droppedOn(server: TestServer): Promise<number> {
  const text = await (await fetch(`${server.baseUrl}/metrics`)).text();
  return Number(/^briefing_board_updates_dropped_total (\d+)$/m.exec(text)![1]);
}

/** The board as stored in Postgres (what any process would load). */
async function storedBoard(id: string): Promise<board.BoardJSON> {
  const store = await PostgresBoardStore.open({ connectionString: DATABASE_URL, schema });
  try {
    const updates = (await store.loadBoard(id))!;
    const doc = new Y.Doc();
    for (const u of updates) Y.applyUpdate(doc, u);
    return board.fromYDoc(doc, id);
  } finally {
    await store.close();
  }
}

describe.runIf(available)('several processes when pub/sub loses messages', () => {
  beforeAll(async () => {
    const port = await freePort();
    redis = spawn('redis-server', ['--port', String(port), '--save', '', '--appendonly', 'no'], {
      stdio: 'ignore',
    });
    control = await eventually(
      async () => {
        const attempt = new Redis(port, '127.0.0.1', {
          lazyConnect: true,
          retryStrategy: () => null,
        });
        attempt.on('error', () => {});
        try {
          await attempt.connect();
          return attempt;
        } catch (error) {
          attempt.disconnect();
          throw error;
        }
      },
      10_000,
      100,
    );
    env = {
      STORE: 'postgres',
      DATABASE_URL,
      DATABASE_SCHEMA: schema,
      REDIS_URL: `redis://127.0.0.1:${port}`,
      BOARD_SECRET: randomBytes(24).toString('base64url'),
      CLUSTER_SYNC_MS: String(SYNC_MS),
    };
    [a, b] = await Promise.all([startServer({ env }), startServer({ env })]);
  }, 240_000);

  afterAll(async () => {
    for (const c of clients) c.destroy();
    for (const s of sessions) s.close();
    await Promise.all([a?.kill(), b?.kill()]);
    control?.disconnect();
    redis?.kill('SIGKILL');
    const db = new pg.Client({ connectionString: DATABASE_URL });
    await db.connect();
    await db.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    await db.end();
  });

  it('a lock whose message was lost still binds editors on the other process within CLUSTER_SYNC_MS', async () => {
    const created = await a.createBoard();
    const lead = await session(a, created, created.tokens.facilitator, 'Lead');
    const viewerFar = await session(b, created, created.tokens.viewer, 'Viewer far');
    const facilitatorFar = client(b, created, created.tokens.facilitator);
    const watcher = client(a, created, created.tokens.viewer);
    await Promise.all([facilitatorFar.synced(), watcher.synced()]);
    const cardId = board.fromYDoc(watcher.doc, created.id).cards[0].id;

    // Several rounds: a message published while the subscriber is down is lost most times.
    for (let round = 0; round < 3; round++) {
      const editorFar = client(b, created);
      await editorFar.synced();
      const cut = cutSubscribers(CUT_MS);
      await sleep(300);
      expect(await lead.send('board:lock', { locked: true })).toEqual({ ok: true });
      const lockedAt = Date.now();
      await cut;
      // Viewers on the other process hear of the lock.
      await eventually(() => expect(viewerFar.latest().locked).toBe(true), SYNC_MS + 2_000);
      await sleep(Math.max(0, lockedAt + SYNC_MS + 300 - Date.now()));

      const dropped = await droppedOn(b);
      board.editCardText(editorFar.doc, cardId, 'body', `WRITTEN WHILE LOCKED ${round}`);
      // The write was handled (and refused) by process B …
      await eventually(async () => expect(await droppedOn(b)).toBeGreaterThan(dropped), 5_000);
      // … and what the facilitator writes afterwards arrives, while the editor's write does not.
      board.editCardText(facilitatorFar.doc, cardId, 'title', `Marker ${round}`);
      await eventually(() =>
        expect(board.cardText(watcher.doc, cardId, 'title').toString()).toBe(`Marker ${round}`),
      );
      expect(board.cardText(watcher.doc, cardId, 'body').toString()).not.toContain('LOCKED');
      const stored = (await storedBoard(created.id)).cards.find((c) => c.id === cardId)!;
      expect(stored.title).toBe(`Marker ${round}`);
      expect(stored.body).not.toContain('LOCKED');

      // The editor's held-back edit would land after unlock: leave with it instead.
      editorFar.destroy();
      expect(await lead.send('board:lock', { locked: false })).toEqual({ ok: true });
      await eventually(() => expect(viewerFar.latest().locked).toBe(false), SYNC_MS + 2_000);
    }
  }, 90_000);

  it('a board deleted through one process is closed and gone on the other', async () => {
    const created = await a.createBoard();
    const viewerFar = client(b, created, created.tokens.viewer);
    await viewerFar.synced();
    const res = await fetch(`${a.baseUrl}/api/boards/${created.id}`, {
      method: 'DELETE',
      headers: { authorization: `Bearer ${created.tokens.facilitator}` },
    });
    expect(res.status).toBe(204);
    await eventually(() => expect(viewerFar.closeCodes).toContain(4404), 2_000);
    await expectGoneOn(b, created);
  }, 30_000);

  it('a board deleted while the other process hears nothing is still closed and gone there', async () => {
    const created = await a.createBoard();
    const viewerFar = client(b, created, created.tokens.viewer);
    const facilitationFar = await session(b, created, created.tokens.viewer, 'Far');
    await viewerFar.synced();
    const cut = cutSubscribers(CUT_MS);
    await sleep(300);
    const res = await fetch(`${a.baseUrl}/api/boards/${created.id}`, {
      method: 'DELETE',
      headers: { authorization: `Bearer ${created.tokens.facilitator}` },
    });
    expect(res.status).toBe(204);
    // Every route of process B asks the store, message or not.
    await expectGoneOn(b, created);
    await cut;
    await eventually(() => expect(viewerFar.closeCodes).toContain(4404), SYNC_MS + 2_000);
    await eventually(() => expect(facilitationFar.socket.connected).toBe(false), SYNC_MS + 2_000);
  }, 30_000);

  it('a newcomer through another process sees who is already there at once', async () => {
    const created = await a.createBoard();
    const here = client(a, created);
    here.provider.awareness.setLocalStateField('user', { name: 'Here first' });
    await here.synced();
    const newcomer = client(b, created, created.tokens.viewer);
    await newcomer.synced();
    // Presence renews every 15 s; the answer to "who is here?" takes milliseconds (a deadline
    // of 5 s, a third of a renewal, leaves room for a loaded machine and still proves the ask).
    await eventually(
      () =>
        expect(newcomer.provider.awareness.getStates().get(here.doc.clientID)).toMatchObject({
          user: { name: 'Here first' },
        }),
      5_000,
    );
  }, 30_000);

  it('a newcomer whose "who is here?" was lost sees who is there once pub/sub is back', async () => {
    const created = await a.createBoard();
    const here = client(a, created);
    here.provider.awareness.setLocalStateField('user', { name: 'Here first' });
    await here.synced();
    // The newcomer's process loads the board and asks while the first process hears nothing.
    const cut = cutSubscriberOf(a, CUT_MS);
    await sleep(100);
    const newcomer = client(b, created, created.tokens.viewer);
    await newcomer.synced();
    await cut;
    // Well before "Here first" renews its presence (15 s after it joined).
    await eventually(
      () =>
        expect(newcomer.provider.awareness.getStates().get(here.doc.clientID)).toMatchObject({
          user: { name: 'Here first' },
        }),
      5_000,
    );
  }, 30_000);
});

/** REST, export, a new sync connection and a facilitation handshake on `server` all say 404. */
async function expectGoneOn(server: TestServer, created: CreatedBoard): Promise<void> {
  const token = created.tokens.viewer;
  expect((await fetch(`${server.baseUrl}/api/boards/${created.id}?token=${token}`)).status).toBe(
    404,
  );
  expect(
    (await fetch(`${server.baseUrl}/api/boards/${created.id}/export.md?token=${token}`)).status,
  ).toBe(404);
  const fresh = client(server, created, token);
  await eventually(() => expect(fresh.closeCodes).toContain(4404), 5_000);
  fresh.provider.disconnect();
  const socket = io(server.baseUrl, {
    path: FACILITATION_PATH,
    auth: { boardId: created.id, token, name: 'Late' },
    transports: ['websocket'],
    reconnection: false,
    forceNew: true,
  });
  try {
    const refusal = await new Promise<{ data?: { code?: number } }>((resolve) =>
      socket.once('connect_error', resolve),
    );
    expect(refusal.data?.code).toBe(4404);
  } finally {
    socket.disconnect();
  }
}
