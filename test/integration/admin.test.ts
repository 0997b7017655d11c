/**
 * Backup and restore through `npm run admin`: boards edited on a real server (SQLite file),
 * with snapshots and a locked session, are exported, imported into a fresh Postgres schema and
 * served from there exactly as they were — and back from Postgres into a new SQLite file. A
 * browser's copy of the old document merges into the restored one without doubling anything.
 * A backup that does not hold together is refused whole, naming the file; boards already in
 * the store are kept.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import * as Y from 'yjs';
import * as board from '../../shared/board/index.ts';
import { serverEnv, startServer, type CreatedBoard, type TestServer } from '../helpers/server.ts';
import { connectClient, eventually } from '../helpers/clients.ts';
import { joinSession } from '../helpers/facilitation.ts';
import { clusterServicesAvailable, DATABASE_URL } from '../helpers/services.ts';

const run = promisify(execFile);
const available = await clusterServicesAvailable();
const secret = randomBytes(24).toString('base64url');
const schemas: string[] = [];
const tmp = (name: string) => fs.mkdtempSync(path.join(os.tmpdir(), `bb-admin-${name}-`));

/** `npm run admin -- …` against the store `env` names; resolves with its exit code and output. */
async function admin(env: Record<string, string>, ...args: string[]) {
  try {
    const { stdout, stderr } = await run('npm', ['run', '--silent', 'admin', '--', ...args], {
      cwd: path.resolve(import.meta.dirname, '../..'),
      env: serverEnv(env),
    });
    return { code: 0, output: stdout + stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, output: e.stdout + e.stderr };
  }
}

function postgresEnv(): Record<string, string> {
  const schema = `bb_admin_${randomBytes(4).toString('hex')}`;
  schemas.push(schema);
  return { STORE: 'postgres', DATABASE_URL, DATABASE_SCHEMA: schema, BOARD_SECRET: secret };
}

async function get<T>(server: TestServer, url: string, token: string): Promise<T> {
  const res = await fetch(`${server.baseUrl}${url}?token=${token}`);
  expect(res.status, url).toBe(200);
  return (await res.json()) as T;
}

interface Observed {
  boards: Record<string, board.BoardJSON>;
  snapshots: Record<string, { id: string; label: string; createdAt: string }[]>;
  snapshotBoards: Record<string, board.BoardJSON>;
  locked: Record<string, boolean>;
}

/** Everything a user could see of the boards through `server`. */
async function observe(server: TestServer, created: CreatedBoard[]): Promise<Observed> {
  const seen: Observed = { boards: {}, snapshots: {}, snapshotBoards: {}, locked: {} };
  for (const c of created) {
    const token = c.tokens.facilitator;
    seen.boards[c.id] = await get(server, `/api/boards/${c.id}`, token);
    const { snapshots } = await get<{ snapshots: Observed['snapshots'][string] }>(
      server,
      `/api/boards/${c.id}/snapshots`,
      token,
    );
    seen.snapshots[c.id] = snapshots.map(({ id, label, createdAt }) => ({ id, label, createdAt }));
    for (const s of snapshots)
      seen.snapshotBoards[s.id] = await get(
        server,
        `/api/boards/${c.id}/snapshots/${s.id}/board`,
        token,
      );
    const session = await joinSession(server.baseUrl, { boardId: c.id, token, name: 'Check' });
    seen.locked[c.id] = session.latest().locked;
    session.close();
  }
  return seen;
}

describe.runIf(available)('npm run admin: export-all and import', () => {
  const sqliteDir = tmp('sqlite');
  const created: CreatedBoard[] = [];
  let original: Observed;
  /** A browser's copy of the first board, as it was before the backup. */
  const browserCopy = new Y.Doc();

  afterAll(async () => {
    const db = new pg.Client({ connectionString: DATABASE_URL });
    await db.connect();
    for (const schema of schemas) await db.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    await db.end();
  });

  it('exports boards edited on a SQLite server and imports them into Postgres as they were', async () => {
    const server = await startServer({ dataDir: sqliteDir, env: { BOARD_SECRET: secret } });
    try {
      created.push(await server.createBoard(), await server.createBoard({ template: 'blank' }));
      const [seed, blank] = created;
      const editor = connectClient(server.wsUrl, seed.id, seed.tokens.editor, browserCopy);
      await editor.synced();
      const cardId = board.fromYDoc(browserCopy, seed.id).cards[0].id;
      board.editCardText(browserCopy, cardId, 'title', 'Before the snapshot');
      await eventually(async () =>
        expect(
          (await get<board.BoardJSON>(server, `/api/boards/${seed.id}`, seed.tokens.viewer))
            .cards[0].title,
        ).toBe('Before the snapshot'),
      );
      for (const label of ['pre-read', 'after session 1']) {
        const res = await fetch(
          `${server.baseUrl}/api/boards/${seed.id}/snapshots?token=${seed.tokens.facilitator}`,
          {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({ label }),
          },
        );
        expect(res.status).toBe(201);
        board.editCardText(browserCopy, cardId, 'title', `After ${label}`);
      }
      board.setTitle(browserCopy, 'Edited live');
      await eventually(async () =>
        expect(
          (await get<board.BoardJSON>(server, `/api/boards/${seed.id}`, seed.tokens.viewer)).title,
        ).toBe('Edited live'),
      );
      const lead = await joinSession(server.baseUrl, {
        boardId: blank.id,
        token: blank.tokens.facilitator,
        name: 'Lead',
      });
      expect(await lead.send('board:lock', { locked: true })).toEqual({ ok: true });
      lead.close();
      original = await observe(server, created);
      editor.provider.disconnect();
    } finally {
      await server.stop();
    }
    expect(original.snapshots[created[0].id].map((s) => s.label)).toEqual([
      'after session 1',
      'pre-read',
    ]);
    expect(original.locked).toEqual({ [created[0].id]: false, [created[1].id]: true });

    const backup = path.join(tmp('backup'), 'out');
    const exported = await admin({ DATA_DIR: sqliteDir }, 'export-all', backup);
    expect(exported.output).toContain('2 boards written');
    expect(exported.code).toBe(0);
    const onDisk = JSON.parse(
      fs.readFileSync(path.join(backup, 'boards', created[0].id, 'board.json'), 'utf8'),
    ) as board.BoardJSON;
    expect(onDisk).toEqual(original.boards[created[0].id]);

    const pgEnv = postgresEnv();
    const imported = await admin(pgEnv, 'import', backup);
    expect(imported.output).toContain('2 boards imported, 0 already there');
    expect(imported.code).toBe(0);
    const onPostgres = await startServer({ env: pgEnv });
    try {
      expect(await observe(onPostgres, created)).toEqual(original);
      // The browser's old copy merges into the restored document: same board, nothing doubled.
      const seed = created[0];
      const rejoined = connectClient(onPostgres.wsUrl, seed.id, seed.tokens.editor, browserCopy);
      await rejoined.synced();
      expect(board.fromYDoc(browserCopy, seed.id)).toEqual(original.boards[seed.id]);
      rejoined.destroy();

      // Importing again keeps what the store has.
      const again = await admin(pgEnv, 'import', backup);
      expect(again.output).toContain('0 boards imported, 2 already there');
    } finally {
      await onPostgres.stop();
    }

    // And back: Postgres → a new SQLite file.
    const backup2 = path.join(tmp('backup2'), 'out');
    expect((await admin(pgEnv, 'export-all', backup2)).code).toBe(0);
    const sqliteDir2 = tmp('sqlite2');
    const back = await admin({ DATA_DIR: sqliteDir2 }, 'import', backup2);
    expect(back.code).toBe(0);
    expect(fs.existsSync(path.join(sqliteDir2, 'boards.sqlite'))).toBe(true);
    const onSqlite = await startServer({ dataDir: sqliteDir2, env: { BOARD_SECRET: secret } });
    try {
      expect(await observe(onSqlite, created)).toEqual(original);
    } finally {
      await onSqlite.stop();
    }
  }, 180_000);

  it('refuses a backup that does not hold together, naming the file, and writes nothing', async () => {
    const source = tmp('src');
    const seedServer = await startServer({ dataDir: source, env: { BOARD_SECRET: secret } });
    const [a, b] = [
      await seedServer.createBoard({ template: 'blank' }),
      await seedServer.createBoard({ template: 'blank' }),
    ];
    await seedServer.stop();
    const backup = path.join(tmp('bad'), 'out');
    expect((await admin({ DATA_DIR: source }, 'export-all', backup)).code).toBe(0);
    // An export never writes into a folder that has something in it.
    const refusedExport = await admin({ DATA_DIR: source }, 'export-all', backup);
    expect(refusedExport.code).toBe(1);
    expect(refusedExport.output).toContain('is not empty');

    // The second board's JSON edited by hand while its Yjs state says otherwise.
    const file = path.join(backup, 'boards', b.id, 'board.json');
    const edited = JSON.parse(fs.readFileSync(file, 'utf8')) as board.BoardJSON;
    fs.writeFileSync(file, JSON.stringify({ ...edited, title: 'Edited by hand' }));
    const target = tmp('target');
    const refused = await admin({ DATA_DIR: target }, 'import', backup);
    expect(refused.code).toBe(1);
    expect(refused.output).toContain(`${b.id}/board.yjs and ${file} describe different boards`);
    const listing = await admin({ DATA_DIR: target }, 'export-all', path.join(target, 'check'));
    expect(listing.output).toContain('0 boards written');

    // Without the state, the edited JSON is what is restored (validated like an HTTP import).
    fs.rmSync(path.join(backup, 'boards', b.id, 'board.yjs'));
    fs.writeFileSync(file, JSON.stringify({ ...edited, columns: 'none' }));
    const invalid = await admin({ DATA_DIR: target }, 'import', backup);
    expect(invalid.code).toBe(1);
    expect(invalid.output).toMatch(new RegExp(`${b.id}/board.json: columns`));
    fs.writeFileSync(file, JSON.stringify({ ...edited, title: 'Edited by hand' }));
    expect((await admin({ DATA_DIR: target }, 'import', backup)).code).toBe(0);
    const restored = await startServer({ dataDir: target, env: { BOARD_SECRET: secret } });
    try {
      const titles = await Promise.all(
        [a, b].map(
          async (c) =>
            (await get<board.BoardJSON>(restored, `/api/boards/${c.id}`, c.tokens.viewer)).title,
        ),
      );
      expect(titles).toEqual([a.title, 'Edited by hand']);
    } finally {
      await restored.stop();
    }
  }, 120_000);
});
