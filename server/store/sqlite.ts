/**
 * The embedded board store: one SQLite file (`<dir>/boards.sqlite`) in WAL mode. A write's
 * promise resolves once the write is on disk (`durability: 'fsync'`, the default) — the server
 * relays an edit only after that — or once the operating system has it (`'os'`, which outlives
 * the process but not the machine). The commit itself is a write to the OS (SQLite's
 * `synchronous = NORMAL`) on the calling thread, tens of microseconds; the fsync of the WAL that
 * makes it durable runs on libuv's thread pool, so the event loop relays other boards' edits
 * while the disk syncs, without a thread of our own (an isolate, ~12 MB) or a message round trip
 * per commit. Appends made while an fsync is under way commit together after it (`#commitQueued`).
 * Every write runs in a `BEGIN IMMEDIATE` transaction, which takes the file's write lock up
 * front: a compaction reads the state and the log and deletes what it merged while no other
 * connection, in this process or another, can append or compact. `busy_timeout` makes the other writers wait for the lock instead of failing.
 *
 * An append costs what the disk charges per commit (whole WAL pages and an fsync), so it is
 * kept small and shared: the log is one table clustered by (board, seq) — one B-tree page per
 * append, no separate index, no touch of the board's row (whose state blob spans many pages) —
 * and the appends of all boards requested in the same tick commit together, with one fsync.
 */
import fs from 'node:fs';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import Database from 'better-sqlite3';
import {
  BoardExistsError,
  BoardNotFoundError,
  type BoardInfo,
  type BoardStore,
  type RestoredSnapshot,
  type SnapshotInfo,
} from './BoardStore.ts';
import { compactUpdates } from './compaction.ts';
import { FileSync } from './fileSync.ts';

export type SqliteBoardStoreOptions = ({ dir: string } | { file: string }) & {
  /** How long a writer waits for another connection's write lock; default 5 s. */
  busyTimeoutMs?: number;
  /**
   * When a write's promise resolves: `fsync` (default), once the WAL holding it is on disk;
   * `os`, once the operating system has it — it survives the process being killed, not a power
   * cut (SQLite syncs the WAL at checkpoints only).
   */
  durability?: 'fsync' | 'os';
  /**
   * Tests only: SQLite's `max_page_count` on every connection of this store, so a write that
   * would grow the file past it fails with a real SQLITE_FULL, as on a full disk.
   */
  maxPageCount?: number;
};

/** The WAL file is cut back to this after a checkpoint (it keeps its largest size otherwise). */
const WAL_SIZE_LIMIT_BYTES = 16 * 1024 * 1024;
/** Free pages (4 KiB each) a compaction leaves before the file is shrunk: 1 MiB. */
const RECLAIM_AFTER_FREE_PAGES = 256;

/** Schema steps; `PRAGMA user_version` counts how many have run on a file. Only ever append. */
export const SQLITE_MIGRATIONS: readonly string[] = [
  `CREATE TABLE boards (
     id TEXT PRIMARY KEY,
     title TEXT NOT NULL,
     created_at TEXT NOT NULL,
     updated_at TEXT NOT NULL,
     state BLOB NOT NULL
   );
   CREATE TABLE board_updates (
     seq INTEGER PRIMARY KEY AUTOINCREMENT,
     board_id TEXT NOT NULL REFERENCES boards (id) ON DELETE CASCADE,
     data BLOB NOT NULL
   );
   CREATE INDEX board_updates_by_board ON board_updates (board_id, seq);
   CREATE TABLE snapshots (
     id TEXT PRIMARY KEY,
     board_id TEXT NOT NULL REFERENCES boards (id) ON DELETE CASCADE,
     label TEXT NOT NULL,
     created_at TEXT NOT NULL,
     state BLOB NOT NULL
   );
   CREATE INDEX snapshots_by_board ON snapshots (board_id);
   CREATE TABLE board_data (
     board_id TEXT NOT NULL REFERENCES boards (id) ON DELETE CASCADE,
     key TEXT NOT NULL,
     value TEXT NOT NULL,
     PRIMARY KEY (board_id, key)
   );`,
  // The log clustered by board: an append writes one page. `at` carries the board's
  // last-change time, so appends leave the board's row alone.
  `CREATE TABLE board_log (
     board_id TEXT NOT NULL REFERENCES boards (id) ON DELETE CASCADE,
     seq INTEGER NOT NULL,
     at TEXT NOT NULL,
     data BLOB NOT NULL,
     PRIMARY KEY (board_id, seq)
   ) WITHOUT ROWID;
   INSERT INTO board_log (board_id, seq, at, data)
     SELECT u.board_id, u.seq, b.updated_at, u.data
     FROM board_updates u JOIN boards b ON b.id = u.board_id;
   DROP TABLE board_updates;`,
];

/** The board's last change: its row, or the newest entry of its log. */
const UPDATED_AT = `max(updated_at, coalesce(
  (SELECT at FROM board_log WHERE board_log.board_id = boards.id ORDER BY seq DESC LIMIT 1), ''))`;

interface BoardRow {
  id: string;
  title: string;
  created_at: string;
  updated_at: string;
}

interface SnapshotRow {
  id: string;
  board_id: string;
  label: string;
  created_at: string;
}

const BOARD_COLUMNS = `id, title, created_at, ${UPDATED_AT} AS updated_at`;
const SNAPSHOT_COLUMNS = 'id, board_id, label, created_at';

const toBoardInfo = (row: BoardRow): BoardInfo => ({
  id: row.id,
  title: row.title,
  createdAt: row.created_at,
  updatedAt: row.updated_at,
});

const toSnapshotInfo = (row: SnapshotRow): SnapshotInfo => ({
  id: row.id,
  boardId: row.board_id,
  label: row.label,
  createdAt: row.created_at,
});

/** better-sqlite3 binds Buffers, not bare Uint8Arrays; this view shares the bytes. */
const blob = (bytes: Uint8Array): Buffer =>
  Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
/** Hands out plain Uint8Arrays whichever engine produced them. */
const bytes = (buffer: Buffer): Uint8Array =>
  new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength);

const now = (): string => new Date().toISOString();

/** One board's appends, as a commit takes them. */
interface AppendRequest {
  id: string;
  updates: readonly Uint8Array[];
}

/** What became of one request: the board's new log length, or that the board is gone. */
type AppendOutcome = { ok: true; logLength: number } | { ok: false };

/** An append waiting for its commit. */
interface PendingAppend extends AppendRequest {
  resolve(logLength: number): void;
  reject(error: unknown): void;
}

export class SqliteBoardStore implements BoardStore {
  /** The database file. */
  readonly file: string;
  readonly #db: Database.Database;
  readonly #statements;
  readonly #append;
  readonly #compact;
  readonly #load;
  #queued: PendingAppend[] = [];
  /** A batch's fsync is under way: appends queue for the commit that follows it. */
  #syncing = false;
  /** The WAL's fsync under `durability: 'fsync'`; null under `os`. */
  readonly #walSync: FileSync | null;

  constructor(options: SqliteBoardStoreOptions) {
    this.file = 'file' in options ? options.file : path.join(options.dir, 'boards.sqlite');
    fs.mkdirSync(path.dirname(this.file), { recursive: true });
    const db = new Database(this.file);
    this.#db = db;
    try {
      db.pragma(`busy_timeout = ${options.busyTimeoutMs ?? 5000}`);
      // Before anything is written: a new file is made with incremental auto-vacuum.
      db.pragma('auto_vacuum = INCREMENTAL');
      db.pragma('journal_mode = WAL');
      // A commit is a write to the OS; `#durable` adds the fsync where it is promised.
      db.pragma('synchronous = NORMAL');
      db.pragma('foreign_keys = ON');
      db.pragma(`journal_size_limit = ${WAL_SIZE_LIMIT_BYTES}`);
      if (options.maxPageCount) db.pragma(`max_page_count = ${options.maxPageCount}`);
      migrate(db);
      useIncrementalVacuum(db);
      this.#walSync = options.durability === 'os' ? null : new FileSync(`${this.file}-wal`);
    } catch (error) {
      db.close();
      throw error;
    }

    const s = {
      ping: db.prepare('SELECT 1'),
      insertBoard: db.prepare<[string, string, string, string, Buffer]>(
        `INSERT INTO boards (id, title, created_at, updated_at, state) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT (id) DO NOTHING`,
      ),
      board: db.prepare<[string], BoardRow>(`SELECT ${BOARD_COLUMNS} FROM boards WHERE id = ?`),
      boards: db.prepare<[], BoardRow>(
        `SELECT ${BOARD_COLUMNS} FROM boards ORDER BY created_at, id`,
      ),
      state: db.prepare<[string], { state: Buffer }>('SELECT state FROM boards WHERE id = ?'),
      log: db.prepare<[string], { seq: number; at: string; data: Buffer }>(
        'SELECT seq, at, data FROM board_log WHERE board_id = ? ORDER BY seq',
      ),
      lastSeq: db
        .prepare<[string], number | null>('SELECT max(seq) FROM board_log WHERE board_id = ?')
        .pluck(),
      exists: db.prepare<[string], number>('SELECT 1 FROM boards WHERE id = ?').pluck(),
      insertUpdate: db.prepare<[string, number, string, Buffer]>(
        'INSERT INTO board_log (board_id, seq, at, data) VALUES (?, ?, ?, ?)',
      ),
      setTitle: db.prepare<[string, string, string]>(
        'UPDATE boards SET title = ?, updated_at = ? WHERE id = ?',
      ),
      setState: db.prepare<[Buffer, string, string]>(
        'UPDATE boards SET state = ?, updated_at = max(updated_at, ?) WHERE id = ?',
      ),
      deleteMerged: db.prepare<[string, number]>(
        'DELETE FROM board_log WHERE board_id = ? AND seq <= ?',
      ),
      deleteBoard: db.prepare<[string]>('DELETE FROM boards WHERE id = ?'),
      insertSnapshot: db.prepare<[string, string, string, string, Buffer, string]>(
        `INSERT INTO snapshots (id, board_id, label, created_at, state)
         SELECT ?, ?, ?, ?, ? WHERE EXISTS (SELECT 1 FROM boards WHERE id = ?)`,
      ),
      snapshots: db.prepare<
        [string],
        { id: string; board_id: string; label: string; created_at: string }
      >(`SELECT ${SNAPSHOT_COLUMNS} FROM snapshots WHERE board_id = ? ORDER BY rowid DESC`),
      snapshotState: db.prepare<[string, string], { state: Buffer }>(
        'SELECT state FROM snapshots WHERE board_id = ? AND id = ?',
      ),
      data: db
        .prepare<[string, string], string>(
          'SELECT value FROM board_data WHERE board_id = ? AND key = ?',
        )
        .pluck(),
      setData: db.prepare<[string, string, string, string]>(
        `INSERT INTO board_data (board_id, key, value)
         SELECT ?, ?, ? WHERE EXISTS (SELECT 1 FROM boards WHERE id = ?)
         ON CONFLICT (board_id, key) DO UPDATE SET value = excluded.value`,
      ),
    };
    this.#statements = s;

    // The tick's appends in one transaction. The log's length is its last seq: a compaction
    // empties a board's log (so seq starts again at 1), and nothing else deletes from it.
    // (A log kept from schema 1 has gaps in seq and reads longer than it is until its first
    // compaction, which that reading brings sooner.)
    this.#append = db.transaction((batch: readonly AppendRequest[]): AppendOutcome[] => {
      const at = now();
      return batch.map(({ id, updates }): AppendOutcome => {
        if (!s.exists.get(id)) return { ok: false };
        let seq = s.lastSeq.get(id) ?? 0;
        for (const update of updates) s.insertUpdate.run(id, ++seq, at, blob(update));
        return { ok: true, logLength: seq };
      });
    });

    this.#compact = db.transaction((id: string): void => {
      const board = s.state.get(id);
      if (!board) throw new BoardNotFoundError(id);
      const log = s.log.all(id);
      if (log.length === 0) return;
      const merged = compactUpdates([board.state, ...log.map((row) => row.data)]);
      // The log first: the new state can then take the pages it freed, so a compaction still
      // succeeds (and gives space back) on a disk too full for anything else.
      s.deleteMerged.run(id, log[log.length - 1].seq);
      s.setState.run(blob(merged), log[log.length - 1].at, id);
    });

    // A read transaction: the state and the log come from one snapshot of the file, so a
    // compaction committed in between can never show us the new state without the old log.
    this.#load = db.transaction((id: string): Uint8Array[] | null => {
      const board = s.state.get(id);
      if (!board) return null;
      return [board.state, ...s.log.all(id).map((row) => row.data)].map(bytes);
    });
  }

  /** Resolves with `result` once what was written before is as durable as promised. */
  async #durable<T>(result: T): Promise<T> {
    await this.#walSync?.synced();
    return result;
  }

  /** fsyncs of the WAL started and finished so far, and the inode they sync (null under `os`). */
  get walSyncs(): { started: number; finished: number; inode: number } | null {
    const sync = this.#walSync;
    return sync && { started: sync.started, finished: sync.finished, inode: sync.inode };
  }

  async createBoard(id: string, title: string, state: Uint8Array): Promise<BoardInfo> {
    const at = now();
    if (this.#statements.insertBoard.run(id, title, at, at, blob(state)).changes === 0) {
      throw new BoardExistsError(id);
    }
    return this.#durable({ id, title, createdAt: at, updatedAt: at });
  }

  async loadBoard(id: string): Promise<Uint8Array[] | null> {
    return this.#load(id);
  }

  appendUpdates(id: string, updates: readonly Uint8Array[]): Promise<number> {
    return new Promise((resolve, reject) => {
      // Copied now: the commit happens later, and the caller may reuse its buffers.
      this.#queued.push({ id, updates: updates.map((u) => u.slice()), resolve, reject });
      if (this.#queued.length === 1 && !this.#syncing)
        setImmediate(() => void this.#commitQueued());
    });
  }

  /**
   * Commits every append queued so far in one transaction; a board that is gone fails alone,
   * any other error (SQLITE_FULL, an I/O error) fails the batch with the engine's error. While
   * the batch's fsync runs, new appends queue: they commit together once it is done, so a busy
   * server makes one transaction and one fsync for everything that arrived during an fsync.
   */
  async #commitQueued(): Promise<void> {
    const batch = this.#queued;
    this.#queued = [];
    if (batch.length === 0) return;
    let outcomes: AppendOutcome[];
    try {
      if (!this.#db.open) throw new Error('the board store is closed');
      outcomes = this.#append.immediate(batch);
      if (this.#walSync) {
        this.#syncing = true;
        try {
          await this.#walSync.synced();
        } finally {
          this.#syncing = false;
          if (this.#queued.length) setImmediate(() => void this.#commitQueued());
        }
      }
    } catch (error) {
      for (const entry of batch) entry.reject(error);
      return;
    }
    batch.forEach((entry, i) => {
      const outcome = outcomes[i];
      if (outcome.ok) entry.resolve(outcome.logLength);
      else entry.reject(new BoardNotFoundError(entry.id));
    });
  }

  async compact(id: string): Promise<void> {
    this.#compact.immediate(id);
    this.#reclaim();
    await this.#durable(undefined);
  }

  /**
   * Gives the pages a compaction freed back to the file system once there are enough of them to
   * matter (until then the next appends reuse them): `incremental_vacuum` moves them to the end
   * and cuts them off, and a checkpoint carries that into the file and empties the WAL, which
   * otherwise keeps its largest size (up to `journal_size_limit`).
   */
  #reclaim(): void {
    if ((this.#db.pragma('freelist_count', { simple: true }) as number) < RECLAIM_AFTER_FREE_PAGES)
      return;
    this.#db.pragma('incremental_vacuum');
    this.#db.pragma('wal_checkpoint(TRUNCATE)');
  }

  /** The file's size in bytes with its WAL (tests, metrics). */
  fileBytes(): number {
    const size = (file: string) => (fs.existsSync(file) ? fs.statSync(file).size : 0);
    return size(this.file) + size(`${this.file}-wal`);
  }

  async getBoard(id: string): Promise<BoardInfo | null> {
    const row = this.#statements.board.get(id);
    return row ? toBoardInfo(row) : null;
  }

  async setBoardTitle(id: string, title: string): Promise<void> {
    if (this.#statements.setTitle.run(title, now(), id).changes === 0)
      throw new BoardNotFoundError(id);
    await this.#durable(undefined);
  }

  async listBoards(): Promise<BoardInfo[]> {
    return this.#statements.boards.all().map(toBoardInfo);
  }

  async deleteBoard(id: string): Promise<boolean> {
    return this.#durable(this.#statements.deleteBoard.run(id).changes > 0);
  }

  async createSnapshot(
    boardId: string,
    label: string,
    state: Uint8Array,
    restored?: RestoredSnapshot,
  ): Promise<SnapshotInfo> {
    const info = {
      id: restored?.id ?? randomUUID(),
      boardId,
      label,
      createdAt: restored?.createdAt ?? now(),
    };
    const { changes } = this.#statements.insertSnapshot.run(
      info.id,
      boardId,
      label,
      info.createdAt,
      blob(state),
      boardId,
    );
    if (changes === 0) throw new BoardNotFoundError(boardId);
    return this.#durable(info);
  }

  async listSnapshots(boardId: string): Promise<SnapshotInfo[]> {
    return this.#statements.snapshots.all(boardId).map(toSnapshotInfo);
  }

  async loadSnapshot(boardId: string, snapshotId: string): Promise<Uint8Array | null> {
    const row = this.#statements.snapshotState.get(boardId, snapshotId);
    return row ? bytes(row.state) : null;
  }

  async getBoardData(boardId: string, key: string): Promise<string | null> {
    return this.#statements.data.get(boardId, key) ?? null;
  }

  async setBoardData(boardId: string, key: string, value: string): Promise<void> {
    if (this.#statements.setData.run(boardId, key, value, boardId).changes === 0) {
      throw new BoardNotFoundError(boardId);
    }
    await this.#durable(undefined);
  }

  async ping(): Promise<void> {
    this.#statements.ping.get();
  }

  async close(): Promise<void> {
    while (this.#queued.length) await this.#commitQueued();
    await this.#walSync?.close();
    if (this.#db.open) this.#db.close();
  }

  /** `PRAGMA integrity_check`: "ok" for a sound file, otherwise the problems found. */
  integrityCheck(): string {
    return (this.#db.pragma('integrity_check') as { integrity_check: string }[])
      .map((row) => row.integrity_check)
      .join('\n');
  }
}

/** Brings the file's schema up to date in one transaction, refusing files from a newer build. */
function migrate(db: Database.Database): void {
  if (db.pragma('user_version', { simple: true }) === SQLITE_MIGRATIONS.length) return;
  db.transaction(() => {
    const version = db.pragma('user_version', { simple: true }) as number;
    if (version > SQLITE_MIGRATIONS.length) {
      throw new Error(
        `${db.name} has schema version ${version}, newer than this build knows (${SQLITE_MIGRATIONS.length})`,
      );
    }
    for (const step of SQLITE_MIGRATIONS.slice(version)) db.exec(step);
    db.pragma(`user_version = ${SQLITE_MIGRATIONS.length}`);
  }).immediate();
}

/**
 * A file made before auto-vacuum was switched on keeps its free pages for good: switching it
 * needs one full `VACUUM` (a rewrite of the file, needing as much free disk again). Done once, at
 * the first start of this build; if it cannot run now (another process holds the file, the disk
 * is full), the store works as before and the next start tries again.
 */
function useIncrementalVacuum(db: Database.Database): void {
  const INCREMENTAL = 2;
  if (db.pragma('auto_vacuum', { simple: true }) === INCREMENTAL) return;
  try {
    db.pragma('auto_vacuum = INCREMENTAL');
    db.exec('VACUUM');
  } catch (error) {
    console.warn(
      `sqlite store: could not switch ${db.name} to incremental auto-vacuum yet: ${(error as Error).message}`,
    );
  }
}
