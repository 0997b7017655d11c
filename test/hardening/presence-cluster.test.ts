/**
 * The presence limits hold across processes (issue 13, defect 4): what one process relays is
 * only what passed its limits, and presence from another process cannot change the client ids
 * a local connection owns. Two processes on Postgres and Redis.
 */
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import pg from 'pg';
import { randomBytes } from 'node:crypto';
import * as encoding from 'lib0/encoding';
import { startServer, type TestServer } from '../helpers/server.ts';
import { connectClient, eventually, rawSocket } from '../helpers/clients.ts';
import { clusterServicesAvailable, DATABASE_URL, REDIS_URL } from '../helpers/services.ts';
import { MESSAGE_AWARENESS } from '../../shared/protocol.ts';

const available = await clusterServicesAvailable();
const schema = `bb_presence_${randomBytes(4).toString('hex')}`;
const env = {
  STORE: 'postgres',
  DATABASE_URL,
  DATABASE_SCHEMA: schema,
  REDIS_URL,
  BOARD_SECRET: randomBytes(24).toString('base64url'),
  CLUSTER_SYNC_MS: '600000',
};

function awarenessFrame(entries: Array<{ id: number; clock: number; state: unknown }>) {
  const inner = encoding.createEncoder();
  encoding.writeVarUint(inner, entries.length);
  for (const { id, clock, state } of entries) {
    encoding.writeVarUint(inner, id);
    encoding.writeVarUint(inner, clock);
    encoding.writeVarString(inner, JSON.stringify(state));
  }
  const outer = encoding.createEncoder();
  encoding.writeVarUint(outer, MESSAGE_AWARENESS);
  encoding.writeVarUint8Array(outer, encoding.toUint8Array(inner));
  return encoding.toUint8Array(outer);
}

describe.runIf(available)('presence limits across processes', () => {
  let a: TestServer;
  let b: TestServer;
  beforeAll(async () => {
    [a, b] = await Promise.all([startServer({ env }), startServer({ env })]);
  }, 240_000);
  afterAll(async () => {
    await Promise.all([a?.kill(), b?.kill()]);
    const db = new pg.Client({ connectionString: DATABASE_URL });
    await db.connect();
    await db.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    await db.end();
  });

  it('invented ids and an overwrite sent through one process reach the other capped', async () => {
    const created = await a.createBoard();
    // Alice and the observer are on B; the attacker on A.
    const alice = connectClient(b.wsUrl, created.id, created.tokens.editor);
    const observer = connectClient(b.wsUrl, created.id, created.tokens.viewer);
    const nearby = connectClient(a.wsUrl, created.id, created.tokens.viewer);
    onTestFinished(() => [alice, observer, nearby].forEach((c) => c.destroy()));
    await Promise.all([alice.synced(), observer.synced(), nearby.synced()]);
    alice.provider.awareness.setLocalStateField('user', { name: 'Alice' });
    await eventually(() =>
      expect(nearby.provider.awareness.getStates().get(alice.doc.clientID)).toEqual({
        user: { name: 'Alice' },
      }),
    );

    const attacker = await rawSocket(`${a.wsUrl}/${created.id}?token=${created.tokens.viewer}`);
    onTestFinished(() => attacker.ws.terminate());
    const ids = Array.from({ length: 5_000 }, (_, i) => 2_000_000 + i);
    const aliceClock = alice.provider.awareness.meta.get(alice.doc.clientID)!.clock;
    attacker.ws.send(
      awarenessFrame([
        { id: alice.doc.clientID, clock: aliceClock + 50, state: { user: { name: 'Mallory' } } },
      ]),
    );
    for (let i = 0; i < ids.length; i += 1_000)
      attacker.ws.send(
        awarenessFrame(ids.slice(i, i + 1_000).map((id) => ({ id, clock: 1, state: { n: id } }))),
      );
    attacker.ws.send(awarenessFrame([{ id: ids[0], clock: 2, state: { done: true } }]));

    // The attacker's last state reaches B: everything before it was handled.
    await eventually(
      () => expect(observer.provider.awareness.getStates().get(ids[0])).toEqual({ done: true }),
      30_000,
    );
    const others = [...observer.provider.awareness.getStates().keys()].filter(
      (id) =>
        id !== observer.doc.clientID && id !== alice.doc.clientID && id !== nearby.doc.clientID,
    );
    expect(others.length).toBeLessThanOrEqual(2);
    expect(observer.provider.awareness.getStates().get(alice.doc.clientID)).toEqual({
      user: { name: 'Alice' },
    });
    // A's own clients never saw Alice overwritten either.
    expect(nearby.provider.awareness.getStates().get(alice.doc.clientID)).toEqual({
      user: { name: 'Alice' },
    });
  }, 120_000);
});
