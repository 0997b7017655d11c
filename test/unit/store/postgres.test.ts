/**
 * The contract against a real Postgres (DATABASE_URL, else the local test database). Each
 * fixture works in its own `bb_test_<random>` schema, dropped afterwards, so parallel runs
 * never meet. Without a reachable Postgres the suite is skipped loudly, or fails under CI.
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { PostgresBoardStore } from '../../../server/store/postgres.ts';
import { boardStoreContract } from './contract.ts';

const url = process.env.DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/test';
const admin = new pg.Pool({ connectionString: url, max: 2, connectionTimeoutMillis: 3000 });

const unreachable = await admin.query('SELECT 1').then(
  () => null,
  (error: Error) => error.message || String(error),
);
if (unreachable) {
  const where = new URL(url);
  if (where.password) where.password = '***';
  const reason = `Postgres at ${where} is not reachable (${unreachable})`;
  if (process.env.CI === 'true')
    throw new Error(`${reason}; CI needs it for the Postgres store tests`);
  console.warn(`\n⚠ SKIPPING the Postgres store tests: ${reason}.\n`);
}
const suite = unreachable ? describe.skip : describe;

afterAll(() => admin.end());

const newSchema = (): string => `bb_test_${randomBytes(6).toString('hex')}`;
const dropSchema = (schema: string) => admin.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);

suite('PostgresBoardStore', () => {
  boardStoreContract('postgres', async () => {
    const schema = newSchema();
    const opened = [await PostgresBoardStore.open({ connectionString: url, schema })];
    return {
      store: opened[0],
      openAnother: async () => {
        opened.push(await PostgresBoardStore.open({ connectionString: url, schema }));
        return opened[opened.length - 1];
      },
      cleanup: async () => {
        for (const store of opened) await store.close();
        await dropSchema(schema);
      },
    };
  });

  it('migrates once when several processes start on a fresh schema at the same moment', async () => {
    const schema = newSchema();
    try {
      const stores = await Promise.all(
        Array.from({ length: 4 }, () => PostgresBoardStore.open({ connectionString: url, schema })),
      );
      const { rows } = await admin.query(
        `SELECT version FROM "${schema}".store_migrations ORDER BY version`,
      );
      expect(rows).toEqual([{ version: 1 }]);
      await stores[0].createBoard('b1', 'Hello', new Uint8Array([0, 0]));
      expect((await stores[3].getBoard('b1'))?.title).toBe('Hello');
      await Promise.all(stores.map((store) => store.close()));
    } finally {
      await dropSchema(schema);
    }
  });

  it('refuses a schema migrated by a newer build', async () => {
    const schema = newSchema();
    try {
      await (await PostgresBoardStore.open({ connectionString: url, schema })).close();
      await admin.query(`INSERT INTO "${schema}".store_migrations (version) VALUES (99)`);
      await expect(PostgresBoardStore.open({ connectionString: url, schema })).rejects.toThrow(
        /version 99/,
      );
    } finally {
      await dropSchema(schema);
    }
  });
});
