/**
 * Failure paths, each made to happen on purpose: a store append that fails drops the board's
 * clients (4507, storage failing) and they resync, with nothing lost or corrupted; a board that
 * fails to load is refused (4507 on the socket, 503 on the API) and nothing is written over its
 * stored data;
 * `/healthz` answers 503 while Redis or Postgres does not answer, and 200 once it is back.
 */
import { afterEach, beforeEach, describe, expect, it, onTestFinished } from 'vitest';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { pino } from 'pino';
import * as Y from 'yjs';
import * as board from '../../shared/board/index.ts';
import { readConfig } from '../../server/config.ts';
import { startBoardServer, type RunningServer } from '../../server/BoardServer.ts';
import { SqliteBoardStore } from '../../server/store/sqlite.ts';
import { GatedStore } from '../helpers/gated-store.ts';
import { connectClient, eventually, rawSocket, type TestClient } from '../helpers/clients.ts';
import { documentState } from '../helpers/boards.ts';
import { freePort, startServer, type TestServer } from '../helpers/server.ts';
import {
  clusterServicesAvailable,
  DATABASE_URL,
  ownRedisAvailable,
  startOwnRedis,
  stopProcess,
} from '../helpers/services.ts';

describe('store failures (in-process server on a gated SQLite store)', () => {
  let dir: string;
  let server: RunningServer;
  let store: GatedStore;
  let clients: TestClient[];
  let boardId: string;
  let tokens: { editor: string; viewer: string; facilitator: string };

  const start = async () => {
    const config = readConfig({
      PORT: '0',
      HOST: '127.0.0.1',
      DATA_DIR: dir,
      IDLE_UNLOAD_MS: '50',
      LOG_LEVEL: 'silent',
      // A failure is reported (new connections refused with 4507) this long after it happened.
      STORE_FAILURE_HOLD_MS: '1000',
    });
    store = new GatedStore(new SqliteBoardStore({ dir }));
    server = await startBoardServer(config, pino({ level: 'silent' }), store);
  };
  const client = (token = tokens.editor) => {
    const c = connectClient(`ws://127.0.0.1:${server.port}/yjs`, boardId, token);
    clients.push(c);
    return c;
  };
  /** The board as stored: read by a store of its own, nothing loaded in any server. */
  const stored = async () => {
    const own = new SqliteBoardStore({ dir });
    try {
      const updates = await own.loadBoard(boardId);
      const doc = new Y.Doc();
      for (const u of updates ?? []) Y.applyUpdate(doc, u);
      return doc;
    } finally {
      await own.close();
    }
  };

  beforeEach(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bb-fail-'));
    await start();
    const created = await server.boards.createFromTemplate('us-japan-economic-security');
    boardId = created.id;
    tokens = created.tokens;
    clients = [];
  });

  afterEach(async () => {
    for (const c of clients) c.destroy();
    await server.close();
  });

  it('an append that fails drops the board’s clients with 4507; they resync and nothing is lost or corrupted', async () => {
    const alice = client();
    const bob = client();
    await Promise.all([alice.synced(), bob.synced()]);
    const [first, second] = board.fromYDoc(alice.doc, boardId).cards.map((c) => c.id);

    store.failNext('appendUpdates');
    board.editCardText(alice.doc, first, 'body', 'typed while the disk failed');
    // Everyone on the board is told (4507: storage failing) and reconnects once the failure is
    // no longer reported; the board is read again from the store, and Alice's client sends back
    // what the store lacks.
    await eventually(() => expect(alice.closeCodes).toContain(4507));
    await eventually(() => expect(bob.closeCodes).toContain(4507));
    await eventually(() =>
      expect(board.cardText(bob.doc, first, 'body').toString()).toBe('typed while the disk failed'),
    );
    board.editCardText(bob.doc, second, 'body', 'typed after the failure');
    await eventually(() =>
      expect(board.cardText(alice.doc, second, 'body').toString()).toBe('typed after the failure'),
    );
    await eventually(async () => {
      const json = await server.boards.read(boardId);
      expect(json.cards.find((c) => c.id === first)?.body).toBe('typed while the disk failed');
      expect(json.cards.find((c) => c.id === second)?.body).toBe('typed after the failure');
    });
    await eventually(() => expect(documentState(bob.doc)).toEqual(documentState(alice.doc)));

    // Stored whole: with every client gone and the server closed, the file alone holds it.
    const seen = documentState(alice.doc);
    for (const c of clients.splice(0)) c.destroy();
    await server.close();
    const doc = await stored();
    expect(documentState(doc)).toEqual(seen);
    expect(board.fromYDoc(doc, boardId).cards.find((c) => c.id === first)?.body).toBe(
      'typed while the disk failed',
    );
    await start();
  });

  it('a restore whose append fails answers 503 and does not report the board restored', async () => {
    const api = (path: string, init?: RequestInit) =>
      fetch(`http://127.0.0.1:${server.port}/api/boards/${boardId}${path}`, {
        ...init,
        headers: { authorization: `Bearer ${tokens.facilitator}`, ...init?.headers },
      });
    const taken = await api('/snapshots', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ label: 'before the edit' }),
    });
    expect(taken.status).toBe(201);
    const snapshot = (await taken.json()) as { id: string };
    const alice = client();
    await alice.synced();
    const [first] = board.fromYDoc(alice.doc, boardId).cards.map((c) => c.id);
    board.editCardText(alice.doc, first, 'body', 'typed after the snapshot');
    await eventually(async () =>
      expect((await server.boards.read(boardId)).cards.find((c) => c.id === first)?.body).toBe(
        'typed after the snapshot',
      ),
    );

    store.failNext('appendUpdates');
    const res = await api(`/snapshots/${snapshot.id}/restore`, { method: 'POST' });
    expect(res.status).toBe(503);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe(
      'storage_unavailable',
    );
    // What is stored is the board as it was before the restore was asked for.
    const doc = await stored();
    expect(board.fromYDoc(doc, boardId).cards.find((c) => c.id === first)?.body).toBe(
      'typed after the snapshot',
    );
  });

  it('a board that fails to load is refused (4507, HTTP 503) and nothing is written over it', async () => {
    const before = await server.boards.read(boardId);
    const storedBefore = documentState(await stored());
    // Unloaded, so the next connection loads it from the store.
    await eventually(() => expect(server.rooms.loadedCount).toBe(0));
    const writes = { ...store.calls };

    store.failNext('loadBoard');
    const raw = await rawSocket(
      `ws://127.0.0.1:${server.port}/yjs/${boardId}?token=${tokens.editor}`,
    );
    expect((await raw.closed).code).toBe(4507);
    // The failure is reported for STORE_FAILURE_HOLD_MS: wait it out, then fail the next load.
    await eventually(async () =>
      expect((await fetch(`http://127.0.0.1:${server.port}/healthz`)).status).toBe(200),
    );

    store.failNext('loadBoard');
    const res = await fetch(
      `http://127.0.0.1:${server.port}/api/boards/${boardId}?token=${tokens.viewer}`,
    );
    expect(res.status).toBe(503);
    const body = (await res.json()) as { error: { code: string; message: string } };
    expect(body.error).toMatchObject({ code: 'storage_unavailable' });
    expect(body.error.message).toMatch(/storage full or failing/);
    expect(JSON.stringify(body)).not.toMatch(/injected|at .*\.ts/);

    // Nothing was written while it failed, and the store still holds the board as it was.
    expect(store.calls.appendUpdates).toBe(writes.appendUpdates);
    expect(store.calls.compact).toBe(writes.compact);
    expect(documentState(await stored())).toEqual(storedBefore);

    // Once the store answers again (and the failure is no longer reported), the board loads whole.
    await eventually(async () =>
      expect((await fetch(`http://127.0.0.1:${server.port}/healthz`)).status).toBe(200),
    );
    const after = client();
    await after.synced();
    expect(board.fromYDoc(after.doc, boardId)).toEqual(before);
    expect(await server.boards.read(boardId)).toEqual(before);
  });
});

/** `/healthz`'s status, or 0 when it does not answer within `ms`. */
async function health(server: TestServer, ms = 5_000): Promise<number> {
  try {
    return (await fetch(`${server.baseUrl}/healthz`, { signal: AbortSignal.timeout(ms) })).status;
  } catch {
    return 0;
  }
}

const postgresAvailable = await clusterServicesAvailable();

describe('/healthz with a backing service down', () => {
  it.runIf(ownRedisAvailable('/healthz with Redis down'))(
    'answers 503 while Redis is down, and 200 once it is back',
    async () => {
      const port = await freePort();
      let redis = await startOwnRedis(port);
      onTestFinished(() => stopProcess(redis));
      const server = await startServer({ env: { REDIS_URL: `redis://127.0.0.1:${port}` } });
      onTestFinished(() => server.kill());
      expect(await health(server)).toBe(200);

      await stopProcess(redis);
      await eventually(async () => expect(await health(server)).toBe(503), 30_000, 200);
      await eventually(() => expect(server.output()).toMatch(/health check failed/));
      // Still up: other routes answer.
      expect((await fetch(`${server.baseUrl}/metrics`)).status).toBe(200);

      redis = await startOwnRedis(port);
      await eventually(async () => expect(await health(server)).toBe(200), 30_000, 200);
    },
    90_000,
  );

  it.runIf(postgresAvailable)(
    'answers 503 while Postgres is unreachable, and 200 once it is back',
    async () => {
      // The server reaches Postgres through a TCP relay of ours, which we can cut.
      const sockets = new Set<net.Socket>();
      const target = new URL(DATABASE_URL);
      const relay = net.createServer((inbound) => {
        const outbound = net.connect(Number(target.port || 5432), target.hostname);
        sockets.add(inbound).add(outbound);
        inbound.pipe(outbound).pipe(inbound);
        const drop = () => {
          inbound.destroy();
          outbound.destroy();
        };
        inbound.on('error', drop).on('close', drop);
        outbound.on('error', drop).on('close', drop);
      });
      const port = await freePort();
      const listen = () => new Promise<void>((r) => relay.listen(port, '127.0.0.1', () => r()));
      const cut = () =>
        new Promise<void>((r) => {
          relay.close(() => r());
          for (const s of sockets) s.destroy();
          sockets.clear();
        });
      await listen();
      const viaRelay = new URL(DATABASE_URL);
      viaRelay.port = String(port);
      viaRelay.hostname = '127.0.0.1';
      const schema = `bb_health_${randomBytes(4).toString('hex')}`;
      onTestFinished(async () => {
        if (relay.listening) await cut();
        const db = new pg.Client({ connectionString: DATABASE_URL });
        await db.connect();
        await db.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
        await db.end();
      });
      const server = await startServer({
        env: { STORE: 'postgres', DATABASE_URL: viaRelay.toString(), DATABASE_SCHEMA: schema },
      });
      onTestFinished(() => server.kill());
      expect(await health(server)).toBe(200);

      await cut();
      await eventually(async () => expect(await health(server)).toBe(503), 30_000, 200);
      expect((await fetch(`${server.baseUrl}/metrics`)).status).toBe(200);

      await listen();
      await eventually(async () => expect(await health(server)).toBe(200), 30_000, 200);
    },
    90_000,
  );
});
