/**
 * The brief's evidence check and "Changes since <snapshot>" annex: built once in the brief
 * model and rendered the same way in Markdown, HTML and PDF.
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
import { CHANGES_WHO } from '../../../server/export/annexes.ts';
import { smallBoard } from '../../helpers/boards.ts';
import { seedBoard } from './fixtures.ts';

const OPTIONS: BriefOptions = {
  boardUrl: 'https://board.example/b/small',
  participants: [],
  includeComments: false,
  date: '2025-01-15',
};

function changedBoard() {
  const doc = smallBoard();
  const before = board.fromYDoc(doc, 'small');
  board.editCardText(doc, 'c1', 'title', 'CHIPS and Science Act');
  board.moveCard(doc, 'c3', { rowId: 'r2', columnId: 'jp' });
  board.addCard(doc, { id: 'c9', rowId: 'r1', columnId: 'jp', title: 'New <b>fund</b>' });
  board.deleteCard(doc, 'c4');
  const since = { label: 'pre-read', createdAt: '2025-01-10T09:00:00Z', board: before };
  return { before, after: board.fromYDoc(doc, 'small'), since };
}

describe('evidence check', () => {
  it('lists the measures that cite no source, as the gap finder does, in every format', () => {
    const json = board.fromYDoc(smallBoard(), 'small');
    const brief = buildBrief(json, OPTIONS);
    const fromGaps = board
      .findGaps(json)
      .filter((g) => g.kind === 'unsourced-card')
      .map((g) => g.target.id);
    expect(fromGaps.length).toBeGreaterThan(0);
    expect(brief.evidence.unsourced.map((m) => m.id)).toEqual(fromGaps);
    expect(brief.evidence.measures).toBe(json.cards.length);
    const ira = brief.evidence.unsourced.find((m) => m.id === 'c2')!;
    expect(ira).toEqual({ id: 'c2', title: 'IRA', context: 'Promotion · United States' });

    const md = briefToMarkdown(json, OPTIONS);
    expect(md).toMatch(/## Annex [A-H]: Evidence check/);
    expect(md).toContain(`${fromGaps.length} of ${json.cards.length} measures cite no source.`);
    expect(md).toContain('- **IRA** (Promotion · United States)');
    const html = briefToHtml(json, OPTIONS);
    expect(html).toContain('<h2 id="evidence">Evidence check</h2>');
    expect(html).toContain('data-unsourced="c2"');
  });

  it('is left out when every measure cites a source', () => {
    const brief = buildBrief(seedBoard(), OPTIONS);
    expect(brief.evidence.unsourced).toEqual([]);
    expect(briefToMarkdown(seedBoard(), OPTIONS)).not.toContain('Evidence check');
  });
});

describe('changes since a snapshot', () => {
  it('is absent unless asked for', () => {
    const { after } = changedBoard();
    expect(buildBrief(after, OPTIONS).changes).toBeNull();
    expect(briefToMarkdown(after, OPTIONS)).not.toContain('Changes since');
  });

  it('lists added, edited, moved and removed measures with where and what', () => {
    const { after, since } = changedBoard();
    const brief = buildBrief(after, { ...OPTIONS, since });
    expect(brief.changes).not.toBeNull();
    const changes = brief.changes!;
    expect(changes.label).toBe('pre-read');
    expect(changes.date).toBe('10 January 2025');
    // Deleting c4 also unlinked it from friction f1: an edit of f1's linked measures.
    expect(changes.counts).toEqual({ added: 1, edited: 2, moved: 1, removed: 1 });
    expect(changes.entries.map((e) => `${e.kindLabel} ${e.what} ${e.id}`)).toEqual([
      'Edited Measure c1',
      'Added Measure c9',
      'Moved Measure c3',
      'Removed Measure c4',
      'Edited Friction point f1',
    ]);
    expect(changes.entries[0].detail).toBe('Promotion · United States; title edited');
    expect(changes.entries[2].detail).toBe('Promotion · Japan → Protection · Japan');
    expect(changes.entries[3].detail).toMatch(/^was in Protection · /);
    expect(changes.entries[4].detail).toBe('linked measures edited');
  });

  it('renders the annex in Markdown and HTML with board text escaped', () => {
    const { after, since } = changedBoard();
    const md = briefToMarkdown(after, { ...OPTIONS, since });
    expect(md).toMatch(/## Annex [A-H]: Changes since “pre-read”/);
    expect(md).toContain('Changes: 1 added, 2 edited, 1 moved, 1 removed.');
    expect(md).toContain(CHANGES_WHO);
    expect(md).toContain('| Added | Measure | New &lt;b&gt;fund&lt;/b&gt; |');
    expect(md).toContain(
      '| Moved | Measure | 経済安全保障推進法 | Promotion · Japan → Protection · Japan |',
    );
    // The annex comes before the sources.
    expect(md.indexOf('Changes since “pre-read”')).toBeLessThan(md.indexOf('## Sources'));
    const html = briefToHtml(after, { ...OPTIONS, since: { ...since, label: '<i>x</i>' } });
    expect(html).toContain('Changes since “&lt;i&gt;x&lt;/i&gt;”');
    expect(html).toContain('<tr data-change="moved">');
    expect(html).not.toContain('<b>fund</b>');
  });

  it('says so when nothing changed', () => {
    const { before } = changedBoard();
    const md = briefToMarkdown(before, {
      ...OPTIONS,
      since: { label: 'now', createdAt: '2025-01-10', board: before },
    });
    expect(md).toContain('_Nothing has changed since the snapshot._');
  });

  it('prints both annexes in the PDF', async () => {
    const { after, since } = changedBoard();
    const pdf = await briefToPdf(after, { ...OPTIONS, since });
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'annex-'));
    const file = path.join(dir, 'brief.pdf');
    fs.writeFileSync(file, pdf);
    const text = execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
    fs.rmSync(dir, { recursive: true });
    expect(text).toMatch(/Annex [A-H]: Evidence check/);
    expect(text).toMatch(/Annex [A-H]: Changes since “pre-read”/);
    expect(text).toMatch(/Moved\s+Measure\s+経済安全保障推進法/);
    expect(text).toContain('CHIPS and Science Act');
    expect(text).toContain('1 added, 2 edited, 1 moved, 1 removed');
  });
});
