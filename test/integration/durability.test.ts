/**
 * Durable before broadcast: an update another client has seen survives SIGTERM and kill -9,
 * with either DURABILITY.
 */
import { afterEach, describe, expect, it } from 'vitest';
import * as board from '../../shared/board/index.ts';
import { startServer, type TestServer } from '../helpers/server.ts';
import { connectClient, eventually, type TestClient } from '../helpers/clients.ts';

let servers: TestServer[] = [];
let clients: TestClient[] = [];

afterEach(async () => {
  for (const c of clients) c.destroy();
  clients = [];
  for (const s of servers) await s.kill();
  servers = [];
});

type Durability = 'fsync' | 'os';

async function editSeenThenStop(durability: Durability, stop: (s: TestServer) => Promise<void>) {
  const env = { DURABILITY: durability };
  const server = await startServer({ env });
  servers.push(server);
  const created = await server.createBoard();
  const writer = connectClient(server.wsUrl, created.id, created.tokens.editor);
  const watcher = connectClient(server.wsUrl, created.id, created.tokens.viewer);
  clients.push(writer, watcher);
  await Promise.all([writer.synced(), watcher.synced()]);
  const id = board.fromYDoc(writer.doc, created.id).cards[0].id;
  const marks: string[] = [];
  for (let i = 0; i < 20; i++) {
    const text = board.cardText(writer.doc, id, 'body');
    writer.doc.transact(() => text.insert(text.length, ` #${i}`));
    marks.push(`#${i}`);
  }
  // The moment another client has seen the last edit, stop the server.
  await eventually(
    () => expect(board.cardText(watcher.doc, id, 'body').toString()).toContain(' #19'),
    10_000,
    1,
  );
  const seen = board.cardText(watcher.doc, id, 'body').toString();
  await stop(server);
  writer.destroy();
  watcher.destroy();
  clients = [];

  const again = await startServer({ port: server.port, dataDir: server.dataDir, env });
  servers.push(again);
  const fresh = connectClient(again.wsUrl, created.id, created.tokens.viewer);
  clients.push(fresh);
  await fresh.synced();
  expect(board.cardText(fresh.doc, id, 'body').toString()).toBe(seen);
  for (const m of marks) expect(seen).toContain(m);
}

describe.each(['fsync', 'os'] as const)('durability, DURABILITY=%s', (durability) => {
  it('an update seen by another client survives SIGTERM', async () => {
    await editSeenThenStop(durability, (s) => s.stop());
  });

  it('an update seen by another client survives kill -9', async () => {
    await editSeenThenStop(durability, (s) => s.kill());
  });

  it('SIGTERM compacts the log and exits cleanly', async () => {
    const server = await startServer({ env: { DURABILITY: durability } });
    servers.push(server);
    const created = await server.createBoard();
    const c = connectClient(server.wsUrl, created.id, created.tokens.editor);
    clients.push(c);
    await c.synced();
    board.setTitle(c.doc, 'Compacted at shutdown');
    await eventually(async () => {
      const res = await fetch(
        `${server.baseUrl}/api/boards/${created.id}?token=${created.tokens.viewer}`,
      );
      expect(((await res.json()) as board.BoardJSON).title).toBe('Compacted at shutdown');
    });
    await server.stop();
    expect(server.process.exitCode).toBe(0);
    const { SqliteBoardStore } = await import('../../server/store/sqlite.ts');
    const store = new SqliteBoardStore({ dir: server.dataDir });
    const stored = await store.loadBoard(created.id);
    expect(stored).toHaveLength(1);
    await store.close();
  });
});
