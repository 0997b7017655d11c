/**
 * The evidence check's switch: only a facilitator may require sources before export; the
 * flag is stored with the session (older stored sessions read as "not required") and every
 * client sees it.
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

function setRequired(state: SessionState, payload: unknown, who = facilitator) {
  return reduce(state, { type: 'export:require-sources', payload }, who, NOW);
}

describe('export:require-sources', () => {
  it('is off by default and a facilitator turns it on and off', () => {
    expect(initialSession().requireSources).toBe(false);
    const on = setRequired(initialSession(), { required: true });
    expect(on.ok && on.state.requireSources).toBe(true);
    if (!on.ok) return;
    const again = setRequired(on.state, { required: true });
    expect(again.ok && again.state).toBe(on.state);
    const off = setRequired(on.state, { required: false });
    expect(off.ok && off.state.requireSources).toBe(false);
  });

  it('refuses editors, viewers and malformed payloads with a code', () => {
    expect(setRequired(initialSession(), { required: true }, editor)).toEqual({
      ok: false,
      code: 'facilitator_only',
      params: { command: 'export:require-sources' },
    });
    expect(setRequired(initialSession(), { required: true }, viewer).ok).toBe(false);
    for (const payload of [undefined, null, {}, { required: 'yes' }, { required: 1 }, true]) {
      const result = setRequired(initialSession(), payload);
      expect(result.ok).toBe(false);
      if (!result.ok) expect(describeRefusal(result)).toMatch(/^export:require-sources needs/);
    }
  });

  it('is stored with the session and seen by every client', () => {
    const on = setRequired(initialSession(), { required: true });
    if (!on.ok) throw new Error(describeRefusal(on));
    expect(parseStoredSession(storedSession(on.state)).requireSources).toBe(true);
    expect(viewFor(on.state, 'someone', NOW).requireSources).toBe(true);
    // A session stored before the flag existed reads as "not required".
    const old = JSON.parse(storedSession(initialSession())) as Record<string, unknown>;
    delete old.requireSources;
    expect(parseStoredSession(JSON.stringify(old)).requireSources).toBe(false);
    expect(() => parseStoredSession(JSON.stringify({ ...old, requireSources: 'yes' }))).toThrow(
      /requireSources/,
    );
  });
});
