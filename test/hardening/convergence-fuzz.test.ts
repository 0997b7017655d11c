/**
 * Convergence fuzz: 20 stock clients do random board operations (type, delete, move, link,
 * comment, add and delete cards) with random disconnects, offline edits and server restarts
 * in between; at the end every client and the server hold the same document (state vector,
 * delete set, raw content) and BoardJSON, and so does a fresh client of a restarted server,
 * served from the store alone. Seeded and reproducible (FUZZ_SEED); STRESS=1 runs longer.
 */
import { afterAll, describe, expect, it } from 'vitest';
import * as board from '../../shared/board/index.ts';
import { startServer, type TestServer } from '../helpers/server.ts';
import { connectClient, eventually, type TestClient } from '../helpers/clients.ts';
import { documentState } from '../helpers/boards.ts';

const SEED = Number(process.env.FUZZ_SEED ?? Date.now() % 1_000_000);
const STEPS = process.env.STRESS ? 3_000 : 600;
const CLIENTS = 20;
let server: TestServer | null = null;
const clients: TestClient[] = [];

afterAll(async () => {
  for (const c of clients) c.destroy();
  await server?.kill();
});

describe(`convergence fuzz (seed ${SEED})`, () => {
  it(`${CLIENTS} clients, ${STEPS} random steps, disconnects and restarts converge`, async () => {
    let s = SEED || 1;
    const rand = (n: number) => ((s = (s * 48271) % 2147483647), s % n);
    server = await startServer();
    const created = await server.createBoard();
    for (let i = 0; i < CLIENTS; i++)
      clients.push(connectClient(server.wsUrl, created.id, created.tokens.editor));
    await Promise.all(clients.map((c) => c.synced()));

    for (let step = 0; step < STEPS; step++) {
      if (step > 0 && step % Math.floor(STEPS / 3) === 0) {
        // A restart: clean the first time, kill -9 the second.
        if (step < STEPS / 2) await server.stop();
        else await server.kill();
        server = await startServer({ port: server.port, dataDir: server.dataDir });
      }
      const c = clients[rand(CLIENTS)];
      const doc = c.doc;
      const cards = [...board.boardTypes(doc).cards.keys()].sort();
      const rows = board.listRows(doc).map((r) => r.id);
      const frictions = board.listFrictions(doc).map((f) => f.id);
      const cardId = cards.length ? cards[rand(cards.length)] : null;
      try {
        switch (rand(10)) {
          case 0:
          case 1: {
            if (!cardId) break;
            const text = board.cardText(doc, cardId, rand(2) ? 'title' : 'body');
            doc.transact(() => text.insert(rand(text.length + 1), `${step}`));
            break;
          }
          case 2: {
            if (!cardId) break;
            const text = board.cardText(doc, cardId, 'title');
            if (text.length > 2)
              doc.transact(() => text.delete(rand(text.length - 1), 1 + rand(2)));
            break;
          }
          case 3:
            if (cardId && rows.length)
              board.moveCard(doc, cardId, {
                rowId: rows[rand(rows.length)],
                columnId: ['us', 'jp', 'joint'][rand(3)],
                index: rand(4),
              });
            break;
          case 4:
            if (cardId && frictions.length) {
              const f = frictions[rand(frictions.length)];
              if (rand(2)) board.linkCard(doc, f, cardId);
              else board.unlinkCard(doc, f, cardId);
            }
            break;
          case 5:
            if (cardId)
              board.addComment(doc, { targetId: cardId, author: `client`, text: `step ${step}` });
            break;
          case 6:
            if (rows.length)
              board.addCard(doc, {
                rowId: rows[rand(rows.length)],
                columnId: ['us', 'jp', 'joint'][rand(3)],
                title: `new ${step}`,
              });
            break;
          case 7:
            if (cardId && rand(3) === 0) board.deleteCard(doc, cardId);
            break;
          case 8:
            // Go offline (edits made now sync later) or come back.
            if (c.provider.shouldConnect) c.provider.disconnect();
            else c.provider.connect();
            break;
          default:
            await new Promise((r) => setTimeout(r, rand(15)));
        }
      } catch (error) {
        throw new Error(`step ${step} failed (seed ${SEED}): ${(error as Error).message}`);
      }
    }
    for (const c of clients) if (!c.provider.shouldConnect) c.provider.connect();

    const srv = server;
    const servedBoard = async (at: TestServer) =>
      (await (
        await fetch(`${at.baseUrl}/api/boards/${created.id}?token=${created.tokens.viewer}`)
      ).json()) as board.BoardJSON;
    // Every client holds the same document (state vector, delete set, every raw record —
    // also what BoardJSON hides), and reads as the server's BoardJSON.
    await eventually(
      async () => {
        const served = await servedBoard(srv);
        const first = documentState(clients[0].doc);
        expect(first.pending, `seed ${SEED}`).toBe(false);
        for (const c of clients) {
          expect(board.fromYDoc(c.doc, created.id), `seed ${SEED}`).toEqual(served);
          expect(documentState(c.doc), `seed ${SEED}`).toEqual(first);
        }
      },
      30_000,
      200,
    );
    const seen = documentState(clients[0].doc);
    const served = await servedBoard(srv);
    // The server's own document, as it sends it to a newcomer.
    const newcomer = connectClient(srv.wsUrl, created.id, created.tokens.viewer);
    clients.push(newcomer);
    await newcomer.synced();
    expect(documentState(newcomer.doc), `seed ${SEED}`).toEqual(seen);

    // Every client gone (nothing can be sent again), a clean restart: the fresh client is
    // served from the store alone.
    for (const c of clients.splice(0)) c.destroy();
    await srv.stop();
    server = await startServer({ port: srv.port, dataDir: srv.dataDir });
    const fresh = connectClient(server.wsUrl, created.id, created.tokens.viewer);
    clients.push(fresh);
    await fresh.synced();
    expect(documentState(fresh.doc), `seed ${SEED}`).toEqual(seen);
    expect(board.fromYDoc(fresh.doc, created.id), `seed ${SEED}`).toEqual(served);
    expect(await servedBoard(server), `seed ${SEED}`).toEqual(served);
    const ids = served.cards.map((c) => c.id);
    expect(new Set(ids).size).toBe(ids.length);
  }, 240_000);
});
