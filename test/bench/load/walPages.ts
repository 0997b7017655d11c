/**
 * What one append costs in WAL pages: the log schema and append transaction of
 * `server/store/sqlite.ts` rebuilt with raw better-sqlite3 — the first schema (touch
 * `boards.updated_at` + an AUTOINCREMENT log with a separate index) against the current one
 * (a log clustered by board, WITHOUT ROWID, no touch) — counting WAL frames (4 KB pages) per
 * one-update transaction, with automatic checkpoints off so the WAL only grows. 50 boards with
 * a 40 KB state each, like loaded seed boards. A probe for whoever changes the store.
 *
 *   node --import tsx test/bench/load/walPages.ts
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';

const BOARDS_TABLE = `CREATE TABLE boards (id TEXT PRIMARY KEY, title TEXT NOT NULL,
  created_at TEXT NOT NULL, updated_at TEXT NOT NULL, state BLOB NOT NULL);`;

interface Variant {
  schema: string;
  append(db: Database.Database): (id: string, data: Buffer) => void;
}

const variants: [string, Variant][] = [
  [
    'first schema (touch + AUTOINCREMENT + index)',
    {
      schema: `CREATE TABLE board_updates (seq INTEGER PRIMARY KEY AUTOINCREMENT,
                 board_id TEXT NOT NULL REFERENCES boards (id), data BLOB NOT NULL);
               CREATE INDEX board_updates_by_board ON board_updates (board_id, seq);`,
      append: (db) => {
        const touch = db.prepare('UPDATE boards SET updated_at = ? WHERE id = ?');
        const insert = db.prepare('INSERT INTO board_updates (board_id, data) VALUES (?, ?)');
        const count = db.prepare('SELECT count(*) FROM board_updates WHERE board_id = ?').pluck();
        return (id, data) => {
          touch.run(new Date().toISOString(), id);
          insert.run(id, data);
          count.get(id);
        };
      },
    },
  ],
  [
    'current (log clustered by board, no touch)',
    {
      schema: `CREATE TABLE board_log (board_id TEXT NOT NULL REFERENCES boards (id),
                 seq INTEGER NOT NULL, at TEXT NOT NULL, data BLOB NOT NULL,
                 PRIMARY KEY (board_id, seq)) WITHOUT ROWID;`,
      append: (db) => {
        const exists = db.prepare('SELECT 1 FROM boards WHERE id = ?').pluck();
        const last = db.prepare('SELECT max(seq) FROM board_log WHERE board_id = ?').pluck();
        const insert = db.prepare('INSERT INTO board_log VALUES (?, ?, ?, ?)');
        const count = db.prepare('SELECT count(*) FROM board_log WHERE board_id = ?').pluck();
        return (id, data) => {
          exists.get(id);
          insert.run(
            id,
            ((last.get(id) as number | null) ?? 0) + 1,
            new Date().toISOString(),
            data,
          );
          count.get(id);
        };
      },
    },
  ],
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
    db.exec(BOARDS_TABLE + v.schema);
    const insertBoard = db.prepare('INSERT INTO boards VALUES (?, ?, ?, ?, ?)');
    for (let b = 0; b < BOARDS; b++)
      insertBoard.run(`board-${b}`, 't', 'x', 'x', Buffer.alloc(40_000, 7));
    db.pragma('wal_checkpoint(TRUNCATE)');
    const append = db.transaction(v.append(db));
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
