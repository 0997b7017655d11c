/**
 * Environment → typed configuration, read once at start. A bad value stops the server with a
 * message naming the variable, rather than surfacing later as a strange failure.
 */
import path from 'node:path';
import proxyaddr from 'proxy-addr';
import { DEFAULT_MAX_MESSAGE_BYTES } from '../shared/protocol.ts';
import type { TrustProxy } from './http/clientAddress.ts';

export interface ServerConfig {
  port: number;
  host: string;
  dataDir: string;
  store: 'sqlite' | 'postgres' | 'memory';
  /**
   * What an update has reached when the server relays it (SQLite store). `fsync`: the disk
   * (an fsync of the WAL; survives a power cut). `os`: the operating system (SQLite's WAL
   * without an fsync; survives `kill -9` of the server, not a power cut or an OS crash).
   */
  durability: 'fsync' | 'os';
  databaseUrl: string | undefined;
  /** Postgres schema for the tables (several deployments or test runs can share one database). */
  databaseSchema: string | undefined;
  redisUrl: string | undefined;
  boardSecret: string | undefined;
  /** The secret before the last rotation: links it signed still open their boards. */
  boardSecretPrevious: string | undefined;
  /** When set, `/metrics` answers only `Authorization: Bearer <metricsToken>`. */
  metricsToken: string | undefined;
  publicUrl: string;
  /** Largest WebSocket frame accepted; bigger closes that socket with 1009. */
  maxMessageBytes: number;
  /** Largest encoded board state; an update that would pass it is refused (close 4413). */
  maxBoardBytes: number;
  /** Largest JSON body (imports). */
  maxJsonBytes: number;
  /** Boards one IP may create per minute. */
  createPerMinute: number;
  /** WebSocket (and socket.io) connection attempts one client address may make per minute. */
  connectPerMinute: number;
  /** Which proxies' X-Forwarded-For to believe (express's "trust proxy"); false: none. */
  trustProxy: TrustProxy;
  /** A board with no connection is compacted and unloaded after this long. */
  idleUnloadMs: number;
  /** Compact a loaded board's log when it grows past this many updates. */
  compactAfterUpdates: number;
  /** Ping interval; a connection that misses one ping is closed (found within 2 intervals). */
  pingIntervalMs: number;
  /** Origins allowed for browsers (WebSocket Origin and CORS); empty = same host only. */
  allowedOrigins: string[];
  /** With Redis: how often each loaded board compares notes with the other processes. */
  clusterSyncMs: number;
  /** How long a storage failure is reported and new sync connections refused (4507), unless a write succeeds. */
  storeFailureHoldMs: number;
  logLevel: string;
  /** Create the U.S.–Japan seed board on first start. */
  seedOnStart: boolean;
}

export class ConfigError extends Error {
  constructor(variable: string, problem: string) {
    super(`${variable}: ${problem}`);
    this.name = 'ConfigError';
  }
}

function integer(env: NodeJS.ProcessEnv, name: string, fallback: number, min = 0): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min)
    throw new ConfigError(name, `expected a whole number ≥ ${min}, got "${raw}"`);
  return value;
}

/** `TRUST_PROXY`: empty/false, true, a hop count, or a comma list of addresses, CIDRs or names. */
function trustProxy(raw: string | undefined): TrustProxy {
  const value = (raw ?? '').trim();
  if (value === '' || value === 'false') return false;
  if (value === 'true') return true;
  if (/^\d+$/.test(value)) return Number(value) === 0 ? false : Number(value);
  const list = value.split(',').map((s) => s.trim());
  try {
    proxyaddr.compile(list);
  } catch (error) {
    throw new ConfigError(
      'TRUST_PROXY',
      `expected true, a hop count, or addresses/CIDRs (e.g. "loopback, 10.0.0.0/8"): ${(error as Error).message}`,
    );
  }
  return list;
}

export function readConfig(env: NodeJS.ProcessEnv = process.env): ServerConfig {
  const port = integer(env, 'PORT', 3000);
  if (port > 65535) throw new ConfigError('PORT', `expected a port number, got "${env.PORT}"`);
  const store = (env.STORE || 'sqlite') as ServerConfig['store'];
  if (!['sqlite', 'postgres', 'memory'].includes(store)) {
    throw new ConfigError('STORE', `expected "sqlite" or "postgres", got "${env.STORE}"`);
  }
  if (store === 'postgres' && !env.DATABASE_URL) {
    throw new ConfigError(
      'DATABASE_URL',
      'required with STORE=postgres (e.g. postgres://user@127.0.0.1:5432/db)',
    );
  }
  const durability = (env.DURABILITY || 'fsync') as ServerConfig['durability'];
  if (!['fsync', 'os'].includes(durability)) {
    throw new ConfigError('DURABILITY', `expected "fsync" or "os", got "${env.DURABILITY}"`);
  }
  if (durability === 'os' && store !== 'sqlite') {
    throw new ConfigError('DURABILITY', '"os" applies to the SQLite store only (STORE=sqlite)');
  }
  const publicUrl = (env.PUBLIC_URL || `http://localhost:${port}`).replace(/\/+$/, '');
  try {
    new URL(publicUrl);
  } catch {
    throw new ConfigError('PUBLIC_URL', `not a URL: "${env.PUBLIC_URL}"`);
  }
  return {
    port,
    host: env.HOST || '0.0.0.0',
    dataDir: path.resolve(env.DATA_DIR || './data'),
    store,
    durability,
    databaseUrl: env.DATABASE_URL || undefined,
    databaseSchema: env.DATABASE_SCHEMA || undefined,
    redisUrl: env.REDIS_URL || undefined,
    boardSecret: env.BOARD_SECRET || undefined,
    boardSecretPrevious: env.BOARD_SECRET_PREVIOUS || undefined,
    metricsToken: env.METRICS_TOKEN || undefined,
    publicUrl,
    maxMessageBytes: integer(env, 'MAX_MESSAGE_BYTES', DEFAULT_MAX_MESSAGE_BYTES, 1024),
    maxBoardBytes: integer(env, 'MAX_BOARD_BYTES', 64 * 1024 * 1024, 1024),
    maxJsonBytes: integer(env, 'MAX_JSON_BYTES', 10 * 1024 * 1024, 1024),
    createPerMinute: integer(env, 'CREATE_RATE_LIMIT', 60, 1),
    connectPerMinute: integer(env, 'CONNECT_RATE_LIMIT', 600, 1),
    trustProxy: trustProxy(env.TRUST_PROXY),
    idleUnloadMs: integer(env, 'IDLE_UNLOAD_MS', 10_000),
    compactAfterUpdates: integer(env, 'COMPACT_AFTER_UPDATES', 500, 1),
    pingIntervalMs: integer(env, 'PING_INTERVAL_MS', 10_000, 100),
    allowedOrigins: (env.ALLOWED_ORIGINS || '')
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean),
    clusterSyncMs: integer(env, 'CLUSTER_SYNC_MS', 10_000, 100),
    storeFailureHoldMs: integer(env, 'STORE_FAILURE_HOLD_MS', 30_000, 100),
    logLevel: env.LOG_LEVEL || 'info',
    seedOnStart: env.SEED_ON_START !== 'false',
  };
}
