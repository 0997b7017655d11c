/**
 * Line setting for the PDF brief: styled spans are broken into lines here, not by pdfkit, so
 * the brief knows every line's height before it draws anything. That is what lets tables
 * flow across pages, headings stay with their text and the contents page be filled in last.
 * Breaks fall at spaces, between Japanese characters (with the usual kinsoku exceptions) and,
 * in URLs, before `/`, `.`, `-`, …; a word wider than the line is split by characters.
 */
import type { FontName } from './fonts.ts';

export interface TextStyle {
  font: FontName;
  size: number;
  color: string;
}

export interface Span {
  text: string;
  style: TextStyle;
  /** External link (http/https). */
  link?: string;
  /** Named destination inside the document. */
  goTo?: string;
  /** May break after URL punctuation. */
  url?: boolean;
  /** Drawn as a small filled label; never broken. */
  badge?: { fill: string };
}

export interface LineItem {
  span: Span;
  text: string;
  x: number;
  width: number;
  /** A space separates it from the item before (kept in a tagged PDF, like `spaceAfter`). */
  spaced: boolean;
}

export interface Line {
  items: LineItem[];
  width: number;
  height: number;
  /** Distance from the line's top to its baseline. */
  ascent: number;
  /**
   * The line ended at a space or a newline: a tagged PDF keeps that space, so text read
   * through the structure tree does not run the last word into the next line's first.
   */
  spaceAfter: boolean;
}

/**
 * Marks what `drawLine` draws in a tagged PDF (see `PdfLayout`): `text` opens the marked
 * content a span belongs to before it is drawn, `link` draws a span's link annotation.
 */
export interface Tagger {
  text(span: Span): void;
  link(item: LineItem, rect: LinkRect): void;
}

/** Where a link annotation goes: x, top, width, height. */
export type LinkRect = [number, number, number, number];

/** Line height and baseline position, as multiples of the largest font size on the line. */
export const LEADING = 1.3;
const ASCENT = 1.04;
export const BADGE_PAD = 3.5;

type Doc = PDFKit.PDFDocument;

// Advance widths at 1 pt, shared by every render (the fonts never change within a process).
const widths = new Map<string, number>();
const WIDTH_CACHE_LIMIT = 200_000;

/** Width of `text` in `style`, in points. */
export function measure(doc: Doc, text: string, style: Pick<TextStyle, 'font' | 'size'>): number {
  const key = `${style.font}\u0000${text}`;
  let unit = widths.get(key);
  if (unit === undefined) {
    unit = doc.font(style.font).fontSize(1000).widthOfString(text) / 1000;
    if (widths.size >= WIDTH_CACHE_LIMIT) widths.clear();
    widths.set(key, unit);
  }
  return unit * style.size;
}

const CJK =
  /[\u2e80-\u2fff\u3000-\u303f\u3040-\u30ff\u3100-\u31ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff\ufe30-\ufe4f\uff00-\uffef]/;
const NO_BREAK_BEFORE =
  /[、。，．・：；？！ー）」』】〕〉》｝］ぁぃぅぇぉっゃゅょゎァィゥェォッャュョヮヵヶ々〻゠〜～’”,.:;!?)\]}%]/;
const NO_BREAK_AFTER = /[（「『【〔〈《｛［‘“([{]/;
// URLs break before punctuation (so a line never ends in a hyphen that reads as hyphenation),
// around `=` and `&`, and never inside `://`.
const URL_BREAK_BEFORE = /[/.\-_?#%~=&]/;
const URL_BREAK_AFTER = /[=&]/;

interface Piece {
  span: Span;
  text: string;
  /** A space precedes this piece. */
  space: boolean;
  /** No break is allowed before this piece. */
  glue: boolean;
  /** A forced line break precedes this piece (count of newlines). */
  newlines: number;
}

function isBreakable(prev: string, next: string, url: boolean): boolean {
  if (url) {
    if (prev === ':' || prev === '/' || prev === '.' || prev === '-') return false;
    if (URL_BREAK_BEFORE.test(next) || URL_BREAK_AFTER.test(prev)) return true;
  }
  if (!CJK.test(prev) && !CJK.test(next)) return false;
  return !NO_BREAK_BEFORE.test(next) && !NO_BREAK_AFTER.test(prev);
}

function toPieces(spans: readonly Span[]): Piece[] {
  const pieces: Piece[] = [];
  let current: Piece | null = null;
  let space = false;
  let newlines = 0;
  let prev = '';
  const start = (span: Span, ch: string, glue: boolean): void => {
    current = { span, text: ch, space, glue: glue && !space && newlines === 0, newlines };
    pieces.push(current);
    space = false;
    newlines = 0;
  };
  for (const span of spans) {
    if (!span.text) continue;
    if (span.badge) {
      start(span, span.text, prev !== '' && prev !== ' ' && prev !== '\n');
      current = null;
      prev = 'x';
      continue;
    }
    for (const ch of span.text) {
      if (ch === '\n') {
        newlines++;
        space = false;
        current = null;
        prev = '\n';
      } else if (ch === ' ' || ch === '\u3000') {
        if (newlines === 0 && pieces.length > 0) space = true;
        current = null;
        prev = ' ';
      } else {
        const c = current as Piece | null;
        const breakable =
          prev !== '' && prev !== ' ' && prev !== '\n' && isBreakable(prev, ch, span.url === true);
        if (c && c.span === span && !breakable) c.text += ch;
        else start(span, ch, !breakable && prev !== '' && prev !== ' ' && prev !== '\n');
        prev = ch;
      }
    }
  }
  return pieces;
}

class LineBuilder {
  readonly lines: Line[] = [];
  private items: LineItem[] = [];
  private x = 0;
  private maxSize = 0;

  constructor(
    private readonly doc: Doc,
    private readonly maxWidth: number,
    private readonly baseSize: number,
  ) {}

  get empty(): boolean {
    return this.items.length === 0;
  }

  get width(): number {
    return this.x;
  }

  pieceWidth(piece: { span: Span; text: string }): number {
    const w = measure(this.doc, piece.text, piece.span.style);
    return piece.span.badge ? w + 2 * BADGE_PAD : w;
  }

  spaceWidth(span: Span): number {
    return measure(this.doc, ' ', span.style);
  }

  add(span: Span, text: string, width: number, space: boolean): void {
    const gap = space && !this.empty ? this.spaceWidth(span) + (span.badge ? 2 : 0) : 0;
    const last = this.items[this.items.length - 1];
    if (last && last.span === span && !span.badge) {
      last.text += (gap ? ' ' : '') + text;
      last.width = this.x + gap + width - last.x;
    } else {
      this.items.push({ span, text, x: this.x + gap, width, spaced: gap > 0 });
    }
    this.x += gap + width;
    this.maxSize = Math.max(this.maxSize, span.style.size);
  }

  finish(blankSize = 0, spaceAfter = false): void {
    const size = this.maxSize || blankSize || this.baseSize;
    const height = this.items.length ? size * LEADING : size * LEADING * 0.5;
    this.lines.push({
      items: this.items,
      width: this.x,
      height,
      ascent: size * ASCENT,
      spaceAfter,
    });
    this.items = [];
    this.x = 0;
    this.maxSize = 0;
  }

  /** Splits a piece too wide for any line by characters. */
  addSplitting(piece: Piece, space: boolean): void {
    const { span } = piece;
    let chunk = '';
    let useSpace = space;
    for (const ch of piece.text) {
      const candidate = chunk + ch;
      const gap = useSpace && !this.empty ? this.spaceWidth(span) : 0;
      if (
        this.x + gap + measure(this.doc, candidate, span.style) > this.maxWidth &&
        (chunk || !this.empty)
      ) {
        if (chunk) this.add(span, chunk, measure(this.doc, chunk, span.style), useSpace);
        this.finish();
        useSpace = false;
        chunk = ch;
      } else {
        chunk = candidate;
      }
    }
    if (chunk) this.add(span, chunk, measure(this.doc, chunk, span.style), useSpace);
  }
}

/** Breaks `spans` into lines no wider than `maxWidth`. Empty input gives no lines. */
export function wrapSpans(doc: Doc, spans: readonly Span[], maxWidth: number): Line[] {
  const pieces = toPieces(spans);
  const baseSize = spans[0]?.style.size ?? 10;
  const builder = new LineBuilder(doc, maxWidth, baseSize);
  let i = 0;
  while (i < pieces.length) {
    // A group is a run of pieces with no break allowed between them.
    let j = i + 1;
    while (j < pieces.length && pieces[j].glue) j++;
    const group = pieces.slice(i, j);
    const head = group[0];
    if (head.newlines > 0) {
      builder.finish(head.span.style.size, true);
      for (let n = 1; n < head.newlines; n++) builder.finish(head.span.style.size);
    }
    const widths = group.map((p) => builder.pieceWidth(p));
    const total = widths.reduce((a, b) => a + b, 0);
    const gap = head.space && !builder.empty ? builder.spaceWidth(head.span) : 0;
    if (builder.width + gap + total > maxWidth && !builder.empty) builder.finish(0, head.space);
    if (total <= maxWidth || head.span.badge) {
      group.forEach((p, k) => builder.add(p.span, p.text, widths[k], k === 0 && p.space));
    } else {
      group.forEach((p, k) => {
        if (builder.width + widths[k] <= maxWidth)
          builder.add(p.span, p.text, widths[k], k === 0 && p.space);
        else builder.addSplitting(p, k === 0 && p.space);
      });
    }
    i = j;
  }
  if (!builder.empty) builder.finish();
  return builder.lines;
}

/** Total height of `lines`. */
export function linesHeight(lines: readonly Line[]): number {
  let h = 0;
  for (const line of lines) h += line.height;
  return h;
}

/** A span's link annotation over `rect`: an external link or a jump to a named destination. */
export function annotateLink(
  doc: Doc,
  span: Span,
  [x, y, w, h]: LinkRect,
  extra: Record<string, unknown> = {},
): void {
  if (span.link) doc.link(x, y, w, h, span.link, extra);
  else if (span.goTo) doc.goTo(x, y, w, h, span.goTo, extra);
}

/**
 * Draws one line with its top-left corner at (x, top); `align` shifts it within `width`.
 * With a `tagger`, each item is marked as it is drawn and a line broken at a space keeps it.
 */
export function drawLine(
  doc: Doc,
  line: Line,
  x: number,
  top: number,
  width?: number,
  align?: 'left' | 'right' | 'center',
  tagger?: Tagger,
): void {
  let dx = 0;
  if (width !== undefined && align === 'right') dx = width - line.width;
  else if (width !== undefined && align === 'center') dx = (width - line.width) / 2;
  const baseline = top + line.ascent;
  line.items.forEach((item, i) => {
    const { style } = item.span;
    tagger?.text(item.span);
    const next = line.items[i + 1];
    const space = tagger && (next ? next.spaced : line.spaceAfter);
    const left = x + dx + item.x;
    let textX = left;
    if (item.span.badge) {
      const h = style.size * 1.45;
      doc
        .roundedRect(left, baseline - style.size * 1.06, item.width, h, 2)
        .fill(item.span.badge.fill);
      textX += BADGE_PAD;
    }
    doc
      .font(style.font)
      .fontSize(style.size)
      .fillColor(style.color)
      .text(space ? `${item.text} ` : item.text, textX, baseline, {
        lineBreak: false,
        baseline: 'alphabetic',
      });
    if (item.span.link || item.span.goTo) {
      const rect: LinkRect = [left, top, item.width, line.height];
      if (tagger) tagger.link(item, rect);
      else annotateLink(doc, item.span, rect);
    }
  });
}

/** `text` shortened with an ellipsis to fit `maxWidth` on one line. */
export function truncate(doc: Doc, text: string, style: TextStyle, maxWidth: number): string {
  if (measure(doc, text, style) <= maxWidth) return text;
  const chars = [...text];
  let lo = 0;
  let hi = chars.length;
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    if (measure(doc, `${chars.slice(0, mid).join('').trimEnd()}…`, style) <= maxWidth) lo = mid;
    else hi = mid - 1;
  }
  return `${chars.slice(0, lo).join('').trimEnd()}…`;
}
