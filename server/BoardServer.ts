/**
 * Wires the rooms together: store → rooms → sync endpoint + HTTP app on one port. Used by
 * `main.ts` and by tests that need a real server on a free port.
 */
import http from 'node:http';
import fs from 'node:fs';
import path from 'node:path';
import os from 'node:os';
import { pathToFileURL } from 'node:url';
import type { AddressInfo } from 'node:net';
import { pino, type Logger } from 'pino';
import type { NextFunction, Request, Response } from 'express';
import { CLOSE } from '../shared/protocol.ts';
import { ROOT } from './paths.ts';
import type { ServerConfig } from './config.ts';
import { BoardTokens, loadBoardSecret } from './auth/tokens.ts';
import { openBoardStore } from './store/index.ts';
import type { BoardStore } from './store/BoardStore.ts';
import { WatchedStore } from './store/health.ts';
import { BoardRooms } from './sync/BoardRooms.ts';
import type { BoardRoom } from './sync/BoardRoom.ts';
import { BoardLocks } from './sync/writePolicy.ts';
import { SyncServer } from './sync/SyncServer.ts';
import { BoardService } from './boards/BoardService.ts';
import { createApp } from './http/app.ts';
import { ServerMetrics } from './metrics.ts';
import { BriefExporter } from './export/BriefExporter.ts';
import { compileTrust, ConnectionLimit } from './http/clientAddress.ts';
import { BoardSessions } from './facilitation/BoardSessions.ts';
import { FacilitationServer } from './facilitation/FacilitationServer.ts';
import { revealedVoteResults } from '../shared/facilitation/index.ts';
import { briefParticipants, readParticipants } from './facilitation/participants.ts';
import { encodeAwarenessUpdate } from 'y-protocols/awareness';

const WEB_HANDLER = path.join(ROOT, 'web/build/handler.js');

export interface RunningServer {
  port: number;
  url: string;
  store: BoardStore;
  rooms: BoardRooms;
  boards: BoardService;
  facilitation: FacilitationServer;
  tokens: BoardTokens;
  log: Logger;
  /** Flushes and compacts every board, closes connections (1001) and the store. */
  close(): Promise<void>;
}

type WebHandler = (req: Request, res: Response, next: NextFunction) => void;

async function loadWebHandler(log: Logger): Promise<WebHandler | undefined> {
  if (!fs.existsSync(WEB_HANDLER)) {
    log.warn('web client not built (web/build missing): run `npm run build`');
    return undefined;
  }
  const mod = (await import(pathToFileURL(WEB_HANDLER).href)) as { handler: WebHandler };
  return mod.handler;
}

export async function startBoardServer(
  config: ServerConfig,
  log: Logger = pino({ level: config.logLevel }),
  /** A store to use instead of the configured one (tests that pause it at chosen moments). */
  givenStore?: BoardStore,
): Promise<RunningServer> {
  // Every store call goes through the watch: a failing store is reported, not just logged.
  const store = new WatchedStore(
    givenStore ?? (await openBoardStore(config)),
    config.storeFailureHoldMs,
  );
  const tokens = new BoardTokens(
    loadBoardSecret(config.boardSecret, config.dataDir),
    config.boardSecretPrevious,
  );
  // Redis and its socket.io adapter load only for a cluster.
  const cluster = config.redisUrl
    ? {
        ...(await import('./cluster/RedisRelay.ts')),
        ...(await import('@socket.io/redis-adapter')),
      }
    : null;
  const relay = cluster
    ? new cluster.RedisRelay(
        config.redisUrl!,
        log,
        `briefing-board:${os.hostname()}:${config.port}`,
      )
    : null;
  if (relay) await relay.connect();
  const sessions = new BoardSessions({
    store,
    log,
    ...(relay && {
      cluster: {
        exclusive: (boardId, work) => relay.withLock(`session:${boardId}`, work),
        announce: (boardId) => relay.publish(boardId, 'session', new Uint8Array()),
      },
    }),
  });
  const locks = new BoardLocks({
    read: (id) => sessions.lockedOf(id),
    // A lock is trusted for CLUSTER_SYNC_MS after it was confirmed, and only while no message
    // could have been lost since; else an editor's update waits for the store.
    ...(relay && {
      fresh: (confirmedAt: number) =>
        relay.listening &&
        confirmedAt > relay.lostAt &&
        Date.now() - confirmedAt < config.clusterSyncMs,
    }),
  });
  const rooms: BoardRooms = new BoardRooms({
    store,
    log,
    idleUnloadMs: config.idleUnloadMs,
    compactAfterUpdates: config.compactAfterUpdates,
    maxBoardBytes: config.maxBoardBytes,
    writes: locks,
    // A lock outlives the room: a board loaded again (or after a restart) comes back locked.
    onLoaded: async (room) => {
      await locks.read(room.id);
      // Who is already here through other processes (else seen only at their next renewal).
      relay?.publish(room.id, 'awareness-query', new Uint8Array());
    },
    onUnloaded: (id: string) => {
      // Unless the board is loading again already.
      if (!rooms.peek(id)) locks.forget(id);
      void relay?.unsubscribe(id).catch(() => {});
    },
    ...(relay && {
      beforeLoad: (id: string) => relay.subscribe(id),
      onRelayed: (room, kind, payload) => relay.publish(room.id, kind, payload),
      verifyExists: true,
    }),
  });
  /** Tells the other processes who is on `room` through this one. */
  const announcePresence = (room: BoardRoom) => {
    const ids = room.ownAwarenessIds();
    if (ids.length && !room.closing)
      relay?.publish(room.id, 'awareness', encodeAwarenessUpdate(room.awareness, ids));
  };
  /** Another process deleted the board: close its connections here too. */
  const dropDeleted = async (boardId: string) => {
    await rooms.evict(boardId, CLOSE.NOT_FOUND, 'board deleted');
    await facilitation.closeBoard(boardId);
  };
  relay?.onMessage(({ boardId, kind, payload }) => {
    if (kind === 'session') {
      void facilitation.remoteChanged(boardId);
      return;
    }
    if (kind === 'deleted') {
      void dropDeleted(boardId).catch((error: unknown) =>
        log.error({ err: error, board: boardId }, 'could not close a deleted board'),
      );
      return;
    }
    if (kind === 'awareness-query') {
      void rooms
        .peek(boardId)
        ?.then(announcePresence)
        .catch(() => {});
      return;
    }
    void rooms
      .peek(boardId)
      ?.then((room) => room.receiveRemote(kind, payload))
      .catch(() => {});
  });
  /**
   * What pub/sub may have lost, read again for every board this process serves: whether it
   * still exists, its session (lock and all), and the document (state summaries).
   */
  let reconciling = false;
  const reconcile = async () => {
    if (reconciling) return;
    reconciling = true;
    try {
      const loaded = await rooms.loadedRooms();
      const ids = new Set([...loaded.map((room) => room.id), ...facilitation.boardIds]);
      await Promise.all(
        [...ids].map(async (id) => {
          try {
            if (!(await store.getBoard(id))) return await dropDeleted(id);
            await facilitation.remoteChanged(id, true);
          } catch (error) {
            log.warn({ err: error, board: id }, 'could not reconcile a board with the store');
          }
        }),
      );
      for (const room of loaded) room.askProcesses(true);
    } finally {
      reconciling = false;
    }
  };
  relay?.onResubscribed(() => {
    // While this subscriber was away, others may have asked "who is here?" or answered ours.
    void rooms
      .loadedRooms()
      .then((loaded) => {
        for (const room of loaded) {
          announcePresence(room);
          relay.publish(room.id, 'awareness-query', new Uint8Array());
        }
      })
      .catch((error: unknown) => log.error({ err: error }, 'could not exchange presence'));
    void reconcile();
  });
  const catchUp = relay ? setInterval(() => void reconcile(), config.clusterSyncMs).unref() : null;
  // One rule for who the client is (TRUST_PROXY), for express and both socket endpoints.
  const trustProxy = compileTrust(config.trustProxy);
  const syncLimit = new ConnectionLimit(config.connectPerMinute, trustProxy);
  const facilitationLimit = new ConnectionLimit(config.connectPerMinute, trustProxy);
  const sync = new SyncServer({
    rooms,
    tokens,
    log,
    maxMessageBytes: config.maxMessageBytes,
    pingIntervalMs: config.pingIntervalMs,
    allowedOrigins: config.allowedOrigins,
    connectLimit: syncLimit,
    storeFailing: () => store.failure() !== null,
  });
  // `facilitation` is created below, before any request can arrive.
  const boards = new BoardService(
    store,
    rooms,
    tokens,
    config.publicUrl,
    (id) => facilitation.closeBoard(id),
    (id) => relay?.publish(id, 'deleted', new Uint8Array()),
  );
  const exporter = new BriefExporter();
  const app = createApp({
    boards,
    tokens,
    store,
    log,
    exporter,
    maxJsonBytes: config.maxJsonBytes,
    publicUrl: config.publicUrl,
    createPerMinute: config.createPerMinute,
    allowedOrigins: config.allowedOrigins,
    trustProxy,
    healthChecks: relay ? { redis: () => relay.ping() } : {},
    sourcesRequired: async (boardId) => (await sessions.read(boardId)).requireSources,
    ratingsHidden: async (boardId) => (await sessions.read(boardId)).ratingsHidden,
    revealedVotes: async (boardId) => revealedVoteResults(await sessions.read(boardId)),
    participants: async (boardId, board) =>
      briefParticipants(
        (await sessions.read(boardId)).briefParticipants,
        await readParticipants(store, boardId),
        board,
      ),
    webHandler: await loadWebHandler(log),
    metrics: new ServerMetrics({
      gauges: {
        rooms_loaded: ['Boards loaded in memory', () => rooms.loadedCount],
        connections: ['Open sync (WebSocket) connections', () => sync.connectionCount],
        loaded_board_bytes: [
          'Encoded size of the loaded boards, as last measured plus edits since',
          async () => (await rooms.loadedRooms()).reduce((sum, room) => sum + room.sizeBytes, 0),
        ],
        facilitation_connections: [
          'Open facilitation (socket.io) connections',
          () => facilitation.connectionCount,
        ],
        facilitation_sessions_loaded: [
          'Facilitation sessions in memory',
          () => sessions.loadedCount,
        ],
        process_rss_bytes: ['Resident memory (bytes)', () => process.memoryUsage().rss],
        process_heap_used_bytes: ['Heap in use (bytes)', () => process.memoryUsage().heapUsed],
      },
      counters: {
        connections_too_slow_total: [
          'Connections closed because they read too slowly',
          () => sync.counters.tooSlow,
        ],
        updates_relayed_total: ['Edits stored and relayed', () => rooms.counters.updatesRelayed],
        updates_dropped_total: [
          'Edits dropped (viewers, a locked board)',
          () => rooms.counters.updatesDropped,
        ],
        frames_sent_total: ['Frames sent to sync connections', () => rooms.counters.framesSent],
        updates_refused_total: [
          'Edits refused because the board would pass MAX_BOARD_BYTES',
          () => rooms.counters.updatesRefused,
        ],
        presence_dropped_total: [
          'Presence entries dropped (not owned, too many, too big)',
          () => rooms.counters.presenceDropped,
        ],
        state_encodes_total: [
          'Full board states encoded for newcomers',
          () => rooms.counters.stateEncodes,
        ],
        facilitation_commands_applied_total: [
          'Facilitation commands applied',
          () => facilitation.counters.commandsApplied,
        ],
        facilitation_commands_refused_total: [
          'Facilitation commands refused',
          () => facilitation.counters.commandsRefused,
        ],
      },
    }),
    metricsToken: config.metricsToken,
  });

  const server = http.createServer(app);
  const facilitation = new FacilitationServer({
    httpServer: server,
    sessions,
    rooms,
    locks,
    tokens,
    store,
    log,
    allowedOrigins: config.allowedOrigins,
    connectLimit: facilitationLimit,
    ...(relay &&
      cluster && {
        cluster: {
          adapter: cluster.createAdapter(...relay.adapterClients()),
          watch: (boardId) => relay.subscribe(boardId),
          unwatch: (boardId) => void relay.unsubscribe(boardId).catch(() => {}),
          announce: (boardId) => relay.publish(boardId, 'session', new Uint8Array()),
        },
      }),
  });
  server.on('upgrade', (request, socket, head) => {
    if (SyncServer.handles(request)) sync.handleUpgrade(request, socket, head);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.port, config.host, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;

  let closing: Promise<void> | null = null;
  const close = () =>
    (closing ??= (async () => {
      server.close();
      if (catchUp) clearInterval(catchUp);
      // Rooms first: their writes are flushed and logs compacted while sockets close.
      await rooms.closeAll(CLOSE.GOING_AWAY, 'server shutting down');
      await sync.close();
      // Disconnects facilitation clients and waits until their last changes are stored.
      await facilitation.close();
      server.closeAllConnections();
      syncLimit.shutdown();
      facilitationLimit.shutdown();
      await relay?.close();
      await exporter.close();
      await store.close();
    })());

  return {
    port,
    url: `http://127.0.0.1:${port}`,
    store,
    rooms,
    boards,
    facilitation,
    tokens,
    log,
    close,
  };
}
