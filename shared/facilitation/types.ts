/**
 * The shapes of facilitation: the session as the server holds it, who sends a command, and
 * what the reducer answers. Kept apart from the code that works on them, so the session,
 * reducer, agenda and view modules need not import each other for a type.
 */
import type { AgendaStep } from '../board/agenda.ts';
import type { Refusal } from './refusals.ts';
import type { Role } from '../roles.ts';

/** `vote` shows the current vote's result (its id) as a ranked chart. */
export const FOCUS_TYPES = ['row', 'card', 'friction', 'vote'] as const;
export type FocusType = (typeof FOCUS_TYPES)[number];

/** The item the presenter shows. */
export interface Focus {
  type: FocusType;
  id: string;
}

export interface Timer {
  /** Epoch milliseconds by the server's clock. */
  endsAt: number;
  /** False once the time is up (the timer stays visible at 0:00). */
  running: boolean;
  /** The duration it was started with, for progress displays. */
  seconds: number;
}

/** One person's votes in the current vote (a target repeats only in a stacking vote). */
export interface Ballot {
  voterId: string;
  targetIds: string[];
}

export interface Vote {
  id: string;
  targetIds: string[];
  perPerson: number;
  /** Several of one person's dots may go on one item. */
  stacking: boolean;
  open: boolean;
  revealed: boolean;
  /** Server-only: who voted for what. */
  ballots: Ballot[];
}

/** A vote the facilitator cleared, kept whole so `vote:restore` can bring it back until `undoUntil`. */
export interface ClearedVote {
  vote: Vote;
  /** Epoch ms by the server's clock. */
  undoUntil: number;
}

export interface Presenter {
  name: string;
  /** Server-only: lets the presenter's own client know it drives. */
  voterId: string;
}

/** Someone connected to the board's facilitation channel now. */
export interface Participant {
  name: string;
  role: Role;
}

export interface SessionState {
  presenting: boolean;
  presenter: Presenter | null;
  focus: Focus | null;
  /** When the presenter last asked everyone to come back to the focus (epoch ms). */
  summonedAt: number | null;
  locked: boolean;
  timer: Timer | null;
  vote: Vote | null;
  /** The vote last cleared, while it can still be restored (or until another vote opens). */
  clearedVote: ClearedVote | null;
  /** How many votes were opened on this board; numbers the vote ids. */
  votesOpened: number;
  /** Alignment ratings are covered: each person sees only their own until the reveal. */
  ratingsHidden: boolean;
  /** The agenda step the room is on (`agenda:next`), or null before the agenda starts. */
  agenda: AgendaPosition | null;
  /** Brief exports are refused while some measure cites no source (the evidence check). */
  requireSources: boolean;
  /**
   * The names the brief lists, as the facilitator chose them (`participants:set`); null: the
   * people who took part (edited, commented, rated or voted), worked out when the brief is made.
   */
  briefParticipants: string[] | null;
  /** Who is connected now; kept by the server from its sockets, never stored. */
  participants: Participant[];
}

/** Which step the room is on: its id, and its place when it was performed (the step may be deleted since). */
export interface AgendaPosition {
  stepId: string;
  index: number;
}

/** Who sent a command. `voterId` identifies the person across reconnects (see `FacilitationAuth.clientId`). */
export interface Actor {
  role: Role;
  voterId: string;
  name: string;
}

/** The next state, or a refusal as a code with parameters (`refusals.ts`). */
export type ReduceResult = { ok: true; state: SessionState } | ({ ok: false } & Refusal);

/** What the server reads from the board for a command: the agenda's steps, for `agenda:*`. */
export interface ReduceContext {
  agenda?: readonly AgendaStep[];
}
