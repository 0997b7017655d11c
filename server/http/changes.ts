/**
 * What changed: the list of changes from a snapshot (`?since=`) to the live board
 * (`boardChanges`), so the web client can highlight them. Any role that may export may look.
 */
import type { Router } from 'express';
import { boardChanges, countChanges } from '../../shared/board/index.ts';
import { canExport } from '../../shared/roles.ts';
import type { BoardService } from '../boards/BoardService.ts';
import type { BoardAuth } from './auth.ts';
import { sinceSnapshot } from './snapshots.ts';

export function changesRoutes(
  api: Router,
  { auth, boards }: { auth: BoardAuth; boards: BoardService },
): void {
  api.get('/boards/:id/changes', async (req, res) => {
    auth(req, canExport, 'see what changed');
    const snapshot = await sinceSnapshot(req, boards, true);
    const changes = boardChanges(snapshot.board, await boards.read(String(req.params.id)));
    res.json({ since: snapshot.info, counts: countChanges(changes), changes });
  });
}
