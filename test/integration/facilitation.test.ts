/**
 * Facilitation over socket.io against a real server: handshake refusals with their codes, role
 * refusals as acknowledgements, followers receiving the focus, tallies hidden from every
 * `session` payload until the reveal, the lock enforced on the y-websocket path, state that
 * survives a restart (in-process, on a real SQLite file; kill -9 is `crash.test.ts`'s), voters
 * recorded for the brief, and hostile payloads that never take the server down.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { io, type Socket } from 'socket.io-client';
import * as board from '../../shared/board/index.ts';
import type {
  ClientToServerEvents,
  ServerToClientEvents,
} from '../../shared/facilitation/index.ts';
import { FACILITATION_PATH } from '../../shared/protocol.ts';
import { SqliteBoardStore } from '../../server/store/index.ts';
import { readParticipants } from '../../server/facilitation/participants.ts';
import { startBoardServer, type InProcessServer } from '../helpers/boardServer.ts';
import type { CreatedBoard } from '../helpers/server.ts';
import { connectClient, eventually, marker, type TestClient } from '../helpers/clients.ts';
import { joinSession, type SessionClient } from '../helpers/facilitation.ts';

type FacilitationSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

type Person = SessionClient;

let server: InProcessServer;
let stopped = false;
let created: CreatedBoard;
const people: Person[] = [];
const yClients: TestClient[] = [];

function dial(
  auth: Record<string, unknown>,
  extraHeaders?: Record<string, string>,
): FacilitationSocket {
  return io(server.baseUrl, {
    path: FACILITATION_PATH,
    auth,
    transports: ['websocket'],
    reconnection: false,
    forceNew: true,
    extraHeaders,
  });
}

/** Connects and resolves once the first `session` arrived. */
async function join(
  token: string,
  name: string,
  clientId?: string,
  boardId = created.id,
): Promise<Person> {
  const person = await joinSession(server.baseUrl, {
    boardId,
    token,
    name,
    ...(clientId && { clientId }),
  });
  people.push(person);
  return person;
}

/** The handshake's refusal: `connect_error` and its `data`. */
function refusal(
  auth: Record<string, unknown>,
  extraHeaders?: Record<string, string>,
): Promise<Error & { data?: { code: number; message: string } }> {
  const socket = dial(auth, extraHeaders);
  return new Promise((resolve, reject) => {
    socket.on('connect', () => {
      socket.disconnect();
      reject(new Error('connected although it should have been refused'));
    });
    socket.on('connect_error', (error) => {
      socket.disconnect();
      resolve(error as Error & { data?: { code: number; message: string } });
    });
  });
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

function closeEveryone(): void {
  for (const p of people.splice(0)) p.close();
  for (const c of yClients.splice(0)) c.destroy();
}

beforeAll(async () => {
  server = await startBoardServer({ store: 'sqlite' });
  created = await server.createBoard();
});

afterEach(async () => {
  closeEveryone();
  // Leave the board clean for the next test (no lock, no vote, no presentation).
  if (!stopped && created) {
    const host = await join(created.tokens.facilitator, 'Cleanup');
    for (const [type, payload] of [
      ['board:lock', { locked: false }],
      ['vote:clear', undefined],
      ['present:stop', undefined],
      ['timer:stop', undefined],
    ] as const) {
      expect(await host.send(type, payload)).toEqual({ ok: true });
    }
    closeEveryone();
  }
});

afterAll(async () => {
  closeEveryone();
  await server?.close();
});

describe('facilitation handshake', () => {
  it('refuses a bad token (4401), another board’s token (4403) and a missing board (4404)', async () => {
    const bad = await refusal({
      boardId: created.id,
      token: 'facilitator.nope.xyz',
      name: 'Mallory',
    });
    expect(bad.data?.code).toBe(4401);
    expect(bad.data?.message).toMatch(/not valid/);
    expect((await refusal({ boardId: created.id, name: 'No token' })).data?.code).toBe(4401);

    const other = await server.createBoard({ template: 'blank' });
    expect((await refusal({ boardId: created.id, token: other.tokens.editor })).data).toMatchObject(
      { code: 4403 },
    );
    expect((await refusal({ token: other.tokens.editor })).data?.code).toBe(4404);
    expect((await refusal({ boardId: '../etc', token: other.tokens.editor })).data?.code).toBe(
      4404,
    );

    const gone = await fetch(`${server.baseUrl}/api/boards/${other.id}`, {
      method: 'DELETE',
      headers: { authorization: `Bearer ${other.tokens.facilitator}` },
    });
    expect(gone.status).toBeLessThan(300);
    expect((await refusal({ boardId: other.id, token: other.tokens.facilitator })).data?.code).toBe(
      4404,
    );
  });

  it('refuses a browser from a foreign origin', async () => {
    const error = await refusal(
      { boardId: created.id, token: created.tokens.editor },
      { origin: 'https://evil.example' },
    );
    expect(error.data?.code).toBeUndefined();
    expect(error.message).toMatch(/websocket error|xhr poll error|Forbidden/i);
  });

  it('sends every client the whole session on join, with who is here', async () => {
    const host = await join(created.tokens.facilitator, 'Fumiko', 'fumiko-client-1');
    const aiko = await join(created.tokens.editor, 'Aiko', 'aiko-client-01');
    await join(created.tokens.viewer, '');
    const first = aiko.sessions[0];
    expect(first).toMatchObject({
      presenting: false,
      presenter: null,
      focus: null,
      locked: false,
      timer: null,
      vote: null,
      myVotes: [],
    });
    expect(Math.abs(first.serverNow - Date.now())).toBeLessThan(5_000);
    await eventually(() =>
      expect(host.latest().participants).toEqual([
        { name: 'Fumiko', role: 'facilitator' },
        { name: 'Aiko', role: 'editor' },
        { name: 'Guest', role: 'viewer' },
      ]),
    );
    aiko.close();
    await eventually(() =>
      expect(host.latest().participants.map((p) => p.name)).toEqual(['Fumiko', 'Guest']),
    );
  });
});

describe('roles', () => {
  it('refuses a viewer’s vote and an editor’s facilitator commands with a clear acknowledgement', async () => {
    const host = await join(created.tokens.facilitator, 'Fumiko');
    const editor = await join(created.tokens.editor, 'Aiko');
    const viewer = await join(created.tokens.viewer, 'Victor');
    expect(await host.send('vote:open', { targetIds: ['c1', 'c2'], perPerson: 1 })).toEqual({
      ok: true,
    });

    expect(await viewer.send('vote:cast', { targetId: 'c1' })).toEqual({
      ok: false,
      code: 'viewer_cannot_vote',
      error: 'Viewers cannot vote: ask the facilitator for an editor link.',
    });
    const commands: [string, unknown][] = [
      ['present:start', undefined],
      ['present:focus', { type: 'card', id: 'c1' }],
      ['present:stop', undefined],
      ['present:summon', undefined],
      ['timer:start', { seconds: 60 }],
      ['timer:stop', undefined],
      ['board:lock', { locked: true }],
      ['vote:open', { targetIds: ['c3'], perPerson: 1 }],
      ['vote:reveal', undefined],
      ['vote:close', undefined],
      ['vote:clear', undefined],
    ];
    const before = editor.sessions.length;
    for (const [type, payload] of commands) {
      for (const who of [editor, viewer]) {
        const ack = await who.send(type, payload);
        expect(ack.ok, `${type}`).toBe(false);
        expect(!ack.ok && ack.error).toMatch(/^Only a facilitator can .+\.$/);
        expect(ack).toMatchObject({ code: 'facilitator_only', params: { command: type } });
      }
    }
    expect(await editor.send('vote:cast', { targetId: 'c1' })).toEqual({ ok: true });
    await eventually(() => expect(editor.latest().myVotes).toEqual(['c1']));
    // Refusals changed nothing anyone saw: the only new state is the editor's own vote.
    expect(
      editor.sessions.slice(before).every((s) => !s.presenting && !s.locked && s.vote?.open),
    ).toBe(true);
  });
});

describe('present mode', () => {
  it('followers receive the presenter’s focus and the summons', async () => {
    const host = await join(created.tokens.facilitator, 'Fumiko', 'fumiko-client-1');
    const editor = await join(created.tokens.editor, 'Aiko');
    const viewer = await join(created.tokens.viewer, 'Victor');
    expect(await host.send('present:focus', { type: 'card', id: 'c1' })).toEqual({
      ok: false,
      code: 'focus_needs_presenting',
      error: 'Start presenting before choosing what to show.',
    });
    expect(await host.send('present:start')).toEqual({ ok: true });
    expect(await host.send('present:focus', { type: 'card', id: 'c-42' })).toEqual({ ok: true });
    for (const follower of [editor, viewer]) {
      await eventually(() =>
        expect(follower.latest()).toMatchObject({
          presenting: true,
          presenter: 'Fumiko',
          presentedByYou: false,
          focus: { type: 'card', id: 'c-42' },
        }),
      );
    }
    expect(host.latest().presentedByYou).toBe(true);
    // The session arrives before the acknowledgement: after `await`, the presenter's state is current.
    expect(await host.send('present:focus', { type: 'friction', id: 'f-1' })).toEqual({ ok: true });
    expect(host.latest().focus).toEqual({ type: 'friction', id: 'f-1' });

    expect(await host.send('present:summon')).toEqual({ ok: true });
    const summoned = host.latest().summonedAt;
    expect(summoned).toBeGreaterThan(0);
    await eventually(() => expect(viewer.latest().summonedAt).toBe(summoned));

    expect(await host.send('present:stop')).toEqual({ ok: true });
    await eventually(() =>
      expect(viewer.latest()).toMatchObject({ presenting: false, presenter: null, focus: null }),
    );
  });

  it('a timer ends on its own and everyone hears it', async () => {
    const host = await join(created.tokens.facilitator, 'Fumiko');
    const viewer = await join(created.tokens.viewer, 'Victor');
    expect(await host.send('timer:start', { seconds: 1 })).toEqual({ ok: true });
    const started = host.latest().timer!;
    expect(started.running).toBe(true);
    // Started a second before it ends (however late this view was sent), not yet over.
    expect(started.seconds).toBe(1);
    expect(started.endsAt).toBeGreaterThan(host.latest().serverNow);
    await eventually(
      () => expect(viewer.latest().timer).toMatchObject({ running: false, endsAt: started.endsAt }),
      5_000,
    );
    expect(await host.send('timer:start', { seconds: 14_401 })).toMatchObject({ ok: false });
  });
});

describe('hidden votes', () => {
  it('no session payload carries tallies or anyone else’s votes before the reveal', async () => {
    const host = await join(created.tokens.facilitator, 'Fumiko', 'fumiko-client-1');
    const aiko = await join(created.tokens.editor, 'Aiko', 'aiko-client-01');
    const ben = await join(created.tokens.editor, 'Ben', 'ben-client-001');
    const viewer = await join(created.tokens.viewer, 'Victor', 'victor-client-1');
    expect(await host.send('vote:open', { targetIds: ['c1', 'c2', 'c3'], perPerson: 2 })).toEqual({
      ok: true,
    });

    expect(await aiko.send('vote:cast', { targetId: 'c1' })).toEqual({ ok: true });
    expect(await aiko.send('vote:cast', { targetId: 'c2' })).toEqual({ ok: true });
    expect(await aiko.send('vote:cast', { targetId: 'c3' })).toMatchObject({
      ok: false,
      code: 'votes_used_up',
      params: { perPerson: 2 },
      error: expect.stringMatching(/all 2 of your votes/),
    });
    expect(await ben.send('vote:cast', { targetId: 'c9' })).toEqual({
      ok: false,
      code: 'not_in_vote',
      error: 'That item is not part of this vote.',
    });
    expect(await ben.send('vote:cast', { targetId: 'c1' })).toEqual({ ok: true });
    expect(await host.send('vote:cast', { targetId: 'c3' })).toEqual({ ok: true });
    expect(await ben.send('vote:cast', { targetId: 'c3' })).toEqual({ ok: true });
    expect(await ben.send('vote:uncast', { targetId: 'c3' })).toEqual({ ok: true });
    expect(await ben.send('vote:uncast', { targetId: 'c3' })).toEqual({
      ok: false,
      code: 'not_voted',
      error: 'You have not voted for this item.',
    });
    await eventually(() => expect(viewer.latest().vote?.voterCount).toBe(3));

    const seenBefore = people.map((p) => p.sessions.length);
    expect(await host.send('vote:close')).toEqual({ ok: true });
    expect(await host.send('vote:reveal')).toEqual({ ok: true });
    for (const p of [host, aiko, ben, viewer]) {
      await eventually(() =>
        expect(p.latest().vote).toMatchObject({
          open: false,
          revealed: true,
          tallies: { c1: 2, c2: 1, c3: 1 },
        }),
      );
    }

    const own: [Person, string, string[]][] = [
      [host, 'fumiko-client-1', ['c3']],
      [aiko, 'aiko-client-01', ['c1', 'c2']],
      [ben, 'ben-client-001', ['c1', 'c3']],
      [viewer, 'victor-client-1', []],
    ];
    const clientIds = own.map(([, id]) => id);
    for (const [person, clientId, mayHold] of own) {
      const index = people.indexOf(person);
      expect(person.sessions.length).toBeGreaterThan(seenBefore[index]);
      for (const view of person.sessions) {
        const text = JSON.stringify(view);
        for (const other of clientIds) if (other !== clientId) expect(text).not.toContain(other);
        expect(text).not.toContain('ballots');
        for (const id of view.myVotes) expect(mayHold).toContain(id);
        if (!view.vote?.revealed) expect(view.vote ?? {}).not.toHaveProperty('tallies');
      }
      // Everything received before the reveal was sent carried no tallies at all.
      expect(
        person.sessions.slice(0, seenBefore[index]).some((v) => 'tallies' in (v.vote ?? {})),
      ).toBe(false);
    }
    expect(aiko.latest().myVotes).toEqual(['c1', 'c2']);
    expect(ben.latest().myVotes).toEqual(['c1']);
    expect(viewer.latest().myVotes).toEqual([]);

    // The revealed vote reaches the brief (its targets here are not cards of the board, so
    // the brief lists none of them).
    const md = await (
      await fetch(
        `${server.baseUrl}/api/boards/${created.id}/export.md?token=${created.tokens.viewer}`,
      )
    ).text();
    expect(md).toMatch(/## Annex [A-H]: Vote results/);
  });

  it('one person on two tabs (one clientId) shares one ballot', async () => {
    const host = await join(created.tokens.facilitator, 'Fumiko');
    const tabA = await join(created.tokens.editor, 'Aiko', 'aiko-client-01');
    const tabB = await join(created.tokens.editor, 'Aiko', 'aiko-client-01');
    expect(await host.send('vote:open', { targetIds: ['c1', 'c2'], perPerson: 1 })).toEqual({
      ok: true,
    });
    expect(await tabA.send('vote:cast', { targetId: 'c1' })).toEqual({ ok: true });
    expect(await tabB.send('vote:cast', { targetId: 'c2' })).toMatchObject({ ok: false });
    await eventually(() => expect(tabB.latest().myVotes).toEqual(['c1']));
    expect(host.latest().participants.filter((p) => p.name === 'Aiko')).toHaveLength(1);
  });
});

describe('lock on the y-websocket path', () => {
  it('drops an editor’s edits while locked, keeps a facilitator’s, and the same editor’s held-back edit lands after unlock', async () => {
    const host = await join(created.tokens.facilitator, 'Fumiko');
    const editorView = await join(created.tokens.editor, 'Aiko');
    const writer = yClient(created.tokens.editor);
    const chair = yClient(created.tokens.facilitator);
    const watcher = yClient(created.tokens.viewer);
    await Promise.all([writer.synced(), chair.synced(), watcher.synced()]);
    const [first, second, third] = board.fromYDoc(watcher.doc, created.id).cards.map((c) => c.id);
    const body = (c: TestClient, id: string) => board.cardText(c.doc, id, 'body').toString();
    const apiBody = async (id: string) => (await apiBoard()).cards.find((c) => c.id === id)?.body;

    expect(await host.send('board:lock', { locked: true })).toEqual({ ok: true });
    await eventually(() => expect(editorView.latest().locked).toBe(true));

    // Typed the instant before the lock reached this editor, so it arrives locked; then more.
    board.editCardText(writer.doc, first, 'body', 'editor wrote this while locked');
    board.editCardText(writer.doc, first, 'body', 'editor wrote this while locked, and more');
    // Everything the writer sent before its marker has been handled by the server.
    await marker(writer, watcher);
    board.editCardText(chair.doc, second, 'body', 'facilitator wrote this while locked');
    await eventually(() =>
      expect(body(watcher, second)).toBe('facilitator wrote this while locked'),
    );
    await eventually(async () =>
      expect(await apiBody(second)).toBe('facilitator wrote this while locked'),
    );
    expect(body(watcher, first)).not.toContain('while locked');
    expect(body(chair, first)).not.toContain('while locked');
    expect(await apiBody(first)).not.toContain('while locked');

    expect(await host.send('board:lock', { locked: false })).toEqual({ ok: true });
    // The same editor types on: its new edit depends on the ones the server dropped, so the
    // server asks for what it lacks and both land.
    board.editCardText(writer.doc, third, 'body', 'editor wrote this after unlock');
    await eventually(() => expect(body(watcher, third)).toBe('editor wrote this after unlock'));
    await eventually(() =>
      expect(body(watcher, first)).toBe('editor wrote this while locked, and more'),
    );
    await eventually(async () =>
      expect(await apiBody(first)).toBe('editor wrote this while locked, and more'),
    );
    expect(await apiBody(third)).toBe('editor wrote this after unlock');

    // Stored, not only held in memory: every client gone, a new process reads them back.
    closeEveryone();
    server = await server.restart();
    expect(await apiBody(first)).toBe('editor wrote this while locked, and more');
    expect(await apiBody(third)).toBe('editor wrote this after unlock');
    expect(await apiBody(second)).toBe('facilitator wrote this while locked');
  });
});

describe('durable facilitation state', () => {
  it('keeps votes, lock and focus across a restart, and the lock holds on the reloaded board', async () => {
    const host = await join(created.tokens.facilitator, 'Fumiko', 'fumiko-client-1');
    const aiko = await join(created.tokens.editor, 'Aiko', 'aiko-client-01');
    const ben = await join(created.tokens.editor, 'Ben', 'ben-client-001');
    for (const [type, payload] of [
      ['present:start', undefined],
      ['present:focus', { type: 'row', id: 'r-7' }],
      ['board:lock', { locked: true }],
      ['vote:open', { targetIds: ['c1', 'c2'], perPerson: 2 }],
    ] as const) {
      expect(await host.send(type, payload)).toEqual({ ok: true });
    }
    expect(await aiko.send('vote:cast', { targetId: 'c1' })).toEqual({ ok: true });
    expect(await aiko.send('vote:cast', { targetId: 'c2' })).toEqual({ ok: true });
    expect(await ben.send('vote:cast', { targetId: 'c2' })).toEqual({ ok: true });
    closeEveryone();

    server = await server.restart();

    const aikoAgain = await join(created.tokens.editor, 'Aiko', 'aiko-client-01');
    expect(aikoAgain.sessions[0]).toMatchObject({
      presenting: true,
      presenter: 'Fumiko',
      focus: { type: 'row', id: 'r-7' },
      locked: true,
      vote: { open: true, revealed: false, voterCount: 2 },
      myVotes: ['c1', 'c2'],
    });
    expect(await aikoAgain.send('vote:cast', { targetId: 'c1' })).toMatchObject({ ok: false });
    const hostAgain = await join(created.tokens.facilitator, 'Fumiko', 'fumiko-client-1');
    expect(hostAgain.latest().presentedByYou).toBe(true);

    // The board's sync room loads after the restart and comes back locked.
    const writer = yClient(created.tokens.editor);
    const watcher = yClient(created.tokens.viewer);
    const chair = yClient(created.tokens.facilitator);
    await Promise.all([writer.synced(), watcher.synced(), chair.synced()]);
    const card = board.fromYDoc(writer.doc, created.id).cards[3].id;
    board.editCardText(writer.doc, card, 'body', 'after restart, still locked');
    await marker(writer, watcher);
    // An accepted edit is relayed only once stored; the facilitator's edit, made after the
    // marker, goes through the board's one write queue behind anything of the writer's.
    board.editCardText(chair.doc, card, 'title', 'facilitator after restart');
    await eventually(() =>
      expect(board.cardText(watcher.doc, card, 'title').toString()).toBe(
        'facilitator after restart',
      ),
    );
    expect(board.cardText(watcher.doc, card, 'body').toString()).not.toContain('still locked');
    expect((await apiBoard()).cards.find((c) => c.id === card)?.body).not.toContain('still locked');

    expect(await hostAgain.send('vote:reveal')).toEqual({ ok: true });
    expect(hostAgain.latest().vote?.tallies).toEqual({ c1: 1, c2: 2 });
  });
});

describe('robustness', () => {
  it('answers malformed and unknown commands with errors, survives missing acks, and keeps serving', async () => {
    const host = await join(created.tokens.facilitator, 'Fumiko');
    const raw = host.socket as unknown as { emit(type: string, ...args: unknown[]): void };
    for (const payload of [
      null,
      'x',
      42,
      [],
      { targetIds: 'c1', perPerson: 1 },
      { targetIds: ['c1'], perPerson: '1' },
    ]) {
      const ack = await host.send('vote:open', payload);
      expect(ack.ok).toBe(false);
    }
    expect(await host.send('present:focus', { type: 'card', id: { $gt: '' } })).toMatchObject({
      ok: false,
    });
    expect(await host.send('board:destroy', {})).toEqual({
      ok: false,
      code: 'unknown_command',
      params: { command: 'board:destroy' },
      error: '"board:destroy" is not a facilitation command.',
    });
    // No acknowledgement callback at all, valid and not.
    raw.emit('board:lock', { locked: 'yes' });
    raw.emit('timer:start', { seconds: 5 });
    raw.emit('vote:cast');
    raw.emit('present:start', 1, 2, 3);
    await eventually(() => expect(host.latest().timer?.seconds).toBe(5));
    expect(await host.send('timer:stop')).toEqual({ ok: true });
    expect((await fetch(`${server.baseUrl}/healthz`)).ok).toBe(true);
  });

  it('refuses a connection’s 61st command within 10 s with a message, and only that connection’s', async () => {
    const host = await join(created.tokens.facilitator, 'Fumiko');
    const other = await join(created.tokens.facilitator, 'Fiona');
    // 60 commands in one burst are all carried out; the 61st, in the same burst, is refused.
    const acks = await Promise.all(
      Array.from({ length: 61 }, (_, i) =>
        host.send('timer:start', { seconds: i === 60 ? 999 : 100 + i }),
      ),
    );
    expect(acks.slice(0, 60).every((a) => a.ok)).toBe(true);
    expect(acks[60]).toEqual({
      ok: false,
      code: 'too_many_commands',
      error: 'Too many commands at once: wait a few seconds and try again.',
    });
    // The refused command changed nothing; the marker: another facilitator's command, made
    // after it, arrives, and the timer is still the 60th one's.
    expect(await other.send('present:start')).toEqual({ ok: true });
    await eventually(() => expect(host.latest().presenting).toBe(true));
    expect(host.latest().timer?.seconds).toBe(159);
    // The other connection has a budget of its own, and the first one gets its back after
    // the window (not waited for here: 10 s).
    expect(await other.send('timer:stop')).toEqual({ ok: true });
    expect(await host.send('timer:stop')).toMatchObject({ ok: false });
  });

  it('reports its numbers in /metrics', async () => {
    await join(created.tokens.viewer, 'Victor');
    const text = await (await fetch(`${server.baseUrl}/metrics`)).text();
    expect(text).toMatch(/briefing_board_facilitation_connections [1-9]/);
    expect(text).toMatch(/briefing_board_facilitation_commands_applied_total [1-9]/);
  });
});

describe('participants for the brief', () => {
  it('records the names that voted, once, and no name for joining', async () => {
    await join(created.tokens.editor, 'Chen Wei');
    await join(created.tokens.viewer, 'Chen Wei');
    closeEveryone();
    await server.close();
    stopped = true;
    const store = new SqliteBoardStore({ dir: server.dataDir });
    try {
      const names = await readParticipants(store, created.id);
      expect(names).toEqual(expect.arrayContaining(['Aiko', 'Ben']));
      expect(new Set(names).size).toBe(names.length);
      for (const onlyJoined of ['Guest', 'Victor', 'Chen Wei', 'Cleanup'])
        expect(names).not.toContain(onlyJoined);
    } finally {
      await store.close();
    }
  });
});
