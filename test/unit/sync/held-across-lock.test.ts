/**
 * A room asks its write policy before it applies anyone's update. With several processes a
 * stale lock answers `'confirm'`: the room holds the editor's updates, in arrival order, until
 * one read of the stored lock, then applies them — or drops them when the board turned out
 * locked or the lock could not be read. A facilitator's update never waits.
 */
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { updateMessage } from '../../../server/sync/messages.ts';
import { BoardLocks } from '../../../server/sync/writePolicy.ts';
import { boardRoom, peer, tick } from './rooms.ts';

/** A board whose stored lock is read through a gate the test opens. */
async function setup() {
  let stored: boolean | Error = false;
  let open: () => void = () => {};
  let reads = 0;
  const locks = new BoardLocks({
    read: async () => {
      reads++;
      await new Promise<void>((resolve) => (open = resolve));
      if (stored instanceof Error) throw stored;
      return stored;
    },
    // Never fresh: every editor's update waits for a read.
    fresh: () => false,
  });
  const { room } = await boardRoom(undefined, { writes: locks });
  const typing = new Y.Doc();
  const updates: Uint8Array[] = [];
  typing.on('update', (u: Uint8Array) => updates.push(u));
  return {
    room,
    typing,
    updates,
    title: () => room.doc.getText('title').toString(),
    store: (value: boolean | Error) => (stored = value),
    open: () => open(),
    reads: () => reads,
  };
}

describe('a room whose lock may be stale', () => {
  it('holds editors’ updates for one read, then applies them in order', async () => {
    const s = await setup();
    const editor = peer('editor', 'editor');
    s.room.join(editor);
    s.typing.getText('title').insert(0, 'one');
    s.typing.getText('title').insert(3, ' two');
    s.room.receive(editor, updateMessage(s.updates[0]));
    s.room.receive(editor, updateMessage(s.updates[1]));
    await tick();
    expect(s.title()).toBe('');
    expect(s.room.idle).toBe(false);
    expect(s.reads()).toBe(1);

    // A facilitator does not wait behind them.
    const facilitator = peer('facilitator', 'facilitator');
    s.room.join(facilitator);
    const other = new Y.Doc();
    other.getText('note').insert(0, 'now');
    s.room.receive(facilitator, updateMessage(Y.encodeStateAsUpdate(other)));
    expect(s.room.doc.getText('note').toString()).toBe('now');

    s.open();
    for (let i = 0; i < 5; i++) await tick();
    expect(s.title()).toBe('one two');
    expect(s.reads()).toBe(1);
  });

  it('drops them when the stored lock says locked, or cannot be read', async () => {
    const s = await setup();
    const editor = peer('editor', 'editor');
    s.room.join(editor);
    s.store(true);
    s.typing.getText('title').insert(0, 'locked out');
    s.room.receive(editor, updateMessage(s.updates[0]));
    await tick();
    s.open();
    for (let i = 0; i < 5; i++) await tick();
    expect(s.title()).toBe('');
    // Locked and known: the next one is dropped at once, no read.
    s.room.receive(editor, updateMessage(s.updates[0]));
    expect(s.reads()).toBe(1);

    const again = await setup();
    const writer = peer('writer', 'editor');
    again.room.join(writer);
    again.store(new Error('store down'));
    again.typing.getText('title').insert(0, 'unread');
    again.room.receive(writer, updateMessage(again.updates[0]));
    await tick();
    again.open();
    for (let i = 0; i < 5; i++) await tick();
    expect(again.title()).toBe('');
  });
});
