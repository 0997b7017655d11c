/**
 * A newcomer who has nothing gets the board's shared full encoding and, on a big board, the
 * updates applied since it was made: an edit does not cost the next newcomer a fresh encoding
 * of the whole board, and what it receives is still the whole board.
 */
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import * as decoding from 'lib0/decoding';
import { syncStep1Message, updateMessage } from '../../../server/sync/messages.ts';
import { boardRoom, peer, tick } from './rooms.ts';

const KB = 1024;

/** The sync frames' kinds (1 step 2, 2 update) and the doc they build, in order. */
function received(frames: Uint8Array[]): { kinds: number[]; doc: Y.Doc } {
  const doc = new Y.Doc();
  const kinds: number[] = [];
  for (const frame of frames) {
    const decoder = decoding.createDecoder(frame);
    if (decoding.readVarUint(decoder) !== 0) continue;
    const kind = decoding.readVarUint(decoder);
    if (kind === 0) continue;
    kinds.push(kind);
    Y.applyUpdate(doc, decoding.readVarUint8Array(decoder));
  }
  return { kinds, doc };
}

async function boardOf(size: number) {
  const seed = new Y.Doc();
  seed.getText('body').insert(0, 'x'.repeat(size));
  const { rooms, room } = await boardRoom(undefined, { state: Y.encodeStateAsUpdate(seed) });
  const writer = peer('writer');
  room.join(writer);
  // The writer's own copy, so its edits build on the board.
  const typing = new Y.Doc();
  Y.applyUpdate(typing, Y.encodeStateAsUpdate(seed));
  const edit = async (text: string) => {
    const updates: Uint8Array[] = [];
    const keep = (u: Uint8Array) => updates.push(u);
    typing.on('update', keep);
    typing.getText('body').insert(0, text);
    typing.off('update', keep);
    for (const u of updates) room.receive(writer, updateMessage(u));
    await room.durable();
  };
  let joined = 0;
  const join = async () => {
    const newcomer = peer(`newcomer ${++joined}`);
    room.join(newcomer);
    room.receive(newcomer, syncStep1Message(new Y.Doc()));
    for (let i = 0; i < 20 && received(newcomer.frames).kinds.length === 0; i++) await tick();
    return received(newcomer.frames);
  };
  const encodes = () => rooms.counters.stateEncodes;
  const body = () => room.doc.getText('body').toString();
  return { edit, join, encodes, body };
}

describe('what a newcomer with nothing receives', () => {
  it('on a big board: the shared encoding and the edits since, until they outgrow an eighth of it', async () => {
    const board = await boardOf(400 * KB);
    const first = await board.join();
    expect(first.kinds).toEqual([1]);
    expect(board.encodes()).toBe(1);

    await board.edit('one ');
    await board.edit('two ');
    const second = await board.join();
    expect(second.kinds).toEqual([1, 2]); // the encoding, then the two edits merged
    expect(second.doc.getText('body').toString()).toBe(board.body());
    expect(board.body().startsWith('two one x')).toBe(true);
    expect(board.encodes()).toBe(1);

    // 60 KB of edits is more than an eighth of 400 KB: encoded again, whole.
    await board.edit('y'.repeat(60 * KB));
    const third = await board.join();
    expect(third.kinds).toEqual([1]);
    expect(third.doc.getText('body').toString()).toBe(board.body());
    expect(board.encodes()).toBe(2);
  });

  it('on a small board: encoded again after a change, keeping no copy while idle', async () => {
    const board = await boardOf(20 * KB);
    expect((await board.join()).kinds).toEqual([1]);
    await board.edit('one ');
    const second = await board.join();
    expect(second.kinds).toEqual([1]);
    expect(second.doc.getText('body').toString()).toBe(board.body());
    expect(board.encodes()).toBe(2);
  });
});
