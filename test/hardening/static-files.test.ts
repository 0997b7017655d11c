/**
 * A failed static-file read must not end the process (issue 13, defect 10). The web client is
 * served by sirv (inside SvelteKit's adapter-node handler), which lists the build's files once
 * at start and pipes a read stream into the response without an error handler: a precompressed
 * variant removed after the listing made `createReadStream` fail and the unhandled 'error'
 * killed the server. Here the app serves a real directory with sirv, configured as
 * adapter-node configures it, and the `.br` file vanishes between the listing and the request.
 */
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pino } from 'pino';
import sirv from 'sirv';
import { createApp } from '../../server/http/app.ts';
import { compileTrust } from '../../server/http/clientAddress.ts';
import { ServerMetrics } from '../../server/metrics.ts';
import { BoardTokens } from '../../server/auth/tokens.ts';
import { MemoryBoardStore } from '../../server/store/memory.ts';
import { BoardRooms } from '../../server/sync/BoardRooms.ts';
import { BoardService } from '../../server/boards/BoardService.ts';
import { BriefExporter } from '../../server/export/BriefExporter.ts';

const log = pino({ level: 'silent' });
let dir: string;
let server: http.Server;
let base: string;
const BODY = 'console.log("app");\n'.repeat(2000);

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bb-static-'));
  fs.writeFileSync(path.join(dir, 'app.js'), BODY);
  fs.writeFileSync(path.join(dir, 'app.js.br'), 'compressed (brotli)');
  fs.writeFileSync(path.join(dir, 'app.js.gz'), 'compressed (gzip)');
  const store = new MemoryBoardStore();
  const tokens = new BoardTokens('a-secret-of-at-least-sixteen-bytes');
  const rooms = new BoardRooms({ store, log, idleUnloadMs: 1000, compactAfterUpdates: 100 });
  const app = createApp({
    boards: new BoardService(store, rooms, tokens, 'http://localhost'),
    tokens,
    store,
    log,
    exporter: new BriefExporter(),
    maxJsonBytes: 1024 * 1024,
    createPerMinute: 60,
    allowedOrigins: [],
    trustProxy: compileTrust(false),
    publicUrl: 'http://localhost',
    metrics: new ServerMetrics({ gauges: {}, counters: {} }),
    // As adapter-node serves the client build (precompressed assets, ETags).
    webHandler: sirv(dir, { etag: true, gzip: true, brotli: true }) as never,
  });
  server = http.createServer(app);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server?.closeAllConnections();
  await new Promise((resolve) => server?.close(resolve));
  fs.rmSync(dir, { recursive: true, force: true });
});

/** The status, or the error's code when the response was cut off (no decoding of bodies). */
function get(url: string, encoding: string): Promise<number | string> {
  return new Promise((resolve) => {
    const req = http.get(url, { headers: { 'accept-encoding': encoding } }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
      res.on('error', (error) => resolve((error as NodeJS.ErrnoException).code ?? error.message));
    });
    req.on('error', (error) => resolve((error as NodeJS.ErrnoException).code ?? error.message));
  });
}

describe('a static file that vanishes after the listing', () => {
  it('fails that one response and the server keeps answering', async () => {
    expect(await get(`${base}/app.js`, 'br')).toBe(200);
    fs.rmSync(path.join(dir, 'app.js.br'));

    // The listing still names app.js.br: its read fails. That response cannot succeed…
    expect(await get(`${base}/app.js`, 'br')).not.toBe(200);
    // …and the process is still here, serving the other variants and the API.
    const plain = await fetch(`${base}/app.js`, { headers: { 'accept-encoding': 'identity' } });
    expect(plain.status).toBe(200);
    expect(await plain.text()).toBe(BODY);
    expect(await get(`${base}/app.js`, 'gzip')).toBe(200);
    expect((await fetch(`${base}/healthz`)).status).toBe(200);
  });
});
