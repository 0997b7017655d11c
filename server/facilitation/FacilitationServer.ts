/**
 * The facilitation endpoint: a socket.io server on the board server's own HTTP port. It
 * checks the share-link token at the handshake (refusals carry `data.code` 4401, 4403 or
 * 4404), puts each socket in its board's room, runs every command through the shared reducer
 * (via `BoardSessions`) and answers it with an acknowledgement (a refusal as a code with
 * parameters, `shared/facilitation/refusals.ts`), and sends each client its own
 * view of the session after every change — so tallies and other people's votes never reach a
 * client before the facilitator reveals them. It tells the sync layer's `BoardLocks` the lock.
 * It must never trust a payload, never leave a command unanswered, and never throw from a handler.
 */
import type http from 'node:http';
import type { Logger } from 'pino';
import { Server, type Socket, type DefaultEventsMap } from 'socket.io';
import { isValidId, listAgenda } from '../../shared/board/index.ts';
import { CLOSE, describeClose, FACILITATION_PATH } from '../../shared/protocol.ts';
import { canFacilitate, type Role } from '../../shared/roles.ts';
import {
  CLIENT_ID_PATTERN,
  COMMANDS,
  expireTimer,
  isCommandName,
  needsAgenda,
  refusalAck,
  SESSION_EVENT,
  viewFor,
  type Ack,
  type AckCallback,
  type CommandName,
  type Participant,
  type ReduceContext,
  type ServerToClientEvents,
  type SessionState,
} from '../../shared/facilitation/index.ts';
import type { BoardTokens } from '../auth/tokens.ts';
import { BoardNotFoundError, type BoardStore } from '../store/BoardStore.ts';
import type { BoardRooms } from '../sync/BoardRooms.ts';
import type { BoardLocks } from '../sync/writePolicy.ts';
import { isOriginAllowed } from '../http/origin.ts';
import type { ConnectionLimit } from '../http/clientAddress.ts';
import type { BoardSessions } from './BoardSessions.ts';
import { cleanName } from './participants.ts';

/** Shown for someone who gave no name. */
const NAMELESS = 'Guest';
/** Commands one socket may send per window before being told to slow down. */
const COMMAND_BUDGET = { count: 60, windowMs: 10_000 };
/** The largest message a client may send (votes over 100 ids fit easily). */
const MAX_MESSAGE_BYTES = 64 * 1024;

export interface FacilitationServerOptions {
  httpServer: http.Server;
  sessions: BoardSessions;
  rooms: BoardRooms;
  /** Where the lock of each loaded board is kept for the sync rooms. */
  locks: BoardLocks;
  tokens: BoardTokens;
  store: BoardStore;
  log: Logger;
  allowedOrigins: string[];
  /** Connection attempts per client address per minute, counted at the handshake. */
  connectLimit: ConnectionLimit;
  cluster?: FacilitationCluster;
}

/**
 * With several processes: socket.io's Redis adapter (so `fetchSockets` sees every process's
 * participants), and a per-board channel on which a process announces that someone came or
 * went; changes of state are announced by `BoardSessions`.
 */
export interface FacilitationCluster {
  adapter: Parameters<Server['adapter']>[0];
  watch(boardId: string): Promise<void>;
  unwatch(boardId: string): void;
  announce(boardId: string): void;
}

/** What the handshake established about a socket. */
interface SocketData {
  boardId: string;
  role: Role;
  name: string;
  /** Whether the person gave a name (only a given name is recorded for the brief, on a vote). */
  named: boolean;
  /** Keys this person's votes: `auth.clientId`, else the socket id. */
  voterId: string;
  commandTimes: number[];
}

type FacilitationSocket = Socket<
  DefaultEventsMap,
  ServerToClientEvents,
  DefaultEventsMap,
  SocketData
>;

/** A handshake refusal as socket.io hands it to the client's `connect_error`. */
class HandshakeRefusal extends Error {
  readonly data: { code: number; message: string };
  constructor(code: number, message: string) {
    super(message);
    this.name = 'HandshakeRefusal';
    this.data = { code, message };
  }
}

export interface FacilitationCounters {
  commandsApplied: number;
  commandsRefused: number;
}

export class FacilitationServer {
  readonly counters: FacilitationCounters = { commandsApplied: 0, commandsRefused: 0 };
  readonly #opts: FacilitationServerOptions;
  readonly #io: Server<DefaultEventsMap, ServerToClientEvents, DefaultEventsMap, SocketData>;
  /** This process's sockets, by board: each gets its own view, so no room-wide broadcast. */
  readonly #boards = new Map<string, Set<FacilitationSocket>>();
  readonly #timers = new Map<string, NodeJS.Timeout>();
  readonly #unsubscribe: () => void;
  #closing = false;
  /** Who is on each board across every process (cluster mode), as last fetched. */
  readonly #clusterParticipants = new Map<string, Participant[]>();

  constructor(opts: FacilitationServerOptions) {
    this.#opts = opts;
    this.#io = new Server(opts.httpServer, {
      path: FACILITATION_PATH,
      serveClient: false,
      maxHttpBufferSize: MAX_MESSAGE_BYTES,
      allowRequest: (request, answer) => {
        const allowed = !this.#closing && isOriginAllowed(request, opts.allowedOrigins);
        if (!allowed && !this.#closing) {
          opts.log.warn({ origin: request.headers.origin }, 'facilitation origin refused');
        }
        answer(null, allowed);
      },
      // The origin is checked above at the handshake; tokens travel in the payload, not cookies.
      cors: { origin: true, credentials: false },
    });
    this.#io.use((socket, next) => {
      this.#admit(socket).then(
        () => next(),
        (error: unknown) =>
          next(error instanceof HandshakeRefusal ? error : this.#unavailable(error, socket)),
      );
    });
    if (opts.cluster) this.#io.adapter(opts.cluster.adapter);
    this.#io.on('connection', (socket) => this.#connected(socket));
    this.#unsubscribe = opts.sessions.subscribe((boardId, state) =>
      this.#publish(boardId, state, Date.now()),
    );
  }

  get connectionCount(): number {
    let count = 0;
    for (const sockets of this.#boards.values()) count += sockets.size;
    return count;
  }

  async #admit(socket: FacilitationSocket): Promise<void> {
    // Every attempt counts, as on the y-websocket endpoint, before any work for it is done.
    const { allowed, address } = await this.#opts.connectLimit.admit(socket.request);
    if (!allowed) {
      this.#opts.log.warn({ address }, 'too many facilitation connection attempts');
      throw new HandshakeRefusal(CLOSE.RATE_LIMITED, describeClose(CLOSE.RATE_LIMITED));
    }
    const auth: Record<string, unknown> =
      typeof socket.handshake.auth === 'object' && socket.handshake.auth !== null
        ? socket.handshake.auth
        : {};
    const boardId = auth.boardId;
    if (!isValidId(boardId)) {
      throw new HandshakeRefusal(CLOSE.NOT_FOUND, 'auth.boardId is missing or is not a board id.');
    }
    const check = this.#opts.tokens.check(
      typeof auth.token === 'string' ? auth.token : null,
      boardId,
    );
    if (!check.ok) {
      const code = check.reason === 'other-board' ? CLOSE.FORBIDDEN : CLOSE.UNAUTHORIZED;
      this.#opts.log.info(
        { board: boardId, reason: check.reason },
        'facilitation connection refused',
      );
      throw new HandshakeRefusal(code, describeClose(code));
    }
    if (!(await this.#opts.store.getBoard(boardId))) {
      throw new HandshakeRefusal(CLOSE.NOT_FOUND, describeClose(CLOSE.NOT_FOUND));
    }
    const name = cleanName(auth.name);
    socket.data = {
      boardId,
      role: check.role,
      name: name ?? NAMELESS,
      named: name !== null,
      voterId:
        typeof auth.clientId === 'string' && CLIENT_ID_PATTERN.test(auth.clientId)
          ? auth.clientId
          : socket.id,
      commandTimes: [],
    };
  }

  #unavailable(error: unknown, socket: FacilitationSocket): HandshakeRefusal {
    this.#opts.log.error({ err: error, conn: socket.id }, 'facilitation handshake failed');
    return new HandshakeRefusal(CLOSE.UNAVAILABLE, describeClose(CLOSE.UNAVAILABLE));
  }

  #connected(socket: FacilitationSocket): void {
    const { boardId, role } = socket.data;
    const log = this.#opts.log.child({ board: boardId, conn: socket.id });
    let sockets = this.#boards.get(boardId);
    if (!sockets) {
      this.#boards.set(boardId, (sockets = new Set()));
      this.#opts.cluster
        ?.watch(boardId)
        .catch((error: unknown) => log.error({ err: error }, 'could not watch the board'));
    }
    sockets.add(socket);
    void socket.join(boardId);
    log.debug({ role }, 'facilitation joined');

    for (const type of COMMANDS) {
      socket.on(type, (...args: unknown[]) => void this.#command(socket, type, args, log));
    }
    socket.onAny((event: unknown, ...args: unknown[]) => {
      if (isCommandName(event)) return;
      answer(
        args,
        refusalAck({ code: 'unknown_command', params: { command: String(event).slice(0, 40) } }),
        log,
      );
    });
    socket.on('disconnect', () => this.#left(socket));

    // Joining records no name: the brief lists who took part (a vote is recorded in #command).
    void this.#republish(boardId, log).then(() => this.#opts.cluster?.announce(boardId));
  }

  #left(socket: FacilitationSocket): void {
    const { boardId } = socket.data;
    const sockets = this.#boards.get(boardId);
    if (!sockets?.delete(socket)) return;
    this.#opts.cluster?.announce(boardId);
    if (sockets.size === 0) {
      this.#boards.delete(boardId);
      this.#clusterParticipants.delete(boardId);
      this.#clearTimer(boardId);
      this.#opts.cluster?.unwatch(boardId);
      void this.#opts.sessions.forget(boardId);
      return;
    }
    void this.#republish(boardId, this.#opts.log.child({ board: boardId }));
  }

  /** Boards this process has facilitation sockets on (the cluster's periodic check). */
  get boardIds(): string[] {
    return [...this.#boards.keys()];
  }

  /**
   * Another process announced a change of the board's session (a command, or someone came or
   * went) — or, `periodic`, it is time to look for one whose message was lost: reload it from
   * the store, tell our sockets (on a periodic look only if it changed), and record the lock
   * of a board loaded here, confirmed as of the moment we started reading.
   */
  async remoteChanged(boardId: string, periodic = false): Promise<void> {
    const log = this.#opts.log.child({ board: boardId });
    const startedAt = Date.now();
    try {
      const reconciled = await this.#opts.sessions.reconcile(boardId);
      if (this.#boards.has(boardId) && (!periodic || !reconciled || reconciled.changed))
        await this.#republish(boardId, log);
      if (!this.#opts.rooms.peek(boardId)) return;
      const locked = reconciled?.state.locked ?? (await this.#opts.sessions.lockedOf(boardId));
      this.#opts.locks.set(boardId, locked, startedAt);
    } catch (error) {
      log.error({ err: error }, 'could not follow a change from another process');
    }
  }

  /** Sends everyone on the board the current session (someone came or went). */
  async #republish(boardId: string, log: Logger): Promise<void> {
    try {
      if (this.#opts.cluster) {
        const everywhere = await this.#io.in(boardId).fetchSockets();
        this.#clusterParticipants.set(boardId, participantsOf(everywhere));
      }
      this.#publish(boardId, await this.#opts.sessions.read(boardId));
    } catch (error) {
      log.error({ err: error }, 'could not read the facilitation state');
    }
  }

  async #command(
    socket: FacilitationSocket,
    type: CommandName,
    args: unknown[],
    log: Logger,
  ): Promise<void> {
    const { boardId, role, name, named, voterId } = socket.data;
    if (this.#overBudget(socket)) {
      this.counters.commandsRefused++;
      answer(args, refusalAck({ code: 'too_many_commands' }), log);
      return;
    }
    const payload = typeof args.at(-1) === 'function' ? args.slice(0, -1)[0] : args[0];
    try {
      // An agenda step is read from the board document as it is now (loaded if need be).
      const context: ReduceContext =
        needsAgenda(type) && canFacilitate(role)
          ? { agenda: await this.#opts.rooms.withRoom(boardId, (room) => listAgenda(room.doc)) }
          : {};
      const result = await this.#opts.sessions.apply(
        boardId,
        { type, payload },
        { role, voterId, name },
        Date.now(),
        context,
      );
      if (result.ok) {
        this.counters.commandsApplied++;
        // Someone who voted took part: their name goes on the brief's cover.
        if (type === 'vote:cast' && named) {
          await this.#opts.sessions
            .recordParticipant(boardId, name)
            .catch((error: unknown) => log.error({ err: error }, 'could not record participant'));
        }
        answer(args, { ok: true }, log);
      } else {
        this.counters.commandsRefused++;
        answer(args, refusalAck(result), log);
      }
    } catch (error) {
      this.counters.commandsRefused++;
      if (error instanceof BoardNotFoundError) {
        answer(args, refusalAck({ code: 'board_not_found' }), log);
        void this.closeBoard(boardId);
        return;
      }
      log.error({ err: error, command: type }, 'facilitation command failed');
      answer(args, refusalAck({ code: 'server_error' }), log);
    }
  }

  #overBudget(socket: FacilitationSocket): boolean {
    const now = Date.now();
    const times = socket.data.commandTimes.filter((t) => now - t < COMMAND_BUDGET.windowMs);
    times.push(now);
    socket.data.commandTimes = times;
    return times.length > COMMAND_BUDGET.count;
  }

  /** Each socket of the board gets its own view; the lock is recorded; a running timer is watched. */
  #publish(boardId: string, state: SessionState, confirmedAt?: number): void {
    const sockets = this.#boards.get(boardId);
    if (sockets) {
      const now = Date.now();
      const participants = this.#clusterParticipants.get(boardId) ?? participantsOf(sockets);
      const shown: SessionState = { ...state, participants };
      for (const socket of sockets) {
        socket.emit(SESSION_EVENT, viewFor(shown, socket.data.voterId, now));
      }
      this.#watchTimer(boardId, state);
    }
    // In a cluster only a change this process stored confirms the lock (see `BoardLocks`);
    // what it merely holds may be stale. Only a board loaded here needs its lock.
    if (confirmedAt === undefined && this.#opts.cluster) return;
    if (this.#opts.rooms.peek(boardId)) this.#opts.locks.set(boardId, state.locked, confirmedAt);
  }

  /** When a running timer ends, the state says so and everyone hears it (the server does not tick). */
  #watchTimer(boardId: string, state: SessionState): void {
    this.#clearTimer(boardId);
    const timer = state.timer;
    if (!timer?.running || this.#closing) return;
    const handle = setTimeout(
      () => {
        this.#timers.delete(boardId);
        if (!this.#boards.has(boardId)) return;
        this.#opts.sessions
          .update(boardId, (current) => expireTimer(current, Date.now()))
          .then((current) => {
            // Fired a hair early (nothing was published, so nothing rescheduled): look again.
            if (current.timer?.running && !this.#timers.has(boardId)) {
              this.#watchTimer(boardId, current);
            }
          })
          .catch((error: unknown) =>
            this.#opts.log.error({ err: error, board: boardId }, 'could not end the timer'),
          );
      },
      Math.max(0, timer.endsAt - Date.now()) + 5,
    );
    handle.unref();
    this.#timers.set(boardId, handle);
  }

  #clearTimer(boardId: string): void {
    const handle = this.#timers.get(boardId);
    if (handle) clearTimeout(handle);
    this.#timers.delete(boardId);
  }

  /** Disconnects everyone on a board and forgets its session (the board was deleted). */
  async closeBoard(boardId: string): Promise<void> {
    const sockets = [...(this.#boards.get(boardId) ?? [])];
    for (const socket of sockets) socket.disconnect(true);
    if (this.#boards.delete(boardId)) this.#opts.cluster?.unwatch(boardId);
    this.#clusterParticipants.delete(boardId);
    this.#clearTimer(boardId);
    await this.#opts.sessions.forget(boardId);
  }

  /** Disconnects every client and waits for queued changes to be stored. */
  async close(): Promise<void> {
    this.#closing = true;
    for (const boardId of [...this.#timers.keys()]) this.#clearTimer(boardId);
    this.#unsubscribe();
    await this.#io.close();
    await this.#opts.sessions.close();
  }
}

/** Answers a command if the client asked for an answer; a missing or broken callback is not our crash. */
function answer(args: unknown[], ack: Ack, log: Logger): void {
  const callback = args.at(-1);
  if (typeof callback !== 'function') return;
  try {
    (callback as AckCallback)(ack);
  } catch (error) {
    log.warn({ err: error }, 'acknowledgement failed');
  }
}

/** Who is here, once per person (several tabs of one browser count once), in order of arrival. */
function participantsOf(sockets: Iterable<{ data: SocketData }>): Participant[] {
  const people = new Map<string, Participant>();
  for (const socket of sockets) {
    people.set(`${socket.data.role}:${socket.data.voterId}`, {
      name: socket.data.name,
      role: socket.data.role,
    });
  }
  return [...people.values()];
}
