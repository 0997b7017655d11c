/**
 * Alignment per theme through a real server: two y-websocket clients rate the same theme at
 * the same moment and both ratings are kept; the brief (export.md) prints the averages; the
 * facilitator hides them over socket.io (the brief then leaves them out), the flag survives a
 * restart, and an import naming an unknown row is refused with the path of the bad field.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as board from '../../shared/board/index.ts';
import { startBoardServer, type InProcessServer } from '../helpers/boardServer.ts';
import type { CreatedBoard } from '../helpers/server.ts';
import { connectClient, eventually, type TestClient } from '../helpers/clients.ts';
import { joinSession, type SessionClient } from '../helpers/facilitation.ts';

let server: InProcessServer;
let created: CreatedBoard;
let aiko: TestClient;
let ben: TestClient;
let rowId = '';
let rowTitle = '';
const sessions: SessionClient[] = [];

beforeAll(async () => {
  server = await startBoardServer({ store: 'sqlite' });
  created = await server.createBoard();
  aiko = connectClient(server.wsUrl, created.id, created.tokens.editor);
  ben = connectClient(server.wsUrl, created.id, created.tokens.facilitator);
  await Promise.all([aiko.synced(), ben.synced()]);
  [{ id: rowId, title: rowTitle }] = board.listRows(aiko.doc);
});
afterAll(async () => {
  for (const s of sessions) s.close();
  aiko?.destroy();
  ben?.destroy();
  await server?.close();
});

async function download(file: string, token = created.tokens.viewer): Promise<Response> {
  return fetch(
    `${server.baseUrl}/api/boards/${created.id}/${file}?token=${encodeURIComponent(token)}`,
  );
}

const LINE =
  /Alignment 3\.0 \/ 5 \(spread 2\.0, 1–5\) · Importance 4\.5 \/ 5 \(spread 0\.5, 4–5\) · 2 people rated/;

describe('alignment ratings through the server', () => {
  it('keeps both of two ratings of one theme made at the same moment', async () => {
    // Neither client has seen the other's rating when it writes its own.
    board.rateTheme(
      aiko.doc,
      rowId,
      { id: 'aiko-rater', name: 'Aiko' },
      { aligned: 1, importance: 5 },
    );
    board.rateTheme(
      ben.doc,
      rowId,
      { id: 'ben-rater', name: 'Ben' },
      { aligned: 5, importance: 4 },
    );
    for (const client of [aiko, ben]) {
      await eventually(() =>
        expect(board.listRatings(client.doc).map((r) => `${r.raterId}:${r.aligned}`)).toEqual([
          'aiko-rater:1',
          'ben-rater:5',
        ]),
      );
    }
    await eventually(async () => {
      const json = (await (await download('export.json')).json()) as board.BoardJSON;
      expect(json.alignment?.map((r) => [r.rowId, r.raterId, r.aligned, r.importance])).toEqual([
        [rowId, 'aiko-rater', 1, 5],
        [rowId, 'ben-rater', 5, 4],
      ]);
    });
  });

  it('prints the averages under the theme in export.md', async () => {
    const res = await download('export.md');
    expect(res.status).toBe(200);
    const md = await res.text();
    const section = md.slice(md.indexOf(`### 1. ${rowTitle}`));
    expect(section.split('\n').slice(0, 3).join('\n')).toMatch(LINE);
  });

  it('lets only the facilitator hide the ratings; the brief then leaves them out', async () => {
    const host = await joinSession(server.baseUrl, {
      boardId: created.id,
      token: created.tokens.facilitator,
      name: 'Fumiko',
      clientId: 'fumiko-client-1',
    });
    const editor = await joinSession(server.baseUrl, {
      boardId: created.id,
      token: created.tokens.editor,
      name: 'Aiko',
      clientId: 'aiko-client-01',
    });
    sessions.push(host, editor);
    expect(editor.latest().ratingsHidden).toBe(false);

    expect(await editor.send('ratings:visibility', { hidden: true })).toEqual({
      ok: false,
      code: 'facilitator_only',
      params: { command: 'ratings:visibility' },
      error: 'Only a facilitator can hide or reveal the alignment ratings.',
    });
    expect(await host.send('ratings:visibility', { hidden: 'yes' })).toMatchObject({ ok: false });
    expect(await host.send('ratings:visibility', { hidden: true })).toEqual({ ok: true });
    await eventually(() => expect(editor.latest().ratingsHidden).toBe(true));
    expect(await (await download('export.md')).text()).not.toMatch(/people rated/);
    // The values are still in the board file: hiding is a presentation rule, not a secret.
    const json = (await (await download('export.json')).json()) as board.BoardJSON;
    expect(json.alignment).toHaveLength(2);
  });

  it('remembers the hidden flag across a restart, then reveals', async () => {
    for (const s of sessions.splice(0)) s.close();
    server = await server.restart();
    const host = await joinSession(server.baseUrl, {
      boardId: created.id,
      token: created.tokens.facilitator,
      name: 'Fumiko',
      clientId: 'fumiko-client-1',
    });
    sessions.push(host);
    expect(host.latest().ratingsHidden).toBe(true);
    expect(await host.send('ratings:visibility', { hidden: false })).toEqual({ ok: true });
    await eventually(() => expect(host.latest().ratingsHidden).toBe(false));
    expect(await (await download('export.md')).text()).toMatch(LINE);
  });

  it('imports ratings with a board and refuses one naming an unknown row', async () => {
    const json = (await (await download('export.json')).json()) as board.BoardJSON;
    const post = (body: unknown) =>
      fetch(`${server.baseUrl}/api/boards`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
    const copy = { ...json, id: 'alignment-copy' };
    const good = await post({ board: copy });
    expect(good.status).toBe(201);
    const broken = structuredClone(copy);
    broken.id = 'alignment-broken';
    broken.alignment![1].rowId = 'no-such-row';
    const res = await post({ board: broken });
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({
      error: { code: 'invalid_board', message: 'alignment[1].rowId: unknown row "no-such-row"' },
    });
  });
});
