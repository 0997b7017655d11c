/**
 * The PDF renderer's thread: renders one brief at a time for `BriefExporter`, so a big brief
 * (half a second for 1,000 cards) never stalls the main thread's relay. pdfkit and the fonts
 * live in this thread only.
 */
import { readlinkSync } from 'node:fs';
import { setPriority } from 'node:os';
import { parentPort } from 'node:worker_threads';
import type { BoardJSON } from '../../shared/board/index.ts';
import { briefToPdf } from './pdf.ts';
import type { BriefOptions } from './brief.ts';

export interface PdfRequest {
  board: BoardJSON;
  options: BriefOptions;
}

export type PdfReply = { pdf: Uint8Array } | { error: { name: string; message: string } };

/**
 * Renders run at the lowest CPU priority: on a busy machine the relay's thread comes first and
 * a brief just takes longer. Linux gives each thread its own nice value (`/proc/thread-self`
 * names this thread's id); elsewhere the thread keeps the process's priority.
 */
function lowerPriority(): void {
  try {
    const tid = Number(readlinkSync('/proc/thread-self').split('/').pop());
    if (Number.isInteger(tid) && tid > 0) setPriority(tid, 19);
  } catch {
    /* not Linux: same priority as the relay */
  }
}

lowerPriority();
const port = parentPort!;
port.on('message', ({ board, options }: PdfRequest) => {
  // A bad option throws before the render starts: that too is an answer, not a crash.
  Promise.resolve()
    .then(() => briefToPdf(board, options))
    .then(
      (pdf) => {
        // Handed over without a copy when the bytes own their memory.
        const own = pdf.byteOffset === 0 && pdf.buffer.byteLength === pdf.byteLength;
        port.postMessage({ pdf } satisfies PdfReply, own ? [pdf.buffer as ArrayBuffer] : []);
      },
      (error: unknown) => {
        const { name, message } = error instanceof Error ? error : new Error(String(error));
        port.postMessage({ error: { name, message } } satisfies PdfReply);
      },
    );
});
