/**
 * The server's brief renderer, owned by `BoardServer`: Markdown and HTML at once, PDFs one at
 * a time — a render is CPU-heavy, so a big brief stalls every board for one render's worth,
 * never more. A PDF is a function of (board, options): it is cached by a hash of them, which
 * is also its ETag.
 */
import { createHash } from 'node:crypto';
import type { BoardJSON } from '../../shared/board/index.ts';
import { briefToHtml, briefToMarkdown, briefToPdf, type BriefOptions } from './index.ts';

/** PDFs kept (the most recently rendered). */
const CACHE_LIMIT = 20;

export class BriefExporter {
  readonly #cache = new Map<string, Buffer>();
  #queue: Promise<unknown> = Promise.resolve();

  markdown(board: BoardJSON, options: BriefOptions): string {
    return briefToMarkdown(board, options);
  }

  html(board: BoardJSON, options: BriefOptions): string {
    return briefToHtml(board, options);
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
      pdf = await this.#oneAtATime(() => briefToPdf(board, options));
      this.#cache.set(key, pdf);
      if (this.#cache.size > CACHE_LIMIT) this.#cache.delete(this.#cache.keys().next().value!);
    }
    return pdf;
  }

  #oneAtATime<T>(work: () => Promise<T>): Promise<T> {
    const run = this.#queue.then(work, work);
    this.#queue = run.catch(() => undefined);
    return run;
  }
}
