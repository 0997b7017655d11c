/**
 * The facilitation session of one board (its shape is `SessionState`, types.ts): how it
 * starts, a timer running out, and the stored form (JSON beside the board) with its
 * validation, so a restart resumes mid-vote. Ballots never leave the server in this form —
 * clients get a `SessionView` (view.ts). Pure: no I/O, no clock.
 */
import { isValidId } from '../board/ids.ts';
import { FOCUS_TYPES, type Ballot, type FocusType, type SessionState, type Vote } from './types.ts';

export function initialSession(): SessionState {
  return {
    presenting: false,
    presenter: null,
    focus: null,
    summonedAt: null,
    locked: false,
    timer: null,
    vote: null,
    clearedVote: null,
    votesOpened: 0,
    ratingsHidden: false,
    agenda: null,
    requireSources: false,
    briefParticipants: null,
    participants: [],
  };
}

export function isFocusType(value: unknown): value is FocusType {
  return typeof value === 'string' && (FOCUS_TYPES as readonly string[]).includes(value);
}

/** A time that is up stops running; the state is returned unchanged otherwise. */
export function expireTimer(state: SessionState, now: number): SessionState {
  if (!state.timer?.running || state.timer.endsAt > now) return state;
  return { ...state, timer: { ...state.timer, running: false } };
}

/** The version of the stored form; bump it with a migration in `parseStoredSession`. */
export const STORED_SESSION_VERSION = 1;

/** The session as JSON for the store: everything but who is connected. */
export function storedSession(state: SessionState): string {
  const { participants: _participants, ...kept } = state;
  return JSON.stringify({ version: STORED_SESSION_VERSION, ...kept });
}

export class StoredSessionError extends Error {
  constructor(problem: string) {
    super(`stored facilitation state is not valid: ${problem}`);
    this.name = 'StoredSessionError';
  }
}

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);
const isTime = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v) && v >= 0;
const isIdList = (v: unknown): v is string[] => Array.isArray(v) && v.every(isValidId);

function check(condition: boolean, problem: string): asserts condition {
  if (!condition) throw new StoredSessionError(problem);
}

/** Reads what `storedSession` wrote; throws `StoredSessionError` for anything else. */
export function parseStoredSession(json: string): SessionState {
  let raw: unknown;
  try {
    raw = JSON.parse(json);
  } catch {
    throw new StoredSessionError('not JSON');
  }
  check(isRecord(raw), 'not an object');
  check(raw.version === STORED_SESSION_VERSION, `unknown version ${String(raw.version)}`);
  check(typeof raw.presenting === 'boolean', 'presenting');
  check(typeof raw.locked === 'boolean', 'locked');
  check(raw.summonedAt === null || isTime(raw.summonedAt), 'summonedAt');
  check(Number.isInteger(raw.votesOpened) && (raw.votesOpened as number) >= 0, 'votesOpened');
  // Absent in sessions stored before alignment ratings existed.
  check(raw.ratingsHidden === undefined || typeof raw.ratingsHidden === 'boolean', 'ratingsHidden');
  // Absent in sessions stored before the evidence check existed.
  check(
    raw.requireSources === undefined || typeof raw.requireSources === 'boolean',
    'requireSources',
  );

  // Absent in sessions stored before the facilitator could choose them: the automatic list.
  const briefParticipants = raw.briefParticipants ?? null;
  check(
    briefParticipants === null ||
      (Array.isArray(briefParticipants) && briefParticipants.every((n) => typeof n === 'string')),
    'briefParticipants',
  );

  // Absent in sessions stored before the agenda runner: not started.
  const agenda = raw.agenda ?? null;
  check(
    agenda === null ||
      (isRecord(agenda) &&
        isValidId(agenda.stepId) &&
        Number.isInteger(agenda.index) &&
        (agenda.index as number) >= 0),
    'agenda',
  );

  const presenter = raw.presenter;
  check(
    presenter === null ||
      (isRecord(presenter) &&
        typeof presenter.name === 'string' &&
        typeof presenter.voterId === 'string'),
    'presenter',
  );
  const focus = raw.focus;
  check(
    focus === null || (isRecord(focus) && isFocusType(focus.type) && isValidId(focus.id)),
    'focus',
  );
  const timer = raw.timer;
  check(
    timer === null ||
      (isRecord(timer) &&
        isTime(timer.endsAt) &&
        typeof timer.running === 'boolean' &&
        isTime(timer.seconds)),
    'timer',
  );
  const vote = raw.vote;
  check(vote === null || isStoredVote(vote), 'vote');
  // Absent in sessions stored before a clear could be undone.
  const cleared = raw.clearedVote ?? null;
  check(
    cleared === null ||
      (isRecord(cleared) && isStoredVote(cleared.vote) && isTime(cleared.undoUntil)),
    'clearedVote',
  );

  return {
    presenting: raw.presenting,
    presenter:
      presenter === null
        ? null
        : { name: presenter.name as string, voterId: presenter.voterId as string },
    focus: focus === null ? null : { type: focus.type as FocusType, id: focus.id as string },
    summonedAt: raw.summonedAt as number | null,
    locked: raw.locked,
    timer:
      timer === null
        ? null
        : {
            endsAt: timer.endsAt as number,
            running: timer.running as boolean,
            seconds: timer.seconds as number,
          },
    vote: vote === null ? null : storedVote(vote as Record<string, unknown>),
    clearedVote:
      cleared === null
        ? null
        : {
            vote: storedVote(cleared.vote as Record<string, unknown>),
            undoUntil: cleared.undoUntil as number,
          },
    votesOpened: raw.votesOpened as number,
    ratingsHidden: raw.ratingsHidden === true,
    agenda:
      agenda === null ? null : { stepId: agenda.stepId as string, index: agenda.index as number },
    requireSources: raw.requireSources === true,
    briefParticipants: briefParticipants === null ? null : [...(briefParticipants as string[])],
    participants: [],
  };
}

function isStoredVote(vote: unknown): boolean {
  return (
    isRecord(vote) &&
    typeof vote.id === 'string' &&
    isIdList(vote.targetIds) &&
    Number.isInteger(vote.perPerson) &&
    // Absent in votes stored before stacking existed.
    (vote.stacking === undefined || typeof vote.stacking === 'boolean') &&
    typeof vote.open === 'boolean' &&
    typeof vote.revealed === 'boolean' &&
    Array.isArray(vote.ballots) &&
    vote.ballots.every((b) => isRecord(b) && typeof b.voterId === 'string' && isIdList(b.targetIds))
  );
}

/** A vote `isStoredVote` accepted, copied field by field. */
function storedVote(vote: Record<string, unknown>): Vote {
  return {
    id: vote.id as string,
    targetIds: [...(vote.targetIds as string[])],
    perPerson: vote.perPerson as number,
    stacking: vote.stacking === true,
    open: vote.open as boolean,
    revealed: vote.revealed as boolean,
    ballots: (vote.ballots as Ballot[]).map((b) => ({
      voterId: b.voterId,
      targetIds: [...b.targetIds],
    })),
  };
}
