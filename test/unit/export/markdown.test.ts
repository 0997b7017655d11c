import { describe, expect, it } from 'vitest';
import { briefToHtml, briefToMarkdown, escapeMarkdown } from '../../../server/export/index.ts';
import { HOSTILE, hostileBoard, OPTIONS, seedBoard } from './fixtures.ts';

/** Pipes that split table cells: not escaped with a backslash. */
function cellPipes(line: string): number {
  return line.replace(/\\\\/g, '').replace(/\\\|/g, '').split('|').length - 1;
}

describe('briefToMarkdown', () => {
  it('renders the seed board', () => {
    expect(briefToMarkdown(seedBoard(), OPTIONS)).toMatchSnapshot();
  });

  it('has the brief’s sections in order, with endnotes as footnotes in board order', () => {
    const board = seedBoard();
    const md = briefToMarkdown(board, OPTIONS);
    const headings = md.split('\n').filter((l) => /^## /.test(l));
    expect(headings).toEqual([
      '## Key judgements',
      '## The comparison at a glance',
      '## Themes',
      '## Friction points',
      '## Sources',
    ]);
    for (const row of board.rows) expect(md).toContain(escapeMarkdown(row.title));
    const definitions = md.split('\n').filter((l) => l.startsWith('[^'));
    expect(definitions.map((l) => l.slice(0, l.indexOf(']:') + 2))).toEqual(
      board.sources.map((s) => `[^${s.label.slice(1, -1)}]:`),
    );
    for (const source of board.sources.filter((s) => s.url))
      expect(md).toContain(`<${source.url}>`);
    // Every footnote is referred to at least once, so GitHub shows them all.
    for (const source of board.sources) {
      const ref = `[^${source.label.slice(1, -1)}]`;
      expect(md.split(ref).length - 1).toBeGreaterThanOrEqual(2);
    }
  });

  it('keeps hostile card text literal and inert', () => {
    const md = briefToMarkdown(hostileBoard(), { ...OPTIONS, includeComments: true });
    expect(md).not.toContain('<script>');
    expect(md).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(md).toContain('\\*\\*bold\\*\\*');
    expect(md).toContain('\\| pipe \\|');
    expect(md).toContain('\\[click\\](javascript:alert(1))');
    expect(md).not.toMatch(/[^\\]\[click\]/);
    expect(md).not.toMatch(/[^\\]\]\(javascript:/);
    expect(md).toContain('&amp;amp;');
    expect(md).toContain('\\`code\\` \\_em\\_ \\~\\~strike\\~\\~ \\$x\\$');
    const lines = md.split('\n').map((l) => l.trim());
    // Block syntax at the start of a line of user text is escaped, too.
    expect(lines).toContain('\\# not a heading\\');
    expect(lines).toContain('\\- not a list\\');
    expect(lines).toContain('1\\. not a list\\');
    expect(lines.some((l) => l.startsWith('[^1]: not'))).toBe(false);
    // A pipe in user text never adds a table cell.
    const tables: string[][] = [];
    let table: string[] = [];
    for (const line of md.split('\n')) {
      if (line.startsWith('|')) table.push(line);
      else if (table.length) {
        tables.push(table);
        table = [];
      }
    }
    expect(tables.length).toBeGreaterThan(0);
    for (const rows of tables)
      for (const row of rows) expect(cellPipes(row)).toBe(cellPipes(rows[0]));
  });

  it('escapes every Markdown and HTML marker in a string', () => {
    expect(escapeMarkdown('a*b_c`d[e]f<g>h|i#j~k$l\\m&n')).toBe(
      'a\\*b\\_c\\`d\\[e\\]f&lt;g&gt;h\\|i\\#j\\~k\\$l\\\\m&amp;n',
    );
    expect(escapeMarkdown(HOSTILE.link)).toBe('\\[click\\](javascript:alert(1))');
  });

  it('shows vote results only when a vote was revealed', () => {
    const board = seedBoard();
    expect(briefToMarkdown(board, OPTIONS)).not.toContain('Vote results');
    expect(briefToMarkdown(board, { ...OPTIONS, votes: null })).not.toContain('Vote results');
    const md = briefToMarkdown(board, {
      ...OPTIONS,
      votes: [
        { targetId: board.frictions[0].id, votes: 4 },
        { targetId: board.cards[0].id, votes: 1 },
      ],
    });
    expect(md).toMatch(/## Annex [A-H]: Vote results/);
    expect(md).toContain(
      `| 1 | ${escapeMarkdown(board.frictions[0].title)} | Friction point 1 | 4 |`,
    );
    const severity = board.frictions[0].severity;
    expect(md).toContain(
      `_${severity[0].toUpperCase()}${severity.slice(1)} severity · Open · 4 votes_`,
    );
  });

  it('adds the open comments annex only when asked', () => {
    const board = seedBoard();
    board.comments = [
      {
        id: 'm1',
        targetId: board.cards[0].id,
        author: 'Aiko',
        text: 'Is the figure current?',
        createdAt: '2025-01-16T09:00:00Z',
        resolved: false,
      },
      {
        id: 'm2',
        targetId: board.cards[0].id,
        author: 'Ben',
        text: 'Resolved one',
        createdAt: '2025-01-16T10:00:00Z',
        resolved: true,
      },
    ];
    expect(briefToMarkdown(board, OPTIONS)).not.toContain('Annex');
    const md = briefToMarkdown(board, { ...OPTIONS, includeComments: true });
    expect(md).toMatch(/## Annex [A-H]: Open comments/);
    expect(md).toContain('- **Aiko** (16 January 2025): Is the figure current?');
    expect(md).not.toContain('Resolved one');
  });

  it('keeps an empty side in the matrix and the themes as "not addressed", in both languages', () => {
    const board = seedBoard();
    // The side every theme leaves empty in this copy: no card sits in the last column.
    const last = board.columns[board.columns.length - 1];
    board.cards = board.cards.filter((c) => c.columnId !== last.id);
    board.frictions = board.frictions.map((f) => ({
      ...f,
      cardIds: f.cardIds.filter((id) => board.cards.some((c) => c.id === id)),
    }));
    const md = briefToMarkdown(board, OPTIONS);
    const header = md.split('\n').find((l) => l.startsWith('| Theme |'))!;
    expect(header).toContain(escapeMarkdown(last.label));
    const rows = md.split('\n').filter((l) => /^\| \d+\. /.test(l));
    expect(rows).toHaveLength(board.rows.length);
    for (const row of rows) expect(row.endsWith('| _Not addressed_ |')).toBe(true);
    expect(md).toContain(`**${escapeMarkdown(last.label)}:** _Not addressed_`);

    const ja = briefToMarkdown({ ...board, language: 'ja' }, OPTIONS);
    expect(ja).toContain('## 主要な判断');
    expect(ja).toContain('## 比較表');
    expect(ja).toContain('| _未対応_ |');
    expect(ja).toContain('**作成日:** 2025年1月15日');
    // ?lang= overrides the board's language.
    expect(briefToMarkdown({ ...board, language: 'ja' }, { ...OPTIONS, language: 'en' })).toContain(
      '## Key judgements',
    );
    expect(briefToHtml(board, OPTIONS)).toContain('data-not-addressed');
    expect(briefToHtml(board, { ...OPTIONS, language: 'ja' })).toContain('<html lang="ja">');
  });

  it('prints the facilitator’s key judgements, then what the room produced', () => {
    const board = { ...seedBoard(), keyJudgements: 'Promotion should lead [1].' };
    const md = briefToMarkdown(board, {
      ...OPTIONS,
      votes: [{ targetId: board.frictions[2].id, votes: 5 }],
    });
    const kj = md.slice(md.indexOf('## Key judgements'), md.indexOf('## The comparison'));
    expect(kj).toContain('Promotion should lead [^1].');
    expect(kj).toContain('**Friction points with the most votes**');
    expect(kj).toContain(`- 3. ${escapeMarkdown(board.frictions[2].title)} (5 votes)`);
  });
});
