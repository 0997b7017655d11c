/**
 * Why an append writes ~4 pages: the store's schema and append transaction rebuilt with raw
 * better-sqlite3, in four variants — as it is (touch `boards.updated_at` + AUTOINCREMENT), and
 * without one or both — counting WAL frames (4 KB pages) per one-update transaction, with
 * automatic checkpoints off so the WAL only grows. 50 boards with a 40 KB state each, like
 * loaded seed boards. A probe for whoever changes `server/store/sqlite.ts`; not a scenario.
 *
 *   node --import tsx test/bench/load/walPages.ts
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';

const variants: [string, { touch: boolean; autoincrement: boolean }][] = [
  ['as in server/store/sqlite.ts (touch + AUTOINCREMENT)', { touch: true, autoincrement: true }],
  ['without the updated_at touch', { touch: false, autoincrement: true }],
  ['without AUTOINCREMENT', { touch: true, autoincrement: false }],
  ['without either', { touch: false, autoincrement: false }],
];
const APPENDS = 500;
const BOARDS = 50;

for (const [name, v] of variants) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bb-bench-wal-'));
  try {
    const db = new Database(path.join(dir, 'boards.sqlite'));
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = FULL');
    db.pragma('wal_autocheckpoint = 0');
    db.exec(`CREATE TABLE boards (id TEXT PRIMARY KEY, title TEXT NOT NULL, created_at TEXT NOT NULL,
               updated_at TEXT NOT NULL, state BLOB NOT NULL);
             CREATE TABLE board_updates (seq INTEGER PRIMARY KEY ${v.autoincrement ? 'AUTOINCREMENT' : ''},
               board_id TEXT NOT NULL REFERENCES boards (id) ON DELETE CASCADE, data BLOB NOT NULL);
             CREATE INDEX board_updates_by_board ON board_updates (board_id, seq);`);
    const insertBoard = db.prepare('INSERT INTO boards VALUES (?, ?, ?, ?, ?)');
    for (let b = 0; b < BOARDS; b++)
      insertBoard.run(`board-${b}`, 't', 'x', 'x', Buffer.alloc(40_000, 7));
    db.pragma('wal_checkpoint(TRUNCATE)');
    const touch = db.prepare('UPDATE boards SET updated_at = ? WHERE id = ?');
    const insert = db.prepare('INSERT INTO board_updates (board_id, data) VALUES (?, ?)');
    const count = db.prepare('SELECT count(*) FROM board_updates WHERE board_id = ?').pluck();
    const append = db.transaction((id: string, data: Buffer) => {
      if (v.touch) touch.run(new Date().toISOString(), id);
      insert.run(id, data);
      return count.get(id);
    });
    const update = Buffer.alloc(45, 1);
    const t0 = performance.now();
    for (let i = 0; i < APPENDS; i++) append.immediate(`board-${i % BOARDS}`, update);
    const ms = (performance.now() - t0) / APPENDS;
    const frames = fs.statSync(path.join(dir, 'boards.sqlite-wal')).size / (4096 + 24) / APPENDS;
    db.close();
    process.stdout.write(
      `${name.padEnd(54)} ${frames.toFixed(2)} pages/append  ${ms.toFixed(2)} ms/append\n`,
    );
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
