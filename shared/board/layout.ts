/**
 * The Yjs layout of a board, as the contract names it. Every key the server, the web client,
 * seeds and exports use is spelled here once; nothing else in the code base writes a literal
 * shared-type name. Pure: no I/O, no DOM, no Node APIs.
 */
import * as Y from 'yjs';
import { wellFormed } from './text.ts';

/** Top-level shared types of a board document. */
export const META = 'meta';
export const COLUMNS = 'columns';
export const ROWS = 'rows';
export const CARDS = 'cards';
export const FRICTIONS = 'frictions';
export const SOURCES = 'sources';
export const COMMENTS = 'comments';
/** The facilitator's agenda: steps by id (shared/board/agenda.ts). */
export const AGENDA = 'agenda';
/** Alignment ratings: `<rowId>/<raterId>` → one person's rating (shared/board/alignment.ts). */
export const ALIGNMENT = 'alignment';

export const CARD_KINDS = [
  'promotion',
  'protection',
  'institution',
  'partnership',
  'context',
] as const;
export type CardKind = (typeof CARD_KINDS)[number];

export const SEVERITIES = ['low', 'medium', 'high'] as const;
export type Severity = (typeof SEVERITIES)[number];

export const FRICTION_STATUSES = ['open', 'managed', 'resolved'] as const;
export type FrictionStatus = (typeof FRICTION_STATUSES)[number];

/** Country codes of the contract; other codes (such as `EU`) are allowed for context columns. */
export const COUNTRY_US = 'US';
export const COUNTRY_JP = 'JP';
export const COUNTRY_JOINT = 'US-JP';

/** Text fields bound to `Y.Text`, per record kind. */
export const ROW_TEXT_FIELDS = ['title', 'summary'] as const;
export const CARD_TEXT_FIELDS = ['title', 'body'] as const;
export const FRICTION_TEXT_FIELDS = ['title', 'body'] as const;
export type RowTextField = (typeof ROW_TEXT_FIELDS)[number];
export type CardTextField = (typeof CARD_TEXT_FIELDS)[number];
export type FrictionTextField = (typeof FRICTION_TEXT_FIELDS)[number];

/** A record of the board is a `Y.Map` whose values are primitives or nested shared types. */
export type RecordMap = Y.Map<unknown>;

export interface BoardTypes {
  meta: Y.Map<unknown>;
  columns: Y.Array<unknown>;
  // Typed as holding anything: any client with edit rights can write any value there. Read
  // records through `recordAt` / `eachRecord` / `columnRecords` / `threadAt`, which skip what
  // does not have a record's shape.
  rows: Y.Map<unknown>;
  cards: Y.Map<unknown>;
  frictions: Y.Map<unknown>;
  sources: Y.Map<unknown>;
  comments: Y.Map<unknown>;
  agenda: Y.Map<unknown>;
  alignment: Y.Map<unknown>;
}

/** The board's shared types; getting them also defines them on a fresh document. */
export function boardTypes(doc: Y.Doc): BoardTypes {
  return {
    meta: doc.getMap(META),
    columns: doc.getArray<unknown>(COLUMNS),
    rows: doc.getMap<unknown>(ROWS),
    cards: doc.getMap<unknown>(CARDS),
    frictions: doc.getMap<unknown>(FRICTIONS),
    sources: doc.getMap<unknown>(SOURCES),
    comments: doc.getMap<unknown>(COMMENTS),
    agenda: doc.getMap<unknown>(AGENDA),
    alignment: doc.getMap<unknown>(ALIGNMENT),
  };
}

type Shape = { texts: readonly string[]; lists: readonly string[] };

/** The shared fields a record of each map must have for readers to see it at all. */
const SHAPES: Record<string, Shape> = {
  [ROWS]: { texts: ROW_TEXT_FIELDS, lists: [] },
  [CARDS]: { texts: CARD_TEXT_FIELDS, lists: ['tags', 'sourceIds'] },
  [FRICTIONS]: { texts: FRICTION_TEXT_FIELDS, lists: ['cardIds'] },
};
const ANY_RECORD = { texts: [], lists: [] } as const;

/** Looked up once per shared map: readers ask for every card of every render. */
const shapes = new WeakMap<Y.Map<unknown>, Shape>();

function shapeOf(map: Y.Map<unknown>): Shape {
  const known = shapes.get(map);
  if (known) return known;
  for (const [name, type] of map.doc?.share ?? []) {
    if ((type as unknown) !== map) continue;
    const shape = SHAPES[name] ?? ANY_RECORD;
    shapes.set(map, shape);
    return shape;
  }
  return ANY_RECORD;
}

function hasShape(value: unknown, shape: Shape): value is RecordMap {
  if (!(value instanceof Y.Map)) return false;
  return (
    shape.texts.every((f) => value.get(f) instanceof Y.Text) &&
    shape.lists.every((f) => value.get(f) instanceof Y.Array)
  );
}

/**
 * The record stored under `id` in one of the board's maps, if it is one: a `Y.Map` with the
 * shared fields of its kind. Anything else — which only a client writing around the board's
 * operations can store — reads as absent, so it can never break a reader.
 */
export function recordAt(map: Y.Map<unknown>, id: string): RecordMap | undefined {
  const value = map.get(id);
  return hasShape(value, shapeOf(map)) ? value : undefined;
}

/** Visits every record of one of the board's maps, skipping what is not a record. */
export function eachRecord(
  map: Y.Map<unknown>,
  visit: (record: RecordMap, id: string) => void,
): void {
  const shape = shapeOf(map);
  map.forEach((value, id) => {
    if (hasShape(value, shape)) visit(value, id);
  });
}

/** The column records, in display order, skipping what is not one. */
export function columnRecords(columns: Y.Array<unknown>): RecordMap[] {
  return columns.toArray().filter((value): value is RecordMap => value instanceof Y.Map);
}

/** The comment thread of a target, if there is one (a `Y.Array` of comment maps). */
export function threadAt(comments: Y.Map<unknown>, targetId: string): Y.Array<unknown> | undefined {
  const value = comments.get(targetId);
  return value instanceof Y.Array ? value : undefined;
}

/** The comments of a thread, skipping what is not one. */
export function threadComments(thread: Y.Array<unknown>): RecordMap[] {
  return thread.toArray().filter((value): value is RecordMap => value instanceof Y.Map);
}

/** Reads a string field, `fallback` when absent or of another type. */
export function readString(map: RecordMap, key: string, fallback = ''): string {
  const value = map.get(key);
  if (typeof value === 'string') return value;
  if (value instanceof Y.Text) return value.toString();
  return fallback;
}

/** Reads a `Y.Array<string>` field as a plain array without duplicates. */
export function readStringList(map: RecordMap, key: string): string[] {
  const value = map.get(key);
  if (!(value instanceof Y.Array)) return [];
  return [...new Set(value.toArray().filter((v): v is string => typeof v === 'string'))];
}

/** The `Y.Text` behind a text field, or throws: text fields always exist on a live record. */
export function textOf(map: RecordMap, field: string): Y.Text {
  const value = map.get(field);
  if (!(value instanceof Y.Text)) throw new Error(`field "${field}" is not a Y.Text`);
  return value;
}

export function stringListOf(map: RecordMap, field: string): Y.Array<string> {
  const value = map.get(field);
  if (!(value instanceof Y.Array)) throw new Error(`field "${field}" is not a Y.Array`);
  return value as Y.Array<string>;
}

/** A fresh `Y.Text` holding `value`. */
export function newText(value: string): Y.Text {
  const text = new Y.Text();
  if (value) text.insert(0, wellFormed(value));
  return text;
}

/** A fresh `Y.Array<string>` holding `values`. */
export function newStringList(values: readonly string[]): Y.Array<string> {
  const list = new Y.Array<string>();
  if (values.length) list.push([...values]);
  return list;
}
