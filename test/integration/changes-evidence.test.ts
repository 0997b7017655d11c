/**
 * "What changed" and the evidence check through a real server: a facilitator takes a named
 * snapshot, an editor edits, moves, adds and deletes over y-websocket, and the changes route
 * and the brief's annex (Markdown and PDF, read with pdftotext) show exactly that. Then the
 * facilitator requires sources: exports answer 409 listing the unsourced measure until it
 * cites one.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as board from '../../shared/board/index.ts';
import { startBoardServer, type InProcessServer } from '../helpers/boardServer.ts';
import type { CreatedBoard } from '../helpers/server.ts';
import { connectClient, eventually, type TestClient } from '../helpers/clients.ts';
import { joinSession, type SessionClient } from '../helpers/facilitation.ts';

let server: InProcessServer;
let created: CreatedBoard;
let editor: TestClient;
let facilitator: SessionClient;
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'bb-changes-'));

beforeAll(async () => {
  server = await startBoardServer({ store: 'sqlite' });
  created = await server.createBoard();
  editor = connectClient(server.wsUrl, created.id, created.tokens.editor);
  await editor.synced();
  facilitator = await joinSession(server.baseUrl, {
    boardId: created.id,
    token: created.tokens.facilitator,
    name: 'Facilitator',
  });
});
afterAll(async () => {
  facilitator?.close();
  editor?.destroy();
  await server?.close();
  fs.rmSync(tmp, { recursive: true, force: true });
});

function api(route: string, token: string, init?: RequestInit): Promise<Response> {
  const sep = route.includes('?') ? '&' : '?';
  return fetch(
    `${server.baseUrl}/api/boards/${created.id}/${route}${sep}token=${encodeURIComponent(token)}`,
    init,
  );
}

async function takeSnapshot(label: string): Promise<{ id: string; label: string }> {
  const res = await api('snapshots', created.tokens.facilitator, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ label }),
  });
  expect(res.status).toBe(201);
  return (await res.json()) as { id: string; label: string };
}

interface ChangesAnswer {
  since: { id: string; label: string };
  counts: Record<board.ChangeKind, number>;
  changes: board.BoardChange[];
}

describe('what changed', () => {
  let snapshot: { id: string; label: string };
  let added: string;
  let edited: string;
  let moved: string;
  let removed: string;

  it('lists the edits, moves, additions and deletions made since a snapshot', async () => {
    snapshot = await takeSnapshot('pre-read');
    const live = board.fromYDoc(editor.doc, created.id);
    const [first, second, third] = live.cards;
    edited = first.id;
    moved = second.id;
    removed = third.id;
    const otherRow = live.rows.find((r) => r.id !== second.rowId)!;
    // This client stamps its edits with its person's name, as the web client does.
    const stopTracking = board.trackEditors(editor.doc, () => 'Aiko');
    board.editCardText(editor.doc, edited, 'title', 'Edited after the pre-read');
    board.moveCard(editor.doc, moved, { rowId: otherRow.id, columnId: second.columnId });
    board.deleteCard(editor.doc, removed);
    added = board.addCard(editor.doc, {
      rowId: live.rows[0].id,
      columnId: 'jp',
      title: 'Added without a source',
      kind: 'promotion',
    });
    await new Promise((resolve) => setTimeout(resolve, 0));
    stopTracking();

    const answer = await eventually(async () => {
      const res = await api(`changes?since=${snapshot.id}`, created.tokens.viewer);
      expect(res.status).toBe(200);
      const json = (await res.json()) as ChangesAnswer;
      expect(json.changes.some((c) => c.target.id === added)).toBe(true);
      return json;
    });
    expect(answer.since).toMatchObject({ id: snapshot.id, label: 'pre-read' });
    const kindOf = new Map(
      answer.changes.filter((c) => c.target.type === 'card').map((c) => [c.target.id, c]),
    );
    expect(kindOf.get(edited)).toMatchObject({ kind: 'edited', fields: ['title'], by: 'Aiko' });
    expect(kindOf.get(removed)).not.toHaveProperty('by');
    expect(kindOf.get(moved)).toMatchObject({
      kind: 'moved',
      from: { rowId: second.rowId },
      to: { rowId: otherRow.id },
    });
    expect(kindOf.get(removed)?.kind).toBe('removed');
    expect(kindOf.get(added)?.kind).toBe('added');
    expect(answer.counts.added).toBe(1);
    expect(answer.counts.moved).toBe(1);
    expect(answer.counts.removed).toBe(1);

    // The snapshot's own board is still the board as it was.
    const old = (await (
      await api(`snapshots/${snapshot.id}/board`, created.tokens.viewer)
    ).json()) as board.BoardJSON;
    expect(old.cards.find((c) => c.id === edited)?.title).toBe(first.title);
    expect(old.cards.some((c) => c.id === removed)).toBe(true);
  });

  it('adds a "Changes since" annex to the Markdown and PDF briefs', async () => {
    const md = await (await api(`export.md?since=${snapshot.id}`, created.tokens.viewer)).text();
    expect(md).toMatch(/## Annex [A-H]: Changes since “pre-read”/);
    expect(md).toContain('| Edited | Measure | Edited after the pre-read |');
    expect(md).toMatch(/\| Edited \| Measure \| Edited after the pre-read \| [^|\n]*by Aiko/);
    expect(md).toContain('| Added | Measure | Added without a source |');
    expect(md).toMatch(/\| Moved \| Measure \|/);
    expect(md).toMatch(/\| Removed \| Measure \|/);
    // Without ?since there is no annex.
    const plain = await (await api('export.md', created.tokens.viewer)).text();
    expect(plain).not.toContain('Changes since');

    const res = await api(`export.pdf?since=${snapshot.id}`, created.tokens.viewer);
    expect(res.status).toBe(200);
    const file = path.join(tmp, 'brief.pdf');
    fs.writeFileSync(file, Buffer.from(await res.arrayBuffer()));
    const text = execFileSync('pdftotext', ['-enc', 'UTF-8', '-layout', file, '-'], {
      encoding: 'utf8',
    });
    expect(text).toMatch(/Annex [A-H]: Changes since “pre-read”/);
    expect(text).toContain('Added without a source');
    expect(text).toMatch(/Moved\s+Measure/);
  });

  it('answers an unknown snapshot or a missing ?since clearly', async () => {
    const unknown = await api('changes?since=nope', created.tokens.viewer);
    expect(unknown.status).toBe(404);
    expect(await unknown.json()).toEqual({
      error: { code: 'not_found', message: 'no snapshot "nope" on this board' },
    });
    expect((await api('export.md?since=nope', created.tokens.viewer)).status).toBe(404);
    const empty = await api('export.md?since=', created.tokens.viewer);
    expect(empty.status).toBe(400);
    expect(((await empty.json()) as { error: { code: string } }).error.code).toBe('invalid_since');
    expect((await api('snapshots/nope/board', created.tokens.viewer)).status).toBe(404);
    const missing = await api('changes', created.tokens.viewer);
    expect(missing.status).toBe(400);
    expect(((await missing.json()) as { error: { code: string } }).error.code).toBe(
      'invalid_since',
    );
    expect((await api(`changes?since=${snapshot.id}`, 'bad-token')).status).toBe(401);
  });
});

describe('evidence check', () => {
  it('only a facilitator can require sources', async () => {
    const asEditor = await joinSession(server.baseUrl, {
      boardId: created.id,
      token: created.tokens.editor,
      name: 'Editor',
    });
    try {
      expect(await asEditor.send('export:require-sources', { required: true })).toEqual({
        ok: false,
        code: 'facilitator_only',
        params: { command: 'export:require-sources' },
        error: 'Only a facilitator can require sources before export.',
      });
    } finally {
      asEditor.close();
    }
  });

  it('blocks export with 409 listing the unsourced measure, until it cites a source', async () => {
    const unsourced = board
      .fromYDoc(editor.doc, created.id)
      .cards.filter((c) => c.sourceIds.length === 0);
    expect(unsourced.map((c) => c.title)).toEqual(['Added without a source']);
    // Not required yet: the brief exports and its evidence check names the measure.
    const md = await (await api('export.md', created.tokens.viewer)).text();
    expect(md).toMatch(/## Annex [A-H]: Evidence check/);
    expect(md).toContain('**Added without a source**');

    expect(await facilitator.send('export:require-sources', { required: true })).toEqual({
      ok: true,
    });
    await eventually(() => expect(facilitator.latest().requireSources).toBe(true));
    for (const file of ['export.md', 'export.pdf', 'export.html']) {
      const res = await api(file, created.tokens.viewer);
      expect(res.status, file).toBe(409);
      const body = (await res.json()) as {
        error: { code: string; message: string; cards: { id: string; title: string }[] };
      };
      expect(body.error.code).toBe('sources_required');
      expect(body.error.message).toMatch(/requires every measure to cite a source/);
      expect(body.error.cards).toEqual([{ id: unsourced[0].id, title: 'Added without a source' }]);
    }
    // The board itself still downloads.
    expect((await api('export.json', created.tokens.viewer)).status).toBe(200);

    const sourceId = board.fromYDoc(editor.doc, created.id).sources[0].id;
    board.attachSource(editor.doc, unsourced[0].id, sourceId);
    await eventually(async () => {
      expect((await api('export.md', created.tokens.viewer)).status).toBe(200);
    });
    expect((await api('export.html', created.tokens.viewer)).status).toBe(200);

    // The flag survives a restart: it is stored with the session.
    board.addCard(editor.doc, {
      rowId: board.listRows(editor.doc)[0].id,
      columnId: 'us',
      title: 'Another unsourced',
    });
    await eventually(async () => {
      expect((await api('export.md', created.tokens.viewer)).status).toBe(409);
    });
    facilitator.close();
    editor.destroy();
    server = await server.restart();
    const after = await api('export.md', created.tokens.viewer);
    expect(after.status).toBe(409);
    const body = (await after.json()) as { error: { cards: { title: string }[] } };
    expect(body.error.cards.map((c) => c.title)).toEqual(['Another unsourced']);
  });
});
