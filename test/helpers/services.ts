/**
 * The machine's Postgres and Redis for multi-process tests. When one is missing the tests
 * fail under CI=true and skip, loudly, elsewhere.
 */
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
