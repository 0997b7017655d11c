/**
 * The agenda runner through a real server: a facilitator's y-websocket client writes the
 * agenda into the board, a facilitator socket sends `agenda:next`, and followers receive the
 * focus, the timer, the vote and the lock from that one command; editors' edits are dropped
 * once the step locks the board. The agenda is exported with the board (JSON and brief).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as board from '../../shared/board/index.ts';
import type { SessionView } from '../../shared/facilitation/index.ts';
import { startBoardServer, type InProcessServer } from '../helpers/boardServer.ts';
import type { CreatedBoard } from '../helpers/server.ts';
import { connectClient, eventually, marker, type TestClient } from '../helpers/clients.ts';
import { joinSession, type SessionClient } from '../helpers/facilitation.ts';

let server: InProcessServer;
let created: CreatedBoard;
const people: SessionClient[] = [];
const yClients: TestClient[] = [];

async function join(token: string, name: string): Promise<SessionClient> {
  const person = await joinSession(server.baseUrl, { boardId: created.id, token, name });
  people.push(person);
  return person;
}

function yClient(token: string): TestClient {
  const c = connectClient(server.wsUrl, created.id, token);
  yClients.push(c);
  return c;
}

async function apiBoard(): Promise<board.BoardJSON> {
  const res = await fetch(
    `${server.baseUrl}/api/boards/${created.id}?token=${created.tokens.viewer}`,
  );
  return (await res.json()) as board.BoardJSON;
}

beforeAll(async () => {
  server = await startBoardServer();
  created = await server.createBoard();
});

afterAll(async () => {
  for (const p of people) p.close();
  for (const c of yClients) c.destroy();
  await server?.close();
});

describe('agenda runner', () => {
  it('performs a whole step for the room from one agenda:next', async () => {
    const chair = yClient(created.tokens.facilitator);
    const writer = yClient(created.tokens.editor);
    const watcher = yClient(created.tokens.viewer);
    await Promise.all([chair.synced(), writer.synced(), watcher.synced()]);
    const json = board.fromYDoc(chair.doc, created.id);
    const row = json.rows[0].id;
    const frictions = json.frictions.slice(0, 2).map((f) => f.id);
    expect(frictions).toHaveLength(2);
    const cardId = json.cards[0].id;

    const host = await join(created.tokens.facilitator, 'Fumiko');
    const follower = await join(created.tokens.editor, 'Aiko');
    expect(await host.send('agenda:next')).toEqual({
      ok: false,
      code: 'agenda_empty',
      error: 'The agenda has no steps yet: add one first.',
    });

    // The facilitator writes the agenda through Yjs, like the web client does.
    const first = board.addStep(chair.doc, {
      title: 'Which friction first?',
      focus: { type: 'row', id: row },
      minutes: 7,
      vote: { targetIds: frictions, perPerson: 2 },
      lock: true,
    });
    const second = board.addStep(chair.doc, { title: 'Back to editing', lock: false });
    await eventually(async () => expect((await apiBoard()).agenda).toHaveLength(2));

    // Editors may not run the agenda.
    expect(await follower.send('agenda:next')).toEqual({
      ok: false,
      code: 'facilitator_only',
      params: { command: 'agenda:next' },
      error: 'Only a facilitator can move to the next agenda step.',
    });

    const before = follower.sessions.length;
    expect(await host.send('agenda:next')).toEqual({ ok: true });
    await eventually(() => expect(follower.latest().agenda?.stepId).toBe(first));
    // One command, one change: the first view after it already shows everything.
    const views: SessionView[] = follower.sessions.slice(before);
    const view = views.find((v) => v.agenda !== null)!;
    expect(view.agenda).toEqual({ stepId: first, index: 0 });
    expect(view.presenting).toBe(true);
    expect(view.presenter).toBe('Fumiko');
    expect(view.focus).toEqual({ type: 'row', id: row });
    expect(view.summonedAt).not.toBeNull();
    expect(view.timer).toMatchObject({ running: true, seconds: 420 });
    expect(view.vote).toMatchObject({ targetIds: frictions, perPerson: 2, open: true });
    expect(view.locked).toBe(true);
    expect(await follower.send('vote:cast', { targetId: frictions[0] })).toEqual({ ok: true });

    // The step locked the board: an editor's edit is dropped, a facilitator's goes through.
    const body = (c: TestClient) => board.cardText(c.doc, cardId, 'body').toString();
    board.editCardText(writer.doc, cardId, 'body', 'editor wrote this during the vote');
    // Everything the writer sent before its marker has been handled by the server; the
    // facilitator's step after it goes through the board's one write queue behind it.
    await marker(writer, watcher);
    board.addStep(chair.doc, { id: 'later', title: 'Added while locked' });
    await eventually(() =>
      expect(board.listAgenda(watcher.doc).map((s) => s.id)).toContain('later'),
    );
    expect(body(watcher)).not.toContain('during the vote');
    expect((await apiBoard()).cards.find((c) => c.id === cardId)?.body).not.toContain(
      'during the vote',
    );

    // Next: the vote closes (result kept), the timer stops, the board unlocks; focus stays.
    expect(await host.send('agenda:next')).toEqual({ ok: true });
    await eventually(() => expect(follower.latest().agenda).toEqual({ stepId: second, index: 1 }));
    const after = follower.latest();
    expect(after.locked).toBe(false);
    expect(after.timer).toBeNull();
    expect(after.vote).toMatchObject({ open: false, voterCount: 1 });
    expect(after.focus).toEqual({ type: 'row', id: row });

    // Back re-performs the first step; go jumps; end leaves the agenda.
    expect(await host.send('agenda:back')).toEqual({ ok: true });
    await eventually(() => expect(follower.latest().agenda?.stepId).toBe(first));
    expect(follower.latest().vote).toMatchObject({ open: true, voterCount: 0 });
    expect(await host.send('agenda:go', { stepId: 'later' })).toEqual({ ok: true });
    await eventually(() => expect(follower.latest().agenda).toEqual({ stepId: 'later', index: 2 }));
    expect(await host.send('agenda:next')).toMatchObject({ ok: false });
    expect(await host.send('agenda:end')).toEqual({ ok: true });
    await eventually(() => expect(follower.latest().agenda).toBeNull());
    expect(await host.send('board:lock', { locked: false })).toEqual({ ok: true });
  });

  it('exports the agenda with the board and in the brief', async () => {
    const exported = await apiBoard();
    expect(exported.agenda?.map((s) => s.title)).toEqual([
      'Which friction first?',
      'Back to editing',
      'Added while locked',
    ]);
    const md = await (
      await fetch(
        `${server.baseUrl}/api/boards/${created.id}/export.md?token=${created.tokens.viewer}`,
      )
    ).text();
    expect(md).toMatch(/## Annex [A-H]: Agenda/);
    expect(md).toMatch(/1\. \*\*Which friction first\?\*\*/);
    expect(md).toContain('7 min');
  });
});
