/**
 * `RedisRelay` against the machine's Redis, two relays standing for two processes: a message
 * reaches the other process with its board, kind and bytes and never echoes back to its
 * sender; subscriptions are counted (one per loaded room); `withLock` lets one holder work at
 * a time across processes and releases only its own lock.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { randomBytes } from 'node:crypto';
import { pino } from 'pino';
import { RedisRelay, type RelayMessage } from '../../../server/cluster/RedisRelay.ts';
import { clusterServicesAvailable, REDIS_URL } from '../../helpers/services.ts';

/** Skipped loudly without Redis (and Postgres); under CI=true this throws instead. */
const available = await clusterServicesAvailable();
const relays: RedisRelay[] = [];

afterEach(async () => {
  await Promise.all(relays.splice(0).map((relay) => relay.close()));
});

async function relay(): Promise<{ relay: RedisRelay; heard: RelayMessage[] }> {
  const r = new RedisRelay(REDIS_URL, pino({ level: 'silent' }));
  relays.push(r);
  await r.connect();
  const heard: RelayMessage[] = [];
  r.onMessage((message) => heard.push({ ...message, payload: message.payload.slice() }));
  return { relay: r, heard };
}

/** A board id no other test run uses. */
const board = () => `relaytest-${randomBytes(6).toString('hex')}`;

describe.skipIf(!available)('RedisRelay', () => {
  it('carries board, kind and bytes to the other process, and nothing back to the sender', async () => {
    const a = await relay();
    const b = await relay();
    const id = board();
    await Promise.all([a.relay.subscribe(id), b.relay.subscribe(id)]);
    a.relay.publish(id, 'update', new Uint8Array([1, 2, 3]));
    a.relay.publish(id, 'awareness-query', new Uint8Array());
    await expect.poll(() => b.heard.length).toBe(2);
    expect(b.heard[0]).toEqual({ boardId: id, kind: 'update', payload: new Uint8Array([1, 2, 3]) });
    expect(b.heard[1]).toMatchObject({ boardId: id, kind: 'awareness-query' });
    // The marker: b's own message reaches a, so a's would have arrived by now too.
    b.relay.publish(id, 'session', new Uint8Array([9]));
    await expect.poll(() => a.heard.length).toBe(1);
    expect(a.heard[0]).toMatchObject({ boardId: id, kind: 'session' });
  });

  it('counts subscriptions: a board is heard until its last room unsubscribes', async () => {
    const a = await relay();
    const b = await relay();
    const id = board();
    await b.relay.subscribe(id);
    await b.relay.subscribe(id);
    await b.relay.unsubscribe(id);
    a.relay.publish(id, 'state', new Uint8Array([1]));
    await expect.poll(() => b.heard.length).toBe(1);
    await b.relay.unsubscribe(id);
    a.relay.publish(id, 'state', new Uint8Array([2]));
    // The marker: a second board b still hears, published after the first.
    const other = board();
    await b.relay.subscribe(other);
    a.relay.publish(other, 'state', new Uint8Array([3]));
    await expect.poll(() => b.heard.length).toBe(2);
    expect(b.heard.map((m) => [m.boardId, m.payload[0]])).toEqual([
      [id, 1],
      [other, 3],
    ]);
  });

  it('withLock: one holder at a time across processes, and the lock is free afterwards', async () => {
    const a = await relay();
    const b = await relay();
    const name = board();
    let inside = 0;
    let most = 0;
    const work = async () => {
      inside++;
      most = Math.max(most, inside);
      await new Promise((r) => setTimeout(r, 20));
      inside--;
    };
    await Promise.all(
      Array.from({ length: 6 }, (_, i) => (i % 2 ? a : b).relay.withLock(name, work)),
    );
    expect(most).toBe(1);
    // Released: taken again within 2 s (a lock left behind would hold for its 10 s expiry).
    await expect(b.relay.withLock(name, async () => 'again', 2_000)).resolves.toBe('again');
  });

  it('withLock gives up with an error when another holder keeps the lock', async () => {
    const a = await relay();
    const b = await relay();
    const name = board();
    let release!: () => void;
    const held = a.relay.withLock(name, () => new Promise<void>((r) => (release = r)));
    await expect.poll(() => release !== undefined).toBe(true);
    await expect(b.relay.withLock(name, async () => {}, 100)).rejects.toThrow(/timed out/);
    release();
    await held;
  });
});
