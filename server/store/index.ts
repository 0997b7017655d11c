/**
 * Picks and opens the board store the configuration asks for; the rest of the server sees only
 * the `BoardStore` interface. A store that cannot be opened fails here, at start, with a
 * message naming the setting to fix. The Postgres store (and its driver) loads only when asked
 * for, so a SQLite server never holds it in memory.
 */
import type { BoardStore } from './BoardStore.ts';
import { MemoryBoardStore } from './memory.ts';
import { SqliteBoardStore } from './sqlite.ts';

export { BoardExistsError, BoardNotFoundError } from './BoardStore.ts';
export type { BoardInfo, BoardStore, RestoredSnapshot, SnapshotInfo } from './BoardStore.ts';
export { MemoryBoardStore } from './memory.ts';
export { SqliteBoardStore, type SqliteBoardStoreOptions } from './sqlite.ts';

export interface BoardStoreConfig {
  store: 'sqlite' | 'postgres' | 'memory';
  /** Folder of the SQLite file (`boards.sqlite`). */
  dataDir: string;
  /** SQLite: `fsync` (default) or `os`; see `ServerConfig.durability`. */
  durability?: 'fsync' | 'os';
  /** Postgres connection string, required with `store: 'postgres'`. */
  databaseUrl?: string;
  /** Postgres schema (default `public`). */
  databaseSchema?: string;
}

export async function openBoardStore(config: BoardStoreConfig): Promise<BoardStore> {
  switch (config.store) {
    case 'memory':
      return new MemoryBoardStore();
    case 'sqlite':
      try {
        return new SqliteBoardStore({ dir: config.dataDir, durability: config.durability });
      } catch (error) {
        throw new Error(
          `cannot open the SQLite store in DATA_DIR ${config.dataDir}: ${(error as Error).message}`,
          {
            cause: error,
          },
        );
      }
    case 'postgres': {
      if (!config.databaseUrl) {
        throw new Error(
          'STORE=postgres needs DATABASE_URL, a Postgres connection string (postgres://user@host:5432/db)',
        );
      }
      try {
        const { PostgresBoardStore } = await import('./postgres.ts');
        return await PostgresBoardStore.open({
          connectionString: config.databaseUrl,
          schema: config.databaseSchema,
        });
      } catch (error) {
        throw new Error(
          `cannot open the Postgres store at DATABASE_URL ${redacted(config.databaseUrl)}: ${(error as Error).message}`,
          {
            cause: error,
          },
        );
      }
    }
    default:
      throw new Error(
        `STORE: expected "sqlite", "postgres" or "memory", got "${String(config.store)}"`,
      );
  }
}

/** The connection string without its password, fit for a log line. */
function redacted(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return '(unparsable URL)';
  }
}
