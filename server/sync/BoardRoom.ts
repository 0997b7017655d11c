/**
 * One loaded board: its Y.Doc, the awareness of the people on it, and its connections. Every
 * accepted update is appended to the store before it is relayed — to every connection of the
 * board, the sender included, as one frame encoded once. Updates arriving in the same tick
 * are merged and stored in one append. Whoever the write policy refuses (viewers, editors on a
 * locked board) is heard for awareness only: their document updates are dropped, never
 * applied, stored or relayed.
 * Transport-agnostic: a connection is anything that can `send` and `close` (see `RoomPeer`).
 *
 * Presence is bounded (issue 13): a connection owns the awareness client ids it introduced
 * (at most `PRESENCE_LIMITS.statesPerConnection`), an entry for anyone else's id or over
 * `stateBytes` is dropped, and each connection's presence is applied at most once per
 * `windowMs` — the latest state per client id wins, nothing queues. Only what passed is
 * relayed to peers and other processes. A board's size is bounded by `maxBoardBytes`: an update
 * that would take it past that closes its sender with `CLOSE.BOARD_FULL`, unapplied. Newcomers
 * with an empty document share one encoding of the whole board, made once per version.
 */
import * as Y from 'yjs';
import * as decoding from 'lib0/decoding';
import * as awarenessProtocol from 'y-protocols/awareness';
import type { Logger } from 'pino';
import type { BoardStore } from '../store/BoardStore.ts';
import type { Role } from '../../shared/roles.ts';
import {
  CLOSE,
  MESSAGE_AUTH,
  MESSAGE_AWARENESS,
  MESSAGE_QUERY_AWARENESS,
  MESSAGE_SYNC,
} from '../../shared/protocol.ts';
import {
  asksForEverything,
  awarenessMessage,
  decodeAwarenessEntries,
  encodeAwarenessEntries,
  readAwarenessState,
  syncStep1Message,
  syncStep2Message,
  updateMessage,
  type AwarenessEntry,
} from './messages.ts';
import { compare, summarize } from '../cluster/catchUp.ts';
import { forgedOverlap } from './overlap.ts';
import { KEEP_ENCODING_BYTES, WholeBoard } from './wholeBoard.ts';
import type { WritePolicy } from './writePolicy.ts';
import { relaySeconds, secondsSince } from '../metrics.ts';

/** The minimal connection a room talks to. */
export interface RoomPeer {
  readonly id: string;
  readonly role: Role;
  send(frame: Uint8Array): void;
  close(code: number, reason: string): void;
}

/** Transaction origins, so the room knows which changes to store and relay. */
export const STORE_ORIGIN = Symbol('store');
export const SERVER_ORIGIN = Symbol('server');
/** Came from another server process, which stored it already: relay to our clients only. */
export const REMOTE_ORIGIN = Symbol('remote');

const SYNC_STEP1 = 0;
const SYNC_STEP2 = 1;
const SYNC_UPDATE = 2;

export class MalformedMessageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MalformedMessageError';
  }
}

export interface RoomCounters {
  updatesRelayed: number;
  updatesDropped: number;
  framesSent: number;
  /** Updates refused because the board would pass `maxBoardBytes`. */
  updatesRefused: number;
  /** Awareness entries dropped by the presence limits. */
  presenceDropped: number;
  /** Full-state encodings made for newcomers (one per board version, shared). */
  stateEncodes: number;
}

/** What one connection may put into presence. */
export const PRESENCE_LIMITS = {
  /** Awareness client ids one connection may introduce (a browser tab uses one). */
  statesPerConnection: 2,
  /** Largest state (its JSON) one client id may have. */
  stateBytes: 4 * 1024,
  /** A connection's presence changes are applied at most once per window (10 a second). */
  windowMs: 100,
} as const;

/** A connection's presence window: what arrived since the last apply, latest per client id. */
interface PresenceWindow {
  appliedAt: number;
  pending: Map<number, AwarenessEntry>;
  timer: NodeJS.Timeout | null;
  /** Last time this connection's query for everyone's presence was answered. */
  answeredAt: number;
}

export interface BoardRoomOptions {
  id: string;
  doc: Y.Doc;
  store: BoardStore;
  log: Logger;
  counters: RoomCounters;
  /** Log length on load; compaction runs once it passes `compactAfterUpdates` (`#compactSoon`). */
  logLength: number;
  compactAfterUpdates: number;
  /** An update that would take the board's encoded state past this is refused. */
  maxBoardBytes: number;
  /** Called when a write to the store fails: the room must be dropped, its clients resync. */
  onFailure(room: BoardRoom, error: unknown): void;
  /** Extra listeners for relayed updates and awareness (the cluster relay). */
  onRelayed?(room: BoardRoom, kind: RelayedKind, payload: Uint8Array): void;
  /** Who may change the document now (the board lock). */
  writes: WritePolicy;
}

/** What a room passes to other server processes (see `../cluster/catchUp.ts` for `state`). */
export type RelayedKind = 'update' | 'awareness' | 'state';
/** A room asks other processes for what it lacks at most this often. */
const ASK_INTERVAL_MS = 1_000;
/** A board being edited compacts in its first pause this long (`#compactSoon`). */
const COMPACT_WHEN_QUIET_MS = 1_000;

export class BoardRoom {
  readonly id: string;
  readonly doc: Y.Doc;
  readonly awareness: awarenessProtocol.Awareness;
  readonly peers = new Map<RoomPeer, Set<number>>();

  readonly #opts: BoardRoomOptions;
  /** Holds on the room besides connections (REST requests in progress). */
  #holds = 0;
  #closing = false;
  #pending: Uint8Array[] = [];
  #flushScheduled = false;
  #writes: Promise<void> = Promise.resolve();
  #logLength: number;
  #compaction: Promise<void> | null = null;
  #compactTimer: NodeJS.Timeout | null = null;
  /** The store error that failed this room, if one did: what it took is not stored. */
  #failure: { error: unknown } | null = null;
  readonly #askedAt = new WeakMap<RoomPeer, number>();
  /** Which connection introduced each awareness client id (it alone may change that id). */
  readonly #owners = new Map<number, RoomPeer>();
  /** Client ids other server processes introduced; our connections may not change them. */
  readonly #remoteIds = new Set<number>();
  readonly #presence = new Map<RoomPeer, PresenceWindow>();
  /** Connections whose update was refused (board full): nothing more of theirs is applied. */
  readonly #refused = new WeakSet<RoomPeer>();
  /** What a newcomer with nothing receives (`wholeBoard.ts`). */
  readonly #whole: WholeBoard;
  /** Newcomers waiting for a big board, with what they get (see `#sendWhole`). */
  #wholeQueue: [RoomPeer, Uint8Array[]][] = [];
  /** When the oldest pending edit arrived (`performance.now()`), for the relay-latency metric. */
  #pendingSince = 0;
  /**
   * The board's encoded size, from above: the last full encoding plus the bytes of every
   * update applied since (unknown until first measured).
   */
  #sizeEstimate = Number.POSITIVE_INFINITY;
  #askedProcessesAt = 0;
  #askTimer: NodeJS.Timeout | null = null;
  /** Updates waiting for the write policy to confirm the lock (cluster, lock not fresh). */
  #held: [RoomPeer, Uint8Array][] = [];
  #confirming = false;

  constructor(opts: BoardRoomOptions) {
    this.#opts = opts;
    this.id = opts.id;
    this.doc = opts.doc;
    this.#logLength = opts.logLength;
    this.#whole = new WholeBoard(this.doc, (bytes) => {
      this.#sizeEstimate = bytes;
      opts.counters.stateEncodes++;
    });
    this.awareness = new awarenessProtocol.Awareness(this.doc);
    // The server has no presence of its own.
    this.awareness.setLocalState(null);
    this.doc.on('update', this.#onUpdate);
    this.awareness.on('update', this.#onAwareness);
  }

  get connectionCount(): number {
    return this.peers.size;
  }

  /** The board's encoded size as last measured plus edits since; 0 until first measured (metrics). */
  get sizeBytes(): number {
    return Number.isFinite(this.#sizeEstimate) ? this.#sizeEstimate : 0;
  }

  /** Nothing holds the room: no connection, no request, no write under way. */
  get idle(): boolean {
    return (
      this.peers.size === 0 &&
      this.#holds === 0 &&
      this.#pending.length === 0 &&
      this.#held.length === 0
    );
  }

  /** Closed for good (unloaded, evicted, failed or stopping): it takes no more work. */
  get closing(): boolean {
    return this.#closing;
  }

  /** Someone besides a connection (a REST request) uses the room until `release`. */
  hold(): void {
    this.#holds++;
  }

  release(): void {
    this.#holds = Math.max(0, this.#holds - 1);
  }

  /**
   * The awareness client ids this process's own connections introduced and that are applied
   * already (a new id waits out its connection's presence window first).
   */
  ownAwarenessIds(): number[] {
    return [...this.peers.values()].flatMap((ids) =>
      [...ids].filter((id) => this.awareness.meta.has(id)),
    );
  }

  #onUpdate = (update: Uint8Array, origin: unknown): void => {
    this.#whole.applied(update);
    this.#sizeEstimate += update.byteLength;
    if (origin === STORE_ORIGIN) return;
    if (origin === REMOTE_ORIGIN) {
      this.broadcast(updateMessage(update));
      return;
    }
    if (this.#pending.push(update) === 1) this.#pendingSince = performance.now();
    if (!this.#flushScheduled) {
      this.#flushScheduled = true;
      setImmediate(() => {
        this.#flushScheduled = false;
        this.#writes = this.#writes.then(() => this.#flush());
      });
    }
  };

  /** Appends what is pending to the store, then relays it. */
  async #flush(): Promise<void> {
    if (this.#failure || this.#pending.length === 0) return;
    const batch = this.#pending;
    const receivedAt = this.#pendingSince;
    this.#pending = [];
    const update = batch.length === 1 ? batch[0] : Y.mergeUpdates(batch);
    try {
      this.#logLength = await this.#opts.store.appendUpdates(this.id, [update]);
    } catch (error) {
      this.#failure = { error };
      this.#opts.onFailure(this, error);
      return;
    }
    this.broadcast(updateMessage(update));
    relaySeconds.observe(secondsSince(receivedAt));
    this.#opts.counters.updatesRelayed += batch.length;
    this.#opts.onRelayed?.(this, 'update', update);
    if (this.#logLength > this.#opts.compactAfterUpdates) this.#compactSoon();
  }

  /**
   * A compaction replays the whole board on the event loop (a 1,000-card board: ~40 ms, while
   * every board's relay waits), so a board past its limit compacts in its first pause of a
   * second, when nobody is waiting for an edit of it; one typed into nonstop compacts once its
   * log reaches four times the limit.
   */
  #compactSoon(): void {
    if (this.#compactTimer) clearTimeout(this.#compactTimer);
    this.#compactTimer = null;
    if (this.#logLength > 4 * this.#opts.compactAfterUpdates) {
      void this.compact();
      return;
    }
    this.#compactTimer = setTimeout(() => {
      this.#compactTimer = null;
      if (!this.#closing) void this.compact();
    }, COMPACT_WHEN_QUIET_MS).unref();
  }

  /**
   * Resolves once every update applied to the document is durable and relayed: the writes
   * awaited are the latest and nothing is pending. Updates keep arriving while a write is
   * under way, so this checks again after each; on a board that never pauses it gives up after
   * a few dozen rounds rather than keep a newcomer waiting.
   */
  async durable(): Promise<void> {
    for (let round = 0; round < 40; round++) {
      const writes = this.#writes;
      await writes;
      if (writes === this.#writes && this.#pending.length === 0 && !this.#flushScheduled) return;
      if (this.#failure) return;
      await new Promise<void>((resolve) => setImmediate(resolve));
    }
  }

  /**
   * Like `durable`, for a caller that answers someone (a REST snapshot or restore): throws the
   * store's error when the room failed, so nothing is reported stored that is not.
   */
  async stored(): Promise<void> {
    await this.durable();
    if (this.#failure) throw this.#failure.error;
  }

  /** Merges the stored log into one state; one at a time per room. */
  compact(): Promise<void> {
    if (!this.#compaction) {
      this.#compaction = this.#opts.store
        .compact(this.id)
        .then(() => {
          this.#logLength = 0;
        })
        .catch((error: unknown) =>
          this.#opts.log.error({ err: error, board: this.id }, 'compaction failed'),
        )
        .finally(() => {
          this.#compaction = null;
        });
    }
    return this.#compaction;
  }

  #onAwareness = (
    { added, updated, removed }: { added: number[]; updated: number[]; removed: number[] },
    origin: unknown,
  ): void => {
    const changed = [...added, ...updated, ...removed];
    for (const id of removed) this.#remoteIds.delete(id);
    const frame = awarenessMessage(this.awareness, changed);
    this.broadcast(frame);
    // Another process's presence came from there, and every process hears it directly.
    if (origin === REMOTE_ORIGIN) return;
    this.#opts.onRelayed?.(
      this,
      'awareness',
      awarenessProtocol.encodeAwarenessUpdate(this.awareness, changed),
    );
  };

  /**
   * A connection's awareness update: entries for client ids it does not own (or may not
   * introduce: over the per-connection count, or the server's own id) and states over the
   * size limit are dropped; the rest is applied now, or at the end of the connection's window
   * with only the latest entry per client id. Throws on an entry that is not JSON.
   */
  #receivePresence(peer: RoomPeer, update: Uint8Array): void {
    const owned = this.peers.get(peer);
    if (!owned) return;
    const window = this.#presenceWindow(peer);
    let dropped = 0;
    for (const entry of decodeAwarenessEntries(update)) {
      const owner = this.#owners.get(entry.clientId);
      if (
        entry.state.byteLength > PRESENCE_LIMITS.stateBytes ||
        entry.clientId === this.awareness.clientID ||
        (owner !== undefined && owner !== peer) ||
        this.#remoteIds.has(entry.clientId)
      ) {
        dropped++;
        continue;
      }
      const previous = window.pending.get(entry.clientId);
      if (previous && previous.clock > entry.clock) continue;
      const state = readAwarenessState(entry);
      if (owner === undefined) {
        // A removal binds nothing: it would only reserve an id.
        if (state === null || owned.size >= PRESENCE_LIMITS.statesPerConnection) {
          dropped++;
          continue;
        }
        owned.add(entry.clientId);
        this.#owners.set(entry.clientId, peer);
      }
      window.pending.set(entry.clientId, entry);
    }
    this.#opts.counters.presenceDropped += dropped;
    if (window.pending.size === 0 || window.timer) return;
    const wait = window.appliedAt + PRESENCE_LIMITS.windowMs - Date.now();
    if (wait <= 0) this.#applyPresence(peer, window);
    else
      window.timer = setTimeout(() => {
        window.timer = null;
        if (this.#presence.get(peer) === window) this.#applyPresence(peer, window);
      }, wait);
  }

  #presenceWindow(peer: RoomPeer): PresenceWindow {
    let window = this.#presence.get(peer);
    if (!window) {
      window = { appliedAt: 0, pending: new Map(), timer: null, answeredAt: 0 };
      this.#presence.set(peer, window);
    }
    return window;
  }

  #applyPresence(peer: RoomPeer, window: PresenceWindow): void {
    if (this.#closing || window.pending.size === 0) return;
    const update = encodeAwarenessEntries(window.pending.values());
    window.pending.clear();
    window.appliedAt = Date.now();
    awarenessProtocol.applyAwarenessUpdate(this.awareness, update, peer);
  }

  /**
   * Presence relayed by another process (which applied the same limits to its connections):
   * it may not change the ids our connections own, nor carry states over the size limit.
   */
  #receiveRemotePresence(update: Uint8Array): void {
    const accepted: AwarenessEntry[] = [];
    for (const entry of decodeAwarenessEntries(update)) {
      if (
        entry.state.byteLength > PRESENCE_LIMITS.stateBytes ||
        entry.clientId === this.awareness.clientID ||
        this.#owners.has(entry.clientId)
      ) {
        this.#opts.counters.presenceDropped++;
        continue;
      }
      if (readAwarenessState(entry) === null) {
        if (!this.#remoteIds.has(entry.clientId)) continue;
      } else this.#remoteIds.add(entry.clientId);
      accepted.push(entry);
    }
    if (accepted.length)
      awarenessProtocol.applyAwarenessUpdate(
        this.awareness,
        encodeAwarenessEntries(accepted),
        REMOTE_ORIGIN,
      );
  }

  /**
   * Sends a newcomer the whole board. Handing a socket a big frame copies as much of it into the
   * kernel as the socket takes, at once; twenty people opening a 10 MB board together would
   * hold the event loop for all those copies in one go, and every board's relay with it. So the
   * frames of a board of `KEEP_ENCODING_BYTES` or more go to one newcomer per event-loop turn,
   * in arrival order. They are taken when the answer is due (everything in them is durable).
   */
  #sendWhole(peer: RoomPeer, frames: Uint8Array[]): void {
    if (frames[0].byteLength < KEEP_ENCODING_BYTES) {
      for (const frame of frames) this.#send(peer, frame);
      return;
    }
    if (this.#wholeQueue.push([peer, frames]) > 1) return;
    const next = () => {
      const [to, waiting] = this.#wholeQueue[0];
      if (!this.#closing && this.peers.has(to)) for (const frame of waiting) this.#send(to, frame);
      this.#wholeQueue.shift();
      if (this.#wholeQueue.length) setImmediate(next);
    };
    setImmediate(next);
  }

  /**
   * Whether applying `update` would take the board past `maxBoardBytes`. The running estimate
   * answers most updates; near the limit the board is measured (one shared encoding, reused by
   * newcomers) and only what the update adds to it counts.
   */
  #wouldOverflow(update: Uint8Array): boolean {
    const max = this.#opts.maxBoardBytes;
    if (this.#sizeEstimate + update.byteLength <= max) return false;
    this.#whole.measure();
    if (this.#sizeEstimate + update.byteLength <= max) return false;
    const added = Y.diffUpdate(update, Y.encodeStateVector(this.doc)).byteLength;
    return this.#sizeEstimate + added > max;
  }

  broadcast(frame: Uint8Array): void {
    for (const peer of this.peers.keys()) this.#send(peer, frame);
    this.#opts.counters.framesSent += this.peers.size;
  }

  #send(peer: RoomPeer, frame: Uint8Array): void {
    try {
      peer.send(frame);
    } catch (error) {
      this.#opts.log.warn(
        { err: error, board: this.id, conn: peer.id },
        'send failed; closing connection',
      );
      peer.close(CLOSE.GOING_AWAY, 'send failed');
    }
  }

  /** A connection joins: it gets our state vector and everyone's presence. */
  join(peer: RoomPeer): void {
    this.peers.set(peer, new Set());
    this.#send(peer, syncStep1Message(this.doc));
    const states = [...this.awareness.getStates().keys()];
    if (states.length) this.#send(peer, awarenessMessage(this.awareness, states));
  }

  /** A connection leaves: its presence goes at once. */
  leave(peer: RoomPeer): void {
    const ids = this.peers.get(peer);
    if (!ids) return;
    this.peers.delete(peer);
    const window = this.#presence.get(peer);
    if (window?.timer) clearTimeout(window.timer);
    this.#presence.delete(peer);
    for (const id of ids) this.#owners.delete(id);
    if (ids.size) awarenessProtocol.removeAwarenessStates(this.awareness, [...ids], null);
  }

  /**
   * Handles one frame from `peer`. Throws `MalformedMessageError` for a frame that is not
   * y-websocket; the caller closes that connection, and the room goes on.
   */
  receive(peer: RoomPeer, frame: Uint8Array): void {
    try {
      const decoder = decoding.createDecoder(frame);
      const type = decoding.readVarUint(decoder);
      switch (type) {
        case MESSAGE_SYNC:
          this.#receiveSync(peer, decoder);
          return;
        case MESSAGE_AWARENESS:
          this.#receivePresence(peer, decoding.readVarUint8Array(decoder));
          return;
        case MESSAGE_QUERY_AWARENESS: {
          // Answered once per presence window: a flood of queries is no amplifier.
          const window = this.#presenceWindow(peer);
          const now = Date.now();
          if (now - window.answeredAt < PRESENCE_LIMITS.windowMs) return;
          window.answeredAt = now;
          this.#send(
            peer,
            awarenessMessage(this.awareness, [...this.awareness.getStates().keys()]),
          );
          return;
        }
        case MESSAGE_AUTH:
          return;
        default:
          throw new MalformedMessageError(`unknown message type ${type}`);
      }
    } catch (error) {
      if (error instanceof MalformedMessageError) throw error;
      throw new MalformedMessageError(error instanceof Error ? error.message : String(error));
    }
  }

  #receiveSync(peer: RoomPeer, decoder: decoding.Decoder): void {
    const kind = decoding.readVarUint(decoder);
    switch (kind) {
      case SYNC_STEP1: {
        const stateVector = decoding.readVarUint8Array(decoder);
        // Validate now, answer once everything the answer contains is durable.
        Y.decodeStateVector(stateVector);
        void this.durable().then(() => {
          if (!this.peers.has(peer)) return;
          if (!asksForEverything(this.doc, stateVector))
            this.#send(peer, syncStep2Message(this.doc, stateVector));
          else this.#sendWhole(peer, this.#whole.frames());
        });
        return;
      }
      case SYNC_STEP2:
      case SYNC_UPDATE: {
        const update = decoding.readVarUint8Array(decoder);
        const allowed = this.#opts.writes.canWrite(this.id, peer.role);
        if (!allowed || this.#refused.has(peer)) {
          this.#opts.counters.updatesDropped++;
          return;
        }
        if (allowed === 'confirm') {
          this.#holdUntilConfirmed(peer, update);
          return;
        }
        this.#applyFrom(peer, update);
        return;
      }
      default:
        throw new MalformedMessageError(`unknown sync message ${kind}`);
    }
  }

  #applyFrom(peer: RoomPeer, update: Uint8Array): void {
    if (this.#refused.has(peer)) return;
    if (this.#wouldOverflow(update)) {
      this.#refused.add(peer);
      this.#opts.counters.updatesRefused++;
      this.#opts.log.warn(
        { board: this.id, conn: peer.id, bytes: update.byteLength },
        'update refused: the board would pass MAX_BOARD_BYTES',
      );
      peer.close(CLOSE.BOARD_FULL, 'board is full');
      return;
    }
    // A clock reused with other content would read one way here and another in our encoding.
    const forged = forgedOverlap(this.doc, update);
    if (forged) throw new MalformedMessageError(`update reuses a clock: ${forged}`);
    const store = this.doc.store;
    // Held back from another process's relay (a gap), if anything.
    const heldFromProcesses = store.pendingStructs !== null;
    Y.applyUpdate(this.doc, update, peer);
    if (store.pendingStructs) {
      // Not kept: held back, it would integrate later without the check above (its clocks
      // filled in meanwhile). The client sends it again with its base when asked, and what
      // other processes relayed is asked of them again now rather than at the next periodic
      // comparison.
      store.pendingStructs = null;
      this.#askForMissing(peer);
      if (heldFromProcesses) this.askProcesses();
    } else if (store.pendingDs) this.#askForMissing(peer);
  }

  /**
   * Keeps an update until the write policy has read whether the board is locked (one read for
   * everything held meanwhile), then applies or drops each in arrival order. A failed read
   * drops them: the client sends them again once it hears our state vector.
   */
  #holdUntilConfirmed(peer: RoomPeer, update: Uint8Array): void {
    this.#held.push([peer, update]);
    if (this.#confirming) return;
    this.#confirming = true;
    void this.#opts.writes
      .confirm(this.id)
      .then(
        () => true,
        (error: unknown) => {
          this.#opts.log.error({ err: error, board: this.id }, 'could not read the lock');
          return false;
        },
      )
      .then((confirmed) => {
        this.#confirming = false;
        const held = this.#held;
        this.#held = [];
        for (const [from, next] of held) {
          if (this.#closing || !this.peers.has(from)) continue;
          if (!confirmed || this.#opts.writes.canWrite(this.id, from.role) === false) {
            this.#opts.counters.updatesDropped++;
            continue;
          }
          try {
            this.#applyFrom(from, next);
          } catch (error) {
            this.#opts.log.warn({ err: error, board: this.id, conn: from.id }, 'malformed update');
            from.close(CLOSE.MALFORMED, 'malformed message');
          }
        }
      });
  }

  /**
   * The peer's update depends on something we never applied — typically its own edit dropped
   * while the board was locked. Sending our state vector makes its client send everything we
   * lack (at most once a second per connection), instead of its edits piling up unapplied.
   */
  #askForMissing(peer: RoomPeer): void {
    const now = Date.now();
    if ((this.#askedAt.get(peer) ?? 0) > now - 1_000) return;
    this.#askedAt.set(peer, now);
    this.#send(peer, syncStep1Message(this.doc));
  }

  /**
   * Applies what another server process relayed: an update (already stored by it), a presence
   * change, or its state summary — answered with what it lacks, and with our own summary when
   * it has something we lack.
   */
  receiveRemote(kind: RelayedKind, payload: Uint8Array): void {
    if (this.#closing) return;
    try {
      if (kind === 'awareness') {
        this.#receiveRemotePresence(payload);
        return;
      }
      if (kind === 'update') {
        Y.applyUpdate(this.doc, payload, REMOTE_ORIGIN);
        // A gap: the update builds on one we never received (lost, or never published).
        if (this.doc.store.pendingStructs || this.doc.store.pendingDs) this.askProcesses();
        return;
      }
      // Answer only with what is stored: the receivers relay it without storing it again.
      void this.durable().then(() => {
        if (this.#closing) return;
        try {
          const { send, ask } = compare(this.doc, payload);
          if (send) this.#opts.onRelayed?.(this, 'update', send);
          if (ask) this.askProcesses();
        } catch (error) {
          this.#opts.log.error({ err: error, board: this.id }, 'bad summary from another process');
        }
      });
    } catch (error) {
      this.#opts.log.error({ err: error, board: this.id }, 'bad message from another process');
    }
  }

  /**
   * Publishes our state summary, so other processes send what we lack (and learn what they
   * lack). Called after loading and periodically (`force`), and on a gap — then at most once
   * a second, the last ask of a burst deferred rather than dropped.
   */
  askProcesses(force = false): void {
    if (!this.#opts.onRelayed || this.#closing) return;
    const wait = this.#askedProcessesAt + ASK_INTERVAL_MS - Date.now();
    if (!force && wait > 0) {
      this.#askTimer ??= setTimeout(() => {
        this.#askTimer = null;
        this.askProcesses(true);
      }, wait).unref();
      return;
    }
    this.#askedProcessesAt = Date.now();
    this.#opts.onRelayed(this, 'state', summarize(this.doc));
  }

  /** Applies a change made by the server itself (restore, import): stored and relayed like any edit. */
  applyServerEdit(change: (doc: Y.Doc) => void): void {
    this.doc.transact(() => change(this.doc), SERVER_ORIGIN);
  }

  /**
   * Closes the room for good and every connection (board deleted, server stopping, store
   * failure); `dispose` follows.
   */
  closeAll(code: number, reason: string): void {
    this.#closing = true;
    for (const peer of [...this.peers.keys()]) {
      this.leave(peer);
      peer.close(code, reason);
    }
  }

  /** Waits for writes and compaction, then frees the document. */
  async dispose(compact: boolean): Promise<void> {
    this.#closing = true;
    if (this.#askTimer) clearTimeout(this.#askTimer);
    if (this.#compactTimer) clearTimeout(this.#compactTimer);
    for (const window of this.#presence.values()) if (window.timer) clearTimeout(window.timer);
    this.#presence.clear();
    await this.#writes;
    if (compact && !this.#failure && this.#logLength > 0) await this.compact();
    else if (this.#compaction) await this.#compaction;
    this.doc.off('update', this.#onUpdate);
    this.awareness.destroy();
    this.doc.destroy();
  }
}
