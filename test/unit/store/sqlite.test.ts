import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { SQLITE_MIGRATIONS, SqliteBoardStore } from '../../../server/store/sqlite.ts';
import { boardStoreContract } from './contract.ts';

const WRITER = fileURLToPath(new URL('./sqlite-writer.ts', import.meta.url));

const tempDir = (): string => fs.mkdtempSync(path.join(os.tmpdir(), 'bb-sqlite-'));

for (const durability of ['fsync', 'os'] as const) {
  boardStoreContract(`sqlite, durability ${durability}`, async () => {
    const dir = tempDir();
    const opened = [new SqliteBoardStore({ dir, durability })];
    return {
      store: opened[0],
      openAnother: async () => {
        opened.push(new SqliteBoardStore({ dir, durability }));
        return opened[opened.length - 1];
      },
      cleanup: async () => {
        for (const store of opened) await store.close();
        fs.rmSync(dir, { recursive: true, force: true });
      },
    };
  });
}

function firstState(): Uint8Array {
  const doc = new Y.Doc();
  doc.getMap('meta').set('title', 'Shared file');
  return Y.encodeStateAsUpdate(doc);
}

function cardIds(updates: readonly Uint8Array[]): string[] {
  const doc = new Y.Doc();
  for (const update of updates) Y.applyUpdate(doc, update);
  return [...doc.getMap('cards').keys()];
}

/** Starts sqlite-writer.ts in its own process and collects the appends it reports as durable. */
function startWriter(file: string, writer: string, count: number, compactEvery: number) {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', WRITER, file, 'shared', writer, String(count), String(compactEvery)],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  const acknowledged: number[] = [];
  let stderr = '';
  let partial = '';
  child.stdout.on('data', (chunk: Buffer) => {
    const lines = (partial + chunk.toString()).split('\n');
    partial = lines.pop() ?? '';
    acknowledged.push(...lines.map(Number));
  });
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, acknowledged, exited, stderr: () => stderr };
}

describe('SqliteBoardStore on disk', () => {
  let dir: string;
  let file: string;

  beforeEach(() => {
    dir = tempDir();
    file = path.join(dir, 'boards.sqlite');
  });

  afterEach(() => {
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('writes a WAL-mode file that a second instance reads and that passes integrity_check', async () => {
    const first = new SqliteBoardStore({ dir });
    expect(first.file).toBe(file);
    await first.createBoard('shared', 'Shared', firstState());
    const doc = new Y.Doc();
    const updates: Uint8Array[] = [];
    doc.on('update', (update: Uint8Array) => updates.push(update));
    for (let i = 0; i < 5; i++) doc.getMap('cards').set(`c${i}`, `card ${i}`);
    await first.appendUpdates('shared', updates);
    await first.setBoardData('shared', 'facilitation', '{"locked":true}');

    const second = new SqliteBoardStore({ file });
    expect((await second.getBoard('shared'))?.title).toBe('Shared');
    expect(cardIds((await second.loadBoard('shared'))!)).toEqual(['c0', 'c1', 'c2', 'c3', 'c4']);
    expect(await second.getBoardData('shared', 'facilitation')).toBe('{"locked":true}');
    expect(second.integrityCheck()).toBe('ok');
    await first.close();
    await second.close();

    const raw = new Database(file, { readonly: true });
    expect(raw.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(raw.pragma('user_version', { simple: true })).toBe(SQLITE_MIGRATIONS.length);
    raw.close();
  });

  it('brings a file of the first schema up to date with its log and last-change time', async () => {
    const raw = new Database(file);
    raw.exec(SQLITE_MIGRATIONS[0]);
    raw.pragma('user_version = 1');
    const doc = new Y.Doc();
    doc.getMap('cards').set('c0', 'card 0');
    const state = Buffer.from(Y.encodeStateAsUpdate(doc));
    const before = Y.encodeStateVector(doc);
    doc.getMap('cards').set('c1', 'card 1');
    raw
      .prepare('INSERT INTO boards VALUES (?, ?, ?, ?, ?)')
      .run('old', 'Old board', '2026-01-01T00:00:00.000Z', '2026-02-01T00:00:00.000Z', state);
    raw
      .prepare('INSERT INTO board_updates (board_id, data) VALUES (?, ?)')
      .run('old', Buffer.from(Y.encodeStateAsUpdate(doc, before)));
    raw.close();

    const store = new SqliteBoardStore({ file });
    expect(cardIds((await store.loadBoard('old'))!)).toEqual(['c0', 'c1']);
    expect((await store.getBoard('old'))?.updatedAt).toBe('2026-02-01T00:00:00.000Z');
    doc.getMap('cards').set('c2', 'card 2');
    expect(await store.appendUpdates('old', [Y.encodeStateAsUpdate(doc)])).toBe(2);
    expect((await store.getBoard('old'))!.updatedAt > '2026-02-01').toBe(true);
    expect(store.integrityCheck()).toBe('ok');
    await store.close();
  });

  it('commits the appends of many boards requested in one tick together, failing only the bad one', async () => {
    const store = new SqliteBoardStore({ file });
    const ids = Array.from({ length: 20 }, (_, i) => `b${i}`);
    for (const id of ids) await store.createBoard(id, id, firstState());
    const doc = new Y.Doc();
    doc.getMap('cards').set('c0', 'card 0');
    const update = Y.encodeStateAsUpdate(doc);
    const results = await Promise.allSettled([
      ...ids.map((id) => store.appendUpdates(id, [update])),
      store.appendUpdates('missing', [update]),
    ]);
    expect(results.slice(0, ids.length).every((r) => r.status === 'fulfilled')).toBe(true);
    expect(results[ids.length]).toMatchObject({ status: 'rejected' });
    expect(String((results[ids.length] as PromiseRejectedResult).reason)).toMatch(/missing/);
    for (const id of ids) expect(cardIds((await store.loadBoard(id))!)).toEqual(['c0']);
    await store.close();
  });

  it('switches a file made without auto-vacuum to incremental once, keeping its boards', async () => {
    const raw = new Database(file);
    raw.pragma('auto_vacuum = NONE');
    raw.pragma('journal_mode = WAL');
    for (const step of SQLITE_MIGRATIONS) raw.exec(step);
    raw.pragma(`user_version = ${SQLITE_MIGRATIONS.length}`);
    raw
      .prepare('INSERT INTO boards VALUES (?, ?, ?, ?, ?)')
      .run(
        'old',
        'Old board',
        '2026-01-01T00:00:00.000Z',
        '2026-01-01T00:00:00.000Z',
        Buffer.from(firstState()),
      );
    expect(raw.pragma('auto_vacuum', { simple: true })).toBe(0);
    raw.close();

    const store = new SqliteBoardStore({ file });
    expect((await store.getBoard('old'))?.title).toBe('Old board');
    expect(store.integrityCheck()).toBe('ok');
    await store.close();
    const after = new Database(file, { readonly: true });
    expect(after.pragma('auto_vacuum', { simple: true })).toBe(2);
    after.close();
  });

  it('compacts on a disk too full for anything else, and says SQLITE_FULL to appends', async () => {
    const store = new SqliteBoardStore({ file, maxPageCount: 1024 });
    await store.createBoard('churn', 'Churn', firstState());
    const doc = new Y.Doc();
    Y.applyUpdate(doc, firstState());
    const text = doc.getText('body');
    const updates: Uint8Array[] = [];
    doc.on('update', (update: Uint8Array) => updates.push(update));
    // 200 KB stays (the compacted state needs pages of its own), 1 MB is typed and deleted.
    text.insert(0, 'k'.repeat(200 * 1024));
    text.insert(0, 'x'.repeat(1024 * 1024));
    text.delete(0, 1024 * 1024);
    await store.appendUpdates('churn', updates);
    // Something else takes the rest of the disk.
    const other = new SqliteBoardStore({ file });
    await other.createBoard('filler', 'Filler', new Uint8Array(4 * 1024 * 1024));
    await other.close();

    const big = new Y.Doc();
    big.getText('body').insert(0, 'y'.repeat(256 * 1024));
    await expect(store.appendUpdates('churn', [Y.encodeStateAsUpdate(big)])).rejects.toMatchObject({
      code: 'SQLITE_FULL',
    });
    await store.compact('churn');
    const stored = (await store.loadBoard('churn'))!;
    expect(stored).toHaveLength(1);
    expect(stored[0].byteLength).toBeLessThan(210 * 1024);
    const replayed = new Y.Doc();
    Y.applyUpdate(replayed, stored[0]);
    expect(replayed.getText('body').toString()).toBe('k'.repeat(200 * 1024));
    expect(store.integrityCheck()).toBe('ok');
    await store.close();
  });

  it('refuses a file written by a newer schema version', () => {
    const raw = new Database(file);
    raw.pragma('user_version = 99');
    raw.close();
    expect(() => new SqliteBoardStore({ file })).toThrow(/schema version 99/);
  });

  it('loses nothing when two processes append and compact the same file at once', async () => {
    const store = new SqliteBoardStore({ file });
    await store.createBoard('shared', 'Shared', firstState());
    const writers = ['alpha', 'beta'].map((name) => startWriter(file, name, 40, 4));
    let running = true;
    const compacting = (async () => {
      while (running) {
        await store.compact('shared');
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
    })();
    const codes = await Promise.all(writers.map((writer) => writer.exited));
    running = false;
    await compacting;
    expect(codes, writers.map((writer) => writer.stderr()).join('\n')).toEqual([0, 0]);

    const ids = cardIds((await store.loadBoard('shared'))!);
    for (const name of ['alpha', 'beta']) {
      expect(ids.filter((id) => id.startsWith(`${name}-`))).toHaveLength(40);
    }
    await store.compact('shared');
    expect(await store.loadBoard('shared')).toHaveLength(1);
    expect(store.integrityCheck()).toBe('ok');
    await store.close();
  });

  it('keeps every acknowledged append when the writing process is killed with SIGKILL', async () => {
    const store = new SqliteBoardStore({ file });
    await store.createBoard('shared', 'Shared', firstState());
    await store.close();

    const writer = startWriter(file, 'killed', 0, 7);
    await expect
      .poll(() => writer.acknowledged.length, { timeout: 20_000 })
      .toBeGreaterThanOrEqual(30);
    writer.child.kill('SIGKILL');
    await writer.exited;
    const acknowledged = writer.acknowledged.length;

    const reopened = new SqliteBoardStore({ file });
    expect(reopened.integrityCheck()).toBe('ok');
    const ids = new Set(cardIds((await reopened.loadBoard('shared'))!));
    for (let n = 0; n < acknowledged; n++) expect(ids.has(`killed-${n}`)).toBe(true);
    await reopened.close();
  });
});
