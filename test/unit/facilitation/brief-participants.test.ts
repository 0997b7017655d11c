/**
 * Who the brief lists (issue 13, defect 7): the people who took part — the board's editors,
 * commenters and raters, then the names that voted — or the facilitator's own list
 * (`participants:set`), which is validated, cleaned, stored with the session and seen by all.
 */
import { describe, expect, it } from 'vitest';
import {
  describeRefusal,
  initialSession,
  LIMITS,
  parseStoredSession,
  reduce,
  storedSession,
  viewFor,
  type SessionState,
} from '../../../shared/facilitation/index.ts';
import { briefParticipants, namesOnBoard } from '../../../server/facilitation/participants.ts';
import { smallBoardJson } from '../../helpers/boards.ts';
import { parseBoardJson } from '../../../shared/board/index.ts';
import { NOW, editor, facilitator, viewer } from './people.ts';

function setNames(state: SessionState, payload: unknown, who = facilitator) {
  return reduce(state, { type: 'participants:set', payload }, who, NOW);
}

describe('participants:set', () => {
  it('sets a cleaned list, stores it, shows it to everyone, and null goes back', () => {
    expect(initialSession().briefParticipants).toBeNull();
    const set = setNames(initialSession(), {
      names: [' Aiko\u0000 Tanaka ', 'Ben', 'Ben', '   ', 'x'.repeat(100), '\u202eMallory'],
    });
    if (!set.ok) throw new Error(describeRefusal(set));
    const names = ['Aiko Tanaka', 'Ben', 'x'.repeat(LIMITS.nameLength), 'Mallory'];
    expect(set.state.briefParticipants).toEqual(names);
    expect(parseStoredSession(storedSession(set.state)).briefParticipants).toEqual(names);
    expect(viewFor(set.state, 'anyone', NOW).briefParticipants).toEqual(names);
    const back = setNames(set.state, { names: null });
    expect(back.ok && back.state.briefParticipants).toBeNull();
  });

  it('refuses other roles and malformed payloads with a code', () => {
    for (const who of [editor, viewer]) {
      expect(setNames(initialSession(), { names: ['A'] }, who)).toEqual({
        ok: false,
        code: 'facilitator_only',
        params: { command: 'participants:set' },
      });
    }
    const tooMany = Array.from({ length: LIMITS.briefParticipants + 1 }, (_, i) => `n${i}`);
    for (const payload of [undefined, {}, { names: 'A' }, { names: [1] }, { names: tooMany }]) {
      const result = setNames(initialSession(), payload);
      expect(result.ok).toBe(false);
      expect(!result.ok && describeRefusal(result)).toMatch(/^participants:set needs \{ names \}/);
    }
  });

  it('reads sessions stored before the list existed as "not chosen"', () => {
    const { briefParticipants: _omit, ...old } = initialSession();
    const json = storedSession(old as SessionState).replace(',"briefParticipants":null', '');
    expect(json).not.toContain('briefParticipants');
    expect(parseStoredSession(json).briefParticipants).toBeNull();
    expect(() => parseStoredSession(json.replace('}', ',"briefParticipants":[1]}'))).toThrow(
      /briefParticipants/,
    );
  });
});

describe('briefParticipants', () => {
  const board = parseBoardJson({
    ...smallBoardJson(),
    alignment: [
      {
        rowId: smallBoardJson().rows[0].id,
        raterId: 'r1',
        name: 'Rita Rater',
        aligned: 3,
        importance: null,
      },
    ],
  });
  board.cards[0].editedBy = 'Eddie Editor';
  board.rows[0].editedBy = 'Eddie Editor';

  it('lists editors, commenters and raters from the board, then voters, each once', () => {
    const onBoard = namesOnBoard(board);
    expect(onBoard).toEqual(expect.arrayContaining(['Eddie Editor', 'Aiko', 'Ben', 'Rita Rater']));
    expect(new Set(onBoard).size).toBe(onBoard.length);
    expect(briefParticipants(null, ['Vera Voter', 'Aiko'], board)).toEqual([
      ...onBoard,
      'Vera Voter',
    ]);
  });

  it("prints the facilitator's choice as it is", () => {
    expect(briefParticipants(['Only Me'], ['Vera Voter'], board)).toEqual(['Only Me']);
    expect(briefParticipants([], ['Vera Voter'], board)).toEqual([]);
  });
});
