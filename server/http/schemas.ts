/**
 * The REST API's requests as zod schemas: the routes validate with them (`parseRequest`), and
 * `openapi.ts` describes the API from them, so the description cannot drift from what is
 * accepted. An imported board is checked by `parseBoardJson` — `BoardSchema` plus the checks
 * that span records — and described by that same `BoardSchema`. The response schemas only
 * describe: the server builds those bodies itself.
 */
import { z } from 'zod';
import { BoardSchema } from '../../shared/board/index.ts';
import { BOARD_LANGUAGES } from '../../shared/board/format.ts';
import { ID_PATTERN } from '../../shared/board/ids.ts';
import { TEMPLATE_LANGUAGES, TEMPLATES } from '../boards/templates.ts';
import { badRequest } from './errors.ts';

/** The board's (or snapshot's) id in the path. */
export const Id = z.string().regex(ID_PATTERN);

const createFields = {
  title: z.string().max(200).optional().meta({ description: 'replaces the board’s title' }),
  template: z.enum(TEMPLATES).optional().meta({ description: 'what to start from (blank)' }),
  lang: z
    .enum(TEMPLATE_LANGUAGES)
    .optional()
    .meta({ description: 'the language of a blank board’s title, first theme and sides' }),
};
const notBoth = [
  (body: { template?: unknown; board?: unknown }) =>
    body.template === undefined || body.board === undefined,
  { message: 'give either "template" or "board", not both' },
] as const;

/** `POST /api/boards`: a template (default `blank`) or an imported board, and a title. */
export const CreateBoardBody = z
  .object({
    ...createFields,
    board: BoardSchema.optional().meta({ description: 'a BoardJSON to import instead' }),
  })
  .refine(...notBoth);

/** What the route checks of that body before `parseBoardJson` checks the board. */
export const CreateBoardFields = z
  .object({ ...createFields, board: z.unknown().optional() })
  .refine(...notBoth);

/** `POST /api/boards/:id/snapshots`. */
export const SnapshotBody = z.object({
  label: z.string().trim().min(1).max(200).meta({ description: 'the version’s name' }),
});

/** `?since=` on the changes and the brief: the snapshot to compare the live board with. */
const since = z.string().min(1).meta({ description: 'a snapshot id of the board' });

/** The brief's options (`export.md`, `export.html`, `export.pdf`). */
export const BriefQuery = z.object({
  lang: z.enum(BOARD_LANGUAGES).optional().meta({ description: 'the brief’s language' }),
  date: z
    .string()
    .optional()
    .meta({ description: 'the brief’s date, YYYY-MM-DD (default: the last change)' }),
  comments: z
    .enum(['1', 'true', '0', 'false'])
    .optional()
    .meta({ description: 'whether the brief includes comments (default: no)' }),
  since: since.optional(),
});

export const ChangesQuery = z.object({ since });

const Role = z.enum(['facilitator', 'editor', 'viewer']);

export const ErrorBody = z.object({
  error: z.looseObject({ code: z.string(), message: z.string() }),
});

export const CreatedBoard = z.object({
  id: Id,
  title: z.string(),
  tokens: z.record(Role, z.string()),
  links: z.record(Role, z.url()),
});

export const SnapshotInfo = z.object({
  id: z.string(),
  boardId: Id,
  label: z.string(),
  createdAt: z.iso.datetime({ offset: true }),
});

export const SnapshotList = z.object({ snapshots: z.array(SnapshotInfo) });

export const ChangeList = z.looseObject({
  since: SnapshotInfo,
  counts: z.record(z.string(), z.number()),
  changes: z.array(z.looseObject({})),
});

/** The error code for a bad field (by its top-level name), and for anything else. */
type Codes = Record<string, string> & { other: string };

/**
 * `value` checked against `schema`; else a 400 whose code names the field (e.g.
 * `invalid_title`) and whose message says what is wrong with it.
 */
export function parseRequest<T extends z.ZodType>(
  schema: T,
  value: unknown,
  codes: Codes,
): z.output<T> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const field = issue.path.length ? String(issue.path[0]) : '';
  const where = issue.path.map(String).join('.');
  throw badRequest(
    codes[field] ?? codes.other,
    where ? `${where}: ${issue.message}` : issue.message,
  );
}
