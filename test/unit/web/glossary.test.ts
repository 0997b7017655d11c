/**
 * The Japanese interface and brief follow web/src/lib/i18n/GLOSSARY.md: one term per concept
 * (ブリーフィング資料 never ブリーフ alone, 発表 never プレゼン, …), full-width punctuation, and
 * no English sentence left in a Japanese string.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ja } from '../../../web/src/lib/i18n/ja.ts';
import { WORDING } from '../../../server/export/wording.ts';
import { loadTemplate } from '../../../server/boards/templates.ts';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

function flatten(tree: object, prefix = ''): Map<string, string> {
  const out = new Map<string, string>();
  for (const [key, value] of Object.entries(tree)) {
    const at = prefix ? `${prefix}.${key}` : key;
    if (typeof value === 'string') out.set(at, value);
    else if (typeof value === 'function') {
      // The brief's wording functions, with sample arguments of the shapes they take.
      const counts = { added: 1, edited: 2, moved: 3, removed: 4 };
      for (const args of [[2, 3, 4, 5], [['A', 'B']], [counts]]) {
        try {
          out.set(at, String((value as (...a: unknown[]) => unknown)(...args)));
          break;
        } catch {
          // Not this shape; try the next.
        }
      }
    } else if (value && typeof value === 'object') {
      for (const [k, v] of flatten(value as object, at)) out.set(k, v);
    }
  }
  return out;
}

/** What the glossary forbids in Japanese text, and why. */
const FORBIDDEN: { pattern: RegExp; why: string }[] = [
  { pattern: /ブリーフ(?!ィング)/, why: 'brief is ブリーフィング資料' },
  { pattern: /プレゼン/, why: 'present is 発表' },
  { pattern: /ロビー/, why: 'the lobby is トップページ or ボード一覧' },
  { pattern: /アジェンダ/, why: 'agenda is 進行表' },
  { pattern: /接続中/, why: 'connected is 接続済み' },
  { pattern: /模造紙/, why: 'no metaphors the room must decode' },
  { pattern: /\(|\)/, why: 'full-width （ ）' },
  { pattern: /:(?!\/\/)/, why: 'full-width ：' },
  { pattern: /\?/, why: 'full-width ？' },
  { pattern: /·/, why: 'the middle dot is ・' },
  // Three Latin words in a row are an English phrase (names like "Ctrl+Enter" or "PDF" are fine).
  { pattern: /[A-Za-z]{2,}(?:[ ,.'’]+[A-Za-z]{2,}){2,}/, why: 'no English sentence' },
];

function problemsIn(messages: Map<string, string>): string[] {
  const problems: string[] = [];
  for (const [key, text] of messages) {
    for (const { pattern, why } of FORBIDDEN) {
      if (pattern.test(text)) problems.push(`${key}: ${why}: ${text}`);
    }
  }
  return problems;
}

describe('the Japanese glossary', () => {
  const ui = flatten(ja);
  const brief = flatten(WORDING.ja);

  it('exists beside the messages', () => {
    const glossary = fs.readFileSync(path.join(ROOT, 'web/src/lib/i18n/GLOSSARY.md'), 'utf8');
    for (const term of [
      'ブリーフィング資料',
      '編集ロック',
      '進行表',
      'ドット投票',
      '現時点を保存',
    ]) {
      expect(glossary).toContain(term);
    }
  });

  it('is followed by every Japanese interface message', () => {
    expect(problemsIn(ui)).toEqual([]);
  });

  it('is followed by the Japanese brief', () => {
    expect(problemsIn(brief)).toEqual([]);
    expect([...brief.values()].join()).not.toMatch(/進行役|対処中/);
  });

  it('uses its terms where the issue found others', () => {
    expect(ui.get('connection.connected')).toBe('接続済み');
    expect(ui.get('changes.take')).toBe('現時点を保存');
    expect(ui.get('comments.reopen')).toBe('未解決に戻す');
    expect(ui.get('agenda.agenda')).toBe('進行表');
    expect(ui.get('facilitation.brief')).toBe('ブリーフィング資料');
    expect(ui.get('lock.locked')).toBe('編集ロック中');
    expect(ui.get('facilitation.openVote')).not.toBe(ui.get('facilitation.startVote'));
    expect(ui.get('inspector.tagsPlaceholder')).toMatch(/[\u3040-\u30ff\u4e00-\u9fff]/);
    // The same status and kind words in the interface and the brief.
    expect(ui.get('status.managed')).toBe(WORDING.ja.statuses.managed);
    expect(ui.get('kind.institution')).toBe(WORDING.ja.kinds.institution);
  });

  it('catches what it forbids (the checks are not vacuous)', () => {
    const bad = new Map([
      ['a', 'ブリーフ(PDF)'],
      ['b', '削除しますか?'],
      ['c', '例:半導体'],
      ['d', 'A · B'],
      ['e', 'Only a facilitator can do this.'],
      ['f', 'プレゼンを開始'],
    ]);
    expect(problemsIn(bad).map((p) => p.split(':')[0])).toEqual(
      expect.arrayContaining(['a', 'b', 'c', 'd', 'e', 'f']),
    );
    expect(
      problemsIn(new Map([['ok', 'リンクは http:// で始めてください（Ctrl+Enter）。']])),
    ).toEqual([]);
  });
});

describe('the blank template', () => {
  it('speaks the creator’s language', () => {
    const board = loadTemplate('blank', 'ja');
    expect(board.title).toBe('無題のボード');
    expect(board.rows.map((r) => r.title)).toEqual(['最初のテーマ']);
    expect(board.columns.map((c) => [c.label, c.country])).toEqual([
      ['米国', 'US'],
      ['日本', 'JP'],
      ['日米共同', 'US-JP'],
    ]);
    // The same ids in both languages; English stays the default.
    const english = loadTemplate('blank');
    expect(english.title).toBe('Untitled board');
    expect(english.columns.map((c) => c.id)).toEqual(board.columns.map((c) => c.id));
    expect(english.rows[0].title).toBe('First theme');
  });
});
