/**
 * The facilitation channel (socket.io, same origin): the server's session state for this
 * board (lock, presenting, timer, vote, agenda…) and the commands that change it. The server is
 * the authority; this only shows its state and sends commands. Every command resolves with an
 * acknowledgement — a refusal is a code (`shared/facilitation/refusals.ts`), also when this
 * browser is offline or the server does not answer — which `facilitation/run.ts` shows to the
 * person in their language. Browser only.
 */
import { io, type Socket } from 'socket.io-client';
import {
  CLIENT_ID_PATTERN,
  SESSION_EVENT,
  type Ack,
  type ClientToServerEvents,
  type CommandName,
  type CommandPayloads,
  type ServerToClientEvents,
  type SessionView,
} from '$shared/facilitation/index.ts';
import { CLOSE, FACILITATION_PATH } from '$shared/protocol.ts';

/** Handshake refusals (socket.io `connect_error` `data.code`) that retrying would only repeat. */
const REFUSED_HANDSHAKE: readonly number[] = [CLOSE.UNAUTHORIZED, CLOSE.FORBIDDEN, CLOSE.NOT_FOUND];
/** How long a command waits for the server's answer. */
const ANSWER_TIMEOUT_MS = 5000;

const CLIENT_ID_KEY = 'bb.clientId';

/** A command's arguments before the ack: none, or its payload. */
export type CommandArgs<K extends CommandName> = [CommandPayloads[K]] extends [undefined]
  ? []
  : [CommandPayloads[K]];

/** A private random id this browser keeps, so votes and presenter status survive reloads. */
export function browserClientId(): string {
  try {
    const saved = localStorage.getItem(CLIENT_ID_KEY);
    if (saved && CLIENT_ID_PATTERN.test(saved)) return saved;
    const bytes = crypto.getRandomValues(new Uint8Array(18));
    const id = Array.from(bytes, (b) => b.toString(36).padStart(2, '0'))
      .join('')
      .slice(0, 32);
    localStorage.setItem(CLIENT_ID_KEY, id);
    return id;
  } catch {
    return '';
  }
}

export class Facilitation {
  session = $state<SessionView | null>(null);
  connected = $state(false);
  /** The handshake was refused (the sync channel reports the same link problem). */
  refused = $state(false);
  /** When the latest `session` arrived (this browser's clock), for timer skew correction. */
  receivedAt = $state(0);
  readonly #socket: Socket<ServerToClientEvents, ClientToServerEvents>;

  /**
   * `name`: the person's name; `null` joins without one (the server shows "Guest" and does not
   * record it). `join: false` waits for `setName` (the name prompt) before connecting at all.
   */
  constructor(boardId: string, token: string, name: string | null, join = true) {
    const clientId = browserClientId();
    this.#socket = io({
      path: FACILITATION_PATH,
      // WebSocket only, like the sync connection: HTTP long-polling would need every request
      // of a session to reach the same process (sticky sessions) behind a load balancer.
      transports: ['websocket'],
      auth: { boardId, token, ...(name ? { name } : {}), ...(clientId ? { clientId } : {}) },
      reconnectionDelayMax: 10_000,
      autoConnect: join,
    });
    this.#socket.on(SESSION_EVENT, (view) => {
      this.receivedAt = Date.now();
      this.session = view;
    });
    this.#socket.on('connect', () => (this.connected = true));
    this.#socket.on('disconnect', () => (this.connected = false));
    this.#socket.on('connect_error', (error) => {
      // A refused handshake (bad token, other board) will not get better by retrying.
      const code = (error as Error & { data?: { code?: number } }).data?.code;
      if (code !== undefined && REFUSED_HANDSHAKE.includes(code)) {
        this.refused = true;
        this.#socket.disconnect();
      }
    });
  }

  get locked(): boolean {
    return this.session?.locked ?? false;
  }

  /** Joins (the first time) or announces a new name; `null` stays nameless. */
  setName(name: string | null): void {
    // The name is part of the handshake: reconnect to announce the new one.
    const { name: _old, ...auth } = this.#socket.auth as Record<string, unknown>;
    this.#socket.auth = name ? { ...auth, name } : auth;
    if (this.#socket.connected) {
      this.#socket.disconnect();
      this.#socket.connect();
    } else if (!this.#socket.active && !this.refused) {
      this.#socket.connect();
    }
  }

  setLocked(locked: boolean): Promise<Ack> {
    return this.command('board:lock', { locked });
  }

  /** Sends any facilitation command; resolves with its acknowledgement (never rejects). */
  command<K extends CommandName>(type: K, ...payload: CommandArgs<K>): Promise<Ack> {
    return new Promise((resolve) => {
      if (!this.#socket.connected) {
        resolve(localRefusal('not_connected'));
        return;
      }
      const socket = this.#socket.timeout(ANSWER_TIMEOUT_MS) as unknown as {
        emit(type: string, ...args: unknown[]): void;
      };
      // socket.io's only error here is "operation has timed out" (no answer in time).
      const done = (err: Error | null, ack: Ack) => resolve(err ? localRefusal('timeout') : ack);
      socket.emit(type, ...payload, done);
    });
  }

  destroy(): void {
    this.#socket.removeAllListeners();
    this.#socket.disconnect();
  }
}

/**
 * A refusal made here (never sent, or no answer): the code is all the page words it from; the
 * server's English sentences (`refusals.ts`) stay out of the client's bundle.
 */
function localRefusal(code: 'not_connected' | 'timeout'): Ack {
  return { ok: false, error: code, code };
}
