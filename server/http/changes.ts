/**
 * "What changed" over REST: a snapshot's board as BoardJSON, and the list of changes from a
 * snapshot to the live board (`boardChanges`), so the web client can highlight them. Any
 * role that may export may look; an unknown snapshot is a 404 naming it.
 */
import type { Request, Response, Router } from 'express';
import { boardChanges, countChanges } from '../../shared/board/index.ts';
import { canExport } from '../../shared/roles.ts';
import type { BoardService } from '../boards/BoardService.ts';
import type { BoardAuth } from './app.ts';
import { badRequest, notFound } from './errors.ts';

/** The snapshot named by `sid`, or a 404 that says which one is missing. */
export async function findSnapshot(boards: BoardService, id: string, sid: string) {
  if (!(await boards.info(id))) throw notFound(`no board "${id}"`);
  const found = await boards.snapshotBoard(id, sid);
  if (!found) throw notFound(`no snapshot "${sid.slice(0, 80)}" on this board`);
  return found;
}

export function changesRoutes(api: Router, auth: BoardAuth, boards: BoardService): void {
  const wrap =
    (handler: (req: Request, res: Response) => Promise<void>) =>
    (req: Request, res: Response, next: (e?: unknown) => void) => {
      handler(req, res).catch(next);
    };

  api.get(
    '/boards/:id/snapshots/:sid/board',
    wrap(async (req, res) => {
      auth(req, canExport, 'read snapshots');
      const { board } = await findSnapshot(boards, String(req.params.id), String(req.params.sid));
      res.json(board);
    }),
  );

  api.get(
    '/boards/:id/changes',
    wrap(async (req, res) => {
      auth(req, canExport, 'see what changed');
      const id = String(req.params.id);
      const since = req.query.since;
      if (typeof since !== 'string' || !since) {
        throw badRequest('invalid_since', 'since must name a snapshot id (?since=<snapshot id>)');
      }
      const snapshot = await findSnapshot(boards, id, since);
      const changes = boardChanges(snapshot.board, await boards.read(id));
      res.json({ since: snapshot.info, counts: countChanges(changes), changes });
    }),
  );
}
