/**
 * A client that vanishes without a close leaves presence within the ping window; odd board
 * ids, forged and mangled tokens are refused with clear errors and never crash the server.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import * as Y from 'yjs';
import { WebsocketProvider } from 'y-websocket';
import { startServer, type CreatedBoard, type TestServer } from '../helpers/server.ts';
import { connectClient, eventually, rawSocket } from '../helpers/clients.ts';

let server: TestServer;
let created: CreatedBoard;

/** Short, so the test is quick; long enough that "not within one interval" means something. */
const PING_MS = 1_500;

beforeAll(async () => {
  // A silent client is found within two ping intervals (the README's claim).
  server = await startServer({ env: { PING_INTERVAL_MS: String(PING_MS) } });
  created = await server.createBoard();
});
afterAll(async () => server?.stop());

describe('presence', () => {
  it('a client that vanishes without a close disappears from presence', async () => {
    const stays = connectClient(server.wsUrl, created.id, created.tokens.editor);
    await stays.synced();
    const doc = new Y.Doc();
    let socket: WebSocket | null = null;
    class CapturingWebSocket extends WebSocket {
      constructor(url: string | URL, protocols?: string | string[]) {
        super(url, protocols);
        // eslint-disable-next-line @typescript-eslint/no-this-alias
        socket = this;
      }
    }
    const vanishing = new WebsocketProvider(server.wsUrl, created.id, doc, {
      params: { token: created.tokens.editor },
      disableBc: true,
      WebSocketPolyfill: CapturingWebSocket as unknown as typeof globalThis.WebSocket,
    });
    vanishing.awareness.setLocalStateField('user', { name: 'Ghost' });
    await eventually(() =>
      expect(stays.provider.awareness.getStates().has(doc.clientID)).toBe(true),
    );
    // The network goes silent: no close, no pong.
    const raw = (socket as unknown as { _socket: import('node:net').Socket })._socket;
    raw.pause();
    vanishing.shouldConnect = false;
    const paused = Date.now();
    const present = () => stays.provider.awareness.getStates().has(doc.clientID);
    // Not dropped early: a connection is only given up after a whole interval without a pong
    // (a ping sent just before the pause can make that a little under one interval).
    while (Date.now() - paused < PING_MS * 0.8) {
      expect(present()).toBe(true);
      await new Promise((r) => setTimeout(r, 25));
    }
    // Gone within two intervals, polled for three (a slow machine's slack, not a speed test).
    await eventually(() => expect(present()).toBe(false), PING_MS * 3 - (Date.now() - paused));
    raw.destroy();
    vanishing.destroy();
    stays.destroy();
  });
});

describe('odd ids and tokens', () => {
  const ids = [
    '..%2F..%2Fetc%2Fpasswd',
    'a%00b',
    'x'.repeat(3000),
    '%F0%9F%98%80',
    '%E0%A4%A',
    '.',
    '-leading',
  ];
  for (const id of ids) {
    it(`refuses board id ${id.slice(0, 24)}${id.length > 24 ? '…' : ''} on HTTP and WebSocket`, async () => {
      const res = await fetch(`${server.baseUrl}/api/boards/${id}?token=${created.tokens.editor}`);
      expect([400, 404]).toContain(res.status);
      const body = (await res.json()) as { error: { code: string; message: string } };
      expect(body.error.message.length).toBeGreaterThan(5);
      const raw = await rawSocket(`${server.wsUrl}/${id}?token=${created.tokens.editor}`).catch(
        () => null,
      );
      if (raw) expect([4404, 4401, 4403]).toContain((await raw.closed).code);
    });
  }

  it('refuses mangled tokens of every shape with 4401 and 401', async () => {
    const t = created.tokens.editor;
    const mangled = [
      '',
      '.',
      '..',
      t + 'x',
      t.slice(0, -1),
      t.toUpperCase(),
      `admin.${created.id}.${t.split('.')[2]}`,
      'x'.repeat(5000),
      `${t}.${t}`,
      '\u0000',
    ];
    for (const token of mangled) {
      const raw = await rawSocket(
        `${server.wsUrl}/${created.id}?token=${encodeURIComponent(token)}`,
      );
      expect((await raw.closed).code).toBe(4401);
      const res = await fetch(`${server.baseUrl}/api/boards/${created.id}`, {
        headers: { authorization: `Bearer ${token.replaceAll('\u0000', '')}` },
      });
      expect(res.status).toBe(401);
    }
    expect((await fetch(`${server.baseUrl}/healthz`)).status).toBe(200);
  });
});
