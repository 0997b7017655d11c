/**
 * Presence is bounded (issue 13, defect 4): a connection cannot flood its peers with awareness,
 * invent thousands of participants or overwrite someone else's presence, while an honest
 * client moving its cursor at 60 Hz is never closed and its latest state reaches everyone.
 * Attacks are hand-made frames on a raw socket; peers decode what they receive with stock
 * y-protocols awareness.
 */
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import WebSocket from 'ws';
import * as Y from 'yjs';
import * as encoding from 'lib0/encoding';
import * as decoding from 'lib0/decoding';
import * as awarenessProtocol from 'y-protocols/awareness';
import { startServer, type CreatedBoard, type TestServer } from '../helpers/server.ts';
import { connectClient, eventually, rawSocket, type TestClient } from '../helpers/clients.ts';
import { MESSAGE_AWARENESS } from '../../shared/protocol.ts';

let server: TestServer;

beforeAll(async () => {
  server = await startServer();
}, 120_000);
afterAll(async () => server?.stop());

interface Entry {
  id: number;
  clock: number;
  state: unknown;
}

/**
 * A y-websocket awareness frame written by hand: any ids, clocks and sizes (a state given as
 * bytes is its JSON already encoded).
 */
function awarenessFrame(entries: Entry[]): Uint8Array {
  const inner = encoding.createEncoder();
  encoding.writeVarUint(inner, entries.length);
  for (const { id, clock, state } of entries) {
    encoding.writeVarUint(inner, id);
    encoding.writeVarUint(inner, clock);
    if (state instanceof Uint8Array) encoding.writeVarUint8Array(inner, state);
    else encoding.writeVarString(inner, JSON.stringify(state));
  }
  const outer = encoding.createEncoder();
  encoding.writeVarUint(outer, MESSAGE_AWARENESS);
  encoding.writeVarUint8Array(outer, encoding.toUint8Array(inner));
  return encoding.toUint8Array(outer);
}

/** A raw connection that reads everything and applies awareness frames with stock y-protocols. */
interface Peer {
  ws: WebSocket;
  awareness: awarenessProtocol.Awareness;
  /** Bytes of awareness frames received. */
  awarenessBytes: number;
  /** Every client id this peer ever saw a state for. */
  seen: Set<number>;
  closeCode: number | null;
}

async function peer(created: CreatedBoard, token = created.tokens.viewer): Promise<Peer> {
  const { ws, closed, frames } = await rawSocket(`${server.wsUrl}/${created.id}?token=${token}`);
  const awareness = new awarenessProtocol.Awareness(new Y.Doc());
  awareness.setLocalState(null);
  const p: Peer = { ws, awareness, awarenessBytes: 0, seen: new Set(), closeCode: null };
  awareness.on('change', ({ added, updated }: { added: number[]; updated: number[] }) => {
    for (const id of [...added, ...updated]) p.seen.add(id);
  });
  const receive = (data: Uint8Array) => {
    const decoder = decoding.createDecoder(data);
    if (decoding.readVarUint(decoder) !== MESSAGE_AWARENESS) return;
    p.awarenessBytes += data.byteLength;
    awarenessProtocol.applyAwarenessUpdate(
      awareness,
      decoding.readVarUint8Array(decoder),
      'server',
    );
  };
  // What arrived before this handler (the presence of those already there) counts too.
  for (const frame of frames) receive(frame);
  ws.on('message', (data: Buffer) => receive(new Uint8Array(data)));
  void closed.then(({ code }) => (p.closeCode = code));
  onTestFinished(() => {
    ws.terminate();
    awareness.destroy();
  });
  return p;
}

function send(ws: WebSocket, frame: Uint8Array): Promise<void> {
  return new Promise((resolve, reject) =>
    ws.send(frame, (error) => (error ? reject(error) : resolve())),
  );
}

const randomId = () => 1 + Math.floor(Math.random() * 2 ** 30);

describe('presence limits', () => {
  it('80 MB of awareness from one viewer reaches 20 peers only as capped presence', async () => {
    const created = await server.createBoard();
    const peers = await Promise.all(Array.from({ length: 20 }, () => peer(created)));
    const attacker = await peer(created);
    const [a, b] = [randomId(), randomId()];
    const filler = 'x'.repeat(3_500);
    let clock = 1;
    // 80 frames of 1 MB: two states under 4 KB, and 25 new ids with 40 KB states each.
    const big = new TextEncoder().encode(JSON.stringify({ filler: 'y'.repeat(40_000) }));
    for (let i = 0; i < 80; i++) {
      const entries: Entry[] = [
        { id: a, clock, state: { user: { name: `A${i}` }, filler } },
        { id: b, clock, state: { user: { name: `B${i}` }, filler } },
      ];
      for (let j = 0; j < 25; j++) entries.push({ id: randomId(), clock: 1, state: big });
      clock++;
      await send(attacker.ws, awarenessFrame(entries));
    }
    // The marker: the attacker's last state, which must reach everyone.
    await send(attacker.ws, awarenessFrame([{ id: a, clock: clock + 1, state: { done: true } }]));
    await eventually(() => {
      for (const p of peers) expect(p.awareness.getStates().get(a)).toEqual({ done: true });
    }, 180_000);
    const total = peers.reduce((sum, p) => sum + p.awarenessBytes, 0);
    // Before the limits each peer received the whole 80 MB (1.6 GB in all).
    expect(total).toBeLessThan(20 * 1024 * 1024);
    for (const p of peers) {
      expect(p.awarenessBytes).toBeLessThan(1024 * 1024);
      expect([...p.seen].sort()).toEqual([a, b].sort());
    }
    // Dropped, not closed: the attacker's connection is still open.
    expect(attacker.closeCode).toBeNull();
    expect(attacker.ws.readyState).toBe(WebSocket.OPEN);
  }, 300_000);

  it('20,000 invented client ids from one connection show as at most 2 participants', async () => {
    const created = await server.createBoard();
    const watcher = await peer(created);
    const observer = connectClient(server.wsUrl, created.id, created.tokens.viewer);
    onTestFinished(() => observer.destroy());
    await observer.synced();
    const attacker = await peer(created);
    const ids = Array.from({ length: 20_000 }, (_, i) => 1_000_000 + i);
    for (let i = 0; i < ids.length; i += 1_000)
      await send(
        attacker.ws,
        awarenessFrame(
          ids
            .slice(i, i + 1_000)
            .map((id) => ({ id, clock: 1, state: { user: { name: `fake ${id}` } } })),
        ),
      );
    await send(attacker.ws, awarenessFrame([{ id: ids[0], clock: 2, state: { done: true } }]));
    await eventually(() => {
      expect(watcher.awareness.getStates().get(ids[0])).toEqual({ done: true });
      expect(observer.provider.awareness.getStates().get(ids[0])).toEqual({ done: true });
    }, 30_000);
    expect(watcher.seen.size).toBeLessThanOrEqual(2);
    const others = [...observer.provider.awareness.getStates().keys()].filter(
      (id) => id !== observer.doc.clientID,
    );
    expect(others.length).toBeLessThanOrEqual(2);
    expect(attacker.closeCode).toBeNull();
    // /metrics counts what was dropped: all but the (at most 2) ids the connection may own.
    const metrics = await (await fetch(`${server.baseUrl}/metrics`)).text();
    expect(
      Number(/^briefing_board_presence_dropped_total (\d+)$/m.exec(metrics)![1]),
    ).toBeGreaterThanOrEqual(ids.length - 2);
  }, 60_000);

  it("a connection cannot overwrite or remove another participant's presence", async () => {
    const created = await server.createBoard();
    const alice = connectClient(server.wsUrl, created.id, created.tokens.editor);
    const observer = connectClient(server.wsUrl, created.id, created.tokens.viewer);
    onTestFinished(() => {
      alice.destroy();
      observer.destroy();
    });
    alice.provider.awareness.setLocalStateField('user', { name: 'Alice' });
    await eventually(() =>
      expect(observer.provider.awareness.getStates().get(alice.doc.clientID)).toEqual({
        user: { name: 'Alice' },
      }),
    );
    const mallory = await peer(created);
    const aliceId = alice.doc.clientID;
    const clock = alice.provider.awareness.meta.get(aliceId)!.clock;
    await send(
      mallory.ws,
      awarenessFrame([{ id: aliceId, clock: clock + 10, state: { user: { name: 'Mallory' } } }]),
    );
    await send(mallory.ws, awarenessFrame([{ id: aliceId, clock: clock + 20, state: null }]));
    // The server's own awareness id is not Mallory's either.
    const own = randomId();
    await send(mallory.ws, awarenessFrame([{ id: own, clock: 1, state: { done: true } }]));
    await eventually(() =>
      expect(observer.provider.awareness.getStates().get(own)).toEqual({ done: true }),
    );
    expect(observer.provider.awareness.getStates().get(aliceId)).toEqual({
      user: { name: 'Alice' },
    });
    expect(mallory.awareness.getStates().get(aliceId)).toEqual({ user: { name: 'Alice' } });
  });

  it('an honest client sending presence at 60 Hz stays connected and its latest state arrives', async () => {
    const created = await server.createBoard();
    const honest: TestClient = connectClient(server.wsUrl, created.id, created.tokens.viewer);
    const observer = connectClient(server.wsUrl, created.id, created.tokens.viewer);
    onTestFinished(() => {
      honest.destroy();
      observer.destroy();
    });
    await Promise.all([honest.synced(), observer.synced()]);
    honest.provider.awareness.setLocalStateField('user', { name: 'Steady' });
    for (let i = 0; i < 120; i++) {
      honest.provider.awareness.setLocalStateField('cursor', i);
      await new Promise((r) => setTimeout(r, 1000 / 60));
    }
    await eventually(() =>
      expect(observer.provider.awareness.getStates().get(honest.doc.clientID)).toEqual({
        user: { name: 'Steady' },
        cursor: 119,
      }),
    );
    expect(honest.closeCodes).toEqual([]);
    expect(honest.provider.wsconnected).toBe(true);
  }, 30_000);
});
