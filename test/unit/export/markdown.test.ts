import { describe, expect, it } from 'vitest';
import { briefToMarkdown, escapeMarkdown } from '../../../server/export/index.ts';
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
      '## Executive summary',
      '## Comparison by theme',
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
    expect(briefToMarkdown(board, OPTIONS)).not.toContain('## Vote results');
    expect(briefToMarkdown(board, { ...OPTIONS, votes: null })).not.toContain('## Vote results');
    const md = briefToMarkdown(board, {
      ...OPTIONS,
      votes: [
        { targetId: board.frictions[0].id, votes: 4 },
        { targetId: board.cards[0].id, votes: 1 },
      ],
    });
    expect(md).toContain('## Vote results');
    expect(md).toContain(
      `| 1 | ${escapeMarkdown(board.frictions[0].title)} | Friction point 1 | 4 |`,
    );
    const severity = board.frictions[0].severity;
    expect(md).toContain(
      `**${severity[0].toUpperCase()}${severity.slice(1)} severity** · Open · Votes: 4`,
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
    expect(md).toContain('## Annex: open comments');
    expect(md).toContain('- **Aiko** (16 January 2025): Is the figure current?');
    expect(md).not.toContain('Resolved one');
  });
});
