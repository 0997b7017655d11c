/**
 * What one durable append costs in our SQLite store, without a server around it: wall time,
 * CPU and bytes written (/proc/self/io) per `appendUpdates` call with one small update, and
 * how many 4 KB pages (WAL frames) each transaction writes. Explains the "bytes written per
 * edit" row. Prints JSON; run in its own process.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as Y from 'yjs';
import { SqliteBoardStore } from '../../../server/store/sqlite.ts';
import { toYDoc } from '../../../shared/board/index.ts';
import { loadTemplate } from '../../../server/boards/templates.ts';

const APPENDS = Number(process.argv[2] ?? 400);

function writeBytes(): number {
  const io = fs.readFileSync('/proc/self/io', 'utf8');
  return Number(/write_bytes:\s+(\d+)/.exec(io)?.[1] ?? NaN);
}

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bb-bench-store-'));
try {
  const store = new SqliteBoardStore({ dir });
  const doc = toYDoc(loadTemplate('us-japan-economic-security'));
  await store.createBoard('b', 'bench', Y.encodeStateAsUpdate(doc));
  const text = doc.getMap('cards').get('c-us-lens') as Y.Map<unknown>;
  const body = text.get('body') as Y.Text;
  const updates: Uint8Array[] = [];
  doc.on('update', (u: Uint8Array) => updates.push(u));
  for (let i = 0; i < APPENDS; i++) body.insert(body.length, `|w0:${i}:1234567890123:1|`);
  const wal = path.join(dir, 'boards.sqlite-wal');
  const walSize = () => (fs.existsSync(wal) ? fs.statSync(wal).size : 0);

  // Frames per transaction, on a WAL that is not checkpointed in between (first appends).
  const wal0 = walSize();
  const few = 20;
  for (let i = 0; i < few; i++) await store.appendUpdates('b', [updates[i]]);
  const framesPerAppend = (walSize() - wal0) / (4096 + 24) / few;

  const w0 = writeBytes();
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  const each: number[] = [];
  for (let i = few; i < APPENDS; i++) {
    const t = performance.now();
    await store.appendUpdates('b', [updates[i]]);
    each.push(performance.now() - t);
  }
  const ms = performance.now() - t0;
  each.sort((a, b) => a - b);
  const cpu = process.cpuUsage(c0);
  const written = writeBytes() - w0;
  const n = APPENDS - few;
  const updateBytes = updates.slice(few).reduce((s, u) => s + u.length, 0) / n;

  // The same updates in one transaction (what a group commit would do).
  const w1 = writeBytes();
  const t1 = performance.now();
  await store.appendUpdates('b', updates.slice(few));
  const batchMs = performance.now() - t1;
  const batchWritten = writeBytes() - w1;

  await store.close();
  process.stdout.write(
    JSON.stringify({
      appends: n,
      updateBytes,
      msPerAppend: ms / n,
      appendMsP50: each[Math.floor(each.length / 2)],
      appendMsP99: each[Math.floor(each.length * 0.99)],
      appendMsMax: each[each.length - 1],
      cpuUsPerAppend: (cpu.user + cpu.system) / n,
      writtenPerAppend: written / n,
      walFramesPerAppend: framesPerAppend,
      oneTransaction: { ms: batchMs, writtenPerUpdate: batchWritten / n },
    }),
  );
} finally {
  fs.rmSync(dir, { recursive: true, force: true });
}
