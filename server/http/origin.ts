/**
 * Which browser origins may open a WebSocket or call the API from another page: the server's
 * own host, loopback, and ALLOWED_ORIGINS. Requests without an Origin (scripts, stock Node
 * clients) are not browsers and pass; their token is what guards them.
 */
import type { IncomingMessage } from 'node:http';

const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]']);

export function isOriginAllowed(request: IncomingMessage, allowed: readonly string[]): boolean {
  const origin = request.headers.origin;
  if (!origin) return true;
  if (allowed.includes('*') || allowed.includes(origin)) return true;
  let parsed: URL;
  try {
    parsed = new URL(origin);
  } catch {
    return false;
  }
  if (LOOPBACK.has(parsed.hostname)) return true;
  return parsed.host === request.headers.host;
}
