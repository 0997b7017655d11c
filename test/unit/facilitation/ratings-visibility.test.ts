/**
 * Covering the alignment ratings: only a facilitator hides or reveals them; the flag is stored
 * with the session (sessions stored before it existed read as "shown") and every client sees it.
 */
import { describe, expect, it } from 'vitest';
import {
  describeRefusal,
  initialSession,
  parseStoredSession,
  reduce,
  storedSession,
  viewFor,
  type SessionState,
} from '../../../shared/facilitation/index.ts';
import { NOW, editor, facilitator, viewer } from './people.ts';

function setHidden(state: SessionState, payload: unknown, who = facilitator) {
  return reduce(state, { type: 'ratings:visibility', payload }, who, NOW);
}

describe('ratings:visibility', () => {
  it('is shown by default; a facilitator hides and reveals', () => {
    expect(initialSession().ratingsHidden).toBe(false);
    const hidden = setHidden(initialSession(), { hidden: true });
    if (!hidden.ok) throw new Error(describeRefusal(hidden));
    expect(hidden.state.ratingsHidden).toBe(true);
    // Asking again changes nothing (same state object: nothing is stored or broadcast).
    const again = setHidden(hidden.state, { hidden: true });
    expect(again.ok && again.state).toBe(hidden.state);
    const shown = setHidden(hidden.state, { hidden: false });
    expect(shown.ok && shown.state.ratingsHidden).toBe(false);
  });

  it('refuses editors, viewers and malformed payloads with a code', () => {
    for (const who of [editor, viewer]) {
      expect(setHidden(initialSession(), { hidden: true }, who)).toEqual({
        ok: false,
        code: 'facilitator_only',
        params: { command: 'ratings:visibility' },
      });
    }
    for (const payload of [undefined, null, {}, { hidden: 'yes' }, { hidden: 1 }]) {
      expect(setHidden(initialSession(), payload)).toEqual({
        ok: false,
        code: 'invalid_payload',
        params: { command: 'ratings:visibility' },
      });
    }
  });

  it('is stored with the session and read back; older stored sessions read as shown', () => {
    const hidden = setHidden(initialSession(), { hidden: true });
    if (!hidden.ok) throw new Error(describeRefusal(hidden));
    expect(parseStoredSession(storedSession(hidden.state)).ratingsHidden).toBe(true);

    const old = JSON.parse(storedSession(initialSession())) as Record<string, unknown>;
    delete old.ratingsHidden;
    expect(parseStoredSession(JSON.stringify(old)).ratingsHidden).toBe(false);
    expect(() => parseStoredSession(JSON.stringify({ ...old, ratingsHidden: 'no' }))).toThrow(
      /ratingsHidden/,
    );
  });

  it('every client sees the flag in its view', () => {
    const hidden = setHidden(initialSession(), { hidden: true });
    if (!hidden.ok) throw new Error(describeRefusal(hidden));
    expect(viewFor(hidden.state, 'anyone', NOW).ratingsHidden).toBe(true);
    expect(viewFor(initialSession(), 'anyone', NOW).ratingsHidden).toBe(false);
  });
});
