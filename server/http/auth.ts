/**
 * Who is asking, for a route under `/boards/:id`: the share-link token from
 * `Authorization: Bearer` or `?token=`, checked for that board, then the role's right to act.
 */
import type { Request } from 'express';
import { isValidId } from '../../shared/board/index.ts';
import type { Role } from '../../shared/roles.ts';
import type { BoardTokens } from '../auth/tokens.ts';
import { forbidden, notFound, unauthorized } from './errors.ts';

/** Checks the request's token for the board in `:id`; returns the role, or throws 401/403/404. */
export type BoardAuth = (req: Request, allowed: (role: Role) => boolean, action: string) => Role;

function tokenOf(req: Request): string | null {
  const header = req.get('authorization');
  if (header?.startsWith('Bearer ')) return header.slice(7).trim();
  const query = req.query.token;
  return typeof query === 'string' ? query : null;
}

export function boardAuth(tokens: BoardTokens): BoardAuth {
  return (req, allowed, action) => {
    const id = String(req.params.id);
    if (!isValidId(id)) throw notFound('no such board: the id is not valid');
    const check = tokens.check(tokenOf(req), id);
    if (!check.ok) {
      if (check.reason === 'other-board') throw forbidden('this token belongs to another board');
      throw unauthorized(check.reason === 'missing' ? 'a token is required' : 'invalid token');
    }
    if (!allowed(check.role)) throw forbidden(`a ${check.role} may not ${action}`);
    return check.role;
  };
}
