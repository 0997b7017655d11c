/**
 * The y-websocket endpoint: `ws://host/yjs/<boardId>?token=…`. Checks the token at the
 * upgrade, before the socket joins any room (4401 bad token, 4403 another board's token,
 * 4404 no such board), waits for the board to load, then hands frames to the room. A
 * malformed frame closes that one connection (1007); a frame over the limit closes with 1009.
 * Dead connections are found by ping; a connection that stops reading is closed with 4408
 * before its queue grows (see `SEND_BUFFER_BYTES`).
 */
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, WebSocket, type RawData } from 'ws';
import type { Logger } from 'pino';
import { isValidId } from '../../shared/board/index.ts';
import { CLOSE, SYNC_PATH } from '../../shared/protocol.ts';
import type { Role } from '../../shared/roles.ts';
import type { BoardTokens } from '../auth/tokens.ts';
import { BoardNotFoundError } from '../store/BoardStore.ts';
import { StorageUnavailableError } from '../store/health.ts';
import type { BoardRooms } from './BoardRooms.ts';
import { MalformedMessageError, type BoardRoom, type RoomPeer } from './BoardRoom.ts';
import { isOriginAllowed } from '../http/origin.ts';
import type { ConnectionLimit } from '../http/clientAddress.ts';

/**
 * Output a connection may leave unread beyond the largest single frame it was sent (a newcomer
 * may take a while to read a big board's state). Past it the connection is too slow to keep
 * up: it is closed with 4408 and resyncs on reconnect. Frames are shared among connections,
 * so what a slow one holds is mostly references, but nothing more is queued for it.
 */
export const SEND_BUFFER_BYTES = 8 * 1024 * 1024;

export interface SyncServerOptions {
  rooms: BoardRooms;
  tokens: BoardTokens;
  log: Logger;
  maxMessageBytes: number;
  pingIntervalMs: number;
  allowedOrigins: string[];
  /** Connection attempts per client address (behind TRUST_PROXY) per minute. */
  connectLimit: ConnectionLimit;
  /** The store is failing: new connections are refused (4507) until it recovers. */
  storeFailing?: () => boolean;
}

let nextConnection = 0;

class SocketPeer implements RoomPeer {
  readonly id: string;
  alive = true;
  /** The largest frame sent so far: its size is allowed unread on top of `SEND_BUFFER_BYTES`. */
  #largestFrame = 0;
  constructor(
    readonly socket: WebSocket,
    readonly role: Role,
    readonly onTooSlow: () => void,
  ) {
    this.id = `c${++nextConnection}`;
  }

  send(frame: Uint8Array): void {
    if (this.socket.readyState !== WebSocket.OPEN) return;
    this.#largestFrame = Math.max(this.#largestFrame, frame.byteLength);
    if (this.socket.bufferedAmount + frame.byteLength > SEND_BUFFER_BYTES + this.#largestFrame) {
      this.onTooSlow();
      this.close(CLOSE.TOO_SLOW, 'too slow to keep up');
      return;
    }
    this.socket.send(frame, { binary: true });
  }

  close(code: number, reason: string): void {
    if (
      this.socket.readyState === WebSocket.OPEN ||
      this.socket.readyState === WebSocket.CONNECTING
    ) {
      this.socket.close(code, reason);
    }
  }
}

export class SyncServer {
  readonly #opts: SyncServerOptions;
  readonly #wss: WebSocketServer;
  readonly #peers = new Set<SocketPeer>();
  readonly #pinger: NodeJS.Timeout;
  /** Connections closed for not reading what they were sent (4408). */
  readonly counters = { tooSlow: 0 };
  #closing = false;

  constructor(opts: SyncServerOptions) {
    this.#opts = opts;
    this.#wss = new WebSocketServer({
      noServer: true,
      maxPayload: opts.maxMessageBytes,
      perMessageDeflate: false,
    });
    this.#pinger = setInterval(() => this.#ping(), opts.pingIntervalMs);
    this.#pinger.unref();
  }

  get connectionCount(): number {
    return this.#peers.size;
  }

  /** Whether `request` is for this endpoint (other upgrades, such as socket.io, pass by). */
  static handles(request: IncomingMessage): boolean {
    const path = (request.url ?? '').split('?')[0];
    return path === SYNC_PATH || path.startsWith(`${SYNC_PATH}/`);
  }

  handleUpgrade(request: IncomingMessage, socket: Duplex, head: Buffer): void {
    if (this.#closing) {
      socket.end('HTTP/1.1 503 Service Unavailable\r\nConnection: close\r\n\r\n');
      return;
    }
    if (!isOriginAllowed(request, this.#opts.allowedOrigins)) {
      this.#opts.log.warn({ origin: request.headers.origin }, 'websocket origin refused');
      socket.end('HTTP/1.1 403 Forbidden\r\nConnection: close\r\n\r\n');
      return;
    }
    void this.#opts.connectLimit.admit(request).then(({ allowed, address }) => {
      if (!allowed) {
        this.#opts.log.warn({ address }, 'too many connection attempts');
        socket.end(
          'HTTP/1.1 429 Too Many Requests\r\nConnection: close\r\nRetry-After: 60\r\n\r\n',
        );
        return;
      }
      this.#wss.handleUpgrade(request, socket, head, (ws) => void this.#accept(ws, request));
    });
  }

  async #accept(ws: WebSocket, request: IncomingMessage): Promise<void> {
    const url = new URL(request.url ?? '/', 'http://localhost');
    let boardId = '';
    try {
      boardId = decodeURIComponent(url.pathname.slice(SYNC_PATH.length + 1));
    } catch {
      /* left empty: refused below */
    }
    const log = this.#opts.log.child({ board: isValidId(boardId) ? boardId : '(invalid)' });
    if (!isValidId(boardId)) {
      ws.close(CLOSE.NOT_FOUND, 'invalid board id');
      return;
    }
    const check = this.#opts.tokens.check(url.searchParams.get('token'), boardId);
    if (!check.ok) {
      const code = check.reason === 'other-board' ? CLOSE.FORBIDDEN : CLOSE.UNAUTHORIZED;
      log.info({ reason: check.reason }, 'sync connection refused');
      ws.close(code, check.reason === 'other-board' ? 'token of another board' : 'invalid token');
      return;
    }

    const peer = new SocketPeer(ws, check.role, () => this.counters.tooSlow++);
    this.#peers.add(peer);
    // Frames that arrive while the board loads wait for it.
    const queued: RawData[] = [];
    let room: BoardRoom | null = null;
    ws.on('message', (data, isBinary) => {
      if (!room) queued.push(data);
      else this.#receive(room, peer, data, isBinary, log);
    });
    ws.on('pong', () => {
      peer.alive = true;
    });
    ws.on('error', (error) => log.warn({ err: error, conn: peer.id }, 'websocket error'));
    ws.on('close', () => {
      this.#peers.delete(peer);
      if (room) {
        room.leave(peer);
        this.#opts.rooms.scheduleIdleCheck(room);
      }
    });

    // Refused before any sync, so a client's reconnect backoff grows instead of resetting.
    if (this.#opts.storeFailing?.()) {
      ws.close(CLOSE.STORAGE_FAILING, 'storage full or failing');
      return;
    }
    let loaded: BoardRoom;
    try {
      loaded = await this.#opts.rooms.acquire(boardId);
    } catch (error) {
      if (error instanceof BoardNotFoundError) ws.close(CLOSE.NOT_FOUND, 'board not found');
      else if (error instanceof StorageUnavailableError)
        ws.close(CLOSE.STORAGE_FAILING, 'storage full or failing');
      else ws.close(CLOSE.UNAVAILABLE, 'board failed to load');
      return;
    }
    if (ws.readyState !== WebSocket.OPEN) {
      this.#opts.rooms.release(loaded);
      return;
    }
    loaded.join(peer);
    this.#opts.rooms.release(loaded);
    room = loaded;
    log.debug({ conn: peer.id, role: peer.role }, 'joined');
    for (const data of queued.splice(0)) this.#receive(loaded, peer, data, true, log);
  }

  #receive(room: BoardRoom, peer: SocketPeer, data: RawData, isBinary: boolean, log: Logger): void {
    try {
      if (!isBinary) throw new MalformedMessageError('text frame');
      const frame = Array.isArray(data)
        ? Buffer.concat(data)
        : Buffer.isBuffer(data)
          ? data
          : Buffer.from(data);
      room.receive(peer, frame);
    } catch (error) {
      const reason = error instanceof MalformedMessageError ? error.message : 'message failed';
      log.warn({ conn: peer.id, reason }, 'malformed message; closing connection');
      peer.close(CLOSE.MALFORMED, 'malformed message');
    }
  }

  #ping(): void {
    for (const peer of this.#peers) {
      if (!peer.alive) {
        peer.socket.terminate();
        continue;
      }
      peer.alive = false;
      try {
        peer.socket.ping();
      } catch {
        peer.socket.terminate();
      }
    }
  }

  /** Refuses new connections; closes the remaining ones (1001), terminating laggards after `graceMs`. */
  async close(graceMs = 1_000): Promise<void> {
    this.#closing = true;
    clearInterval(this.#pinger);
    for (const peer of this.#peers) peer.close(CLOSE.GOING_AWAY, 'server shutting down');
    const closed = new Promise<void>((resolve) => this.#wss.close(() => resolve()));
    const grace = setTimeout(() => {
      for (const peer of this.#peers) peer.socket.terminate();
    }, graceMs);
    await closed;
    clearTimeout(grace);
  }
}
