/**
 * A lone surrogate reads the same on every replica (issue 13, defect 12): Yjs sends it as
 * U+FFFD but kept `\uD800` in the writer's own document, so the writer and everyone else read
 * different text. The operations write it as U+FFFD in the first place.
 */
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import * as board from '../../../shared/board/index.ts';
import { smallBoard, smallBoardJson } from '../../helpers/boards.ts';

const LONE = 'a\uD800b';
const PAIR = 'x\uD83D\uDE00y';

/** The writer and a fresh replica that received everything the writer wrote. */
function both(write: (doc: Y.Doc) => void): { writer: board.BoardJSON; reader: board.BoardJSON } {
  const writer = smallBoard();
  write(writer);
  const reader = new Y.Doc();
  Y.applyUpdate(reader, Y.encodeStateAsUpdate(writer));
  return { writer: board.fromYDoc(writer, 'small'), reader: board.fromYDoc(reader, 'small') };
}

describe('lone surrogates', () => {
  it('wellFormed replaces lone halves and keeps pairs', () => {
    expect(board.wellFormed(LONE)).toBe('a\uFFFDb');
    expect(board.wellFormed('\uDC00x\uD800')).toBe('\uFFFDx\uFFFD');
    expect(board.wellFormed(PAIR)).toBe(PAIR);
  });

  it('reads the same for the writer and the others', () => {
    const card = smallBoardJson().cards[0].id;
    const { writer, reader } = both((doc) => {
      board.editCardText(doc, card, 'title', LONE);
      board.editCardText(doc, card, 'body', PAIR + LONE);
      board.setTitle(doc, LONE);
      board.addComment(doc, { targetId: card, author: LONE, text: LONE });
      const row = board.addRow(doc, { title: LONE, summary: LONE });
      board.rateTheme(doc, row, { id: 'rater-1', name: LONE }, { aligned: 1 }, new Date(0));
    });
    expect(reader).toEqual(writer);
    const c = writer.cards.find((x) => x.id === card)!;
    expect(c.title).toBe('a\uFFFDb');
    expect(c.body).toBe(PAIR + 'a\uFFFDb');
    expect(writer.title).toBe('a\uFFFDb');
    expect(writer.comments.at(-1)).toMatchObject({ author: 'a\uFFFDb', text: 'a\uFFFDb' });
  });

  it('an import with a lone surrogate reads the same everywhere', () => {
    const json = smallBoardJson();
    json.title = LONE;
    json.cards[0].title = LONE;
    const writer = board.toYDoc(json);
    const reader = new Y.Doc();
    Y.applyUpdate(reader, Y.encodeStateAsUpdate(writer));
    expect(board.fromYDoc(reader, 'small')).toEqual(board.fromYDoc(writer, 'small'));
    expect(board.fromYDoc(writer, 'small').cards[0].title).toBe('a\uFFFDb');
  });
});
