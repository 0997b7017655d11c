/**
 * Alignment per theme in the brief: mean, spread and count per rated theme in the Markdown,
 * HTML and PDF (read back with poppler), and nothing of it while the ratings are hidden.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import {
  alignmentLine,
  briefToHtml,
  briefToMarkdown,
  briefToPdf,
  buildBrief,
} from '../../../server/export/index.ts';
import { parseBoardJson, type BoardJSON } from '../../../shared/board/index.ts';
import { OPTIONS, seedBoard } from './fixtures.ts';

const run = promisify(execFile);
const dir = mkdtempSync(join(tmpdir(), 'alignment-brief-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The seed with three people rating its first theme and one rating its second. */
function ratedBoard(): BoardJSON {
  const board = seedBoard();
  const [first, second] = board.rows;
  return parseBoardJson({
    ...board,
    alignment: [
      { rowId: first.id, raterId: 'aiko', name: 'Aiko', aligned: 1, importance: 5 },
      { rowId: first.id, raterId: 'ben', name: 'Ben', aligned: 5, importance: 4 },
      { rowId: first.id, raterId: 'chie', name: 'Chie', aligned: 3, importance: null },
      { rowId: second.id, raterId: 'ben', name: 'Ben', aligned: 4, importance: 2 },
    ],
  });
}

const FIRST =
  'Alignment 3.0 / 5 (spread 1.6, 1–5) · Importance 4.5 / 5 (spread 0.5, 4–5) · 3 people rated';
const SECOND = 'Alignment 4.0 / 5 (spread 0.0) · Importance 2.0 / 5 (spread 0.0) · 1 person rated';

describe('alignment in the brief', () => {
  it('sums up each rated theme; themes nobody rated have none', () => {
    const brief = buildBrief(ratedBoard(), OPTIONS);
    expect(brief.themes[0].alignment).toEqual({
      count: 3,
      aligned: { mean: 3, spread: 1.6, min: 1, max: 5, count: 3 },
      importance: { mean: 4.5, spread: 0.5, min: 4, max: 5, count: 2 },
    });
    expect(alignmentLine(brief.themes[0].alignment!)).toBe(FIRST);
    expect(alignmentLine(brief.themes[1].alignment!)).toBe(SECOND);
    expect(brief.themes.slice(2).every((t) => t.alignment === null)).toBe(true);
  });

  it('prints the line under each rated theme in Markdown and HTML', () => {
    const board = ratedBoard();
    const md = briefToMarkdown(board, OPTIONS);
    const heading = `### 1. ${board.rows[0].title}`;
    expect(md).toContain(`${heading}\n\n${FIRST}\n`);
    expect(md).toContain(SECOND);
    const html = briefToHtml(board, OPTIONS);
    expect(html).toContain(`<p class="meta" data-alignment>${FIRST}</p>`);
  });

  it('prints it in the PDF', async () => {
    const file = join(dir, 'rated.pdf');
    writeFileSync(file, await briefToPdf(ratedBoard(), OPTIONS));
    const text = (await run('pdftotext', ['-enc', 'UTF-8', file, '-'])).stdout.replace(/\s+/g, ' ');
    expect(text).toContain('Alignment 3.0 / 5 (spread 1.6, 1–5)');
    expect(text).toContain('3 people rated');
    expect(text).toContain('1 person rated');
  });

  it('leaves every rating out while the facilitator hides them', async () => {
    const hidden = { ...OPTIONS, ratingsHidden: true };
    const board = ratedBoard();
    expect(buildBrief(board, hidden).themes.every((t) => t.alignment === null)).toBe(true);
    expect(briefToMarkdown(board, hidden)).not.toMatch(/people rated|person rated/);
    expect(briefToHtml(board, hidden)).not.toContain('data-alignment');
    const file = join(dir, 'hidden.pdf');
    writeFileSync(file, await briefToPdf(board, hidden));
    expect((await run('pdftotext', ['-enc', 'UTF-8', file, '-'])).stdout).not.toMatch(
      /people rated|person rated|Alignment \d/,
    );
  });
});
