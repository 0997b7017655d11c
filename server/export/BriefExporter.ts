/**
 * The server's brief renderer, owned by `BoardServer`: Markdown and HTML at once, PDFs one at
 * a time on a worker thread (`pdfWorker.ts`) — a render is CPU-heavy, and on the main thread
 * it would hold up every board's relay for as long as it takes. The thread starts with the
 * first PDF and ends after `IDLE_MS` without one, so pdfkit and the fonts take memory only
 * while briefs are being made. The Markdown and HTML renderers load on first use too. A PDF is
 * a function of (board, options): it is cached by a hash of them, which is also its ETag.
 */
import { createHash } from 'node:crypto';
import type { Worker } from 'node:worker_threads';
import type { BoardJSON } from '../../shared/board/index.ts';
import { BriefOptionsError, type BriefOptions } from './brief.ts';
import type { PdfReply, PdfRequest } from './pdfWorker.ts';
import { pdfRenderSeconds, timed } from '../metrics.ts';
import { startThread } from '../threads.ts';

/** PDFs kept (the most recently rendered). */
const CACHE_LIMIT = 20;
/** The render thread ends after this long without a PDF to make. */
const IDLE_MS = 60_000;

export class BriefExporter {
  readonly #cache = new Map<string, Buffer>();
  #queue: Promise<unknown> = Promise.resolve();
  #worker: Worker | null = null;
  #idleTimer: NodeJS.Timeout | null = null;

  async markdown(board: BoardJSON, options: BriefOptions): Promise<string> {
    return (await import('./markdown.ts')).briefToMarkdown(board, options);
  }

  async html(board: BoardJSON, options: BriefOptions): Promise<string> {
    return (await import('./html.ts')).briefToHtml(board, options);
  }

  /** Names the PDF of (board, options): equal keys, equal PDFs. */
  pdfKey(board: BoardJSON, options: BriefOptions): string {
    return createHash('sha256')
      .update(JSON.stringify([board, options]))
      .digest('base64url');
  }

  /** The PDF of (board, options), from the cache or rendered after any render under way. */
  async pdf(board: BoardJSON, options: BriefOptions, key = this.pdfKey(board, options)) {
    let pdf = this.#cache.get(key);
    if (!pdf) {
      pdf = await this.#oneAtATime(() =>
        timed(pdfRenderSeconds, () => this.#render({ board, options })),
      );
      this.#cache.set(key, pdf);
      if (this.#cache.size > CACHE_LIMIT) this.#cache.delete(this.#cache.keys().next().value!);
    }
    return pdf;
  }

  /** Ends the render thread (server stop). */
  async close(): Promise<void> {
    if (this.#idleTimer) clearTimeout(this.#idleTimer);
    const worker = this.#worker;
    this.#worker = null;
    await worker?.terminate();
  }

  #oneAtATime<T>(work: () => Promise<T>): Promise<T> {
    const run = this.#queue.then(work, work);
    this.#queue = run.catch(() => undefined);
    return run;
  }

  /** One render on the thread (started if need be); a thread that dies fails that render. */
  #render(request: PdfRequest): Promise<Buffer> {
    if (this.#idleTimer) clearTimeout(this.#idleTimer);
    const worker = (this.#worker ??= this.#start());
    return new Promise<Buffer>((resolve, reject) => {
      const onExit = (code: number) => reject(new Error(`the PDF renderer exited (${code})`));
      const onError = (error: Error) => reject(error);
      worker.once('exit', onExit);
      worker.once('error', onError);
      worker.once('message', (reply: PdfReply) => {
        worker.off('exit', onExit);
        worker.off('error', onError);
        if ('pdf' in reply)
          resolve(Buffer.from(reply.pdf.buffer, reply.pdf.byteOffset, reply.pdf.byteLength));
        else if (reply.error.name === 'BriefOptionsError')
          reject(new BriefOptionsError(reply.error.message));
        else reject(new Error(`PDF render failed: ${reply.error.message}`));
      });
      worker.postMessage(request);
    }).finally(() => {
      if (this.#worker !== worker) return;
      this.#idleTimer = setTimeout(() => {
        this.#worker = null;
        void worker.terminate();
      }, IDLE_MS).unref();
    });
  }

  #start(): Worker {
    const worker = startThread('pdfWorker');
    worker.unref();
    // Its errors end it; the next render starts another.
    worker.on('error', () => {});
    worker.on('exit', () => {
      if (this.#worker === worker) this.#worker = null;
    });
    return worker;
  }
}
