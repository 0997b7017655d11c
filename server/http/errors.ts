/**
 * Errors at the HTTP edge: a route throws (`HttpError`, or a known error of the layers below;
 * express 5 passes an async handler's rejection on) and `errorHandler` — the one mapper —
 * answers `{ error: { code, message, ... } }` with a fitting status. No stack trace leaves
 * the server.
 */
import type { NextFunction, Request, Response } from 'express';
import type { Logger } from 'pino';
import { BoardValidationError } from '../../shared/board/index.ts';
import { BriefOptionsError } from '../export/index.ts';
import { BoardExistsError, BoardNotFoundError } from '../store/BoardStore.ts';
import { StorageUnavailableError } from '../store/health.ts';
import type { ThrottledLog } from '../log/throttle.ts';

export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    /** More fields for the error body (what the client should fix). */
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = 'HttpError';
  }
}

export const badRequest = (code: string, message: string) => new HttpError(400, code, message);
export const unauthorized = (message = 'missing or invalid token') =>
  new HttpError(401, 'unauthorized', message);
export const forbidden = (message: string) => new HttpError(403, 'forbidden', message);
export const notFound = (message: string) => new HttpError(404, 'not_found', message);

/**
 * The store is full or failing (`StorageUnavailableError`): 507 Insufficient Storage when it is
 * out of space, else 503, both with code `storage_unavailable`. The engine's message (paths,
 * hosts) stays in the log.
 */
export const storageUnavailable = (full: boolean) =>
  new HttpError(full ? 507 : 503, 'storage_unavailable', 'storage full or failing');

export function errorBody(
  code: string,
  message: string,
  details: Record<string, unknown> = {},
): { error: { code: string; message: string; [field: string]: unknown } } {
  return { error: { code, message, ...details } };
}

/** Any error as the HTTP error it answers with. */
export function httpErrorOf(error: unknown): HttpError {
  if (error instanceof HttpError) return error;
  // The first bad field's path alone, so a client can word the problem in its own language.
  if (error instanceof BoardValidationError)
    return new HttpError(400, 'invalid_board', error.message, { path: error.path });
  // An export option the brief cannot use (a date that is not one).
  if (error instanceof BriefOptionsError) return badRequest('invalid_option', error.message);
  if (error instanceof BoardNotFoundError) return notFound(error.message);
  if (error instanceof BoardExistsError) return new HttpError(409, 'exists', error.message);
  if (error instanceof StorageUnavailableError) return storageUnavailable(error.failure.full);
  const e = error as { type?: string; status?: number; message?: string };
  if (e?.type === 'entity.too.large')
    return new HttpError(413, 'too_large', 'the request body is too large');
  if (e?.type === 'entity.parse.failed')
    return badRequest('invalid_json', 'the request body is not valid JSON');
  if (typeof e?.status === 'number' && e.status >= 400 && e.status < 500)
    return new HttpError(e.status, 'bad_request', e.message ?? 'bad request');
  return new HttpError(500, 'internal', 'something went wrong on the server');
}

/** The last middleware: logs what the server must look at, answers with the error body. */
export function errorHandler(log: Logger, throttled: ThrottledLog) {
  return (error: unknown, req: Request, res: Response, _next: NextFunction): void => {
    const http = httpErrorOf(error);
    if (error instanceof StorageUnavailableError)
      throttled('error', { err: error, path: req.path }, 'request failed: storage full or failing');
    else if (http.status >= 500) log.error({ err: error, path: req.path }, 'request failed');
    if (res.headersSent) return;
    res.status(http.status).json(errorBody(http.code, http.message, http.details));
  };
}
