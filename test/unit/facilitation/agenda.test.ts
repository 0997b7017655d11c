/**
 * Running the agenda through the reducer: each kind of step (focus, timer, vote, lock, and
 * what a step leaves alone), moving past the ends, a step deleted while current, the stored
 * form, and refusals for people who do not facilitate.
 */
import { describe, expect, it } from 'vitest';
import type { AgendaStep } from '../../../shared/board/index.ts';
import {
  describeRefusal,
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
const editor: Actor = { role: 'editor', voterId: 'ed-1', name: 'Ed' };

const step = (id: string, settings: Partial<AgendaStep> = {}): AgendaStep => ({
  id,
  order: id,
  title: id,
  focus: null,
  minutes: null,
  vote: null,
  lock: null,
  ...settings,
});

const AGENDA: AgendaStep[] = [
  step('s1', { title: 'Promotion', focus: { type: 'row', id: 'r1' }, minutes: 10 }),
  step('s2', { title: 'Vote', vote: { targetIds: ['f1', 'f2'], perPerson: 2 }, lock: true }),
  step('s3', { title: 'Discuss', focus: { type: 'friction', id: 'f1' }, lock: false }),
];

function ok(result: ReduceResult): SessionState {
  if (!result.ok) throw new Error(`refused: ${describeRefusal(result)}`);
  return result.state;
}
function refusal(result: ReduceResult): string {
  if (result.ok) throw new Error('expected a refusal');
  return describeRefusal(result);
}
const send = (
  state: SessionState,
  type: string,
  steps: AgendaStep[] | undefined = AGENDA,
  payload?: unknown,
  who: Actor = facilitator,
  now = NOW,
) => reduce(state, { type, payload }, who, now, { agenda: steps });

describe('agenda:next performs the whole step', () => {
  it('starts presenting, focuses, summons followers and runs the timer', () => {
    const s = ok(send(initialSession(), 'agenda:next'));
    expect(s.agenda).toEqual({ stepId: 's1', index: 0 });
    expect(s.presenting).toBe(true);
    expect(s.presenter).toEqual({ name: 'Fumiko', voterId: 'fac-1' });
    expect(s.focus).toEqual({ type: 'row', id: 'r1' });
    expect(s.summonedAt).toBe(NOW);
    expect(s.timer).toEqual({ endsAt: NOW + 600_000, running: true, seconds: 600 });
    expect(s.vote).toBeNull();
    expect(s.locked).toBe(false);
  });

  it('opens the step vote and locks, keeping the focus and stopping the last timer', () => {
    const first = ok(send(initialSession(), 'agenda:next'));
    const s = ok(send(first, 'agenda:next', AGENDA, undefined, facilitator, NOW + 1000));
    expect(s.agenda).toEqual({ stepId: 's2', index: 1 });
    expect(s.focus).toEqual({ type: 'row', id: 'r1' });
    expect(s.summonedAt).toBe(NOW);
    expect(s.timer).toBeNull();
    expect(s.locked).toBe(true);
    expect(s.vote).toMatchObject({
      id: 'vote-1',
      targetIds: ['f1', 'f2'],
      perPerson: 2,
      stacking: false,
      open: true,
      revealed: false,
      ballots: [],
    });
    expect(s.votesOpened).toBe(1);
  });

  it('closes the open vote (result kept) when the next step has none, and unlocks', () => {
    let s = ok(send(initialSession(), 'agenda:go', AGENDA, { stepId: 's2' }));
    s = ok(reduce(s, { type: 'vote:cast', payload: { targetId: 'f1' } }, editor, NOW));
    s = ok(send(s, 'agenda:next', AGENDA, undefined, facilitator, NOW + 5));
    expect(s.agenda).toEqual({ stepId: 's3', index: 2 });
    expect(s.vote).toMatchObject({ id: 'vote-1', open: false, ballots: [{ voterId: 'ed-1' }] });
    expect(s.locked).toBe(false);
    expect(s.focus).toEqual({ type: 'friction', id: 'f1' });
    expect(s.summonedAt).toBe(NOW + 5);
  });

  it('replaces a vote left open by hand with the step vote', () => {
    const open = ok(
      reduce(
        initialSession(),
        { type: 'vote:open', payload: { targetIds: ['c1'], perPerson: 1 } },
        facilitator,
        NOW,
      ),
    );
    const s = ok(send(open, 'agenda:go', AGENDA, { stepId: 's2' }));
    expect(s.vote).toMatchObject({ id: 'vote-2', targetIds: ['f1', 'f2'], open: true });
  });

  it('keeps another presenter presenting', () => {
    const other: Actor = { role: 'facilitator', voterId: 'fac-2', name: 'Other' };
    const presenting = ok(reduce(initialSession(), { type: 'present:start' }, other, NOW));
    const s = ok(send(presenting, 'agenda:next'));
    expect(s.presenter).toEqual({ name: 'Other', voterId: 'fac-2' });
  });
});

describe('moving through the agenda', () => {
  it('refuses past the last step and before the first, and ends on request', () => {
    let s = initialSession();
    for (let i = 0; i < AGENDA.length; i++) s = ok(send(s, 'agenda:next'));
    expect(refusal(send(s, 'agenda:next'))).toBe('That was the last step of the agenda (3 steps).');
    s = ok(send(s, 'agenda:back'));
    expect(s.agenda).toEqual({ stepId: 's2', index: 1 });
    s = ok(send(s, 'agenda:back'));
    expect(refusal(send(s, 'agenda:back'))).toBe('This is the first step of the agenda.');
    expect(refusal(send(initialSession(), 'agenda:back'))).toMatch(/has not started/);
    const ended = ok(send(s, 'agenda:end'));
    expect(ended.agenda).toBeNull();
    expect(ended.focus).toEqual(s.focus);
  });

  it('refuses an empty agenda, an unknown step and a missing agenda', () => {
    expect(refusal(send(initialSession(), 'agenda:next', []))).toBe(
      'The agenda has no steps yet: add one first.',
    );
    expect(refusal(send(initialSession(), 'agenda:go', AGENDA, { stepId: 'zz' }))).toMatch(
      /not on the agenda/,
    );
    expect(refusal(send(initialSession(), 'agenda:go', AGENDA, { stepId: '../x' }))).toMatch(
      /needs \{ stepId \}/,
    );
    expect(refusal(reduce(initialSession(), { type: 'agenda:next' }, facilitator, NOW))).toMatch(
      /could not be read/,
    );
  });

  it('continues from the right place when the current step was deleted', () => {
    const s = ok(send(initialSession(), 'agenda:go', AGENDA, { stepId: 's2' }));
    const without = AGENDA.filter((x) => x.id !== 's2');
    expect(ok(send(s, 'agenda:next', without)).agenda).toEqual({ stepId: 's3', index: 1 });
    expect(ok(send(s, 'agenda:back', without)).agenda).toEqual({ stepId: 's1', index: 0 });
  });

  it('is facilitator-only', () => {
    for (const type of ['agenda:next', 'agenda:back', 'agenda:go', 'agenda:end']) {
      expect(refusal(send(initialSession(), type, AGENDA, { stepId: 's1' }, editor))).toMatch(
        /^Only a facilitator can .+ agenda/,
      );
    }
  });
});

describe('the current step in the stored form and the view', () => {
  it('survives a restart and reaches every client', () => {
    const s = ok(send(initialSession(), 'agenda:next'));
    const back = parseStoredSession(storedSession(s));
    expect(back.agenda).toEqual({ stepId: 's1', index: 0 });
    expect(viewFor(back, 'someone', NOW).agenda).toEqual({ stepId: 's1', index: 0 });
  });

  it('reads sessions stored before the agenda runner and refuses a damaged position', () => {
    const { agenda: _agenda, ...old } = JSON.parse(storedSession(initialSession())) as Record<
      string,
      unknown
    >;
    expect(parseStoredSession(JSON.stringify(old)).agenda).toBeNull();
    expect(() =>
      parseStoredSession(JSON.stringify({ ...old, agenda: { stepId: 's1', index: -1 } })),
    ).toThrow(/agenda/);
  });
});
