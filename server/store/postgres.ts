/**
 * The board store on Postgres, for several server processes sharing one database. Locking is
 * done on the board's row: an append updates it (`updated_at`), and a compaction holds it
 * `FOR NO KEY UPDATE`, so the two exclude each other per board. A compaction therefore reads
 * the state and the log while no append is in flight and deletes exactly the rows it merged
 * (`seq <= max seq read`); a second compaction waits, then re-reads the merged state and the
 * (now shorter) log, so nothing is lost or merged twice. Appends commit with
 * `synchronous_commit = on`, so a resolved append is on disk whatever the server default.
 */
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import {
  BoardExistsError,
  BoardNotFoundError,
  type BoardInfo,
  type BoardStore,
  type RestoredSnapshot,
  type SnapshotInfo,
} from './BoardStore.ts';
import { compactUpdates } from './compaction.ts';

export interface PostgresBoardStoreOptions {
  connectionString: string;
  /** Schema holding the tables (created by `migrate`); default `public`. */
  schema?: string;
  /** Most connections the pool opens; default 10. */
  maxConnections?: number;
  /** An idle pooled connection failed (e.g. the server restarted); the pool drops it. Default: console.warn. */
  onIdleError?: (error: Error) => void;
}

/** Schema steps, run in order inside `migrate`'s locked transaction. Only ever append. */
const MIGRATIONS = [
  `CREATE TABLE boards (
     id text PRIMARY KEY,
     title text NOT NULL,
     created_at timestamptz NOT NULL DEFAULT now(),
     updated_at timestamptz NOT NULL DEFAULT now(),
     state bytea NOT NULL
   );
   CREATE TABLE board_updates (
     seq bigserial PRIMARY KEY,
     board_id text NOT NULL REFERENCES boards (id) ON DELETE CASCADE,
     data bytea NOT NULL
   );
   CREATE INDEX board_updates_by_board ON board_updates (board_id, seq);
   CREATE TABLE snapshots (
     seq bigserial NOT NULL,
     id text PRIMARY KEY,
     board_id text NOT NULL REFERENCES boards (id) ON DELETE CASCADE,
     label text NOT NULL,
     created_at timestamptz NOT NULL DEFAULT now(),
     state bytea NOT NULL
   );
   CREATE INDEX snapshots_by_board ON snapshots (board_id, seq);
   CREATE TABLE board_data (
     board_id text NOT NULL REFERENCES boards (id) ON DELETE CASCADE,
     key text NOT NULL,
     value text NOT NULL,
     PRIMARY KEY (board_id, key)
   );`,
];

const FOREIGN_KEY_VIOLATION = '23503';

interface BoardRow {
  id: string;
  title: string;
  created_at: Date;
  updated_at: Date;
}

interface SnapshotRow {
  id: string;
  board_id: string;
  label: string;
  created_at: Date;
}

const toBoardInfo = (row: BoardRow): BoardInfo => ({
  id: row.id,
  title: row.title,
  createdAt: row.created_at.toISOString(),
  updatedAt: row.updated_at.toISOString(),
});

const toSnapshotInfo = (row: SnapshotRow): SnapshotInfo => ({
  id: row.id,
  boardId: row.board_id,
  label: row.label,
  createdAt: row.created_at.toISOString(),
});

/** Hands out plain Uint8Arrays whichever engine produced them. */
const bytes = (buffer: Buffer): Uint8Array =>
  new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength);

const isForeignKeyViolation = (error: unknown): boolean =>
  (error as { code?: unknown } | null)?.code === FOREIGN_KEY_VIOLATION;

export class PostgresBoardStore implements BoardStore {
  readonly schema: string;
  readonly #pool: pg.Pool;
  readonly #sql;
  #closed = false;

  /** Opens a pool and brings the schema up to date. */
  static async open(options: PostgresBoardStoreOptions): Promise<PostgresBoardStore> {
    const store = new PostgresBoardStore(options);
    try {
      await store.migrate();
    } catch (error) {
      await store.close();
      throw error;
    }
    return store;
  }

  /** Prefer `open`; a store made here needs `await store.migrate()` before use on a fresh database. */
  constructor(options: PostgresBoardStoreOptions) {
    this.schema = options.schema ?? 'public';
    if (!/^[a-z_][a-z0-9_]{0,62}$/.test(this.schema)) {
      throw new Error(`schema "${this.schema}": use lower-case letters, digits and _`);
    }
    this.#pool = new pg.Pool({
      connectionString: options.connectionString,
      max: options.maxConnections ?? 10,
    });
    this.#pool.on(
      'error',
      options.onIdleError ??
        ((error) => console.warn(`postgres store: idle connection lost: ${error.message}`)),
    );

    const t = (table: string): string => `"${this.schema}".${table}`;
    this.#sql = {
      createBoard: `INSERT INTO ${t('boards')} (id, title, state) VALUES ($1, $2, $3)
                    ON CONFLICT (id) DO NOTHING RETURNING id, title, created_at, updated_at`,
      // One statement, so the state and the log come from one snapshot.
      load: `SELECT state AS data, 0 AS part, 0::bigint AS seq FROM ${t('boards')} WHERE id = $1
             UNION ALL
             SELECT data, 1, seq FROM ${t('board_updates')} WHERE board_id = $1
             ORDER BY part, seq`,
      touch: `UPDATE ${t('boards')} SET updated_at = now() WHERE id = $1`,
      // The count's snapshot is taken after `touch` has locked the row, and rows inserted by
      // this statement are not in it, hence the sum.
      append: `WITH inserted AS (
                 INSERT INTO ${t('board_updates')} (board_id, data)
                 SELECT $1::text, u.data FROM unnest($2::bytea[]) WITH ORDINALITY AS u (data, n)
                 ORDER BY u.n
                 RETURNING 1)
               SELECT (SELECT count(*) FROM inserted)
                    + (SELECT count(*) FROM ${t('board_updates')} WHERE board_id = $1) AS length`,
      lockState: `SELECT state FROM ${t('boards')} WHERE id = $1 FOR NO KEY UPDATE`,
      log: `SELECT seq, data FROM ${t('board_updates')} WHERE board_id = $1 ORDER BY seq`,
      setState: `UPDATE ${t('boards')} SET state = $2 WHERE id = $1`,
      deleteMerged: `DELETE FROM ${t('board_updates')} WHERE board_id = $1 AND seq <= $2`,
      board: `SELECT id, title, created_at, updated_at FROM ${t('boards')} WHERE id = $1`,
      boards: `SELECT id, title, created_at, updated_at FROM ${t('boards')} ORDER BY created_at, id`,
      setTitle: `UPDATE ${t('boards')} SET title = $2, updated_at = now() WHERE id = $1`,
      deleteBoard: `DELETE FROM ${t('boards')} WHERE id = $1`,
      createSnapshot: `INSERT INTO ${t('snapshots')} (id, board_id, label, state, created_at)
                       VALUES ($1, $2, $3, $4, COALESCE($5::timestamptz, now()))
                       RETURNING id, board_id, label, created_at`,
      snapshots: `SELECT id, board_id, label, created_at FROM ${t('snapshots')}
                  WHERE board_id = $1 ORDER BY seq DESC`,
      snapshotState: `SELECT state FROM ${t('snapshots')} WHERE board_id = $1 AND id = $2`,
      data: `SELECT value FROM ${t('board_data')} WHERE board_id = $1 AND key = $2`,
      setData: `INSERT INTO ${t('board_data')} (board_id, key, value) VALUES ($1, $2, $3)
                ON CONFLICT (board_id, key) DO UPDATE SET value = excluded.value`,
    };
  }

  /**
   * Creates the schema and its tables, or brings them up to date. Safe when several processes
   * start at once: the work runs in one transaction behind an advisory lock named after the schema.
   */
  async migrate(): Promise<void> {
    await this.#transaction(async (client) => {
      await client.query('SELECT pg_advisory_xact_lock(hashtext($1))', [
        `briefing-board:${this.schema}`,
      ]);
      // Checked first: CREATE SCHEMA needs the CREATE privilege even when the schema exists.
      const schema = await client.query('SELECT 1 FROM pg_namespace WHERE nspname = $1', [
        this.schema,
      ]);
      if (schema.rows.length === 0) await client.query(`CREATE SCHEMA "${this.schema}"`);
      await client.query(`SET LOCAL search_path TO "${this.schema}"`);
      await client.query(
        'CREATE TABLE IF NOT EXISTS store_migrations (version integer PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())',
      );
      const { rows } = await client.query<{ version: number }>(
        'SELECT coalesce(max(version), 0) AS version FROM store_migrations',
      );
      const version = rows[0].version;
      if (version > MIGRATIONS.length) {
        throw new Error(
          `schema "${this.schema}" is at version ${version}, newer than this build knows (${MIGRATIONS.length})`,
        );
      }
      for (const [index, step] of MIGRATIONS.entries()) {
        if (index < version) continue;
        await client.query(step);
        await client.query('INSERT INTO store_migrations (version) VALUES ($1)', [index + 1]);
      }
    });
  }

  async createBoard(id: string, title: string, state: Uint8Array): Promise<BoardInfo> {
    const { rows } = await this.#pool.query<BoardRow>(this.#sql.createBoard, [id, title, state]);
    if (rows.length === 0) throw new BoardExistsError(id);
    return toBoardInfo(rows[0]);
  }

  async loadBoard(id: string): Promise<Uint8Array[] | null> {
    const { rows } = await this.#pool.query<{ data: Buffer; part: number }>(this.#sql.load, [id]);
    if (rows.length === 0 || rows[0].part !== 0) return null;
    return rows.map((row) => bytes(row.data));
  }

  async appendUpdates(id: string, updates: readonly Uint8Array[]): Promise<number> {
    return this.#transaction(async (client) => {
      if ((await client.query(this.#sql.touch, [id])).rowCount === 0)
        throw new BoardNotFoundError(id);
      const { rows } = await client.query<{ length: string }>(this.#sql.append, [id, updates]);
      return Number(rows[0].length);
    }, 'BEGIN; SET LOCAL synchronous_commit = on');
  }

  async compact(id: string): Promise<void> {
    await this.#transaction(async (client) => {
      const board = await client.query<{ state: Buffer }>(this.#sql.lockState, [id]);
      if (board.rows.length === 0) throw new BoardNotFoundError(id);
      const log = await client.query<{ seq: string; data: Buffer }>(this.#sql.log, [id]);
      if (log.rows.length === 0) return;
      const merged = compactUpdates([board.rows[0].state, ...log.rows.map((row) => row.data)]);
      await client.query(this.#sql.setState, [id, merged]);
      await client.query(this.#sql.deleteMerged, [id, log.rows[log.rows.length - 1].seq]);
    });
  }

  async getBoard(id: string): Promise<BoardInfo | null> {
    const { rows } = await this.#pool.query<BoardRow>(this.#sql.board, [id]);
    return rows.length ? toBoardInfo(rows[0]) : null;
  }

  async setBoardTitle(id: string, title: string): Promise<void> {
    const { rowCount } = await this.#pool.query(this.#sql.setTitle, [id, title]);
    if (rowCount === 0) throw new BoardNotFoundError(id);
  }

  async listBoards(): Promise<BoardInfo[]> {
    const { rows } = await this.#pool.query<BoardRow>(this.#sql.boards);
    return rows.map(toBoardInfo);
  }

  async deleteBoard(id: string): Promise<boolean> {
    const { rowCount } = await this.#pool.query(this.#sql.deleteBoard, [id]);
    return (rowCount ?? 0) > 0;
  }

  async createSnapshot(
    boardId: string,
    label: string,
    state: Uint8Array,
    restored?: RestoredSnapshot,
  ): Promise<SnapshotInfo> {
    try {
      const { rows } = await this.#pool.query<SnapshotRow>(this.#sql.createSnapshot, [
        restored?.id ?? randomUUID(),
        boardId,
        label,
        state,
        restored?.createdAt ?? null,
      ]);
      return toSnapshotInfo(rows[0]);
    } catch (error) {
      throw isForeignKeyViolation(error) ? new BoardNotFoundError(boardId) : error;
    }
  }

  async listSnapshots(boardId: string): Promise<SnapshotInfo[]> {
    const { rows } = await this.#pool.query<SnapshotRow>(this.#sql.snapshots, [boardId]);
    return rows.map(toSnapshotInfo);
  }

  async loadSnapshot(boardId: string, snapshotId: string): Promise<Uint8Array | null> {
    const { rows } = await this.#pool.query<{ state: Buffer }>(this.#sql.snapshotState, [
      boardId,
      snapshotId,
    ]);
    return rows.length ? bytes(rows[0].state) : null;
  }

  async getBoardData(boardId: string, key: string): Promise<string | null> {
    const { rows } = await this.#pool.query<{ value: string }>(this.#sql.data, [boardId, key]);
    return rows.length ? rows[0].value : null;
  }

  async setBoardData(boardId: string, key: string, value: string): Promise<void> {
    try {
      await this.#pool.query(this.#sql.setData, [boardId, key, value]);
    } catch (error) {
      throw isForeignKeyViolation(error) ? new BoardNotFoundError(boardId) : error;
    }
  }

  async ping(): Promise<void> {
    await this.#pool.query('SELECT 1');
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    await this.#pool.end();
  }

  /** Runs `work` in a transaction on one pooled connection; rolls back if it throws. */
  async #transaction<T>(work: (client: pg.PoolClient) => Promise<T>, begin = 'BEGIN'): Promise<T> {
    const client = await this.#pool.connect();
    let broken: Error | undefined;
    try {
      await client.query(begin);
      const result = await work(client);
      await client.query('COMMIT');
      return result;
    } catch (error) {
      await client.query('ROLLBACK').catch((rollbackError: Error) => {
        broken = rollbackError; // the connection is unusable: have the pool discard it
      });
      throw error;
    } finally {
      client.release(broken);
    }
  }
}
