/**
 * The PDF brief's page engine, apart from what the brief says: an A4 page flow that knows every
 * line's height before drawing (`typeset.ts`), keeps headings with their text and avoids
 * widows, named spacing instead of numbers scattered through the content, ruled tables that
 * repeat their header across pages, named destinations with an outline, and the running header
 * and page numbers drawn last. Content lives in `pdf.ts`; words in `wording.ts`.
 */
import PDFDocument from 'pdfkit';
import { briefFonts } from './fonts.ts';
import {
  drawLine,
  linesHeight,
  truncate,
  wrapSpans,
  type Line,
  type Span,
  type TextStyle,
} from './typeset.ts';

type Doc = PDFKit.PDFDocument;

export const PAGE = {
  width: 595.28,
  height: 841.89,
  left: 50,
  right: 595.28 - 50,
  top: 56,
  bottom: 841.89 - 44,
};
export const WIDTH = PAGE.right - PAGE.left;

/** Vertical space by purpose, so the rhythm is set in one place. */
export const SPACE = {
  /** Before a numbered section (key judgements, matrix, friction points, …). */
  section: 16,
  /** After a section heading's rule. */
  afterHeading: 10,
  /** Between themes, friction points, comment threads. */
  block: 9,
  /** Between a sub-heading and its text, or two paragraphs. */
  paragraph: 5,
  /** Between items of a list. */
  item: 3,
  /** Padding inside a table cell. */
  cell: 4,
} as const;

export const COLOR = {
  ink: '#1b1f24',
  body: '#2b3137',
  muted: '#5d6873',
  faint: '#8b96a0',
  accent: '#1f3a5f',
  link: '#1a5fb4',
  rule: '#c3ccd5',
  hairline: '#e1e6eb',
  tint: '#f3f5f7',
} as const;

/** Side colours by country code; other codes (context columns) are slate. */
const COUNTRY_COLOR: Record<string, string> = { US: '#1f3a5f', JP: '#9b1b30', 'US-JP': '#4c3f78' };
export const countryColor = (country: string): string => COUNTRY_COLOR[country] ?? '#56646f';

export const SEVERITY_COLOR = { high: '#9b1b30', medium: '#8a5a12', low: '#56646f' } as const;

export const style = (font: TextStyle['font'], size: number, color: string): TextStyle => ({
  font,
  size,
  color,
});

export interface TableColumn {
  title: string;
  /** Points; 0 shares the width left over. */
  width: number;
  align?: 'left' | 'right';
}

interface OutlineItem {
  addItem(title: string, options?: { expanded?: boolean }): OutlineItem;
  outlineData: { Dest?: unknown[] };
}

export interface DocumentInfo {
  title: string;
  subject?: string;
  lang: string;
  time: number;
  /** The PDF's file ID, tied to the content so a render is byte-for-byte repeatable. */
  id: Buffer;
}

export class PdfLayout {
  readonly doc: Doc;
  y: number = PAGE.top;
  page = 0;
  private outlineParent: OutlineItem | null = null;

  constructor(info: DocumentInfo) {
    const when = new Date(info.time);
    this.doc = new PDFDocument({
      size: 'A4',
      margin: 0,
      bufferPages: true,
      pdfVersion: '1.7',
      lang: info.lang,
      displayTitle: true,
      info: {
        Title: info.title,
        ...(info.subject ? { Subject: info.subject } : {}),
        Creator: 'Briefing board',
        Producer: 'Briefing board (PDFKit)',
        CreationDate: when,
        ModDate: when,
      },
    });
    // pdfkit derives the file ID from the info dictionary; tie it to the content instead.
    (this.doc as unknown as { _id: Buffer })._id = info.id;
    const fonts = briefFonts();
    this.doc.registerFont('regular', fonts.regular);
    this.doc.registerFont('bold', fonts.bold);
  }

  addPage(): void {
    this.doc.addPage();
    this.page++;
    this.y = PAGE.top;
  }

  get atTop(): boolean {
    return this.y <= PAGE.top + 0.01;
  }

  /** Moves to a new page unless `height` still fits on this one. */
  ensure(height: number): void {
    if (this.y + height > PAGE.bottom && !this.atTop) this.addPage();
  }

  /** Vertical space, dropped at the top of a page. */
  gap(height: number): void {
    if (!this.atTop) this.y = Math.min(this.y + height, PAGE.bottom);
  }

  wrap(spans: readonly Span[], width = WIDTH): Line[] {
    return wrapSpans(this.doc, spans, width);
  }

  /** Places lines at `x`, breaking pages between lines and keeping at least two together. */
  flow(lines: readonly Line[], x = PAGE.left, width = WIDTH, align?: 'left' | 'right'): void {
    const n = lines.length;
    if (!n) return;
    this.ensure(linesHeight(lines.slice(0, Math.min(2, n))));
    for (let i = 0; i < n; i++) {
      const line = lines[i];
      const widow =
        i === n - 2 && i >= 2 && this.y + line.height + lines[i + 1].height > PAGE.bottom;
      if (this.y + line.height > PAGE.bottom || widow) this.addPage();
      drawLine(this.doc, line, x, this.y, width, align);
      this.y += line.height;
    }
  }

  paragraph(spans: readonly Span[], x = PAGE.left, width = WIDTH): void {
    this.flow(this.wrap(spans, width), x, width);
  }

  rule(x1: number, x2: number, y: number, color: string = COLOR.rule, width = 0.5): void {
    this.doc
      .save()
      .moveTo(x1, y)
      .lineTo(x2, y)
      .lineWidth(width)
      .strokeColor(color)
      .stroke()
      .restore();
  }

  /** Marks the current position as a named destination and an outline entry. */
  anchor(dest: string, title: string, level: 1 | 2): void {
    this.doc.addNamedDestination(dest, 'XYZ', null, this.y - 6, null);
    const outline = this.doc.outline as unknown as OutlineItem;
    const parent = level === 1 ? outline : (this.outlineParent ?? outline);
    const item = parent.addItem(title);
    item.outlineData.Dest = [this.doc.page.dictionary, 'XYZ', null, PAGE.height - this.y + 6, null];
    if (level === 1) this.outlineParent = item;
  }

  /**
   * A section heading with a hairline under it, kept with at least `keep` points of what
   * follows; `newPage` starts it on a fresh page.
   */
  heading(title: string, dest: string, headingStyle: TextStyle, keep = 90, newPage = false): void {
    if (newPage && !this.atTop) this.addPage();
    this.gap(SPACE.section);
    const lines = this.wrap([{ text: title, style: headingStyle }]);
    this.ensure(linesHeight(lines) + SPACE.afterHeading + keep);
    this.anchor(dest, title, 1);
    this.flow(lines);
    this.y += 2;
    this.rule(PAGE.left, PAGE.right, this.y, COLOR.accent, 0.8);
    this.y += SPACE.afterHeading;
  }

  /**
   * A label in a left margin column beside flowing text (cover facts, endnotes, sides of a
   * friction point). The label is drawn only when the text started on the same page.
   */
  labelled(
    label: readonly Line[],
    lines: readonly Line[],
    labelWidth: number,
    dest?: string,
  ): void {
    this.ensure(Math.max(linesHeight(label), linesHeight(lines.slice(0, 2))));
    if (dest) this.doc.addNamedDestination(dest, 'XYZ', null, this.y - 6, null);
    const top = this.y;
    const page = this.page;
    this.flow(lines, PAGE.left + labelWidth, WIDTH - labelWidth);
    if (page === this.page) {
      let ly = top;
      for (const line of label) {
        drawLine(this.doc, line, PAGE.left, ly);
        ly += line.height;
      }
      this.y = Math.max(this.y, ly);
    }
  }

  /**
   * A ruled table with a header repeated on every page it spans. `rows` are cells of spans;
   * a row never splits across pages.
   */
  table(columns: readonly TableColumn[], rows: Span[][][], headStyle: TextStyle): void {
    const fixed = columns.reduce((a, c) => a + c.width, 0);
    const flex = columns.filter((c) => c.width === 0).length;
    const widths = columns.map((c) => (c.width === 0 ? (WIDTH - fixed) / flex : c.width));
    const pad = SPACE.cell;
    const wrapRow = (cells: Span[][]): Line[][] =>
      cells.map((spans, i) => this.wrap(spans, widths[i] - 2 * pad));
    const heightOf = (cells: Line[][]): number => Math.max(...cells.map(linesHeight)) + 2 * pad;
    const header = wrapRow(columns.map((c) => [{ text: c.title, style: headStyle }]));
    const drawRow = (cells: Line[][], head: boolean): void => {
      const h = heightOf(cells);
      if (head) this.doc.rect(PAGE.left, this.y, WIDTH, h).fill(COLOR.tint);
      let x: number = PAGE.left;
      cells.forEach((lines, i) => {
        let ly = this.y + pad;
        for (const line of lines) {
          drawLine(this.doc, line, x + pad, ly, widths[i] - 2 * pad, columns[i].align);
          ly += line.height;
        }
        x += widths[i];
      });
      this.y += h;
      this.rule(PAGE.left, PAGE.right, this.y, head ? COLOR.rule : COLOR.hairline);
    };
    this.ensure(heightOf(header) + (rows.length ? heightOf(wrapRow(rows[0])) : 0));
    drawRow(header, true);
    for (const row of rows) {
      const cells = wrapRow(row);
      if (this.y + heightOf(cells) > PAGE.bottom) {
        this.addPage();
        drawRow(header, true);
      }
      drawRow(cells, false);
    }
  }

  /** Running header and page number on every page but the first. */
  decorate(
    title: string,
    right: string,
    pageLabel: (n: number, of: number) => string,
    s: TextStyle,
  ): void {
    const { count } = this.doc.bufferedPageRange();
    const shortTitle = truncate(this.doc, title, s, WIDTH * 0.7);
    for (let i = 1; i < count; i++) {
      this.doc.switchToPage(i);
      drawLine(this.doc, this.wrap([{ text: shortTitle, style: s }])[0], PAGE.left, 34);
      if (right)
        drawLine(
          this.doc,
          this.wrap([{ text: right, style: s }])[0],
          PAGE.left,
          34,
          WIDTH,
          'right',
        );
      this.rule(PAGE.left, PAGE.right, 47, COLOR.hairline);
      const footer = this.wrap([{ text: pageLabel(i + 1, count), style: s }])[0];
      drawLine(this.doc, footer, PAGE.left, PAGE.height - 38, WIDTH, 'right');
    }
  }

  /** The finished document's bytes. */
  finish(): Promise<Buffer> {
    return new Promise((resolve, reject) => {
      const chunks: Buffer[] = [];
      this.doc.on('data', (chunk: Buffer) => chunks.push(chunk));
      this.doc.on('end', () => resolve(Buffer.concat(chunks)));
      this.doc.on('error', reject);
      this.doc.end();
    });
  }
}
