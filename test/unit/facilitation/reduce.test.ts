/**
 * The facilitation reducer: every command against every role (allowed or refused with a
 * sentence), payload validation, the present/timer/lock transitions, and the vote's rules —
 * per-person limits, one vote per item, take-back, reveal, close keeping the result.
 */
import { describe, expect, it } from 'vitest';
import { ROLES, type Role } from '../../../shared/roles.ts';
import {
  describeRefusal,
  FACILITATOR_ACTIONS,
  refusalAck,
  COMMANDS,
  initialSession,
  reduce,
  type Actor,
  type CommandName,
  type ReduceContext,
  type ReduceResult,
  type SessionState,
} from '../../../shared/facilitation/index.ts';

const NOW = 1_700_000_000_000;

const actor = (role: Role, voterId = `${role}-1`, name = `The ${role}`): Actor => ({
  role,
  voterId,
  name,
});
const facilitator = actor('facilitator');
const editor = actor('editor');

function ok(result: ReduceResult): SessionState {
  if (!result.ok) throw new Error(`refused: ${describeRefusal(result)}`);
  return result.state;
}

function refusal(result: ReduceResult): string {
  if (result.ok) throw new Error('expected a refusal');
  return describeRefusal(result);
}

const presenting = (): SessionState =>
  ok(reduce(initialSession(), { type: 'present:start' }, facilitator, NOW));
const withVote = (perPerson = 2, targetIds = ['c1', 'c2', 'c3']): SessionState =>
  ok(
    reduce(
      initialSession(),
      { type: 'vote:open', payload: { targetIds, perPerson } },
      facilitator,
      NOW,
    ),
  );

/** Two agenda steps as the server would read them from the board. */
const AGENDA: ReduceContext = {
  agenda: [
    { id: 's1', order: 'a0', title: 'One', focus: null, minutes: 5, vote: null, lock: null },
    { id: 's2', order: 'a1', title: 'Two', focus: null, minutes: null, vote: null, lock: true },
  ],
};
const onStep = (stepId: string, index: number) => (): SessionState => ({
  ...initialSession(),
  agenda: { stepId, index },
});

/** For each command: a state in which it makes sense, a valid payload, and what the server read. */
const SCENARIOS: Record<
  CommandName,
  { state: () => SessionState; payload?: unknown; context?: ReduceContext }
> = {
  'present:start': { state: initialSession },
  'present:focus': { state: presenting, payload: { type: 'card', id: 'c1' } },
  'present:stop': { state: presenting },
  'present:summon': { state: presenting },
  'timer:start': { state: initialSession, payload: { seconds: 300 } },
  'timer:stop': {
    state: () =>
      ok(
        reduce(
          initialSession(),
          { type: 'timer:start', payload: { seconds: 60 } },
          facilitator,
          NOW,
        ),
      ),
  },
  'board:lock': { state: initialSession, payload: { locked: true } },
  'vote:open': { state: initialSession, payload: { targetIds: ['c1', 'c2'], perPerson: 1 } },
  'vote:cast': { state: () => withVote(), payload: { targetId: 'c1' } },
  'vote:uncast': {
    state: () => {
      const s = withVote();
      return ok(reduce(s, { type: 'vote:cast', payload: { targetId: 'c1' } }, facilitator, NOW));
    },
    payload: { targetId: 'c1' },
  },
  'vote:reveal': { state: () => withVote() },
  'vote:close': { state: () => withVote() },
  'vote:clear': { state: () => withVote() },
  'vote:restore': {
    state: () => ok(reduce(withVote(), { type: 'vote:clear' }, facilitator, NOW)),
  },
  'ratings:visibility': { state: initialSession, payload: { hidden: true } },
  'agenda:next': { state: initialSession, context: AGENDA },
  'agenda:back': { state: onStep('s2', 1), context: AGENDA },
  'agenda:go': { state: initialSession, payload: { stepId: 's2' }, context: AGENDA },
  'agenda:end': { state: onStep('s1', 0) },
  'export:require-sources': { state: initialSession, payload: { required: true } },
  'participants:set': { state: initialSession, payload: { names: ['Aiko'] } },
};

const ALLOWED: Record<CommandName, readonly Role[]> = {
  'present:start': ['facilitator'],
  'present:focus': ['facilitator'],
  'present:stop': ['facilitator'],
  'present:summon': ['facilitator'],
  'timer:start': ['facilitator'],
  'timer:stop': ['facilitator'],
  'board:lock': ['facilitator'],
  'vote:open': ['facilitator'],
  'vote:cast': ['facilitator', 'editor'],
  'vote:uncast': ['facilitator', 'editor'],
  'vote:reveal': ['facilitator'],
  'vote:close': ['facilitator'],
  'vote:clear': ['facilitator'],
  'vote:restore': ['facilitator'],
  'ratings:visibility': ['facilitator'],
  'agenda:next': ['facilitator'],
  'agenda:back': ['facilitator'],
  'agenda:go': ['facilitator'],
  'agenda:end': ['facilitator'],
  'export:require-sources': ['facilitator'],
  'participants:set': ['facilitator'],
};

describe('every command × every role', () => {
  for (const type of COMMANDS) {
    for (const role of ROLES) {
      const allowed = ALLOWED[type].includes(role);
      it(`${type} by ${role} is ${allowed ? 'accepted' : 'refused'}`, () => {
        const { state, payload, context } = SCENARIOS[type];
        // The uncast scenario's vote was cast by `${role}-1` only for the facilitator; cast it for this actor.
        let before = state();
        if (type === 'vote:uncast' && role === 'editor') {
          before = ok(
            reduce(before, { type: 'vote:cast', payload: { targetId: 'c1' } }, actor(role), NOW),
          );
        }
        const result = reduce(before, { type, payload }, actor(role), NOW, context);
        if (allowed) {
          expect(result.ok).toBe(true);
          expect(ok(result)).not.toBe(before);
        } else {
          const error = refusal(result);
          const isVoting = type === 'vote:cast' || type === 'vote:uncast';
          expect(error).toMatch(isVoting ? /^Viewers cannot vote/ : /^Only a facilitator can /);
          expect(error).toMatch(/[.!]$/);
          // A code with parameters, never a sentence: each interface words it in its language.
          expect(result).toEqual(
            isVoting && role === 'viewer'
              ? { ok: false, code: 'viewer_cannot_vote' }
              : { ok: false, code: 'facilitator_only', params: { command: type } },
          );
        }
      });
    }
  }

  it('refuses names that are not commands, whoever sends them', () => {
    expect(refusal(reduce(initialSession(), { type: 'board:delete' }, facilitator, NOW))).toBe(
      '"board:delete" is not a facilitation command.',
    );
    expect(
      refusal(reduce(initialSession(), { type: 42 as unknown as string }, facilitator, NOW)),
    ).toMatch(/not a facilitation command/);
  });

  it('has an English action for every facilitator-only command', () => {
    for (const type of COMMANDS) {
      expect(FACILITATOR_ACTIONS[type], type).toMatch(/^[a-z]/);
      expect(refusalAck({ code: 'facilitator_only', params: { command: type } })).toMatchObject({
        error: `Only a facilitator can ${FACILITATOR_ACTIONS[type]}.`,
      });
    }
  });

  it('never changes the state it is given', () => {
    const before = withVote();
    const frozen = JSON.stringify(before);
    reduce(before, { type: 'vote:cast', payload: { targetId: 'c2' } }, editor, NOW);
    reduce(before, { type: 'vote:close' }, facilitator, NOW);
    expect(JSON.stringify(before)).toBe(frozen);
  });
});

describe('malformed payloads are refusals, never exceptions', () => {
  const junk: unknown[] = [
    undefined,
    null,
    0,
    'x',
    [],
    {},
    { id: 5 },
    { type: 'card' },
    { __proto__: { seconds: 5 } },
  ];
  const needsPayload: CommandName[] = [
    'present:focus',
    'timer:start',
    'board:lock',
    'vote:open',
    'vote:cast',
    'vote:uncast',
  ];
  for (const type of needsPayload) {
    it(`${type} refuses junk`, () => {
      for (const payload of junk) {
        if (type === 'present:focus' && payload === null) continue; // null means "whole board"
        const { state } = SCENARIOS[type];
        const result = reduce(state(), { type, payload }, facilitator, NOW);
        expect(result.ok, `${type} ${JSON.stringify(payload)}`).toBe(false);
        expect(refusal(result)).toMatch(/needs|must|may|valid/);
      }
    });
  }

  it('checks ids against the board id pattern', () => {
    for (const id of ['', '-x', 'a/b', 'x'.repeat(65), '../etc', 'a b']) {
      expect(
        reduce(
          presenting(),
          { type: 'present:focus', payload: { type: 'card', id } },
          facilitator,
          NOW,
        ).ok,
      ).toBe(false);
      expect(
        reduce(withVote(), { type: 'vote:cast', payload: { targetId: id } }, editor, NOW).ok,
      ).toBe(false);
    }
    expect(
      reduce(
        presenting(),
        { type: 'present:focus', payload: { type: 'column', id: 'us' } },
        facilitator,
        NOW,
      ).ok,
    ).toBe(false);
  });

  it('bounds the timer to 1 s … 4 h, whole seconds', () => {
    const start = (seconds: unknown) =>
      reduce(initialSession(), { type: 'timer:start', payload: { seconds } }, facilitator, NOW);
    for (const bad of [0, -1, 14_401, 1.5, NaN, Infinity, '60', null])
      expect(start(bad).ok, String(bad)).toBe(false);
    for (const good of [1, 60, 14_400]) expect(start(good).ok).toBe(true);
  });

  it('bounds votes: 1–100 unique targets, 1–20 votes a person', () => {
    const open = (targetIds: unknown, perPerson: unknown) =>
      reduce(
        initialSession(),
        { type: 'vote:open', payload: { targetIds, perPerson } },
        facilitator,
        NOW,
      );
    const ids = (n: number) => Array.from({ length: n }, (_, i) => `c${i}`);
    expect(refusal(open([], 1))).toMatch(/1 to 100/);
    expect(refusal(open(ids(101), 1))).toMatch(/1 to 100/);
    expect(refusal(open(['c1', 'c1'], 1))).toMatch(/only once/);
    expect(refusal(open(['c1', 7], 1))).toMatch(/valid item id/);
    expect(refusal(open(['c1'], 0))).toMatch(/1 to 20/);
    expect(refusal(open(['c1'], 21))).toMatch(/1 to 20/);
    expect(refusal(open(['c1'], 2.5))).toMatch(/1 to 20/);
    expect(open(ids(100), 20).ok).toBe(true);
    expect(open(['c1'], 1).ok).toBe(true);
  });

  it('board:lock takes only a boolean', () => {
    for (const locked of [1, 'true', null, undefined]) {
      expect(
        refusal(
          reduce(initialSession(), { type: 'board:lock', payload: { locked } }, facilitator, NOW),
        ),
      ).toMatch(/locked: true/);
    }
  });
});

describe('present mode', () => {
  it('start names the presenter; focus follows; stop clears', () => {
    let s = presenting();
    expect(s).toMatchObject({
      presenting: true,
      presenter: { name: 'The facilitator', voterId: 'facilitator-1' },
      focus: null,
    });
    s = ok(
      reduce(
        s,
        { type: 'present:focus', payload: { type: 'friction', id: 'f1' } },
        facilitator,
        NOW,
      ),
    );
    expect(s.focus).toEqual({ type: 'friction', id: 'f1' });
    s = ok(reduce(s, { type: 'present:focus', payload: null }, facilitator, NOW));
    expect(s.focus).toBeNull();
    s = ok(reduce(s, { type: 'present:stop' }, facilitator, NOW));
    expect(s).toMatchObject({ presenting: false, presenter: null, focus: null, summonedAt: null });
  });

  it('refuses focus and summon when nobody presents', () => {
    expect(
      refusal(
        reduce(
          initialSession(),
          { type: 'present:focus', payload: { type: 'card', id: 'c1' } },
          facilitator,
          NOW,
        ),
      ),
    ).toBe('Start presenting before choosing what to show.');
    expect(refusal(reduce(initialSession(), { type: 'present:summon' }, facilitator, NOW))).toBe(
      'Start presenting before bringing everyone here.',
    );
  });

  it('another facilitator takes over and keeps the focus; the same one starting again changes nothing', () => {
    let s = ok(
      reduce(
        presenting(),
        { type: 'present:focus', payload: { type: 'row', id: 'r1' } },
        facilitator,
        NOW,
      ),
    );
    expect(ok(reduce(s, { type: 'present:start' }, facilitator, NOW))).toBe(s);
    s = ok(reduce(s, { type: 'present:start' }, actor('facilitator', 'co-host', 'Co-host'), NOW));
    expect(s.presenter).toEqual({ name: 'Co-host', voterId: 'co-host' });
    expect(s.focus).toEqual({ type: 'row', id: 'r1' });
  });

  it('summon bumps summonedAt, strictly, even twice in one millisecond', () => {
    const a = ok(reduce(presenting(), { type: 'present:summon' }, facilitator, NOW));
    const b = ok(reduce(a, { type: 'present:summon' }, facilitator, NOW));
    expect(a.summonedAt).toBe(NOW);
    expect(b.summonedAt).toBe(NOW + 1);
  });

  it('stopping when not presenting is a harmless no-op', () => {
    const s = initialSession();
    expect(ok(reduce(s, { type: 'present:stop' }, facilitator, NOW))).toBe(s);
  });
});

describe('timer and lock', () => {
  it('computes endsAt from the server clock; stop removes the timer; restarting replaces it', () => {
    let s = ok(
      reduce(initialSession(), { type: 'timer:start', payload: { seconds: 90 } }, facilitator, NOW),
    );
    expect(s.timer).toEqual({ endsAt: NOW + 90_000, running: true, seconds: 90 });
    s = ok(reduce(s, { type: 'timer:start', payload: { seconds: 30 } }, facilitator, NOW + 5_000));
    expect(s.timer).toEqual({ endsAt: NOW + 35_000, running: true, seconds: 30 });
    s = ok(reduce(s, { type: 'timer:stop' }, facilitator, NOW));
    expect(s.timer).toBeNull();
  });

  it('a command after the time is up finds the timer stopped', () => {
    const s = ok(
      reduce(initialSession(), { type: 'timer:start', payload: { seconds: 10 } }, facilitator, NOW),
    );
    const later = ok(
      reduce(s, { type: 'board:lock', payload: { locked: true } }, facilitator, NOW + 10_000),
    );
    expect(later.timer).toEqual({ endsAt: NOW + 10_000, running: false, seconds: 10 });
  });

  it('locks and unlocks; locking twice changes nothing', () => {
    const locked = ok(
      reduce(initialSession(), { type: 'board:lock', payload: { locked: true } }, facilitator, NOW),
    );
    expect(locked.locked).toBe(true);
    expect(
      ok(reduce(locked, { type: 'board:lock', payload: { locked: true } }, facilitator, NOW)),
    ).toBe(locked);
    expect(
      ok(reduce(locked, { type: 'board:lock', payload: { locked: false } }, facilitator, NOW))
        .locked,
    ).toBe(false);
  });

  it('a locked board still lets editors vote (the lock is about content)', () => {
    const s = ok(
      reduce(withVote(), { type: 'board:lock', payload: { locked: true } }, facilitator, NOW),
    );
    expect(reduce(s, { type: 'vote:cast', payload: { targetId: 'c1' } }, editor, NOW).ok).toBe(
      true,
    );
  });
});

describe('votes', () => {
  const cast = (s: SessionState, who: Actor, targetId: string) =>
    reduce(s, { type: 'vote:cast', payload: { targetId } }, who, NOW);
  const uncast = (s: SessionState, who: Actor, targetId: string) =>
    reduce(s, { type: 'vote:uncast', payload: { targetId } }, who, NOW);
  const ballotOf = (s: SessionState, who: Actor) =>
    s.vote?.ballots.find((b) => b.voterId === who.voterId)?.targetIds ?? [];

  it('opens a numbered vote, closed to none, nothing cast', () => {
    const s = withVote(2);
    expect(s.vote).toEqual({
      id: 'vote-1',
      targetIds: ['c1', 'c2', 'c3'],
      perPerson: 2,
      stacking: false,
      open: true,
      revealed: false,
      ballots: [],
    });
    const closed = ok(reduce(s, { type: 'vote:close' }, facilitator, NOW));
    const again = ok(
      reduce(
        closed,
        { type: 'vote:open', payload: { targetIds: ['r1'], perPerson: 1 } },
        facilitator,
        NOW,
      ),
    );
    expect(again.vote?.id).toBe('vote-2');
  });

  it('refuses to open a vote over an open one', () => {
    expect(
      refusal(
        reduce(
          withVote(),
          { type: 'vote:open', payload: { targetIds: ['c9'], perPerson: 1 } },
          facilitator,
          NOW,
        ),
      ),
    ).toBe('A vote is already open: close it before opening another.');
  });

  it('keeps votes per person, up to perPerson, one per item', () => {
    let s = withVote(2);
    s = ok(cast(s, editor, 'c1'));
    expect(refusal(cast(s, editor, 'c1'))).toBe('You have already voted for this item.');
    s = ok(cast(s, editor, 'c2'));
    expect(refusal(cast(s, editor, 'c3'))).toBe(
      'You have used all 2 of your votes: take one back to vote for something else.',
    );
    const other = actor('editor', 'editor-2');
    s = ok(cast(s, other, 'c3'));
    expect(ballotOf(s, editor)).toEqual(['c1', 'c2']);
    expect(ballotOf(s, other)).toEqual(['c3']);
  });

  it('two connections of one person (one voter id) share the limit', () => {
    let s = ok(cast(withVote(1), actor('editor', 'same', 'Tab A'), 'c1'));
    expect(cast(s, actor('editor', 'same', 'Tab B'), 'c2').ok).toBe(false);
    s = ok(uncast(s, actor('editor', 'same', 'Tab B'), 'c1'));
    expect(ballotOf(s, actor('editor', 'same'))).toEqual([]);
  });

  it('a take-back frees a vote for something else', () => {
    let s = ok(cast(withVote(1), editor, 'c1'));
    expect(refusal(uncast(s, editor, 'c2'))).toBe('You have not voted for this item.');
    s = ok(uncast(s, editor, 'c1'));
    expect(s.vote?.ballots).toEqual([]);
    s = ok(cast(s, editor, 'c3'));
    expect(ballotOf(s, editor)).toEqual(['c3']);
  });

  it('refuses casts outside the vote: no vote, closed vote, other items', () => {
    expect(refusal(cast(initialSession(), editor, 'c1'))).toBe(
      'There is no vote to take part in right now.',
    );
    expect(refusal(cast(withVote(), editor, 'c9'))).toBe('That item is not part of this vote.');
    let s = ok(cast(withVote(), editor, 'c1'));
    s = ok(reduce(s, { type: 'vote:close' }, facilitator, NOW));
    expect(refusal(cast(s, editor, 'c2'))).toBe('This vote is closed.');
    expect(refusal(uncast(s, editor, 'c1'))).toBe('This vote is closed.');
  });

  it('reveal and close keep the ballots; close keeps the result, reveal after close works', () => {
    let s = ok(cast(withVote(), editor, 'c1'));
    s = ok(reduce(s, { type: 'vote:close' }, facilitator, NOW));
    expect(s.vote).toMatchObject({ open: false, revealed: false });
    expect(ok(reduce(s, { type: 'vote:close' }, facilitator, NOW))).toBe(s);
    s = ok(reduce(s, { type: 'vote:reveal' }, facilitator, NOW));
    expect(s.vote).toMatchObject({
      open: false,
      revealed: true,
      ballots: [{ voterId: 'editor-1', targetIds: ['c1'] }],
    });
    expect(ok(reduce(s, { type: 'vote:reveal' }, facilitator, NOW))).toBe(s);
  });

  it('a vote revealed while open keeps taking votes', () => {
    let s = ok(reduce(withVote(), { type: 'vote:reveal' }, facilitator, NOW));
    s = ok(cast(s, editor, 'c2'));
    expect(s.vote).toMatchObject({ open: true, revealed: true });
  });

  it('reveal and close need a vote; clear removes it', () => {
    expect(refusal(reduce(initialSession(), { type: 'vote:reveal' }, facilitator, NOW))).toBe(
      'There is no vote to reveal.',
    );
    expect(refusal(reduce(initialSession(), { type: 'vote:close' }, facilitator, NOW))).toBe(
      'There is no vote to close.',
    );
    expect(ok(reduce(withVote(), { type: 'vote:clear' }, facilitator, NOW)).vote).toBeNull();
  });
});
