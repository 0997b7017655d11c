/**
 * The brief's model, computed once from a BoardJSON and shared by every renderer (PDF,
 * Markdown, HTML), so the formats can never disagree on what is in it or in what order: cover
 * (title, provenance, date), key judgements with what the room produced, one comparison matrix
 * (every theme × every side, an empty side kept so the reader sees what is missing), the themes
 * in turn, friction points, the annexes and the endnotes. Words not from the board come from
 * `wording.ts` in the brief's language. Pure: no I/O, no clock, no randomness.
 */
import type {
  BoardJSON,
  CardJSON,
  CardKind,
  FrictionStatus,
  Severity,
} from '../../shared/board/index.ts';
import {
  changesAnnex,
  evidenceCheck,
  type BriefChanges,
  type BriefEvidence,
  type BriefSince,
} from './annexes.ts';
import { alignmentByTheme, type BriefAlignment } from './alignment.ts';
import { agendaSection, type BriefAgendaStep } from './agenda.ts';
import {
  formatDay,
  formatLooseDate,
  isBriefLanguage,
  WORDING,
  type BriefLanguage,
  type Wording,
} from './wording.ts';

/** What the caller decides about a brief; the board decides everything else. */
export interface BriefOptions {
  /**
   * Link printed on the cover (an http(s) URL; anything else is printed but not linked); empty
   * leaves it out (the server does so unless PUBLIC_URL is a real address).
   */
  boardUrl: string;
  /** The brief's language; defaults to the board's `language`, then English. */
  language?: BriefLanguage;
  /** Names people joined the board with; may be empty. */
  participants: string[];
  /** Adds the annex of open (unresolved) comments. */
  includeComments: boolean;
  /** ISO date (or date-time) of the brief (the server passes the board's last change); defaults to the board's `createdAt`. */
  date?: string;
  /** Revealed vote results, when a vote was revealed; `null`/absent leaves votes out. */
  votes?: { targetId: string; votes: number }[] | null;
  /** The facilitator covers the alignment ratings: the brief leaves them out until the reveal. */
  ratingsHidden?: boolean;
  /** Adds the "Changes since <snapshot>" annex, comparing the board with this snapshot. */
  since?: BriefSince | null;
}

/** A bad option, such as a date that is not ISO; a route answers it with 400. */
export class BriefOptionsError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'BriefOptionsError';
  }
}

/** A reference to an endnote, by source id. */
export interface EndnoteRef {
  readonly sourceId: string;
}

/**
 * User text with the endnote references found in it (`[8]` where a source is labelled `[8]`).
 * Strings are literal text: renderers must escape them for their format.
 */
export type RichText = readonly (string | EndnoteRef)[];

export interface BriefDate {
  /** `YYYY-MM-DD`. */
  iso: string;
  /** `15 January 2025` (`2025年1月15日` in Japanese). */
  label: string;
  /** Milliseconds since the epoch, for document metadata. */
  time: number;
}

export interface BriefSide {
  columnId: string;
  label: string;
  country: string;
}

export interface BriefMeasure {
  id: string;
  title: string;
  kind: CardKind;
  kindLabel: string;
  year: number | null;
  amount: string | null;
  body: RichText;
  /** The card's own citations, in the card's order. */
  endnotes: EndnoteRef[];
  /** Votes from the revealed vote, when the card was among its targets. */
  votes: number | null;
}

export interface BriefCell {
  side: BriefSide;
  measures: BriefMeasure[];
}

export interface BriefTheme {
  id: string;
  number: number;
  title: string;
  summary: RichText;
  /** Every column of the board, in board order; a cell without measures is "not addressed". */
  cells: BriefCell[];
  measureCount: number;
  /** Friction points linking a measure of this theme, by number. */
  frictionNumbers: number[];
  votes: number | null;
  /** People's alignment and importance ratings, when someone rated and they are not hidden. */
  alignment: BriefAlignment | null;
}

export interface BriefLinkedMeasure {
  id: string;
  title: string;
  themeTitle: string;
}

export interface BriefFrictionSide {
  country: string;
  label: string;
  measures: BriefLinkedMeasure[];
}

export interface BriefFriction {
  id: string;
  number: number;
  title: string;
  body: RichText;
  severity: Severity;
  severityLabel: string;
  status: FrictionStatus;
  statusLabel: string;
  /** Linked measures grouped by the country of the column each sits in, in column order. */
  sides: BriefFrictionSide[];
  votes: number | null;
}

export interface BriefVoteResult {
  rank: number;
  targetId: string;
  targetKind: 'measure' | 'friction' | 'theme';
  title: string;
  /** Where it sits: `Theme · Side` for a measure, `Friction point 3`, … */
  context: string;
  votes: number;
}

export interface BriefComment {
  id: string;
  author: string;
  text: string;
  date: string;
}

export interface BriefCommentThread {
  targetId: string;
  targetKind: 'measure' | 'friction';
  targetTitle: string;
  context: string;
  comments: BriefComment[];
}

export interface BriefEndnote {
  id: string;
  label: string;
  /** Safe Markdown footnote name derived from the label (`[8]` → `8`), unique in the brief. */
  footnote: string;
  citation: string;
  /** An http(s) URL, or null when the board has none. */
  url: string | null;
  /** Whether any measure, summary or friction cites it. */
  cited: boolean;
}

export interface BriefStats {
  themes: number;
  measures: number;
  measuresBySide: { label: string; count: number }[];
  frictions: number;
  frictionsBySeverity: Record<Severity, number>;
  frictionsByStatus: Record<FrictionStatus, number>;
  sources: number;
}

/** Where the board's content comes from, printed on the cover. */
export interface BriefProvenance {
  source: string;
  author: string;
  publisher: string;
  /** The source's date, formatted (`January 2025`). */
  date: string;
  /** What the content is as of, formatted. */
  asOf: string;
}

/** A theme or friction point named in "what the room produced". */
export interface BriefFinding {
  id: string;
  number: number;
  title: string;
  /** `3 votes`, `alignment 2.1 / 5`, `High severity`. */
  note: string;
}

/** What the room produced, printed after the facilitator's key judgements. */
export interface BriefRoom {
  /** Most-voted friction points when a vote was revealed, else the high-severity ones. */
  frictions: BriefFinding[];
  frictionsBy: 'votes' | 'severity';
  leastAligned: BriefFinding[];
  mostAligned: BriefFinding[];
}

export interface Brief {
  language: BriefLanguage;
  title: string;
  subtitle: string;
  date: BriefDate | null;
  boardUrl: string;
  /** Whether `boardUrl` is an http(s) URL that may be made a link. */
  boardUrlIsLink: boolean;
  participants: string[];
  provenance: BriefProvenance | null;
  /** The facilitator's key judgements (may be empty). */
  keyJudgements: RichText;
  room: BriefRoom;
  /** Every column of the board, in board order: the matrix's columns. */
  sides: BriefSide[];
  stats: BriefStats;
  themes: BriefTheme[];
  frictions: BriefFriction[];
  /** Ranked results, or null when no vote was revealed. */
  votes: BriefVoteResult[] | null;
  /** Threads of open comments, or null when the annex was not asked for. */
  comments: BriefCommentThread[] | null;
  /** The facilitator's agenda steps, or null when the board has none. */
  agenda: BriefAgendaStep[] | null;
  /** Measures that cite no source (the evidence check). */
  evidence: BriefEvidence;
  /** Changes since a snapshot, or null when none was asked for. */
  changes: BriefChanges | null;
  endnotes: BriefEndnote[];
}

export const KIND_LABELS: Record<CardKind, string> = {
  promotion: 'Promotion',
  protection: 'Protection',
  institution: 'Institution',
  partnership: 'Partnership',
  context: 'Context',
};

export const SEVERITY_LABELS: Record<Severity, string> = {
  high: 'High severity',
  medium: 'Medium severity',
  low: 'Low severity',
};

export const STATUS_LABELS: Record<FrictionStatus, string> = {
  open: 'Open',
  managed: 'Managed',
  resolved: 'Resolved',
};

const MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];

// C0/C1 controls other than newline, and the bidirectional overrides that can make text read
// differently from what it says ("Trojan Source"). Tabs become spaces first.
// eslint-disable-next-line no-control-regex
const UNSAFE_CHARS = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;

/** User text made printable: one newline style, no control characters, no trailing blanks. */
export function cleanText(value: string): string {
  return value
    .replace(/\r\n?/g, '\n')
    .replace(/\t/g, ' ')
    .replace(UNSAFE_CHARS, '')
    .split('\n')
    .map((line) => line.trimEnd())
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

/** Text for one line (titles, labels, citations): newlines become spaces. */
export function cleanLine(value: string): string {
  return cleanText(value).replace(/\s*\n+\s*/g, ' ');
}

/** `15 January 2025` for `2025-01-15`. */
export function formatDate(iso: string): string {
  const [year, month, day] = iso.split('-').map(Number);
  return `${day} ${MONTHS[month - 1]} ${year}`;
}

const ISO_DATE =
  /^(\d{4})-(\d{2})-(\d{2})(?:T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/;

/** The calendar date as written in an ISO date or date-time, or null when it is not one. */
export function parseIsoDate(value: string, language: BriefLanguage = 'en'): BriefDate | null {
  const match = ISO_DATE.exec(value.trim());
  if (!match) return null;
  const [, y, m, d] = match;
  const time = Date.UTC(Number(y), Number(m) - 1, Number(d));
  const check = new Date(time);
  if (check.getUTCMonth() !== Number(m) - 1 || check.getUTCDate() !== Number(d)) return null;
  const iso = `${y}-${m}-${d}`;
  const instant = value.includes('T') ? Date.parse(value) : time;
  return {
    iso,
    label: language === 'en' ? formatDate(iso) : formatDay(iso, language),
    time: Number.isNaN(instant) ? time : instant,
  };
}

function resolveDate(
  board: BoardJSON,
  options: BriefOptions,
  language: BriefLanguage,
): BriefDate | null {
  if (options.date !== undefined && options.date !== '') {
    const date = parseIsoDate(options.date, language);
    if (!date)
      throw new BriefOptionsError(
        `date: expected an ISO date such as 2025-01-15, got "${options.date}"`,
      );
    return date;
  }
  return board.createdAt ? parseIsoDate(board.createdAt, language) : null;
}

function provenanceOf(board: BoardJSON, language: BriefLanguage): BriefProvenance | null {
  const p = board.provenance;
  if (!p || typeof p !== 'object') return null;
  const line = (v: unknown) => (typeof v === 'string' ? cleanLine(v) : '');
  const out = {
    source: line(p.source),
    author: line(p.author),
    publisher: line(p.publisher),
    date: formatLooseDate(line(p.date), language),
    asOf: formatLooseDate(line(p.asOf), language),
  };
  return Object.values(out).some(Boolean) ? out : null;
}

const ROOM_FINDINGS = 3;

/** Top-voted (else high-severity) friction points and the least and most aligned themes. */
function roomFindings(
  themes: readonly BriefTheme[],
  frictions: readonly BriefFriction[],
  words: Wording,
): BriefRoom {
  const voted = frictions.filter((f) => (f.votes ?? 0) > 0);
  const byVotes = [...voted].sort((a, b) => b.votes! - a.votes! || a.number - b.number);
  const found = (f: BriefFriction, note: string): BriefFinding => ({
    id: f.id,
    number: f.number,
    title: f.title,
    note,
  });
  const rated = themes.filter((t) => t.alignment?.aligned);
  const mean = (t: BriefTheme) => t.alignment!.aligned!.mean;
  const theme = (t: BriefTheme): BriefFinding => ({
    id: t.id,
    number: t.number,
    title: t.title,
    note: words.rated(mean(t)),
  });
  const ascending = [...rated].sort((a, b) => mean(a) - mean(b) || a.number - b.number);
  const half = Math.min(ROOM_FINDINGS, Math.floor(ascending.length / 2));
  return {
    frictionsBy: byVotes.length ? 'votes' : 'severity',
    frictions: byVotes.length
      ? byVotes.slice(0, ROOM_FINDINGS).map((f) => found(f, words.voteCount(f.votes!)))
      : frictions
          .filter((f) => f.severity === 'high' && f.status !== 'resolved')
          .slice(0, ROOM_FINDINGS + 2)
          .map((f) => found(f, f.statusLabel)),
    leastAligned: ascending.slice(0, half).map(theme),
    mostAligned: ascending
      .slice(ascending.length - half)
      .reverse()
      .map(theme),
  };
}

const BRACKETED = /\[[^[\]\n]{1,40}\]/g;

/** Splits text at the endnote labels it quotes (`… [3][7].`) into text and references. */
function richText(text: string, labels: ReadonlyMap<string, string>, cited: Set<string>): RichText {
  if (!text) return [];
  const out: (string | EndnoteRef)[] = [];
  let last = 0;
  for (const match of text.matchAll(BRACKETED)) {
    const sourceId = labels.get(match[0]);
    if (!sourceId) continue;
    if (match.index > last) out.push(text.slice(last, match.index));
    out.push({ sourceId });
    cited.add(sourceId);
    last = match.index + match[0].length;
  }
  if (last < text.length) out.push(text.slice(last));
  return out;
}

/** The plain text of rich text, with references printed as their labels. */
export function plainText(text: RichText, endnotes: ReadonlyMap<string, BriefEndnote>): string {
  return text
    .map((part) => (typeof part === 'string' ? part : (endnotes.get(part.sourceId)?.label ?? '')))
    .join('');
}

function footnoteName(label: string, id: string, taken: Set<string>): string {
  const fromLabel = label
    .replace(/^\s*\[|\]\s*$/g, '')
    .replace(/[^A-Za-z0-9_-]+/g, '-')
    .replace(/^-+|-+$/g, '');
  let name = fromLabel || id;
  for (let n = 2; taken.has(name); n++) name = `${fromLabel || id}-${n}`;
  taken.add(name);
  return name;
}

function isHttpUrl(value: string): boolean {
  return /^https?:\/\/[^\s]+$/i.test(value);
}

function cleanParticipants(names: readonly string[]): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const raw of names) {
    const name = cleanLine(raw);
    if (name && !seen.has(name)) {
      seen.add(name);
      out.push(name);
    }
  }
  return out;
}

function voteMap(votes: BriefOptions['votes']): Map<string, number> | null {
  if (!votes) return null;
  const map = new Map<string, number>();
  for (const { targetId, votes: count } of votes) {
    if (Number.isFinite(count))
      map.set(targetId, (map.get(targetId) ?? 0) + Math.max(0, Math.trunc(count)));
  }
  return map;
}

/** Computes the brief of `board`. Throws `BriefOptionsError` for a malformed `options.date`. */
export function buildBrief(board: BoardJSON, options: BriefOptions): Brief {
  const language: BriefLanguage = isBriefLanguage(options.language)
    ? options.language
    : isBriefLanguage(board.language)
      ? board.language
      : 'en';
  const words = WORDING[language];
  const date = resolveDate(board, options, language);
  const votes = voteMap(options.votes);
  const votesFor = (id: string): number | null => (votes ? (votes.get(id) ?? null) : null);
  const alignment = alignmentByTheme(board, options.ratingsHidden === true);

  // Endnotes first: text elsewhere is split at their labels.
  const labels = new Map<string, string>();
  for (const source of board.sources) {
    const label = cleanLine(source.label);
    if (label && !labels.has(label)) labels.set(label, source.id);
  }
  const cited = new Set<string>();
  const rich = (text: string): RichText => richText(cleanText(text), labels, cited);
  const keyJudgements =
    typeof board.keyJudgements === 'string' ? rich(board.keyJudgements) : ([] as RichText);

  const columns = board.columns.map((c) => ({
    columnId: c.id,
    label: cleanLine(c.label) || c.id,
    country: c.country,
  }));
  const columnById = new Map(columns.map((c) => [c.columnId, c]));
  const rowTitle = new Map(
    board.rows.map((r) => [r.id, cleanLine(r.title) || words.untitledTheme]),
  );
  const cardById = new Map(board.cards.map((c) => [c.id, c]));

  // Frictions are numbered in board order; themes point at the ones touching their measures.
  const frictionNumbers = new Map(board.frictions.map((f, i) => [f.id, i + 1]));
  const frictionsOfRow = new Map<string, Set<number>>();
  for (const friction of board.frictions) {
    for (const cardId of friction.cardIds) {
      const card = cardById.get(cardId);
      if (!card) continue;
      const set = frictionsOfRow.get(card.rowId) ?? new Set<number>();
      set.add(frictionNumbers.get(friction.id) ?? 0);
      frictionsOfRow.set(card.rowId, set);
    }
  }

  const cardsOfRow = new Map<string, CardJSON[]>();
  for (const card of board.cards) {
    const list = cardsOfRow.get(card.rowId) ?? [];
    list.push(card);
    cardsOfRow.set(card.rowId, list);
  }

  const measure = (card: CardJSON): BriefMeasure => {
    const endnotes = [...new Set(card.sourceIds)].map((sourceId) => {
      cited.add(sourceId);
      return { sourceId };
    });
    return {
      id: card.id,
      title: cleanLine(card.title) || words.untitledMeasure,
      kind: card.kind,
      kindLabel: words.kinds[card.kind],
      year: card.year,
      amount: card.amount === null ? null : cleanLine(card.amount) || null,
      body: rich(card.body),
      endnotes,
      votes: votesFor(card.id),
    };
  };

  const themes: BriefTheme[] = board.rows.map((row, i) => {
    const cards = cardsOfRow.get(row.id) ?? [];
    const cells = columns.map((side) => ({
      side,
      measures: cards.filter((c) => c.columnId === side.columnId).map(measure),
    }));
    return {
      id: row.id,
      number: i + 1,
      title: rowTitle.get(row.id) ?? words.untitledTheme,
      summary: rich(row.summary),
      cells,
      measureCount: cards.length,
      frictionNumbers: [...(frictionsOfRow.get(row.id) ?? [])].sort((a, b) => a - b),
      votes: votesFor(row.id),
      alignment: alignment.get(row.id) ?? null,
    };
  });

  const frictions: BriefFriction[] = board.frictions.map((friction, i) => {
    const sides: BriefFrictionSide[] = [];
    const linked = [...new Set(friction.cardIds)]
      .map((id) => cardById.get(id))
      .filter((c): c is CardJSON => c !== undefined);
    for (const column of columns) {
      if (sides.some((s) => s.country === column.country)) continue;
      const measures = linked
        .filter((card) => columnById.get(card.columnId)?.country === column.country)
        .map((card) => ({
          id: card.id,
          title: cleanLine(card.title) || words.untitledMeasure,
          themeTitle: rowTitle.get(card.rowId) ?? '',
        }));
      if (measures.length) sides.push({ country: column.country, label: column.label, measures });
    }
    return {
      id: friction.id,
      number: i + 1,
      title: cleanLine(friction.title) || words.untitledFriction,
      body: rich(friction.body),
      severity: friction.severity,
      severityLabel: words.severities[friction.severity],
      status: friction.status,
      statusLabel: words.statuses[friction.status],
      sides,
      votes: votesFor(friction.id),
    };
  });

  // Everything a comment or a vote can point at, in the brief's order.
  const targets = new Map<
    string,
    { kind: 'measure' | 'friction' | 'theme'; title: string; context: string }
  >();
  for (const theme of themes) {
    targets.set(theme.id, {
      kind: 'theme',
      title: theme.title,
      context: `${words.theme} ${theme.number}`,
    });
    for (const cell of theme.cells) {
      for (const m of cell.measures) {
        targets.set(m.id, {
          kind: 'measure',
          title: m.title,
          context: `${theme.title} · ${cell.side.label}`,
        });
      }
    }
  }
  for (const f of frictions)
    targets.set(f.id, {
      kind: 'friction',
      title: f.title,
      context: `${words.frictionPoint} ${f.number}`,
    });
  const targetOrder = new Map([...targets.keys()].map((id, i) => [id, i]));

  let voteResults: BriefVoteResult[] | null = null;
  if (votes) {
    const ranked = [...votes]
      .filter(([id]) => targets.has(id))
      .sort(([a, va], [b, vb]) => vb - va || (targetOrder.get(a) ?? 0) - (targetOrder.get(b) ?? 0));
    let rank = 0;
    voteResults = ranked.map(([targetId, count], i) => {
      const target = targets.get(targetId)!;
      if (i === 0 || ranked[i - 1][1] !== count) rank = i + 1;
      return {
        rank,
        targetId,
        targetKind: target.kind,
        title: target.title,
        context: target.context,
        votes: count,
      };
    });
  }

  let comments: BriefCommentThread[] | null = null;
  if (options.includeComments) {
    const threads = new Map<string, BriefCommentThread>();
    for (const comment of board.comments) {
      const target = targets.get(comment.targetId);
      if (comment.resolved || !target || target.kind === 'theme') continue;
      const text = cleanText(comment.text);
      if (!text) continue;
      const thread = threads.get(comment.targetId) ?? {
        targetId: comment.targetId,
        targetKind: target.kind,
        targetTitle: target.title,
        context: target.context,
        comments: [],
      };
      const day = parseIsoDate(comment.createdAt, language);
      thread.comments.push({
        id: comment.id,
        author: cleanLine(comment.author) || words.anonymous,
        text,
        date: day ? day.label : '',
      });
      threads.set(comment.targetId, thread);
    }
    comments = [...threads.values()].sort(
      (a, b) => (targetOrder.get(a.targetId) ?? 0) - (targetOrder.get(b.targetId) ?? 0),
    );
  }

  const taken = new Set<string>();
  const endnotes: BriefEndnote[] = board.sources.map((source) => {
    const label = cleanLine(source.label) || `[${source.id}]`;
    const url = source.url.trim();
    return {
      id: source.id,
      label,
      footnote: footnoteName(label, source.id, taken),
      citation: cleanLine(source.citation),
      url: isHttpUrl(url) ? url : null,
      cited: cited.has(source.id),
    };
  });

  const frictionsBySeverity: Record<Severity, number> = { high: 0, medium: 0, low: 0 };
  const frictionsByStatus: Record<FrictionStatus, number> = { open: 0, managed: 0, resolved: 0 };
  for (const f of board.frictions) {
    frictionsBySeverity[f.severity]++;
    frictionsByStatus[f.status]++;
  }

  const boardUrl = cleanLine(options.boardUrl);
  return {
    language,
    title: cleanLine(board.title) || words.untitledBoard,
    subtitle: cleanLine(board.subtitle),
    date,
    boardUrl,
    boardUrlIsLink: isHttpUrl(boardUrl),
    participants: cleanParticipants(options.participants),
    provenance: provenanceOf(board, language),
    keyJudgements,
    room: roomFindings(themes, frictions, words),
    sides: columns,
    stats: {
      themes: board.rows.length,
      measures: board.cards.length,
      measuresBySide: columns
        .map((c) => ({
          label: c.label,
          count: board.cards.filter((card) => card.columnId === c.columnId).length,
        }))
        .filter((s) => s.count > 0),
      frictions: board.frictions.length,
      frictionsBySeverity,
      frictionsByStatus,
      sources: board.sources.length,
    },
    themes,
    frictions,
    votes: voteResults,
    agenda: agendaSection(board, cleanLine, language),
    comments,
    evidence: evidenceCheck(board, cleanLine, words),
    changes: options.since
      ? changesAnnex(
          options.since,
          board,
          cleanLine,
          (iso) => parseIsoDate(iso, language)?.label ?? '',
          words,
        )
      : null,
    endnotes,
  };
}

/** Endnotes by source id, for renderers resolving references. */
export function endnoteIndex(brief: Brief): Map<string, BriefEndnote> {
  return new Map(brief.endnotes.map((e) => [e.id, e]));
}

function plural(count: number, one: string, many = `${one}s`): string {
  return `${count} ${count === 1 ? one : many}`;
}

/** One sentence of figures for the executive summary, the same in every format. */
export function atAGlance(brief: Brief): string {
  const { stats } = brief;
  const sides = stats.measuresBySide.map((s) => `${s.label} ${s.count}`).join(', ');
  const severity = (['high', 'medium', 'low'] as const)
    .filter((s) => stats.frictionsBySeverity[s] > 0)
    .map((s) => `${stats.frictionsBySeverity[s]} ${s}`)
    .join(', ');
  const status = (['open', 'managed', 'resolved'] as const)
    .filter((s) => stats.frictionsByStatus[s] > 0)
    .map((s) => `${stats.frictionsByStatus[s]} ${s}`)
    .join(', ');
  const parts = [
    `The board compares ${plural(stats.themes, 'theme')} through ${plural(stats.measures, 'measure')}${sides ? ` (${sides})` : ''}`,
    `${plural(stats.frictions, 'friction point')}${stats.frictions ? ` (severity: ${severity}; status: ${status})` : ''}`,
    `${plural(stats.sources, 'source')}`,
  ];
  return `${parts[0]}, and records ${parts[1]} and ${parts[2]}.`;
}
