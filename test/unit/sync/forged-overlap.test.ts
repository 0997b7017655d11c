/**
 * A clock reused with other content: Yjs trims a struct that reaches back into clocks the
 * document has and links the new rest after whatever the document holds at the clock before.
 * Found by the hostile-frames fuzz (seed 864744): a text's "hello" resent one clock late made
 * its last letter follow the board's title; the server still read "fuzz", but its encoding named
 * the title as that letter's origin, so every newcomer read the title as "o". The room refuses
 * such an update (the connection closes as malformed) and still takes honest resends.
 */
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import * as decoding from 'lib0/decoding';
import { MalformedMessageError, type BoardRoom } from '../../../server/sync/BoardRoom.ts';
import { syncStep1Message, updateMessage } from '../../../server/sync/messages.ts';
import { boardRoom as room, peer, tick } from './rooms.ts';

const CLIENT = 1000;

/** "hello" in text `t` (clocks 0-4), then the title "fuzz" (clock 5), as two updates. */
function honest(): { doc: Y.Doc; updates: Uint8Array[] } {
  const doc = new Y.Doc();
  doc.clientID = CLIENT;
  const updates: Uint8Array[] = [];
  doc.on('update', (u: Uint8Array) => updates.push(u));
  doc.getText('t').insert(0, 'hello');
  doc.getMap('meta').set('title', 'fuzz');
  return { doc, updates };
}

/**
 * The first update with its clock moved from 0 to 2 (one byte): "hello" at clocks 2-6, so the
 * "o" at clock 6 is new to a document that has clocks 0-5 and follows the title item at clock 5.
 */
function forged(): Uint8Array {
  const update = honest().updates[0];
  // numClients 1, numStructs 1, client 1000 (232 7), clock 0
  expect(Array.from(update.subarray(0, 5))).toEqual([1, 1, 232, 7, 0]);
  const copy = Uint8Array.from(update);
  copy[4] = 2;
  return copy;
}

/** The last sync step 2 payload among `frames`. */
function lastStep2(frames: Uint8Array[]): Uint8Array | undefined {
  const found = frames.flatMap((frame) => {
    const decoder = decoding.createDecoder(frame);
    if (decoding.readVarUint(decoder) !== 0 || decoding.readVarUint(decoder) !== 1) return [];
    return [decoding.readVarUint8Array(decoder)];
  });
  return found.at(-1);
}

/** What a newcomer with an empty document reads after its sync step 1 is answered. */
async function newcomerReads(r: BoardRoom) {
  const newcomer = peer('newcomer');
  r.join(newcomer);
  r.receive(newcomer, syncStep1Message(new Y.Doc()));
  for (let i = 0; i < 20 && !lastStep2(newcomer.frames); i++) await tick();
  const doc = new Y.Doc();
  Y.applyUpdate(doc, lastStep2(newcomer.frames)!);
  return { title: doc.getMap('meta').get('title'), text: doc.getText('t').toString() };
}

describe('a clock reused with other content', () => {
  it('is refused, so a newcomer reads what the server reads', async () => {
    const { room: r } = await room();
    const writer = peer('writer');
    r.join(writer);
    for (const u of honest().updates) r.receive(writer, updateMessage(u));
    let refused: unknown = null;
    try {
      r.receive(writer, updateMessage(forged()));
    } catch (error) {
      refused = error; // the server closes the sender's connection as malformed
    }
    await tick();
    const served = {
      title: r.doc.getMap('meta').get('title'),
      text: r.doc.getText('t').toString(),
    };
    expect(await newcomerReads(r)).toEqual(served);
    expect(served).toEqual({ title: 'fuzz', text: 'hello' });
    expect(refused).toBeInstanceOf(MalformedMessageError);
  });

  it('is refused while held back for a missing base, before the base arrives', async () => {
    const { room: r } = await room();
    const writer = peer('writer');
    r.join(writer);
    const { updates } = honest();
    // Clocks 2-6 arrive first (nothing to compare with yet), then the honest 0-5.
    r.receive(writer, updateMessage(forged()));
    for (const u of updates) r.receive(writer, updateMessage(u));
    await tick();
    const served = {
      title: r.doc.getMap('meta').get('title'),
      text: r.doc.getText('t').toString(),
    };
    expect(await newcomerReads(r)).toEqual(served);
    expect(served).toEqual({ title: 'fuzz', text: 'hello' });
  });

  it('takes an honest resend of clocks it has (a sync step 2 racing an update)', async () => {
    const { room: r } = await room();
    const writer = peer('writer');
    r.join(writer);
    const { doc, updates } = honest();
    r.receive(writer, updateMessage(updates[0]));
    doc.getText('t').insert(5, ' world'); // clocks 6-11 after "hello" (0-4) and the title (5)
    // The client answers a state vector from before its updates: everything, clocks 0-11.
    r.receive(writer, updateMessage(Y.encodeStateAsUpdate(doc)));
    // And a resend from the middle of a struct: clocks 3-11.
    r.receive(
      writer,
      updateMessage(Y.encodeStateAsUpdate(doc, Y.encodeStateVector(new Map([[CLIENT, 3]])))),
    );
    await tick();
    expect(r.doc.getText('t').toString()).toBe('hello world');
    expect(await newcomerReads(r)).toEqual({ title: 'fuzz', text: 'hello world' });
  });
});
