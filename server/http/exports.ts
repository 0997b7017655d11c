/**
 * The brief as downloads: `export.md`, `export.pdf` and `export.html` (any role's token), in
 * the board's language or `?lang=en|ja`, dated by the board's last change or `?date=`, with
 * what changed since a snapshot when `?since=` names one. Built from the live board by the
 * server's `BriefExporter`, so it matches the screen; a PDF carries an ETag.
 */
import type { Request, Router } from 'express';
import { canExport } from '../../shared/roles.ts';
import type { BoardJSON } from '../../shared/board/index.ts';
import { unsourcedCards } from '../export/annexes.ts';
import type { BriefOptions } from '../export/brief.ts';
import type { BriefExporter } from '../export/BriefExporter.ts';
import type { BoardService } from '../boards/BoardService.ts';
import type { BoardAuth } from './auth.ts';
import { HttpError } from './errors.ts';
import { BriefQuery, parseRequest } from './schemas.ts';
import { sinceSnapshot } from './snapshots.ts';

/** Export refused by the evidence check: 409 with the measures that cite no source. */
export class SourcesRequiredError extends HttpError {
  constructor(readonly cards: { id: string; title: string }[]) {
    super(
      409,
      'sources_required',
      `The facilitator requires every measure to cite a source before export; ${cards.length} ${cards.length === 1 ? 'measure cites' : 'measures cite'} none.`,
      // The brief page lists them.
      { cards },
    );
    this.name = 'SourcesRequiredError';
  }
}

/** What facilitation decides about a board's brief. */
export interface BriefSettings {
  /** Revealed vote results of the board, when a vote was revealed. */
  revealedVotes?: (boardId: string) => Promise<{ targetId: string; votes: number }[] | null>;
  /** Whether the facilitator blocks export until every measure cites a source. */
  sourcesRequired?: (boardId: string) => Promise<boolean>;
  /** Whether the facilitator covers the alignment ratings (the brief then leaves them out). */
  ratingsHidden?: (boardId: string) => Promise<boolean>;
  /** The names on the brief's cover: who took part, or the facilitator's choice. */
  participants?: (boardId: string, board: BoardJSON) => Promise<string[]>;
}

export interface ExportRoutesOptions extends BriefSettings {
  boards: BoardService;
  auth: BoardAuth;
  exporter: BriefExporter;
  publicUrl: string;
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

export function exportRoutes(api: Router, opts: ExportRoutesOptions): void {
  const { boards, auth, exporter } = opts;

  async function briefInput(req: Request) {
    auth(req, canExport, 'export this board');
    const id = String(req.params.id);
    const board = await boards.read(id);
    const info = await boards.info(id);
    const query = parseRequest(BriefQuery, req.query, {
      since: 'invalid_since',
      other: 'invalid_option',
    });
    // The brief's date is the board's last change (or ?date=), never the moment of export.
    const date = query.date ?? info?.updatedAt ?? board.createdAt;
    const lang = query.lang;
    const options: BriefOptions = {
      // Never a token: the brief is forwarded beyond the room. Only a real address is printed:
      // without PUBLIC_URL the server only knows localhost, which means nothing to a reader.
      boardUrl: isPublicAddress(opts.publicUrl)
        ? `${opts.publicUrl}/b/${encodeURIComponent(id)}`
        : '',
      ...(lang ? { language: lang } : {}),
      participants: (await opts.participants?.(id, board)) ?? [],
      includeComments: query.comments === '1' || query.comments === 'true',
      date,
      votes: (await opts.revealedVotes?.(id)) ?? null,
      ratingsHidden: (await opts.ratingsHidden?.(id)) ?? false,
    };
    if (await opts.sourcesRequired?.(id)) {
      const unsourced = unsourcedCards(board);
      if (unsourced.length) throw new SourcesRequiredError(unsourced);
    }
    const snapshot = await sinceSnapshot(req, boards, false);
    if (snapshot) {
      options.since = {
        label: snapshot.info.label,
        createdAt: snapshot.info.createdAt,
        board: snapshot.board,
      };
    }
    return { id, board, options };
  }

  api.get('/boards/:id/export.md', async (req, res) => {
    const { id, board, options } = await briefInput(req);
    const markdown = await exporter.markdown(board, options);
    res.type('text/markdown; charset=utf-8').attachment(`brief-${id}.md`).send(markdown);
  });

  api.get('/boards/:id/export.html', async (req, res) => {
    const { board, options } = await briefInput(req);
    const html = await exporter.html(board, options);
    // Shown in a sandboxed frame on the brief page: no script may run, nothing is fetched.
    res.set(
      'Content-Security-Policy',
      "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'self'",
    );
    res.type('text/html; charset=utf-8').send(html);
  });

  api.get('/boards/:id/export.pdf', async (req, res) => {
    const { id, board, options } = await briefInput(req);
    const key = exporter.pdfKey(board, options);
    res.set('ETag', `"${key}"`);
    if (req.get('if-none-match') === `"${key}"`) {
      res.status(304).end();
      return;
    }
    const pdf = await exporter.pdf(board, options, key);
    res.type('application/pdf').attachment(`brief-${id}.pdf`).send(pdf);
  });
}
