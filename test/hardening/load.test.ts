/**
 * Load at CI size (STRESS=1 for a full minute): 400 sockets on one board and 100 boards at
 * once, with writers typing; no errors, every reader keeps receiving, and when everyone
 * leaves the boards unload and the server's heap after a full collection is back where it was
 * before the round. Connection attempts are rate-limited.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import * as encoding from 'lib0/encoding';
import * as decoding from 'lib0/decoding';
import * as syncProtocol from 'y-protocols/sync';
import * as Y from 'yjs';
import * as board from '../../shared/board/index.ts';
import { startServer, type CreatedBoard, type TestServer } from '../helpers/server.ts';
import { connectClient, eventually, type TestClient } from '../helpers/clients.ts';

const SECONDS = process.env.STRESS ? 60 : 8;
let server: TestServer;

beforeAll(async () => {
  server = await startServer({
    env: { IDLE_UNLOAD_MS: '300' },
    nodeArgs: ['--expose-gc', '--import', './test/helpers/gc-hook.mjs'],
  });
});

let collections = 0;
/** The server's heap in use right after a full garbage collection (see helpers/gc-hook.mjs). */
async function heapAfterGc(): Promise<number> {
  const n = ++collections;
  server.process.kill('SIGUSR2');
  return eventually(() => {
    const seen = [...server.output().matchAll(/gc-hook heap (\d+)/g)];
    expect(seen.length).toBe(n);
    return Number(seen[n - 1][1]);
  });
}

const MiB = 1024 * 1024;
afterAll(async () => server?.stop());

async function metric(name: string): Promise<number> {
  const text = await (await fetch(`${server.baseUrl}/metrics`)).text();
  const match = new RegExp(`briefing_board_${name} (\\d+)`).exec(text);
  if (!match) throw new Error(`no metric ${name}`);
  return Number(match[1]);
}

interface Reader {
  ws: WebSocket;
  frames: number;
  unexpectedClose: boolean;
  /** What the reader received, applied: it must end as the writers' document. */
  doc: Y.Doc;
}

function reader(created: CreatedBoard): Promise<Reader> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(
      `${server.wsUrl}/${created.id}?token=${encodeURIComponent(created.tokens.viewer)}`,
    );
    const r: Reader = { ws, frames: 0, unexpectedClose: false, doc: new Y.Doc() };
    ws.on('message', (data: Buffer) => {
      r.frames++;
      const decoder = decoding.createDecoder(new Uint8Array(data));
      if (decoding.readVarUint(decoder) !== 0) return; // presence
      syncProtocol.readSyncMessage(decoder, encoding.createEncoder(), r.doc, null);
    });
    ws.on('close', (code) => {
      if (code !== 1005 && code !== 1000) r.unexpectedClose = true;
    });
    ws.once('open', () => {
      const e = encoding.createEncoder();
      encoding.writeVarUint(e, 0);
      encoding.writeVarUint(e, 0);
      encoding.writeVarUint8Array(e, Y.encodeStateVector(new Y.Doc()));
      ws.send(encoding.toUint8Array(e));
      resolve(r);
    });
    ws.once('error', reject);
  });
}

/** One round of load: 400 readers and 4 writers on one board, 100 boards with a reader and a writer each. */
async function loadRound(): Promise<{ heapLoaded: number }> {
  const big = await server.createBoard();
  const small = await Promise.all(
    Array.from({ length: 100 }, () => server.createBoard({ template: 'blank' })),
  );
  const readers: Reader[] = [];
  for (let i = 0; i < 400; i += 50)
    readers.push(...(await Promise.all(Array.from({ length: 50 }, () => reader(big)))));
  const smallReaders = await Promise.all(small.map((b) => reader(b)));
  const writers: TestClient[] = [
    ...Array.from({ length: 4 }, () => connectClient(server.wsUrl, big.id, big.tokens.editor)),
    ...small.slice(0, 100).map((b) => connectClient(server.wsUrl, b.id, b.tokens.editor)),
  ];
  await Promise.all(writers.map((w) => w.synced()));
  expect(await metric('rooms_loaded')).toBe(101);

  const cardId = board.fromYDoc(writers[0].doc, big.id).cards[0].id;
  const started = Date.now();
  let tick = 0;
  while (Date.now() - started < SECONDS * 1000) {
    tick++;
    for (const [i, w] of writers.slice(0, 4).entries()) {
      const text = board.cardText(w.doc, cardId, 'body');
      w.doc.transact(() => text.insert(text.length, `${i}`));
    }
    if (tick % 10 === 0) {
      for (const w of writers.slice(4)) board.setTitle(w.doc, `tick ${tick}`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  // Every reader of the busy board received the stream (the writers' last edits included);
  // nobody was dropped.
  const body = (w: TestClient) => board.cardText(w.doc, cardId, 'body').toString();
  await eventually(() => {
    for (const w of writers.slice(1, 4)) expect(body(w)).toBe(body(writers[0]));
  }, 30_000);
  for (const w of writers.slice(4)) board.setTitle(w.doc, 'final');
  for (const r of [...readers, ...smallReaders]) expect(r.unexpectedClose).toBe(false);
  await eventually(() => {
    for (const r of readers)
      expect(board.cardText(r.doc, cardId, 'body').toString()).toBe(body(writers[0]));
    small.forEach((b, i) => expect(board.readMeta(smallReaders[i].doc).title).toBe('final'));
  }, 30_000);
  for (const r of readers) expect(r.frames).toBeGreaterThan(2);
  expect((await fetch(`${server.baseUrl}/healthz`)).status).toBe(200);
  const heapLoaded = await heapAfterGc();

  for (const r of [...readers, ...smallReaders]) r.ws.close();
  for (const w of writers) w.destroy();
  await eventually(async () => expect(await metric('rooms_loaded')).toBe(0), 15_000, 200);
  await eventually(async () => expect(await metric('connections')).toBe(0));
  return { heapLoaded };
}

describe('load', () => {
  it(`400 sockets on one board and 100 boards for ${SECONDS} s, twice; memory returns`, async () => {
    // The first round also warms up what a server keeps once (compiled code, caches); the
    // second must give back everything it took.
    await loadRound();
    const heapBefore = await heapAfterGc();
    const { heapLoaded } = await loadRound();
    const heapAfter = await heapAfterGc();
    const held = heapLoaded - heapBefore;
    const kept = heapAfter - heapBefore;
    // The loaded boards really held memory, and all but a sliver of it came back.
    const numbers = `heap after GC: ${(heapBefore / MiB).toFixed(1)} MiB before the round, ${(heapLoaded / MiB).toFixed(1)} loaded, ${(heapAfter / MiB).toFixed(1)} after`;
    expect(held, numbers).toBeGreaterThan(2 * MiB);
    expect(kept, numbers).toBeLessThan(Math.max(1 * MiB, held * 0.25));
  }, 300_000);

  it('limits connection attempts per address with 429', async () => {
    const limited = await startServer({ env: { CONNECT_RATE_LIMIT: '5' } });
    try {
      const created = await limited.createBoard({ template: 'blank' });
      const statuses: number[] = [];
      for (let i = 0; i < 8; i++) {
        statuses.push(
          await new Promise<number>((resolve) => {
            const ws = new WebSocket(
              `${limited.wsUrl}/${created.id}?token=${encodeURIComponent(created.tokens.viewer)}`,
            );
            ws.once('open', () => {
              ws.close();
              resolve(101);
            });
            ws.once('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
            ws.once('error', () => resolve(-1));
          }),
        );
      }
      expect(statuses.slice(0, 5)).toEqual([101, 101, 101, 101, 101]);
      expect(statuses.slice(5)).toEqual([429, 429, 429]);
    } finally {
      await limited.stop();
    }
  });
});
