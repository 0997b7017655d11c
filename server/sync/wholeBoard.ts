/**
 * The whole board for newcomers who have nothing yet: one full encoding (a sync step 2 frame),
 * shared by every such newcomer, and the updates applied since it was made, merged into one
 * update frame. Encoding a big board takes the event loop tens of milliseconds (a 10 MB board:
 * ~70 ms), so on a board of `KEEP_ENCODING_BYTES` or more an edit does not throw the encoding
 * away; it is made again once what came since outgrows an eighth of it. A smaller board is
 * cheap to encode and its encoding goes with the next change, so an idle board keeps no copy of
 * itself.
 */
import * as Y from 'yjs';
import { fullStateMessage, updateMessage } from './messages.ts';

/** A board's full encoding outlives its edits from this size on. */
export const KEEP_ENCODING_BYTES = 256 * 1024;

export class WholeBoard {
  #encoding: Uint8Array | null = null;
  #since: Uint8Array[] = [];
  #sinceBytes = 0;
  #sinceFrame: Uint8Array | null = null;

  /** `encoded` hears the size of every full encoding made (the board's exact size then). */
  constructor(
    readonly doc: Y.Doc,
    readonly encoded: (bytes: number) => void,
  ) {}

  /** Every update applied to the document, in order. */
  applied(update: Uint8Array): void {
    const base = this.#encoding?.byteLength ?? 0;
    this.#sinceFrame = null;
    this.#sinceBytes += update.byteLength;
    if (base >= KEEP_ENCODING_BYTES && this.#sinceBytes <= base / 8) this.#since.push(update);
    else this.#drop();
  }

  /** What a newcomer with nothing receives, in order. */
  frames(): Uint8Array[] {
    if (!this.#encoding) this.#encode();
    if (this.#since.length === 0) return [this.#encoding!];
    this.#sinceFrame ??= updateMessage(
      this.#since.length === 1 ? this.#since[0] : Y.mergeUpdates(this.#since),
    );
    return [this.#encoding!, this.#sinceFrame];
  }

  /** Makes the encoding exact now (nothing applied since), so `encoded` hears the board's size. */
  measure(): void {
    if (!this.#encoding || this.#since.length) this.#encode();
  }

  #encode(): void {
    this.#drop();
    this.#encoding = fullStateMessage(this.doc);
    this.encoded(this.#encoding.byteLength);
  }

  #drop(): void {
    this.#encoding = null;
    this.#since = [];
    this.#sinceBytes = 0;
    this.#sinceFrame = null;
  }
}
