/**
 * A room answers a newcomer's sync step 1 only with what is stored: an update applied while an
 * earlier write was still under way is in the answer only once its own write is done. (Else a
 * crash right after could lose an update a client has already seen.)
 */
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import * as decoding from 'lib0/decoding';
import { MemoryBoardStore } from '../../../server/store/memory.ts';
import { syncStep1Message, updateMessage } from '../../../server/sync/messages.ts';
import { boardRoom, peer, tick } from './rooms.ts';

/** The memory store, holding the appends a test chooses until it lets them go. */
class HeldAppends extends MemoryBoardStore {
  readonly stored: Uint8Array[] = [];
  readonly #gates = new Map<number, Promise<void>>();
  #count = 0;

  hold(nth: number): () => void {
    let open!: () => void;
    this.#gates.set(nth, new Promise<void>((resolve) => (open = resolve)));
    return open;
  }

  override async appendUpdates(id: string, updates: readonly Uint8Array[]): Promise<number> {
    const nth = ++this.#count;
    await this.#gates.get(nth);
    const length = await super.appendUpdates(id, updates);
    this.stored.push(...updates);
    return length;
  }
}

/** The step-2 payloads among `frames`. */
function step2s(frames: Uint8Array[]): Uint8Array[] {
  return frames.flatMap((frame) => {
    const decoder = decoding.createDecoder(frame);
    if (decoding.readVarUint(decoder) !== 0 || decoding.readVarUint(decoder) !== 1) return [];
    return [decoding.readVarUint8Array(decoder)];
  });
}

describe('answering a newcomer', () => {
  it('waits for the write of an update applied while an earlier write was under way', async () => {
    const { store, room } = await boardRoom(new HeldAppends());
    const [writer, newcomer] = [peer('writer'), peer('newcomer')];
    room.join(writer);
    room.join(newcomer);

    const typing = new Y.Doc();
    const updates: Uint8Array[] = [];
    typing.on('update', (u: Uint8Array) => updates.push(u));
    const openFirst = store.hold(1);
    const openSecond = store.hold(2);

    typing.getText('title').insert(0, 'first');
    room.receive(writer, updateMessage(updates[0]));
    await tick(); // the first write starts, and is held
    room.receive(newcomer, syncStep1Message(new Y.Doc()));
    typing.getText('title').insert(5, ' second');
    room.receive(writer, updateMessage(updates[1]));
    await tick(); // the second write is queued behind the first, and will be held
    openFirst();
    for (let i = 0; i < 5; i++) await tick();
    expect(store.stored).toHaveLength(1);
    expect(step2s(newcomer.frames)).toEqual([]);

    openSecond();
    for (let i = 0; i < 20 && step2s(newcomer.frames).length === 0; i++) await tick();
    const [answer] = step2s(newcomer.frames);
    const seen = new Y.Doc();
    Y.applyUpdate(seen, answer);
    expect(seen.getText('title').toString()).toBe('first second');
    expect(store.stored).toHaveLength(2);
  });
});
