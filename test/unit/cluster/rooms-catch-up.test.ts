/**
 * Two processes' rooms of one board, wired by an in-memory bus standing in for Redis pub/sub:
 * an update whose message is lost on the way is caught up the next time a room compares
 * notes, and a gap (an update that builds on a lost one) makes the room ask within a second.
 */
import { describe, expect, it } from 'vitest';
import { pino } from 'pino';
import * as Y from 'yjs';
import { MemoryBoardStore } from '../../../server/store/memory.ts';
import { BoardRooms } from '../../../server/sync/BoardRooms.ts';
import type { BoardRoom, RelayedKind } from '../../../server/sync/BoardRoom.ts';
import { eventually } from '../../helpers/clients.ts';

const log = pino({ level: 'silent' });

async function twoProcesses() {
  const store = new MemoryBoardStore();
  await store.createBoard('b1', 'Board', Y.encodeStateAsUpdate(new Y.Doc()));
  const bus = { dropUpdates: false, sent: [] as RelayedKind[] };
  const processes: BoardRooms[] = [];
  const make = (self: number) =>
    new BoardRooms({
      store,
      log,
      idleUnloadMs: 60_000,
      compactAfterUpdates: 1_000,
      onRelayed: (room: BoardRoom, kind: RelayedKind, payload: Uint8Array) => {
        bus.sent.push(kind);
        if (kind === 'update' && bus.dropUpdates) return;
        const other = processes[1 - self];
        // Like Redis: delivered later, and only to a process that has the board loaded.
        setImmediate(() => void other.peek(room.id)?.then((r) => r.receiveRemote(kind, payload)));
      },
    });
  processes.push(make(0), make(1));
  const rooms = await Promise.all(processes.map((p) => p.acquire('b1')));
  return { bus, rooms, title: (room: BoardRoom) => room.doc.getText('title').toString() };
}

describe('rooms of one board on two processes', () => {
  it('catch up an update whose message was lost when they next compare notes', async () => {
    const { bus, rooms, title } = await twoProcesses();
    bus.dropUpdates = true;
    rooms[0].applyServerEdit((doc) => doc.getText('title').insert(0, 'lost on the way'));
    await rooms[0].durable();
    await new Promise((r) => setTimeout(r, 20));
    expect(title(rooms[1])).toBe('');
    bus.dropUpdates = false;
    rooms[1].askProcesses(true);
    await eventually(() => expect(title(rooms[1])).toBe('lost on the way'), 2_000);
  });

  it('ask, without waiting for the next comparison, when an update builds on a lost one', async () => {
    const { bus, rooms, title } = await twoProcesses();
    bus.dropUpdates = true;
    rooms[0].applyServerEdit((doc) => doc.getText('title').insert(0, 'first'));
    await rooms[0].durable();
    bus.dropUpdates = false;
    rooms[0].applyServerEdit((doc) => doc.getText('title').insert(5, ', then second'));
    await eventually(() => expect(title(rooms[1])).toBe('first, then second'), 2_000);
    expect(bus.sent).toContain('state');
  });
});
