/**
 * The facilitation wire vocabulary, declared once for the server and the web client: the
 * socket.io event names, each command's payload, the acknowledgement, the limits a payload
 * must respect, and the handshake's `auth` fields. Types and constants only; no I/O.
 */
import type { Refusal } from './refusals.ts';
import type { Focus } from './types.ts';
import type { SessionView } from './view.ts';

/** server → client: the whole session as this client may see it, on join and after every change. */
export const SESSION_EVENT = 'session';

/** client → server commands, each answered through an acknowledgement callback. */
export const COMMANDS = [
  'present:start',
  'present:focus',
  'present:stop',
  'present:summon',
  'timer:start',
  'timer:stop',
  'board:lock',
  'vote:open',
  'vote:cast',
  'vote:uncast',
  'vote:reveal',
  'vote:close',
  'vote:clear',
  'vote:restore',
  'ratings:visibility',
  'agenda:next',
  'agenda:back',
  'agenda:go',
  'agenda:end',
  'export:require-sources',
  'participants:set',
] as const;

export type CommandName = (typeof COMMANDS)[number];

export function isCommandName(value: unknown): value is CommandName {
  return typeof value === 'string' && (COMMANDS as readonly string[]).includes(value);
}

/** What each command carries (`undefined`: nothing). */
export interface CommandPayloads {
  'present:start': undefined;
  /** `null` shows the whole board (no single item focused). */
  'present:focus': Focus | null;
  'present:stop': undefined;
  /** "Bring everyone here": followers who wandered off snap back to the presenter's focus. */
  'present:summon': undefined;
  'timer:start': { seconds: number };
  'timer:stop': undefined;
  'board:lock': { locked: boolean };
  /** `stacking: true` lets a person put several of their dots on one item (absent: false). */
  'vote:open': { targetIds: string[]; perPerson: number; stacking?: boolean };
  'vote:cast': { targetId: string };
  /** Takes back one's own vote for a target while the vote is open. */
  'vote:uncast': { targetId: string };
  'vote:reveal': undefined;
  'vote:close': undefined;
  /** Dismisses the current vote and its result; `vote:restore` brings it back within 10 s. */
  'vote:clear': undefined;
  /** Undoes the last `vote:clear` while its `undoUntil` has not passed. */
  'vote:restore': undefined;
  /** Hides everyone's alignment ratings but one's own until the facilitator reveals them. */
  'ratings:visibility': { hidden: boolean };
  /** Performs the next agenda step for the room (shared/facilitation/agenda.ts says what that does). */
  'agenda:next': undefined;
  'agenda:back': undefined;
  'agenda:go': { stepId: string };
  /** Leaves the agenda; focus, timer, vote and lock stay as they are. */
  'agenda:end': undefined;
  /** Blocks (or allows again) brief exports while some measure cites no source. */
  'export:require-sources': { required: boolean };
  /**
   * The names the brief's cover lists, chosen by the facilitator (each cleaned; at most
   * `LIMITS.briefParticipants`); `null` goes back to the people who took part.
   */
  'participants:set': { names: string[] | null };
}

/** A command as it arrives: the payload is untrusted until the reducer has checked it. */
export interface Command {
  type: string;
  payload?: unknown;
}

/**
 * A command's answer. A refusal carries its `code` and `params` (`refusals.ts`), which
 * interfaces word in their reader's language, and `error`, the same in English for scripts.
 */
export type Ack = { ok: true } | ({ ok: false; error: string } & Refusal);
export type AckCallback = (ack: Ack) => void;

type CommandSignature<P> = [P] extends [undefined]
  ? (ack: AckCallback) => void
  : (payload: P, ack: AckCallback) => void;

/** socket.io typing for the web client: `io(url, …) as Socket<ServerToClientEvents, ClientToServerEvents>`. */
export type ClientToServerEvents = { [K in CommandName]: CommandSignature<CommandPayloads[K]> };

export interface ServerToClientEvents {
  session: (view: SessionView) => void;
}

/** The handshake's `auth` object. */
export interface FacilitationAuth {
  boardId: string;
  /** The share-link token; its role decides what this client may do. */
  token: string;
  /** Shown to everyone in the participant list and recorded for the brief's cover. */
  name?: string;
  /**
   * A random string the browser keeps (localStorage) so a person's votes and presenter status
   * survive reloads and reconnects. Without one, the socket id is used and votes are tied to
   * that one connection. Keep it private: whoever sends it casts as that person.
   */
  clientId?: string;
}

export const LIMITS = {
  timerSeconds: { min: 1, max: 14_400 },
  perPerson: { min: 1, max: 20 },
  targets: { min: 1, max: 100 },
  nameLength: 60,
  /** Names a facilitator may list for the brief's cover. */
  briefParticipants: 200,
  /** How long a cleared vote can be brought back (`vote:restore`), in ms. */
  clearUndoMs: 10_000,
} as const;

/** What a valid `auth.clientId` looks like. */
export const CLIENT_ID_PATTERN = /^[A-Za-z0-9_-]{8,64}$/;
