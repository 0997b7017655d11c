/**
 * The sync server against stock y-websocket clients: the scenarios of y-websocket's own client
 * tests (sync, late joiner, awareness, reconnect), concurrent typing, and roles.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import * as board from '../../shared/board/index.ts';
import { startBoardServer, type InProcessServer } from '../helpers/boardServer.ts';
import type { CreatedBoard } from '../helpers/server.ts';
import { connectClient, eventually, type TestClient } from '../helpers/clients.ts';

let server: InProcessServer;
let created: CreatedBoard;
const clients: TestClient[] = [];

function client(token = created.tokens.editor, id = created.id): TestClient {
  const c = connectClient(server.wsUrl, id, token);
  clients.push(c);
  return c;
}

const cardTitle = (c: TestClient, id: string) => board.cardText(c.doc, id, 'title').toString();
const firstCardId = (c: TestClient) => board.fromYDoc(c.doc, created.id).cards[0].id;

beforeAll(async () => {
  server = await startBoardServer();
  created = await server.createBoard();
});

afterAll(async () => {
  for (const c of clients) c.destroy();
  await server?.close();
});

describe('y-websocket conformance', () => {
  it('syncs a board to a client and an edit to another', async () => {
    const a = client();
    const b = client();
    await Promise.all([a.synced(), b.synced()]);
    expect(board.fromYDoc(a.doc, created.id).cards.length).toBeGreaterThan(30);
    const id = firstCardId(a);
    board.editCardText(a.doc, id, 'body', 'edited by A');
    await eventually(() =>
      expect(board.cardText(b.doc, id, 'body').toString()).toBe('edited by A'),
    );
  });

  it('gives a late joiner everything', async () => {
    const a = client();
    await a.synced();
    const id = board.addCard(a.doc, {
      rowId: board.listRows(a.doc)[0].id,
      columnId: 'us',
      title: 'Late joiner check',
    });
    await eventually(async () => {
      const res = await fetch(
        `${server.baseUrl}/api/boards/${created.id}?token=${created.tokens.viewer}`,
      );
      expect(((await res.json()) as board.BoardJSON).cards.some((c) => c.id === id)).toBe(true);
    });
    const late = client();
    await late.synced();
    expect(cardTitle(late, id)).toBe('Late joiner check');
  });

  it('relays awareness and removes it at once when a client disconnects', async () => {
    const a = client();
    const b = client();
    await Promise.all([a.synced(), b.synced()]);
    a.provider.awareness.setLocalStateField('user', { name: 'Aiko' });
    await eventually(() => {
      const names = [...b.provider.awareness.getStates().values()].map(
        (s) => (s.user as { name?: string } | undefined)?.name,
      );
      expect(names).toContain('Aiko');
    });
    const aId = a.doc.clientID;
    a.provider.disconnect();
    await eventually(() => expect(b.provider.awareness.getStates().has(aId)).toBe(false), 5_000);
  });

  it('a client that reconnects sends what it edited while disconnected', async () => {
    const a = client();
    const b = client();
    await Promise.all([a.synced(), b.synced()]);
    const id = firstCardId(a);
    a.provider.disconnect();
    // The provider has let go of its socket, so the edit below has no way to the server.
    expect(a.provider.ws).toBeNull();
    expect(a.provider.wsconnected).toBe(false);
    board.editCardText(a.doc, id, 'title', 'Offline edit');
    expect(cardTitle(b, id)).not.toBe('Offline edit');
    a.provider.connect();
    await eventually(() => expect(cardTitle(b, id)).toBe('Offline edit'));
  });
});

describe('concurrent typing', () => {
  for (const n of [2, 10]) {
    it(`${n} clients typing in the same card title converge`, async () => {
      const group = Array.from({ length: n }, () => client());
      await Promise.all(group.map((c) => c.synced()));
      const id = firstCardId(group[0]);
      for (let round = 0; round < 5; round++) {
        group.forEach((c, i) => {
          const text = board.cardText(c.doc, id, 'title');
          // At either end only, so no marker is split by another client's insert.
          c.doc.transact(() => text.insert((i + round) % 2 ? text.length : 0, `<${i}.${round}>`));
        });
        await new Promise((r) => setTimeout(r, 5));
      }
      await eventually(() => {
        const titles = group.map((c) => cardTitle(c, id));
        for (const t of titles) expect(t).toBe(titles[0]);
        for (let i = 0; i < n; i++)
          for (let r = 0; r < 5; r++) expect(titles[0]).toContain(`<${i}.${r}>`);
      });
      const json = group.map((c) => board.fromYDoc(c.doc, created.id));
      for (const j of json) expect(j).toEqual(json[0]);
    });
  }
});

describe('roles', () => {
  it('drops every write of a viewer: no other client and not the store gets it', async () => {
    const editor = client();
    const viewer = client(created.tokens.viewer);
    await Promise.all([editor.synced(), viewer.synced()]);
    const id = firstCardId(viewer);
    board.editCardText(viewer.doc, id, 'body', 'VIEWER WROTE THIS');
    board.editCardText(editor.doc, id, 'title', 'Editor marker');
    // The viewer still receives the editor's edit...
    await eventually(() => expect(cardTitle(viewer, id)).toBe('Editor marker'));
    // ...while its own write reached no one.
    expect(board.cardText(editor.doc, id, 'body').toString()).not.toContain('VIEWER');
    const res = await fetch(`${server.baseUrl}/api/boards/${created.id}`, {
      headers: { authorization: `Bearer ${created.tokens.editor}` },
    });
    const stored = (await res.json()) as board.BoardJSON;
    expect(stored.cards.find((c) => c.id === id)!.body).not.toContain('VIEWER');
    const metrics = await (await fetch(`${server.baseUrl}/metrics`)).text();
    expect(Number(/updates_dropped_total (\d+)/.exec(metrics)![1])).toBeGreaterThan(0);
  });

  it('lets viewers be present (awareness)', async () => {
    const editor = client();
    const viewer = client(created.tokens.viewer);
    await Promise.all([editor.synced(), viewer.synced()]);
    viewer.provider.awareness.setLocalStateField('user', { name: 'Watcher' });
    await eventually(() =>
      expect(editor.provider.awareness.getStates().get(viewer.doc.clientID)).toBeTruthy(),
    );
  });

  it('closes with 4401 for a missing or forged token and 4403 for another board’s token', async () => {
    const other = await server.createBoard({ template: 'blank' });
    const forged = created.tokens.editor.replace(/.$/, (ch) => (ch === 'A' ? 'B' : 'A'));
    const roleSwapped = created.tokens.viewer.replace(/^viewer/, 'editor');
    const cases: [string, number][] = [
      ['', 4401],
      ['garbage', 4401],
      [forged, 4401],
      [roleSwapped, 4401],
      [other.tokens.facilitator, 4403],
    ];
    for (const [token, code] of cases) {
      const c = client(token);
      await eventually(() => expect(c.closeCodes[0]).toBe(code), 20_000);
      expect(c.doc.getMap('cards').size).toBe(0);
      c.provider.disconnect();
    }
  });

  it('closes with 4404 for a board that does not exist', async () => {
    const ghost = connectClient(server.wsUrl, 'no-such-board', created.tokens.editor);
    clients.push(ghost);
    await eventually(() => expect(ghost.closeCodes[0]).toBeGreaterThanOrEqual(4401));
    ghost.provider.disconnect();
    const missing = await server.createBoard({ template: 'blank' });
    await fetch(`${server.baseUrl}/api/boards/${missing.id}`, {
      method: 'DELETE',
      headers: { authorization: `Bearer ${missing.tokens.facilitator}` },
    });
    const c = client(missing.tokens.editor, missing.id);
    await eventually(() => expect(c.closeCodes[0]).toBe(4404));
    c.provider.disconnect();
  });
});

describe('snapshots', () => {
  it('a restore is seen live by a connected client', async () => {
    const c = client();
    await c.synced();
    const id = firstCardId(c);
    const before = cardTitle(c, id);
    const auth = {
      authorization: `Bearer ${created.tokens.facilitator}`,
      'content-type': 'application/json',
    };
    const snap = await fetch(`${server.baseUrl}/api/boards/${created.id}/snapshots`, {
      method: 'POST',
      headers: auth,
      body: JSON.stringify({ label: 'pre-read' }),
    });
    expect(snap.status).toBe(201);
    const { id: sid } = (await snap.json()) as { id: string };
    board.editCardText(c.doc, id, 'title', 'Changed after snapshot');
    await eventually(async () => {
      const res = await fetch(`${server.baseUrl}/api/boards/${created.id}`, { headers: auth });
      expect(((await res.json()) as board.BoardJSON).cards.find((x) => x.id === id)!.title).toBe(
        'Changed after snapshot',
      );
    });
    const restored = await fetch(
      `${server.baseUrl}/api/boards/${created.id}/snapshots/${sid}/restore`,
      { method: 'POST', headers: auth },
    );
    expect(restored.status).toBe(200);
    await eventually(() => expect(cardTitle(c, id)).toBe(before));
    const list = await fetch(`${server.baseUrl}/api/boards/${created.id}/snapshots`, {
      headers: auth,
    });
    expect(
      ((await list.json()) as { snapshots: { label: string }[] }).snapshots.map((s) => s.label),
    ).toContain('pre-read');
  });

  it('refuses snapshots and restore to editors', async () => {
    const res = await fetch(`${server.baseUrl}/api/boards/${created.id}/snapshots`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${created.tokens.editor}`,
        'content-type': 'application/json',
      },
      body: JSON.stringify({ label: 'x' }),
    });
    expect(res.status).toBe(403);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('forbidden');
  });
});

describe('a Y.Doc made by hand', () => {
  it('any stock Yjs client can read the board layout', async () => {
    const doc = new Y.Doc();
    const c = connectClient(server.wsUrl, created.id, created.tokens.viewer, doc);
    clients.push(c);
    await c.synced();
    expect(doc.getMap('meta').get('title')).toBeTypeOf('string');
    expect(doc.getArray('columns').length).toBeGreaterThanOrEqual(3);
  });
});
