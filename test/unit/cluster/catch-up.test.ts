/**
 * Two replicas that drifted apart (an insert one never got, a deletion the other never got)
 * find out from each other's summaries what to send and whether to ask, and end equal.
 */
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { compare, summarize } from '../../../server/cluster/catchUp.ts';

function replicas(): [Y.Doc, Y.Doc] {
  const a = new Y.Doc();
  a.getText('t').insert(0, 'shared text');
  const b = new Y.Doc();
  Y.applyUpdate(b, Y.encodeStateAsUpdate(a));
  return [a, b];
}

describe('catching up between processes', () => {
  it('finds nothing to do between equal replicas', () => {
    const [a, b] = replicas();
    expect(compare(a, summarize(b))).toEqual({ send: null, ask: false });
  });

  it('sends an insert the peer lacks, and the peer knows to ask for it', () => {
    const [a, b] = replicas();
    a.getText('t').insert(0, 'only in a: ');
    const fromA = compare(a, summarize(b));
    expect(fromA.ask).toBe(false);
    expect(fromA.send).not.toBeNull();
    expect(compare(b, summarize(a))).toEqual({ send: null, ask: true });
    Y.applyUpdate(b, fromA.send!);
    expect(b.getText('t').toString()).toBe('only in a: shared text');
    expect(compare(a, summarize(b))).toEqual({ send: null, ask: false });
  });

  it('sees a deletion, which the state vector alone would miss', () => {
    const [a, b] = replicas();
    a.getText('t').delete(0, 7);
    expect(Y.encodeStateVector(a)).toEqual(Y.encodeStateVector(b));
    const fromA = compare(a, summarize(b));
    expect(fromA.send).not.toBeNull();
    expect(compare(b, summarize(a)).ask).toBe(true);
    Y.applyUpdate(b, fromA.send!);
    expect(b.getText('t').toString()).toBe('text');
    expect(compare(b, summarize(a))).toEqual({ send: null, ask: false });
  });

  it('refuses a malformed summary', () => {
    const [a] = replicas();
    expect(() => compare(a, new Uint8Array([200, 1]))).toThrow();
  });
});
