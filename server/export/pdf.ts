/**
 * The brief as a PDF a facilitator can send on without editing: an A4 document with a cover,
 * a contents page, the executive summary, one side-by-side table per theme, the friction
 * points, vote results, the open-comments annex and the endnotes. Text is real, embedded and
 * subset (Noto Sans JP, so Japanese prints and copies out), links are clickable, every section
 * is in the outline, and every page after the cover has a running header and "Page N of M".
 * Rendered from the same `Brief` as the Markdown, and byte-for-byte deterministic.
 */
import { createHash } from 'node:crypto';
import PDFDocument from 'pdfkit';
import type { BoardJSON } from '../../shared/board/index.ts';
import {
  atAGlance,
  buildBrief,
  endnoteIndex,
  type Brief,
  type BriefEndnote,
  type BriefFriction,
  type BriefMeasure,
  type BriefOptions,
  type BriefTheme,
  type RichText,
} from './brief.ts';
import { briefFonts } from './fonts.ts';
import { CHANGES_WHO, changeCounts } from './annexes.ts';
import { stepActions } from './agenda.ts';
import { alignmentLine } from './alignment.ts';
import {
  drawLine,
  linesHeight,
  measure,
  truncate,
  wrapSpans,
  type Line,
  type Span,
  type TextStyle,
} from './typeset.ts';

type Doc = PDFKit.PDFDocument;

const PAGE_WIDTH = 595.28;
const PAGE_HEIGHT = 841.89;
const LEFT = 56;
const RIGHT = PAGE_WIDTH - 56;
const TOP = 70;
const BOTTOM = PAGE_HEIGHT - 64;
const WIDTH = RIGHT - LEFT;

const COLOR = {
  ink: '#1b1f24',
  body: '#2b3137',
  muted: '#5d6873',
  faint: '#8b96a0',
  navy: '#1f3a5f',
  link: '#1a5fb4',
  rule: '#c3ccd5',
  hairline: '#e1e6eb',
  tint: '#f2f5f8',
  white: '#ffffff',
};

/** Column header colours by country code; other codes (context columns) are slate. */
const COUNTRY_COLOR: Record<string, string> = { US: '#1f3a5f', JP: '#9b1b30', 'US-JP': '#4c3f78' };
const OTHER_COUNTRY = '#56646f';

const KIND_COLOR: Record<string, string> = {
  promotion: '#2f7a4c',
  protection: '#a23a2a',
  institution: '#5a4a8c',
  partnership: '#1d6a86',
  context: '#5d6873',
};
const SEVERITY_COLOR = { high: '#b42318', medium: '#b25e09', low: '#56646f' } as const;
const STATUS_COLOR = { open: '#1f3a5f', managed: '#1d6a86', resolved: '#2f7a4c' } as const;

const style = (font: TextStyle['font'], size: number, color: string): TextStyle => ({
  font,
  size,
  color,
});
const S = {
  coverEyebrow: style('bold', 9.5, COLOR.muted),
  coverTitle: style('bold', 25, COLOR.navy),
  coverSubtitle: style('regular', 12, COLOR.muted),
  coverLabel: style('bold', 8, COLOR.muted),
  coverValue: style('regular', 10, COLOR.ink),
  coverLink: style('regular', 10, COLOR.link),
  h1: style('bold', 17, COLOR.navy),
  h2: style('bold', 12.5, COLOR.navy),
  h2Number: style('bold', 12.5, COLOR.faint),
  h3: style('bold', 10.5, COLOR.ink),
  h3Number: style('bold', 10.5, COLOR.faint),
  body: style('regular', 9.5, COLOR.body),
  bodyBold: style('bold', 9.5, COLOR.ink),
  bodyMarker: style('regular', 8, COLOR.link),
  small: style('regular', 8, COLOR.muted),
  smallBold: style('bold', 8, COLOR.muted),
  smallLink: style('regular', 8, COLOR.link),
  label: style('bold', 7.5, COLOR.muted),
  badge: style('bold', 7, COLOR.white),
  tocEntry: style('regular', 10, COLOR.ink),
  tocSection: style('bold', 10, COLOR.ink),
  tocPage: style('regular', 10, COLOR.muted),
  header: style('regular', 7.5, COLOR.faint),
  headCell: style('bold', 8.5, COLOR.white),
  cellTitle: style('bold', 8.5, COLOR.ink),
  cellKind: style('bold', 6.8, COLOR.muted),
  cellFacts: style('regular', 7.3, COLOR.muted),
  cellBody: style('regular', 8, COLOR.body),
  cellMarker: style('regular', 7, COLOR.link),
  noteLabel: style('bold', 8.5, COLOR.ink),
  noteText: style('regular', 8.5, COLOR.body),
  noteUrl: style('regular', 8, COLOR.link),
};

const CELL_PAD = 6;
const COVER_PARTICIPANTS = 40;
const BLOCK_PAD = 6;

const sourceDest = (id: string): string => `source-${id}`;
const frictionDest = (n: number): string => `friction-${n}`;

interface TocEntry {
  title: string;
  level: 1 | 2;
  dest: string;
}

interface TocSlot {
  entry: TocEntry;
  page: number;
  top: number;
  lines: Line[];
}

/** One line in a measure block, with the space above it. */
interface BlockRow {
  line: Line;
  gap: number;
}

function rowsHeight(rows: readonly BlockRow[]): number {
  let h = 0;
  for (const r of rows) h += r.gap + r.line.height;
  return h;
}

interface ColumnFlow {
  blocks: BlockRow[][];
  /** Next block, and the row inside it to continue from. */
  block: number;
  row: number;
}

interface OutlineItem {
  addItem(title: string, options?: { expanded?: boolean }): OutlineItem;
  outlineData: { Dest?: unknown[] };
}

class BriefWriter {
  readonly doc: Doc;
  private y = TOP;
  private page = 0;
  private readonly notes: Map<string, BriefEndnote>;
  private readonly tocSlots: TocSlot[] = [];
  private readonly destPages = new Map<string, number>();
  private outlineParent: OutlineItem | null = null;

  constructor(
    private readonly brief: Brief,
    id: Buffer,
  ) {
    const when = new Date(brief.date?.time ?? Date.UTC(2000, 0, 1));
    this.doc = new PDFDocument({
      size: 'A4',
      margin: 0,
      bufferPages: true,
      pdfVersion: '1.7',
      lang: 'en',
      displayTitle: true,
      info: {
        Title: brief.title,
        ...(brief.subtitle ? { Subject: brief.subtitle } : {}),
        Creator: 'Briefing board',
        Producer: 'Briefing board (PDFKit)',
        CreationDate: when,
        ModDate: when,
      },
    });
    // pdfkit derives the file ID from the info dictionary; tie it to the content instead.
    (this.doc as unknown as { _id: Buffer })._id = id;
    const fonts = briefFonts();
    this.doc.registerFont('regular', fonts.regular);
    this.doc.registerFont('bold', fonts.bold);
    this.notes = endnoteIndex(brief);
  }

  // ── page mechanics ────────────────────────────────────────────────────────────────────

  private addPage(): void {
    this.doc.addPage();
    this.page++;
    this.y = TOP;
  }

  private get atTop(): boolean {
    return this.y <= TOP + 0.01;
  }

  /** Moves to a new page unless `height` still fits on this one. */
  private ensure(height: number): void {
    if (this.y + height > BOTTOM && !this.atTop) this.addPage();
  }

  /** Vertical space, dropped at the top of a page. */
  private gap(height: number): void {
    if (!this.atTop) this.y = Math.min(this.y + height, BOTTOM);
  }

  private wrap(spans: readonly Span[], width = WIDTH): Line[] {
    return wrapSpans(this.doc, spans, width);
  }

  /** Places lines at `x`, breaking pages between lines and keeping at least two together. */
  private flow(
    lines: readonly Line[],
    x = LEFT,
    width = WIDTH,
    align?: 'left' | 'right' | 'center',
  ): void {
    const n = lines.length;
    if (!n) return;
    this.ensure(linesHeight(lines.slice(0, Math.min(2, n))));
    for (let i = 0; i < n; i++) {
      const line = lines[i];
      const widow = i === n - 2 && i >= 2 && this.y + line.height + lines[i + 1].height > BOTTOM;
      if (this.y + line.height > BOTTOM || widow) this.addPage();
      drawLine(this.doc, line, x, this.y, width, align);
      this.y += line.height;
    }
  }

  private paragraph(spans: readonly Span[], x = LEFT, width = WIDTH): void {
    this.flow(this.wrap(spans, width), x, width);
  }

  private rule(x1: number, x2: number, y: number, color = COLOR.rule, width = 0.5): void {
    this.doc
      .save()
      .moveTo(x1, y)
      .lineTo(x2, y)
      .lineWidth(width)
      .strokeColor(color)
      .stroke()
      .restore();
  }

  /** Marks the current position as a destination, an outline entry and a contents target. */
  private anchor(dest: string, title: string, level: 1 | 2): void {
    this.doc.addNamedDestination(dest, 'XYZ', null, this.y - 6, null);
    this.destPages.set(dest, this.page);
    const outline = this.doc.outline as unknown as OutlineItem;
    const parent = level === 1 ? outline : (this.outlineParent ?? outline);
    const item = parent.addItem(title);
    item.outlineData.Dest = [this.doc.page.dictionary, 'XYZ', null, PAGE_HEIGHT - this.y + 6, null];
    if (level === 1) this.outlineParent = item;
  }

  // ── text helpers ──────────────────────────────────────────────────────────────────────

  private rich(text: RichText, textStyle: TextStyle, marker: TextStyle): Span[] {
    return text.map((part) => {
      if (typeof part === 'string') return { text: part, style: textStyle };
      const note = this.notes.get(part.sourceId);
      return { text: note?.label ?? '', style: marker, goTo: sourceDest(part.sourceId) };
    });
  }

  private markers(measure: BriefMeasure, marker: TextStyle): Span[] {
    return measure.endnotes.map((ref) => ({
      text: this.notes.get(ref.sourceId)?.label ?? '',
      style: marker,
      goTo: sourceDest(ref.sourceId),
    }));
  }

  // ── sections ──────────────────────────────────────────────────────────────────────────

  private sectionHeading(title: string, dest: string, newPage = true): void {
    if (newPage && !this.atTop) this.addPage();
    this.gap(30);
    this.ensure(140);
    this.anchor(dest, title, 1);
    const lines = this.wrap([{ text: title, style: S.h1 }]);
    this.flow(lines);
    this.y += 3;
    this.rule(LEFT, RIGHT, this.y, COLOR.navy, 1);
    this.y += 14;
  }

  /** Wraps `text` at the first size that keeps it within `maxLines`, else the smallest. */
  private fitted(text: string, base: TextStyle, sizes: number[], maxLines: number): Line[] {
    let lines: Line[] = [];
    for (const size of sizes) {
      lines = this.wrap([{ text, style: { ...base, size } }]);
      if (lines.length <= maxLines) break;
    }
    return lines;
  }

  private cover(): void {
    const { brief } = this;
    const eyebrow = this.wrap([{ text: 'BRIEFING', style: S.coverEyebrow }]);
    const title = this.fitted(brief.title, S.coverTitle, [25, 20, 16, 13], 5);
    const subtitle = brief.subtitle
      ? this.fitted(brief.subtitle, S.coverSubtitle, [12, 10.5, 9], 6)
      : [];

    const facts: [string, Span[]][] = [];
    if (brief.date) facts.push(['DATE', [{ text: brief.date.label, style: S.coverValue }]]);
    if (brief.boardUrl) {
      facts.push([
        'BOARD',
        [
          brief.boardUrlIsLink
            ? { text: brief.boardUrl, style: S.coverLink, link: brief.boardUrl, url: true }
            : { text: brief.boardUrl, style: S.coverValue },
        ],
      ]);
    }
    if (brief.participants.length) {
      const shown = brief.participants.slice(0, COVER_PARTICIPANTS);
      const more = brief.participants.length - shown.length;
      const names = shown.join(', ') + (more > 0 ? ` and ${more} more` : '');
      facts.push(['PARTICIPANTS', [{ text: names, style: S.coverValue }]]);
    }
    const { stats } = brief;
    const counts = [
      `${stats.themes} ${stats.themes === 1 ? 'theme' : 'themes'}`,
      `${stats.measures} ${stats.measures === 1 ? 'measure' : 'measures'}`,
      `${stats.frictions} ${stats.frictions === 1 ? 'friction point' : 'friction points'}`,
      `${stats.sources} ${stats.sources === 1 ? 'source' : 'sources'}`,
    ];
    facts.push(['CONTENTS', [{ text: counts.join(' · '), style: S.coverValue }]]);
    const labelWidth = 96;
    const factLines = facts.map(([label, value]) => ({
      label: this.wrap([{ text: label, style: S.coverLabel }])[0],
      lines: this.wrap(value, WIDTH - labelWidth),
    }));
    const note = this.wrap([
      {
        text: 'Measures, figures and friction points are as recorded on the board. Bracketed numbers refer to the sources listed at the end.',
        style: S.small,
      },
    ]);

    const height =
      linesHeight(eyebrow) +
      10 +
      linesHeight(title) +
      (subtitle.length ? 10 + linesHeight(subtitle) : 0) +
      54 +
      factLines.reduce((h, f) => h + linesHeight(f.lines) + 9, 0);
    // Start a third of the way down, higher when the cover has a lot to say.
    this.y = Math.max(TOP, Math.min(168, BOTTOM - linesHeight(note) - 30 - height));
    this.flow(eyebrow);
    this.y += 10;
    this.flow(title);
    if (subtitle.length) {
      this.y += 10;
      this.flow(subtitle);
    }
    this.y += 26;
    this.doc.rect(LEFT, this.y, 64, 3).fill(COLOR.navy);
    this.y += 28;
    for (const { label, lines } of factLines) {
      drawLine(this.doc, label, LEFT, this.y + 2.2);
      this.flow(lines, LEFT + labelWidth, WIDTH - labelWidth);
      this.y += 9;
    }
    this.y = Math.max(this.y + 20, BOTTOM - linesHeight(note));
    this.rule(LEFT, RIGHT, this.y - 8, COLOR.hairline);
    this.flow(note);
  }

  private tocEntries(): TocEntry[] {
    const { brief } = this;
    const entries: TocEntry[] = [{ title: 'Executive summary', level: 1, dest: 'summary' }];
    entries.push({ title: 'Comparison by theme', level: 1, dest: 'themes' });
    for (const t of brief.themes)
      entries.push({ title: `${t.number}. ${t.title}`, level: 2, dest: `theme-${t.number}` });
    entries.push({ title: 'Friction points', level: 1, dest: 'frictions' });
    if (brief.agenda) entries.push({ title: 'Agenda', level: 1, dest: 'agenda' });
    if (brief.votes) entries.push({ title: 'Vote results', level: 1, dest: 'votes' });
    if (brief.comments) entries.push({ title: 'Annex: open comments', level: 1, dest: 'comments' });
    if (brief.evidence.unsourced.length) {
      entries.push({ title: 'Annex: evidence check', level: 1, dest: 'evidence' });
    }
    if (brief.changes) {
      entries.push({
        title: `Annex: changes since “${brief.changes.label}”`,
        level: 1,
        dest: 'changes',
      });
    }
    entries.push({ title: 'Sources', level: 1, dest: 'sources' });
    return entries;
  }

  /** Lays out the contents page with empty page numbers; `fillContents` writes them last. */
  private contents(): void {
    this.addPage();
    const lines = this.wrap([{ text: 'Contents', style: S.h1 }]);
    this.flow(lines);
    this.y += 3;
    this.rule(LEFT, RIGHT, this.y, COLOR.navy, 1);
    this.y += 14;
    for (const entry of this.tocEntries()) {
      const indent = entry.level === 2 ? 16 : 0;
      const entryLines = this.wrap(
        [{ text: entry.title, style: entry.level === 1 ? S.tocSection : S.tocEntry }],
        WIDTH - indent - 40,
      );
      const gapBefore = entry.level === 1 ? 7 : 1.5;
      this.gap(gapBefore);
      this.ensure(linesHeight(entryLines));
      this.tocSlots.push({ entry, page: this.page, top: this.y, lines: entryLines });
      this.y += linesHeight(entryLines);
    }
  }

  private fillContents(): void {
    for (const slot of this.tocSlots) {
      const target = this.destPages.get(slot.entry.dest);
      if (target === undefined) continue;
      this.doc.switchToPage(slot.page);
      const indent = slot.entry.level === 2 ? 16 : 0;
      let top = slot.top;
      slot.lines.forEach((line, i) => {
        drawLine(this.doc, line, LEFT + indent, top);
        if (i === slot.lines.length - 1) {
          const pageText = String(target + 1);
          const pageWidth = measure(this.doc, pageText, S.tocPage);
          const baseline = top + line.ascent;
          const from = LEFT + indent + line.width + 6;
          const to = RIGHT - pageWidth - 6;
          if (to > from) {
            this.doc
              .save()
              .moveTo(from, baseline - 1)
              .lineTo(to, baseline - 1)
              .lineWidth(0.6)
              .dash(0.6, { space: 2.4 })
              .strokeColor(COLOR.faint)
              .stroke()
              .undash()
              .restore();
          }
          this.doc
            .font(S.tocPage.font)
            .fontSize(S.tocPage.size)
            .fillColor(S.tocPage.color)
            .text(pageText, RIGHT - pageWidth, baseline, {
              lineBreak: false,
              baseline: 'alphabetic',
            });
        }
        top += line.height;
      });
      this.doc.goTo(LEFT + indent, slot.top, WIDTH - indent, top - slot.top, slot.entry.dest);
    }
  }

  private executiveSummary(): void {
    const { brief } = this;
    this.gap(26);
    this.ensure(120);
    this.anchor('summary', 'Executive summary', 1);
    this.flow(this.wrap([{ text: 'Executive summary', style: S.h1 }]));
    this.y += 3;
    this.rule(LEFT, RIGHT, this.y, COLOR.navy, 1);
    this.y += 12;
    this.paragraph([{ text: atAGlance(brief), style: S.body }]);
    for (const theme of brief.themes) {
      this.gap(9);
      const head = this.wrap([
        { text: `${theme.number}  `, style: S.h3Number },
        { text: theme.title, style: S.h3, goTo: `theme-${theme.number}` },
      ]);
      const text = theme.summary.length
        ? this.wrap(this.rich(theme.summary, S.body, S.bodyMarker), WIDTH - 16)
        : this.wrap([{ text: 'No summary recorded.', style: S.small }], WIDTH - 16);
      this.ensure(linesHeight(head) + 2 + linesHeight(text.slice(0, 2)));
      this.flow(head);
      this.y += 2;
      this.flow(text, LEFT + 16, WIDTH - 16);
    }
  }

  private themes(): void {
    this.sectionHeading('Comparison by theme', 'themes');
    this.paragraph([
      {
        text: 'Each theme sets the measures recorded on the board side by side, one column per side. Bracketed numbers refer to the sources at the end of the brief.',
        style: S.small,
      },
    ]);
    this.y += 4;
    if (!this.brief.themes.length) {
      this.y += 6;
      this.paragraph([{ text: 'No themes are recorded on the board.', style: S.small }]);
    }
    for (const theme of this.brief.themes) this.theme(theme);
  }

  private theme(theme: BriefTheme): void {
    const head = this.wrap([
      { text: `${theme.number}  `, style: S.h2Number },
      { text: theme.title, style: S.h2 },
    ]);
    const votes =
      theme.votes === null
        ? []
        : this.wrap([
            {
              text: `${theme.votes} ${theme.votes === 1 ? 'VOTE' : 'VOTES'}`,
              style: S.badge,
              badge: { fill: COLOR.navy },
            },
          ]);
    const rated = theme.alignment
      ? this.wrap([{ text: alignmentLine(theme.alignment), style: S.small }])
      : [];
    const summary = this.wrap(this.rich(theme.summary, S.body, S.bodyMarker));
    const inner = WIDTH / Math.max(1, theme.cells.length) - 2 * CELL_PAD;
    const columns = theme.cells.map((cell) =>
      cell.measures.map((m) => this.measureBlock(m, inner)),
    );
    const lead =
      linesHeight(head) +
      (votes.length ? 2 + linesHeight(votes) : 0) +
      (rated.length ? 3 + linesHeight(rated) : 0) +
      5;
    const tableHeight =
      30 +
      Math.max(
        0,
        ...columns.map((blocks) => blocks.reduce((h, b) => h + rowsHeight(b) + BLOCK_PAD, 0)),
      );
    const whole =
      lead + linesHeight(summary) + 9 + tableHeight + (theme.frictionNumbers.length ? 20 : 0);
    this.gap(22);
    // A theme that fits on one page is kept on one page; a longer one starts where it can.
    if (whole <= BOTTOM - TOP) this.ensure(whole);
    else this.ensure(lead + linesHeight(summary.slice(0, 4)) + 9 + 100);
    this.anchor(`theme-${theme.number}`, `${theme.number}. ${theme.title}`, 2);
    this.flow(head);
    if (votes.length) {
      this.y += 2;
      this.flow(votes);
    }
    if (rated.length) {
      this.y += 3;
      this.flow(rated);
    }
    this.y += 5;
    this.flow(summary);
    this.y += 9;
    if (!theme.cells.length) {
      this.paragraph([{ text: 'No measures are recorded for this theme.', style: S.small }]);
    } else {
      this.table(theme, columns);
    }
    if (theme.frictionNumbers.length) {
      this.y += 6;
      const spans: Span[] = [{ text: 'Friction points touching this theme: ', style: S.small }];
      theme.frictionNumbers.forEach((n, i) => {
        if (i > 0) spans.push({ text: ', ', style: S.small });
        spans.push({ text: String(n), style: S.smallLink, goTo: frictionDest(n) });
      });
      this.paragraph(spans);
    }
  }

  private measureBlock(m: BriefMeasure, width: number): BlockRow[] {
    const rows: BlockRow[] = [];
    const push = (lines: Line[], gap: number): void => {
      lines.forEach((line, i) => rows.push({ line, gap: i === 0 ? gap : 0 }));
    };
    push(this.wrap([{ text: m.title, style: S.cellTitle }], width), 5);
    const facts: Span[] = [
      { text: m.kindLabel.toUpperCase(), style: { ...S.cellKind, color: KIND_COLOR[m.kind] } },
    ];
    const extra = [m.year !== null ? String(m.year) : '', m.amount ?? ''].filter(Boolean);
    if (extra.length) facts.push({ text: `  ·  ${extra.join('  ·  ')}`, style: S.cellFacts });
    if (m.votes !== null) {
      facts.push({ text: ' ', style: S.cellFacts });
      facts.push({
        text: `${m.votes} ${m.votes === 1 ? 'vote' : 'votes'}`,
        style: S.badge,
        badge: { fill: COLOR.navy },
      });
    }
    if (!m.body.length)
      facts.push(
        ...this.markers(m, S.cellMarker).map((s, i) =>
          i === 0 ? { ...s, text: ` ${s.text}` } : s,
        ),
      );
    push(this.wrap(facts, width), 1);
    if (m.body.length) {
      push(
        this.wrap(
          [...this.rich(m.body, S.cellBody, S.cellMarker), ...this.markers(m, S.cellMarker)],
          width,
        ),
        2.5,
      );
    }
    return rows;
  }

  /**
   * The side-by-side table of a theme: one column per side, each column a flow of measures
   * that continues on the next page with a repeated header when it runs out of room.
   */
  private table(theme: BriefTheme, blocks: BlockRow[][][]): void {
    const n = theme.cells.length;
    const colWidth = WIDTH / n;
    const pad = CELL_PAD;
    const inner = colWidth - 2 * pad;
    const blockPad = BLOCK_PAD;
    const columns: ColumnFlow[] = blocks.map((b) => ({ blocks: b, block: 0, row: 0 }));
    const headerLines = (continued: boolean): Line[][] =>
      theme.cells.map((cell, i) => {
        const more = continued && columns[i].block < columns[i].blocks.length;
        return this.wrap(
          [{ text: more ? `${cell.side.label} (continued)` : cell.side.label, style: S.headCell }],
          inner,
        );
      });

    const fullPage = BOTTOM - TOP;
    let continued = false;
    for (;;) {
      const heads = headerLines(continued);
      const hasMore = columns.map((c) => c.block < c.blocks.length);
      const headHeight = Math.max(...heads.map(linesHeight)) + 2 * 5;
      const caption = continued
        ? this.wrap([{ text: `${theme.number}. ${theme.title} (continued)`, style: S.smallBold }])
        : [];
      const firstNeed = Math.max(
        ...columns.map((c) =>
          c.block < c.blocks.length ? rowsHeight(c.blocks[c.block].slice(c.row)) + blockPad : 0,
        ),
      );
      this.ensure(linesHeight(caption) + headHeight + Math.min(firstNeed, 140));
      if (caption.length) {
        this.flow(caption);
        this.y += 4;
      }
      const top = this.y;
      const bodyTop = top + headHeight;
      const avail = BOTTOM - bodyTop;

      // Decide what each column places on this page before drawing anything.
      const placed = columns.map((col) => {
        const parts: { rows: BlockRow[]; last: boolean }[] = [];
        let used = 0;
        while (col.block < col.blocks.length) {
          const rows = col.blocks[col.block].slice(col.row);
          const h = rowsHeight(rows) + blockPad;
          if (used + h <= avail) {
            parts.push({ rows, last: col.block === col.blocks.length - 1 });
            used += h;
            col.block++;
            col.row = 0;
            continue;
          }
          // Split a tall measure rather than leave a large gap (or never fit at all).
          const room = avail - used - blockPad;
          if ((h > fullPage * 0.45 || (used === 0 && this.y <= TOP + 1)) && room > 40) {
            let take = 0;
            let th = 0;
            while (take < rows.length && th + rows[take].gap + rows[take].line.height <= room) {
              th += rows[take].gap + rows[take].line.height;
              take++;
            }
            if (take > 0) {
              parts.push({ rows: rows.slice(0, take), last: false });
              used += th + blockPad;
              col.row += take;
            }
          }
          break;
        }
        return { parts, used };
      });

      const height = Math.max(...placed.map((p) => p.used), 0);
      if (height === 0 && !this.atTop) {
        this.addPage();
        continue;
      }

      // Header band, then the measures, then the ruling.
      theme.cells.forEach((cell, i) => {
        const x = LEFT + i * colWidth;
        const done = !hasMore[i];
        this.doc
          .save()
          .fillOpacity(done ? 0.45 : 1)
          .rect(x, top, colWidth, headHeight)
          .fill(COUNTRY_COLOR[cell.side.country] ?? OTHER_COUNTRY)
          .restore();
        let ly = top + 5;
        for (const line of heads[i]) {
          drawLine(this.doc, line, x + pad, ly);
          ly += line.height;
        }
      });
      placed.forEach(({ parts }, i) => {
        const x = LEFT + i * colWidth + pad;
        let cy = bodyTop;
        parts.forEach((part, k) => {
          for (const row of part.rows) {
            cy += row.gap;
            drawLine(this.doc, row.line, x, cy);
            cy += row.line.height;
          }
          cy += blockPad;
          if (k < parts.length - 1) this.rule(x, x + inner, cy - blockPad / 2 + 1, COLOR.hairline);
        });
      });
      const bottom = bodyTop + height;
      this.doc.save().lineWidth(0.5).strokeColor(COLOR.rule);
      for (let i = 1; i < n; i++) {
        const x = LEFT + i * colWidth;
        this.doc.moveTo(x, bodyTop).lineTo(x, bottom);
      }
      this.doc
        .rect(LEFT, top, WIDTH, bottom - top)
        .stroke()
        .restore();
      this.y = bottom;

      if (columns.every((c) => c.block >= c.blocks.length)) break;
      this.addPage();
      continued = true;
    }
  }

  private frictions(): void {
    const { brief } = this;
    this.sectionHeading('Friction points', 'frictions');
    if (!brief.frictions.length) {
      this.paragraph([{ text: 'No friction points are recorded on the board.', style: S.small }]);
      return;
    }
    brief.frictions.forEach((f, i) => {
      if (i > 0) {
        this.gap(10);
        if (!this.atTop && this.y + 60 < BOTTOM) this.rule(LEFT, RIGHT, this.y, COLOR.hairline);
        this.gap(12);
      }
      this.friction(f);
    });
  }

  private friction(f: BriefFriction): void {
    const head = this.wrap([
      { text: `${f.number}  `, style: S.h3Number },
      { text: f.title, style: S.h3 },
    ]);
    const meta: Span[] = [
      {
        text: f.severityLabel.toUpperCase(),
        style: S.badge,
        badge: { fill: SEVERITY_COLOR[f.severity] },
      },
      { text: ' ', style: S.small },
      {
        text: f.statusLabel.toUpperCase(),
        style: S.badge,
        badge: { fill: STATUS_COLOR[f.status] },
      },
    ];
    if (f.votes !== null) {
      meta.push({ text: ' ', style: S.small });
      meta.push({
        text: `${f.votes} ${f.votes === 1 ? 'VOTE' : 'VOTES'}`,
        style: S.badge,
        badge: { fill: COLOR.navy },
      });
    }
    const metaLines = this.wrap(meta);
    const body = this.wrap(this.rich(f.body, S.body, S.bodyMarker));
    this.ensure(linesHeight(head) + 4 + linesHeight(metaLines) + 4 + linesHeight(body.slice(0, 3)));
    this.anchor(frictionDest(f.number), `${f.number}. ${f.title}`, 2);
    this.flow(head);
    this.y += 3;
    this.flow(metaLines);
    this.y += 4;
    this.flow(body);
    if (!f.sides.length) return;
    this.y += 7;
    const label = this.wrap([{ text: 'LINKED MEASURES', style: S.label }]);
    const sideWidth = 118;
    const firstSide = this.sideLines(f.sides[0].measures, WIDTH - sideWidth);
    this.ensure(linesHeight(label) + 3 + linesHeight(firstSide.slice(0, 2)));
    this.flow(label);
    this.y += 3;
    for (const side of f.sides) {
      const lines = this.sideLines(side.measures, WIDTH - sideWidth);
      const sideLabel = this.wrap(
        [
          {
            text: side.label,
            style: { ...S.smallBold, color: COUNTRY_COLOR[side.country] ?? OTHER_COUNTRY },
          },
        ],
        sideWidth - 10,
      );
      this.ensure(Math.max(linesHeight(sideLabel), linesHeight(lines.slice(0, 2))));
      const top = this.y;
      const startPage = this.page;
      this.flow(lines, LEFT + sideWidth, WIDTH - sideWidth);
      if (this.page === startPage) {
        let ly = top;
        for (const line of sideLabel) {
          drawLine(this.doc, line, LEFT, ly);
          ly += line.height;
        }
        this.y = Math.max(this.y, ly);
      }
      this.y += 3;
    }
  }

  private sideLines(measures: BriefFriction['sides'][number]['measures'], width: number): Line[] {
    const lines: Line[] = [];
    for (const m of measures) {
      lines.push(
        ...this.wrap(
          [
            { text: m.title, style: style('regular', 8.5, COLOR.ink) },
            { text: ` — ${m.themeTitle}`, style: S.small },
          ],
          width,
        ),
      );
    }
    return lines;
  }

  /** A ruled table with a repeated header; `widths` of 0 share the remaining width. */
  private simpleTable(
    columns: { title: string; width: number; align?: 'left' | 'right' }[],
    rows: Span[][][],
  ): void {
    const fixed = columns.reduce((a, c) => a + c.width, 0);
    const flex = columns.filter((c) => c.width === 0).length;
    const widths = columns.map((c) => (c.width === 0 ? (WIDTH - fixed) / flex : c.width));
    const pad = 5;
    const wrapRow = (cells: Span[][]): Line[][] =>
      cells.map((spans, i) => this.wrap(spans, widths[i] - 2 * pad));
    const heightOf = (cells: Line[][]): number => Math.max(...cells.map(linesHeight)) + 2 * pad - 2;
    const header = wrapRow(columns.map((c) => [{ text: c.title, style: S.smallBold }]));
    const drawRow = (cells: Line[][], shade: boolean): void => {
      const h = heightOf(cells);
      if (shade) this.doc.rect(LEFT, this.y, WIDTH, h).fill(COLOR.tint);
      let x = LEFT;
      cells.forEach((lines, i) => {
        let ly = this.y + pad - 1;
        for (const line of lines) {
          drawLine(this.doc, line, x + pad, ly, widths[i] - 2 * pad, columns[i].align);
          ly += line.height;
        }
        x += widths[i];
      });
      this.y += h;
      this.rule(LEFT, RIGHT, this.y, shade ? COLOR.rule : COLOR.hairline);
    };
    this.ensure(heightOf(header) + (rows.length ? heightOf(wrapRow(rows[0])) : 0));
    drawRow(header, true);
    for (const row of rows) {
      const cells = wrapRow(row);
      if (this.y + heightOf(cells) > BOTTOM) {
        this.addPage();
        drawRow(header, true);
      }
      drawRow(cells, false);
    }
  }

  /** The facilitator's agenda, one row per step with what it does. */
  private agenda(): void {
    const { agenda } = this.brief;
    if (!agenda) return;
    this.sectionHeading('Agenda', 'agenda', false);
    this.simpleTable(
      [
        { title: 'Step', width: 40, align: 'right' },
        { title: 'Title', width: 170 },
        { title: 'What it does', width: 0 },
      ],
      agenda.map((step) => [
        [{ text: String(step.number), style: S.body }],
        [{ text: step.title, style: S.bodyBold }],
        [{ text: stepActions(step), style: S.small }],
      ]),
    );
  }

  private votes(): void {
    const { votes } = this.brief;
    if (!votes) return;
    this.sectionHeading('Vote results', 'votes', false);
    if (!votes.length) {
      this.paragraph([{ text: 'The vote was revealed with no votes cast.', style: S.small }]);
      return;
    }
    this.paragraph([
      {
        text: 'Results of the revealed vote, most votes first. Items with equal votes share a rank.',
        style: S.small,
      },
    ]);
    this.y += 8;
    this.simpleTable(
      [
        { title: 'Rank', width: 40, align: 'right' },
        { title: 'Item', width: 0 },
        { title: 'Where', width: 170 },
        { title: 'Votes', width: 48, align: 'right' },
      ],
      votes.map((v) => [
        [{ text: String(v.rank), style: S.body }],
        [{ text: v.title, style: S.bodyBold }],
        [{ text: v.context, style: S.small }],
        [{ text: String(v.votes), style: S.bodyBold }],
      ]),
    );
  }

  private comments(): void {
    const { comments } = this.brief;
    if (!comments) return;
    this.sectionHeading('Annex: open comments', 'comments');
    if (!comments.length) {
      this.paragraph([{ text: 'There are no open comments on the board.', style: S.small }]);
      return;
    }
    this.paragraph([
      { text: 'Comments not yet marked resolved, grouped by what they are about.', style: S.small },
    ]);
    for (const thread of comments) {
      this.gap(14);
      const head = this.wrap([
        {
          text: thread.targetKind === 'measure' ? 'MEASURE  ' : 'FRICTION POINT  ',
          style: S.label,
        },
        { text: thread.targetTitle, style: S.bodyBold },
      ]);
      const context = this.wrap([{ text: thread.context, style: S.small }]);
      const first = this.commentLines(thread.comments[0]);
      this.ensure(linesHeight(head) + linesHeight(context) + 6 + linesHeight(first.slice(0, 3)));
      this.flow(head);
      this.flow(context);
      for (const comment of thread.comments) {
        this.y += 5;
        this.flow(this.commentLines(comment), LEFT + 14, WIDTH - 14);
      }
    }
  }

  /** Measures citing no source; a fully sourced brief has no such annex. */
  private evidence(): void {
    const { measures, unsourced } = this.brief.evidence;
    if (!unsourced.length) return;
    this.sectionHeading('Annex: evidence check', 'evidence');
    this.paragraph([
      { text: `${unsourced.length} of ${measures} measures cite no source.`, style: S.small },
    ]);
    this.y += 8;
    this.simpleTable(
      [
        { title: 'Measure', width: 0 },
        { title: 'Where', width: 220 },
      ],
      unsourced.map((m) => [
        [{ text: m.title, style: S.bodyBold }],
        [{ text: m.context, style: S.small }],
      ]),
    );
  }

  private changes(): void {
    const { changes } = this.brief;
    if (!changes) return;
    this.sectionHeading(`Annex: changes since “${changes.label}”`, 'changes');
    const taken = changes.date ? `The snapshot was taken on ${changes.date}. ` : '';
    this.paragraph([
      {
        text: `${taken}Changes: ${changeCounts(changes)}. ${CHANGES_WHO}`,
        style: S.small,
      },
    ]);
    if (!changes.entries.length) return;
    this.y += 8;
    this.simpleTable(
      [
        { title: 'Change', width: 62 },
        { title: 'Item', width: 78 },
        { title: 'Title', width: 0 },
        { title: 'Where / what', width: 190 },
      ],
      changes.entries.map((c) => [
        [{ text: c.kindLabel, style: S.bodyBold }],
        [{ text: c.what, style: S.small }],
        [{ text: c.title, style: S.body }],
        [{ text: c.detail, style: S.small }],
      ]),
    );
  }

  private commentLines(comment: { author: string; date: string; text: string }): Line[] {
    return this.wrap(
      [
        { text: comment.author, style: style('bold', 8.5, COLOR.ink) },
        { text: comment.date ? `  ${comment.date}` : '', style: S.small },
        { text: `\n${comment.text}`, style: style('regular', 9, COLOR.body) },
      ],
      WIDTH - 14,
    );
  }

  private sources(): void {
    const { endnotes } = this.brief;
    this.sectionHeading('Sources', 'sources');
    if (!endnotes.length) {
      this.paragraph([{ text: 'No sources are recorded on the board.', style: S.small }]);
      return;
    }
    const labelWidth = Math.min(
      80,
      Math.max(26, ...endnotes.map((e) => measure(this.doc, e.label, S.noteLabel) + 8)),
    );
    for (const note of endnotes) {
      const spans: Span[] = [
        {
          text: note.citation || 'No citation recorded.',
          style: note.citation ? S.noteText : S.small,
        },
      ];
      if (note.url)
        spans.push({ text: `\n${note.url}`, style: S.noteUrl, link: note.url, url: true });
      const lines = this.wrap(spans, WIDTH - labelWidth);
      const label = this.wrap([{ text: note.label, style: S.noteLabel }], labelWidth - 4);
      this.ensure(Math.max(linesHeight(label), linesHeight(lines.slice(0, 2))));
      this.doc.addNamedDestination(sourceDest(note.id), 'XYZ', null, this.y - 6, null);
      const top = this.y;
      const page = this.page;
      this.flow(lines, LEFT + labelWidth, WIDTH - labelWidth);
      if (page === this.page) {
        let ly = top;
        for (const line of label) {
          drawLine(this.doc, line, LEFT, ly);
          ly += line.height;
        }
        this.y = Math.max(this.y, ly);
      }
      this.y += 5;
    }
  }

  /** Running header and "Page N of M" on every page but the cover. */
  private decoratePages(): void {
    const { count } = this.doc.bufferedPageRange();
    const title = truncate(this.doc, this.brief.title, S.header, WIDTH * 0.7);
    for (let i = 1; i < count; i++) {
      this.doc.switchToPage(i);
      const header = this.wrap([{ text: title, style: S.header }])[0];
      drawLine(this.doc, header, LEFT, 36);
      if (this.brief.date) {
        const date = this.wrap([{ text: this.brief.date.label, style: S.header }])[0];
        drawLine(this.doc, date, LEFT, 36, WIDTH, 'right');
      }
      this.rule(LEFT, RIGHT, 50, COLOR.hairline);
      const footer = this.wrap([{ text: `Page ${i + 1} of ${count}`, style: S.header }])[0];
      drawLine(this.doc, footer, LEFT, PAGE_HEIGHT - 42, WIDTH, 'right');
    }
  }

  write(): Doc {
    this.cover();
    this.contents();
    this.executiveSummary();
    this.themes();
    this.frictions();
    this.agenda();
    this.votes();
    this.comments();
    this.evidence();
    this.changes();
    this.sources();
    this.fillContents();
    this.decoratePages();
    return this.doc;
  }
}

/** Renders an already built brief to PDF bytes. */
export function renderPdf(brief: Brief): Promise<Buffer> {
  const id = createHash('md5').update(JSON.stringify(brief)).digest();
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let doc: Doc;
    try {
      doc = new BriefWriter(brief, id).write();
    } catch (error) {
      reject(error);
      return;
    }
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
    doc.end();
  });
}

/** The brief of `board` as a PDF. */
export function briefToPdf(board: BoardJSON, options: BriefOptions): Promise<Buffer> {
  return renderPdf(buildBrief(board, options));
}
