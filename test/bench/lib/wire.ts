/**
 * A lean y-websocket client for load: `ws` + lib0, no provider, no awareness, no reconnects.
 * It does the sync handshake (sends step 1, answers the server's step 1, treats step 2 as
 * "synced") and then hands every update frame to the caller as raw bytes. With a `Y.Doc` it
 * behaves like a provider (answers with the doc's state, applies what arrives, sends local
 * changes); without one it costs almost nothing, so a few processes can hold 1,000 readers.
 * Writers type markers `|w<writer>:<seq>:<sentUs>:<measured>|` into a Y.Text; Yjs encodes
 * inserted strings verbatim, so readers find them by scanning the frame bytes.
 *
 * A URL with `?hocuspocus=<document>` speaks Hocuspocus's framing instead: every message is
 * prefixed with the document's name, and the connection opens with an auth message (an empty
 * token; the bench's Hocuspocus has no `onAuthenticate` hook). Inside, the sync messages are
 * the same as y-websocket's, so everything else here is shared.
 */
import WebSocket from 'ws';
import * as Y from 'yjs';
import * as encoding from 'lib0/encoding';
import * as decoding from 'lib0/decoding';
import { nowUs } from './stats.ts';

const MESSAGE_SYNC = 0;
const SYNC_STEP1 = 0;
const SYNC_STEP2 = 1;
const SYNC_UPDATE = 2;
const EMPTY_STATE_VECTOR = Uint8Array.of(0);
const EMPTY_UPDATE = Uint8Array.of(0, 0);
const HOCUSPOCUS_AUTH = 2;
const HOCUSPOCUS_AUTH_TOKEN = 0;

/** The Hocuspocus document name a URL asks for, or null for plain y-websocket. */
export function hocuspocusDocument(url: string): string | null {
  return new URL(url).searchParams.get('hocuspocus');
}

export function syncFrame(kind: number, payload: Uint8Array): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MESSAGE_SYNC);
  encoding.writeVarUint(encoder, kind);
  encoding.writeVarUint8Array(encoder, payload);
  return encoding.toUint8Array(encoder);
}

export const updateFrame = (update: Uint8Array): Uint8Array => syncFrame(SYNC_UPDATE, update);

export interface WireOptions {
  /** Makes the client a full peer of this document. */
  doc?: Y.Doc;
  /** Every step-2 or update frame: `payload` is a view into `frame`; `at` in µs (nowUs). */
  onPayload?(payload: Buffer, kind: 'step2' | 'update', at: number): void;
  onClose?(code: number): void;
}

export class WireClient {
  readonly ws: WebSocket;
  readonly startedAt = nowUs();
  openedAt = NaN;
  firstFrameAt = NaN;
  syncedAt = NaN;
  closeCode: number | null = null;
  bytesReceived = 0;
  readonly #opts: WireOptions;
  /** Hocuspocus: the document name every frame starts with. */
  readonly #prefix: Uint8Array | null;
  readonly #opened: Promise<void>;
  #synced: Promise<void>;
  #resolveSynced!: () => void;
  #rejectSynced!: (error: Error) => void;

  constructor(url: string, opts: WireOptions = {}) {
    this.#opts = opts;
    const document = hocuspocusDocument(url);
    if (document === null) this.#prefix = null;
    else {
      const prefix = encoding.createEncoder();
      encoding.writeVarString(prefix, document);
      this.#prefix = encoding.toUint8Array(prefix);
    }
    this.#synced = new Promise<void>((resolve, reject) => {
      this.#resolveSynced = resolve;
      this.#rejectSynced = reject;
    });
    this.#synced.catch(() => {});
    this.ws = new WebSocket(url, { perMessageDeflate: false, handshakeTimeout: 60_000 });
    this.ws.binaryType = 'nodebuffer';
    this.#opened = new Promise<void>((resolve, reject) => {
      this.ws.once('open', () => {
        this.openedAt = nowUs();
        if (this.#prefix) {
          const auth = encoding.createEncoder();
          encoding.writeVarUint(auth, HOCUSPOCUS_AUTH);
          encoding.writeVarUint(auth, HOCUSPOCUS_AUTH_TOKEN);
          encoding.writeVarString(auth, '');
          this.send(encoding.toUint8Array(auth));
        }
        const sv = opts.doc ? Y.encodeStateVector(opts.doc) : EMPTY_STATE_VECTOR;
        this.send(syncFrame(SYNC_STEP1, sv));
        resolve();
      });
      this.ws.once('error', (error) => {
        reject(error);
        this.#rejectSynced(error);
      });
    });
    this.#opened.catch(() => {});
    this.ws.on('error', () => {});
    this.ws.on('message', (data: Buffer) => this.#receive(data));
    this.ws.on('close', (code) => {
      this.closeCode = code;
      this.#rejectSynced(new Error(`closed ${code} before sync`));
      opts.onClose?.(code);
    });
    if (opts.doc) opts.doc.on('update', this.#onLocalUpdate);
  }

  #onLocalUpdate = (update: Uint8Array, origin: unknown): void => {
    if (origin === this) return;
    this.send(updateFrame(update));
  };

  #receive(data: Buffer): void {
    const at = nowUs();
    if (Number.isNaN(this.firstFrameAt)) this.firstFrameAt = at;
    this.bytesReceived += data.length;
    let frame = data;
    if (this.#prefix) {
      if (!data.subarray(0, this.#prefix.length).equals(this.#prefix)) return;
      frame = data.subarray(this.#prefix.length);
    }
    // Update frames are by far the most common: read them without a decoder object.
    if (frame[0] === MESSAGE_SYNC && frame[1] === SYNC_UPDATE && !this.#opts.doc) {
      this.#opts.onPayload?.(frame, 'update', at);
      return;
    }
    const decoder = decoding.createDecoder(frame);
    if (decoding.readVarUint(decoder) !== MESSAGE_SYNC) return; // awareness: not needed here
    const kind = decoding.readVarUint(decoder);
    if (kind === SYNC_STEP1) {
      const sv = decoding.readVarUint8Array(decoder);
      const answer = this.#opts.doc ? Y.encodeStateAsUpdate(this.#opts.doc, sv) : EMPTY_UPDATE;
      this.send(syncFrame(SYNC_STEP2, answer));
      return;
    }
    if (kind !== SYNC_STEP2 && kind !== SYNC_UPDATE) return;
    const payload = decoding.readVarUint8Array(decoder);
    const view = Buffer.from(payload.buffer, payload.byteOffset, payload.byteLength);
    if (this.#opts.doc) Y.applyUpdate(this.#opts.doc, payload, this);
    this.#opts.onPayload?.(view, kind === SYNC_STEP2 ? 'step2' : 'update', at);
    if (kind === SYNC_STEP2 && Number.isNaN(this.syncedAt)) {
      this.syncedAt = at;
      this.#resolveSynced();
    }
  }

  opened(): Promise<void> {
    return this.#opened;
  }

  synced(): Promise<void> {
    return this.#synced;
  }

  get isOpen(): boolean {
    return this.ws.readyState === WebSocket.OPEN;
  }

  send(frame: Uint8Array): void {
    if (this.ws.readyState !== WebSocket.OPEN) return;
    this.ws.send(this.#prefix ? Buffer.concat([this.#prefix, frame]) : frame);
  }

  /** Closes and waits for the close handshake (at most `timeoutMs`). */
  close(timeoutMs = 2_000): Promise<void> {
    this.#opts.doc?.off('update', this.#onLocalUpdate);
    if (this.ws.readyState === WebSocket.CLOSED) return Promise.resolve();
    return new Promise<void>((resolve) => {
      const timer = setTimeout(() => {
        this.ws.terminate();
        resolve();
      }, timeoutMs);
      this.ws.once('close', () => {
        clearTimeout(timer);
        resolve();
      });
      if (this.ws.readyState === WebSocket.CONNECTING) this.ws.terminate();
      else this.ws.close(1000);
    });
  }
}

// ---- markers -----------------------------------------------------------------------------

export function marker(writer: number, seq: number, measured: boolean): string {
  return `|w${writer}:${seq}:${nowUs()}:${measured ? 1 : 0}|`;
}

const BAR = 0x7c;
const W = 0x77;
const COLON = 0x3a;

/**
 * Calls `visit` for every marker in `buf` (from byte `from`). Allocation-free: numbers are
 * read digit by digit.
 */
export function scanMarkers(
  buf: Buffer,
  visit: (writer: number, seq: number, sentUs: number, measured: boolean) => void,
  from = 0,
): void {
  let pos = from;
  const end = buf.length;
  for (;;) {
    const at = buf.indexOf(BAR, pos);
    if (at < 0 || at + 1 >= end) return;
    pos = at + 1;
    if (buf[pos] !== W) continue;
    let i = pos + 1;
    const nums = [0, 0, 0, 0];
    let field = 0;
    let ok = false;
    let digits = 0;
    for (; i < end && i < at + 48; i++) {
      const c = buf[i];
      if (c >= 0x30 && c <= 0x39) {
        nums[field] = nums[field] * 10 + (c - 0x30);
        digits++;
      } else if (c === COLON && digits > 0 && field < 3) {
        field++;
        digits = 0;
      } else {
        ok = c === BAR && field === 3 && digits > 0;
        break;
      }
    }
    if (!ok) continue;
    visit(nums[0], nums[1], nums[2], nums[3] === 1);
    pos = i + 1;
  }
}
