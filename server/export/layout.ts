/**
 * The PDF brief's page engine, apart from what the brief says: an A4 page flow that knows every
 * line's height before drawing (`typeset.ts`), keeps headings with their text and avoids
 * widows, named spacing instead of numbers scattered through the content, ruled tables that
 * repeat their header across pages, named destinations with an outline, and the running header
 * and page numbers drawn last. Content lives in `pdf.ts`; words in `wording.ts`.
 *
 * The PDF is tagged (pdfkit's `tagged` mode): every line is drawn inside the structure element
 * `block` opened for it (H1…H4, P, L/LI/Lbl/LBody, Table/TR/TH/TD) and every link inside a
 * Link element holding its annotation, in reading order; rules, fills, a table header repeated
 * on a later page, and the running header and page numbers are artifacts.
 */
import PDFDocument from 'pdfkit';
import { briefFonts } from './fonts.ts';
import {
  annotateLink,
  drawLine,
  linesHeight,
  truncate,
  wrapSpans,
  type Line,
  type LineItem,
  type LinkRect,
  type Span,
  type Tagger,
  type TextStyle,
} from './typeset.ts';

type Doc = PDFKit.PDFDocument;
type Element = PDFKit.PDFStructureElement;

/** The standard structure types the brief uses. */
export type Tag =
  'H1' | 'H2' | 'H3' | 'H4' | 'P' | 'L' | 'LI' | 'Lbl' | 'LBody' | 'Table' | 'TR' | 'TH' | 'TD';

/**
 * What pdfkit does but does not type or expose: a link annotation belongs in the structure
 * tree through its own parent-tree key, and its Link element refers to it (an OBJR).
 */
interface StructInternals {
  createStructParentTreeNextKey(): number;
  getStructParentTree(): { add(key: number, value: unknown): void };
}
interface ElementInternals {
  dictionary: { data: { K: unknown[]; A?: unknown } };
  _children: unknown[];
  _flushChild(child: unknown): void;
}
interface PageInternals {
  annotations: unknown[];
  dictionary: { data: { Tabs?: string } };
}

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

/** The annotation references a Link element lists after its text. */
class AnnotationRef {
  constructor(
    readonly annotation: unknown,
    readonly page: unknown,
  ) {}
}

export class PdfLayout {
  readonly doc: Doc;
  y: number = PAGE.top;
  page = 0;
  private outlineParent: OutlineItem | null = null;
  private readonly root: Element;
  /** The element lines are drawn into now (the Document element between blocks). */
  private current: { el: Element; tag: string };
  /** The marked content open now, and the element it belongs to. */
  private open: { el: Element; content: PDFKit.PDFStructureContent } | null = null;
  /** The Link element of the span being drawn, kept while the span wraps onto more lines. */
  private link: { span: Span; el: Element } | null = null;
  private readonly tagger: Tagger = {
    text: (span) => this.markText(span),
    link: (item, rect) => this.markLink(item, rect),
  };

  constructor(info: DocumentInfo) {
    const when = new Date(info.time);
    this.doc = new PDFDocument({
      size: 'A4',
      margin: 0,
      bufferPages: true,
      tagged: true,
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
    this.root = this.doc.struct('Document');
    this.doc.addStructure(this.root);
    this.current = { el: this.root, tag: 'Document' };
    this.tabsInStructureOrder();
  }

  addPage(): void {
    // Marked content never spans pages: the next line opens a new one on the new page.
    this.closeContent();
    this.doc.addPage();
    this.tabsInStructureOrder();
    this.page++;
    this.y = PAGE.top;
  }

  /** Tab key order of links follows the structure tree. */
  private tabsInStructureOrder(): void {
    (this.doc.page as unknown as PageInternals).dictionary.data.Tabs = 'S';
  }

  // ── tagging ──────────────────────────────────────────────────────────────────────────

  /**
   * Runs `draw` inside a new `tag` element, a child of the element open now; what `draw`
   * places (lines, nested blocks) belongs to it, in the order drawn.
   */
  block(tag: Tag, draw: () => void, attributes?: Record<string, unknown>): void {
    const el = this.doc.struct(tag);
    if (attributes) (el as unknown as ElementInternals).dictionary.data.A = attributes;
    const outer = this.current;
    this.closeContent();
    outer.el.add(el);
    this.current = { el, tag };
    try {
      draw();
    } finally {
      this.closeContent();
      this.link = null;
      this.current = outer;
      el.end();
    }
  }

  /** Runs `draw` (rules, fills, running heads) as an artifact of `type`, outside the structure. */
  artifact(draw: () => void, type: 'Layout' | 'Pagination' = 'Layout', attached?: string[]): void {
    this.closeContent();
    this.doc.markContent('Artifact', { type, ...(attached ? { attached } : {}) });
    draw();
    this.doc.endMarkedContent();
  }

  private openContent(el: Element, tag: string): void {
    if (this.open?.el === el) return;
    this.closeContent();
    this.open = { el, content: this.doc.markStructureContent(tag) };
  }

  private closeContent(): void {
    if (!this.open) return;
    this.doc.endMarkedContent();
    this.open.el.add(this.open.content);
    this.open = null;
  }

  private markText(span: Span): void {
    if (!span.link && !span.goTo) {
      this.link = null;
      this.openContent(this.current.el, this.current.tag);
      return;
    }
    if (this.link?.span !== span) {
      this.closeContent();
      const el = this.doc.struct('Link');
      this.current.el.add(el);
      this.link = { span, el };
    }
    this.openContent(this.link.el, 'Link');
  }

  /** The link annotation of `item`, tied to the Link element its text is in. */
  private markLink(item: LineItem, rect: LinkRect): void {
    const el = this.link?.el;
    if (!el) return annotateLink(this.doc, item.span, rect);
    const doc = this.doc as unknown as StructInternals;
    const key = doc.createStructParentTreeNextKey();
    doc.getStructParentTree().add(key, (el as unknown as ElementInternals).dictionary);
    annotateLink(this.doc, item.span, rect, {
      StructParent: key,
      Contents: new String(item.span.link ?? item.text),
    });
    const page = this.doc.page as unknown as PageInternals;
    const ref = new AnnotationRef(page.annotations[page.annotations.length - 1], page.dictionary);
    const internals = el as unknown as ElementInternals;
    if (!internals._children.some((child) => child instanceof AnnotationRef)) {
      const flushChild = internals._flushChild.bind(internals);
      internals._flushChild = (child) => {
        if (child instanceof AnnotationRef)
          internals.dictionary.data.K.push({ Type: 'OBJR', Obj: child.annotation, Pg: child.page });
        else flushChild(child);
      };
    }
    internals._children.push(ref);
  }

  /** Draws one line, tagged. */
  private line(line: Line, x: number, top: number, width?: number, align?: 'left' | 'right'): void {
    drawLine(this.doc, line, x, top, width, align, this.tagger);
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

  /**
   * Places lines at `x` as one `tag` element (a paragraph unless told), breaking pages between
   * lines and keeping at least two together. `tag` null draws into the element open now.
   */
  flow(
    lines: readonly Line[],
    x = PAGE.left,
    width = WIDTH,
    tag: Tag | null = 'P',
    align?: 'left' | 'right',
  ): void {
    const n = lines.length;
    if (!n) return;
    if (tag) return this.block(tag, () => this.flow(lines, x, width, null, align));
    this.ensure(linesHeight(lines.slice(0, Math.min(2, n))));
    for (let i = 0; i < n; i++) {
      const line = lines[i];
      const widow =
        i === n - 2 && i >= 2 && this.y + line.height + lines[i + 1].height > PAGE.bottom;
      if (this.y + line.height > PAGE.bottom || widow) this.addPage();
      this.line(line, x, this.y, width, align);
      this.y += line.height;
    }
  }

  paragraph(spans: readonly Span[], x = PAGE.left, width = WIDTH, tag: Tag | null = 'P'): void {
    this.flow(this.wrap(spans, width), x, width, tag);
  }

  rule(x1: number, x2: number, y: number, color: string = COLOR.rule, width = 0.5): void {
    this.artifact(() =>
      this.doc
        .save()
        .moveTo(x1, y)
        .lineTo(x2, y)
        .lineWidth(width)
        .strokeColor(color)
        .stroke()
        .restore(),
    );
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
   * A section heading (`tag`, H2 unless told) with a hairline under it, kept with at least
   * `keep` points of what follows.
   */
  heading(title: string, dest: string, headingStyle: TextStyle, keep = 90, tag: Tag = 'H2'): void {
    this.gap(SPACE.section);
    const lines = this.wrap([{ text: title, style: headingStyle }]);
    this.ensure(linesHeight(lines) + SPACE.afterHeading + keep);
    this.anchor(dest, title, 1);
    this.flow(lines, PAGE.left, WIDTH, tag);
    this.y += 2;
    this.rule(PAGE.left, PAGE.right, this.y, COLOR.accent, 0.8);
    this.y += SPACE.afterHeading;
  }

  /**
   * A label in a left margin column beside flowing text (cover facts, endnotes): one list
   * item, its label (Lbl) read before its text (LBody). Call it inside an `L` block.
   */
  labelled(
    label: readonly Line[],
    lines: readonly Line[],
    labelWidth: number,
    dest?: string,
  ): void {
    // Room for the label and the text's first lines, so both start on this page.
    this.ensure(Math.max(linesHeight(label), linesHeight(lines.slice(0, 2))));
    if (dest) this.doc.addNamedDestination(dest, 'XYZ', null, this.y - 6, null);
    const top = this.y;
    this.block('LI', () => {
      let ly = top;
      this.block('Lbl', () => {
        for (const line of label) {
          this.line(line, PAGE.left, ly);
          ly += line.height;
        }
      });
      this.flow(lines, PAGE.left + labelWidth, WIDTH - labelWidth, 'LBody');
      if (this.y < ly) this.y = ly;
    });
  }

  /**
   * A ruled table with a header repeated on every page it spans (an artifact after the
   * first: a reader hears it once). `rows` are cells of spans; a row never splits across
   * pages. With `rowHeaders`, each row's first cell is its header (TH).
   */
  table(
    columns: readonly TableColumn[],
    rows: Span[][][],
    headStyle: TextStyle,
    rowHeaders = false,
  ): void {
    const fixed = columns.reduce((a, c) => a + c.width, 0);
    const flex = columns.filter((c) => c.width === 0).length;
    const widths = columns.map((c) => (c.width === 0 ? (WIDTH - fixed) / flex : c.width));
    const pad = SPACE.cell;
    const wrapRow = (cells: Span[][]): Line[][] =>
      cells.map((spans, i) => this.wrap(spans, widths[i] - 2 * pad));
    const heightOf = (cells: Line[][]): number => Math.max(...cells.map(linesHeight)) + 2 * pad;
    const header = wrapRow(columns.map((c) => [{ text: c.title, style: headStyle }]));
    const drawCells = (cells: Line[][], tagged: boolean): void => {
      let x: number = PAGE.left;
      cells.forEach((lines, i) => {
        const draw = (): void => {
          let ly = this.y + pad;
          for (const line of lines) {
            const args = [line, x + pad, ly, widths[i] - 2 * pad, columns[i].align] as const;
            if (tagged) this.line(...args);
            else drawLine(this.doc, ...args);
            ly += line.height;
          }
        };
        if (!tagged) draw();
        else if (cells === header) this.block('TH', draw, { O: 'Table', Scope: 'Column' });
        else if (rowHeaders && i === 0) this.block('TH', draw, { O: 'Table', Scope: 'Row' });
        else this.block('TD', draw);
        x += widths[i];
      });
    };
    /** `repeat`: the header again on a later page, drawn as an artifact. */
    const drawRow = (cells: Line[][], repeat = false): void => {
      const h = heightOf(cells);
      const head = cells === header;
      if (head) this.artifact(() => this.doc.rect(PAGE.left, this.y, WIDTH, h).fill(COLOR.tint));
      if (repeat) this.artifact(() => drawCells(cells, false), 'Pagination');
      else this.block('TR', () => drawCells(cells, true));
      this.y += h;
      this.rule(PAGE.left, PAGE.right, this.y, head ? COLOR.rule : COLOR.hairline);
    };
    this.ensure(heightOf(header) + (rows.length ? heightOf(wrapRow(rows[0])) : 0));
    this.block('Table', () => {
      drawRow(header);
      for (const row of rows) {
        const cells = wrapRow(row);
        if (this.y + heightOf(cells) > PAGE.bottom) {
          this.addPage();
          drawRow(header, true);
        }
        drawRow(cells);
      }
    });
  }

  /** Running header and page number on every page but the first, as pagination artifacts. */
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
      this.artifact(
        () => {
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
        },
        'Pagination',
        ['Top'],
      );
      this.rule(PAGE.left, PAGE.right, 47, COLOR.hairline);
      const footer = this.wrap([{ text: pageLabel(i + 1, count), style: s }])[0];
      this.artifact(
        () => drawLine(this.doc, footer, PAGE.left, PAGE.height - 38, WIDTH, 'right'),
        'Pagination',
        ['Bottom'],
      );
    }
  }

  /** The finished document's bytes. */
  finish(): Promise<Buffer> {
    return new Promise((resolve, reject) => {
      const chunks: Buffer[] = [];
      this.doc.on('data', (chunk: Buffer) => chunks.push(chunk));
      this.doc.on('end', () => resolve(Buffer.concat(chunks)));
      this.doc.on('error', reject);
      this.closeContent();
      this.root.end();
      this.doc.end();
    });
  }
}
