/**
 * The lobby's calls to the REST API (same origin): creating a board from a template or from an
 * imported BoardJSON. Errors come back as `{ error: { code, message } }` and become an
 * `ApiError` worded from the code in the reader's language (an import's names the first bad
 * field's path).
 */
import type { Role } from '$shared/roles.ts';
import { translate } from '$lib/i18n/index.ts';
import { ApiError, apiErrorOf, fetchOrFail } from '$lib/ui/errors.ts';

export { ApiError };

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
  /** The creator's interface language: the blank board's title, theme and sides are in it. */
  lang?: 'en' | 'ja';
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

export async function createBoard(body: CreateBoardBody): Promise<CreatedBoard> {
  const response = await fetchOrFail('/api/boards', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  if (!response.ok) throw await apiErrorOf(response);
  const payload: unknown = await response.json().catch(() => null);
  if (!isCreatedBoard(payload))
    throw new ApiError(response.status, 'bad_response', translate('api.badResponse'));
  return {
    id: payload.id,
    title: typeof payload.title === 'string' ? payload.title : payload.id,
    tokens: payload.tokens,
    links: payload.links,
  };
}
