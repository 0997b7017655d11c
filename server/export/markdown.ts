/**
 * The brief as GitHub-flavoured Markdown, rendered from the same `Brief` and wording as the PDF. Everything
 * people typed on the board is escaped so it prints literally: `<script>` stays text, `**`
 * stays two asterisks, `[x](javascript:…)` never becomes a link. Endnotes become footnotes
 * (`[^8]` in the text, `[^8]: citation <url>` at the end), every source kept in board order.
 */
import type { BoardJSON } from '../../shared/board/index.ts';
import {
  buildBrief,
  endnoteIndex,
  type Brief,
  type BriefEndnote,
  type BriefFinding,
  type BriefMeasure,
  type BriefOptions,
  type BriefTheme,
  type RichText,
} from './brief.ts';
import { changesSummary } from './annexes.ts';
import { stepActions } from './agenda.ts';
import { alignmentLine } from './alignment.ts';
import { WORDING, type Wording } from './wording.ts';

/** Inline Markdown for literal text: HTML as entities, every inline marker backslash-escaped. */
export function escapeMarkdown(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/[\\`*_[\]#|~$]/g, '\\$&');
}

/** Escapes what would start a block (list, heading underline, numbered list) at a line's start. */
function escapeLineStart(line: string): string {
  return line
    .replace(/^\s+/, '')
    .replace(/^([-+=])/, '\\$1')
    .replace(/^(\d+)([.)])/, '$1\\$2');
}

/** An URL for an autolink `<…>` (and a table cell): characters that would end it are encoded. */
function escapeUrl(url: string): string {
  return url.replace(
    /[<>|\s`]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`,
  );
}

type Endnotes = ReadonlyMap<string, BriefEndnote>;

/** Rich text as inline Markdown; newlines stay newlines (callers decide how to break). */
function inline(text: RichText, notes: Endnotes): string {
  let out = '';
  let afterRef = false;
  for (const part of text) {
    if (typeof part === 'string') {
      let escaped = escapeMarkdown(part);
      // `[^8](…)` would be a link and `[^8]:` a footnote definition: keep both literal.
      if (afterRef) escaped = escaped.replace(/^[(:]/, '\\$&');
      out += escaped;
      afterRef = false;
    } else {
      const note = notes.get(part.sourceId);
      if (note) {
        out += `[^${note.footnote}]`;
        afterRef = true;
      }
    }
  }
  return out;
}

/**
 * Rich text as block content: lines joined by hard breaks, paragraphs by a blank line, every
 * continuation line indented by `indent` (so it stays inside a list item).
 */
function block(text: RichText, notes: Endnotes, indent = ''): string {
  return inline(text, notes)
    .split('\n\n')
    .map((para) =>
      para
        .split('\n')
        .map((line) => escapeLineStart(line))
        .join(`\\\n${indent}`),
    )
    .join(`\n\n${indent}`);
}

function markers(measure: BriefMeasure, notes: Endnotes): string {
  return inline(measure.endnotes, notes);
}

function measureFacts(measure: BriefMeasure, words: Wording): string {
  const facts = [measure.kindLabel];
  if (measure.year !== null) facts.push(String(measure.year));
  if (measure.amount) facts.push(measure.amount);
  if (measure.votes !== null) facts.push(words.voteCount(measure.votes));
  return escapeMarkdown(facts.join(' · '));
}

/** The one comparison matrix: a row per theme, a column per side, "not addressed" when empty. */
function matrix(brief: Brief, words: Wording): string[] {
  const out = [`## ${words.matrix}`, ''];
  if (!brief.themes.length) return [...out, `_${words.noThemes}_`, ''];
  out.push(
    `| ${[words.theme, ...brief.sides.map((s) => s.label)].map(escapeMarkdown).join(' | ')} |`,
    `| ${['---', ...brief.sides.map(() => '---')].join(' | ')} |`,
  );
  for (const theme of brief.themes) {
    const cells = theme.cells.map((c) =>
      c.measures.length
        ? c.measures.map((m) => escapeMarkdown(m.title)).join('<br>')
        : `_${words.notAddressed}_`,
    );
    out.push(`| ${[`${theme.number}. ${escapeMarkdown(theme.title)}`, ...cells].join(' | ')} |`);
  }
  return [...out, ''];
}

function themeSection(theme: BriefTheme, notes: Endnotes, words: Wording): string[] {
  const out = [`### ${theme.number}. ${escapeMarkdown(theme.title)}`, ''];
  if (theme.votes !== null) out.push(words.voteCount(theme.votes), '');
  if (theme.alignment)
    out.push(escapeMarkdown(alignmentLine(theme.alignment, words.lang === 'ja' ? 'ja' : 'en')), '');
  if (theme.summary.length) out.push(block(theme.summary, notes), '');
  for (const { side, measures } of theme.cells) {
    if (!measures.length) {
      out.push(`**${escapeMarkdown(side.label)}:** _${words.notAddressed}_`, '');
      continue;
    }
    out.push(`**${escapeMarkdown(side.label)}**`, '');
    for (const m of measures) {
      const head = `- **${escapeMarkdown(m.title)}** — ${measureFacts(m, words)}`;
      if (m.body.length) {
        out.push(`${head}\\`, `  ${block(m.body, notes, '  ')}${markers(m, notes)}`);
      } else {
        out.push(`${head}${markers(m, notes)}`);
      }
    }
    out.push('');
  }
  if (theme.frictionNumbers.length) {
    out.push(`${words.touchingTheme}: ${theme.frictionNumbers.join(words.comma)}`, '');
  }
  return out;
}

function cover(brief: Brief, words: Wording): string[] {
  const out = [`# ${escapeMarkdown(brief.title)}`, ''];
  if (brief.subtitle) out.push(escapeMarkdown(brief.subtitle), '');
  const facts: string[] = [];
  const p = brief.provenance;
  if (p?.source) {
    const source = [p.source, p.publisher, p.date].filter(Boolean).join(words.comma);
    facts.push(`**${words.coverSource}:** ${escapeMarkdown(source)}`);
  }
  if (p?.author) facts.push(`**${words.coverAuthor}:** ${escapeMarkdown(p.author)}`);
  if (p?.asOf) facts.push(`**${words.coverAsOf}:** ${escapeMarkdown(p.asOf)}`);
  if (brief.date) facts.push(`**${words.coverDate}:** ${brief.date.label}`);
  if (brief.boardUrl) {
    facts.push(
      `**${words.coverBoard}:** ${brief.boardUrlIsLink ? `<${escapeUrl(brief.boardUrl)}>` : escapeMarkdown(brief.boardUrl)}`,
    );
  }
  if (brief.participants.length)
    facts.push(
      `**${words.coverParticipants}:** ${brief.participants.map(escapeMarkdown).join(words.comma)}`,
    );
  if (facts.length) out.push(facts.join('\\\n'), '');
  return out;
}

function keyJudgements(brief: Brief, notes: Endnotes, words: Wording): string[] {
  const out = [`## ${words.keyJudgements}`, ''];
  out.push(
    brief.keyJudgements.length ? block(brief.keyJudgements, notes) : `_${words.noKeyJudgements}_`,
    '',
  );
  const { room } = brief;
  const lists: [string, BriefFinding[]][] = [
    [room.frictionsBy === 'votes' ? words.topVoted : words.highSeverity, room.frictions],
    [words.leastAligned, room.leastAligned],
    [words.mostAligned, room.mostAligned],
  ];
  if (lists.every(([, items]) => !items.length)) return out;
  out.push(`### ${words.fromTheRoom}`, '');
  for (const [label, items] of lists) {
    if (!items.length) continue;
    out.push(`**${label}**`, '');
    for (const item of items)
      out.push(`- ${item.number}. ${escapeMarkdown(item.title)} (${escapeMarkdown(item.note)})`);
    out.push('');
  }
  return out;
}

function frictionSection(brief: Brief, notes: Endnotes, words: Wording): string[] {
  const out = [`## ${words.frictions}`, ''];
  if (!brief.frictions.length) return [...out, `_${words.noFrictions}_`, ''];
  for (const f of brief.frictions) {
    out.push(`### ${f.number}. ${escapeMarkdown(f.title)}`, '');
    const facts = [f.severityLabel, f.statusLabel];
    if (f.votes !== null) facts.push(words.voteCount(f.votes));
    out.push(`_${facts.join(' · ')}_`, '');
    if (f.body.length) out.push(block(f.body, notes), '');
    if (f.sides.length) {
      out.push(`${words.linkedMeasures}:`, '');
      for (const side of f.sides) {
        const measures = side.measures.map(
          (m) => `${escapeMarkdown(m.title)} (${escapeMarkdown(m.themeTitle)})`,
        );
        out.push(`- **${escapeMarkdown(side.label)}:** ${measures.join('; ')}`);
      }
      out.push('');
    }
  }
  return out;
}

/** Annex headings in order, lettered A, B, … as the PDF letters them. */
function annexes(brief: Brief, words: Wording): string[] {
  const sections: [string, string[]][] = [];
  if (brief.agenda) {
    sections.push([
      words.agenda,
      brief.agenda.map(
        (step) =>
          `${step.number}. **${escapeMarkdown(step.title)}** — ${escapeMarkdown(stepActions(step))}`,
      ),
    ]);
  }
  if (brief.votes) {
    const body: string[] = [];
    if (!brief.votes.length) body.push(`_${words.noVotesCast}_`);
    else {
      body.push(
        `| ${words.rank} | ${words.item} | ${words.where} | ${words.votesColumn} |`,
        '| ---: | --- | --- | ---: |',
      );
      for (const v of brief.votes) {
        body.push(
          `| ${v.rank} | ${escapeMarkdown(v.title)} | ${escapeMarkdown(v.context)} | ${v.votes} |`,
        );
      }
    }
    sections.push([words.votes, body]);
  }
  const changes = brief.changes;
  if (changes) {
    const body = [changesSummary(changes, words), ''];
    if (!changes.entries.length) body.push(`_${words.nothingChanged}_`);
    else {
      body.push(
        `| ${words.change} | ${words.item} | ${words.title} | ${words.whereWhat} |`,
        '| --- | --- | --- | --- |',
      );
      for (const c of changes.entries) {
        body.push(
          `| ${c.kindLabel} | ${c.what} | ${escapeMarkdown(c.title)} | ${escapeMarkdown(c.detail)} |`,
        );
      }
    }
    sections.push([words.changes(escapeMarkdown(changes.label)), body]);
  }
  const { measures, unsourced } = brief.evidence;
  if (unsourced.length) {
    sections.push([
      words.evidence,
      [
        words.unsourced(unsourced.length, measures),
        '',
        ...unsourced.map((m) => `- **${escapeMarkdown(m.title)}** (${escapeMarkdown(m.context)})`),
      ],
    ]);
  }
  if (brief.comments) {
    const body: string[] = [];
    if (!brief.comments.length) body.push(`_${words.noComments}_`);
    for (const thread of brief.comments) {
      const kind = thread.targetKind === 'measure' ? words.measure : words.frictionPoint;
      body.push(
        `### ${kind}: ${escapeMarkdown(thread.targetTitle)}`,
        '',
        `_${escapeMarkdown(thread.context)}_`,
        '',
      );
      for (const c of thread.comments) {
        const who = `**${escapeMarkdown(c.author)}**${c.date ? ` (${c.date})` : ''}`;
        body.push(`- ${who}: ${block([c.text], new Map(), '  ')}`);
      }
      body.push('');
    }
    sections.push([words.comments, body]);
  }
  return sections.flatMap(([title, body], i) => [
    `## ${words.annex('ABCDEFGH'[i] ?? String(i + 1), title)}`,
    '',
    ...body,
    '',
  ]);
}

function sourcesSection(brief: Brief, notes: Endnotes, words: Wording): string[] {
  const out = [`## ${words.sources}`, ''];
  if (!brief.endnotes.length) return [...out, `_${words.noSources}_`, ''];
  out.push(words.sourcesNote, '');
  const uncited = brief.endnotes.filter((e) => !e.cited);
  // GitHub drops footnotes nobody refers to; refer to the uncited ones so every source shows.
  if (uncited.length) {
    out.push(
      `${inline(
        uncited.map((e) => ({ sourceId: e.id })),
        notes,
      )}`,
      '',
    );
  }
  for (const e of brief.endnotes) {
    const parts = [escapeMarkdown(e.label)];
    if (e.citation) parts.push(escapeMarkdown(e.citation));
    if (e.url) parts.push(`<${escapeUrl(e.url)}>`);
    out.push(`[^${e.footnote}]: ${parts.join(' ')}`);
  }
  return [...out, ''];
}

/** Renders an already built brief. */
export function renderMarkdown(brief: Brief): string {
  const notes = endnoteIndex(brief);
  const words = WORDING[brief.language];
  const lines = [
    ...cover(brief, words),
    ...keyJudgements(brief, notes, words),
    ...matrix(brief, words),
    `## ${words.themes}`,
    '',
    ...(brief.themes.length ? [] : [`_${words.noThemes}_`, '']),
    ...brief.themes.flatMap((theme) => themeSection(theme, notes, words)),
    ...frictionSection(brief, notes, words),
    ...annexes(brief, words),
    ...sourcesSection(brief, notes, words),
  ];
  return `${lines
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trimEnd()}\n`;
}

/** The brief of `board` as GitHub-flavoured Markdown. */
export function briefToMarkdown(board: BoardJSON, options: BriefOptions): string {
  return renderMarkdown(buildBrief(board, options));
}
