/**
 * A real server for tests: `tsx server/main.ts` as a child process on a free port with its own
 * temporary DATA_DIR, so tests can SIGTERM or `kill -9` it and start it again on the same data.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

export interface CreatedBoard {
  id: string;
  title: string;
  tokens: { facilitator: string; editor: string; viewer: string };
  links: { facilitator: string; editor: string; viewer: string };
}

export interface TestServer {
  baseUrl: string;
  wsUrl: string;
  port: number;
  dataDir: string;
  env: Record<string, string>;
  process: ChildProcess;
  /** What the server printed so far (stdout and stderr). */
  output(): string;
  createBoard(body?: Record<string, unknown>): Promise<CreatedBoard>;
  /** SIGTERM, wait for exit. */
  stop(): Promise<void>;
  /** SIGKILL, wait for exit. */
  kill(): Promise<void>;
  /** Starts a new process on the same port and data. */
  restart(): Promise<TestServer>;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

export interface StartOptions {
  env?: Record<string, string>;
  port?: number;
  dataDir?: string;
  /** Flags for node itself (e.g. `--expose-gc`). */
  nodeArgs?: string[];
  /** Another checkout of the project to run the server from (the bench compares versions). */
  root?: string;
  /**
   * The server as `npm start` runs it: the bundle in `server/dist` (made by `npm run build`),
   * plain JavaScript without tsx. By default tests run the TypeScript sources as they are.
   */
  bundled?: boolean;
}

/** The bundle `npm run build` makes and `npm start` runs. */
export const SERVER_BUNDLE_MAIN = 'server/dist/main.js';

/**
 * The server's whole environment: what the test passes and nothing from the developer's shell
 * (a `STORE`, `REDIS_URL`, `DATABASE_URL`, `PUBLIC_URL` or `BOARD_SECRET` set there would
 * change what runs). Only what the operating system and Node need to start is kept.
 */
export function serverEnv(env: Record<string, string>): Record<string, string> {
  const kept: Record<string, string> = {};
  for (const name of ['PATH', 'HOME', 'TMPDIR', 'LANG', 'TZ', 'SYSTEMROOT']) {
    const value = process.env[name];
    if (value !== undefined) kept[name] = value;
  }
  return { ...kept, ...env, NODE_ENV: 'production' };
}

export async function startServer(options: StartOptions = {}): Promise<TestServer> {
  const port = options.port ?? (await freePort());
  const dataDir = options.dataDir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'bb-test-'));
  const env: Record<string, string> = {
    PORT: String(port),
    HOST: '127.0.0.1',
    DATA_DIR: dataDir,
    LOG_LEVEL: 'warn',
    SEED_ON_START: 'false',
    CREATE_RATE_LIMIT: '10000',
    CONNECT_RATE_LIMIT: '1000000',
    ...options.env,
  };
  const root = options.root ?? ROOT;
  if (options.bundled && !fs.existsSync(path.join(root, SERVER_BUNDLE_MAIN)))
    throw new Error(`${SERVER_BUNDLE_MAIN} is missing in ${root}: run \`npm run build\``);
  // Node itself (with tsx's loader), not the tsx CLI: the CLI runs the server in a child
  // process, and a SIGKILL of the CLI would leave the real server running.
  const program = options.bundled ? [SERVER_BUNDLE_MAIN] : ['--import', 'tsx', 'server/main.ts'];
  const child = spawn(process.execPath, [...(options.nodeArgs ?? []), ...program], {
    cwd: root,
    env: serverEnv(env),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (output += d.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const baseUrl = `http://127.0.0.1:${port}`;

  const deadline = Date.now() + 90_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`server exited during start:\n${output}`);
    try {
      const res = await fetch(`${baseUrl}/healthz`);
      if (res.ok) break;
    } catch {
      /* not listening yet */
    }
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`server did not start within 90 s:\n${output}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }

  const handle: TestServer = {
    baseUrl,
    wsUrl: `ws://127.0.0.1:${port}/yjs`,
    port,
    dataDir,
    env,
    process: child,
    output: () => output,
    async createBoard(body = { template: 'us-japan-economic-security' }) {
      const res = await fetch(`${baseUrl}/api/boards`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
      if (res.status !== 201) throw new Error(`create board: ${res.status} ${await res.text()}`);
      return (await res.json()) as CreatedBoard;
    },
    async stop() {
      if (child.exitCode === null) child.kill('SIGTERM');
      await exited;
    },
    async kill() {
      if (child.exitCode === null) child.kill('SIGKILL');
      await exited;
    },
    async restart() {
      await handle.stop();
      return startServer({ ...options, port, dataDir, env: options.env });
    },
  };
  return handle;
}
