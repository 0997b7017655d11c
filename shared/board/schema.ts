/**
 * BoardJSON version 1, the import/export format: its types, its schema (zod) and the checks
 * that span records (a card's row must exist, …). Invalid input is refused whole, with the
 * path of the first bad field, so nothing is ever half-imported.
 */
import { z } from 'zod';
import { CARD_KINDS, FRICTION_STATUSES, SEVERITIES } from './layout.ts';
import { AGENDA_FOCUS_TYPES, AGENDA_LIMITS } from './agenda.ts';
import { RATER_NAME_LENGTH, RATING_SCALE } from './alignment.ts';
import { ID_PATTERN } from './ids.ts';

import { BOARD_FORMAT, BOARD_LANGUAGES, BOARD_VERSION, isWebUrl, LIMITS } from './format.ts';

export { BOARD_FORMAT, BOARD_LANGUAGES, BOARD_VERSION, LIMITS };

const id = z.string().regex(ID_PATTERN, 'must be 1–64 letters, digits, "-" or "_"');
const short = z.string().max(LIMITS.shortText);
const long = z.string().max(LIMITS.longText);
const idList = z.array(id).max(LIMITS.listItems);

export const ColumnSchema = z.strictObject({
  id,
  label: short,
  country: z
    .string()
    .regex(/^[A-Z]{2,3}(-[A-Z]{2,3})?$/, 'must be a country code such as "US", "JP" or "US-JP"'),
});

/** Who last edited a record in the web client, where the board knows it (`editors.ts`). */
const editedBy = short.optional();

export const RowSchema = z.strictObject({ id, title: short, summary: long, editedBy });

export const CardSchema = z.strictObject({
  id,
  rowId: id,
  columnId: id,
  title: short,
  body: long,
  kind: z.enum(CARD_KINDS),
  year: z.number().int().min(1800).max(2200).nullable().default(null),
  amount: short.nullable().default(null),
  tags: z.array(z.string().min(1).max(100)).max(LIMITS.listItems).default([]),
  sourceIds: idList.default([]),
  editedBy,
});

export const FrictionSchema = z.strictObject({
  id,
  title: short,
  body: long,
  severity: z.enum(SEVERITIES),
  status: z.enum(FRICTION_STATUSES),
  cardIds: idList.default([]),
  editedBy,
});

export const SourceSchema = z.strictObject({
  id,
  label: short,
  citation: long,
  url: z
    .string()
    .max(LIMITS.url)
    .refine((u) => u === '' || isWebUrl(u), 'must be an http(s) URL or empty'),
});

export const CommentSchema = z.strictObject({
  id,
  targetId: id,
  author: short,
  text: long,
  createdAt: z.iso.datetime({ offset: true }),
  resolved: z.boolean().default(false),
});

/** One agenda step: what "Next step" does (null leaves that part of the session as it is). */
export const AgendaStepSchema = z.strictObject({
  id,
  title: z.string().max(AGENDA_LIMITS.title).default(''),
  focus: z
    .strictObject({ type: z.enum(AGENDA_FOCUS_TYPES), id })
    .nullable()
    .default(null),
  minutes: z
    .number()
    .int()
    .min(AGENDA_LIMITS.minutes.min)
    .max(AGENDA_LIMITS.minutes.max)
    .nullable()
    .default(null),
  vote: z
    .strictObject({
      targetIds: z.array(id).min(AGENDA_LIMITS.targets.min).max(AGENDA_LIMITS.targets.max),
      perPerson: z.number().int().min(AGENDA_LIMITS.perPerson.min).max(AGENDA_LIMITS.perPerson.max),
    })
    .nullable()
    .default(null),
  lock: z.boolean().nullable().default(null),
});

/** One person's alignment rating of one theme (shared/board/alignment.ts); 1–5 or null. */
const score = z.number().int().min(RATING_SCALE.min).max(RATING_SCALE.max).nullable().default(null);
export const AlignmentRatingSchema = z
  .strictObject({
    rowId: id,
    raterId: id,
    name: z.string().max(RATER_NAME_LENGTH).default(''),
    aligned: score,
    importance: score,
    at: z.iso.datetime({ offset: true }).optional(),
  })
  .refine((r) => r.aligned !== null || r.importance !== null, {
    message: 'a rating needs "aligned" or "importance" (1–5)',
  });

/** Where the board's content comes from (the source essay), printed on the brief's cover. */
export const ProvenanceSchema = z.strictObject({
  source: short.optional(),
  author: short.optional(),
  publisher: short.optional(),
  /** The source's date, e.g. "2025-01". */
  date: short.optional(),
  /** What the content is as of, e.g. "January 2025". */
  asOf: short.optional(),
});

export const BoardSchema = z.strictObject({
  format: z.literal(BOARD_FORMAT),
  version: z.literal(BOARD_VERSION),
  id,
  title: short,
  subtitle: short.default(''),
  createdAt: z.iso.datetime({ offset: true }).optional(),
  template: z.string().max(100).optional(),
  columns: z.array(ColumnSchema).max(50),
  rows: z.array(RowSchema).max(LIMITS.records),
  cards: z.array(CardSchema).max(LIMITS.records),
  frictions: z.array(FrictionSchema).max(LIMITS.records),
  sources: z.array(SourceSchema).max(LIMITS.records),
  comments: z.array(CommentSchema).max(LIMITS.records).default([]),
  /** Optional, so boards written before the agenda runner still import. */
  agenda: z.array(AgendaStepSchema).max(AGENDA_LIMITS.steps).optional(),
  /** Optional, so boards written before alignment ratings still import. */
  alignment: z.array(AlignmentRatingSchema).max(LIMITS.records).optional(),
  /** The facilitator's key judgements, printed first in the brief. */
  keyJudgements: long.optional(),
  provenance: ProvenanceSchema.optional(),
  /** The language the board is written in; the brief's default ("en" when absent). */
  language: z.enum(BOARD_LANGUAGES).optional(),
});

export type ColumnJSON = z.infer<typeof ColumnSchema>;
export type RowJSON = z.infer<typeof RowSchema>;
export type CardJSON = z.infer<typeof CardSchema>;
export type FrictionJSON = z.infer<typeof FrictionSchema>;
export type SourceJSON = z.infer<typeof SourceSchema>;
export type CommentJSON = z.infer<typeof CommentSchema>;
export type AgendaStepJSON = z.infer<typeof AgendaStepSchema>;
export type AlignmentRatingJSON = z.infer<typeof AlignmentRatingSchema>;
export type BoardJSON = z.infer<typeof BoardSchema>;
export type ProvenanceJSON = z.infer<typeof ProvenanceSchema>;
/** What an importer may hand in: defaults not yet filled. */
export type BoardJSONInput = z.input<typeof BoardSchema>;

/** Refusal of a BoardJSON document, naming the first bad field. */
export class BoardValidationError extends Error {
  readonly path: string;
  constructor(path: string, problem: string) {
    super(path ? `${path}: ${problem}` : problem);
    this.name = 'BoardValidationError';
    this.path = path;
  }
}

function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else out += out ? `.${String(part)}` : String(part);
  }
  return out;
}

/**
 * Checks `input` as BoardJSON v1 and returns it with defaults filled in, or throws a
 * `BoardValidationError` with the first bad field's path (`cards[3].rowId: unknown row "r9"`).
 */
export function parseBoardJson(input: unknown): BoardJSON {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    throw new BoardValidationError('', 'a board must be a JSON object');
  }
  const head = input as { format?: unknown; version?: unknown };
  if (head.format !== BOARD_FORMAT) {
    throw new BoardValidationError(
      'format',
      `expected "${BOARD_FORMAT}", got ${JSON.stringify(head.format) ?? 'nothing'}`,
    );
  }
  if (typeof head.version === 'number' && head.version > BOARD_VERSION) {
    throw new BoardValidationError(
      'version',
      `this is BoardJSON version ${head.version}; this board only reads version ${BOARD_VERSION} — update the briefing board to import it`,
    );
  }
  const result = BoardSchema.safeParse(input);
  if (!result.success) {
    const issue = result.error.issues[0];
    throw new BoardValidationError(formatPath(issue.path), issue.message);
  }
  checkReferences(result.data);
  return result.data;
}

function unique(kind: string, list: readonly { id: string }[], seen: Set<string>): void {
  list.forEach((item, i) => {
    if (seen.has(item.id))
      throw new BoardValidationError(`${kind}[${i}].id`, `duplicate id "${item.id}"`);
    seen.add(item.id);
  });
}

function checkReferences(board: BoardJSON): void {
  const columns = new Set<string>();
  const rows = new Set<string>();
  const cards = new Set<string>();
  const frictions = new Set<string>();
  const sources = new Set<string>();
  unique('columns', board.columns, columns);
  unique('rows', board.rows, rows);
  unique('cards', board.cards, cards);
  unique('frictions', board.frictions, frictions);
  unique('sources', board.sources, sources);
  unique('comments', board.comments, new Set());
  board.cards.forEach((card, i) => {
    if (!rows.has(card.rowId))
      throw new BoardValidationError(`cards[${i}].rowId`, `unknown row "${card.rowId}"`);
    if (!columns.has(card.columnId)) {
      throw new BoardValidationError(`cards[${i}].columnId`, `unknown column "${card.columnId}"`);
    }
    card.sourceIds.forEach((sid, j) => {
      if (!sources.has(sid))
        throw new BoardValidationError(`cards[${i}].sourceIds[${j}]`, `unknown source "${sid}"`);
    });
  });
  board.frictions.forEach((friction, i) => {
    friction.cardIds.forEach((cid, j) => {
      if (!cards.has(cid))
        throw new BoardValidationError(`frictions[${i}].cardIds[${j}]`, `unknown card "${cid}"`);
    });
  });
  board.comments.forEach((comment, i) => {
    if (!cards.has(comment.targetId) && !frictions.has(comment.targetId)) {
      throw new BoardValidationError(
        `comments[${i}].targetId`,
        `unknown card or friction "${comment.targetId}"`,
      );
    }
  });
  checkAgenda(board, { row: rows, card: cards, friction: frictions });
  checkAlignment(board, rows);
}

/** Alignment ratings: each names a row of the board, and a person rates a row once. */
function checkAlignment(board: BoardJSON, rows: Set<string>): void {
  const seen = new Set<string>();
  (board.alignment ?? []).forEach((rating, i) => {
    if (!rows.has(rating.rowId)) {
      throw new BoardValidationError(`alignment[${i}].rowId`, `unknown row "${rating.rowId}"`);
    }
    const key = `${rating.rowId}/${rating.raterId}`;
    if (seen.has(key)) {
      throw new BoardValidationError(
        `alignment[${i}].raterId`,
        `"${rating.raterId}" already rated row "${rating.rowId}"`,
      );
    }
    seen.add(key);
  });
}

/** Agenda steps: unique ids, and every focus and vote target names a record of the board. */
function checkAgenda(
  board: BoardJSON,
  known: Record<'row' | 'card' | 'friction', Set<string>>,
): void {
  const steps = board.agenda ?? [];
  unique('agenda', steps, new Set());
  steps.forEach((step, i) => {
    if (step.focus && !known[step.focus.type].has(step.focus.id)) {
      throw new BoardValidationError(
        `agenda[${i}].focus.id`,
        `unknown ${step.focus.type} "${step.focus.id}"`,
      );
    }
    step.vote?.targetIds.forEach((fid, j) => {
      if (!known.friction.has(fid)) {
        throw new BoardValidationError(
          `agenda[${i}].vote.targetIds[${j}]`,
          `unknown friction "${fid}"`,
        );
      }
    });
    if (step.vote && new Set(step.vote.targetIds).size !== step.vote.targetIds.length) {
      throw new BoardValidationError(`agenda[${i}].vote.targetIds`, 'lists a friction twice');
    }
  });
}
