/**
 * What the room tests share: one board's room over a store of the test's choosing (the memory
 * store by default), and a connection that keeps every frame it is sent.
 */
import { pino } from 'pino';
import * as Y from 'yjs';
import type { BoardStore } from '../../../server/store/BoardStore.ts';
import { MemoryBoardStore } from '../../../server/store/memory.ts';
import type { RoomPeer } from '../../../server/sync/BoardRoom.ts';
import { BoardRooms } from '../../../server/sync/BoardRooms.ts';
import type { WritePolicy } from '../../../server/sync/writePolicy.ts';
import type { Role } from '../../../shared/roles.ts';

export const BOARD_ID = 'b1';

export interface RoomOptions {
  /** The board's first state (default: an empty document). */
  state?: Uint8Array;
  compactAfterUpdates?: number;
  writes?: WritePolicy;
}

/** Creates board `b1` in `store` and loads its room. */
export async function boardRoom<S extends BoardStore = MemoryBoardStore>(
  store: S = new MemoryBoardStore() as BoardStore as S,
  options: RoomOptions = {},
) {
  await store.createBoard(BOARD_ID, 'Board', options.state ?? Y.encodeStateAsUpdate(new Y.Doc()));
  const rooms = new BoardRooms({
    store,
    log: pino({ level: 'silent' }),
    idleUnloadMs: 60_000,
    compactAfterUpdates: options.compactAfterUpdates ?? 1_000,
    ...(options.writes ? { writes: options.writes } : {}),
  });
  return { store, rooms, room: await rooms.acquire(BOARD_ID) };
}

/** A connection that keeps what it is sent. */
export function peer(id: string, role: Role = 'editor'): RoomPeer & { frames: Uint8Array[] } {
  const frames: Uint8Array[] = [];
  return { id, role, frames, send: (f) => frames.push(f), close: () => {} };
}

export const tick = () => new Promise((resolve) => setImmediate(resolve));
