/**
 * Running the agenda: `agenda:next`, `agenda:back` and `agenda:go` perform a whole step for
 * the room as one change of the session, and `agenda:end` leaves the agenda. The steps come
 * from the board document; the server reads them and passes them in, so this stays pure.
 *
 * What a step does, in order:
 * - presenting starts if nobody presents (the facilitator who moved on becomes the presenter);
 * - a step with a focus shows it and brings everyone there (like `present:summon`); a step
 *   without one leaves the focus as it is;
 * - a step with minutes starts a fresh timer; a step without stops the previous step's timer;
 * - a vote still open from before is closed (its result stays on screen); the step's own vote,
 *   if any, then replaces it, open;
 * - `lock: true | false` locks or unlocks the board; `null` leaves the lock as it is.
 */
import { isValidId } from '../board/ids.ts';
import type { AgendaStep } from '../board/agenda.ts';
import type { Refusal } from './refusals.ts';
import type { Actor, ReduceResult, SessionState, Vote } from './types.ts';

export const AGENDA_COMMANDS = ['agenda:next', 'agenda:back', 'agenda:go', 'agenda:end'] as const;
export type AgendaCommand = (typeof AGENDA_COMMANDS)[number];

export function isAgendaCommand(type: string): type is AgendaCommand {
  return (AGENDA_COMMANDS as readonly string[]).includes(type);
}

/** Commands that perform a step need the agenda; `agenda:end` does not. */
export function needsAgenda(type: string): boolean {
  return isAgendaCommand(type) && type !== 'agenda:end';
}

const refuse = (refusal: Refusal): ReduceResult => ({ ok: false, ...refusal });

/** Where the room is in `steps` now: the current step's place, or where it was if it was deleted. */
function currentIndex(state: SessionState, steps: readonly AgendaStep[]): number | null {
  const at = state.agenda;
  if (!at) return null;
  const found = steps.findIndex((s) => s.id === at.stepId);
  // A deleted step: the one now at its place counts as "after" it, so -0.5 keeps next/back right.
  return found >= 0 ? found : at.index - 0.5;
}

export function reduceAgenda(
  state: SessionState,
  type: AgendaCommand,
  payload: unknown,
  actor: Actor,
  now: number,
  steps: readonly AgendaStep[] | undefined,
): ReduceResult {
  if (type === 'agenda:end') {
    return { ok: true, state: state.agenda ? { ...state, agenda: null } : state };
  }
  if (!steps) return refuse({ code: 'agenda_unreadable' });
  if (steps.length === 0) return refuse({ code: 'agenda_empty' });
  const here = currentIndex(state, steps);
  let target: number;
  if (type === 'agenda:next') {
    target = here === null ? 0 : Math.floor(here) + 1;
    if (target >= steps.length) {
      return refuse({ code: 'agenda_at_end', params: { steps: steps.length } });
    }
  } else if (type === 'agenda:back') {
    if (here === null) return refuse({ code: 'agenda_not_started' });
    target = Math.ceil(here) - 1;
    if (target < 0) return refuse({ code: 'agenda_at_start' });
  } else {
    const stepId =
      typeof payload === 'object' && payload !== null && Object.hasOwn(payload, 'stepId')
        ? (payload as { stepId: unknown }).stepId
        : undefined;
    if (!isValidId(stepId))
      return refuse({ code: 'invalid_payload', params: { command: 'agenda:go' } });
    target = steps.findIndex((s) => s.id === stepId);
    if (target < 0) return refuse({ code: 'agenda_step_missing' });
  }
  return { ok: true, state: performStep(state, steps[target], target, actor, now) };
}

/** The session after the room moves to `step` (at `index`), as the module header describes. */
export function performStep(
  state: SessionState,
  step: AgendaStep,
  index: number,
  actor: Actor,
  now: number,
): SessionState {
  let next: SessionState = { ...state, agenda: { stepId: step.id, index } };
  if (!next.presenting) {
    next = {
      ...next,
      presenting: true,
      presenter: { name: actor.name, voterId: actor.voterId },
      focus: null,
      summonedAt: null,
    };
  }
  if (step.focus) {
    next = {
      ...next,
      focus: { ...step.focus },
      summonedAt: Math.max(now, (next.summonedAt ?? 0) + 1),
    };
  }
  next = {
    ...next,
    timer: step.minutes
      ? { endsAt: now + step.minutes * 60_000, running: true, seconds: step.minutes * 60 }
      : null,
  };
  if (next.vote?.open) next = { ...next, vote: { ...next.vote, open: false } };
  if (step.vote) {
    const votesOpened = next.votesOpened + 1;
    const vote: Vote = {
      id: `vote-${votesOpened}`,
      targetIds: [...step.vote.targetIds],
      perPerson: step.vote.perPerson,
      stacking: false,
      open: true,
      revealed: false,
      ballots: [],
    };
    next = { ...next, vote, votesOpened, clearedVote: null };
  }
  if (step.lock !== null) next = { ...next, locked: step.lock };
  return next;
}
