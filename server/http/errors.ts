/**
 * Errors at the HTTP edge become `{ error: { code, message } }` with a fitting status; no stack
 * trace leaves the server.
 */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
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
): { error: { code: string; message: string } } {
  return { error: { code, message } };
}
