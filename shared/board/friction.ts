/**
 * Friction points between the two countries, each linked to the cards it concerns. Links are
 * a list of card ids; readers skip ids of cards deleted concurrently and duplicates from two
 * people linking the same card at once.
 */
import * as Y from 'yjs';
import {
  boardTypes,
  FRICTION_STATUSES,
  newStringList,
  newText,
  readString,
  readStringList,
  recordAt,
  SEVERITIES,
  stringListOf,
  textOf,
  type BoardTypes,
  type FrictionStatus,
  type FrictionTextField,
  type RecordMap,
  type Severity,
} from './layout.ts';
import { newId } from './ids.ts';
import { orderAt } from './order.ts';
import { orderedRecords, requireRecord } from './records.ts';
import { replaceText } from './text.ts';
import { removeFromList } from './lists.ts';
import { removeThread, threadOf } from './comment.ts';

export interface FrictionInit {
  id?: string;
  title?: string;
  body?: string;
  severity?: Severity;
  status?: FrictionStatus;
  cardIds?: readonly string[];
  index?: number;
  order?: string;
}

export interface FrictionView {
  id: string;
  order: string;
  title: string;
  body: string;
  severity: Severity;
  status: FrictionStatus;
  cardIds: string[];
}

function isSeverity(v: unknown): v is Severity {
  return typeof v === 'string' && (SEVERITIES as readonly string[]).includes(v);
}
function isStatus(v: unknown): v is FrictionStatus {
  return typeof v === 'string' && (FRICTION_STATUSES as readonly string[]).includes(v);
}

/** A friction as read; `cardIds` keeps only cards that still exist. */
export function readFriction(types: BoardTypes, id: string, map: RecordMap): FrictionView {
  const severity = map.get('severity');
  const status = map.get('status');
  return {
    id,
    order: readString(map, 'order'),
    title: readString(map, 'title'),
    body: readString(map, 'body'),
    severity: isSeverity(severity) ? severity : 'medium',
    status: isStatus(status) ? status : 'open',
    cardIds: readStringList(map, 'cardIds').filter(
      (cid) => recordAt(types.cards, cid) !== undefined,
    ),
  };
}

export function listFrictions(doc: Y.Doc): FrictionView[] {
  const types = boardTypes(doc);
  return orderedRecords(types.frictions).map(({ id, map }) => readFriction(types, id, map));
}

function requireFriction(types: BoardTypes, id: string): RecordMap {
  return requireRecord(types.frictions, id, 'friction');
}

export function addFriction(doc: Y.Doc, init: FrictionInit = {}): string {
  const id = init.id ?? newId('f');
  const severity = init.severity ?? 'medium';
  const status = init.status ?? 'open';
  if (!isSeverity(severity)) throw new Error(`unknown severity "${String(severity)}"`);
  if (!isStatus(status)) throw new Error(`unknown status "${String(status)}"`);
  doc.transact(() => {
    const types = boardTypes(doc);
    if (types.frictions.has(id)) throw new Error(`friction "${id}" exists`);
    for (const cid of init.cardIds ?? []) requireRecord(types.cards, cid, 'card');
    const map = new Y.Map<unknown>();
    map.set('title', newText(init.title ?? ''));
    map.set('body', newText(init.body ?? ''));
    map.set('severity', severity);
    map.set('status', status);
    map.set('cardIds', newStringList([...new Set(init.cardIds ?? [])]));
    map.set(
      'order',
      init.order ?? orderAt(orderedRecords(types.frictions), init.index ?? Number.MAX_SAFE_INTEGER),
    );
    types.frictions.set(id, map);
    threadOf(types, id);
  });
  return id;
}

export function frictionText(doc: Y.Doc, id: string, field: FrictionTextField): Y.Text {
  return textOf(requireFriction(boardTypes(doc), id), field);
}

export function editFrictionText(
  doc: Y.Doc,
  id: string,
  field: FrictionTextField,
  value: string,
): void {
  doc.transact(() => replaceText(textOf(requireFriction(boardTypes(doc), id), field), value));
}

export function linkCard(doc: Y.Doc, frictionId: string, cardId: string): void {
  doc.transact(() => {
    const types = boardTypes(doc);
    requireRecord(types.cards, cardId, 'card');
    const list = stringListOf(requireFriction(types, frictionId), 'cardIds');
    if (!list.toArray().includes(cardId)) list.push([cardId]);
  });
}

export function unlinkCard(doc: Y.Doc, frictionId: string, cardId: string): void {
  doc.transact(() =>
    removeFromList(stringListOf(requireFriction(boardTypes(doc), frictionId), 'cardIds'), cardId),
  );
}

export function setSeverity(doc: Y.Doc, id: string, severity: Severity): void {
  if (!isSeverity(severity)) throw new Error(`unknown severity "${String(severity)}"`);
  doc.transact(() => requireFriction(boardTypes(doc), id).set('severity', severity));
}

export function setStatus(doc: Y.Doc, id: string, status: FrictionStatus): void {
  if (!isStatus(status)) throw new Error(`unknown status "${String(status)}"`);
  doc.transact(() => requireFriction(boardTypes(doc), id).set('status', status));
}

export function moveFriction(doc: Y.Doc, id: string, index: number): void {
  doc.transact(() => {
    const { frictions } = boardTypes(doc);
    const friction = requireRecord(frictions, id, 'friction');
    friction.set(
      'order',
      orderAt(
        orderedRecords(frictions, (_f, fid) => fid !== id),
        index,
      ),
    );
  });
}

export function deleteFriction(doc: Y.Doc, id: string): void {
  doc.transact(() => {
    const types = boardTypes(doc);
    requireFriction(types, id);
    types.frictions.delete(id);
    removeThread(types, id);
  });
}
