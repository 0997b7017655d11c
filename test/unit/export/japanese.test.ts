/**
 * The Japanese brief speaks Japanese: from a board written entirely in Japanese, with every
 * annex (vote results, open comments, the evidence check, changes since a snapshot), the PDF's
 * text as poppler extracts it holds no Latin word but the board's own addresses.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { briefToPdf } from '../../../server/export/index.ts';
import { parseBoardJson, type BoardJSON } from '../../../shared/board/index.ts';

const card = (id: string, rowId: string, columnId: string, title: string, sourceIds: string[]) => ({
  id,
  rowId,
  columnId,
  title,
  body: `${title}の説明。`,
  kind: 'promotion' as const,
  year: 2022,
  amount: '5兆円',
  tags: ['半導体'],
  sourceIds,
});

function before(): BoardJSON {
  return parseBoardJson({
    format: 'briefing-board',
    version: 1,
    id: 'ja',
    title: '日米の経済安全保障',
    subtitle: '比較のためのボード',
    createdAt: '2024-05-01T00:00:00.000Z',
    keyJudgements: '振興が先に立ち、保護が支える [1]。',
    columns: [
      { id: 'us', label: '米国', country: 'US' },
      { id: 'jp', label: '日本', country: 'JP' },
      { id: 'joint', label: '日米', country: 'US-JP' },
    ],
    rows: [
      { id: 'r1', title: '振興', summary: '補助金と基金。' },
      { id: 'r2', title: '保護', summary: '輸出管理と審査。' },
    ],
    cards: [
      card('c1', 'r1', 'us', '半導体補助法', ['s1']),
      card('c2', 'r1', 'us', '', []),
      card('c3', 'r1', 'jp', '経済安全保障推進法', ['s2']),
      card('c4', 'r2', 'us', '輸出管理', ['s1', 's2']),
      card('c5', 'r2', 'jp', '外為法の審査', []),
    ],
    frictions: [
      {
        id: 'f1',
        title: '管理の整合',
        body: '対象範囲が異なる。',
        severity: 'high',
        status: 'open',
        cardIds: ['c4', 'c5'],
      },
    ],
    sources: [
      { id: 's1', label: '[1]', citation: 'ホワイトハウス資料', url: 'https://example.org/1' },
      { id: 's2', label: '[2]', citation: '内閣府', url: '' },
    ],
    comments: [
      {
        id: 'm1',
        targetId: 'c1',
        author: '',
        text: '金額を確認する',
        createdAt: '2024-05-02T10:00:00.000Z',
        resolved: false,
      },
    ],
  });
}

/** The board after a session: an edit with its editor, a move, an addition, a removal. */
function after(): BoardJSON {
  const board = before();
  return parseBoardJson({
    ...board,
    rows: [...board.rows, { id: 'r3', title: '', summary: '' }],
    cards: [
      ...board.cards
        .filter((c) => c.id !== 'c4')
        .map((c) =>
          c.id === 'c1'
            ? { ...c, title: '半導体・科学法', year: 2023, editedBy: '田中' }
            : c.id === 'c3'
              ? { ...c, rowId: 'r2' }
              : c,
        ),
      card('c9', 'r1', 'jp', '新しい基金', []),
    ],
    frictions: board.frictions.map((f) => ({ ...f, severity: 'medium', cardIds: ['c5'] })),
  });
}

describe('the Japanese PDF brief', () => {
  it('prints no Latin word of its own: every one left is an address from the board', async () => {
    const board = after();
    const boardUrl = 'https://board.example/b/ja';
    const pdf = await briefToPdf(board, {
      boardUrl,
      language: 'ja',
      participants: ['田中', '鈴木'],
      includeComments: true,
      date: '2025-01-15',
      votes: [{ targetId: 'f1', votes: 3 }],
      since: { label: '', createdAt: '2025-01-10T09:00:00Z', board: before() },
    });
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'brief-ja-'));
    try {
      const file = path.join(dir, 'brief.pdf');
      fs.writeFileSync(file, pdf);
      let text = execFileSync('pdftotext', ['-enc', 'UTF-8', file, '-'], {
        encoding: 'utf8',
      }).replace(/\s+/g, '');
      // Every annex is there, so its words were checked.
      for (const heading of ['投票結果', '未解決のコメント', '出典の確認', 'スナップショット'])
        expect(text).toContain(heading);
      for (const url of [boardUrl, ...board.sources.map((s) => s.url).filter(Boolean)]) {
        expect(text).toContain(url);
        text = text.split(url).join('');
      }
      expect(text.match(/[A-Za-z]{2,}/g) ?? []).toEqual([]);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
