/**
 * Refusing forged overlaps. Yjs trusts that a client id and clock name one piece of content
 * forever: a struct that reaches back into clocks the document already has is trimmed to what is
 * new, and that rest is linked after whatever the document holds at the clock before it. A forged
 * struct (a clock reused with other content or another place) thus lands where the server reads
 * it one way while its encoding — which then names that neighbour as its origin — makes every
 * newcomer read it another way (a text's last letter became a board's title). Honest clients
 * resend clocks the server has (a sync step 2 racing an update) but always with the same content
 * in the same place; an update that does not is refused before it is applied.
 */
import * as Y from 'yjs';
import * as decoding from 'lib0/decoding';

type Struct = Y.Item | Y.GC;
type DecodedStruct = ReturnType<typeof Y.decodeUpdate>['structs'][number];

/**
 * Where each client's structs in `update` begin (`Y.parseUpdateMeta`'s `from`). An update
 * from one client — what typing sends — names that client and its first clock in its header,
 * read without decoding the structs (`Y.applyUpdate` decodes them next); anything else is
 * decoded in full.
 */
function firstClocks(update: Uint8Array): Map<number, number> {
  const decoder = decoding.createDecoder(update);
  if (decoding.readVarUint(decoder) === 1 && decoding.readVarUint(decoder) > 0) {
    const client = decoding.readVarUint(decoder);
    return new Map([[client, decoding.readVarUint(decoder)]]);
  }
  return Y.parseUpdateMeta(update).from;
}

/** What one clock of an item holds, in the words the encoding uses: content, place. */
function contentAt(content: Y.Item['content'], index: number): string | null {
  if (content instanceof Y.ContentDeleted) return null; // garbage collected: cannot compare
  if (content instanceof Y.ContentType) return `type:${content.type.constructor.name}`;
  if (content instanceof Y.ContentFormat)
    return `format:${content.key}:${JSON.stringify(content.value)}`;
  if (content instanceof Y.ContentDoc) return `doc:${content.doc?.guid ?? ''}`;
  if (content instanceof Y.ContentBinary)
    return `binary:${Buffer.from(content.content).toString('hex')}`;
  const value: unknown = content.getContent()[index];
  return `${content.constructor.name}:${JSON.stringify(value) ?? 'undefined'}`;
}

function sameId(a: Y.ID | null, b: Y.ID | null): boolean {
  return Y.compareIDs(a, b);
}

/** The origin of clock `clock` of an item: its own origin for its first clock, else the clock before. */
function originAt(item: { id: Y.ID; origin: Y.ID | null }, clock: number): Y.ID | null {
  return clock === item.id.clock ? item.origin : Y.createID(item.id.client, clock - 1);
}

/** The name of a root type of `doc`, or null. */
function rootName(doc: Y.Doc, type: unknown): string | null {
  for (const [name, root] of doc.share) if (root === type) return name;
  return null;
}

/**
 * Whether an item given with explicit parent info (no origin on either side) has the parent the
 * decoded struct names: a root type by name, or a nested type by its item's id.
 */
function sameExplicitParent(doc: Y.Doc, held: Y.Item, parent: unknown): boolean {
  const type = held.parent as { _item: Y.Item | null } | null;
  if (!type) return false;
  if (typeof parent === 'string') return type._item === null && rootName(doc, type) === parent;
  if (parent && typeof parent === 'object' && 'client' in parent)
    return type._item !== null && sameId(type._item.id, parent as Y.ID);
  return false;
}

/**
 * Why `update` reuses clocks `doc` already has with other content or in another place, or null
 * when every clock it shares with the document is what the document holds there. Throws on an
 * update that cannot be decoded (the caller treats it as malformed).
 */
export function forgedOverlap(doc: Y.Doc, update: Uint8Array): string | null {
  // Most updates start where the document ends: nothing to compare, no need to decode them.
  let overlaps = false;
  for (const [client, clock] of firstClocks(update))
    if (clock < Y.getState(doc.store, client)) overlaps = true;
  if (!overlaps) return null;
  const { structs } = Y.decodeUpdate(update);
  for (const struct of structs as DecodedStruct[]) {
    if (!(struct instanceof Y.Item)) continue; // GC and skips add no content
    const { client, clock } = struct.id;
    const known = Y.getState(doc.store, client);
    if (clock >= known) continue;
    const held = doc.store.clients.get(client) as Struct[];
    const end = Math.min(known, clock + struct.length);
    for (let at = clock; at < end;) {
      const mine = held[Y.findIndexSS(held, at)];
      const stop = Math.min(end, mine.id.clock + mine.length);
      if (mine instanceof Y.Item) {
        for (let c = at; c < stop; c++) {
          const where = `client ${client} clock ${c}`;
          if (!sameId(originAt(mine, c), originAt(struct, c))) return `${where}: another origin`;
          if (!sameId(mine.rightOrigin, struct.rightOrigin))
            return `${where}: another right origin`;
          if (mine.parentSub !== struct.parentSub && struct.parent !== null)
            return `${where}: another key`;
          if (
            c === clock &&
            struct.origin === null &&
            struct.rightOrigin === null &&
            (mine.parentSub !== struct.parentSub || !sameExplicitParent(doc, mine, struct.parent))
          )
            return `${where}: another parent`;
          const a = contentAt(mine.content, c - mine.id.clock);
          const b = contentAt(struct.content, c - clock);
          if (a !== null && b !== null && a !== b) return `${where}: other content`;
        }
      } else if (stop === known && clock + struct.length > known) {
        // The new part would follow collected content, whose place cannot be checked.
        return `client ${client} clock ${known}: continues collected content`;
      }
      at = stop;
    }
  }
  return null;
}
