/**
 * What one client may see (`viewFor`): before a reveal, no tallies and nobody else's ballot —
 * only its own votes — and never another client's voter id; after the reveal, tallies for every
 * target; the timer as the server's clock sees it. Also the stored form round trip.
 */
import { describe, expect, it } from 'vitest';
import {
  describeRefusal,
  initialSession,
  parseStoredSession,
  reduce,
  storedSession,
  StoredSessionError,
  viewFor,
  type Actor,
  type ReduceResult,
  type SessionState,
} from '../../../shared/facilitation/index.ts';

const NOW = 1_700_000_000_000;
const facilitator: Actor = { role: 'facilitator', voterId: 'secret-fac-id', name: 'Fumiko' };
const aiko: Actor = { role: 'editor', voterId: 'secret-aiko-id', name: 'Aiko' };
const ben: Actor = { role: 'editor', voterId: 'secret-ben-id', name: 'Ben' };

function ok(result: ReduceResult): SessionState {
  if (!result.ok) throw new Error(describeRefusal(result));
  return result.state;
}

function run(...steps: [string, unknown, Actor][]): SessionState {
  return steps.reduce(
    (s, [type, payload, who]) => ok(reduce(s, { type, payload }, who, NOW)),
    initialSession(),
  );
}

const voting = () =>
  run(
    ['vote:open', { targetIds: ['c1', 'c2', 'c3'], perPerson: 2 }, facilitator],
    ['vote:cast', { targetId: 'c1' }, aiko],
    ['vote:cast', { targetId: 'c2' }, aiko],
    ['vote:cast', { targetId: 'c1' }, ben],
  );

describe('viewFor', () => {
  it('before the reveal: own votes only, no tallies, no one else’s ballot or voter id', () => {
    const s = voting();
    const forAiko = viewFor(s, aiko.voterId, NOW);
    const forBen = viewFor(s, ben.voterId, NOW);
    const forViewer = viewFor(s, 'someone-else', NOW);
    expect(forAiko.myVotes).toEqual(['c1', 'c2']);
    expect(forBen.myVotes).toEqual(['c1']);
    expect(forViewer.myVotes).toEqual([]);
    for (const view of [forAiko, forBen, forViewer]) {
      expect(view.vote).toEqual({
        id: 'vote-1',
        targetIds: ['c1', 'c2', 'c3'],
        perPerson: 2,
        stacking: false,
        open: true,
        revealed: false,
        voterCount: 2,
      });
      expect('tallies' in view.vote!).toBe(false);
      const text = JSON.stringify(view);
      expect(text).not.toContain('ballots');
      for (const who of [facilitator, aiko, ben]) expect(text).not.toContain(who.voterId);
    }
  });

  it('a closed vote stays hidden until revealed, then shows tallies for every target', () => {
    let s = ok(reduce(voting(), { type: 'vote:close' }, facilitator, NOW));
    expect(viewFor(s, ben.voterId, NOW).vote).not.toHaveProperty('tallies');
    s = ok(reduce(s, { type: 'vote:reveal' }, facilitator, NOW));
    const view = viewFor(s, ben.voterId, NOW);
    expect(view.vote).toMatchObject({
      open: false,
      revealed: true,
      tallies: { c1: 2, c2: 1, c3: 0 },
    });
    expect(view.myVotes).toEqual(['c1']);
    expect(JSON.stringify(view)).not.toContain(aiko.voterId);
  });

  it('tallies stay correct for ids that are Object.prototype names', () => {
    const s = run(
      ['vote:open', { targetIds: ['constructor', 'toString'], perPerson: 1 }, facilitator],
      ['vote:cast', { targetId: 'constructor' }, aiko],
      ['vote:reveal', undefined, facilitator],
    );
    expect(viewFor(s, ben.voterId, NOW).vote?.tallies).toEqual({ constructor: 1, toString: 0 });
  });

  it('tells the presenter it presents, and no one else', () => {
    const s = run(['present:start', undefined, facilitator]);
    expect(viewFor(s, facilitator.voterId, NOW)).toMatchObject({
      presenting: true,
      presenter: 'Fumiko',
      presentedByYou: true,
    });
    expect(viewFor(s, aiko.voterId, NOW)).toMatchObject({
      presenting: true,
      presenter: 'Fumiko',
      presentedByYou: false,
    });
    expect(JSON.stringify(viewFor(s, aiko.voterId, NOW))).not.toContain(facilitator.voterId);
  });

  it('includes the server clock and shows a timer past its end as stopped', () => {
    const s = run(['timer:start', { seconds: 60 }, facilitator]);
    expect(viewFor(s, aiko.voterId, NOW + 1_000)).toMatchObject({
      serverNow: NOW + 1_000,
      timer: { endsAt: NOW + 60_000, running: true, seconds: 60 },
    });
    expect(viewFor(s, aiko.voterId, NOW + 60_000).timer?.running).toBe(false);
  });

  it('lists the participants it is given and nothing of the state is shared by reference', () => {
    const s: SessionState = { ...voting(), participants: [{ name: 'Aiko', role: 'editor' }] };
    const view = viewFor(s, aiko.voterId, NOW);
    expect(view.participants).toEqual([{ name: 'Aiko', role: 'editor' }]);
    view.myVotes.push('c3');
    view.vote!.targetIds.push('zz');
    expect(s.vote!.targetIds).toEqual(['c1', 'c2', 'c3']);
    expect(viewFor(s, aiko.voterId, NOW).myVotes).toEqual(['c1', 'c2']);
  });
});

describe('stored session', () => {
  it('round-trips everything but who is connected', () => {
    const s: SessionState = {
      ...run(
        ['present:start', undefined, facilitator],
        ['present:focus', { type: 'card', id: 'c2' }, facilitator],
        ['board:lock', { locked: true }, facilitator],
        ['timer:start', { seconds: 120 }, facilitator],
      ),
      vote: voting().vote,
      votesOpened: 1,
      participants: [{ name: 'Aiko', role: 'editor' }],
    };
    const back = parseStoredSession(storedSession(s));
    expect(back).toEqual({ ...s, participants: [] });
    expect(storedSession(s)).not.toContain('participants');
  });

  it('refuses what it did not write', () => {
    const good = JSON.parse(storedSession(voting())) as Record<string, unknown>;
    const bad = [
      'not json',
      '[]',
      JSON.stringify({ ...good, version: 99 }),
      JSON.stringify({ ...good, locked: 'yes' }),
      JSON.stringify({ ...good, focus: { type: 'card', id: '../x' } }),
      JSON.stringify({
        ...good,
        vote: { ...(good.vote as object), ballots: [{ voterId: 1, targetIds: [] }] },
      }),
      JSON.stringify({ ...good, timer: { endsAt: 'soon', running: true, seconds: 5 } }),
    ];
    for (const json of bad)
      expect(() => parseStoredSession(json), json).toThrow(StoredSessionError);
  });
});
