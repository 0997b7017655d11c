/**
 * The brief as GitHub-flavoured Markdown, rendered from the same `Brief` as the PDF. Everything
 * people typed on the board is escaped so it prints literally: `<script>` stays text, `**`
 * stays two asterisks, `[x](javascript:…)` never becomes a link. Endnotes become footnotes
 * (`[^8]` in the text, `[^8]: citation <url>` at the end), every source kept in board order.
 */
import type { BoardJSON } from '../../shared/board/index.ts';
import {
  atAGlance,
  buildBrief,
  endnoteIndex,
  type Brief,
  type BriefEndnote,
  type BriefMeasure,
  type BriefOptions,
  type BriefTheme,
  type RichText,
} from './brief.ts';
import { CHANGES_WHO, changeCounts } from './annexes.ts';
import { stepActions } from './agenda.ts';
import { alignmentLine } from './alignment.ts';

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

/** Rich text inside a table cell: one line, `<br>` for breaks. */
function cell(text: RichText, notes: Endnotes): string {
  return inline(text, notes).replace(/\n+/g, '<br>');
}

function markers(measure: BriefMeasure, notes: Endnotes): string {
  return inline(measure.endnotes, notes);
}

function measureFacts(measure: BriefMeasure): string {
  const facts = [measure.kindLabel];
  if (measure.year !== null) facts.push(String(measure.year));
  if (measure.amount) facts.push(measure.amount);
  if (measure.votes !== null) facts.push(`Votes: ${measure.votes}`);
  return escapeMarkdown(facts.join(' · '));
}

function themeTable(theme: BriefTheme, notes: Endnotes): string[] {
  const depth = Math.max(...theme.cells.map((c) => c.measures.length));
  const lines = [
    `| ${theme.cells.map((c) => escapeMarkdown(c.side.label)).join(' | ')} |`,
    `| ${theme.cells.map(() => '---').join(' | ')} |`,
  ];
  for (let i = 0; i < depth; i++) {
    const cells = theme.cells.map((c) => {
      const m = c.measures[i];
      return m ? `${cell([m.title], notes)}${markers(m, notes)}` : '';
    });
    lines.push(`| ${cells.join(' | ')} |`);
  }
  return lines;
}

function themeSection(theme: BriefTheme, notes: Endnotes): string[] {
  const out = [`### ${theme.number}. ${escapeMarkdown(theme.title)}`, ''];
  if (theme.votes !== null) out.push(`Votes: ${theme.votes}`, '');
  if (theme.alignment) out.push(escapeMarkdown(alignmentLine(theme.alignment)), '');
  if (theme.summary.length) out.push(block(theme.summary, notes), '');
  if (!theme.cells.length) {
    out.push('_No measures are recorded for this theme._', '');
    return out;
  }
  out.push(...themeTable(theme, notes), '');
  for (const { side, measures } of theme.cells) {
    out.push(`#### ${escapeMarkdown(side.label)}`, '');
    for (const m of measures) {
      const head = `- **${escapeMarkdown(m.title)}** — ${measureFacts(m)}`;
      if (m.body.length) {
        out.push(`${head}\\`, `  ${block(m.body, notes, '  ')}${markers(m, notes)}`);
      } else {
        out.push(`${head}${markers(m, notes)}`);
      }
    }
    out.push('');
  }
  if (theme.frictionNumbers.length) {
    out.push(
      `Friction points touching this theme: ${theme.frictionNumbers.join(', ')} (see [Friction points](#friction-points)).`,
      '',
    );
  }
  return out;
}

function cover(brief: Brief): string[] {
  const out = [`# ${escapeMarkdown(brief.title)}`, ''];
  if (brief.subtitle) out.push(escapeMarkdown(brief.subtitle), '');
  const facts: string[] = [];
  if (brief.date) facts.push(`**Date:** ${brief.date.label}`);
  if (brief.boardUrl) {
    facts.push(
      `**Board:** ${brief.boardUrlIsLink ? `<${escapeUrl(brief.boardUrl)}>` : escapeMarkdown(brief.boardUrl)}`,
    );
  }
  if (brief.participants.length)
    facts.push(`**Participants:** ${brief.participants.map(escapeMarkdown).join(', ')}`);
  if (facts.length) out.push(facts.join('\\\n'), '');
  return out;
}

function executiveSummary(brief: Brief, notes: Endnotes): string[] {
  const out = ['## Executive summary', '', escapeMarkdown(atAGlance(brief)), ''];
  for (const theme of brief.themes) {
    const summary = theme.summary.length
      ? block(theme.summary, notes, '  ')
      : '_No summary recorded._';
    out.push(`- **${escapeMarkdown(theme.title)}.** ${summary}`);
  }
  if (brief.themes.length) out.push('');
  return out;
}

function frictionSection(brief: Brief, notes: Endnotes): string[] {
  const out = ['## Friction points', ''];
  if (!brief.frictions.length)
    return [...out, '_No friction points are recorded on the board._', ''];
  for (const f of brief.frictions) {
    out.push(`### ${f.number}. ${escapeMarkdown(f.title)}`, '');
    const facts = [`**${f.severityLabel}**`, f.statusLabel];
    if (f.votes !== null) facts.push(`Votes: ${f.votes}`);
    out.push(facts.join(' · '), '');
    if (f.body.length) out.push(block(f.body, notes), '');
    if (f.sides.length) {
      out.push('Linked measures:', '');
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

function agendaSection(brief: Brief): string[] {
  if (!brief.agenda) return [];
  const out = ['## Agenda', ''];
  for (const step of brief.agenda) {
    out.push(
      `${step.number}. **${escapeMarkdown(step.title)}** — ${escapeMarkdown(stepActions(step))}`,
    );
  }
  return [...out, ''];
}

function voteSection(brief: Brief): string[] {
  if (!brief.votes) return [];
  const out = ['## Vote results', ''];
  if (!brief.votes.length) return [...out, '_The vote was revealed with no votes cast._', ''];
  out.push('| Rank | Item | Where | Votes |', '| ---: | --- | --- | ---: |');
  for (const v of brief.votes) {
    out.push(
      `| ${v.rank} | ${escapeMarkdown(v.title)} | ${escapeMarkdown(v.context)} | ${v.votes} |`,
    );
  }
  return [...out, ''];
}

function commentsAnnex(brief: Brief): string[] {
  if (!brief.comments) return [];
  const out = ['## Annex: open comments', ''];
  if (!brief.comments.length) return [...out, '_There are no open comments on the board._', ''];
  for (const thread of brief.comments) {
    const kind = thread.targetKind === 'measure' ? 'Measure' : 'Friction point';
    out.push(
      `### ${kind}: ${escapeMarkdown(thread.targetTitle)}`,
      '',
      `_${escapeMarkdown(thread.context)}_`,
      '',
    );
    for (const c of thread.comments) {
      const who = `**${escapeMarkdown(c.author)}**${c.date ? ` (${c.date})` : ''}`;
      out.push(`- ${who}: ${block([c.text], new Map(), '  ')}`);
    }
    out.push('');
  }
  return out;
}

function evidenceAnnex(brief: Brief): string[] {
  const { measures, unsourced } = brief.evidence;
  // Shown only when there is something to check: a fully sourced brief stays as it was.
  if (!unsourced.length) return [];
  const out = ['## Annex: evidence check', ''];
  out.push(`${unsourced.length} of ${measures} measures cite no source:`, '');
  for (const m of unsourced) {
    out.push(`- **${escapeMarkdown(m.title)}** (${escapeMarkdown(m.context)})`);
  }
  return [...out, ''];
}

function changesSection(brief: Brief): string[] {
  const changes = brief.changes;
  if (!changes) return [];
  const out = [`## Annex: changes since “${escapeMarkdown(changes.label)}”`, ''];
  const taken = changes.date ? `The snapshot was taken on ${changes.date}. ` : '';
  out.push(`${taken}Changes: ${changeCounts(changes)}. ${CHANGES_WHO}`, '');
  if (!changes.entries.length) return [...out, '_Nothing has changed since the snapshot._', ''];
  out.push('| Change | Item | Title | Where / what |', '| --- | --- | --- | --- |');
  for (const c of changes.entries) {
    out.push(
      `| ${c.kindLabel} | ${c.what} | ${escapeMarkdown(c.title)} | ${escapeMarkdown(c.detail)} |`,
    );
  }
  return [...out, ''];
}

function sourcesSection(brief: Brief, notes: Endnotes): string[] {
  const out = ['## Sources', ''];
  if (!brief.endnotes.length) return [...out, '_No sources are recorded on the board._', ''];
  out.push(
    'The footnote markers in the text refer to these sources, listed here in board order.',
    '',
  );
  const uncited = brief.endnotes.filter((e) => !e.cited);
  // GitHub drops footnotes nobody refers to; refer to the uncited ones so every source shows.
  if (uncited.length) {
    out.push(
      `Also on the board but not cited in the text: ${inline(
        uncited.map((e) => ({ sourceId: e.id })),
        notes,
      )}.`,
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
  const lines = [
    ...cover(brief),
    ...executiveSummary(brief, notes),
    '## Comparison by theme',
    '',
    ...(brief.themes.length ? [] : ['_No themes are recorded on the board._', '']),
    ...brief.themes.flatMap((theme) => themeSection(theme, notes)),
    ...frictionSection(brief, notes),
    ...agendaSection(brief),
    ...voteSection(brief),
    ...commentsAnnex(brief),
    ...evidenceAnnex(brief),
    ...changesSection(brief),
    ...sourcesSection(brief, notes),
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
