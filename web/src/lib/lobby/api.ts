/**
 * The lobby's calls to the REST API (same origin): creating a board from a template or from an
 * imported BoardJSON. Errors come back as `{ error: { code, message } }` and become an Error
 * whose message a person can act on (the server names the first bad field of an import).
 */
import type { Role } from '$shared/roles.ts';
import { translate } from '$lib/i18n/index.ts';

export interface CreatedBoard {
  id: string;
  title: string;
  tokens: Record<Role, string>;
  links: Record<Role, string>;
}

export interface CreateBoardBody {
  title?: string;
  template?: 'us-japan-economic-security' | 'us-japan-economic-security-ja' | 'blank';
  board?: unknown;
}

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

/** The `{ error: { code, message } }` of a failed response, if it has one. */
export function readApiError(body: unknown): { code: string; message: string } | null {
  if (!body || typeof body !== 'object') return null;
  const error = (body as { error?: unknown }).error;
  if (!error || typeof error !== 'object') return null;
  const { code, message } = error as { code?: unknown; message?: unknown };
  if (typeof message !== 'string') return null;
  return { code: typeof code === 'string' ? code : 'error', message };
}

function isCreatedBoard(body: unknown): body is CreatedBoard {
  if (!body || typeof body !== 'object') return false;
  const b = body as Record<string, unknown>;
  return (
    typeof b.id === 'string' &&
    typeof b.tokens === 'object' &&
    b.tokens !== null &&
    typeof b.links === 'object' &&
    b.links !== null
  );
}

export async function createBoard(
  body: CreateBoardBody,
  fetcher: typeof fetch = fetch,
): Promise<CreatedBoard> {
  let response: Response;
  try {
    response = await fetcher('/api/boards', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
  } catch {
    throw new ApiError(0, 'network', translate('api.network'));
  }
  const payload: unknown = await response.json().catch(() => null);
  if (!response.ok) {
    const error = readApiError(payload);
    if (response.status === 429) {
      throw new ApiError(429, error?.code ?? 'rate_limited', translate('api.rateLimited'));
    }
    throw new ApiError(
      response.status,
      error?.code ?? 'error',
      error?.message ?? translate('api.failed', { status: response.status }),
    );
  }
  if (!isCreatedBoard(payload))
    throw new ApiError(response.status, 'bad_response', translate('api.badResponse'));
  return {
    id: payload.id,
    title: typeof payload.title === 'string' ? payload.title : payload.id,
    tokens: payload.tokens,
    links: payload.links,
  };
}
