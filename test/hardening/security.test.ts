/**
 * The security review's checks: browser origins (CORS and WebSocket Origin) are refused
 * unless configured, pages carry security headers, and neither the board secret nor any
 * token ever reaches the logs, even at debug level.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { startServer, type CreatedBoard, type TestServer } from '../helpers/server.ts';
import { connectClient, eventually } from '../helpers/clients.ts';

const SECRET = 'a-test-secret-that-must-never-be-logged';
let server: TestServer;
let created: CreatedBoard;

beforeAll(async () => {
  server = await startServer({
    env: { ALLOWED_ORIGINS: 'https://partner.example', LOG_LEVEL: 'debug', BOARD_SECRET: SECRET },
  });
  created = await server.createBoard();
});
afterAll(async () => server?.stop());

function upgradeStatus(origin: string): Promise<number> {
  return new Promise((resolve) => {
    const ws = new WebSocket(
      `${server.wsUrl}/${created.id}?token=${encodeURIComponent(created.tokens.viewer)}`,
      { origin },
    );
    ws.once('open', () => {
      ws.close();
      resolve(101);
    });
    ws.once('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
    ws.once('error', () => resolve(-1));
  });
}

describe('origins', () => {
  it('answers a configured origin with CORS headers and refuses another', async () => {
    const url = `${server.baseUrl}/api/boards/${created.id}?token=${created.tokens.viewer}`;
    const ok = await fetch(url, { headers: { origin: 'https://partner.example' } });
    expect(ok.status).toBe(200);
    expect(ok.headers.get('access-control-allow-origin')).toBe('https://partner.example');
    const preflight = await fetch(url, {
      method: 'OPTIONS',
      headers: { origin: 'https://partner.example', 'access-control-request-method': 'GET' },
    });
    expect(preflight.status).toBe(204);
    const evil = await fetch(url, { headers: { origin: 'https://evil.example' } });
    expect(evil.status).toBe(403);
    expect(((await evil.json()) as { error: { code: string } }).error.code).toBe('origin_refused');
    const same = await fetch(url, { headers: { origin: `http://127.0.0.1:${server.port}` } });
    expect(same.status).toBe(200);
    expect(same.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('refuses a WebSocket from a foreign page and accepts the configured one', async () => {
    expect(await upgradeStatus('https://evil.example')).toBe(403);
    expect(await upgradeStatus('https://partner.example')).toBe(101);
    expect(await upgradeStatus(`http://127.0.0.1:${server.port}`)).toBe(101);
  });
});

describe('headers and logs', () => {
  it('sends security headers', async () => {
    const res = await fetch(`${server.baseUrl}/healthz`);
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('referrer-policy')).toBe('no-referrer');
    expect(res.headers.get('x-frame-options')).toBe('SAMEORIGIN');
    expect(res.headers.get('x-powered-by')).toBeNull();
  });

  it('never logs the secret or a token', async () => {
    const c = connectClient(server.wsUrl, created.id, created.tokens.editor);
    await c.synced();
    c.destroy();
    await fetch(`${server.baseUrl}/api/boards/${created.id}?token=${created.tokens.viewer}`);
    await fetch(`${server.baseUrl}/api/boards/${created.id}?token=${created.tokens.viewer}x`);
    // The marker: once the socket's close is handled, a board created now must be logged, and
    // its line comes after everything the requests above made the server write.
    await eventually(async () =>
      expect(await (await fetch(`${server.baseUrl}/metrics`)).text()).toMatch(
        /^briefing_board_connections 0$/m,
      ),
    );
    const marker = await server.createBoard();
    await eventually(() => expect(server.output()).toContain(marker.id));
    const output = server.output();
    expect(output.length).toBeGreaterThan(0);
    expect(output).not.toContain(SECRET);
    for (const token of Object.values(created.tokens))
      expect(output).not.toContain(token.split('.')[2]);
  });
});
