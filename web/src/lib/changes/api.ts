/**
 * The REST calls behind "what changed" and the evidence check (same origin, the board's token
 * as a bearer): list and take snapshots, read a snapshot's board, and see whether the brief
 * is blocked by the evidence check. A failed call throws an `ApiError` worded from its code in
 * the reader's language (a network failure too).
 */
import type { BoardJSON } from '$shared/board/index.ts';
import { apiErrorOf, fetchOrFail } from '$lib/ui/errors.ts';

export interface SnapshotInfo {
  id: string;
  label: string;
  createdAt: string;
}

/** A measure the evidence check found without a source. */
export interface UnsourcedCard {
  id: string;
  title: string;
}

function boardUrl(boardId: string, rest: string): string {
  return `/api/boards/${encodeURIComponent(boardId)}/${rest}`;
}

async function call(url: string, token: string, init: RequestInit = {}): Promise<Response> {
  const res = await fetchOrFail(url, {
    ...init,
    headers: { ...init.headers, authorization: `Bearer ${token}` },
  });
  if (!res.ok) throw await apiErrorOf(res);
  return res;
}

/** The board's snapshots, newest first. */
export async function listSnapshots(boardId: string, token: string): Promise<SnapshotInfo[]> {
  const res = await call(boardUrl(boardId, 'snapshots'), token);
  return ((await res.json()) as { snapshots: SnapshotInfo[] }).snapshots;
}

export async function takeSnapshot(
  boardId: string,
  token: string,
  label: string,
): Promise<SnapshotInfo> {
  const res = await call(boardUrl(boardId, 'snapshots'), token, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ label }),
  });
  return (await res.json()) as SnapshotInfo;
}

export async function snapshotBoard(
  boardId: string,
  token: string,
  snapshotId: string,
): Promise<BoardJSON> {
  const res = await call(
    boardUrl(boardId, `snapshots/${encodeURIComponent(snapshotId)}/board`),
    token,
  );
  // The validator (zod) loads only when someone compares with a snapshot.
  const { parseBoardJson } = await import('$shared/board/schema.ts');
  return parseBoardJson(await res.json());
}

/**
 * The measures blocking export, or null when the brief may be exported. Asks the HTML export
 * (the brief page shows it anyway): a 409 `sources_required` lists them.
 */
export async function exportBlockedBy(
  boardId: string,
  token: string,
): Promise<UnsourcedCard[] | null> {
  const res = await fetch(boardUrl(boardId, 'export.html'), {
    headers: { authorization: `Bearer ${token}` },
  });
  if (res.status !== 409) return null;
  const body = (await res.json().catch(() => null)) as {
    error?: { code?: string; cards?: UnsourcedCard[] };
  } | null;
  return body?.error?.code === 'sources_required' ? (body.error.cards ?? []) : null;
}
