/**
 * Who the client is, behind a proxy or not (issue 13, defects 6 and 7), and one spelling per
 * token (defect 8) end to end. With TRUST_PROXY=1 (the loopback proxy of the README's nginx
 * set-up) each X-Forwarded-For client gets its own connection bucket; without it the header is
 * ignored, so a spoofed one cannot dodge a limit. socket.io connections are limited like
 * WebSocket ones and refused with `connect_error` `data.code` 4429.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { io } from 'socket.io-client';
import { CLOSE, FACILITATION_PATH } from '../../shared/protocol.ts';
import { startServer, type CreatedBoard, type TestServer } from '../helpers/server.ts';

const LIMIT = 3;

/** The y-websocket upgrade's answer: 101, or the HTTP status it was refused with. */
function upgrade(server: TestServer, board: CreatedBoard, forwardedFor?: string, token?: string) {
  return new Promise<{ status: number; close?: number }>((resolve) => {
    const ws = new WebSocket(
      `${server.wsUrl}/${board.id}?token=${encodeURIComponent(token ?? board.tokens.viewer)}`,
      { headers: forwardedFor ? { 'x-forwarded-for': forwardedFor } : {} },
    );
    ws.once('unexpected-response', (_req, res) => resolve({ status: res.statusCode ?? 0 }));
    ws.once('error', () => resolve({ status: -1 }));
    ws.once('close', (code) => resolve({ status: 101, close: code }));
    // An accepted socket stays open; a refused token closes it with a code.
    ws.once('open', () => setTimeout(() => ws.close(1000), 300));
  });
}

/** A socket.io handshake: 'connected', or the `connect_error` data code. */
function handshake(
  server: TestServer,
  board: CreatedBoard,
  forwardedFor?: string,
): Promise<'connected' | number> {
  return new Promise((resolve) => {
    const socket = io(server.baseUrl, {
      path: FACILITATION_PATH,
      auth: { boardId: board.id, token: board.tokens.viewer, name: 'Probe' },
      transports: ['websocket'],
      reconnection: false,
      forceNew: true,
      extraHeaders: forwardedFor ? { 'x-forwarded-for': forwardedFor } : {},
    });
    socket.once('connect', () => {
      socket.disconnect();
      resolve('connected');
    });
    socket.once('connect_error', (error) => {
      socket.disconnect();
      resolve((error as Error & { data?: { code?: number } }).data?.code ?? -1);
    });
  });
}

describe('behind a trusted proxy (TRUST_PROXY=1)', () => {
  let server: TestServer;
  let board: CreatedBoard;
  beforeAll(async () => {
    server = await startServer({ env: { TRUST_PROXY: '1', CONNECT_RATE_LIMIT: String(LIMIT) } });
    board = await server.createBoard();
  });
  afterAll(async () => server?.stop());

  it('gives each forwarded client its own WebSocket bucket', async () => {
    for (let i = 0; i < LIMIT; i++)
      expect((await upgrade(server, board, '203.0.113.1')).status).toBe(101);
    expect((await upgrade(server, board, '203.0.113.1')).status).toBe(429);
    // Another person behind the same proxy is not held back by the first.
    expect((await upgrade(server, board, '203.0.113.2')).status).toBe(101);
    expect((await upgrade(server, board, '198.51.100.7, 203.0.113.3')).status).toBe(101);
  });

  it('gives each forwarded client its own socket.io bucket and refuses past it with 4429', async () => {
    for (let i = 0; i < LIMIT; i++)
      expect(await handshake(server, board, '203.0.113.9')).toBe('connected');
    expect(await handshake(server, board, '203.0.113.9')).toBe(CLOSE.RATE_LIMITED);
    expect(await handshake(server, board, '203.0.113.10')).toBe('connected');
  });
});

describe('without TRUST_PROXY', () => {
  let server: TestServer;
  let board: CreatedBoard;
  beforeAll(async () => {
    server = await startServer({
      env: { CONNECT_RATE_LIMIT: String(LIMIT), CREATE_RATE_LIMIT: '2' },
    });
    board = await server.createBoard();
  });
  afterAll(async () => server?.stop());

  it('ignores X-Forwarded-For: a spoofed header cannot dodge the board-creation limit', async () => {
    const create = (ip: string) =>
      fetch(`${server.baseUrl}/api/boards`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-forwarded-for': ip },
        body: '{}',
      });
    // One board was made in beforeAll; the limit is 2 a minute.
    expect((await create('192.0.2.1')).status).toBe(201);
    expect((await create('192.0.2.2')).status).toBe(429);
  });

  it('ignores X-Forwarded-For on WebSocket and socket.io connections', async () => {
    for (let i = 0; i < LIMIT; i++)
      expect((await upgrade(server, board, `192.0.2.${10 + i}`)).status).toBe(101);
    expect((await upgrade(server, board, '192.0.2.99')).status).toBe(429);
    for (let i = 0; i < LIMIT; i++)
      expect(await handshake(server, board, `192.0.2.${20 + i}`)).toBe('connected');
    expect(await handshake(server, board, '192.0.2.98')).toBe(CLOSE.RATE_LIMITED);
  });
});

describe('token spellings', () => {
  let server: TestServer;
  let board: CreatedBoard;
  beforeAll(async () => {
    server = await startServer();
    board = await server.createBoard();
  });
  afterAll(async () => server?.stop());

  /** Spellings of the viewer token that decode to the same bytes under a lax decoder. */
  function spellings(): [string, string][] {
    const token = board.tokens.viewer;
    const [role, id, signature] = token.split('.');
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
    const last = alphabet.indexOf(signature.at(-1)!);
    const out: [string, string][] = [
      ['padding', `${token}==`],
      ['a trailing space', `${token} `],
      ['junk inside', `${role}.${id}.${signature.slice(0, 7)}***${signature.slice(7)}`],
      ['a changed last character', `${token.slice(0, -1)}${alphabet[last ^ 1]}`],
    ];
    if (/[-_]/.test(signature)) {
      out.push([
        'the +/ alphabet',
        `${role}.${id}.${signature.replace(/-/g, '+').replace(/_/g, '/')}`,
      ]);
    }
    return out;
  }

  it('opens the board with the issued token only: 401 and 4401 for every other spelling', async () => {
    const read = (token: string) =>
      fetch(`${server.baseUrl}/api/boards/${board.id}?token=${encodeURIComponent(token)}`);
    expect((await read(board.tokens.viewer)).status).toBe(200);
    expect((await upgrade(server, board, undefined, board.tokens.viewer)).close).toBe(1000);
    for (const [what, token] of spellings()) {
      expect({ what, status: (await read(token)).status }).toEqual({ what, status: 401 });
      expect({ what, close: (await upgrade(server, board, undefined, token)).close }).toEqual({
        what,
        close: CLOSE.UNAUTHORIZED,
      });
    }
  });
});
