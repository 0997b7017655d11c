/**
 * Several server processes on one Postgres and one Redis serve a board together: clients on
 * different processes converge (document and presence), a process killed with -9 loses
 * nothing any client saw, and its clients carry on through another process.
 */
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import pg from 'pg';
import { randomBytes } from 'node:crypto';
import * as Y from 'yjs';
import * as board from '../../shared/board/index.ts';
import { startServer, type CreatedBoard, type TestServer } from '../helpers/server.ts';
import { connectClient, eventually, type TestClient } from '../helpers/clients.ts';
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
    const results = md.slice(md.indexOf('## Vote results'));
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

  it('kill -9 of one process while clients type loses nothing; its clients carry on elsewhere', async () => {
    const created = await servers[0].createBoard();
    const onVictim = client(servers[1], created);
    const onSurvivor = client(servers[2], created);
    await Promise.all([onVictim.synced(), onSurvivor.synced()]);
    const id = board.fromYDoc(onVictim.doc, created.id).cards[0].id;
    const typing = setInterval(() => {
      for (const [c, tag] of [
        [onVictim, 'v'],
        [onSurvivor, 's'],
      ] as const) {
        const text = board.cardText(c.doc, id, 'body');
        c.doc.transact(() => text.insert(text.length, tag));
      }
    }, 5);
    await new Promise((r) => setTimeout(r, 400));
    await servers[1].kill();
    // Later tests need three processes, whatever happens here.
    onTestFinished(async () => {
      servers[1] = await startServer({ env, port: servers[1].port });
    });
    const seenBySurvivor = board.cardText(onSurvivor.doc, id, 'body').toString();
    await new Promise((r) => setTimeout(r, 200));
    clearInterval(typing);

    // The victim's client reconnects through another process, with everything it holds.
    onVictim.provider.destroy();
    const moved = client(servers[0], created, onVictim.doc);
    await moved.synced();
    await eventually(() => {
      const a = board.cardText(moved.doc, id, 'body').toString();
      const b = board.cardText(onSurvivor.doc, id, 'body').toString();
      expect(a).toBe(b);
    });
    const finalText = board.cardText(onSurvivor.doc, id, 'body').toString();
    // Every character the survivor had seen is still there, in order.
    let at = 0;
    for (const ch of seenBySurvivor) {
      at = finalText.indexOf(ch, at) + 1;
      expect(at).toBeGreaterThan(0);
    }
    // And a fresh client loading from the store sees the same.
    const fresh = client(servers[2], created);
    await fresh.synced();
    await eventually(() =>
      expect(board.cardText(fresh.doc, id, 'body').toString()).toBe(finalText),
    );
  }, 60_000);

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
    await new Promise((r) => setTimeout(r, 300));
    expect(board.fromYDoc(near.doc, created.id).title).not.toBe('Stored, never published');
    // A process that loads the board from the store tells the others what it holds.
    const late = client(servers[1], created);
    await late.synced();
    await eventually(() => {
      for (const c of [late, near, far])
        expect(board.fromYDoc(c.doc, created.id).title).toBe('Stored, never published');
    });
  });

  it('converges across processes with random disconnects (seeded)', async () => {
    const seed = Number(process.env.FUZZ_SEED ?? Date.now() % 100_000);
    let state = seed;
    const rand = (n: number) => {
      state = (state * 1103515245 + 12345) % 2 ** 31;
      return state % n;
    };
    const created = await servers[0].createBoard();
    const group = Array.from({ length: 6 }, (_, i) => client(servers[i % 3], created));
    await Promise.all(group.map((c) => c.synced()));
    const cardIds = board.fromYDoc(group[0].doc, created.id).cards.map((c) => c.id);
    const rows = board.listRows(group[0].doc).map((r) => r.id);
    for (let step = 0; step < 200; step++) {
      const c = group[rand(group.length)];
      const id = cardIds[rand(cardIds.length)];
      if (!c.doc.getMap('cards').has(id)) continue;
      switch (rand(5)) {
        case 0: {
          const t = board.cardText(c.doc, id, 'title');
          c.doc.transact(() => t.insert(rand(t.length + 1), 'x'));
          break;
        }
        case 1:
          board.moveCard(c.doc, id, {
            rowId: rows[rand(rows.length)],
            columnId: ['us', 'jp', 'joint'][rand(3)],
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
        default:
          await new Promise((r) => setTimeout(r, rand(20)));
      }
    }
    for (const c of group) if (!c.provider.wsconnected) c.provider.connect();
    await eventually(() => {
      const json = group.map((c) => board.fromYDoc(c.doc, created.id));
      for (const j of json) expect(j, `fuzz seed ${seed}`).toEqual(json[0]);
    }, 20_000);
  });
});
