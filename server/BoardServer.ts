/**
 * Wires the rooms together: store → rooms → sync endpoint + HTTP app on one port. Used by
 * `main.ts` and by tests that need a real server on a free port.
 */
import http from 'node:http';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { AddressInfo } from 'node:net';
import { pino, type Logger } from 'pino';
import type { NextFunction, Request, Response } from 'express';
import { CLOSE } from '../shared/protocol.ts';
import type { ServerConfig } from './config.ts';
import { BoardTokens, loadBoardSecret } from './auth/tokens.ts';
import { openBoardStore } from './store/index.ts';
import type { BoardStore } from './store/BoardStore.ts';
import { WatchedStore } from './store/health.ts';
import { BoardRooms } from './sync/BoardRooms.ts';
import { SyncServer } from './sync/SyncServer.ts';
import { BoardService } from './boards/BoardService.ts';
import { createApp } from './http/app.ts';
import { BoardSessions } from './facilitation/BoardSessions.ts';
import { FacilitationServer } from './facilitation/FacilitationServer.ts';
import { RedisRelay } from './cluster/RedisRelay.ts';
import { createAdapter } from '@socket.io/redis-adapter';
import { revealedVoteResults } from '../shared/facilitation/index.ts';

const WEB_HANDLER = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '../web/build/handler.js',
);

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
  const store = new WatchedStore(givenStore ?? (await openBoardStore(config)));
  const tokens = new BoardTokens(loadBoardSecret(config.boardSecret, config.dataDir));
  const relay = config.redisUrl ? new RedisRelay(config.redisUrl, log) : null;
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
  const rooms = new BoardRooms({
    store,
    log,
    idleUnloadMs: config.idleUnloadMs,
    compactAfterUpdates: config.compactAfterUpdates,
    // A lock outlives the room: a board loaded again (or after a restart) comes back locked.
    onLoaded: async (room) => {
      room.locked = await sessions.lockedOf(room.id);
    },
    ...(relay && {
      beforeLoad: (id: string) => relay.subscribe(id),
      onUnloaded: (id: string) => void relay.unsubscribe(id).catch(() => {}),
      onRelayed: (room, kind, payload) => relay.publish(room.id, kind, payload),
    }),
  });
  relay?.onMessage(({ boardId, kind, payload }) => {
    if (kind === 'session') {
      void facilitation.remoteChanged(boardId);
      return;
    }
    void rooms
      .peek(boardId)
      ?.then((room) => room.receiveRemote(kind, payload))
      .catch(() => {});
  });
  // Catches up what pub/sub lost or a dying process stored but never published.
  const catchUp = relay
    ? setInterval(() => {
        void rooms
          .loadedRooms()
          .then((loaded) => loaded.forEach((room) => room.askProcesses(true)));
      }, config.clusterSyncMs).unref()
    : null;
  const sync = new SyncServer({
    rooms,
    tokens,
    log,
    maxMessageBytes: config.maxMessageBytes,
    pingIntervalMs: config.pingIntervalMs,
    allowedOrigins: config.allowedOrigins,
    connectPerMinute: config.connectPerMinute,
    storeFailing: () => store.failure() !== null,
  });
  // `facilitation` is created below, before any request can arrive.
  const boards = new BoardService(store, rooms, tokens, config.publicUrl, (id) =>
    facilitation.closeBoard(id),
  );
  const app = createApp({
    boards,
    tokens,
    store,
    log,
    maxJsonBytes: config.maxJsonBytes,
    publicUrl: config.publicUrl,
    createPerMinute: config.createPerMinute,
    allowedOrigins: config.allowedOrigins,
    healthChecks: relay ? [() => relay.ping()] : [],
    sourcesRequired: async (boardId) => (await sessions.read(boardId)).requireSources,
    ratingsHidden: async (boardId) => (await sessions.read(boardId)).ratingsHidden,
    revealedVotes: async (boardId) => revealedVoteResults(await sessions.read(boardId)),
    webHandler: await loadWebHandler(log),
    metrics: () => ({
      rooms_loaded: rooms.loadedCount,
      connections: sync.connectionCount,
      updates_relayed_total: rooms.counters.updatesRelayed,
      updates_dropped_total: rooms.counters.updatesDropped,
      frames_sent_total: rooms.counters.framesSent,
      process_rss_bytes: process.memoryUsage().rss,
      process_heap_used_bytes: process.memoryUsage().heapUsed,
      facilitation_connections: facilitation.connectionCount,
      facilitation_sessions_loaded: sessions.loadedCount,
      facilitation_commands_applied_total: facilitation.counters.commandsApplied,
      facilitation_commands_refused_total: facilitation.counters.commandsRefused,
    }),
  });

  const server = http.createServer(app);
  const facilitation = new FacilitationServer({
    httpServer: server,
    sessions,
    rooms,
    tokens,
    store,
    log,
    allowedOrigins: config.allowedOrigins,
    ...(relay && {
      cluster: {
        adapter: createAdapter(...relay.adapterClients()),
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
      await relay?.close();
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
