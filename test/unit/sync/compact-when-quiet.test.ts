/**
 * A board past its compaction limit compacts in its first pause, not in the middle of a burst
 * of edits (a compaction holds the event loop while it replays the board), unless its log has
 * grown to four times the limit.
 */
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { MemoryBoardStore } from '../../../server/store/memory.ts';
import { updateMessage } from '../../../server/sync/messages.ts';
import { BOARD_ID, boardRoom, peer } from './rooms.ts';

class CountedCompactions extends MemoryBoardStore {
  compactions = 0;
  override async compact(id: string): Promise<void> {
    this.compactions++;
    await super.compact(id);
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function board(limit: number) {
  const { store, room } = await boardRoom(new CountedCompactions(), {
    compactAfterUpdates: limit,
  });
  const writer = peer('writer');
  room.join(writer);
  const typing = new Y.Doc();
  typing.on('update', (u: Uint8Array) => room.receive(writer, updateMessage(u)));
  let n = 0;
  /** One edit, stored before the next (one log entry each). */
  const edit = async () => {
    typing.getText('t').insert(0, `${n++} `);
    await room.durable();
  };
  const logLength = async () => (await store.loadBoard(BOARD_ID))!.length - 1;
  return { store, edit, logLength };
}

describe('compaction waits for a pause', () => {
  it('past the limit, compacts a second after the last edit', async () => {
    const b = await board(3);
    for (let i = 0; i < 5; i++) await b.edit();
    await sleep(50);
    expect(b.store.compactions).toBe(0);
    expect(await b.logLength()).toBe(5);
    await sleep(1_200);
    expect(b.store.compactions).toBe(1);
    expect(await b.logLength()).toBe(0);
  });

  it('compacts at once when the log reaches four times the limit', async () => {
    const b = await board(3);
    for (let i = 0; i < 13; i++) await b.edit();
    await sleep(50);
    expect(b.store.compactions).toBe(1);
    expect(await b.logLength()).toBe(0);
  });
});
