/**
 * The brief as a PDF an official can circulate: a first page with the title, where the content
 * comes from and the key judgements; one comparison matrix (themes × sides, "not addressed"
 * where a side has nothing); the themes one after another; the friction points as questions
 * with their severity reason and linked measures; the annexes and the endnotes with clickable
 * URLs. Only what the brief says and how it looks is here: page flow, tables and spacing are in
 * `layout.ts`, the words in `wording.ts`, the content in `brief.ts`. Byte-for-byte
 * deterministic; text is real and subset-embedded (Noto Sans JP), so Japanese copies out.
 */
import { createHash } from 'node:crypto';
import type { BoardJSON } from '../../shared/board/index.ts';
import {
  buildBrief,
  endnoteIndex,
  type Brief,
  type BriefEndnote,
  type BriefFinding,
  type BriefFriction,
  type BriefMeasure,
  type BriefOptions,
  type BriefTheme,
  type RichText,
} from './brief.ts';
import { changesSummary } from './annexes.ts';
import { stepActions } from './agenda.ts';
import { alignmentLine } from './alignment.ts';
import { WORDING, type Wording } from './wording.ts';
import {
  COLOR,
  countryColor,
  PAGE,
  PdfLayout,
  SEVERITY_COLOR,
  SPACE,
  style,
  WIDTH,
} from './layout.ts';
import { linesHeight, measure, type Span, type TextStyle } from './typeset.ts';

const S = {
  eyebrow: style('bold', 8.5, COLOR.muted),
  title: style('bold', 22, COLOR.accent),
  subtitle: style('regular', 11.5, COLOR.muted),
  factLabel: style('bold', 7.5, COLOR.muted),
  factValue: style('regular', 9, COLOR.ink),
  factLink: style('regular', 9, COLOR.link),
  h1: style('bold', 13.5, COLOR.accent),
  h2: style('bold', 11, COLOR.ink),
  h2Number: style('bold', 11, COLOR.faint),
  h3: style('bold', 9.5, COLOR.ink),
  body: style('regular', 8.5, COLOR.body),
  bodyBold: style('bold', 8.5, COLOR.ink),
  marker: style('regular', 7.5, COLOR.link),
  small: style('regular', 7.8, COLOR.muted),
  smallBold: style('bold', 7.8, COLOR.muted),
  smallLink: style('regular', 7.8, COLOR.link),
  side: style('bold', 7.5, COLOR.muted),
  measureTitle: style('bold', 8, COLOR.ink),
  measureFacts: style('regular', 7.2, COLOR.muted),
  measureBody: style('regular', 7.6, COLOR.body),
  notAddressed: style('regular', 8, COLOR.faint),
  matrixHead: style('bold', 7.5, COLOR.ink),
  matrixTheme: style('bold', 7.2, COLOR.ink),
  matrixCell: style('regular', 6.8, COLOR.body),
  matrixEmpty: style('regular', 6.8, COLOR.faint),
  header: style('regular', 7, COLOR.faint),
  noteLabel: style('bold', 7.4, COLOR.ink),
  noteText: style('regular', 7.4, COLOR.body),
  noteUrl: style('regular', 7.4, COLOR.link),
};

const sourceDest = (id: string): string => `source-${id}`;
const frictionDest = (n: number): string => `friction-${n}`;
const themeDest = (n: number): string => `theme-${n}`;

/** Letters of the annexes, in order. */
const LETTERS = 'ABCDEFGH';

class BriefPdf {
  private readonly page: PdfLayout;
  private readonly words: Wording;
  private readonly notes: Map<string, BriefEndnote>;
  private annexes = 0;

  constructor(private readonly brief: Brief) {
    this.words = WORDING[brief.language];
    this.page = new PdfLayout({
      title: brief.title,
      subject: brief.subtitle || undefined,
      lang: this.words.lang,
      time: brief.date?.time ?? Date.UTC(2000, 0, 1),
      id: createHash('md5').update(JSON.stringify(brief)).digest(),
    });
    this.notes = endnoteIndex(brief);
  }

  private rich(text: RichText, textStyle: TextStyle, marker = S.marker): Span[] {
    return text.map((part) => {
      if (typeof part === 'string') return { text: part, style: textStyle };
      const note = this.notes.get(part.sourceId);
      return { text: note?.label ?? '', style: marker, goTo: sourceDest(part.sourceId) };
    });
  }

  private markers(m: BriefMeasure): Span[] {
    return m.endnotes.map((ref, i) => ({
      text: `${i === 0 ? ' ' : ''}${this.notes.get(ref.sourceId)?.label ?? ''}`,
      style: S.marker,
      goTo: sourceDest(ref.sourceId),
    }));
  }

  // ── first page: title, provenance, key judgements ────────────────────────────────────

  private cover(): void {
    const { brief, words, page } = this;
    // pdfkit opens the first page itself.
    page.y = PAGE.top - 8;
    page.flow(page.wrap([{ text: words.brief.toUpperCase(), style: S.eyebrow }]));
    page.y += 6;
    page.flow(page.wrap([{ text: brief.title, style: S.title }]), PAGE.left, WIDTH, 'H1');
    if (brief.subtitle) {
      page.y += 4;
      page.flow(page.wrap([{ text: brief.subtitle, style: S.subtitle }]));
    }
    page.y += 12;
    page.rule(PAGE.left, PAGE.right, page.y, COLOR.accent, 1.2);
    page.y += 10;

    const facts: [string, Span[]][] = [];
    const p = brief.provenance;
    if (p?.source) {
      const source = [p.source, p.publisher, p.date].filter(Boolean).join(words.comma);
      facts.push([words.coverSource, [{ text: source, style: S.factValue }]]);
    }
    if (p?.author) facts.push([words.coverAuthor, [{ text: p.author, style: S.factValue }]]);
    if (p?.asOf) facts.push([words.coverAsOf, [{ text: p.asOf, style: S.factValue }]]);
    if (brief.date) facts.push([words.coverDate, [{ text: brief.date.label, style: S.factValue }]]);
    if (brief.boardUrl) {
      facts.push([
        words.coverBoard,
        [
          brief.boardUrlIsLink
            ? { text: brief.boardUrl, style: S.factLink, link: brief.boardUrl, url: true }
            : { text: brief.boardUrl, style: S.factValue },
        ],
      ]);
    }
    if (brief.participants.length) {
      const shown = brief.participants.slice(0, 40);
      const more = brief.participants.length - shown.length;
      const names = shown.join(words.comma) + (more > 0 ? words.more(more) : '');
      facts.push([words.coverParticipants, [{ text: names, style: S.factValue }]]);
    }
    const labelWidth = brief.language === 'ja' ? 70 : 86;
    if (facts.length)
      page.block('L', () => {
        for (const [label, value] of facts) {
          page.labelled(
            page.wrap([{ text: label.toUpperCase(), style: S.factLabel }], labelWidth - 6),
            page.wrap(value, WIDTH - labelWidth),
            labelWidth,
          );
          page.y += 2;
        }
      });
    const { stats } = brief;
    page.y += 4;
    page.paragraph([
      {
        text: `${words.counts(stats.themes, stats.measures, stats.frictions, stats.sources)}. ${words.coverNote}`,
        style: S.small,
      },
    ]);
  }

  private keyJudgements(): void {
    const { brief, words, page } = this;
    page.heading(words.keyJudgements, 'key-judgements', S.h1, 60);
    if (brief.keyJudgements.length) {
      const paragraphs = splitParagraphs(brief.keyJudgements);
      paragraphs.forEach((para, i) => {
        if (i > 0) page.y += SPACE.paragraph;
        page.paragraph(this.rich(para, S.body));
      });
    } else {
      page.paragraph([{ text: words.noKeyJudgements, style: S.small }]);
    }
    const { room } = brief;
    const lists: [string, BriefFinding[], (f: BriefFinding) => string][] = [
      [
        room.frictionsBy === 'votes' ? words.topVoted : words.highSeverity,
        room.frictions,
        (f) => frictionDest(f.number),
      ],
      [words.leastAligned, room.leastAligned, (f) => themeDest(f.number)],
      [words.mostAligned, room.mostAligned, (f) => themeDest(f.number)],
    ];
    if (lists.every(([, items]) => !items.length)) return;
    page.gap(SPACE.block);
    page.flow(page.wrap([{ text: words.fromTheRoom, style: S.h3 }]), PAGE.left, WIDTH, 'H3');
    for (const [label, items, dest] of lists) {
      if (!items.length) continue;
      page.y += SPACE.paragraph;
      page.flow(page.wrap([{ text: label, style: S.smallBold }]));
      page.block('L', () => {
        for (const item of items) {
          page.y += 1;
          page.block('LI', () =>
            page.paragraph(
              [
                { text: `${item.number}  `, style: S.small },
                { text: item.title, style: S.body, goTo: dest(item) },
                { text: `  ${item.note}`, style: S.small },
              ],
              PAGE.left + 10,
              WIDTH - 10,
              'LBody',
            ),
          );
        }
      });
    }
  }

  // ── the matrix ───────────────────────────────────────────────────────────────────────

  private matrix(): void {
    const { brief, words, page } = this;
    page.heading(words.matrix, 'matrix', S.h1, 160);
    page.paragraph([{ text: words.matrixNote, style: S.small }]);
    page.y += SPACE.paragraph;
    if (!brief.themes.length) {
      page.paragraph([{ text: words.noThemes, style: S.small }]);
      return;
    }
    page.table(
      [
        { title: words.theme, width: 92 },
        ...brief.sides.map((side) => ({ title: side.label, width: 0 })),
      ],
      brief.themes.map((theme) => [
        [
          { text: `${theme.number} `, style: { ...S.matrixTheme, color: COLOR.faint } },
          { text: theme.title, style: S.matrixTheme, goTo: themeDest(theme.number) },
        ],
        ...theme.cells.map((cell): Span[] =>
          cell.measures.length
            ? cell.measures.map((m, i) => ({
                text: `${i ? '\n' : ''}• ${m.title}`,
                style: S.matrixCell,
              }))
            : [{ text: words.notAddressed, style: S.matrixEmpty }],
        ),
      ]),
      S.matrixHead,
      true,
    );
  }

  // ── themes ───────────────────────────────────────────────────────────────────────────

  private themes(): void {
    const { brief, words, page } = this;
    page.heading(words.themes, 'themes', S.h1, 70);
    if (!brief.themes.length) page.paragraph([{ text: words.noThemes, style: S.small }]);
    brief.themes.forEach((theme, i) => {
      if (i > 0) page.gap(SPACE.block);
      this.theme(theme);
    });
  }

  private theme(theme: BriefTheme): void {
    const { words, page } = this;
    const head = page.wrap([
      { text: `${theme.number}  `, style: S.h2Number },
      { text: theme.title, style: S.h2 },
    ]);
    const summary = page.wrap(this.rich(theme.summary, S.body));
    page.ensure(linesHeight(head) + linesHeight(summary.slice(0, 3)) + 50);
    page.anchor(themeDest(theme.number), `${theme.number}. ${theme.title}`, 2);
    page.flow(head, PAGE.left, WIDTH, 'H3');
    const notes: string[] = [];
    if (theme.votes !== null) notes.push(words.voteCount(theme.votes));
    if (theme.alignment) notes.push(alignmentLine(theme.alignment, this.brief.language));
    if (notes.length) page.paragraph([{ text: notes.join(' · '), style: S.small }]);
    if (summary.length) {
      page.y += 2;
      page.flow(summary);
    }
    const indent = 12;
    for (const cell of theme.cells) {
      if (!cell.measures.length) continue;
      page.y += SPACE.item + 1;
      const label = page.wrap([
        {
          text: cell.side.label.toUpperCase(),
          style: { ...S.side, color: countryColor(cell.side.country) },
        },
      ]);
      const first = this.measureLines(cell.measures[0], WIDTH - indent);
      page.ensure(linesHeight(label) + linesHeight(first.slice(0, 2)) + 2);
      page.flow(label, PAGE.left, WIDTH, 'H4');
      for (const m of cell.measures) {
        page.y += 1.5;
        page.flow(this.measureLines(m, WIDTH - indent), PAGE.left + indent, WIDTH - indent);
      }
    }
    // Sides with nothing in this theme, on one line: the reader sees what is missing.
    const empty = theme.cells.filter((cell) => !cell.measures.length);
    if (empty.length) {
      page.y += SPACE.item + 1;
      page.paragraph([
        { text: `${words.notAddressed.toUpperCase()}  `, style: { ...S.side, color: COLOR.faint } },
        { text: empty.map((cell) => cell.side.label).join(' · '), style: S.notAddressed },
      ]);
    }
    if (theme.frictionNumbers.length) {
      page.y += SPACE.paragraph;
      const spans: Span[] = [{ text: `${words.touchingTheme}: `, style: S.small }];
      theme.frictionNumbers.forEach((n, i) => {
        if (i > 0) spans.push({ text: words.comma, style: S.small });
        spans.push({ text: String(n), style: S.smallLink, goTo: frictionDest(n) });
      });
      page.paragraph(spans);
    }
  }

  private measureLines(m: BriefMeasure, width: number) {
    const facts = [m.kindLabel, m.year !== null ? String(m.year) : '', m.amount ?? '']
      .filter(Boolean)
      .join(' · ');
    const spans: Span[] = [
      { text: m.title, style: S.measureTitle },
      { text: `  ${facts}`, style: S.measureFacts },
    ];
    if (m.votes !== null)
      spans.push({ text: ` · ${this.words.voteCount(m.votes)}`, style: S.measureFacts });
    if (m.body.length) {
      spans.push({ text: this.brief.language === 'ja' ? '　' : '  ', style: S.measureBody });
      spans.push(...this.rich(m.body, S.measureBody));
    }
    spans.push(...this.markers(m));
    return this.page.wrap(spans, width);
  }

  // ── friction points ─────────────────────────────────────────────────────────────────

  private frictions(): void {
    const { brief, words, page } = this;
    page.heading(words.frictions, 'frictions', S.h1, 100);
    if (!brief.frictions.length) {
      page.paragraph([{ text: words.noFrictions, style: S.small }]);
      return;
    }
    brief.frictions.forEach((f, i) => {
      if (i > 0) page.gap(SPACE.block);
      this.friction(f);
    });
  }

  private friction(f: BriefFriction): void {
    const { words, page } = this;
    const head = page.wrap([
      { text: `${f.number}  `, style: S.h2Number },
      { text: f.title, style: S.h3 },
    ]);
    const meta: Span[] = [
      { text: f.severityLabel, style: { ...S.smallBold, color: SEVERITY_COLOR[f.severity] } },
      { text: ` · ${f.statusLabel}`, style: S.small },
    ];
    if (f.votes !== null) meta.push({ text: ` · ${words.voteCount(f.votes)}`, style: S.small });
    const body = page.wrap(this.rich(f.body, S.body));
    page.ensure(linesHeight(head) + 14 + linesHeight(body.slice(0, 3)));
    page.anchor(frictionDest(f.number), `${f.number}. ${f.title}`, 2);
    page.flow(head, PAGE.left, WIDTH, 'H3');
    page.paragraph(meta);
    if (body.length) {
      page.y += 2;
      page.flow(body);
    }
    if (!f.sides.length) return;
    page.y += 2;
    const spans: Span[] = [{ text: `${words.linkedMeasures}: `, style: S.smallBold }];
    f.sides.forEach((side, i) => {
      spans.push({
        text: `${i ? ' · ' : ''}${side.label}: `,
        style: { ...S.smallBold, color: countryColor(side.country) },
      });
      spans.push({ text: side.measures.map((m) => m.title).join(words.comma), style: S.small });
    });
    page.paragraph(spans);
  }

  // ── annexes and endnotes ────────────────────────────────────────────────────────────

  private annexHeading(title: string, dest: string): void {
    const letter = LETTERS[this.annexes++] ?? String(this.annexes);
    this.page.heading(this.words.annex(letter, title), dest, S.h1, 60);
  }

  private agenda(): void {
    const { agenda } = this.brief;
    if (!agenda) return;
    const { words, page } = this;
    this.annexHeading(words.agenda, 'agenda');
    page.table(
      [
        { title: words.step, width: 36, align: 'right' },
        { title: words.title, width: 160 },
        { title: words.whatItDoes, width: 0 },
      ],
      agenda.map((step) => [
        [{ text: String(step.number), style: S.body }],
        [{ text: step.title, style: S.bodyBold }],
        [{ text: stepActions(step), style: S.small }],
      ]),
      S.smallBold,
    );
  }

  private votes(): void {
    const { votes } = this.brief;
    if (!votes) return;
    const { words, page } = this;
    this.annexHeading(words.votes, 'votes');
    if (!votes.length) {
      page.paragraph([{ text: words.noVotesCast, style: S.small }]);
      return;
    }
    page.paragraph([{ text: words.voteNote, style: S.small }]);
    page.y += SPACE.paragraph;
    page.table(
      [
        { title: words.rank, width: 36, align: 'right' },
        { title: words.item, width: 0 },
        { title: words.where, width: 170 },
        { title: words.votesColumn, width: 44, align: 'right' },
      ],
      votes.map((v) => [
        [{ text: String(v.rank), style: S.body }],
        [{ text: v.title, style: S.bodyBold }],
        [{ text: v.context, style: S.small }],
        [{ text: String(v.votes), style: S.bodyBold }],
      ]),
      S.smallBold,
    );
  }

  private changes(): void {
    const { changes } = this.brief;
    if (!changes) return;
    const { words, page } = this;
    this.annexHeading(words.changes(changes.label), 'changes');
    page.paragraph([{ text: changesSummary(changes, words), style: S.small }]);
    if (!changes.entries.length) return;
    page.y += SPACE.paragraph;
    page.table(
      [
        { title: words.change, width: 58 },
        { title: words.item, width: 74 },
        { title: words.title, width: 0 },
        { title: words.whereWhat, width: 180 },
      ],
      changes.entries.map((c) => [
        [{ text: c.kindLabel, style: S.bodyBold }],
        [{ text: c.what, style: S.small }],
        [{ text: c.title, style: S.body }],
        [{ text: c.detail, style: S.small }],
      ]),
      S.smallBold,
    );
  }

  /** Measures citing no source; a fully sourced brief has no such annex. */
  private evidence(): void {
    const { measures, unsourced } = this.brief.evidence;
    if (!unsourced.length) return;
    const { words, page } = this;
    this.annexHeading(words.evidence, 'evidence');
    page.paragraph([{ text: words.unsourced(unsourced.length, measures), style: S.small }]);
    page.y += SPACE.paragraph;
    page.table(
      [
        { title: words.measure, width: 0 },
        { title: words.where, width: 220 },
      ],
      unsourced.map((m) => [
        [{ text: m.title, style: S.bodyBold }],
        [{ text: m.context, style: S.small }],
      ]),
      S.smallBold,
    );
  }

  private comments(): void {
    const { comments } = this.brief;
    if (!comments) return;
    const { words, page } = this;
    this.annexHeading(words.comments, 'comments');
    if (!comments.length) {
      page.paragraph([{ text: words.noComments, style: S.small }]);
      return;
    }
    page.paragraph([{ text: words.commentsNote, style: S.small }]);
    for (const thread of comments) {
      page.gap(SPACE.block - 4);
      const head = page.wrap([
        {
          text: `${thread.targetKind === 'measure' ? words.measure : words.frictionPoint}  `,
          style: S.smallBold,
        },
        { text: thread.targetTitle, style: S.bodyBold },
        { text: `  ${thread.context}`, style: S.small },
      ]);
      page.ensure(linesHeight(head) + 30);
      page.flow(head, PAGE.left, WIDTH, 'H3');
      for (const c of thread.comments) {
        page.y += SPACE.item;
        page.paragraph(
          [
            { text: c.author, style: style('bold', 8.2, COLOR.ink) },
            { text: c.date ? `  ${c.date}` : '', style: S.small },
            { text: `\n${c.text}`, style: style('regular', 8.6, COLOR.body) },
          ],
          PAGE.left + 12,
          WIDTH - 12,
        );
      }
    }
  }

  private sources(): void {
    const { endnotes } = this.brief;
    const { words, page } = this;
    page.heading(words.sources, 'sources', S.h1, 60);
    if (!endnotes.length) {
      page.paragraph([{ text: words.noSources, style: S.small }]);
      return;
    }
    const labelWidth = Math.min(
      80,
      Math.max(26, ...endnotes.map((e) => measure(page.doc, e.label, S.noteLabel) + 8)),
    );
    page.block('L', () => {
      for (const note of endnotes) {
        const spans: Span[] = [
          { text: note.citation || words.noCitation, style: note.citation ? S.noteText : S.small },
        ];
        if (note.url)
          spans.push({ text: ` ${note.url}`, style: S.noteUrl, link: note.url, url: true });
        const text = page.wrap(spans, WIDTH - labelWidth);
        // An endnote is never split across a page: its address must read (and copy) whole.
        page.ensure(linesHeight(text));
        page.labelled(
          page.wrap([{ text: note.label, style: S.noteLabel }], labelWidth - 4),
          text,
          labelWidth,
          sourceDest(note.id),
        );
        page.y += 2;
      }
    });
  }

  render(): Promise<Buffer> {
    this.cover();
    this.keyJudgements();
    this.matrix();
    this.themes();
    this.frictions();
    this.agenda();
    this.votes();
    this.changes();
    this.evidence();
    this.comments();
    this.sources();
    this.page.decorate(this.brief.title, this.brief.date?.label ?? '', this.words.page, S.header);
    return this.page.finish();
  }
}

/** Rich text split at blank lines. */
function splitParagraphs(text: RichText): RichText[] {
  const out: (string | RichText[number])[][] = [[]];
  for (const part of text) {
    if (typeof part !== 'string') {
      out[out.length - 1].push(part);
      continue;
    }
    part.split(/\n{2,}/).forEach((piece, i) => {
      if (i > 0) out.push([]);
      if (piece) out[out.length - 1].push(piece);
    });
  }
  return out.filter((p) => p.length);
}

/** Renders an already built brief to PDF bytes. */
export function renderPdf(brief: Brief): Promise<Buffer> {
  try {
    return new BriefPdf(brief).render();
  } catch (error) {
    return Promise.reject(error);
  }
}

/** The brief of `board` as a PDF. */
export function briefToPdf(board: BoardJSON, options: BriefOptions): Promise<Buffer> {
  return renderPdf(buildBrief(board, options));
}
