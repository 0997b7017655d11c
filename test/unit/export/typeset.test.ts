/**
 * The brief's line setting, checked line by line (the PDF test only sees extracted text, which
 * cannot show a line running past its margin): no line is wider than asked, nothing is lost,
 * Japanese lines never start with closing punctuation nor end with an opening bracket, URLs
 * break only at their punctuation, and a word wider than the line is split by characters.
 */
import PDFDocument from 'pdfkit';
import { beforeAll, describe, expect, it } from 'vitest';
import { briefFonts } from '../../../server/export/fonts.ts';
import {
  BADGE_PAD,
  measure,
  truncate,
  wrapSpans,
  type Line,
  type Span,
  type TextStyle,
} from '../../../server/export/typeset.ts';

let doc: PDFKit.PDFDocument;
const style: TextStyle = { font: 'regular', size: 10, color: '#000' };

beforeAll(() => {
  doc = new PDFDocument({ size: 'A4', margin: 0 });
  doc.registerFont('regular', briefFonts().regular);
  doc.registerFont('bold', briefFonts().bold);
});

const text = (line: Line) => line.items.map((i) => i.text).join('');
const texts = (lines: Line[]) => lines.map(text);

/**
 * Every line fits: the width the setter counted, and what each item measures as drawn (one
 * string, so with its kerning), from where it is drawn.
 */
function expectFits(lines: Line[], maxWidth: number): void {
  for (const line of lines) {
    expect(line.width, `"${text(line)}"`).toBeLessThanOrEqual(maxWidth + 1e-6);
    for (const item of line.items) {
      const drawn =
        measure(doc, item.text, item.span.style) + (item.span.badge ? 2 * BADGE_PAD : 0);
      expect(item.x + drawn, `"${item.text}"`).toBeLessThanOrEqual(maxWidth + 1e-6);
    }
  }
}

// Closing punctuation and small kana may not start a line; opening brackets may not end one.
const NO_LINE_START = [
  ...'、。，．・：；？！ー）」』】〕〉》｝］ぁぃぅぇぉっゃゅょゎァィゥェォッャュョヮヵヶ々〻',
];
const NO_LINE_END = [...'（「『【〔〈《｛［'];

const JAPANESE =
  '経済安全保障推進法（２０２２年）は、特定重要物資の安定的な供給の確保、基幹インフラ役務の安定的な提供の確保、' +
  '先端的な重要技術の開発支援、特許出願の非公開の四つの制度を定める。「サプライチェーン」の強靱化については、' +
  '半導体・蓄電池・重要鉱物などが指定された。米国のＣＨＩＰＳ法との比較では、補助金の規模『約５２７億ドル』が' +
  'しばしば引き合いに出される。ロジスティクスのボトルネックっぽい点も残っている。';

describe('Japanese lines', () => {
  for (const width of [60, 83, 117, 150, 201, 260]) {
    it(`break between characters, never before closing punctuation nor after an opening bracket (width ${width})`, () => {
      const lines = wrapSpans(doc, [{ text: JAPANESE, style }], width);
      expectFits(lines, width);
      expect(texts(lines).join('')).toBe(JAPANESE);
      expect(lines.length).toBeGreaterThan(3);
      lines.forEach((line, n) => {
        const t = text(line);
        if (n > 0) expect(NO_LINE_START, `line ${n} starts "${t}"`).not.toContain(t[0]);
        if (n < lines.length - 1)
          expect(NO_LINE_END, `line ${n} ends "${t}"`).not.toContain(t.at(-1));
      });
      // Lines are filled: the next line's first character would not have fitted (unless it is
      // held to its neighbours by the rules above, which can only push a break earlier by a few).
      for (let n = 0; n < lines.length - 1; n++) {
        expect(lines[n].width).toBeGreaterThan(width - 4 * style.size);
      }
    });
  }

  it('mixes Japanese and Latin words: Latin words stay whole', () => {
    const mixed =
      '日本の Economic Security Promotion Act と米国の CHIPS and Science Act を比べる。';
    for (const width of [70, 90, 130]) {
      const lines = wrapSpans(doc, [{ text: mixed, style }], width);
      expectFits(lines, width);
      const words = texts(lines)
        .join(' ')
        .split(/[\s\u3000]+|(?<=[^\p{ASCII}])|(?=[^\p{ASCII}])/u);
      for (const word of ['Economic', 'Security', 'Promotion', 'CHIPS', 'Science']) {
        expect(words, `${word} split at width ${width}`).toContain(word);
      }
    }
  });
});

describe('URLs', () => {
  const url =
    'https://www.federalregister.gov/documents/2022/10/13/2022-21658/implementation-of-additional-export-controls?utm_source=brief&page=2#section-3';
  const BREAK_BEFORE = '/.-_?#%~=&';

  for (const width of [90, 130, 180]) {
    it(`break only at punctuation, never inside "://" nor after a hyphen (width ${width})`, () => {
      const span: Span = { text: url, style, url: true, link: url };
      const lines = wrapSpans(doc, [span], width);
      expectFits(lines, width);
      expect(texts(lines).join('')).toBe(url);
      expect(lines.length).toBeGreaterThan(2);
      for (let n = 1; n < lines.length; n++) {
        const before = text(lines[n - 1]);
        const after = text(lines[n]);
        const atPunctuation = BREAK_BEFORE.includes(after[0]) || '=&'.includes(before.at(-1)!);
        expect(atPunctuation, `break between "${before}" | "${after}"`).toBe(true);
        expect(before.endsWith(':') || before.endsWith(':/')).toBe(false);
        expect(before.endsWith('-'), `line ends in a hyphen: "${before}"`).toBe(false);
      }
      // Every item still carries its link.
      for (const line of lines) for (const item of line.items) expect(item.span.link).toBe(url);
    });
  }

  it('plain text with the same characters does not break at its dots', () => {
    const word = 'example.com/a/b/c/d/e/f/g/h';
    const width = measure(doc, `see ${word}`, style) - 1;
    const lines = wrapSpans(doc, [{ text: `see ${word} and more words here`, style }], width);
    expectFits(lines, width);
    expect(texts(lines).slice(0, 2)).toEqual(['see', word]);
  });
});

describe('over-wide words', () => {
  it('a word wider than the line is split by characters, and no line overflows', () => {
    const word = 'Pneumonoultramicroscopicsilicovolcanoconiosis'.repeat(3);
    for (const width of [30, 55, 100]) {
      const lines = wrapSpans(doc, [{ text: `Before ${word} after`, style }], width);
      expectFits(lines, width);
      expect(texts(lines).join(' ').replace(/ /g, '')).toBe(`Before${word}after`);
      expect(lines.length).toBeGreaterThan(measure(doc, word, style) / width);
      // The split fills each line: the next character would not have fitted.
      const inside = lines.filter((l) => word.includes(text(l)) && text(l).length > 1);
      expect(inside.length).toBeGreaterThan(1);
      for (const line of inside.slice(0, -1)) {
        expect(line.width).toBeGreaterThan(width - measure(doc, 'W', style));
      }
    }
  });

  it('a line narrower than one character still makes progress, one character a line', () => {
    const lines = wrapSpans(doc, [{ text: 'abc', style }], 1);
    expect(texts(lines)).toEqual(['a', 'b', 'c']);
  });

  it('a long Japanese run with no break opportunity (all small kana) is split too', () => {
    const run = 'ー'.repeat(60);
    const lines = wrapSpans(doc, [{ text: `語${run}`, style }], 100);
    expectFits(lines, 100);
    expect(texts(lines).join('')).toBe(`語${run}`);
  });
});

describe('spaces, newlines and spans', () => {
  it('breaks Latin text at spaces only, and keeps forced newlines and blank lines', () => {
    const words = 'export controls on advanced computing items and semiconductor manufacturing';
    const lines = wrapSpans(doc, [{ text: `${words}\n\nsecond paragraph`, style }], 120);
    expectFits(lines, 120);
    const all = texts(lines);
    const blank = all.indexOf('');
    expect(blank).toBeGreaterThan(0);
    expect(all.slice(0, blank).join(' ')).toBe(words);
    expect(all.slice(blank + 1)).toEqual(['second paragraph']);
    expect(lines[blank].height).toBeLessThan(lines[0].height);
  });

  it('keeps spans apart with their own styles, and a badge is never broken', () => {
    const bold: TextStyle = { font: 'bold', size: 12, color: '#333' };
    const spans: Span[] = [
      { text: 'Measure ', style },
      { text: 'CHIPS Act', style: bold },
      { text: 'US', style, badge: { fill: '#ccc' } },
      { text: ' funds fabs and research', style },
    ];
    const lines = wrapSpans(doc, spans, 70);
    expectFits(lines, 70);
    const badge = lines.flatMap((l) => l.items).filter((i) => i.span.badge);
    expect(badge.map((i) => i.text)).toEqual(['US']);
    expect(
      lines
        .flatMap((l) => l.items)
        .filter((i) => i.span.style === bold)
        .map((i) => i.text)
        .join(' '),
    ).toBe('CHIPS Act');
    // The line height follows its largest font.
    const withBold = lines.find((l) => l.items.some((i) => i.span.style === bold))!;
    const plain = lines.find((l) => l.items.every((i) => i.span.style === style && !i.span.badge))!;
    expect(withBold.height).toBeGreaterThan(plain.height);
  });

  it('empty input gives no lines', () => {
    expect(wrapSpans(doc, [], 100)).toEqual([]);
    expect(wrapSpans(doc, [{ text: '', style }], 100)).toEqual([]);
  });
});

describe('truncate', () => {
  it('shortens with an ellipsis to fit, and leaves text that fits alone', () => {
    expect(truncate(doc, 'short', style, 200)).toBe('short');
    const long = '経済安全保障 economic security '.repeat(10);
    const cut = truncate(doc, long, style, 120);
    expect(cut.endsWith('…')).toBe(true);
    expect(measure(doc, cut, style)).toBeLessThanOrEqual(120);
    expect(long.startsWith(cut.slice(0, -1))).toBe(true);
    // As long as fits: one more character would not.
    const kept = [...cut.slice(0, -1)].length;
    const longer = `${[...long]
      .slice(0, kept + 1)
      .join('')
      .trimEnd()}…`;
    if (longer !== cut) expect(measure(doc, longer, style)).toBeGreaterThan(120);
  });
});
