/**
 * `BoardLocks`, the sync rooms' write policy: who may change a board now, and when an editor's
 * write must wait for the stored lock (several processes, a lock not confirmed lately).
 */
import { describe, expect, it } from 'vitest';
import { BoardLocks } from '../../../server/sync/writePolicy.ts';

describe('BoardLocks', () => {
  it('lets facilitators always, editors only on an unlocked board, viewers never', () => {
    const locks = new BoardLocks({ read: () => Promise.resolve(false) });
    expect(locks.canWrite('b1', 'editor')).toBe(true);
    expect(locks.canWrite('b1', 'viewer')).toBe(false);
    locks.set('b1', true);
    expect(locks.canWrite('b1', 'editor')).toBe(false);
    expect(locks.canWrite('b1', 'facilitator')).toBe(true);
    expect(locks.canWrite('b2', 'editor')).toBe(true);
  });

  it('keeps the newer of two answers, whichever arrives last', () => {
    const locks = new BoardLocks({ read: () => Promise.resolve(false) });
    locks.set('b1', true, 2_000);
    locks.set('b1', false, 1_000);
    expect(locks.canWrite('b1', 'editor')).toBe(false);
    locks.forget('b1');
    expect(locks.canWrite('b1', 'editor')).toBe(true);
  });

  it('with a stale lock asks an editor to wait for one read of the stored lock', async () => {
    let stored = true;
    let reads = 0;
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const locks = new BoardLocks({
      read: async () => {
        reads++;
        await gate;
        return stored;
      },
      fresh: (confirmedAt) => Date.now() - confirmedAt < 60_000,
    });
    // Never confirmed: an editor waits, a facilitator does not.
    expect(locks.canWrite('b1', 'editor')).toBe('confirm');
    expect(locks.canWrite('b1', 'facilitator')).toBe(true);

    const first = locks.confirm('b1');
    const second = locks.confirm('b1');
    locks.set('b1', false, Date.now() + 1); // Heard after the read began; it waits anyway.
    expect(locks.canWrite('b1', 'editor')).toBe('confirm');
    release();
    await Promise.all([first, second]);
    expect(reads).toBe(1);
    // The read started before `set`, so the newer answer stands.
    expect(locks.canWrite('b1', 'editor')).toBe(true);

    stored = true;
    locks.set('b1', false, 0);
    locks.forget('b1');
    await locks.confirm('b1');
    expect(locks.canWrite('b1', 'editor')).toBe(false);
  });

  it('rejects confirm when the store cannot be read, and reads again next time', async () => {
    let fail = true;
    const locks = new BoardLocks({
      read: () => (fail ? Promise.reject(new Error('down')) : Promise.resolve(false)),
      fresh: () => true,
    });
    await expect(locks.confirm('b1')).rejects.toThrow('down');
    fail = false;
    await locks.confirm('b1');
    expect(locks.canWrite('b1', 'editor')).toBe(true);
  });
});
