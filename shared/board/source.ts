/**
 * Sources: the endnotes a card's facts rest on (`sources`, by id). Labels follow the seed
 * essay (`[8]`). An `order` key keeps the endnote list in its printed order.
 */
import * as Y from 'yjs';
import { boardTypes, eachRecord, readString, stringListOf, type RecordMap } from './layout.ts';
import { newId } from './ids.ts';
import { wellFormed } from './text.ts';
import { isWebUrl } from './format.ts';
import { orderAt } from './order.ts';
import { orderedRecords, requireRecord } from './records.ts';
import { removeFromList } from './lists.ts';

export interface SourceInit {
  id?: string;
  label: string;
  citation?: string;
  url?: string;
  order?: string;
}

export interface SourceView {
  id: string;
  order: string;
  label: string;
  citation: string;
  url: string;
}

export function readSource(id: string, map: RecordMap): SourceView {
  return {
    id,
    order: readString(map, 'order'),
    label: readString(map, 'label'),
    citation: readString(map, 'citation'),
    // Whatever was written there, only a web address is ever offered as a link.
    url: isWebUrl(readString(map, 'url')) ? readString(map, 'url') : '',
  };
}

export function listSources(doc: Y.Doc): SourceView[] {
  return orderedRecords(boardTypes(doc).sources).map(({ id, map }) => readSource(id, map));
}

export function addSource(doc: Y.Doc, init: SourceInit): string {
  const id = init.id ?? newId('s');
  doc.transact(() => {
    const { sources } = boardTypes(doc);
    if (sources.has(id)) throw new Error(`source "${id}" exists`);
    checkUrl(init.url);
    const map = new Y.Map<unknown>();
    map.set('label', wellFormed(init.label));
    map.set('citation', wellFormed(init.citation ?? ''));
    map.set('url', init.url ?? '');
    map.set('order', init.order ?? orderAt(orderedRecords(sources), Number.MAX_SAFE_INTEGER));
    sources.set(id, map);
  });
  return id;
}

function checkUrl(url: string | undefined): void {
  if (url && !isWebUrl(url)) {
    throw new Error("a source's address must be a web address (http:// or https://)");
  }
}

export function editSource(
  doc: Y.Doc,
  id: string,
  changes: Partial<Pick<SourceView, 'label' | 'citation' | 'url'>>,
): void {
  doc.transact(() => {
    const source = requireRecord(boardTypes(doc).sources, id, 'source');
    checkUrl(changes.url);
    for (const key of ['label', 'citation', 'url'] as const) {
      const value = changes[key];
      if (value !== undefined) source.set(key, wellFormed(value));
    }
  });
}

/** Deletes a source and detaches it from every card that cited it. */
export function deleteSource(doc: Y.Doc, id: string): void {
  doc.transact(() => {
    const types = boardTypes(doc);
    requireRecord(types.sources, id, 'source');
    types.sources.delete(id);
    eachRecord(types.cards, (card) => removeFromList(stringListOf(card, 'sourceIds'), id));
  });
}
