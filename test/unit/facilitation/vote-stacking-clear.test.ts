/**
 * Dot voting as rooms do it: a stacking vote lets one person put several dots on one item (up
 * to their allowance), taking one back removes one dot; "Clear" keeps the vote whole for 10 s
 * so `vote:restore` can bring it back, and the view tells clients until when; the stored
 * session carries both, and sessions stored before them still load.
 */
import { describe, expect, it } from 'vitest';
import {
  describeRefusal,
  LIMITS,
  initialSession,
  parseStoredSession,
  reduce,
  storedSession,
  viewFor,
  type Actor,
  type ReduceResult,
  type SessionState,
} from '../../../shared/facilitation/index.ts';

const NOW = 1_700_000_000_000;
const facilitator: Actor = { role: 'facilitator', voterId: 'fac-1', name: 'Fumiko' };
const aiko: Actor = { role: 'editor', voterId: 'aiko-1', name: 'Aiko' };

function ok(result: ReduceResult): SessionState {
  if (!result.ok) throw new Error(`refused: ${describeRefusal(result)}`);
  return result.state;
}
function refusal(result: ReduceResult): string {
  if (result.ok) throw new Error('expected a refusal');
  return describeRefusal(result);
}
const open = (payload: unknown, s = initialSession()) =>
  reduce(s, { type: 'vote:open', payload }, facilitator, NOW);
const cast = (s: SessionState, targetId: string, who = aiko) =>
  reduce(s, { type: 'vote:cast', payload: { targetId } }, who, NOW);
const uncast = (s: SessionState, targetId: string, who = aiko) =>
  reduce(s, { type: 'vote:uncast', payload: { targetId } }, who, NOW);

describe('stacking votes', () => {
  it('lets one person put several dots on one item, up to perPerson', () => {
    let s = ok(open({ targetIds: ['f1', 'f2'], perPerson: 3, stacking: true }));
    expect(s.vote?.stacking).toBe(true);
    s = ok(cast(s, 'f1'));
    s = ok(cast(s, 'f1'));
    s = ok(cast(s, 'f1'));
    expect(viewFor(s, aiko.voterId, NOW).myVotes).toEqual(['f1', 'f1', 'f1']);
    expect(refusal(cast(s, 'f2'))).toMatch(/used all 3 of your votes/);
    s = ok(reduce(s, { type: 'vote:reveal' }, facilitator, NOW));
    expect(viewFor(s, 'someone-else', NOW).vote?.tallies).toEqual({ f1: 3, f2: 0 });
  });

  it('taking a dot back removes one, not all of them', () => {
    let s = ok(open({ targetIds: ['f1', 'f2'], perPerson: 3, stacking: true }));
    s = ok(cast(s, 'f1'));
    s = ok(cast(s, 'f2'));
    s = ok(cast(s, 'f1'));
    s = ok(uncast(s, 'f1'));
    expect(viewFor(s, aiko.voterId, NOW).myVotes).toEqual(['f1', 'f2']);
    s = ok(uncast(s, 'f1'));
    s = ok(uncast(s, 'f2'));
    expect(s.vote?.ballots).toEqual([]);
    expect(refusal(uncast(s, 'f1'))).toBe('You have not voted for this item.');
  });

  it('without stacking (the default), one dot per item', () => {
    let s = ok(open({ targetIds: ['f1', 'f2'], perPerson: 3 }));
    expect(s.vote?.stacking).toBe(false);
    expect(viewFor(s, aiko.voterId, NOW).vote?.stacking).toBe(false);
    s = ok(cast(s, 'f1'));
    expect(refusal(cast(s, 'f1'))).toBe('You have already voted for this item.');
    const explicit = ok(open({ targetIds: ['f1'], perPerson: 2, stacking: false }));
    expect(explicit.vote?.stacking).toBe(false);
  });

  it('refuses a stacking flag that is not a boolean', () => {
    for (const stacking of ['yes', 1, null, {}]) {
      expect(refusal(open({ targetIds: ['f1'], perPerson: 2, stacking }))).toMatch(
        /stacking must be true/,
      );
    }
  });
});

describe('clearing a vote can be undone for 10 seconds', () => {
  const voted = (): SessionState => {
    let s = ok(open({ targetIds: ['f1', 'f2'], perPerson: 2, stacking: true }));
    s = ok(cast(s, 'f1'));
    s = ok(cast(s, 'f1'));
    return ok(reduce(s, { type: 'vote:reveal' }, facilitator, NOW));
  };

  it('clear hides the vote but keeps it whole, with undoUntil in the view', () => {
    const before = voted();
    const s = ok(reduce(before, { type: 'vote:clear' }, facilitator, NOW));
    expect(s.vote).toBeNull();
    expect(s.clearedVote).toEqual({ vote: before.vote, undoUntil: NOW + LIMITS.clearUndoMs });
    const view = viewFor(s, aiko.voterId, NOW + 1000);
    expect(view.vote).toBeNull();
    expect(view.myVotes).toEqual([]);
    expect(view.clearedVote).toEqual({ id: 'vote-1', undoUntil: NOW + 10_000 });
    // Once the time is up, clients are no longer offered the undo.
    expect(viewFor(s, aiko.voterId, NOW + 10_001).clearedVote).toBeNull();
  });

  it('restore within 10 s brings back the vote, its ballots and its result', () => {
    const before = voted();
    const cleared = ok(reduce(before, { type: 'vote:clear' }, facilitator, NOW));
    const back = ok(reduce(cleared, { type: 'vote:restore' }, facilitator, NOW + 9_999));
    expect(back.vote).toEqual(before.vote);
    expect(back.clearedVote).toBeNull();
    expect(viewFor(back, aiko.voterId, NOW + 9_999).myVotes).toEqual(['f1', 'f1']);
    expect(viewFor(back, 'x', NOW).vote?.tallies).toEqual({ f1: 2, f2: 0 });
  });

  it('restore after 10 s, twice, or with nothing cleared is refused', () => {
    const cleared = ok(reduce(voted(), { type: 'vote:clear' }, facilitator, NOW));
    expect(refusal(reduce(cleared, { type: 'vote:restore' }, facilitator, NOW + 10_001))).toMatch(
      /no cleared vote/,
    );
    const back = ok(reduce(cleared, { type: 'vote:restore' }, facilitator, NOW + 1));
    expect(refusal(reduce(back, { type: 'vote:restore' }, facilitator, NOW + 2))).toMatch(
      /no cleared vote/,
    );
    expect(refusal(reduce(initialSession(), { type: 'vote:restore' }, facilitator, NOW))).toMatch(
      /no cleared vote/,
    );
    expect(refusal(reduce(cleared, { type: 'vote:restore' }, aiko, NOW))).toBe(
      'Only a facilitator can bring back a cleared vote.',
    );
  });

  it('opening another vote ends the undo', () => {
    const cleared = ok(reduce(voted(), { type: 'vote:clear' }, facilitator, NOW));
    const next = ok(open({ targetIds: ['f2'], perPerson: 1 }, cleared));
    expect(next.clearedVote).toBeNull();
    expect(next.vote?.id).toBe('vote-2');
    expect(refusal(reduce(next, { type: 'vote:restore' }, facilitator, NOW + 1))).toMatch(
      /no cleared vote/,
    );
  });

  it('the stored session keeps the cleared vote and stacking; older stored forms still load', () => {
    const cleared = ok(reduce(voted(), { type: 'vote:clear' }, facilitator, NOW));
    expect(parseStoredSession(storedSession(cleared))).toEqual({ ...cleared, participants: [] });

    const old = JSON.parse(storedSession(ok(open({ targetIds: ['f1'], perPerson: 1 })))) as {
      vote: Record<string, unknown>;
      clearedVote?: unknown;
    };
    delete old.vote.stacking;
    delete old.clearedVote;
    const loaded = parseStoredSession(JSON.stringify(old));
    expect(loaded.vote?.stacking).toBe(false);
    expect(loaded.clearedVote).toBeNull();
    const bad = { ...old, clearedVote: { vote: old.vote, undoUntil: 'soon' } };
    expect(() => parseStoredSession(JSON.stringify(bad))).toThrow(/clearedVote/);
  });
});

describe('the result as a slide', () => {
  it('present:focus takes { type: "vote", id } so present mode can chart the result', () => {
    const presenting = ok(reduce(initialSession(), { type: 'present:start' }, facilitator, NOW));
    const s = ok(
      reduce(
        presenting,
        { type: 'present:focus', payload: { type: 'vote', id: 'vote-1' } },
        facilitator,
        NOW,
      ),
    );
    expect(s.focus).toEqual({ type: 'vote', id: 'vote-1' });
    expect(parseStoredSession(storedSession(s)).focus).toEqual({ type: 'vote', id: 'vote-1' });
    expect(
      refusal(
        reduce(
          presenting,
          { type: 'present:focus', payload: { type: 'poll', id: 'vote-1' } },
          facilitator,
          NOW,
        ),
      ),
    ).toMatch(/present:focus needs/);
  });
});
