/**
 * kill -9 of the server at random moments during heavy typing, 20 cycles (STRESS=1: 60):
 * every update any client had received from the server is there afterwards, and the SQLite
 * file passes its integrity check every time — with either DURABILITY (an update the OS has,
 * unsynced, outlives the process just as one on disk). And a vote the server acknowledged is
 * there after a kill -9.
 */
import { afterAll, describe, expect, it } from 'vitest';
import * as board from '../../shared/board/index.ts';
import { SqliteBoardStore } from '../../server/store/sqlite.ts';
import { startServer, type TestServer } from '../helpers/server.ts';
import { connectClient, eventually, type TestClient } from '../helpers/clients.ts';
import { joinSession } from '../helpers/facilitation.ts';

const CYCLES = process.env.STRESS ? 60 : 20;
const SEED = Number(process.env.FUZZ_SEED ?? Date.now() % 1_000_000);
let server: TestServer | null = null;

afterAll(async () => server?.kill());

describe.each(['fsync', 'os'] as const)(`crash, DURABILITY=%s (seed ${SEED})`, (durability) => {
  it(`${CYCLES} kill -9 cycles during heavy typing lose nothing a client saw`, async () => {
    let s = SEED;
    const rand = (n: number) => ((s = (s * 48271) % 2147483647), s % n);
    const env = { DURABILITY: durability };
    await server?.kill(); // the previous mode's last server
    server = await startServer({ env });
    const created = await server.createBoard();
    const { port, dataDir } = server;
    const seenByWatcher: string[] = [];
    let cardId = '';
    for (let cycle = 0; cycle < CYCLES; cycle++) {
      const writers: TestClient[] = [0, 1].map(() =>
        connectClient(server!.wsUrl, created.id, created.tokens.editor),
      );
      const watcher = connectClient(server.wsUrl, created.id, created.tokens.viewer);
      await Promise.all([...writers, watcher].map((c) => c.synced()));
      cardId ||= board.fromYDoc(watcher.doc, created.id).cards[0].id;
      // Whatever the watcher held from a previous cycle must still be there.
      const now = board.cardText(watcher.doc, cardId, 'body').toString();
      for (const mark of seenByWatcher) expect(now, `cycle ${cycle}, seed ${SEED}`).toContain(mark);
      const typing = setInterval(() => {
        writers.forEach((w, i) => {
          const text = board.cardText(w.doc, cardId, 'body');
          w.doc.transact(() => text.insert(text.length, `<${cycle}.${i}.${rand(1e6)}>`));
        });
      }, 2);
      // Kill at a random moment once the watcher has seen this cycle's typing (on a loaded
      // machine a fixed pause could end before anything was relayed, proving nothing).
      await eventually(
        () =>
          expect(board.cardText(watcher.doc, cardId, 'body').toString()).toContain(`<${cycle}.`),
        30_000,
      );
      await new Promise((r) => setTimeout(r, rand(250)));
      await server.kill();
      clearInterval(typing);
      const seen = board.cardText(watcher.doc, cardId, 'body').toString();
      seenByWatcher.push(...(seen.match(/<\d+\.\d\.\d+>/g) ?? []));
      for (const c of [...writers, watcher]) c.destroy();

      const store = new SqliteBoardStore({ dir: dataDir });
      expect(store.integrityCheck(), `cycle ${cycle}`).toBe('ok');
      await store.close();
      server = await startServer({ port, dataDir, env });
    }
    expect(seenByWatcher.length).toBeGreaterThanOrEqual(CYCLES);
    const last = connectClient(server.wsUrl, created.id, created.tokens.viewer);
    await last.synced();
    await eventually(() => {
      const text = board.cardText(last.doc, cardId, 'body').toString();
      for (const mark of seenByWatcher) expect(text).toContain(mark);
    });
    last.destroy();
  }, 300_000);
});

describe('facilitation after kill -9', () => {
  it('an acknowledged vote survives kill -9', async () => {
    await server?.kill();
    server = await startServer();
    const created = await server.createBoard();
    const join = (token: string, name: string, clientId?: string) =>
      joinSession(server!.baseUrl, {
        boardId: created.id,
        token,
        name,
        ...(clientId && { clientId }),
      });
    const host = await join(created.tokens.facilitator, 'Fumiko');
    const aiko = await join(created.tokens.editor, 'Aiko', 'aiko-client-01');
    expect(await host.send('vote:open', { targetIds: ['c5'], perPerson: 1 })).toEqual({ ok: true });
    expect(await aiko.send('vote:cast', { targetId: 'c5' })).toEqual({ ok: true });
    await server.kill();
    host.close();
    aiko.close();
    server = await startServer({ port: server.port, dataDir: server.dataDir });
    const back = await join(created.tokens.editor, 'Aiko', 'aiko-client-01');
    try {
      expect(back.sessions[0]).toMatchObject({
        vote: { targetIds: ['c5'], open: true },
        myVotes: ['c5'],
      });
    } finally {
      back.close();
    }
  });
});
