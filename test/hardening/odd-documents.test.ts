/**
 * An editor's program may write anything the Yjs protocol allows, not only what the board's
 * operations write: wrong types, unknown references, out-of-range scores, enormous strings in
 * every shared map (cards, frictions, alignment ratings, agenda steps, meta), a `javascript:`
 * source address. The server keeps serving, and every reader — the REST API (valid BoardJSON),
 * the brief in Markdown and PDF, a fresh client — reads the board as if the odd entries were
 * absent or clipped, and never offers a script address as a link.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import * as board from '../../shared/board/index.ts';
import { startServer, type CreatedBoard, type TestServer } from '../helpers/server.ts';
import { connectClient, eventually } from '../helpers/clients.ts';

let server: TestServer;
let created: CreatedBoard;
beforeAll(async () => {
  server = await startServer();
  created = await server.createBoard();
});
afterAll(async () => server?.stop());

const api = (path: string) =>
  fetch(`${server.baseUrl}/api/boards/${created.id}${path}?token=${created.tokens.viewer}`);

describe('documents that break the layout rules', () => {
  it('are read around, never crash a reader, and stay valid BoardJSON', async () => {
    const vandal = connectClient(server.wsUrl, created.id, created.tokens.editor);
    await vandal.synced();
    const doc = vandal.doc;
    const before = board.fromYDoc(doc, created.id);
    const huge = 'x'.repeat(200_000);
    doc.transact(() => {
      const alignment = doc.getMap<unknown>('alignment');
      alignment.set(`${before.rows[0].id}/ghost`, { name: 5, aligned: 99, importance: 'high' });
      alignment.set('no-slash', { name: 'N', aligned: 3, importance: 3 });
      alignment.set(`missing-row/ann`, { name: 'Ann', aligned: 3, importance: 3 });
      alignment.set(`${before.rows[0].id}/bob`, 'not a rating');
      const agenda = doc.getMap<unknown>('agenda');
      agenda.set('step-x', { title: 7 });
      const step = new Y.Map<unknown>();
      step.set('order', 'a0');
      step.set('title', huge);
      step.set('minutes', -4);
      step.set('focus', { type: 'planet', id: '../../etc' });
      step.set('vote', { targetIds: 'all', perPerson: 1e9 });
      agenda.set('step-y', step);
      const cards = doc.getMap<unknown>('cards');
      cards.set('bad-card', 'a string where a card should be');
      const orphan = new Y.Map<unknown>();
      orphan.set('rowId', 'nowhere');
      orphan.set('columnId', 42);
      orphan.set('kind', 'weapon');
      orphan.set('year', 'soon');
      orphan.set('tags', ['not', 'a', 'Y.Array']);
      cards.set('orphan', orphan);
      doc.getMap<unknown>('frictions').set('bad-friction', new Y.Map());
      doc.getMap<unknown>('meta').set('title', { not: 'text' });
      // A script address where a source's link goes, past the operations that refuse it.
      board
        .recordAt(doc.getMap<unknown>('sources'), before.sources[0].id)!
        .set('url', 'javascript:alert(document.cookie)');
      board.recordAt(doc.getMap<unknown>('cards'), before.cards[1].id)!.set('amount', huge);
    });
    await eventually(async () => {
      const res = await api('');
      expect(res.status).toBe(200);
      const json = (await res.json()) as board.BoardJSON;
      // What the server answers is BoardJSON a strict reader accepts.
      expect(() => board.parseBoardJson(json)).not.toThrow();
      expect(json.cards.map((c) => c.id)).not.toContain('bad-card');
      expect(json.cards.map((c) => c.id)).not.toContain('orphan');
      expect((json.alignment ?? []).map((r) => r.raterId)).not.toContain('ghost');
      for (const step of json.agenda ?? []) expect(step.title.length).toBeLessThanOrEqual(1_000);
      expect(json.sources[0].url).toBe('');
      expect(json.cards.find((c) => c.id === before.cards[1].id)!.amount!.length).toBe(1_000);
    });
    for (const path of ['/export.md', '/export.pdf', '/export.json']) {
      const res = await api(path);
      expect(res.status, path).toBe(200);
      expect((await res.arrayBuffer()).byteLength, path).toBeGreaterThan(100);
    }
    const fresh = connectClient(server.wsUrl, created.id, created.tokens.viewer);
    await fresh.synced();
    expect(board.fromYDoc(fresh.doc, created.id).cards.length).toBe(before.cards.length);

    // Honest work goes on around the odd entries: delete a measure linked to frictions,
    // comment on another, and everyone sees it.
    const honest = connectClient(server.wsUrl, created.id, created.tokens.editor);
    await honest.synced();
    const [gone, kept] = before.cards.map((c) => c.id);
    board.deleteCard(honest.doc, gone);
    board.addComment(honest.doc, { targetId: kept, author: 'Ann', text: 'still works' });
    await eventually(() => {
      const json = board.fromYDoc(fresh.doc, created.id);
      expect(json.cards.map((c) => c.id)).not.toContain(gone);
      expect(json.comments.map((c) => c.text)).toContain('still works');
    });
    vandal.destroy();
    fresh.destroy();
    honest.destroy();
  });
});
