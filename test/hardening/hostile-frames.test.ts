/**
 * Random and mutated y-websocket frames (10,000 a run; STRESS=1 for 50,000): the server stays
 * up, every frame is handled (a marker after the last one on each socket must come through) or
 * closes its connection with 1007/1009, the board stays readable and identical for every
 * client and for a restarted server reading the store, and nothing reaches another board.
 * Seeded: a failure prints its seed.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as encoding from 'lib0/encoding';
import * as Y from 'yjs';
import WebSocket from 'ws';
import * as board from '../../shared/board/index.ts';
import { startServer, type CreatedBoard, type TestServer } from '../helpers/server.ts';
import { connectClient, eventually, type TestClient } from '../helpers/clients.ts';
import { documentState } from '../helpers/boards.ts';

const FRAMES = process.env.STRESS ? 50_000 : 10_000;
const SEED = Number(process.env.FUZZ_SEED ?? Date.now() % 1_000_000);

let server: TestServer;
let target: CreatedBoard;
let other: CreatedBoard;
let watcher: TestClient;
let otherWatcher: TestClient;

function rng(seed: number) {
  let s = seed >>> 0 || 1;
  return (n: number) => {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    return (s >>> 0) % n;
  };
}

function frame(write: (e: encoding.Encoder) => void): Uint8Array {
  const e = encoding.createEncoder();
  write(e);
  return encoding.toUint8Array(e);
}

/** Valid frames of every kind, to mutate. */
function corpus(): Uint8Array[] {
  const doc = new Y.Doc();
  const base = Y.encodeStateAsUpdate(doc);
  const updates: Uint8Array[] = [];
  doc.on('update', (u: Uint8Array) => updates.push(u));
  doc.getMap('cards').set('x', new Y.Map());
  doc.getText('t').insert(0, 'hello');
  doc.getMap('meta').set('title', 'fuzz');
  const awareness = frame((e) => {
    encoding.writeVarUint(e, 1);
    encoding.writeVarUint8Array(
      e,
      frame((x) => {
        encoding.writeVarUint(x, 1);
        encoding.writeVarUint(x, 777);
        encoding.writeVarUint(x, 3);
        encoding.writeVarString(x, JSON.stringify({ user: { name: 'fuzz' } }));
      }),
    );
  });
  return [
    frame((e) => {
      encoding.writeVarUint(e, 0);
      encoding.writeVarUint(e, 0);
      encoding.writeVarUint8Array(e, Y.encodeStateVector(doc));
    }),
    frame((e) => {
      encoding.writeVarUint(e, 0);
      encoding.writeVarUint(e, 1);
      encoding.writeVarUint8Array(e, base);
    }),
    ...updates.map((u) =>
      frame((e) => {
        encoding.writeVarUint(e, 0);
        encoding.writeVarUint(e, 2);
        encoding.writeVarUint8Array(e, u);
      }),
    ),
    awareness,
    new Uint8Array([3]),
  ];
}

function mutate(source: Uint8Array, r: (n: number) => number): Uint8Array {
  const bytes = Array.from(source);
  const edits = 1 + r(4);
  for (let i = 0; i < edits; i++) {
    switch (r(6)) {
      case 0: // flip a byte
        if (bytes.length) bytes[r(bytes.length)] = r(256);
        break;
      case 1: // truncate
        bytes.length = r(bytes.length + 1);
        break;
      case 2: // insert random bytes
        bytes.splice(r(bytes.length + 1), 0, ...Array.from({ length: 1 + r(8) }, () => r(256)));
        break;
      case 3: // a huge length prefix
        bytes.splice(Math.min(2, bytes.length), 0, 0xff, 0xff, 0xff, 0xff, 0x0f);
        break;
      case 4: // a truncated varint at the end
        bytes.push(0x80 | r(128));
        break;
      default: // all random
        return Uint8Array.from({ length: r(64) }, () => r(256));
    }
  }
  return Uint8Array.from(bytes);
}

beforeAll(async () => {
  server = await startServer({ env: { MAX_MESSAGE_BYTES: String(256 * 1024) } });
  target = await server.createBoard();
  other = await server.createBoard();
  watcher = connectClient(server.wsUrl, target.id, target.tokens.viewer);
  otherWatcher = connectClient(server.wsUrl, other.id, other.tokens.viewer);
  await Promise.all([watcher.synced(), otherWatcher.synced()]);
});

afterAll(async () => {
  watcher?.destroy();
  otherWatcher?.destroy();
  await server?.stop();
});

function open(url: string): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url);
    ws.once('open', () => resolve(ws));
    ws.once('error', reject);
  });
}

describe(`hostile frames (seed ${SEED})`, () => {
  it(`${FRAMES} random and mutated frames leave the server and the boards sound`, async () => {
    const r = rng(SEED);
    const seeds = corpus();
    const url = `${server.wsUrl}/${target.id}?token=${encodeURIComponent(target.tokens.editor)}`;
    const otherBefore = board.fromYDoc(otherWatcher.doc, other.id);
    // Every socket used, with how many frames it carried and how the server closed it.
    const used: {
      ws: WebSocket;
      sent: number;
      answered: boolean;
      code: number | null;
      closed: Promise<void>;
    }[] = [];
    const dial = async () => {
      const ws = await open(url);
      const entry = {
        ws,
        sent: 0,
        answered: false,
        code: null as number | null,
        closed: Promise.resolve(),
      };
      entry.closed = new Promise<void>((res) =>
        ws.once('close', (code) => {
          entry.code = code;
          res();
        }),
      );
      used.push(entry);
      return entry;
    };
    const sockets = await Promise.all([dial(), dial(), dial(), dial()]);
    for (let i = 0; i < FRAMES; i++) {
      const slot = i % sockets.length;
      if (sockets[slot].ws.readyState !== WebSocket.OPEN) sockets[slot] = await dial();
      const payload =
        r(10) === 0
          ? Uint8Array.from({ length: r(32) }, () => r(256))
          : mutate(seeds[r(seeds.length)], r);
      sockets[slot].ws.send(payload);
      sockets[slot].sent++;
      if (i % 50 === 0) await new Promise((res) => setImmediate(res));
    }
    // A marker on every socket still open, after its last frame: a document update of a client
    // id of its own (depending on nothing), which the watcher sees only once the server has
    // handled every frame before it on that socket (one socket's frames are handled in order).
    // Presence would not do: a socket may already own its two presence ids.
    let markerId = 5_000_000;
    const markers = () => watcher.doc.getMap('hostile-marker');
    for (let slot = 0; slot < sockets.length; slot++) {
      // A socket the last frames closed is replaced, so a marker always goes out on each slot.
      if (sockets[slot].ws.readyState !== WebSocket.OPEN) sockets[slot] = await dial();
      const entry = sockets[slot];
      const id = ++markerId;
      const mark = new Y.Doc();
      mark.clientID = id;
      mark.getMap('hostile-marker').set(String(id), true);
      const update = Y.encodeStateAsUpdate(mark);
      mark.destroy();
      entry.ws.send(
        frame((e) => {
          encoding.writeVarUint(e, 0);
          encoding.writeVarUint(e, 2);
          encoding.writeVarUint8Array(e, update);
        }),
      );
      entry.answered = await Promise.race([
        eventually(() => expect(markers().has(String(id))).toBe(true)).then(() => true),
        // A frame just before the marker may still have closed the socket.
        entry.closed.then(() => false),
      ]);
    }
    // Every frame is accounted for: handled on a socket that answered its marker, or sent on a
    // socket the server closed for a bad frame (1007) or a too-big one (1009) — never left
    // unread, never closed any other way.
    let closedByServer = 0;
    for (const entry of used) {
      if (!entry.answered)
        await Promise.race([entry.closed, new Promise((res) => setTimeout(res, 10_000))]);
      if (entry.code !== null) {
        expect([1007, 1009], `seed ${SEED}: closed with ${entry.code}`).toContain(entry.code);
        closedByServer++;
      } else {
        expect(entry.answered, `seed ${SEED}: a socket neither closed nor answered`).toBe(true);
      }
    }
    expect(used.some((e) => e.answered)).toBe(true);
    expect(closedByServer, `seed ${SEED}`).toBeGreaterThan(FRAMES / 100);
    for (const { ws } of used) ws.terminate();

    expect((await fetch(`${server.baseUrl}/healthz`)).status).toBe(200);
    // The board is still readable, and a fresh client and the watcher agree with the server.
    const res = await fetch(
      `${server.baseUrl}/api/boards/${target.id}?token=${target.tokens.viewer}`,
    );
    expect(res.status, `seed ${SEED}`).toBe(200);
    const served = (await res.json()) as board.BoardJSON;
    expect(served.cards.length).toBeGreaterThan(30);
    const fresh = connectClient(server.wsUrl, target.id, target.tokens.viewer);
    await fresh.synced();
    await eventually(() => expect(board.fromYDoc(fresh.doc, target.id)).toEqual(served));
    await eventually(() => expect(board.fromYDoc(watcher.doc, target.id)).toEqual(served));
    await eventually(() => expect(documentState(watcher.doc)).toEqual(documentState(fresh.doc)));
    fresh.destroy();
    // Nothing leaked into the other board.
    expect(board.fromYDoc(otherWatcher.doc, other.id)).toEqual(otherBefore);
    // Editing still works after the storm.
    const editor = connectClient(server.wsUrl, target.id, target.tokens.editor);
    await editor.synced();
    board.setTitle(editor.doc, `after ${FRAMES} hostile frames`);
    await eventually(() =>
      expect(board.readMeta(watcher.doc).title).toBe(`after ${FRAMES} hostile frames`),
    );
    editor.destroy();

    // What the clients saw is what was stored: a new process serves the same documents.
    const seen = documentState(watcher.doc);
    const otherSeen = documentState(otherWatcher.doc);
    watcher.destroy();
    otherWatcher.destroy();
    server = await server.restart();
    const [back, otherBack] = [
      connectClient(server.wsUrl, target.id, target.tokens.viewer),
      connectClient(server.wsUrl, other.id, other.tokens.viewer),
    ];
    await Promise.all([back.synced(), otherBack.synced()]);
    expect(documentState(back.doc), `seed ${SEED}`).toEqual(seen);
    expect(documentState(otherBack.doc), `seed ${SEED}`).toEqual(otherSeen);
    expect(board.fromYDoc(back.doc, target.id).title).toBe(`after ${FRAMES} hostile frames`);
    watcher = back;
    otherWatcher = otherBack;
  }, 240_000);

  it('an awareness flood from one socket leaves the server and the others fine', async () => {
    const url = `${server.wsUrl}/${target.id}?token=${encodeURIComponent(target.tokens.viewer)}`;
    const flooder = await open(url);
    const big = 'x'.repeat(2_000);
    for (let i = 0; i < 5_000; i++) {
      flooder.send(
        frame((e) => {
          encoding.writeVarUint(e, 1);
          encoding.writeVarUint8Array(
            e,
            frame((x) => {
              encoding.writeVarUint(x, 1);
              encoding.writeVarUint(x, 900_000 + (i % 50));
              encoding.writeVarUint(x, i + 1);
              encoding.writeVarString(
                x,
                JSON.stringify({ user: { name: `flood ${i}` }, junk: big }),
              );
            }),
          );
        }),
      );
      if (i % 200 === 0) await new Promise((res) => setImmediate(res));
    }
    flooder.close();
    // Its fifty identities go with the connection.
    await eventually(() => {
      const ids = [...watcher.provider.awareness.getStates().keys()];
      expect(ids.filter((id) => id >= 900_000 && id < 900_050)).toEqual([]);
    }, 10_000);
    expect((await fetch(`${server.baseUrl}/healthz`)).status).toBe(200);
    const editor = connectClient(server.wsUrl, target.id, target.tokens.editor);
    await editor.synced();
    board.setTitle(editor.doc, 'after an awareness flood');
    await eventually(() =>
      expect(board.readMeta(watcher.doc).title).toBe('after an awareness flood'),
    );
    editor.destroy();
  }, 120_000);
});
