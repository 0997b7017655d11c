/**
 * Board templates: the blank board and the seed boards under `seeds/`. Seeds are read once,
 * validated with the same schema as any import, and never edited at run time.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseBoardJson, type BoardJSON } from '../../shared/board/index.ts';

/** The seed boards: the U.S.–Japan board in English and the same board in Japanese (same ids). */
export const TEMPLATES = [
  'blank',
  'us-japan-economic-security',
  'us-japan-economic-security-ja',
] as const;
export type TemplateName = (typeof TEMPLATES)[number];

const SEEDS_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../seeds');

const cache = new Map<TemplateName, BoardJSON>();

export function isTemplateName(value: unknown): value is TemplateName {
  return typeof value === 'string' && (TEMPLATES as readonly string[]).includes(value);
}

function blankBoard(): BoardJSON {
  return parseBoardJson({
    format: 'briefing-board',
    version: 1,
    id: 'blank',
    title: 'Untitled board',
    subtitle: '',
    template: 'blank',
    columns: [
      { id: 'us', label: 'United States', country: 'US' },
      { id: 'jp', label: 'Japan', country: 'JP' },
      { id: 'joint', label: 'U.S.–Japan (joint)', country: 'US-JP' },
    ],
    rows: [{ id: 'theme-1', title: 'First theme', summary: '' }],
    cards: [],
    frictions: [],
    sources: [],
    comments: [],
  });
}

/** The template's BoardJSON (a fresh copy each time). */
export function loadTemplate(name: TemplateName): BoardJSON {
  let board = cache.get(name);
  if (!board) {
    board =
      name === 'blank'
        ? blankBoard()
        : parseBoardJson(JSON.parse(fs.readFileSync(path.join(SEEDS_DIR, `${name}.json`), 'utf8')));
    cache.set(name, board);
  }
  return structuredClone(board);
}
