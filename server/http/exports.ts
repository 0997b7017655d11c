/**
 * The brief as downloads: `export.md`, `export.pdf` and `export.html` (any role's token), in
 * the board's language or `?lang=en|ja`, dated by the board's last change or `?date=`. Built from the live
 * board (`fromYDoc`) by `server/export`, so it matches the screen. The PDF is deterministic for
 * a board state, so it is cached by the state's hash (ETag); renders run one at a time so a big
 * brief never stalls every board at once more than one render's worth.
 */
import { createHash } from 'node:crypto';
import type { Request, Response, Router } from 'express';
import { canExport } from '../../shared/roles.ts';
import {
  briefToMarkdown,
  briefToHtml,
  briefToPdf,
  BriefOptionsError,
  type BriefOptions,
} from '../export/index.ts';
import type { BoardService } from '../boards/BoardService.ts';
import type { BoardJSON } from '../../shared/board/index.ts';
import type { BoardStore } from '../store/BoardStore.ts';
import type { BoardAuth } from './app.ts';
import { badRequest, HttpError } from './errors.ts';
import { findSnapshot } from './changes.ts';
import { unsourcedCards } from '../export/annexes.ts';
import { isBriefLanguage } from '../export/wording.ts';

/** Export refused by the evidence check: 409 with the measures that cite no source. */
export class SourcesRequiredError extends HttpError {
  constructor(readonly cards: { id: string; title: string }[]) {
    super(
      409,
      'sources_required',
      `The facilitator requires every measure to cite a source before export; ${cards.length} ${cards.length === 1 ? 'measure cites' : 'measures cite'} none.`,
    );
    this.name = 'SourcesRequiredError';
  }
}

export interface ExportDeps {
  boards: BoardService;
  store: BoardStore;
  publicUrl: string;
  /** Revealed vote results of the board, when a vote was revealed. */
  revealedVotes?: (boardId: string) => Promise<{ targetId: string; votes: number }[] | null>;
  /** Whether the facilitator blocks export until every measure cites a source. */
  sourcesRequired?: (boardId: string) => Promise<boolean>;
  /** Whether the facilitator covers the alignment ratings (the brief then leaves them out). */
  ratingsHidden?: (boardId: string) => Promise<boolean>;
  /** The names on the brief's cover: who took part, or the facilitator's choice. */
  participants?: (boardId: string, board: BoardJSON) => Promise<string[]>;
}

/** Whether `url` names a host a reader of the brief could reach (not this machine). */
export function isPublicAddress(url: string): boolean {
  try {
    const host = new URL(url).hostname.replace(/^\[|\]$/g, '').toLowerCase();
    return !(
      host === 'localhost' ||
      host.endsWith('.localhost') ||
      /^127\./.test(host) ||
      host === '::1' ||
      host === '0.0.0.0'
    );
  } catch {
    return false;
  }
}

let queue: Promise<unknown> = Promise.resolve();
/** Runs CPU-heavy renders one after another. */
function oneAtATime<T>(work: () => Promise<T>): Promise<T> {
  const run = queue.then(work, work);
  queue = run.catch(() => undefined);
  return run;
}

const CACHE_LIMIT = 20;
const pdfCache = new Map<string, Buffer>();

export function exportRoutes(api: Router, auth: BoardAuth, deps: ExportDeps): void {
  async function briefInput(req: Request) {
    auth(req, canExport, 'export this board');
    const id = String(req.params.id);
    const board = await deps.boards.read(id);
    const info = await deps.boards.info(id);
    // The brief's date is the board's last change (or ?date=), never the moment of export.
    const date =
      typeof req.query.date === 'string' ? req.query.date : (info?.updatedAt ?? board.createdAt);
    const lang = req.query.lang;
    if (lang !== undefined && !isBriefLanguage(lang)) {
      throw badRequest('invalid_option', 'lang: expected "en" or "ja"');
    }
    const options: BriefOptions = {
      // Never a token: the brief is forwarded beyond the room. Only a real address is printed:
      // without PUBLIC_URL the server only knows localhost, which means nothing to a reader.
      boardUrl: isPublicAddress(deps.publicUrl)
        ? `${deps.publicUrl}/b/${encodeURIComponent(id)}`
        : '',
      ...(lang ? { language: lang } : {}),
      participants: (await deps.participants?.(id, board)) ?? [],
      includeComments: req.query.comments === '1' || req.query.comments === 'true',
      date,
      votes: (await deps.revealedVotes?.(id)) ?? null,
      ratingsHidden: (await deps.ratingsHidden?.(id)) ?? false,
    };
    if (await deps.sourcesRequired?.(id)) {
      const unsourced = unsourcedCards(board);
      if (unsourced.length) throw new SourcesRequiredError(unsourced);
    }
    const since = req.query.since;
    if (since !== undefined) {
      if (typeof since !== 'string' || !since) {
        throw badRequest('invalid_since', 'since must name a snapshot id (?since=<snapshot id>)');
      }
      const snapshot = await findSnapshot(deps.boards, id, since);
      options.since = {
        label: snapshot.info.label,
        createdAt: snapshot.info.createdAt,
        board: snapshot.board,
      };
    }
    return { id, board, options };
  }

  const send = (format: 'md' | 'pdf' | 'html') => async (req: Request, res: Response) => {
    const { id, board, options } = await briefInput(req);
    try {
      if (format === 'html') {
        // Shown in a sandboxed frame on the brief page: no script may run, nothing is fetched.
        res.set(
          'Content-Security-Policy',
          "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'self'",
        );
        res.type('text/html; charset=utf-8').send(briefToHtml(board, options));
        return;
      }
      if (format === 'md') {
        res
          .type('text/markdown; charset=utf-8')
          .attachment(`brief-${id}.md`)
          .send(briefToMarkdown(board, options));
        return;
      }
      const key = createHash('sha256')
        .update(JSON.stringify([board, options]))
        .digest('base64url');
      res.set('ETag', `"${key}"`);
      if (req.get('if-none-match') === `"${key}"`) {
        res.status(304).end();
        return;
      }
      let pdf = pdfCache.get(key);
      if (!pdf) {
        pdf = await oneAtATime(() => briefToPdf(board, options));
        pdfCache.set(key, pdf);
        if (pdfCache.size > CACHE_LIMIT) pdfCache.delete(pdfCache.keys().next().value!);
      }
      res.type('application/pdf').attachment(`brief-${id}.pdf`).send(pdf);
    } catch (error) {
      if (error instanceof BriefOptionsError) throw badRequest('invalid_option', error.message);
      throw error;
    }
  };

  const wrap =
    (handler: (req: Request, res: Response) => Promise<void>) =>
    (req: Request, res: Response, next: (e?: unknown) => void) => {
      handler(req, res).catch((error: unknown) => {
        if (error instanceof SourcesRequiredError && !res.headersSent) {
          // The usual error body, plus the measures to fix (the brief page lists them).
          res
            .status(error.status)
            .json({ error: { code: error.code, message: error.message, cards: error.cards } });
          return;
        }
        next(error);
      });
    };
  api.get('/boards/:id/export.md', wrap(send('md')));
  api.get('/boards/:id/export.pdf', wrap(send('pdf')));
  api.get('/boards/:id/export.html', wrap(send('html')));
}
