/**
 * Comments on cards and frictions (`comments`: target id → `Y.Array` of comment maps). The
 * array of a target is created together with the target, so two people commenting at once
 * append to the same array instead of each creating one and one overwriting the other.
 */
import * as Y from 'yjs';
import {
  boardTypes,
  readString,
  recordAt,
  threadAt,
  threadComments,
  type BoardTypes,
  type RecordMap,
} from './layout.ts';
import { newId } from './ids.ts';
import { wellFormed } from './text.ts';

export interface CommentInit {
  id?: string;
  targetId: string;
  author: string;
  text: string;
  createdAt?: string;
  resolved?: boolean;
}

export interface CommentView {
  id: string;
  targetId: string;
  author: string;
  text: string;
  createdAt: string;
  resolved: boolean;
}

/** The comment thread of a target, created if missing; call inside a transaction. */
export function threadOf(types: BoardTypes, targetId: string): Y.Array<unknown> {
  let thread = threadAt(types.comments, targetId);
  if (!thread) {
    thread = new Y.Array<unknown>();
    types.comments.set(targetId, thread);
  }
  return thread;
}

export function removeThread(types: BoardTypes, targetId: string): void {
  if (types.comments.has(targetId)) types.comments.delete(targetId);
}

function readComment(map: RecordMap, targetId: string): CommentView {
  return {
    id: readString(map, 'id'),
    targetId,
    author: readString(map, 'author'),
    text: readString(map, 'text'),
    createdAt: readString(map, 'createdAt'),
    resolved: map.get('resolved') === true,
  };
}

/** Comments on one target, oldest first. */
export function listComments(doc: Y.Doc, targetId: string): CommentView[] {
  const thread = threadAt(boardTypes(doc).comments, targetId);
  return thread ? threadComments(thread).map((m) => readComment(m, targetId)) : [];
}

/** Every comment of the board, in a stable order (time, then id). */
export function listAllComments(doc: Y.Doc): CommentView[] {
  const out: CommentView[] = [];
  const { comments } = boardTypes(doc);
  for (const targetId of comments.keys()) {
    const thread = threadAt(comments, targetId);
    if (thread) for (const map of threadComments(thread)) out.push(readComment(map, targetId));
  }
  return out.sort((a, b) =>
    a.createdAt !== b.createdAt
      ? a.createdAt < b.createdAt
        ? -1
        : 1
      : a.id < b.id
        ? -1
        : a.id > b.id
          ? 1
          : 0,
  );
}

function findComment(types: BoardTypes, commentId: string): RecordMap {
  for (const targetId of types.comments.keys()) {
    const thread = threadAt(types.comments, targetId);
    for (const map of thread ? threadComments(thread) : [])
      if (readString(map, 'id') === commentId) return map;
  }
  throw new Error(`unknown comment "${commentId}"`);
}

export function addComment(doc: Y.Doc, init: CommentInit): string {
  const id = init.id ?? newId('m');
  doc.transact(() => {
    const types = boardTypes(doc);
    if (!recordAt(types.cards, init.targetId) && !recordAt(types.frictions, init.targetId)) {
      throw new Error(`unknown card or friction "${init.targetId}"`);
    }
    const map = new Y.Map<unknown>();
    map.set('id', id);
    map.set('author', wellFormed(init.author));
    map.set('text', wellFormed(init.text));
    map.set('createdAt', init.createdAt ?? new Date().toISOString());
    map.set('resolved', init.resolved ?? false);
    threadOf(types, init.targetId).push([map]);
  });
  return id;
}

export function editComment(doc: Y.Doc, commentId: string, text: string): void {
  doc.transact(() => findComment(boardTypes(doc), commentId).set('text', wellFormed(text)));
}

export function resolveComment(doc: Y.Doc, commentId: string, resolved = true): void {
  doc.transact(() => findComment(boardTypes(doc), commentId).set('resolved', resolved));
}

export function deleteComment(doc: Y.Doc, commentId: string): void {
  doc.transact(() => {
    const { comments } = boardTypes(doc);
    for (const targetId of comments.keys()) {
      const thread = threadAt(comments, targetId);
      if (!thread) continue;
      const i = thread
        .toArray()
        .findIndex((m) => m instanceof Y.Map && readString(m as RecordMap, 'id') === commentId);
      if (i >= 0) {
        thread.delete(i, 1);
        return;
      }
    }
    throw new Error(`unknown comment "${commentId}"`);
  });
}
