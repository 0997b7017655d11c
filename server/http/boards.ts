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
import {
  isTemplateLanguage,
  isTemplateName,
  loadTemplate,
  TEMPLATES,
} from '../boards/templates.ts';
import type { BoardAuth } from './auth.ts';
import { badRequest, errorBody, notFound } from './errors.ts';

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
    if (typeof body !== 'object' || body === null || Array.isArray(body)) {
      throw badRequest('invalid_body', 'expected a JSON object');
    }
    const { title, template, board, lang } = body as {
      title?: unknown;
      template?: unknown;
      board?: unknown;
      lang?: unknown;
    };
    if (title !== undefined && (typeof title !== 'string' || title.length > 200)) {
      throw badRequest('invalid_title', 'title must be a string of at most 200 characters');
    }
    if (lang !== undefined && !isTemplateLanguage(lang)) {
      throw badRequest('invalid_lang', 'lang must be "en" or "ja"');
    }
    if (board !== undefined && template !== undefined) {
      throw badRequest('invalid_body', 'give either "template" or "board", not both');
    }
    let created;
    if (board !== undefined) {
      created = await boards.create({ board: parseBoardJson(board), title });
    } else {
      const name = template ?? 'blank';
      if (!isTemplateName(name)) {
        throw badRequest(
          'invalid_template',
          `template must be one of ${TEMPLATES.map((t) => `"${t}"`).join(', ')}`,
        );
      }
      // The blank board's words are in the creator's language (`lang`).
      created = await boards.create({ board: loadTemplate(name, lang), title });
    }
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
