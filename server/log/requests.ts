/**
 * One log line per HTTP request (pino-http), without the secrets requests carry: a share-link
 * token in `?token=` (in the URL and any Referer) and the `Authorization` and `Cookie` headers
 * are written as `[Redacted]`. Probes (`/healthz`, `/readyz`, `/metrics`) are not logged: they
 * arrive every few seconds and say nothing about users.
 */
import type { IncomingMessage } from 'node:http';
import type { Logger } from 'pino';
import { pinoHttp } from 'pino-http';

const REDACTED = '[Redacted]';
const PROBES = new Set(['/healthz', '/readyz', '/metrics']);
const SECRET_HEADERS = new Set(['authorization', 'cookie', 'proxy-authorization']);

/** `url` with the value of every `token` query parameter redacted. */
export function withoutTokens(url: string): string {
  return url.replace(/([?&;]token=)[^&#;]*/gi, `$1${REDACTED}`);
}

interface SerializedRequest {
  id: unknown;
  method: string;
  url: string;
  headers: Record<string, unknown>;
  remoteAddress?: string;
}

export function requestLog(log: Logger) {
  return pinoHttp({
    logger: log,
    autoLogging: { ignore: (req: IncomingMessage) => PROBES.has((req.url ?? '').split('?')[0]) },
    serializers: {
      // Already the standard serialization; only what names the request is kept, and no
      // `query` (it repeats the URL, token and all).
      req: (req: SerializedRequest) => {
        const headers: Record<string, unknown> = {};
        for (const [name, value] of Object.entries(req.headers)) {
          if (SECRET_HEADERS.has(name)) headers[name] = REDACTED;
          else if (name === 'referer' && typeof value === 'string')
            headers[name] = withoutTokens(value);
          else headers[name] = value;
        }
        return {
          id: req.id,
          method: req.method,
          url: withoutTokens(req.url),
          headers,
          remoteAddress: req.remoteAddress,
        };
      },
    },
  });
}
