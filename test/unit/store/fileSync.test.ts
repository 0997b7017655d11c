import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { FileSync } from '../../../server/store/fileSync.ts';
import { SqliteBoardStore } from '../../../server/store/sqlite.ts';

const dirs: string[] = [];
const tempDir = (): string => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bb-sync-'));
  dirs.push(dir);
  return dir;
};
afterEach(() => {
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

describe('FileSync', () => {
  it('runs one fsync at a time, and everyone who asks meanwhile shares the next', async () => {
    const file = path.join(tempDir(), 'log');
    fs.writeFileSync(file, 'a');
    const sync = new FileSync(file);
    const first = sync.synced(); // starts at once
    const waiting = [sync.synced(), sync.synced(), sync.synced()]; // one more, after the first
    expect(sync.started).toBe(1);
    expect(waiting[1]).toBe(waiting[0]);
    await first;
    expect(sync.finished).toBe(1);
    await Promise.all(waiting);
    expect(sync.started).toBe(2);
    await sync.synced(); // nothing running: a fresh one
    expect(sync.started).toBe(3);
    await sync.close();
  });

  it('a failed fsync fails its waiters, and the next one runs', async () => {
    const file = path.join(tempDir(), 'log');
    fs.writeFileSync(file, 'a');
    const sync = new FileSync(file);
    await sync.close(); // its descriptor is closed: fsync fails with EBADF
    await expect(sync.synced()).rejects.toMatchObject({ code: 'EBADF' });
    await expect(sync.synced()).rejects.toMatchObject({ code: 'EBADF' });
    expect(sync.started).toBe(2);
  });
});

describe('SqliteBoardStore durability', () => {
  const update = (): Uint8Array => {
    const doc = new Y.Doc();
    doc.getMap('cards').set('c0', 'card');
    return Y.encodeStateAsUpdate(doc);
  };

  it('fsync: every write resolves after an fsync of the WAL file SQLite writes, begun after it', async () => {
    const store = new SqliteBoardStore({ dir: tempDir(), durability: 'fsync' });
    const wal = `${store.file}-wal`;
    expect(store.walSyncs!.inode).toBe(fs.statSync(wal).ino);
    const steps: [string, () => Promise<unknown>][] = [
      ['createBoard', () => store.createBoard('b', 'Board', update())],
      ['appendUpdates', () => store.appendUpdates('b', [update()])],
      ['setBoardTitle', () => store.setBoardTitle('b', 'Renamed')],
      ['setBoardData', () => store.setBoardData('b', 'k', '{}')],
      ['createSnapshot', () => store.createSnapshot('b', 'label', update())],
      ['compact', () => store.compact('b')],
      ['deleteBoard', () => store.deleteBoard('b')],
    ];
    for (const [name, write] of steps) {
      // fsyncs run one at a time: the one numbered started + 1 begins after this write.
      const after = store.walSyncs!.started + 1;
      await write();
      expect(store.walSyncs!.finished, name).toBeGreaterThanOrEqual(after);
    }
    // Ten boards' appends in one tick: one commit, one fsync.
    for (let i = 0; i < 10; i++) await store.createBoard(`t${i}`, 'T', update());
    const before = store.walSyncs!.started;
    await Promise.all(
      Array.from({ length: 10 }, (_, i) => store.appendUpdates(`t${i}`, [update()])),
    );
    expect(store.walSyncs!.started - before).toBe(1);
    expect(store.walSyncs!.inode).toBe(fs.statSync(wal).ino);
    await store.close();
  });

  it('fsync: appends made while a batch syncs wait and commit together', async () => {
    const store = new SqliteBoardStore({ dir: tempDir(), durability: 'fsync' });
    await store.createBoard('b', 'Board', update());
    // The WAL's frames count commits: each commit writes at least one page.
    const reader = new Database(store.file);
    const walFrames = () => (reader.pragma('wal_checkpoint(PASSIVE)') as { log: number }[])[0].log;
    reader.pragma('wal_checkpoint(TRUNCATE)');
    const appends: Promise<number>[] = [];
    for (let i = 0; i < 40; i++) {
      appends.push(store.appendUpdates('b', [update()])); // one tick each
      await new Promise((resolve) => setImmediate(resolve));
    }
    expect(await Promise.all(appends)).toEqual(appends.map((_, i) => i + 1));
    // One commit a tick would be 40 commits; fsyncs take far longer than a tick.
    expect(walFrames()).toBeLessThanOrEqual(20);
    reader.close();
    await store.close();
  });

  it('os: writes resolve without an fsync', async () => {
    const store = new SqliteBoardStore({ dir: tempDir(), durability: 'os' });
    await store.createBoard('b', 'Board', update());
    expect(await store.appendUpdates('b', [update()])).toBe(1);
    expect(store.walSyncs).toBeNull();
    await store.close();
  });
});
