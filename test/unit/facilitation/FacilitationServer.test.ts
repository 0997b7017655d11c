/**
 * `FacilitationServer` in the in-process board server (memory store): who a socket is (a
 * cleaned name, `Guest` without one), a message over its 64 KiB limit costs only that socket,
 * and a deleted board's sockets are sent away while other boards' stay. Handshake refusals,
 * roles, hidden votes, the lock and the command budget are in `test/integration/facilitation`.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startBoardServer, type InProcessServer } from '../../helpers/boardServer.ts';
import type { CreatedBoard } from '../../helpers/server.ts';
import { joinSession, type SessionClient } from '../../helpers/facilitation.ts';

let server: InProcessServer;
let created: CreatedBoard;
const people: SessionClient[] = [];

beforeAll(async () => {
  server = await startBoardServer();
  created = await server.createBoard();
});
afterEach(() => {
  for (const person of people.splice(0)) person.close();
});
afterAll(async () => server?.close());

async function join(name: string, board = created): Promise<SessionClient> {
  const person = await joinSession(server.baseUrl, {
    boardId: board.id,
    token: board.tokens.editor,
    name,
  });
  people.push(person);
  return person;
}

const disconnected = (person: SessionClient) =>
  new Promise<string>((resolve) => person.socket.once('disconnect', (reason) => resolve(reason)));

describe('FacilitationServer', () => {
  it('shows a person by their cleaned name, and as Guest without one', async () => {
    const watcher = await join('Watcher');
    await join('  Aiko \u200b\n Tanaka  ');
    await join('   ');
    await expect
      .poll(() =>
        watcher
          .latest()
          .participants.map((p) => p.name)
          .sort(),
      )
      .toEqual(['Aiko Tanaka', 'Guest', 'Watcher']);
  });

  it('disconnects only the socket that sends more than 64 KiB', async () => {
    const sender = await join('Sender');
    const other = await join('Other');
    const gone = disconnected(sender);
    const loose = sender.socket as unknown as { emit(type: string, ...args: unknown[]): void };
    loose.emit('participants:set', { names: ['x'.repeat(70 * 1024)] });
    await gone;
    expect(other.socket.connected).toBe(true);
    expect(await other.send('timer:stop')).toMatchObject({ ok: false });
    await expect.poll(() => server.running.facilitation.connectionCount).toBe(1);
  });

  it('sends away a deleted board’s sockets and keeps other boards’', async () => {
    const doomed = await server.createBoard();
    const leaving = await join('Leaving', doomed);
    const staying = await join('Staying');
    const gone = disconnected(leaving);
    const res = await fetch(`${server.baseUrl}/api/boards/${doomed.id}`, {
      method: 'DELETE',
      headers: { authorization: `Bearer ${doomed.tokens.facilitator}` },
    });
    expect(res.status).toBe(204);
    expect(await gone).toBe('io server disconnect');
    expect(staying.socket.connected).toBe(true);
  });
});
