/**
 * Snapshots, the named versions of a board: list (any role), take and restore (facilitator),
 * and a snapshot's board as BoardJSON. `?since=<snapshot id>` — what changed, the brief's
 * changes annex — is read here too, so both ask for it the same way.
 */
import type { Request, Router } from 'express';
import { canExport, canFacilitate } from '../../shared/roles.ts';
import type { BoardService } from '../boards/BoardService.ts';
import type { BoardAuth } from './auth.ts';
import { notFound } from './errors.ts';
import { ChangesQuery, parseRequest, SnapshotBody } from './schemas.ts';

type FoundSnapshot = NonNullable<Awaited<ReturnType<BoardService['snapshotBoard']>>>;

/** The snapshot named by `sid`, or a 404 that says which one is missing. */
export async function findSnapshot(
  boards: BoardService,
  id: string,
  sid: string,
): Promise<FoundSnapshot> {
  if (!(await boards.info(id))) throw notFound(`no board "${id}"`);
  const found = await boards.snapshotBoard(id, sid);
  if (!found) throw notFound(`no snapshot "${sid.slice(0, 80)}" on this board`);
  return found;
}

/**
 * The snapshot `?since=` names on the board in `:id`; without `since`, undefined unless
 * `required`. Anything but a snapshot id is a 400 `invalid_since`, an unknown one a 404.
 */
export function sinceSnapshot(
  req: Request,
  boards: BoardService,
  required: true,
): Promise<FoundSnapshot>;
export function sinceSnapshot(
  req: Request,
  boards: BoardService,
  required: false,
): Promise<FoundSnapshot | undefined>;
export async function sinceSnapshot(
  req: Request,
  boards: BoardService,
  required: boolean,
): Promise<FoundSnapshot | undefined> {
  if (req.query.since === undefined && !required) return undefined;
  const { since } = parseRequest(ChangesQuery, req.query, {
    since: 'invalid_since',
    other: 'invalid_since',
  });
  return findSnapshot(boards, String(req.params.id), since);
}

export function snapshotRoutes(
  api: Router,
  { auth, boards }: { auth: BoardAuth; boards: BoardService },
): void {
  api.get('/boards/:id/snapshots', async (req, res) => {
    auth(req, canExport, 'list snapshots');
    const id = String(req.params.id);
    if (!(await boards.info(id))) throw notFound(`no board "${id}"`);
    res.json({ snapshots: await boards.listSnapshots(id) });
  });

  api.post('/boards/:id/snapshots', async (req, res) => {
    auth(req, canFacilitate, 'take snapshots');
    const { label } = parseRequest(SnapshotBody, req.body ?? {}, {
      label: 'invalid_label',
      other: 'invalid_body',
    });
    res.status(201).json(await boards.snapshot(String(req.params.id), label));
  });

  api.post('/boards/:id/snapshots/:sid/restore', async (req, res) => {
    auth(req, canFacilitate, 'restore snapshots');
    const restored = await boards.restore(String(req.params.id), String(req.params.sid));
    if (!restored) throw notFound(`no snapshot "${String(req.params.sid).slice(0, 80)}"`);
    res.json(restored);
  });

  api.get('/boards/:id/snapshots/:sid/board', async (req, res) => {
    auth(req, canExport, 'read snapshots');
    const { board } = await findSnapshot(boards, String(req.params.id), String(req.params.sid));
    res.json(board);
  });
}
