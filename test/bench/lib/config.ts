/**
 * The bench's knobs, from the environment, read once: which scenarios, quick or full sizes,
 * how many A/B repetitions. Every size has a quick value so `BENCH_QUICK=1` finishes in a few
 * minutes on a 2-core machine; any size can be set on its own.
 */

export const SCENARIOS = [
  'fanout',
  'exportload',
  'boards',
  'coldload',
  'durable',
  'churn',
  'export',
  'browser',
  'routejs',
  'join',
] as const;
export type ScenarioName = (typeof SCENARIOS)[number];

export interface BenchConfig {
  scenarios: ScenarioName[];
  quick: boolean;
  /** A/B repetitions per measurement (servers alternate: ours, ref, ours, ref, …). */
  reps: number;
  fanoutReaders: number[];
  /** Our server's DURABILITY settings to measure side by side (`BENCH_DURABILITY=fsync,os`). */
  durability: ('fsync' | 'os')[];
  fanoutWriters: number;
  fanoutRatePerSec: number;
  fanoutWarmupMs: number;
  fanoutMeasureMs: number;
  boards: number;
  boardClients: number;
  boardsMeasureMs: number;
  coldCards: number;
  coldBigMB: number;
  coldReps: number;
  durableMs: number;
  churnCycles: number;
  churnConcurrency: number;
  churnBoards: number;
  churnReps: number;
  exportRuns: number;
  /** Also profile our server (`--cpu-prof`) in one extra fan-out run, into this directory. */
  profileDir: string | null;
  /**
   * Fan-out also measures Hocuspocus 3 with its SQLite extension when it is installed (an
   * optional dependency); `BENCH_HOCUSPOCUS=0` leaves it out.
   */
  hocuspocus: boolean;
}

function list(value: string | undefined): string[] | null {
  if (!value) return null;
  return value
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
}

function num(
  env: NodeJS.ProcessEnv,
  key: string,
  full: number,
  quick: number,
  isQuick: boolean,
): number {
  const raw = env[key];
  if (raw !== undefined && raw !== '') {
    const n = Number(raw);
    if (!Number.isFinite(n) || n < 0) throw new Error(`${key}: expected a number, got "${raw}"`);
    return n;
  }
  return isQuick ? quick : full;
}

function durabilities(value: string | undefined): ('fsync' | 'os')[] {
  const wanted = list(value) ?? ['fsync', 'os'];
  for (const d of wanted)
    if (d !== 'fsync' && d !== 'os')
      throw new Error(`BENCH_DURABILITY: expected fsync and/or os, got "${d}"`);
  return wanted as ('fsync' | 'os')[];
}

export function readConfig(env: NodeJS.ProcessEnv = process.env): BenchConfig {
  const quick = env.BENCH_QUICK === '1' || env.BENCH_QUICK === 'true';
  const wanted = list(env.BENCH) ?? [...SCENARIOS];
  for (const s of wanted) {
    if (!(SCENARIOS as readonly string[]).includes(s))
      throw new Error(`BENCH: unknown scenario "${s}" (known: ${SCENARIOS.join(', ')})`);
  }
  const readers = list(env.BENCH_READERS)?.map(Number) ?? [10, 50, 200, 500, 1000];
  return {
    scenarios: SCENARIOS.filter((s) => wanted.includes(s)),
    quick,
    reps: num(env, 'BENCH_REPS', 2, 2, quick),
    fanoutReaders: readers,
    durability: durabilities(env.BENCH_DURABILITY),
    fanoutWriters: num(env, 'BENCH_WRITERS', 4, 4, quick),
    fanoutRatePerSec: num(env, 'BENCH_RATE', 20, 20, quick),
    fanoutWarmupMs: num(env, 'BENCH_WARMUP_MS', 3_000, 2_000, quick),
    fanoutMeasureMs: num(env, 'BENCH_MEASURE_MS', 15_000, 6_000, quick),
    boards: num(env, 'BENCH_BOARDS', 300, 100, quick),
    boardClients: num(env, 'BENCH_BOARD_CLIENTS', 3, 3, quick),
    boardsMeasureMs: num(env, 'BENCH_BOARDS_MS', 15_000, 6_000, quick),
    coldCards: num(env, 'BENCH_COLD_CARDS', 1_000, 1_000, quick),
    coldBigMB: num(env, 'BENCH_COLD_MB', 10, 10, quick),
    coldReps: num(env, 'BENCH_COLD_REPS', 3, 2, quick),
    durableMs: num(env, 'BENCH_DURABLE_MS', 10_000, 5_000, quick),
    churnCycles: num(env, 'BENCH_CHURN_CYCLES', 10_000, 2_000, quick),
    churnConcurrency: num(env, 'BENCH_CHURN_CONCURRENCY', 32, 32, quick),
    churnBoards: num(env, 'BENCH_CHURN_BOARDS', 20, 10, quick),
    churnReps: num(env, 'BENCH_CHURN_REPS', 1, 1, quick),
    exportRuns: num(env, 'BENCH_EXPORT_RUNS', 5, 3, quick),
    profileDir: env.BENCH_PROFILE || null,
    hocuspocus: env.BENCH_HOCUSPOCUS !== '0' && env.BENCH_HOCUSPOCUS !== 'false',
  };
}
