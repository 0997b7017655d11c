/**
 * The express app: security headers and the origin check, health and metrics, the board API
 * (a file per resource), then the SvelteKit handler last. Every error leaves through one
 * mapper as `{ error: { code, message } }` (errors.ts).
 */
import express, { type NextFunction, type Request, type Response } from 'express';
import cors from 'cors';
import type { Logger } from 'pino';
import type { BoardTokens } from '../auth/tokens.ts';
import type { BoardService } from '../boards/BoardService.ts';
import type { BoardStore } from '../store/BoardStore.ts';
import type { BriefExporter } from '../export/BriefExporter.ts';
import { throttledLog } from '../log/throttle.ts';
import { requestLog } from '../log/requests.ts';
import type { ServerMetrics } from '../metrics.ts';
import { boardAuth } from './auth.ts';
import { errorBody, errorHandler } from './errors.ts';
import { isOriginAllowed } from './origin.ts';
import { healthRoutes, type HealthRoutesOptions } from './health.ts';
import { boardRoutes } from './boards.ts';
import { snapshotRoutes } from './snapshots.ts';
import { changesRoutes } from './changes.ts';
import { exportRoutes, type BriefSettings } from './exports.ts';
import { describedRoutes } from './openapi.ts';
import type { Trust } from './clientAddress.ts';

export interface AppOptions extends BriefSettings {
  boards: BoardService;
  tokens: BoardTokens;
  store: BoardStore;
  log: Logger;
  /** Renders briefs (its PDF cache and render queue belong to the server). */
  exporter: BriefExporter;
  maxJsonBytes: number;
  createPerMinute: number;
  allowedOrigins: string[];
  /** Which proxies' X-Forwarded-For decides `req.ip` (TRUST_PROXY, compiled). */
  trustProxy: Trust;
  publicUrl: string;
  healthChecks?: HealthRoutesOptions['healthChecks'];
  metrics: ServerMetrics;
  /** When set, `/metrics` answers only `Authorization: Bearer <metricsToken>`. */
  metricsToken?: string;
  /** The SvelteKit request handler, when the web client is built. */
  webHandler?: (req: Request, res: Response, next: NextFunction) => void;
}

export function createApp(opts: AppOptions): express.Express {
  const app = express();
  /** Failures that repeat on every request (a failing store): one line per burst, with a count. */
  const throttled = throttledLog(opts.log);
  app.disable('x-powered-by');
  app.set('trust proxy', opts.trustProxy);
  app.use(requestLog(opts.log));

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

  healthRoutes(app, { ...opts, throttled });

  const api = express.Router();
  api.use(express.json({ limit: opts.maxJsonBytes }));
  // Each resource's routes get what they use, and one way to check who is asking.
  const routes = { ...opts, auth: boardAuth(opts.tokens) };
  boardRoutes(api, routes);
  snapshotRoutes(api, routes);
  changesRoutes(api, routes);
  exportRoutes(api, routes);
  describedRoutes(api, opts);
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

  app.use(errorHandler(opts.log, throttled));
  return app;
}
