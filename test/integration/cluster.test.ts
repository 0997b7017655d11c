/**
 * Several server processes on one Postgres and one Redis serve a board together: clients on
 * different processes converge (document and presence), also with the server, Postgres and a
 * freshly started process; a process killed with -9 loses nothing another client saw (read
 * back through a fresh process); votes cast at once through every process are all counted.
 * (Lost pub/sub messages: `cluster-faults.test.ts`.)
 */
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import pg from 'pg';
import { randomBytes } from 'node:crypto';
import * as Y from 'yjs';
import * as board from '../../shared/board/index.ts';
import { startServer, type CreatedBoard, type TestServer } from '../helpers/server.ts';
import { connectClient, eventually, marker, type TestClient } from '../helpers/clients.ts';
import { clusterServicesAvailable, DATABASE_URL, REDIS_URL } from '../helpers/services.ts';
import { joinSession, type SessionClient } from '../helpers/facilitation.ts';
import { PostgresBoardStore } from '../../server/store/postgres.ts';

const available = await clusterServicesAvailable();
const schema = `bb_cluster_${randomBytes(4).toString('hex')}`;
const env = {
  STORE: 'postgres',
  DATABASE_URL,
  DATABASE_SCHEMA: schema,
  REDIS_URL,
  BOARD_SECRET: randomBytes(24).toString('base64url'),
  // No periodic comparison during the tests: catching up must come from the load itself.
  CLUSTER_SYNC_MS: '600000',
};
let servers: TestServer[] = [];
const clients: TestClient[] = [];
const sessions: SessionClient[] = [];

function client(server: TestServer, created: CreatedBoard, doc?: Y.Doc): TestClient {
  const c = connectClient(server.wsUrl, created.id, created.tokens.editor, doc);
  clients.push(c);
  return c;
}

describe.runIf(available)('several processes on Redis and Postgres', () => {
  beforeAll(async () => {
    servers = await Promise.all([startServer({ env }), startServer({ env }), startServer({ env })]);
  }, 240_000);

  afterAll(async () => {
    for (const c of clients) c.destroy();
    for (const s of sessions) s.close();
    await Promise.all(servers.map((s) => s.kill()));
    const db = new pg.Client({ connectionString: DATABASE_URL });
    await db.connect();
    await db.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    await db.end();
  });

  it('reports Redis and Postgres in /healthz', async () => {
    for (const s of servers)
      expect(await (await fetch(`${s.baseUrl}/healthz`)).json()).toEqual({ ok: true });
  });

  it('clients on different processes converge on one board, document and presence', async () => {
    const created = await servers[0].createBoard();
    const group = servers.map((s) => client(s, created));
    await Promise.all(group.map((c) => c.synced()));
    const id = board.fromYDoc(group[0].doc, created.id).cards[0].id;
    group.forEach((c, i) => {
      const text = board.cardText(c.doc, id, 'title');
      c.doc.transact(() => text.insert(i % 2 ? text.length : 0, `[p${i}]`));
    });
    board.moveCard(group[1].doc, id, {
      rowId: board.listRows(group[1].doc)[2].id,
      columnId: 'jp',
      index: 0,
    });
    await eventually(() => {
      const json = group.map((c) => board.fromYDoc(c.doc, created.id));
      for (const j of json) expect(j).toEqual(json[0]);
      for (let i = 0; i < group.length; i++)
        expect(json[0].cards.find((c) => c.id === id)!.title).toContain(`[p${i}]`);
    });
    group[2].provider.awareness.setLocalStateField('user', { name: 'Far away' });
    await eventually(() =>
      expect(group[0].provider.awareness.getStates().get(group[2].doc.clientID)).toMatchObject({
        user: { name: 'Far away' },
      }),
    );
    const leaving = group[2].doc.clientID;
    group[2].provider.disconnect();
    await eventually(() =>
      expect(group[0].provider.awareness.getStates().has(leaving)).toBe(false),
    );
  });

  it('a process loading a board later gets what others appended', async () => {
    const created = await servers[0].createBoard({ template: 'blank' });
    const writer = client(servers[0], created);
    await writer.synced();
    board.setTitle(writer.doc, 'Written on process 0');
    await eventually(async () => {
      const res = await fetch(
        `${servers[2].baseUrl}/api/boards/${created.id}?token=${created.tokens.viewer}`,
      );
      expect(((await res.json()) as board.BoardJSON).title).toBe('Written on process 0');
    });
  });

  it('facilitation: a presenter on one process leads followers on others; lock and votes hold everywhere', async () => {
    const created = await servers[0].createBoard();
    const join = async (i: number, token: string, name: string) => {
      const c = await joinSession(servers[i].baseUrl, {
        boardId: created.id,
        token,
        name,
        clientId: `client-${name}`,
      });
      sessions.push(c);
      return c;
    };
    const lead = await join(0, created.tokens.facilitator, 'Lead');
    const ann = await join(1, created.tokens.editor, 'Ann');
    const bo = await join(2, created.tokens.editor, 'Bo');
    await eventually(() => {
      for (const p of [lead, ann, bo])
        expect(
          p
            .latest()
            .participants.map((x) => x.name)
            .sort(),
        ).toEqual(['Ann', 'Bo', 'Lead']);
    });

    expect(await lead.send('present:start')).toEqual({ ok: true });
    const rowId = (
      (await (
        await fetch(`${servers[0].baseUrl}/api/boards/${created.id}?token=${created.tokens.viewer}`)
      ).json()) as board.BoardJSON
    ).rows[2].id;
    expect(await lead.send('present:focus', { type: 'row', id: rowId })).toEqual({ ok: true });
    await eventually(() => {
      for (const p of [ann, bo]) expect(p.latest().focus).toEqual({ type: 'row', id: rowId });
    });

    // Votes cast on two processes are counted together and stay hidden until revealed.
    const frictionIds = (
      (await (
        await fetch(`${servers[0].baseUrl}/api/boards/${created.id}?token=${created.tokens.viewer}`)
      ).json()) as board.BoardJSON
    ).frictions.map((f) => f.id);
    expect(
      await lead.send('vote:open', { targetIds: frictionIds.slice(0, 3), perPerson: 2 }),
    ).toEqual({ ok: true });
    await eventually(() => expect(bo.latest().vote?.open).toBe(true));
    expect(await ann.send('vote:cast', { targetId: frictionIds[0] })).toEqual({ ok: true });
    expect(await bo.send('vote:cast', { targetId: frictionIds[0] })).toEqual({ ok: true });
    expect(await bo.send('vote:cast', { targetId: frictionIds[1] })).toEqual({ ok: true });
    for (const p of [lead, ann, bo])
      for (const view of p.sessions) expect(view.vote?.tallies).toBeUndefined();
    expect(await lead.send('vote:reveal')).toEqual({ ok: true });
    await eventually(() =>
      expect(ann.latest().vote?.tallies).toMatchObject({
        [frictionIds[0]]: 2,
        [frictionIds[1]]: 1,
      }),
    );

    // The brief, from any process, ranks the revealed result.
    const md = await (
      await fetch(
        `${servers[2].baseUrl}/api/boards/${created.id}/export.md?token=${created.tokens.viewer}`,
      )
    ).text();
    const results = md.slice(md.search(/## Annex [A-H]: Vote results/));
    expect(results).toMatch(/^## Annex [A-H]: Vote results/);
    expect(results).toMatch(/^\| 1 \| .+ \| 2 \|$/m);
    expect(results).toMatch(/^\| 2 \| .+ \| 1 \|$/m);

    // The lock taken on process 0 holds on process 2's sync path.
    const editorFar = client(servers[2], created);
    const watcherFar = client(servers[1], created);
    await Promise.all([editorFar.synced(), watcherFar.synced()]);
    expect(await lead.send('board:lock', { locked: true })).toEqual({ ok: true });
    await eventually(() => expect(bo.latest().locked).toBe(true));
    const cardId = board.fromYDoc(editorFar.doc, created.id).cards[0].id;
    board.editCardText(editorFar.doc, cardId, 'body', 'WRITTEN WHILE LOCKED');
    const facilitatorFar = connectClient(servers[2].wsUrl, created.id, created.tokens.facilitator);
    clients.push(facilitatorFar);
    await facilitatorFar.synced();
    board.editCardText(facilitatorFar.doc, cardId, 'title', 'Facilitator may write');
    await eventually(() =>
      expect(board.cardText(watcherFar.doc, cardId, 'title').toString()).toBe(
        'Facilitator may write',
      ),
    );
    expect(board.cardText(watcherFar.doc, cardId, 'body').toString()).not.toContain('LOCKED');
    expect(await lead.send('board:lock', { locked: false })).toEqual({ ok: true });
    await eventually(() => expect(bo.latest().locked).toBe(false));
    board.editCardText(editorFar.doc, cardId, 'title', 'Editors write again');
    await eventually(() =>
      expect(board.cardText(watcherFar.doc, cardId, 'title').toString()).toBe(
        'Editors write again',
      ),
    );

    // Someone leaving on one process is seen on the others.
    ann.close();
    await eventually(() =>
      expect(
        bo
          .latest()
          .participants.map((x) => x.name)
          .sort(),
      ).toEqual(['Bo', 'Lead']),
    );
  });

  it('kill -9 of one process while clients type and its append is in flight loses nothing another client saw: read back through a fresh process', async () => {
    const created = await servers[0].createBoard();
    const onVictim = client(servers[1], created);
    const onSurvivor = client(servers[2], created);
    const watcher = client(servers[0], created);
    await Promise.all([onVictim.synced(), onSurvivor.synced(), watcher.synced()]);
    const id = board.fromYDoc(onVictim.doc, created.id).cards[0].id;
    const type = (c: TestClient, tag: string) => {
      const text = board.cardText(c.doc, id, 'body');
      c.doc.transact(() => text.insert(text.length, tag));
    };
    // Both type at once through two processes for a while, until everyone holds the same.
    let typing = setInterval(() => {
      type(onVictim, 'v');
      type(onSurvivor, 's');
    }, 5);
    await new Promise((r) => setTimeout(r, 400));
    clearInterval(typing);
    const vector = (c: TestClient) => Buffer.from(Y.encodeStateVector(c.doc)).toString('hex');
    await eventually(() => {
      for (const c of [onSurvivor, watcher]) expect(vector(c)).toBe(vector(onVictim));
    });

    // Postgres holds every append to this board: a transaction of the test's own locks the
    // board's row, which an append updates first. The victim's client types on; its process
    // must not let anyone see what it has not stored.
    const db = new pg.Client({ connectionString: DATABASE_URL });
    await db.connect();
    let released = false;
    const release = async () => {
      if (released) return;
      released = true;
      await db.query('ROLLBACK');
      await db.end();
    };
    onTestFinished(release);
    await db.query('BEGIN');
    await db.query(`SELECT 1 FROM "${schema}".boards WHERE id = $1 FOR UPDATE`, [created.id]);
    typing = setInterval(() => type(onVictim, 'V'), 5);
    // The victim's process has taken the victim's edits as far as its append, which waits
    // (asked on a connection of its own: a transaction sees one snapshot of the activity).
    const observer = new pg.Client({ connectionString: DATABASE_URL });
    await observer.connect();
    try {
      await eventually(async () => {
        const { rows } = await observer.query<{ n: number }>(
          `SELECT count(*)::int AS n FROM pg_stat_activity
            WHERE wait_event_type = 'Lock' AND query LIKE $1`,
          [`UPDATE "${schema}".boards SET updated_at%`],
        );
        expect(rows[0].n).toBeGreaterThan(0);
      });
    } finally {
      await observer.end();
    }
    // The marker: presence the victim's client sends now takes the path anything its process
    // published earlier took (that process, its Redis connection, the board's channel, the
    // survivor's process, the survivor's socket), in order, so it arrives after any such edit.
    await marker(onVictim, onSurvivor);
    let restarted = false;
    // Later tests need three processes, whatever happens here.
    onTestFinished(async () => {
      if (!restarted) servers[1] = await startServer({ env, port: servers[1].port });
    });
    await servers[1].kill();
    clearInterval(typing);
    // The victim's append dies with it (its connection is gone before it could commit).
    await release();
    // What the survivor had seen at the kill, as a copy.
    const seen = Y.encodeStateAsUpdate(onSurvivor.doc);
    const seenVector = Y.decodeStateVector(Y.encodeStateVector(onSurvivor.doc));
    const seenText = board.cardText(onSurvivor.doc, id, 'body').toString();
    expect(seenText).toContain('v');
    expect(seenText).toContain('s');
    // No original document may send anything back: the victim's client held unacknowledged edits.
    for (const c of [onVictim, onSurvivor, watcher]) c.destroy();

    // A process that never held the board reads it from Postgres.
    servers[1] = await startServer({ env, port: servers[1].port });
    restarted = true;
    const fresh = client(servers[1], created);
    await fresh.synced();
    // Both what the fresh process serves and what Postgres holds (other processes still hold
    // the board in memory and could fill in for the store through the catch-up path).
    const store = await PostgresBoardStore.open({ connectionString: DATABASE_URL, schema });
    const stored = new Y.Doc();
    for (const update of (await store.loadBoard(created.id))!) Y.applyUpdate(stored, update);
    await store.close();
    for (const [name, doc] of [
      ['fresh process', fresh.doc],
      ['Postgres', stored],
    ] as const) {
      const vector = Y.decodeStateVector(Y.encodeStateVector(doc));
      for (const [clientId, clock] of seenVector)
        expect(vector.get(clientId) ?? 0, `${name}, client ${clientId}`).toBeGreaterThanOrEqual(
          clock,
        );
      // Adding what was seen changes nothing: every insert and deletion is there.
      const merged = new Y.Doc();
      Y.applyUpdate(merged, Y.encodeStateAsUpdate(doc));
      Y.applyUpdate(merged, seen);
      expect(board.fromYDoc(merged, created.id), name).toEqual(board.fromYDoc(doc, created.id));
      expect(board.cardText(doc, id, 'body').length).toBeGreaterThanOrEqual(seenText.length);
    }
    // What the victim never stored, no other client saw.
    expect(seenText).not.toContain('V');
  }, 120_000);

  it('an update a process stored but died before publishing reaches the processes serving the board', async () => {
    const created = await servers[0].createBoard({ template: 'blank' });
    const near = client(servers[0], created);
    const far = client(servers[2], created);
    await Promise.all([near.synced(), far.synced()]);
    // What the dying process had stored: an edit made on a copy of the board, appended to
    // the shared store and never published on Redis.
    const copy = new Y.Doc();
    Y.applyUpdate(copy, Y.encodeStateAsUpdate(near.doc));
    const before = Y.encodeStateVector(copy);
    board.setTitle(copy, 'Stored, never published');
    const store = await PostgresBoardStore.open({ connectionString: DATABASE_URL, schema });
    await store.appendUpdates(created.id, [Y.encodeStateAsUpdate(copy, before)]);
    await store.close();
    // The marker: an edit made after the append travels between the two processes; the title
    // did not come with it (nothing but a load reads the store).
    board.setSubtitle(far.doc, 'Published after the append');
    await eventually(() =>
      expect(board.fromYDoc(near.doc, created.id).subtitle).toBe('Published after the append'),
    );
    expect(board.fromYDoc(near.doc, created.id).title).not.toBe('Stored, never published');
    // A process that loads the board from the store tells the others what it holds.
    const late = client(servers[1], created);
    await late.synced();
    await eventually(() => {
      for (const c of [late, near, far])
        expect(board.fromYDoc(c.doc, created.id).title).toBe('Stored, never published');
    });
  });

  it('converges across processes through adds, deletes, links, disconnects, a restart and a kill -9; the servers and a fresh process agree (seeded)', async () => {
    const seed = Number(process.env.FUZZ_SEED ?? Date.now() % 100_000);
    let state = seed;
    const rand = (n: number) => {
      state = (state * 1103515245 + 12345) % 2 ** 31;
      return state % n;
    };
    const created = await servers[0].createBoard();
    const group = Array.from({ length: 6 }, (_, i) => client(servers[i % 3], created));
    await Promise.all(group.map((c) => c.synced()));
    const initial = board.fromYDoc(group[0].doc, created.id);
    const cardIds = initial.cards.map((c) => c.id);
    const frictionIds = initial.frictions.map((f) => f.id);
    const rows = board.listRows(group[0].doc).map((r) => r.id);
    const columns = ['us', 'jp', 'joint'];
    let restarted = false;
    onTestFinished(async () => {
      if (!restarted) return;
      // Later tests (if any) need three processes running.
      for (const i of [1, 2])
        if (servers[i].process.exitCode !== null)
          servers[i] = await startServer({ env, port: servers[i].port });
    });
    // Clients back on a restarted process send it what its store lacks; the steps after that
    // must be stored as they happen (a fresh process below reads only those from the store).
    const reconnected = () =>
      eventually(() => {
        for (const c of group) if (c.provider.shouldConnect) expect(c.provider.synced).toBe(true);
      }, 20_000);
    for (let step = 0; step < 300; step++) {
      if (step === 80) {
        // A graceful restart: its clients wait, editing offline, and come back to it.
        restarted = true;
        await servers[1].stop();
        servers[1] = await startServer({ env, port: servers[1].port });
        await reconnected();
      }
      if (step === 160) {
        await servers[2].kill();
        servers[2] = await startServer({ env, port: servers[2].port });
        await reconnected();
      }
      const c = group[rand(group.length)];
      const id = cardIds[rand(cardIds.length)];
      if (!c.doc.getMap('cards').has(id)) continue;
      switch (rand(9)) {
        case 0: {
          const t = board.cardText(c.doc, id, 'title');
          c.doc.transact(() => t.insert(rand(t.length + 1), 'x'));
          break;
        }
        case 1:
          board.moveCard(c.doc, id, {
            rowId: rows[rand(rows.length)],
            columnId: columns[rand(3)],
            index: rand(3),
          });
          break;
        case 2:
          if (c.provider.wsconnected) c.provider.disconnect();
          else c.provider.connect();
          break;
        case 3:
          board.addComment(c.doc, { targetId: id, author: 'fuzz', text: `s${step}` });
          break;
        case 4:
          cardIds.push(
            board.addCard(c.doc, {
              rowId: rows[rand(rows.length)],
              columnId: columns[rand(3)],
              title: `added ${step}`,
            }),
          );
          break;
        case 5:
          if (c.doc.getMap('cards').size > 3) board.deleteCard(c.doc, id);
          break;
        case 6: {
          const frictionId = frictionIds[rand(frictionIds.length)];
          if (c.doc.getMap('frictions').has(frictionId)) board.linkCard(c.doc, frictionId, id);
          break;
        }
        default:
          await new Promise((r) => setTimeout(r, rand(20)));
      }
    }
    for (const c of group) if (!c.provider.wsconnected) c.provider.connect();
    const converged = await eventually(() => {
      const json = group.map((c) => board.fromYDoc(c.doc, created.id));
      for (const j of json) expect(j, `fuzz seed ${seed}`).toEqual(json[0]);
      const vectors = group.map((c) => Y.encodeStateVector(c.doc));
      for (const v of vectors) expect(Buffer.from(v).equals(Buffer.from(vectors[0]))).toBe(true);
      return json[0];
    }, 30_000);
    expect(converged.cards.some((c) => c.title.startsWith('added'))).toBe(true);
    // Each process serves what the clients hold …
    const read = async (s: TestServer) =>
      (await (
        await fetch(`${s.baseUrl}/api/boards/${created.id}?token=${created.tokens.viewer}`)
      ).json()) as board.BoardJSON;
    await eventually(async () => {
      for (const s of servers) expect(await read(s), `fuzz seed ${seed}`).toEqual(converged);
    });
    // … and so do Postgres and a process that never held the board.
    for (const c of group) c.destroy();
    const store = await PostgresBoardStore.open({ connectionString: DATABASE_URL, schema });
    const stored = new Y.Doc();
    for (const update of (await store.loadBoard(created.id))!) Y.applyUpdate(stored, update);
    await store.close();
    expect(board.fromYDoc(stored, created.id), `fuzz seed ${seed}`).toEqual(converged);
    const fresh = await startServer({ env });
    try {
      expect(await read(fresh), `fuzz seed ${seed}`).toEqual(converged);
      const reader = client(fresh, created);
      await reader.synced();
      expect(board.fromYDoc(reader.doc, created.id)).toEqual(converged);
    } finally {
      await fresh.kill();
    }
  }, 180_000);

  it('votes cast at once through three processes are all counted (the Redis lock)', async () => {
    const created = await servers[0].createBoard();
    const lead = await joinSession(servers[0].baseUrl, {
      boardId: created.id,
      token: created.tokens.facilitator,
      name: 'Lead',
    });
    sessions.push(lead);
    const targets = (
      (await (
        await fetch(`${servers[0].baseUrl}/api/boards/${created.id}?token=${created.tokens.viewer}`)
      ).json()) as board.BoardJSON
    ).frictions
      .slice(0, 3)
      .map((f) => f.id);
    expect(await lead.send('vote:open', { targetIds: targets, perPerson: 3 })).toEqual({
      ok: true,
    });
    const voters = await Promise.all(
      Array.from({ length: 9 }, async (_, i) => {
        const voter = await joinSession(servers[i % 3].baseUrl, {
          boardId: created.id,
          token: created.tokens.editor,
          name: `Voter ${i}`,
          clientId: `voter-${i}-${created.id}`,
        });
        sessions.push(voter);
        return voter;
      }),
    );
    await eventually(() => {
      for (const v of voters) expect(v.latest().vote?.open).toBe(true);
    });
    // 27 votes at once, every voter on every target, through all three processes.
    const acks = await Promise.all(
      voters.flatMap((v) => targets.map((targetId) => v.send('vote:cast', { targetId }))),
    );
    for (const ack of acks) expect(ack).toEqual({ ok: true });
    expect(await lead.send('vote:reveal')).toEqual({ ok: true });
    const expected = Object.fromEntries(targets.map((t) => [t, voters.length]));
    await eventually(() => expect(lead.latest().vote?.tallies).toEqual(expected));
    // Another process, reading the stored session, counts the same.
    await eventually(() => expect(voters[2].latest().vote?.tallies).toEqual(expected));
  }, 60_000);
});
