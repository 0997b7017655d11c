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
  /** Several newcomers ask at once; `served` after each event-loop turn until all are. */
  const joinTogether = async (count: number) => {
    const newcomers = Array.from({ length: count }, () => peer(`newcomer ${++joined}`));
    for (const n of newcomers) room.join(n);
    for (const n of newcomers) room.receive(n, syncStep1Message(new Y.Doc()));
    const served: number[] = [];
    const count_ = () => newcomers.filter((n) => received(n.frames).kinds.length > 0).length;
    for (let i = 0; i < 40 && count_() < count; i++) {
      await tick();
      served.push(count_());
    }
    return { served, docs: newcomers.map((n) => received(n.frames).doc) };
  };
  const encodes = () => rooms.counters.stateEncodes;
  const body = () => room.doc.getText('body').toString();
  return { edit, join, joinTogether, encodes, body };
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

  it('on a big board, newcomers asking at once are served one per event-loop turn', async () => {
    const board = await boardOf(400 * KB);
    await board.edit('one ');
    const { served, docs } = await board.joinTogether(3);
    // Each turn adds at most one newcomer: never two handed the board in the same turn.
    for (let i = 1; i < served.length; i++)
      expect(served[i] - served[i - 1]).toBeLessThanOrEqual(1);
    expect(served.at(-1)).toBe(3);
    expect(served.filter((n) => n === 1).length).toBeGreaterThan(0);
    for (const doc of docs) expect(doc.getText('body').toString()).toBe(board.body());
    expect(board.encodes()).toBe(1);
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
