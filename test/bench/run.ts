/**
 * `npm run bench`: measures our server against the reference y-websocket server on this
 * machine and prints a Markdown table (also `bench-results/latest.md` and a timestamped JSON).
 * Never part of `npm test`. Pick scenarios and sizes with the environment:
 *
 *   BENCH=fanout,coldload   scenarios (fanout, exportload, boards, coldload, durable, churn, export,
 *                           browser, routejs — the board route's JavaScript; needs none of the
 *                           compared servers —, join — 20 joining a ~10 MB board at once)
 *   BENCH_QUICK=1           smaller sizes and shorter windows (a few minutes in all)
 *   BENCH_REPS=2            A/B repetitions; BENCH_READERS=50,200 … see lib/config.ts
 *   BENCH_PROFILE=/tmp/prof also run one fan-out with `node --cpu-prof` on our server
 *
 * All traffic goes to 127.0.0.1. Every child process is killed when this one ends, however
 * it ends.
 */
import { readConfig, type BenchConfig, type ScenarioName } from './lib/config.ts';
import { installCleanup, killAll } from './lib/procs.ts';
import { Results, type ScenarioResult } from './lib/results.ts';
import { REFERENCE_VERSION } from './lib/targets.ts';

type Scenario = (cfg: BenchConfig) => Promise<ScenarioResult>;

const scenarios: Record<ScenarioName, () => Promise<Scenario>> = {
  fanout: async () => (await import('./scenarios/fanout.ts')).fanout,
  exportload: async () => (await import('./scenarios/exportLoad.ts')).exportLoad,
  boards: async () => (await import('./scenarios/manyBoards.ts')).manyBoards,
  coldload: async () => (await import('./scenarios/coldLoad.ts')).coldLoad,
  durable: async () => (await import('./scenarios/durableWrites.ts')).durableWrites,
  churn: async () => (await import('./scenarios/churn.ts')).churn,
  export: async () => (await import('./scenarios/exports.ts')).exports,
  browser: async () => (await import('./scenarios/browser.ts')).browser,
  routejs: async () => (await import('./scenarios/routeJs.ts')).routeJs,
  join: async () => (await import('./scenarios/bigJoin.ts')).bigJoin,
};

async function main(): Promise<void> {
  installCleanup();
  const cfg = readConfig();
  const results = new Results({
    mode: cfg.quick ? 'quick' : 'full',
    referenceVersion: REFERENCE_VERSION,
    config: cfg,
  });
  process.stderr.write(
    `bench: ${cfg.scenarios.join(', ')} (${cfg.quick ? 'quick' : 'full'}, ${cfg.reps} rep(s))\n`,
  );
  let failed = false;
  for (const name of cfg.scenarios) {
    const started = Date.now();
    process.stderr.write(`\n== ${name} ==\n`);
    try {
      const run = await scenarios[name]();
      results.add(await run(cfg));
    } catch (error) {
      failed = true;
      const message = error instanceof Error ? (error.stack ?? error.message) : String(error);
      process.stderr.write(`${name} failed: ${message}\n`);
      results.add({
        name,
        rows: [
          { scenario: name, ours: NaN, unit: '', note: `FAILED: ${String(error).slice(0, 120)}` },
        ],
        raw: { error: message },
        notes: [],
      });
    } finally {
      killAll();
    }
    process.stderr.write(`== ${name} took ${((Date.now() - started) / 1000).toFixed(0)} s ==\n`);
  }
  const { json, md } = results.write();
  process.stdout.write(`\n${results.markdown()}\n`);
  process.stderr.write(`\nwrote ${json}\nwrote ${md}\n`);
  killAll();
  process.exitCode = failed ? 1 : 0;
}

main().catch((error: unknown) => {
  console.error(error);
  killAll();
  process.exit(1);
});
