/**
 * What the server sends a newcomer is its document as integrated: updates it holds back because
 * they build on something it never received (possibly forged: a clock reused with other content)
 * stay out, and stay held back on the server, where they integrate if their base ever arrives.
 */
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { encodeIntegratedState } from '../../../server/sync/messages.ts';

describe('the integrated state', () => {
  it('leaves out what the document holds back, and keeps holding it', () => {
    const writer = new Y.Doc();
    const updates: Uint8Array[] = [];
    writer.on('update', (u: Uint8Array) => updates.push(u));
    writer.getText('t').insert(0, 'ab');
    writer.getText('t').insert(2, 'c');

    const server = new Y.Doc();
    server.getMap('meta').set('title', 'Board');
    Y.applyUpdate(server, updates[1]); // builds on 'ab', which never came
    expect(server.store.pendingStructs).not.toBeNull();

    // Yjs's own encoding carries the held-back struct to whoever receives it…
    const withPending = new Y.Doc();
    Y.applyUpdate(withPending, Y.encodeStateAsUpdate(server));
    expect(withPending.store.pendingStructs).not.toBeNull();
    // …the integrated state does not, and the server still holds it.
    const newcomer = new Y.Doc();
    Y.applyUpdate(newcomer, encodeIntegratedState(server));
    expect(newcomer.store.pendingStructs).toBeNull();
    expect(newcomer.getMap('meta').get('title')).toBe('Board');
    expect(newcomer.getText('t').toString()).toBe('');
    expect(server.store.pendingStructs).not.toBeNull();

    // Once the base arrives, the held-back part integrates on the server as usual.
    Y.applyUpdate(server, updates[0]);
    expect(server.getText('t').toString()).toBe('abc');
    expect(server.store.pendingStructs).toBeNull();
  });
});
