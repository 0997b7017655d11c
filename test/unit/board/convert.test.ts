import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import {
  BoardValidationError,
  fromYDoc,
  parseBoardJson,
  toYDoc,
} from '../../../shared/board/index.ts';
import { smallBoardJson } from '../../helpers/boards.ts';

function refusal(input: unknown): string {
  try {
    parseBoardJson(input);
  } catch (e) {
    expect(e).toBeInstanceOf(BoardValidationError);
    return (e as Error).message;
  }
  throw new Error('expected a refusal');
}

describe('BoardJSON ⇄ Y.Doc', () => {
  it('round trip JSON → Y.Doc → JSON is identity', () => {
    const input = smallBoardJson();
    expect(fromYDoc(toYDoc(input), 'small')).toEqual(input);
  });

  it('survives the Yjs wire encoding', () => {
    const doc = new Y.Doc();
    Y.applyUpdate(doc, Y.encodeStateAsUpdate(toYDoc(smallBoardJson())));
    expect(fromYDoc(doc, 'small')).toEqual(smallBoardJson());
  });

  it('fills defaults for optional fields', () => {
    const input = smallBoardJson();
    const card = input.cards[1] as Record<string, unknown>;
    delete card.year;
    delete card.amount;
    delete card.tags;
    const out = fromYDoc(toYDoc(input), 'small');
    expect(out.cards[1]).toMatchObject({ year: null, amount: null, tags: [] });
  });

  it('refuses a card in an unknown row with the path of the field', () => {
    const input = smallBoardJson();
    input.cards[3].rowId = 'r9';
    expect(refusal(input)).toBe('cards[3].rowId: unknown row "r9"');
  });

  it('refuses the first bad field of every kind', () => {
    const cases: [(b: ReturnType<typeof smallBoardJson>) => void, string][] = [
      [(b) => (b.cards[0].kind = 'bogus' as never), 'cards[0].kind'],
      [
        (b) => (b.frictions[1].cardIds = ['c1', 'zz']),
        'frictions[1].cardIds[1]: unknown card "zz"',
      ],
      [(b) => (b.cards[2].sourceIds = ['s7']), 'cards[2].sourceIds[0]: unknown source "s7"'],
      [(b) => (b.rows[1].id = 'r1'), 'rows[1].id: duplicate id "r1"'],
      [
        (b) => (b.comments![0].targetId = 'nowhere'),
        'comments[0].targetId: unknown card or friction "nowhere"',
      ],
      [
        (b) => (b.sources[0].url = 'javascript:alert(1)'),
        'sources[0].url: must be an http(s) URL or empty',
      ],
      [(b) => (b.cards[0].id = '../etc/passwd'), 'cards[0].id'],
      [(b) => ((b as Record<string, unknown>).extra = 1), 'Unrecognized key'],
      [(b) => (b.format = 'other' as never), 'format: expected "briefing-board"'],
    ];
    for (const [mutate, expected] of cases) {
      const input = smallBoardJson();
      mutate(input);
      expect(refusal(input)).toContain(expected);
    }
  });

  it('refuses a newer version clearly and non-objects outright', () => {
    const input = { ...smallBoardJson(), version: 2 };
    expect(refusal(input)).toMatch(
      /^version: this is BoardJSON version 2; this board only reads version 1/,
    );
    expect(refusal(null)).toBe('a board must be a JSON object');
    expect(refusal([1, 2])).toBe('a board must be a JSON object');
  });

  it('refuses a whole import, leaving the target document untouched', () => {
    const doc = new Y.Doc();
    const input = smallBoardJson();
    input.frictions[0].cardIds = ['nope'];
    expect(() => toYDoc(input, doc)).toThrow(BoardValidationError);
    expect(Y.encodeStateAsUpdate(doc).byteLength).toBeLessThan(3);
  });
});
