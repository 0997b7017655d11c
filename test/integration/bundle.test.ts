/**
 * The server as `npm start` runs it: the bundle in `server/dist` (plain JavaScript, no tsx in
 * the process or its threads). Its worker threads find their entries in the bundle: an edit is
 * stored through the SQLite append thread (the default durability) and survives a restart, and
 * a PDF brief renders on its thread. The seeds and the built web client are found from the
 * bundle's folder too.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import * as board from '../../shared/board/index.ts';
import { startServer, type TestServer } from '../helpers/server.ts';
import { connectClient, eventually } from '../helpers/clients.ts';

let server: TestServer;

beforeAll(async () => {
  server = await startServer({ bundled: true });
}, 120_000);

afterAll(async () => {
  await server?.stop();
});

describe('the bundled server', () => {
  it('runs without a TypeScript loader', () => {
    const cmdline = fs.readFileSync(`/proc/${server.process.pid}/cmdline`, 'utf8');
    expect(cmdline.split('\0')).toContain('server/dist/main.js');
    expect(cmdline).not.toContain('tsx');
  });

  it('stores an edit through its append thread before relaying it (survives kill -9)', async () => {
    const created = await server.createBoard();
    const writer = connectClient(server.wsUrl, created.id, created.tokens.editor);
    const reader = connectClient(server.wsUrl, created.id, created.tokens.viewer);
    await Promise.all([writer.synced(), reader.synced()]);
    board.setTitle(writer.doc, 'Bundled');
    // Relayed only once stored: the reader seeing it means the append thread committed it.
    await eventually(() => expect(board.readMeta(reader.doc).title).toBe('Bundled'));
    writer.destroy();
    reader.destroy();
    await server.kill();
    server = await startServer({ bundled: true, port: server.port, dataDir: server.dataDir });
    const res = await fetch(
      `${server.baseUrl}/api/boards/${created.id}?token=${created.tokens.viewer}`,
    );
    expect(((await res.json()) as { title: string }).title).toBe('Bundled');
  });

  it('renders a PDF brief of the seed board on its thread', async () => {
    const created = await server.createBoard({ template: 'us-japan-economic-security' });
    const res = await fetch(
      `${server.baseUrl}/api/boards/${created.id}/export.pdf?token=${created.tokens.viewer}`,
    );
    expect(res.status).toBe(200);
    const bytes = Buffer.from(await res.arrayBuffer());
    expect(bytes.subarray(0, 5).toString()).toBe('%PDF-');
    expect(bytes.length).toBeGreaterThan(20_000);
  });

  it('serves the built web client', async () => {
    const res = await fetch(`${server.baseUrl}/`);
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('<html');
  });
});
