/**
 * The machine's Postgres and Redis for multi-process tests, and a test's own redis-server
 * (one it may stop, never the shared one). When one is missing the tests fail under CI=true and
 * skip, loudly, elsewhere.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import net from 'node:net';

export const DATABASE_URL = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
export const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

function reachable(url: string, defaultPort: number): Promise<boolean> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve) => {
    const socket = net.connect({ host: hostname, port: Number(port || defaultPort) });
    socket.setTimeout(2_000);
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
    socket.once('timeout', () => {
      socket.destroy();
      resolve(false);
    });
  });
}

/** True when both services answer; throws under CI when one does not. */
export async function clusterServicesAvailable(): Promise<boolean> {
  const [pg, redis] = await Promise.all([
    reachable(DATABASE_URL, 5432),
    reachable(REDIS_URL, 6379),
  ]);
  if (pg && redis) return true;
  const missing = [!pg && `Postgres at ${DATABASE_URL}`, !redis && `Redis at ${REDIS_URL}`]
    .filter(Boolean)
    .join(' and ');
  if (process.env.CI === 'true')
    throw new Error(`${missing} not reachable: the multi-process tests need them`);
  console.warn(`\n!!! SKIPPING multi-process tests: ${missing} not reachable !!!\n`);
  return false;
}

/** True when `redis-server` is installed, for a test that runs its own; throws under CI if not. */
export function ownRedisAvailable(what: string): boolean {
  if (spawnSync('redis-server', ['--version']).status === 0) return true;
  if (process.env.CI === 'true') throw new Error(`redis-server not installed: ${what} needs it`);
  console.warn(`\n!!! SKIPPING ${what}: redis-server is not installed !!!\n`);
  return false;
}

/** Starts a redis-server of the test's own on `port`; resolves once it accepts connections. */
export async function startOwnRedis(port: number): Promise<ChildProcess> {
  const child = spawn(
    'redis-server',
    ['--port', String(port), '--save', '', '--appendonly', 'no'],
    {
      stdio: 'ignore',
    },
  );
  const deadline = Date.now() + 10_000;
  while (!(await reachable(`redis://127.0.0.1:${port}`, port))) {
    if (Date.now() > deadline) throw new Error(`redis-server on ${port} did not start`);
    await new Promise((r) => setTimeout(r, 50));
  }
  return child;
}

/** Kills a child process with SIGKILL and waits for it to exit. */
export async function stopProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGKILL');
  await exited;
}
