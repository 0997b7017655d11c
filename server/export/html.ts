/**
 * The brief as one self-contained HTML page, rendered from the same `Brief` as the PDF and the
 * Markdown, for the `/b/<id>/brief` page. Every piece of board text is escaped; the page has
 * no script, and the route serves it with a CSP that forbids any. It is in the brief's
 * language (`lang`) and all of it sits in one `<main>`, so axe-core finds no WCAG A/AA or
 * landmark violation in it.
 */
import type { BoardJSON } from '../../shared/board/index.ts';
import {
  buildBrief,
  endnoteIndex,
  type Brief,
  type BriefEndnote,
  type BriefOptions,
  type RichText,
} from './brief.ts';
import { changesSummary } from './annexes.ts';
import { stepActions } from './agenda.ts';
import { alignmentLine } from './alignment.ts';
import { WORDING } from './wording.ts';

export function escapeHtml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

/** Only http(s) URLs become links. */
function link(url: string | null, text: string): string {
  if (!url || !/^https?:\/\//i.test(url)) return escapeHtml(text);
  return `<a href="${escapeHtml(url)}" rel="noopener noreferrer" target="_blank">${escapeHtml(text)}</a>`;
}

function rich(text: RichText, notes: ReadonlyMap<string, BriefEndnote>): string {
  return text
    .map((part) => {
      if (typeof part === 'string') return escapeHtml(part).replace(/\n/g, '<br>');
      const note = notes.get(part.sourceId);
      return note
        ? `<a class="ref" href="#note-${escapeHtml(note.id)}">${escapeHtml(note.label)}</a>`
        : '';
    })
    .join('');
}

const STYLE = `
body{font:15px/1.55 system-ui,-apple-system,"Segoe UI","Hiragino Sans","Noto Sans JP","Yu Gothic",sans-serif;color:#1d2433;max-width:1100px;margin:0 auto;padding:32px 28px 64px;background:#fff}
h1{font-size:28px;line-height:1.25;margin:0 0 8px}h2{font-size:21px;margin:40px 0 8px;border-bottom:2px solid #1d2433;padding-bottom:4px}h3{font-size:17px;margin:28px 0 6px}
.sub{color:#4a5468;margin:0 0 16px}.meta{color:#4a5468;font-size:13px}.meta dt{font-weight:600;display:inline}.meta dd{display:inline;margin:0 16px 0 6px}
table{border-collapse:collapse;width:100%;table-layout:fixed;margin:8px 0}th,td{border:1px solid #d5dae3;vertical-align:top;padding:8px;text-align:left}th{background:#f2f4f8;font-size:13px}
.m{margin:0 0 12px}.m b{display:block}.tag{font-size:11px;text-transform:uppercase;letter-spacing:.04em;color:#4a5468}
.f{border-left:4px solid #c0392b;padding:4px 12px;margin:16px 0}.f.medium{border-color:#d68910}.f.low{border-color:#7f8c8d}
.ref{font-size:12px;text-decoration:none}ol.notes li{margin:0 0 6px;word-break:break-word}a{color:#1f4e9a}
`;

function evidenceHtml(brief: Brief): string[] {
  const { measures, unsourced } = brief.evidence;
  if (!unsourced.length) return [];
  const words = WORDING[brief.language];
  const out = [`<h2 id="evidence">${escapeHtml(words.evidence)}</h2>`];
  out.push(`<p>${escapeHtml(words.unsourced(unsourced.length, measures))}</p><ul>`);
  for (const m of unsourced) {
    out.push(
      `<li data-unsourced="${escapeHtml(m.id)}"><b>${escapeHtml(m.title)}</b> <span class="meta">${escapeHtml(m.context)}</span></li>`,
    );
  }
  return [...out, '</ul>'];
}

function changesHtml(brief: Brief): string[] {
  const changes = brief.changes;
  if (!changes) return [];
  const words = WORDING[brief.language];
  const out = [
    `<h2 id="changes">${escapeHtml(words.changes(changes.label))}</h2>`,
    `<p>${escapeHtml(changesSummary(changes, words))}</p>`,
  ];
  if (!changes.entries.length) {
    return [...out, `<p class="meta">${escapeHtml(words.nothingChanged)}</p>`];
  }
  out.push(
    `<table><thead><tr><th>${words.change}</th><th>${words.item}</th><th>${words.title}</th><th>${words.whereWhat}</th></tr></thead><tbody>`,
  );
  for (const c of changes.entries) {
    out.push(
      `<tr data-change="${c.kind}"><td>${escapeHtml(c.kindLabel)}</td><td>${escapeHtml(c.what)}</td><td>${escapeHtml(c.title)}</td><td>${escapeHtml(c.detail)}</td></tr>`,
    );
  }
  return [...out, '</tbody></table>'];
}

/** The brief as a standalone HTML document. */
export function briefToHtml(board: BoardJSON, options: BriefOptions): string {
  return renderHtml(buildBrief(board, options));
}

export function renderHtml(brief: Brief): string {
  const notes = endnoteIndex(brief);
  const words = WORDING[brief.language];
  const out: string[] = [];
  out.push(
    `<!doctype html><html lang="${words.lang}"><head><meta charset="utf-8"><title>${escapeHtml(brief.title)}</title><style>${STYLE}</style></head><body><main>`,
  );
  out.push(`<h1>${escapeHtml(brief.title)}</h1>`);
  if (brief.subtitle) out.push(`<p class="sub">${escapeHtml(brief.subtitle)}</p>`);
  out.push('<dl class="meta">');
  const fact = (label: string, html: string) =>
    out.push(`<dt>${escapeHtml(label)}</dt><dd>${html}</dd>`);
  const p = brief.provenance;
  if (p?.source)
    fact(
      words.coverSource,
      escapeHtml([p.source, p.publisher, p.date].filter(Boolean).join(words.comma)),
    );
  if (p?.author) fact(words.coverAuthor, escapeHtml(p.author));
  if (p?.asOf) fact(words.coverAsOf, escapeHtml(p.asOf));
  if (brief.date) fact(words.coverDate, escapeHtml(brief.date.label));
  if (brief.boardUrl)
    fact(
      words.coverBoard,
      brief.boardUrlIsLink ? link(brief.boardUrl, brief.boardUrl) : escapeHtml(brief.boardUrl),
    );
  if (brief.participants.length)
    fact(words.coverParticipants, escapeHtml(brief.participants.join(words.comma)));
  out.push('</dl>');

  out.push(`<h2 id="key-judgements">${escapeHtml(words.keyJudgements)}</h2>`);
  out.push(
    brief.keyJudgements.length
      ? `<p data-key-judgements>${rich(brief.keyJudgements, notes)}</p>`
      : `<p class="meta">${escapeHtml(words.noKeyJudgements)}</p>`,
  );
  const { room } = brief;
  for (const [label, items] of [
    [room.frictionsBy === 'votes' ? words.topVoted : words.highSeverity, room.frictions],
    [words.leastAligned, room.leastAligned],
    [words.mostAligned, room.mostAligned],
  ] as const) {
    if (!items.length) continue;
    out.push(`<p class="tag">${escapeHtml(label)}</p><ul>`);
    for (const item of items)
      out.push(
        `<li>${item.number}. ${escapeHtml(item.title)} <span class="meta">${escapeHtml(item.note)}</span></li>`,
      );
    out.push('</ul>');
  }

  out.push(`<h2 id="matrix">${escapeHtml(words.matrix)}</h2>`);
  if (!brief.themes.length) out.push(`<p class="meta">${escapeHtml(words.noThemes)}</p>`);
  else {
    out.push(`<table data-matrix><thead><tr><th>${escapeHtml(words.theme)}</th>`);
    for (const side of brief.sides) out.push(`<th>${escapeHtml(side.label)}</th>`);
    out.push('</tr></thead><tbody>');
    for (const theme of brief.themes) {
      out.push(`<tr><th>${theme.number}. ${escapeHtml(theme.title)}</th>`);
      for (const cell of theme.cells) {
        out.push(
          cell.measures.length
            ? `<td>${cell.measures.map((m) => escapeHtml(m.title)).join('<br>')}</td>`
            : `<td class="meta" data-not-addressed>${escapeHtml(words.notAddressed)}</td>`,
        );
      }
      out.push('</tr>');
    }
    out.push('</tbody></table>');
  }

  out.push(`<h2 id="themes">${escapeHtml(words.themes)}</h2>`);
  for (const theme of brief.themes) {
    out.push(
      `<h3 id="theme-${escapeHtml(theme.id)}">${theme.number}. ${escapeHtml(theme.title)}</h3>`,
    );
    if (theme.alignment) {
      out.push(
        `<p class="meta" data-alignment>${escapeHtml(alignmentLine(theme.alignment, brief.language))}</p>`,
      );
    }
    if (theme.summary.length) out.push(`<p>${rich(theme.summary, notes)}</p>`);
    for (const cell of theme.cells) {
      if (!cell.measures.length) {
        out.push(
          `<p><b>${escapeHtml(cell.side.label)}:</b> <span class="meta">${escapeHtml(words.notAddressed)}</span></p>`,
        );
        continue;
      }
      out.push(`<p class="tag">${escapeHtml(cell.side.label)}</p>`);
      for (const m of cell.measures) {
        const facts = [
          m.kindLabel,
          m.year !== null ? String(m.year) : '',
          m.amount ?? '',
          m.votes !== null ? words.voteCount(m.votes) : '',
        ]
          .filter(Boolean)
          .map(escapeHtml)
          .join(' · ');
        const refs = m.endnotes.map((r) => rich([r], notes)).join('');
        out.push(
          `<div class="m"><b>${escapeHtml(m.title)}</b> <span class="tag">${facts}</span><div>${rich(m.body, notes)}${refs}</div></div>`,
        );
      }
    }
  }

  out.push(`<h2 id="frictions">${escapeHtml(words.frictions)}</h2>`);
  for (const f of brief.frictions) {
    out.push(`<div class="f ${f.severity}"><h3>${f.number}. ${escapeHtml(f.title)}</h3>`);
    out.push(
      `<p class="tag">${escapeHtml(f.severityLabel)} · ${escapeHtml(f.statusLabel)}${f.votes !== null ? ` · ${escapeHtml(words.voteCount(f.votes))}` : ''}</p>`,
    );
    out.push(`<p>${rich(f.body, notes)}</p>`);
    for (const side of f.sides) {
      out.push(
        `<p><b>${escapeHtml(side.label)}:</b> ${side.measures.map((m) => escapeHtml(`${m.title} (${m.themeTitle})`)).join('; ')}</p>`,
      );
    }
    out.push('</div>');
  }

  if (brief.agenda) {
    out.push(`<h2 id="agenda">${escapeHtml(words.agenda)}</h2><ol class="agenda">`);
    for (const step of brief.agenda) {
      out.push(
        `<li data-agenda-step="${escapeHtml(step.id)}"><b>${escapeHtml(step.title)}</b> — ${escapeHtml(stepActions(step))}</li>`,
      );
    }
    out.push('</ol>');
  }

  if (brief.votes) {
    out.push(
      `<h2 id="votes">${escapeHtml(words.votes)}</h2><table><thead><tr><th>${words.rank}</th><th>${words.item}</th><th>${words.where}</th><th>${words.votesColumn}</th></tr></thead><tbody>`,
    );
    for (const v of brief.votes) {
      out.push(
        `<tr><td>${v.rank}</td><td>${escapeHtml(v.title)}</td><td>${escapeHtml(v.context)}</td><td>${v.votes}</td></tr>`,
      );
    }
    out.push('</tbody></table>');
  }

  if (brief.comments) {
    out.push(`<h2 id="comments">${escapeHtml(words.comments)}</h2>`);
    for (const thread of brief.comments) {
      out.push(
        `<h3>${escapeHtml(thread.targetTitle)}</h3><p class="meta">${escapeHtml(thread.context)}</p><ul>`,
      );
      for (const c of thread.comments)
        out.push(
          `<li><b>${escapeHtml(c.author)}</b> (${escapeHtml(c.date)}): ${escapeHtml(c.text)}</li>`,
        );
      out.push('</ul>');
    }
  }

  out.push(...evidenceHtml(brief), ...changesHtml(brief));

  out.push(`<h2 id="sources">${escapeHtml(words.sources)}</h2><ol class="notes">`);
  for (const note of brief.endnotes) {
    out.push(
      `<li id="note-${escapeHtml(note.id)}" value="${Number(note.footnote) || ''}">${escapeHtml(note.label)} ${escapeHtml(note.citation)}${note.url ? ` ${link(note.url, note.url)}` : ''}</li>`,
    );
  }
  out.push('</ol></main></body></html>');
  return out.join('\n');
}
