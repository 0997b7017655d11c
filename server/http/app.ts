/**
 * The express app: health, metrics, the board API, then the SvelteKit handler last. Every
 * error leaves as `{ error: { code, message } }`; tokens come from `Authorization: Bearer`
 * or `?token=`.
 */
import express, { type NextFunction, type Request, type Response } from 'express';
import { rateLimit } from 'express-rate-limit';
import cors from 'cors';
import type { Logger } from 'pino';
import { BoardValidationError, isValidId, parseBoardJson } from '../../shared/board/index.ts';
import { canExport, canFacilitate, type Role } from '../../shared/roles.ts';
import type { BoardTokens } from '../auth/tokens.ts';
import type { BoardService } from '../boards/BoardService.ts';
import {
  isTemplateLanguage,
  isTemplateName,
  loadTemplate,
  TEMPLATES,
} from '../boards/templates.ts';
import { BoardExistsError, BoardNotFoundError, type BoardStore } from '../store/BoardStore.ts';
import { StorageUnavailableError, failureReason } from '../store/health.ts';
import { throttledLog } from '../log/throttle.ts';
import {
  badRequest,
  errorBody,
  forbidden,
  HttpError,
  notFound,
  storageUnavailable,
  unauthorized,
} from './errors.ts';
import { isOriginAllowed } from './origin.ts';
import { exportRoutes, type ExportDeps } from './exports.ts';
import { changesRoutes } from './changes.ts';
import type { Trust } from './clientAddress.ts';

export interface AppOptions {
  boards: BoardService;
  tokens: BoardTokens;
  store: BoardStore;
  log: Logger;
  maxJsonBytes: number;
  createPerMinute: number;
  allowedOrigins: string[];
  /** Which proxies' X-Forwarded-For decides `req.ip` (TRUST_PROXY, compiled). */
  trustProxy: Trust;
  publicUrl: string;
  /** Revealed vote results for the brief (from facilitation). */
  revealedVotes?: ExportDeps['revealedVotes'];
  /** Whether the facilitator requires every measure to cite a source before export. */
  sourcesRequired?: ExportDeps['sourcesRequired'];
  /** Whether the facilitator covers the alignment ratings (left out of the brief). */
  ratingsHidden?: ExportDeps['ratingsHidden'];
  /** The brief's participants (facilitation knows who took part). */
  participants?: ExportDeps['participants'];
  /** Extra health checks (Redis when configured). */
  healthChecks?: (() => Promise<void>)[];
  metrics(): Record<string, number>;
  /** The SvelteKit request handler, when the web client is built. */
  webHandler?: (req: Request, res: Response, next: NextFunction) => void;
  /** Routes added by later modules (exports, facilitation) before the web handler. */
  extraRoutes?: (app: express.Express, auth: BoardAuth) => void;
}

/** Checks the request's token for the board in `:id`; returns the role. */
export type BoardAuth = (req: Request, allowed: (role: Role) => boolean, action: string) => Role;

function tokenOf(req: Request): string | null {
  const header = req.get('authorization');
  if (header?.startsWith('Bearer ')) return header.slice(7).trim();
  const query = req.query.token;
  return typeof query === 'string' ? query : null;
}

type Handler = (req: Request, res: Response) => Promise<unknown> | unknown;
const route =
  (handler: Handler) =>
  (req: Request, res: Response, next: NextFunction): void => {
    Promise.resolve(handler(req, res)).catch(next);
  };

export function createApp(opts: AppOptions): express.Express {
  const app = express();
  /** Failures that repeat on every request (a failing store): one line per burst, with a count. */
  const throttled = throttledLog(opts.log);
  app.disable('x-powered-by');
  app.set('trust proxy', opts.trustProxy);

  // A stream piped into a response that fails (a static file gone since sirv listed the build,
  // a disk error) ends that response, never the process: sirv pipes without an error handler.
  app.use((req, res, next) => {
    res.on('pipe', (source) => {
      source.once('error', (error: Error) => {
        opts.log.warn({ err: error, path: req.path }, 'response stream failed');
        if (res.headersSent) res.destroy();
        else res.status(500).json(errorBody('internal', 'the file could not be read'));
      });
    });
    next();
  });

  app.use((req, res, next) => {
    res.set({
      'X-Content-Type-Options': 'nosniff',
      'Referrer-Policy': 'no-referrer',
      'X-Frame-Options': 'SAMEORIGIN',
    });
    if (
      req.path.startsWith('/api/') &&
      req.headers.origin &&
      !isOriginAllowed(req, opts.allowedOrigins)
    ) {
      res
        .status(403)
        .json(errorBody('origin_refused', `requests from ${req.headers.origin} are not allowed`));
      return;
    }
    next();
  });
  // Pages on other origins may call the API only when ALLOWED_ORIGINS names them.
  app.use(
    '/api',
    cors((req, callback) => {
      const origin = req.headers.origin;
      const crossOrigin =
        origin !== undefined &&
        (opts.allowedOrigins.includes(origin) || opts.allowedOrigins.includes('*'));
      callback(null, {
        origin: crossOrigin ? origin : false,
        allowedHeaders: ['authorization', 'content-type'],
      });
    }),
  );

  const auth: BoardAuth = (req, allowed, action) => {
    const id = String(req.params.id);
    if (!isValidId(id)) throw notFound('no such board: the id is not valid');
    const check = opts.tokens.check(tokenOf(req), id);
    if (!check.ok) {
      if (check.reason === 'other-board') throw forbidden('this token belongs to another board');
      throw unauthorized(check.reason === 'missing' ? 'a token is required' : 'invalid token');
    }
    if (!allowed(check.role)) throw forbidden(`a ${check.role} may not ${action}`);
    return check.role;
  };

  app.get(
    '/healthz',
    route(async (_req, res) => {
      try {
        await opts.store.ping();
        for (const check of opts.healthChecks ?? []) await check();
        res.json({ ok: true });
      } catch (error) {
        if (error instanceof StorageUnavailableError) {
          // Reported with its reason; the failure itself was logged where it happened.
          const reason = failureReason(error.failure);
          res.status(503).json({
            ok: false,
            ...errorBody('storage_unavailable', `storage full or failing: ${reason}`),
          });
          return;
        }
        throttled('error', { err: error }, 'health check failed');
        res
          .status(503)
          .json({ ok: false, ...errorBody('unhealthy', 'a backing service does not answer') });
      }
    }),
  );

  app.get('/metrics', (_req, res) => {
    const lines = Object.entries(opts.metrics()).map(([k, v]) => `briefing_board_${k} ${v}`);
    res.type('text/plain').send(lines.join('\n') + '\n');
  });

  const api = express.Router();
  api.use(express.json({ limit: opts.maxJsonBytes }));

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

  api.post(
    '/boards',
    createLimit,
    route(async (req, res) => {
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
        created = await opts.boards.create({ board: parseBoardJson(board), title });
      } else {
        const name = template ?? 'blank';
        if (!isTemplateName(name)) {
          throw badRequest(
            'invalid_template',
            `template must be one of ${TEMPLATES.map((t) => `"${t}"`).join(', ')}`,
          );
        }
        created = await opts.boards.create({ board: loadTemplate(name, lang), title });
      }
      opts.log.info({ board: created.id }, 'board created');
      res.status(201).json(created);
    }),
  );

  api.get(
    '/boards/:id',
    route(async (req, res) => {
      auth(req, canExport, 'read this board');
      res.json(await opts.boards.read(String(req.params.id)));
    }),
  );

  api.get(
    '/boards/:id/export.json',
    route(async (req, res) => {
      auth(req, canExport, 'export this board');
      const board = await opts.boards.read(String(req.params.id));
      res
        .attachment(`${board.id}.board.json`)
        .type('application/json')
        .send(JSON.stringify(board, null, 2));
    }),
  );

  api.get(
    '/boards/:id/snapshots',
    route(async (req, res) => {
      auth(req, canExport, 'list snapshots');
      const id = String(req.params.id);
      if (!(await opts.boards.info(id))) throw notFound(`no board "${id}"`);
      res.json({ snapshots: await opts.boards.listSnapshots(id) });
    }),
  );

  api.post(
    '/boards/:id/snapshots',
    route(async (req, res) => {
      auth(req, canFacilitate, 'take snapshots');
      const label = (req.body as { label?: unknown } | undefined)?.label;
      if (typeof label !== 'string' || !label.trim() || label.length > 200) {
        throw badRequest(
          'invalid_label',
          'label must be a non-empty string of at most 200 characters',
        );
      }
      res.status(201).json(await opts.boards.snapshot(String(req.params.id), label.trim()));
    }),
  );

  api.post(
    '/boards/:id/snapshots/:sid/restore',
    route(async (req, res) => {
      auth(req, canFacilitate, 'restore snapshots');
      const restored = await opts.boards.restore(String(req.params.id), String(req.params.sid));
      if (!restored) throw notFound(`no snapshot "${String(req.params.sid).slice(0, 80)}"`);
      res.json(restored);
    }),
  );

  api.delete(
    '/boards/:id',
    route(async (req, res) => {
      auth(req, canFacilitate, 'delete this board');
      const id = String(req.params.id);
      if (!(await opts.boards.delete(id))) throw notFound(`no board "${id}"`);
      opts.log.info({ board: id }, 'board deleted');
      res.status(204).end();
    }),
  );

  exportRoutes(api, auth, {
    boards: opts.boards,
    store: opts.store,
    publicUrl: opts.publicUrl,
    revealedVotes: opts.revealedVotes,
    sourcesRequired: opts.sourcesRequired,
    ratingsHidden: opts.ratingsHidden,
    participants: opts.participants,
  });
  changesRoutes(api, auth, opts.boards);
  opts.extraRoutes?.(app, auth);
  app.use('/api', api);
  app.use('/api', (_req, res) => {
    res.status(404).json(errorBody('not_found', 'no such API route'));
  });

  if (opts.webHandler) app.use(opts.webHandler);
  else {
    app.get('/', (_req, res) => {
      res
        .type('text/plain')
        .send(
          'The web client is not built. Run `npm run build` (or `npm start`, which builds it).\n',
        );
    });
  }

  app.use((error: unknown, req: Request, res: Response, _next: NextFunction) => {
    const [status, code, message] = describeError(error);
    if (error instanceof StorageUnavailableError)
      throttled('error', { err: error, path: req.path }, 'request failed: storage full or failing');
    else if (status >= 500) opts.log.error({ err: error, path: req.path }, 'request failed');
    if (res.headersSent) return;
    // An import's first bad field, so the client can word the problem in its own language.
    const path = error instanceof BoardValidationError ? { path: error.path } : {};
    res.status(status).json({ error: { ...errorBody(code, message).error, ...path } });
  });
  return app;
}

function describeError(error: unknown): [number, string, string] {
  if (error instanceof HttpError) return [error.status, error.code, error.message];
  if (error instanceof BoardValidationError) return [400, 'invalid_board', error.message];
  if (error instanceof BoardNotFoundError) return [404, 'not_found', error.message];
  if (error instanceof BoardExistsError) return [409, 'exists', error.message];
  if (error instanceof StorageUnavailableError) {
    const http = storageUnavailable(error.failure.full);
    return [http.status, http.code, http.message];
  }
  const e = error as { type?: string; status?: number; message?: string };
  if (e?.type === 'entity.too.large') return [413, 'too_large', 'the request body is too large'];
  if (e?.type === 'entity.parse.failed')
    return [400, 'invalid_json', 'the request body is not valid JSON'];
  if (typeof e?.status === 'number' && e.status >= 400 && e.status < 500)
    return [e.status, 'bad_request', e.message ?? 'bad request'];
  return [500, 'internal', 'something went wrong on the server'];
}
