/**
 * Encoding the y-websocket frames the server sends, with lib0 as the reference server does.
 * Each function builds one frame that is then sent, unchanged, to every connection.
 */
import * as encoding from 'lib0/encoding';
import * as decoding from 'lib0/decoding';
import * as syncProtocol from 'y-protocols/sync';
import * as awarenessProtocol from 'y-protocols/awareness';
import * as Y from 'yjs';
import { MESSAGE_AWARENESS, MESSAGE_SYNC } from '../../shared/protocol.ts';

export function syncStep1Message(doc: Y.Doc): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MESSAGE_SYNC);
  syncProtocol.writeSyncStep1(encoder, doc);
  return encoding.toUint8Array(encoder);
}

/**
 * The document's state as integrated, without the updates it holds back because they build on
 * something it never received. Yjs adds those pending structs to every encoding; a forged one
 * waiting there (a clock reused with other content) would reach a newcomer, who could then read
 * the board differently from the server and everyone else. What is pending is neither relayed
 * nor stored, so it is not part of the board until it integrates.
 */
export function encodeIntegratedState(doc: Y.Doc, stateVector?: Uint8Array): Uint8Array {
  const store = doc.store;
  const { pendingStructs, pendingDs } = store;
  store.pendingStructs = null;
  store.pendingDs = null;
  try {
    return Y.encodeStateAsUpdate(doc, stateVector);
  } finally {
    store.pendingStructs = pendingStructs;
    store.pendingDs = pendingDs;
  }
}

export function syncStep2Message(doc: Y.Doc, stateVector: Uint8Array): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MESSAGE_SYNC);
  encoding.writeVarUint(encoder, syncProtocol.messageYjsSyncStep2);
  encoding.writeVarUint8Array(encoder, encodeIntegratedState(doc, stateVector));
  return encoding.toUint8Array(encoder);
}

/** Sync step 2 with the whole integrated state: what a newcomer with an empty document gets. */
export function fullStateMessage(doc: Y.Doc): Uint8Array {
  return syncStep2Message(doc, new Uint8Array([0]));
}

/**
 * Whether a state vector asks for the whole document: it names no client the document has
 * content from (an empty document's, or one naming only clients we never saw). Such a joiner
 * gets the shared full-state frame instead of an encoding of its own.
 */
export function asksForEverything(doc: Y.Doc, stateVector: Uint8Array): boolean {
  for (const [client, clock] of Y.decodeStateVector(stateVector)) {
    if (clock > 0 && doc.store.clients.has(client)) return false;
  }
  return true;
}

export function updateMessage(update: Uint8Array): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MESSAGE_SYNC);
  syncProtocol.writeUpdate(encoder, update);
  return encoding.toUint8Array(encoder);
}

export function awarenessMessage(
  awareness: awarenessProtocol.Awareness,
  clients: number[],
): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MESSAGE_AWARENESS);
  encoding.writeVarUint8Array(encoder, awarenessProtocol.encodeAwarenessUpdate(awareness, clients));
  return encoding.toUint8Array(encoder);
}

/** One entry of an awareness update: a client id, its clock and its state as JSON bytes. */
export interface AwarenessEntry {
  clientId: number;
  clock: number;
  /** UTF-8 JSON text; `null` (4 bytes) removes the client's presence. */
  state: Uint8Array;
}

const textDecoder = new TextDecoder();

/**
 * Reads an awareness update (y-protocols' wire format: count, then id, clock, JSON per entry)
 * without applying it, so the room can filter it first. Throws on a truncated update.
 */
export function decodeAwarenessEntries(update: Uint8Array): AwarenessEntry[] {
  const decoder = decoding.createDecoder(update);
  const count = decoding.readVarUint(decoder);
  const entries: AwarenessEntry[] = [];
  for (let i = 0; i < count; i++) {
    const clientId = decoding.readVarUint(decoder);
    const clock = decoding.readVarUint(decoder);
    const state = decoding.readVarUint8Array(decoder);
    entries.push({ clientId, clock, state });
  }
  return entries;
}

/** The entry's state, parsed: throws unless it is JSON (as the stock decoder would, later). */
export function readAwarenessState(entry: AwarenessEntry): unknown {
  return JSON.parse(textDecoder.decode(entry.state));
}

export function encodeAwarenessEntries(entries: Iterable<AwarenessEntry>): Uint8Array {
  const list = [...entries];
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, list.length);
  for (const { clientId, clock, state } of list) {
    encoding.writeVarUint(encoder, clientId);
    encoding.writeVarUint(encoder, clock);
    encoding.writeVarUint8Array(encoder, state);
  }
  return encoding.toUint8Array(encoder);
}
