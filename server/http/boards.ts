/**
 * Boards: create (from a template or an imported BoardJSON, rate-limited per address), read,
 * download as BoardJSON, delete (facilitator only).
 */
import type { Router } from 'express';
import { rateLimit } from 'express-rate-limit';
import type { Logger } from 'pino';
import { parseBoardJson } from '../../shared/board/index.ts';
import { canExport, canFacilitate } from '../../shared/roles.ts';
import type { BoardService } from '../boards/BoardService.ts';
import { loadTemplate } from '../boards/templates.ts';
import { CreateBoardFields, parseRequest } from './schemas.ts';
import type { BoardAuth } from './auth.ts';
import { errorBody, notFound } from './errors.ts';

export interface BoardRoutesOptions {
  boards: BoardService;
  auth: BoardAuth;
  log: Logger;
  createPerMinute: number;
}

export function boardRoutes(api: Router, opts: BoardRoutesOptions): void {
  const { boards, auth, log } = opts;
  const createLimit = rateLimit({
    windowMs: 60_000,
    limit: opts.createPerMinute,
    standardHeaders: 'draft-8',
    legacyHeaders: false,
    handler: (_req, res) => {
      res
        .status(429)
        .json(
          errorBody(
            'rate_limited',
            `at most ${opts.createPerMinute} boards a minute from one address; try again shortly`,
          ),
        );
    },
  });

  api.post('/boards', createLimit, async (req, res) => {
    const body: unknown = req.body ?? {};
    // The board is checked by parseBoardJson (BoardSchema and the checks across records).
    const { title, template, lang } = parseRequest(CreateBoardFields, body, {
      title: 'invalid_title',
      template: 'invalid_template',
      lang: 'invalid_lang',
      other: 'invalid_body',
    });
    const { board } = body as { board?: unknown };
    // A blank board's words are in the creator's language (`lang`).
    const created = await boards.create({
      board: board !== undefined ? parseBoardJson(board) : loadTemplate(template ?? 'blank', lang),
      title,
    });
    log.info({ board: created.id }, 'board created');
    res.status(201).json(created);
  });

  api.get('/boards/:id', async (req, res) => {
    auth(req, canExport, 'read this board');
    res.json(await boards.read(String(req.params.id)));
  });

  api.get('/boards/:id/export.json', async (req, res) => {
    auth(req, canExport, 'export this board');
    const board = await boards.read(String(req.params.id));
    res
      .attachment(`${board.id}.board.json`)
      .type('application/json')
      .send(JSON.stringify(board, null, 2));
  });

  api.delete('/boards/:id', async (req, res) => {
    auth(req, canFacilitate, 'delete this board');
    const id = String(req.params.id);
    if (!(await boards.delete(id))) throw notFound(`no board "${id}"`);
    log.info({ board: id }, 'board deleted');
    res.status(204).end();
  });
}
