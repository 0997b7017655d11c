/**
 * The servers under test behind one interface: OUR server (as `npm start` runs it: the bundle
 * `server/dist/main.js`, started with the test helper; `tsx server/main.ts` in a checkout
 * without a bundle), the REFERENCE (`y-websocket@2`'s `bin/server.cjs`, optionally with its
 * LevelDB persistence) and HOCUSPOCUS 3 with its SQLite extension (`servers/hocuspocusServer.ts`). Scenarios only ask for a board, its URLs and the server's pid, so the
 * same code measures both. The pid is the node process itself, not the tsx wrapper.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { createRequire } from 'node:module';
import * as Y from 'yjs';
import {
  startServer,
  freePort,
  SERVER_BUNDLE_MAIN,
  type TestServer,
} from '../../helpers/server.ts';
import { toYDoc, type BoardJSON } from '../../../shared/board/index.ts';
import { loadTemplate } from '../../../server/boards/templates.ts';
import { WireClient, updateFrame } from './wire.ts';
import {
  ROOT,
  alive,
  findProgramPid,
  track,
  trackPid,
  untrackPid,
  usage,
  type ProcUsage,
} from './procs.ts';
import { sleep } from './stats.ts';

export type TargetKind = 'ours' | 'reference' | 'hocuspocus';

export interface BenchBoard {
  id: string;
  /** A y-websocket URL that may edit. */
  editorUrl: string;
  /** A y-websocket URL for someone who only reads (ours: a viewer token). */
  viewerUrl: string;
}

export interface Target {
  readonly kind: TargetKind;
  readonly port: number;
  /** The node process serving (for /proc). */
  readonly pid: number;
  readonly dataDir: string;
  /** Creates a board holding `board` (default: the U.S.–Japan seed board). */
  newBoard(board?: BoardJSON): Promise<BenchBoard>;
  /** Our `/metrics` as numbers (empty for the reference). */
  metrics(): Promise<Record<string, number>>;
  usage(): ProcUsage;
  /** Graceful stop (ours flushes and compacts), SIGKILL after a grace period. */
  stop(): Promise<void>;
}

/** The same board on a restarted server (which listens on another port). */
export function onTarget(board: BenchBoard, target: Target): BenchBoard {
  const move = (url: string) =>
    url.replace(/^ws:\/\/127\.0\.0\.1:\d+/, `ws://127.0.0.1:${target.port}`);
  return { id: board.id, editorUrl: move(board.editorUrl), viewerUrl: move(board.viewerUrl) };
}

export function seedBoard(): BoardJSON {
  return loadTemplate('us-japan-economic-security');
}

export function tempDir(prefix: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), `bb-bench-${prefix}-`));
}

// ---- ours --------------------------------------------------------------------------------

export interface OursOptions {
  env?: Record<string, string>;
  dataDir?: string;
}

class OurTarget implements Target {
  readonly kind = 'ours' as const;
  constructor(
    readonly server: TestServer,
    readonly pid: number,
  ) {}

  get port(): number {
    return this.server.port;
  }

  get dataDir(): string {
    return this.server.dataDir;
  }

  async newBoard(board?: BoardJSON): Promise<BenchBoard> {
    const created = await this.server.createBoard(
      board ? { board } : { template: 'us-japan-economic-security' },
    );
    const base = `${this.server.wsUrl}/${encodeURIComponent(created.id)}?token=`;
    return {
      id: created.id,
      editorUrl: base + encodeURIComponent(created.tokens.editor),
      viewerUrl: base + encodeURIComponent(created.tokens.viewer),
    };
  }

  async metrics(): Promise<Record<string, number>> {
    const res = await fetch(`${this.server.baseUrl}/metrics`);
    const out: Record<string, number> = {};
    for (const line of (await res.text()).split('\n')) {
      const [key, value] = line.split(' ');
      if (key && value !== undefined) out[key.replace(/^briefing_board_/, '')] = Number(value);
    }
    return out;
  }

  usage(): ProcUsage {
    return usage(this.pid);
  }

  async stop(): Promise<void> {
    const done = this.server.stop();
    const timer = setTimeout(() => {
      if (alive(this.pid)) process.kill(this.pid, 'SIGKILL');
      this.server.process.kill('SIGKILL');
    }, 15_000);
    await done;
    clearTimeout(timer);
    // The wrapper relays SIGTERM; make sure its node child is gone too.
    for (let i = 0; i < 50 && alive(this.pid); i++) await sleep(100);
    if (alive(this.pid)) process.kill(this.pid, 'SIGKILL');
    untrackPid(this.pid);
  }
}

export async function startOurs(opts: OursOptions = {}): Promise<Target> {
  const root = process.env.BENCH_OURS_DIR ?? ROOT;
  const bundled = fs.existsSync(path.join(root, SERVER_BUNDLE_MAIN));
  const server = await startServer({
    env: {
      LOG_LEVEL: 'error',
      MAX_JSON_BYTES: String(64 * 1024 * 1024),
      MAX_MESSAGE_BYTES: String(64 * 1024 * 1024),
      ...opts.env,
    },
    ...(opts.dataDir && { dataDir: opts.dataDir }),
    // `BENCH_OURS_DIR`: our server from another checkout (before/after comparisons).
    root,
    // As `npm start` runs it (the bundle), unless that checkout has none.
    bundled,
  });
  track(server.process);
  const pid = findProgramPid(server.process.pid!, bundled ? SERVER_BUNDLE_MAIN : 'server/main.ts');
  trackPid(pid);
  return new OurTarget(server, pid);
}

// ---- the reference -----------------------------------------------------------------------

/**
 * The compared servers live in `test/bench/servers/` with a package.json of their own: their
 * node_modules (with a Yjs of its own) must not shadow the project's Yjs for the bench's code,
 * or the bench's Y.Docs and the board model would come from two copies of Yjs. Before
 * `npm run bench` installed them, only scenarios that compare with nothing (`routejs`) run.
 */
const SERVERS = path.join(ROOT, 'test/bench/servers');
const requireServers = createRequire(path.join(SERVERS, 'package.json'));
const referencePackage = ((): string | null => {
  try {
    return requireServers.resolve('y-websocket-server-reference/package.json');
  } catch {
    return null;
  }
})();
export const REFERENCE_VERSION = referencePackage
  ? (JSON.parse(fs.readFileSync(referencePackage, 'utf8')) as { version: string }).version
  : 'not installed';
function referenceBin(): string {
  if (!referencePackage)
    throw new Error('the reference server is not installed (npm run bench installs it)');
  return path.join(path.dirname(referencePackage), 'bin/server.cjs');
}

export interface ReferenceOptions {
  /** LevelDB directory (`YPERSISTENCE`); in memory when absent. */
  persistDir?: string;
  port?: number;
}

/** A server started as a child node process: the reference, or Hocuspocus. */
class ChildTarget implements Target {
  readonly #exited: Promise<void>;
  constructor(
    readonly kind: 'reference' | 'hocuspocus',
    readonly child: ReturnType<typeof spawn>,
    readonly port: number,
    readonly dataDir: string,
  ) {
    this.#exited = new Promise((resolve) => child.once('exit', () => resolve()));
  }

  get pid(): number {
    return this.child.pid!;
  }

  async newBoard(board?: BoardJSON): Promise<BenchBoard> {
    const id = `${this.kind === 'reference' ? 'ref' : 'hp'}-${randomUUID().slice(0, 8)}`;
    // Hocuspocus names the document in every message; the path is ignored.
    const url =
      this.kind === 'reference'
        ? `ws://127.0.0.1:${this.port}/${id}`
        : `ws://127.0.0.1:${this.port}/?hocuspocus=${id}`;
    await pushDoc(url, toYDoc(board ?? seedBoard()));
    return { id, editorUrl: url, viewerUrl: url };
  }

  async metrics(): Promise<Record<string, number>> {
    return {};
  }

  usage(): ProcUsage {
    return usage(this.pid);
  }

  async stop(): Promise<void> {
    if (this.child.exitCode === null) this.child.kill('SIGINT');
    const timer = setTimeout(() => this.child.kill('SIGKILL'), 5_000);
    await this.#exited;
    clearTimeout(timer);
  }
}

/**
 * Gives a board its content on the reference, which has no API for that: a client sends the
 * whole document and waits for the server's echo of it (the server relays to every
 * connection, the sender included), then leaves.
 */
export async function pushDoc(url: string, doc: Y.Doc): Promise<void> {
  const update = Y.encodeStateAsUpdate(doc);
  let echo!: () => void;
  const echoed = new Promise<void>((resolve) => (echo = resolve));
  const client = new WireClient(url, {
    onPayload: (payload, kind) => {
      if (kind === 'update' && payload.length >= update.length / 2) echo();
    },
  });
  await client.opened();
  client.send(updateFrame(update));
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      echoed,
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`no echo from ${url}`)), 120_000);
      }),
    ]);
  } finally {
    clearTimeout(timer);
    await client.close();
  }
}

export async function startReference(opts: ReferenceOptions = {}): Promise<Target> {
  const env: Record<string, string> = {};
  if (opts.persistDir) env.YPERSISTENCE = opts.persistDir;
  return startChild('reference', [referenceBin()], env, opts.persistDir ?? '', opts.port);
}

/**
 * The installed Hocuspocus version, or null when it is not installed: it is an optional
 * dependency, because its SQLite extension needs a native module that may fail to install.
 * (Its package.json is not exported; it sits in node_modules/@hocuspocus/server.)
 */
export const HOCUSPOCUS_VERSION: string | null = (() => {
  try {
    const file = path.join(SERVERS, 'node_modules/@hocuspocus/server/package.json');
    requireServers.resolve('@hocuspocus/extension-sqlite');
    requireServers.resolve('sqlite3');
    return (JSON.parse(fs.readFileSync(file, 'utf8')) as { version: string }).version;
  } catch {
    return null;
  }
})();

/** Hocuspocus 3 with its SQLite extension, its database in a fresh folder. */
export async function startHocuspocus(): Promise<Target> {
  const dir = tempDir('hocuspocus');
  const script = path.join(SERVERS, 'hocuspocusServer.ts');
  return startChild('hocuspocus', ['--import', 'tsx', script], { DATA_DIR: dir }, dir);
}

async function startChild(
  kind: 'reference' | 'hocuspocus',
  args: string[],
  extraEnv: Record<string, string>,
  dataDir: string,
  givenPort?: number,
): Promise<Target> {
  const port = givenPort ?? (await freePort());
  const env: Record<string, string> = {
    ...(process.env as Record<string, string>),
    HOST: '127.0.0.1',
    PORT: String(port),
    NODE_ENV: 'production',
  };
  delete env.YPERSISTENCE;
  Object.assign(env, extraEnv);
  const child = spawn(process.execPath, args, {
    cwd: ROOT,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  track(child);
  let output = '';
  child.stdout!.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (output += d.toString()));
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`${kind} exited during start:\n${output}`);
    try {
      const res = await fetch(`http://127.0.0.1:${port}/`);
      if (res.ok) break;
    } catch {
      /* not yet */
    }
    if (Date.now() > deadline) throw new Error(`${kind} did not start:\n${output}`);
    await sleep(50);
  }
  return new ChildTarget(kind, child, port, dataDir);
}

export async function startTarget(
  kind: TargetKind,
  opts: { env?: Record<string, string>; persistDir?: string; dataDir?: string } = {},
): Promise<Target> {
  if (kind === 'ours') return startOurs({ env: opts.env, dataDir: opts.dataDir });
  if (kind === 'hocuspocus') return startHocuspocus();
  return startReference({ persistDir: opts.persistDir });
}
