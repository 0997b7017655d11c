/**
 * A background load beside an ordinary board: the fan-out of a board measured alone and while
 * something else runs on the same server (PDF renders: `exportLoad.ts`; big joins:
 * `bigJoin.ts`), alternating, so the two can be compared in one run.
 */
import type { BenchConfig } from '../lib/config.ts';
import { sleep } from '../lib/stats.ts';
import type { Target } from '../lib/targets.ts';
import { fanoutOnce, startFanoutWorkers, stopWorkers, type FanoutRun } from './fanout.ts';

/** A fan-out run of `alongside`, with what the background load reported (or `idle`). */
export type AlongsideRun<T> = FanoutRun & T & { busy: boolean };

/**
 * The fan-out of a `readers`-reader board on our server, measured alone and while `load` runs
 * beside it, alternating (alone, busy; busy, alone; …), each on a fresh server. `load` starts
 * once the readers are connected and returns what it reports when stopped; `idle` stands in
 * for it in the runs without. `describe` adds the load's figures to the progress line.
 */
export async function alongside<T extends object>(
  cfg: BenchConfig,
  name: string,
  readers: number,
  load: (target: Target) => Promise<() => Promise<T>>,
  idle: T,
  describe: (report: T) => string,
): Promise<AlongsideRun<T>[]> {
  const workers = startFanoutWorkers();
  const runs: AlongsideRun<T>[] = [];
  try {
    for (let rep = 0; rep < cfg.reps; rep++) {
      for (const busy of rep % 2 ? [true, false] : [false, true]) {
        let report = idle;
        const r = await fanoutOnce(
          cfg,
          workers,
          'ours',
          readers,
          rep,
          {},
          undefined,
          busy
            ? async (target) => {
                const stop = await load(target);
                return async () => {
                  report = await stop();
                };
              }
            : undefined,
        );
        runs.push({ ...r, ...report, busy });
        process.stderr.write(
          `[${name}] ${busy ? 'busy' : 'alone'} rep ${rep + 1}: p50 ${r.p50.toFixed(2)} ms, ` +
            `p99 ${r.p99.toFixed(2)} ms, max ${r.max.toFixed(1)} ms, delivered ${(r.delivered * 100).toFixed(2)} %` +
            (busy ? `, ${describe(report)}` : '') +
            `, load ${r.loadAvg}\n`,
        );
        await sleep(500);
      }
    }
  } finally {
    await stopWorkers(workers);
  }
  return runs;
}
