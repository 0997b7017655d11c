import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { MemoryBoardStore, openBoardStore, SqliteBoardStore } from '../../../server/store/index.ts';

describe('openBoardStore', () => {
  it('opens the in-memory store', async () => {
    const store = await openBoardStore({ store: 'memory', dataDir: '/nonexistent' });
    expect(store).toBeInstanceOf(MemoryBoardStore);
    await store.close();
  });

  it('opens SQLite in DATA_DIR, creating the folder', async () => {
    const parent = fs.mkdtempSync(path.join(os.tmpdir(), 'bb-open-'));
    try {
      const dataDir = path.join(parent, 'data');
      const store = await openBoardStore({ store: 'sqlite', dataDir });
      expect(store).toBeInstanceOf(SqliteBoardStore);
      await store.ping();
      await store.close();
      expect(fs.existsSync(path.join(dataDir, 'boards.sqlite'))).toBe(true);
    } finally {
      fs.rmSync(parent, { recursive: true, force: true });
    }
  });

  it('asks for DATABASE_URL when Postgres is chosen without one', async () => {
    await expect(openBoardStore({ store: 'postgres', dataDir: '.' })).rejects.toThrow(
      /DATABASE_URL/,
    );
  });

  it('names DATABASE_URL, without its password, when Postgres cannot be reached', async () => {
    const attempt = openBoardStore({
      store: 'postgres',
      dataDir: '.',
      databaseUrl: 'postgres://someone:hunter2@127.0.0.1:1/nowhere',
    });
    await expect(attempt).rejects.toThrow(
      /DATABASE_URL postgres:\/\/someone:\*\*\*@127\.0\.0\.1:1\/nowhere/,
    );
    await expect(attempt).rejects.not.toThrow(/hunter2/);
  });

  it('refuses an unknown store', async () => {
    const config = { store: 'mongodb', dataDir: '.' } as unknown as Parameters<
      typeof openBoardStore
    >[0];
    await expect(openBoardStore(config)).rejects.toThrow(/STORE/);
  });
});
