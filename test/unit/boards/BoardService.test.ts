/**
 * `BoardService` without HTTP: the memory store and real rooms. Creating gives a new id, the
 * trimmed title and links under PUBLIC_URL whose tokens are this board's; a restore is one
 * edit of the live board and is stored; a missing snapshot is null, not an error; deleting
 * closes the board's sockets first and tells the cluster only when something was deleted.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { pino } from 'pino';
import * as board from '../../../shared/board/index.ts';
import { BoardTokens } from '../../../server/auth/tokens.ts';
import { BoardService } from '../../../server/boards/BoardService.ts';
import { loadTemplate } from '../../../server/boards/templates.ts';
import { MemoryBoardStore } from '../../../server/store/memory.ts';
import { BoardRooms } from '../../../server/sync/BoardRooms.ts';

let store: MemoryBoardStore;
let rooms: BoardRooms;
let tokens: BoardTokens;
let service: BoardService;
let events: string[];

beforeEach(() => {
  store = new MemoryBoardStore();
  rooms = new BoardRooms({
    store,
    log: pino({ level: 'silent' }),
    idleUnloadMs: 60_000,
    compactAfterUpdates: 500,
  });
  tokens = new BoardTokens('a secret for the BoardService test');
  events = [];
  service = new BoardService(
    store,
    rooms,
    tokens,
    'https://board.example',
    async (id) => void events.push(`closed ${id} (rooms loaded: ${rooms.loadedCount})`),
    (id) => void events.push(`announced ${id}`),
  );
});

describe('BoardService', () => {
  it('creates a board with a new id, the trimmed title and links carrying its own tokens', async () => {
    const a = await service.createFromTemplate('us-japan-economic-security', '  Workshop  ');
    const b = await service.createFromTemplate('us-japan-economic-security');
    expect(a.id).not.toBe(b.id);
    expect(a.title).toBe('Workshop');
    expect(b.title).toBe(loadTemplate('us-japan-economic-security').title);
    for (const role of ['facilitator', 'editor', 'viewer'] as const) {
      const link = new URL(a.links[role]);
      expect(link.origin + link.pathname).toBe(`https://board.example/b/${a.id}`);
      const token = link.searchParams.get('token');
      expect(token).toBe(a.tokens[role]);
      expect(tokens.check(token, a.id)).toMatchObject({ ok: true, role });
      expect(tokens.check(token, b.id)).toMatchObject({ ok: false });
    }
    expect((await store.getBoard(a.id))?.title).toBe('Workshop');
    expect((await service.read(a.id)).title).toBe('Workshop');
  });

  it('restores a snapshot as one edit of the live board, stored', async () => {
    const { id } = await service.createFromTemplate('us-japan-economic-security');
    const before = await service.read(id);
    const snap = await service.snapshot(id, 'before the edit');
    const cardId = before.cards[0].id;
    await rooms.withRoom(id, async (room) => {
      room.applyServerEdit((doc) => board.editCardText(doc, cardId, 'body', 'changed after'));
      await room.durable();
    });
    expect((await service.read(id)).cards[0].body).toBe('changed after');

    const taken = await service.snapshotBoard(id, snap.id);
    expect(taken?.info.label).toBe('before the edit');
    expect(taken?.board.cards[0].body).toBe(before.cards[0].body);

    const restored = await service.restore(id, snap.id);
    expect(restored?.cards[0].body).toBe(before.cards[0].body);
    // Stored, not only in the room: the room is gone, the store has it.
    await rooms.closeAll(1001, 'test');
    expect((await service.read(id)).cards[0].body).toBe(before.cards[0].body);
  });

  it('answers null for a snapshot that does not exist', async () => {
    const { id } = await service.createFromTemplate('us-japan-economic-security');
    expect(await service.snapshotBoard(id, 'no-such-snapshot')).toBeNull();
    expect(await service.restore(id, 'no-such-snapshot')).toBeNull();
  });

  it('deletes: rooms closed first, then the store, then the cluster told; a missing board tells no one', async () => {
    const { id } = await service.createFromTemplate('us-japan-economic-security');
    await service.read(id);
    expect(rooms.loadedCount).toBe(1);
    expect(await service.delete(id)).toBe(true);
    expect(events).toEqual([`closed ${id} (rooms loaded: 0)`, `announced ${id}`]);
    expect(await store.getBoard(id)).toBeNull();

    events = [];
    expect(await service.delete(id)).toBe(false);
    expect(events).toEqual([`closed ${id} (rooms loaded: 0)`]);
  });
});
