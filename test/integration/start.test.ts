/**
 * Starting as the README says. The web client is rebuilt only when its sources changed (by
 * content: a copy or checkout of the same files is not a change); a second `npm start` serves
 * without running Vite; the lockfile installs none of the benchmark's servers; and the
 * production path works: a copy of the tree with its build, `npm ci --omit=dev` (offline, from
 * npm's cache), then `npm start` serves the app. The copy's install skips install scripts and
 * takes better-sqlite3's compiled module from this tree, since compiling it again (or fetching a
 * prebuilt one) would take minutes; what the test is about is which packages get installed.
 * A first start creates the seed board and prints its links, the same at every start.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { execFile, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { BUILD_STAMP, sourcesDigest, staleReason, WEB_SOURCES } from '../../server/buildIfStale.ts';
import type { BoardJSON } from '../../shared/board/index.ts';
import { freePort, serverEnv, startServer } from '../helpers/server.ts';
import { eventually } from '../helpers/clients.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');
const run = promisify(execFile);
const stops: (() => Promise<void>)[] = [];

afterEach(async () => {
  for (const stop of stops.splice(0)) await stop();
});

/** `npm start` in `cwd`; resolves once /healthz answers, with what it printed so far. */
async function npmStart(cwd: string) {
  const port = await freePort();
  const child = spawn('npm', ['start'], {
    cwd,
    detached: true, // its own process group: npm, the build check and the server stop together
    stdio: ['ignore', 'pipe', 'pipe'],
    env: serverEnv({
      PORT: String(port),
      HOST: '127.0.0.1',
      DATA_DIR: fs.mkdtempSync(path.join(os.tmpdir(), 'bb-start-data-')),
      SEED_ON_START: 'false',
      LOG_LEVEL: 'warn',
    }),
  });
  let output = '';
  child.stdout!.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (output += d.toString()));
  const exited = new Promise((resolve) => child.once('exit', resolve));
  stops.push(async () => {
    if (child.exitCode === null) process.kill(-child.pid!, 'SIGTERM');
    await exited;
  });
  const startedAt = Date.now();
  for (;;) {
    if (child.exitCode !== null) throw new Error(`npm start exited:\n${output}`);
    const res = await fetch(`http://127.0.0.1:${port}/healthz`).catch(() => null);
    if (res?.ok) break;
    if (Date.now() - startedAt > 60_000) throw new Error(`no /healthz within 60 s:\n${output}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  const page = await fetch(`http://127.0.0.1:${port}/`);
  return {
    output: () => output,
    page: { status: page.status, type: page.headers.get('content-type') },
  };
}

function write(file: string, text: string) {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, text);
}

describe('the web build is redone only when its sources changed', () => {
  it('by content: missing, unstamped, changed, added; not a copy with new file times', () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'bb-stale-'));
    write(path.join(root, 'web/src/app.html'), '<html></html>');
    write(path.join(root, 'shared/board/layout.ts'), 'export const A = 1;');
    write(path.join(root, 'package-lock.json'), '{}');
    expect(staleReason(root)).toBe('web/build is missing');
    write(path.join(root, 'web/build/handler.js'), 'export {}');
    expect(staleReason(root)).toBe('web/build was not made by `npm run build`');
    write(path.join(root, BUILD_STAMP), sourcesDigest(root));
    expect(staleReason(root)).toBeNull();

    const copy = fs.mkdtempSync(path.join(os.tmpdir(), 'bb-stale-copy-'));
    fs.cpSync(root, copy, { recursive: true, preserveTimestamps: false });
    expect(staleReason(copy)).toBeNull();

    write(path.join(root, 'shared/board/layout.ts'), 'export const A = 2;');
    expect(staleReason(root)).toBe('the web sources changed since the last build');
    write(path.join(root, 'shared/board/layout.ts'), 'export const A = 1;');
    expect(staleReason(root)).toBeNull();
    write(path.join(root, 'web/src/routes/new/+page.svelte'), '<p>new</p>');
    expect(staleReason(root)).not.toBeNull();
    // Something outside the client's sources is not a reason.
    write(path.join(copy, 'server/main.ts'), 'changed');
    expect(staleReason(copy)).toBeNull();
    expect(WEB_SOURCES).toContain('shared');
  });

  it('the lockfile installs none of the benchmark servers (Hocuspocus, sqlite3, leveldown)', () => {
    const lock = JSON.parse(fs.readFileSync(path.join(ROOT, 'package-lock.json'), 'utf8')) as {
      packages: Record<string, unknown>;
    };
    const installed = Object.keys(lock.packages).map((p) => p.replace(/^.*node_modules\//, ''));
    expect(installed.length).toBeGreaterThan(100);
    expect(installed.filter((name) => /^(sqlite3|leveldown|@hocuspocus\/.*)$/.test(name))).toEqual(
      [],
    );
  });

  it('a second npm start serves the build as it is, without Vite', async () => {
    // `npm test` builds first; a stale build here means the sources changed since.
    expect(staleReason(ROOT), 'run `npm run build` first').toBeNull();
    const stamp = fs.statSync(path.join(ROOT, BUILD_STAMP)).mtimeMs;
    const started = await npmStart(ROOT);
    expect(started.output()).toContain('web client up to date');
    expect(started.output()).not.toMatch(/vite v\d|building/i);
    expect(fs.statSync(path.join(ROOT, BUILD_STAMP)).mtimeMs).toBe(stamp);
    expect(started.page.status).toBe(200);
    expect(started.page.type).toContain('text/html');
  }, 90_000);

  it('production: the tree with its build, npm ci --omit=dev, npm start', async () => {
    expect(staleReason(ROOT), 'run `npm run build` first').toBeNull();
    const copy = fs.mkdtempSync(path.join(os.tmpdir(), 'bb-production-'));
    const skipped = new Set(['node_modules', '.git', 'data', 'bench-results', 'test-results']);
    fs.cpSync(ROOT, copy, {
      recursive: true,
      filter: (source) => {
        const relative = path.relative(ROOT, source);
        return !skipped.has(relative.split(path.sep)[0]) && relative !== 'web/.svelte-kit';
      },
    });
    await run(
      'npm',
      ['ci', '--omit=dev', '--offline', '--ignore-scripts', '--no-audit', '--no-fund'],
      { cwd: copy, env: serverEnv({}) },
    );
    const modules = path.join(copy, 'node_modules');
    for (const absent of ['sqlite3', '@hocuspocus', 'leveldown', 'vite', '@sveltejs', 'vitest'])
      expect(fs.existsSync(path.join(modules, absent)), absent).toBe(false);
    const binding = 'better-sqlite3/build/Release/better_sqlite3.node';
    fs.mkdirSync(path.dirname(path.join(modules, binding)), { recursive: true });
    fs.copyFileSync(path.join(ROOT, 'node_modules', binding), path.join(modules, binding));

    const started = await npmStart(copy);
    expect(started.output()).toContain('web client up to date');
    expect(started.page.status).toBe(200);
    expect(started.page.type).toContain('text/html');
  }, 180_000);
});

describe('first start', () => {
  it('creates the seed board and prints its three links, again at every start', async () => {
    const first = await startServer({ env: { SEED_ON_START: 'true' } });
    try {
      const links = await eventually(() => {
        const found = [...first.output().matchAll(/(facilitator|editor|viewer) +(http:\/\/\S+)/g)];
        expect(found.map((m) => m[1])).toEqual(['facilitator', 'editor', 'viewer']);
        return found;
      });
      const token = new URL(links[1][2]).searchParams.get('token')!;
      const seedBoard = (await (
        await fetch(`${first.baseUrl}/api/boards/us-japan?token=${token}`)
      ).json()) as BoardJSON;
      const seed = JSON.parse(
        fs.readFileSync(path.join(ROOT, 'seeds/us-japan-economic-security.json'), 'utf8'),
      ) as BoardJSON;
      expect(seedBoard.cards.length).toBe(seed.cards.length);
      const again = await first.restart();
      try {
        await eventually(() => expect(again.output()).toContain(links[0][2]));
      } finally {
        await again.stop();
      }
    } finally {
      await first.stop();
    }
  });
});
