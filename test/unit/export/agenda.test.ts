/**
 * The brief's "Agenda" section: built once in the brief model from the board's agenda and
 * rendered the same way in Markdown, HTML and PDF (read back with pdftotext); a board without
 * an agenda has no such section.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import * as board from '../../../shared/board/index.ts';
import {
  briefToHtml,
  briefToMarkdown,
  briefToPdf,
  buildBrief,
  type BriefOptions,
} from '../../../server/export/index.ts';
import { smallBoard } from '../../helpers/boards.ts';

const OPTIONS: BriefOptions = {
  boardUrl: 'https://board.example/b/small',
  participants: [],
  includeComments: false,
  date: '2025-01-15',
};

function boardWithAgenda(): board.BoardJSON {
  const doc = smallBoard();
  board.addStep(doc, {
    id: 's1',
    title: 'Promotion first',
    focus: { type: 'row', id: 'r1' },
    minutes: 10,
  });
  board.addStep(doc, {
    id: 's2',
    title: 'Pick a <friction>',
    vote: { targetIds: ['f1', 'f2'], perPerson: 2 },
    lock: true,
  });
  board.addStep(doc, { id: 's3', title: '', lock: false });
  return board.fromYDoc(doc, 'small');
}

describe('agenda in the brief', () => {
  it('says what each step does, in order', () => {
    const brief = buildBrief(boardWithAgenda(), OPTIONS);
    const friction = (id: string) => boardWithAgenda().frictions.find((f) => f.id === id)!.title;
    expect(brief.agenda).toEqual([
      {
        id: 's1',
        number: 1,
        title: 'Promotion first',
        actions: ['Focus: theme “Promotion”', 'Timer: 10 min'],
      },
      {
        id: 's2',
        number: 2,
        title: 'Pick a <friction>',
        actions: [
          `Vote on 2 friction points (2 votes each): “${friction('f1')}”, “${friction('f2')}”`,
          'Locks the board',
        ],
      },
      { id: 's3', number: 3, title: 'Step 3', actions: ['Unlocks the board'] },
    ]);
    expect(buildBrief(board.fromYDoc(smallBoard(), 'small'), OPTIONS).agenda).toBeNull();
  });

  it('renders in Markdown and HTML, escaped, and not at all without an agenda', () => {
    const md = briefToMarkdown(boardWithAgenda(), OPTIONS);
    expect(md).toContain('## Annex A: Agenda');
    expect(md).toContain('1. **Promotion first** — Focus: theme “Promotion”; Timer: 10 min');
    expect(md).toContain('2. **Pick a &lt;friction&gt;** — ');
    const html = briefToHtml(boardWithAgenda(), OPTIONS);
    expect(html).toContain('<h2 id="agenda">Agenda</h2>');
    expect(html).toContain('<li data-agenda-step="s2"><b>Pick a &lt;friction&gt;</b>');
    const plain = board.fromYDoc(smallBoard(), 'small');
    expect(briefToMarkdown(plain, OPTIONS)).not.toContain(': Agenda');
    expect(briefToHtml(plain, OPTIONS)).not.toContain('id="agenda"');
  });

  it('prints the agenda in the PDF', async () => {
    const pdf = await briefToPdf(boardWithAgenda(), OPTIONS);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'agenda-'));
    const file = path.join(dir, 'brief.pdf');
    fs.writeFileSync(file, pdf);
    const text = execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
    fs.rmSync(dir, { recursive: true });
    expect(text).toMatch(/Agenda/);
    expect(text).toMatch(/1\s+Promotion first\s+Focus: theme “Promotion”; Timer: 10 min/);
    expect(text).toContain('Locks the board');
    expect(text).toContain('Unlocks the board');
  });
});
