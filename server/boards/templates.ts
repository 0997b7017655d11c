/**
 * Board templates: the blank board and the seed boards under `seeds/`. Seeds are read once,
 * validated with the same schema as any import, and never edited at run time.
 */
import fs from 'node:fs';
import path from 'node:path';
import { parseBoardJson, type BoardJSON } from '../../shared/board/index.ts';
import { ROOT } from '../paths.ts';

/** The seed boards: the U.S.–Japan board in English and the same board in Japanese (same ids). */
export const TEMPLATES = [
  'blank',
  'us-japan-economic-security',
  'us-japan-economic-security-ja',
] as const;
export type TemplateName = (typeof TEMPLATES)[number];

const SEEDS_DIR = path.join(ROOT, 'seeds');

const cache = new Map<string, BoardJSON>();

export function isTemplateName(value: unknown): value is TemplateName {
  return typeof value === 'string' && (TEMPLATES as readonly string[]).includes(value);
}

/** The language a blank board is written in: its creator's interface language. */
export const TEMPLATE_LANGUAGES = ['en', 'ja'] as const;
export type TemplateLanguage = (typeof TEMPLATE_LANGUAGES)[number];

export function isTemplateLanguage(value: unknown): value is TemplateLanguage {
  return typeof value === 'string' && (TEMPLATE_LANGUAGES as readonly string[]).includes(value);
}

/** The blank board's words in each language (the Japanese follow web/src/lib/i18n/GLOSSARY.md). */
const BLANK_WORDS: Record<
  TemplateLanguage,
  { title: string; theme: string; us: string; jp: string; joint: string }
> = {
  en: {
    title: 'Untitled board',
    theme: 'First theme',
    us: 'United States',
    jp: 'Japan',
    joint: 'U.S.–Japan (joint)',
  },
  ja: { title: '無題のボード', theme: '最初のテーマ', us: '米国', jp: '日本', joint: '日米共同' },
};

function blankBoard(lang: TemplateLanguage): BoardJSON {
  const words = BLANK_WORDS[lang];
  return parseBoardJson({
    format: 'briefing-board',
    version: 1,
    id: 'blank',
    title: words.title,
    subtitle: '',
    template: 'blank',
    columns: [
      { id: 'us', label: words.us, country: 'US' },
      { id: 'jp', label: words.jp, country: 'JP' },
      { id: 'joint', label: words.joint, country: 'US-JP' },
    ],
    rows: [{ id: 'theme-1', title: words.theme, summary: '' }],
    cards: [],
    frictions: [],
    sources: [],
    comments: [],
  });
}

/**
 * The template's BoardJSON (a fresh copy each time). `lang` picks the blank board's language;
 * each seed board is written in one language (its name says which).
 */
export function loadTemplate(name: TemplateName, lang: TemplateLanguage = 'en'): BoardJSON {
  const key = name === 'blank' ? `blank:${lang}` : name;
  let board = cache.get(key);
  if (!board) {
    board =
      name === 'blank'
        ? blankBoard(lang)
        : parseBoardJson(JSON.parse(fs.readFileSync(path.join(SEEDS_DIR, `${name}.json`), 'utf8')));
    cache.set(key, board);
  }
  return structuredClone(board);
}
