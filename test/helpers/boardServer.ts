/**
 * The whole server inside the test's own process: `server/BoardServer.ts` on a free port, with
 * the memory store unless a test asks for SQLite. A bug shows as a failed assertion or a
 * stack trace in the test, not as a child process that never answers. Tests that need a
 * separate process (kill -9, several processes, `main.ts` itself) use `server.ts`'s
 * `startServer` instead.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pino } from 'pino';
import { readConfig } from '../../server/config.ts';
import { startBoardServer as start, type RunningServer } from '../../server/BoardServer.ts';
import { MemoryBoardStore } from '../../server/store/memory.ts';
import { freePort, type CreatedBoard } from './server.ts';

export interface BoardServerOptions {
  /** Configuration variables, as `readConfig` reads them (e.g. `MAX_JSON_BYTES`). */
  env?: Record<string, string>;
  /** `memory` (default) or a real SQLite file in `dataDir`. */
  store?: 'memory' | 'sqlite';
  dataDir?: string;
}

export interface InProcessServer {
  baseUrl: string;
  wsUrl: string;
  port: number;
  /** Holds the board secret, and the SQLite file with `store: 'sqlite'`. */
  dataDir: string;
  /** The running parts (store, rooms, boards, facilitation) for looking inside. */
  running: RunningServer;
  createBoard(body?: Record<string, unknown>): Promise<CreatedBoard>;
  /** Flushes every board and closes the store, as SIGTERM does. */
  close(): Promise<void>;
  /** Closes and starts again on the same port and stored data (memory or SQLite). */
  restart(): Promise<InProcessServer>;
}

export async function startBoardServer(
  options: BoardServerOptions = {},
  /** Kept across a restart, as a file would be. */
  memory = new MemoryBoardStore(),
  /** A fixed port, so that links (PUBLIC_URL's default) name the port the server has. */
  port?: number,
): Promise<InProcessServer> {
  port ??= await freePort();
  const dataDir = options.dataDir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'bb-inproc-'));
  const store = options.store ?? 'memory';
  const config = readConfig({
    PORT: String(port),
    HOST: '127.0.0.1',
    DATA_DIR: dataDir,
    STORE: store,
    CREATE_RATE_LIMIT: '10000',
    CONNECT_RATE_LIMIT: '1000000',
    ...options.env,
  });
  const log = pino({ level: options.env?.LOG_LEVEL ?? 'silent' });
  const running = await start(config, log, store === 'memory' ? memory : undefined);
  const baseUrl = running.url;
  let closed = false;
  const handle: InProcessServer = {
    baseUrl,
    wsUrl: `ws://127.0.0.1:${running.port}/yjs`,
    port: running.port,
    dataDir,
    running,
    async createBoard(body = { template: 'us-japan-economic-security' }) {
      const res = await fetch(`${baseUrl}/api/boards`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
      if (res.status !== 201) throw new Error(`create board: ${res.status} ${await res.text()}`);
      return (await res.json()) as CreatedBoard;
    },
    async close() {
      if (closed) return;
      closed = true;
      await running.close();
    },
    async restart() {
      await handle.close();
      return startBoardServer({ ...options, dataDir }, memory, running.port);
    },
  };
  return handle;
}
