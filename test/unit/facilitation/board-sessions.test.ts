/**
 * `BoardSessions` against the in-memory store: a change is stored before listeners hear of it,
 * a failed save leaves the state as it was, concurrent commands of one board apply in order,
 * a forgotten board comes back from the store, and participant names are recorded once.
 */
import { describe, expect, it } from 'vitest';
import { pino } from 'pino';
import { MemoryBoardStore } from '../../../server/store/memory.ts';
import { BoardSessions, FACILITATION_KEY } from '../../../server/facilitation/BoardSessions.ts';
import { cleanName, readParticipants } from '../../../server/facilitation/participants.ts';
import type { Actor, SessionState } from '../../../shared/facilitation/index.ts';

const log = pino({ level: 'silent' });
const facilitator: Actor = { role: 'facilitator', voterId: 'fac-0001', name: 'Fumiko' };
const editor = (n: number): Actor => ({
  role: 'editor',
  voterId: `editor-${n}`,
  name: `Editor ${n}`,
});

async function setup() {
  const store = new MemoryBoardStore();
  await store.createBoard('b1', 'Board', new Uint8Array([0, 0]));
  const sessions = new BoardSessions({ store, log });
  return { store, sessions };
}

describe('BoardSessions', () => {
  it('stores a change before publishing it, and skips no-ops', async () => {
    const { store, sessions } = await setup();
    const heard: { stored: string | null; state: SessionState }[] = [];
    const pending: Promise<void>[] = [];
    sessions.subscribe((boardId, state) => {
      pending.push(
        store
          .getBoardData(boardId, FACILITATION_KEY)
          .then((stored) => void heard.push({ stored, state })),
      );
    });
    expect(
      (
        await sessions.apply(
          'b1',
          { type: 'board:lock', payload: { locked: true } },
          facilitator,
          1,
        )
      ).ok,
    ).toBe(true);
    expect(
      (
        await sessions.apply(
          'b1',
          { type: 'board:lock', payload: { locked: true } },
          facilitator,
          2,
        )
      ).ok,
    ).toBe(true);
    expect(
      (await sessions.apply('b1', { type: 'vote:cast', payload: { targetId: 'c1' } }, editor(1), 3))
        .ok,
    ).toBe(false);
    await Promise.all(pending);
    expect(heard).toHaveLength(1);
    expect(JSON.parse(heard[0].stored!)).toMatchObject({ locked: true });
    expect(await sessions.lockedOf('b1')).toBe(true);
  });

  it('a failed save changes nothing and rejects', async () => {
    const { store, sessions } = await setup();
    const original = store.setBoardData.bind(store);
    store.setBoardData = () => Promise.reject(new Error('disk full'));
    await expect(
      sessions.apply('b1', { type: 'board:lock', payload: { locked: true } }, facilitator, 1),
    ).rejects.toThrow('disk full');
    expect((await sessions.read('b1')).locked).toBe(false);
    expect(await sessions.lockedOf('b1')).toBe(false);
    store.setBoardData = original;
    expect(
      (
        await sessions.apply(
          'b1',
          { type: 'board:lock', payload: { locked: true } },
          facilitator,
          2,
        )
      ).ok,
    ).toBe(true);
  });

  it('applies concurrent commands of one board one at a time (no lost votes)', async () => {
    const { sessions } = await setup();
    await sessions.apply(
      'b1',
      { type: 'vote:open', payload: { targetIds: ['c1', 'c2'], perPerson: 2 } },
      facilitator,
      1,
    );
    const results = await Promise.all(
      Array.from({ length: 40 }, (_, i) =>
        sessions.apply(
          'b1',
          { type: 'vote:cast', payload: { targetId: i < 20 ? 'c1' : 'c2' } },
          editor(i % 20),
          2,
        ),
      ),
    );
    expect(results.every((r) => r.ok)).toBe(true);
    const state = await sessions.read('b1');
    expect(state.vote?.ballots).toHaveLength(20);
    expect(state.vote?.ballots.every((b) => b.targetIds.length === 2)).toBe(true);
  });

  it('a forgotten board comes back from the store, votes and all', async () => {
    const { store, sessions } = await setup();
    await sessions.apply(
      'b1',
      { type: 'vote:open', payload: { targetIds: ['c1'], perPerson: 1 } },
      facilitator,
      1,
    );
    await sessions.apply('b1', { type: 'vote:cast', payload: { targetId: 'c1' } }, editor(1), 2);
    await sessions.forget('b1');
    expect(sessions.loadedCount).toBe(0);
    const fresh = new BoardSessions({ store, log });
    expect((await fresh.read('b1')).vote?.ballots).toEqual([
      { voterId: 'editor-1', targetIds: ['c1'] },
    ]);
    expect(
      (await fresh.apply('b1', { type: 'vote:cast', payload: { targetId: 'c1' } }, editor(1), 3))
        .ok,
    ).toBe(false);
  });

  it('a damaged stored state starts a new session instead of locking people out', async () => {
    const { store, sessions } = await setup();
    await store.setBoardData('b1', FACILITATION_KEY, '{"version":1,"locked":"maybe"}');
    expect((await sessions.read('b1')).locked).toBe(false);
    expect(await new BoardSessions({ store, log }).lockedOf('b1')).toBe(false);
  });

  it('records each participant name once, cleaned, in first-join order', async () => {
    const { store, sessions } = await setup();
    await Promise.all(
      ['Aiko', 'Ben', ' Aiko ', 'Chen\u0007\nWei', '', 'Ben'].map((n) =>
        sessions.recordParticipant('b1', n),
      ),
    );
    expect(await readParticipants(store, 'b1')).toEqual(['Aiko', 'Ben', 'Chen Wei']);
    expect(await readParticipants(store, 'nope')).toEqual([]);
    await sessions.forget('b1');
    await new BoardSessions({ store, log }).recordParticipant('b1', 'Dana');
    expect(await readParticipants(store, 'b1')).toEqual(['Aiko', 'Ben', 'Chen Wei', 'Dana']);
  });

  it('cleans names: trims, one line, bounded, nothing invisible', () => {
    expect(cleanName('  Aiko   Tanaka ')).toBe('Aiko Tanaka');
    expect(cleanName('a\u202eb')).toBe('a b');
    expect(cleanName('x'.repeat(200))).toHaveLength(60);
    expect(cleanName('   ')).toBeNull();
    expect(cleanName(42)).toBeNull();
  });
});
