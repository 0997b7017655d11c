/**
 * The board's title, subtitle and provenance (`meta`), and the board-level texts of the brief:
 * the facilitator's key judgements (a `Y.Text`, so two facilitators editing merge), where the
 * content comes from (`provenance`, a plain object) and the board's `language`. Read
 * defensively: boards written before these keys have none of them.
 */
import * as Y from 'yjs';
import { boardTypes } from './layout.ts';
import { replaceText, wellFormed } from './text.ts';
import { clip, isBoardLanguage, LIMITS, type BoardLanguage } from './format.ts';

export const PROVENANCE_FIELDS = ['source', 'author', 'publisher', 'date', 'asOf'] as const;
export type Provenance = Partial<Record<(typeof PROVENANCE_FIELDS)[number], string>>;

export interface BoardMeta {
  title: string;
  subtitle: string;
  createdAt: string;
  template: string;
  keyJudgements: string;
  /** Null when the board records none. */
  provenance: Provenance | null;
  /** Null when the board does not say (readers default to "en"). */
  language: BoardLanguage | null;
}

const KEY_JUDGEMENTS = 'keyJudgements';

function readProvenance(value: unknown): Provenance | null {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return null;
  const out: Provenance = {};
  for (const field of PROVENANCE_FIELDS) {
    const v = (value as Record<string, unknown>)[field];
    if (typeof v === 'string' && v.trim()) out[field] = clip(v, LIMITS.shortText);
  }
  return Object.keys(out).length ? out : null;
}

export function readMeta(doc: Y.Doc): BoardMeta {
  const meta = boardTypes(doc).meta as Y.Map<unknown>;
  const get = (key: string) => {
    const v = meta.get(key);
    return typeof v === 'string' ? v : '';
  };
  const judgements = meta.get(KEY_JUDGEMENTS);
  const language = meta.get('language');
  return {
    title: get('title'),
    subtitle: get('subtitle'),
    createdAt: get('createdAt'),
    template: get('template'),
    keyJudgements:
      judgements instanceof Y.Text
        ? judgements.toString()
        : typeof judgements === 'string'
          ? judgements
          : '',
    provenance: readProvenance(meta.get('provenance')),
    language: isBoardLanguage(language) ? language : null,
  };
}

export function setTitle(doc: Y.Doc, title: string): void {
  doc.transact(() => boardTypes(doc).meta.set('title', wellFormed(title)));
}

export function setSubtitle(doc: Y.Doc, subtitle: string): void {
  doc.transact(() => boardTypes(doc).meta.set('subtitle', wellFormed(subtitle)));
}

/** Replaces the key judgements by the smallest edit (created on first write), at most 50,000 chars. */
export function setKeyJudgements(doc: Y.Doc, text: string): void {
  const value = clip(wellFormed(text), LIMITS.longText);
  doc.transact(() => {
    const meta = boardTypes(doc).meta;
    const current = meta.get(KEY_JUDGEMENTS);
    if (current instanceof Y.Text) replaceText(current, value);
    else meta.set(KEY_JUDGEMENTS, new Y.Text(value));
  });
}

/** Sets where the content comes from and the board's language (imports and seeds). */
export function writeProvenance(
  doc: Y.Doc,
  provenance: Provenance | undefined,
  language: BoardLanguage | undefined,
): void {
  doc.transact(() => {
    const meta = boardTypes(doc).meta;
    const clean = readProvenance(provenance);
    if (clean) {
      const out: Provenance = {};
      for (const [k, v] of Object.entries(clean)) out[k as keyof Provenance] = wellFormed(v);
      meta.set('provenance', out);
    }
    if (language) meta.set('language', language);
  });
}

/**
 * Makes the brief's board-level fields match a board being restored: what the restored board
 * lacks is removed, what it has is written (the key judgements by the smallest edit).
 */
export function restoreBriefMeta(
  doc: Y.Doc,
  board: { keyJudgements?: string; provenance?: Provenance; language?: BoardLanguage },
): void {
  const meta = boardTypes(doc).meta;
  const now = readMeta(doc);
  if (board.keyJudgements || meta.has(KEY_JUDGEMENTS))
    setKeyJudgements(doc, board.keyJudgements ?? '');
  const provenance = readProvenance(board.provenance);
  if (!provenance) {
    if (meta.has('provenance')) meta.delete('provenance');
  } else if (JSON.stringify(provenance) !== JSON.stringify(now.provenance)) {
    writeProvenance(doc, provenance, undefined);
  }
  if (!board.language) {
    if (meta.has('language')) meta.delete('language');
  } else if (board.language !== now.language) meta.set('language', board.language);
}
