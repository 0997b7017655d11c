/**
 * `SyncServer` on its own: a plain HTTP server, the memory store behind a gate, real sockets.
 * Its rules from the module header: which upgrades it takes, the refusals before a socket joins
 * a room (4401, 4403, 4404, 4507; a foreign Origin gets 403), frames sent while the board loads
 * wait for it, and closing says 1001 to everyone and refuses new sockets (503).
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import http, { type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocket } from 'ws';
import * as Y from 'yjs';
import * as encoding from 'lib0/encoding';
import * as decoding from 'lib0/decoding';
import * as syncProtocol from 'y-protocols/sync';
import { pino } from 'pino';
import { CLOSE } from '../../../shared/protocol.ts';
import { BoardTokens } from '../../../server/auth/tokens.ts';
import { compileTrust, ConnectionLimit } from '../../../server/http/clientAddress.ts';
import { MemoryBoardStore } from '../../../server/store/memory.ts';
import { BoardRooms } from '../../../server/sync/BoardRooms.ts';
import { SyncServer } from '../../../server/sync/SyncServer.ts';
import { GatedStore } from '../../helpers/gated-store.ts';
import { rawSocket } from '../../helpers/clients.ts';

const BOARD = 'syncserverboard';
let store: GatedStore;
let tokens: BoardTokens;
let sync: SyncServer;
let rooms: BoardRooms;
let httpServer: http.Server;
let limit: ConnectionLimit;
let storeFailing = false;
let base = '';

beforeEach(async () => {
  store = new GatedStore(new MemoryBoardStore());
  await store.createBoard(BOARD, 'Board', Y.encodeStateAsUpdate(new Y.Doc()));
  tokens = new BoardTokens('a secret for the SyncServer test');
  const log = pino({ level: 'silent' });
  rooms = new BoardRooms({ store, log, idleUnloadMs: 60_000, compactAfterUpdates: 500 });
  limit = new ConnectionLimit(1_000, compileTrust(false));
  storeFailing = false;
  sync = new SyncServer({
    rooms,
    tokens,
    log,
    maxMessageBytes: 1024 * 1024,
    pingIntervalMs: 60_000,
    allowedOrigins: [],
    connectLimit: limit,
    storeFailing: () => storeFailing,
  });
  httpServer = http.createServer((_req, res) => res.end());
  httpServer.on('upgrade', (request, socket, head) => {
    if (SyncServer.handles(request)) sync.handleUpgrade(request, socket, head);
  });
  await new Promise<void>((resolve) => httpServer.listen(0, '127.0.0.1', resolve));
  base = `ws://127.0.0.1:${(httpServer.address() as AddressInfo).port}/yjs`;
});

afterEach(async () => {
  await rooms.closeAll(CLOSE.GOING_AWAY, 'test over');
  await sync.close(100);
  limit.shutdown();
  httpServer.closeAllConnections();
  await new Promise((resolve) => httpServer.close(resolve));
});

const url = (board: string, token: string) => `${base}/${board}?token=${encodeURIComponent(token)}`;

/** The close code of a socket the server refuses after the upgrade. */
async function closeCode(target: string): Promise<number> {
  const { closed } = await rawSocket(target);
  return (await closed).code;
}

/** A sync step 1 for an empty document: the server answers with step 2 (what it holds). */
function syncStep1(): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, 0);
  syncProtocol.writeSyncStep1(encoder, new Y.Doc());
  return encoding.toUint8Array(encoder);
}
const isSyncStep2 = (frame: Uint8Array) => {
  const decoder = decoding.createDecoder(frame);
  return (
    decoding.readVarUint(decoder) === 0 &&
    decoding.readVarUint(decoder) === syncProtocol.messageYjsSyncStep2
  );
};

describe('SyncServer', () => {
  it('takes upgrades for /yjs and /yjs/<board> only', () => {
    const at = (path: string) => SyncServer.handles({ url: path } as IncomingMessage);
    expect(at('/yjs')).toBe(true);
    expect(at('/yjs/abc?token=x')).toBe(true);
    expect(at('/yjsx/abc')).toBe(false);
    expect(at('/socket.io/?EIO=4')).toBe(false);
  });

  it('refuses before joining a room: 4404 bad id or no board, 4401 bad token, 4403 other board', async () => {
    const editor = tokens.issueAll(BOARD).editor;
    expect(await closeCode(url('..%2Fetc', editor))).toBe(CLOSE.NOT_FOUND);
    expect(await closeCode(url(BOARD, 'editor.forged.token'))).toBe(CLOSE.UNAUTHORIZED);
    expect(await closeCode(url(BOARD, tokens.issueAll('otherboard').editor))).toBe(CLOSE.FORBIDDEN);
    expect(await closeCode(url('nosuchboard', tokens.issueAll('nosuchboard').editor))).toBe(
      CLOSE.NOT_FOUND,
    );
    expect(rooms.loadedCount).toBe(0);
  });

  it('refuses new sockets with 4507 while the store is failing', async () => {
    storeFailing = true;
    expect(await closeCode(url(BOARD, tokens.issueAll(BOARD).viewer))).toBe(CLOSE.STORAGE_FAILING);
  });

  it('refuses a browser from a foreign origin with 403', async () => {
    const ws = new WebSocket(url(BOARD, tokens.issueAll(BOARD).viewer), {
      headers: { origin: 'https://elsewhere.example' },
    });
    const status = await new Promise<number>((resolve) =>
      ws.once('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0)),
    );
    expect(status).toBe(403);
  });

  it('keeps frames sent while the board loads and answers them once it has loaded', async () => {
    const gate = store.hold('loadBoard');
    const { ws, frames } = await rawSocket(url(BOARD, tokens.issueAll(BOARD).editor));
    await gate.reached;
    ws.send(syncStep1());
    await new Promise((r) => setTimeout(r, 50));
    expect(frames).toEqual([]);
    gate.open();
    await expect.poll(() => frames.filter(isSyncStep2).length).toBeGreaterThanOrEqual(1);
    ws.close();
  });

  it('on close says 1001 to every socket and answers new upgrades with 503', async () => {
    const { closed } = await rawSocket(url(BOARD, tokens.issueAll(BOARD).viewer));
    await expect.poll(() => sync.connectionCount).toBe(1);
    const closing = sync.close(100);
    expect((await closed).code).toBe(CLOSE.GOING_AWAY);
    await closing;
    const ws = new WebSocket(url(BOARD, tokens.issueAll(BOARD).viewer));
    const status = await new Promise<number>((resolve) =>
      ws.once('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0)),
    );
    expect(status).toBe(503);
  });
});
