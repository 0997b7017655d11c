/**
 * One place that words failures for a person, in the interface's language, from codes:
 * facilitation refusals (`shared/facilitation/refusals.ts`), agenda steps that cannot be
 * written (`AgendaStepError`), HTTP error bodies (`{ error: { code, message } }`) and network
 * failures ("Failed to fetch"). A server's English `message` is for API users and never shown.
 */
import { translate } from '$lib/i18n/index.ts';
import { isRefusalCode } from '$shared/facilitation/refusals.ts';

/** A failed API call; `message` is already worded for the reader. */
export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  constructor(status: number, code: string, message: string) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
  }
}

type Values = Record<string, string | number>;

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** Only plain values reach a message (a server's object could not be shown anyway). */
function valuesOf(params: unknown): Values {
  const out: Values = {};
  if (!isRecord(params)) return out;
  for (const [key, value] of Object.entries(params)) {
    if (typeof value === 'string' || typeof value === 'number') out[key] = value;
  }
  return out;
}

/** What a facilitation refusal (an acknowledgement's `code` and `params`) says to the reader. */
export function refusalMessage(refusal: { code?: unknown; params?: unknown }): string {
  const code = refusal.code;
  if (!isRefusalCode(code)) return translate('errors.refusal.unknown');
  const values = valuesOf(refusal.params);
  if (code === 'facilitator_only') {
    const command = String(values.command ?? '').replace(/[:-]/g, '_');
    const key = `errors.action.${command}`;
    const action = translate(key);
    return translate('errors.refusal.facilitator_only', {
      action: action === key ? translate('errors.action.unknown') : action,
    });
  }
  if (code === 'invalid_timer') values.hours = Math.round(Number(values.max) / 3600);
  return translate(`errors.refusal.${code}`, values);
}

/** What a failed agenda edit says: its `AgendaStepError` code, else "changed meanwhile". */
export function agendaStepMessage(error: unknown): string {
  const code =
    isRecord(error) || error instanceof Error ? (error as { code?: unknown }).code : null;
  if (typeof code === 'string') {
    const key = `errors.step.${code}`;
    const message = translate(key, valuesOf((error as { params?: unknown }).params));
    if (message !== key) return message;
  }
  return translate('write.failed');
}

/** What an HTTP error response says: by its body's `error.code`, else by its status. */
export function apiErrorMessage(status: number, body: unknown): string {
  const error = isRecord(body) && isRecord(body.error) ? body.error : {};
  const code = typeof error.code === 'string' ? error.code : '';
  if (status === 429) return translate('api.rateLimited');
  if (code === 'invalid_board') {
    const path = typeof error.path === 'string' ? error.path.slice(0, 120) : '';
    return path
      ? translate('errors.http.invalid_board', { path })
      : translate('errors.http.invalid_board_whole');
  }
  if (code && code !== 'internal' && /^[a-z_]+$/.test(code)) {
    const key = `errors.http.${code}`;
    const message = translate(key, { status });
    if (message !== key) return message;
  }
  if (status >= 500) return translate('errors.http.internal', { status });
  return translate('api.failed', { status });
}

/** An `ApiError` for a failed response (its body read as JSON when it is). */
export async function apiErrorOf(response: Response): Promise<ApiError> {
  const body: unknown = await response.json().catch(() => null);
  const error = isRecord(body) && isRecord(body.error) ? body.error : {};
  const code = typeof error.code === 'string' ? error.code : 'error';
  return new ApiError(response.status, code, apiErrorMessage(response.status, body));
}

/** `fetch`, with a network failure ("Failed to fetch") as an `ApiError` worded for the reader. */
export async function fetchOrFail(input: string, init?: RequestInit): Promise<Response> {
  try {
    return await fetch(input, init);
  } catch {
    throw new ApiError(0, 'network', translate('api.network'));
  }
}

/** Any failure caught in the interface, worded for the reader (never its English message). */
export function failureMessage(error: unknown): string {
  if (error instanceof ApiError) return error.message;
  // fetch's network failure (TypeError "Failed to fetch", "NetworkError when attempting…").
  if (error instanceof TypeError && /fetch|network/i.test(error.message)) {
    return translate('api.network');
  }
  return translate('errors.unexpected');
}
