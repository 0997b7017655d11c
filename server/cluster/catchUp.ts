/**
 * How two server processes holding the same board find out that one lacks something the other
 * has, without shipping whole documents. Pub/sub loses a message now and then, and a process
 * can die between storing an update and publishing it; the next process to load the board from
 * the store then holds updates the others never heard of. A room's summary is its state vector
 * (which inserts it has) and a digest of its delete set (deletions add no clock, so the vector
 * alone would miss them). Comparing a peer's summary with our document says what to send it
 * and whether to ask for what it has.
 */
import { createHash } from 'node:crypto';
import * as Y from 'yjs';
import * as encoding from 'lib0/encoding';
import * as decoding from 'lib0/decoding';
import { encodeIntegratedState } from '../sync/messages.ts';

function deletionsDigest(doc: Y.Doc, stateVector: Uint8Array): Uint8Array {
  // An update against our own state vector holds no inserts: only the delete set.
  const deletions = encodeIntegratedState(doc, stateVector);
  return createHash('sha256').update(deletions).digest().subarray(0, 16);
}

/** What `doc` holds, in a few bytes. */
export function summarize(doc: Y.Doc): Uint8Array {
  const stateVector = Y.encodeStateVector(doc);
  const encoder = encoding.createEncoder();
  encoding.writeVarUint8Array(encoder, stateVector);
  encoding.writeVarUint8Array(encoder, deletionsDigest(doc, stateVector));
  return encoding.toUint8Array(encoder);
}

export interface CatchUp {
  /** An update holding what the peer lacks (null when it lacks nothing we have). */
  send: Uint8Array | null;
  /** The peer has something we lack: we should publish our own summary. */
  ask: boolean;
}

/** Compares a peer's summary with `doc`. Throws on a malformed summary. */
export function compare(doc: Y.Doc, summary: Uint8Array): CatchUp {
  const decoder = decoding.createDecoder(summary);
  const theirVector = decoding.readVarUint8Array(decoder);
  const theirDeletions = decoding.readVarUint8Array(decoder);
  const theirs = Y.decodeStateVector(theirVector);
  const ourVector = Y.encodeStateVector(doc);
  const ours = Y.decodeStateVector(ourVector);
  const weHaveMore = [...ours].some(([client, clock]) => clock > (theirs.get(client) ?? 0));
  const theyHaveMore = [...theirs].some(([client, clock]) => clock > (ours.get(client) ?? 0));
  const deletionsDiffer = !Buffer.from(deletionsDigest(doc, ourVector)).equals(theirDeletions);
  return {
    send: weHaveMore || deletionsDiffer ? encodeIntegratedState(doc, theirVector) : null,
    ask: theyHaveMore || deletionsDiffer,
  };
}
