/** The board's title, subtitle and provenance (`meta`). */
import type * as Y from 'yjs';
import { boardTypes } from './layout.ts';
import { wellFormed } from './text.ts';

export interface BoardMeta {
  title: string;
  subtitle: string;
  createdAt: string;
  template: string;
}

export function readMeta(doc: Y.Doc): BoardMeta {
  const meta = boardTypes(doc).meta as Y.Map<unknown>;
  const get = (key: string) => {
    const v = meta.get(key);
    return typeof v === 'string' ? v : '';
  };
  return {
    title: get('title'),
    subtitle: get('subtitle'),
    createdAt: get('createdAt'),
    template: get('template'),
  };
}

export function setTitle(doc: Y.Doc, title: string): void {
  doc.transact(() => boardTypes(doc).meta.set('title', wellFormed(title)));
}

export function setSubtitle(doc: Y.Doc, subtitle: string): void {
  doc.transact(() => boardTypes(doc).meta.set('subtitle', wellFormed(subtitle)));
}
