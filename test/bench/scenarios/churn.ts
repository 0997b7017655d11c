/**
 * Scenario 5, churn: many short sessions — connect, sync, one edit, wait for its echo,
 * disconnect — spread over a few boards, 32 at a time. Each session is a new Yjs client
 * (new client id) with a cached copy of the board. Afterwards: does RSS come back to where
 * it started (after a warm-up, both measured right after a forced GC), and do the idle
 * boards unload (ours, default IDLE_UNLOAD_MS) within 30 s?
 */
import type { BenchConfig } from '../lib/config.ts';
import { gcAndMeasure, type GcMemory } from '../lib/inspector.ts';
import { LoadWorker } from '../lib/procs.ts';
import { judged, row, type Row, type ScenarioResult } from '../lib/results.ts';
import { LatencyHistogram, median, sleep, type HistogramJSON } from '../lib/stats.ts';
import { seedBoard, startTarget, type Target, type TargetKind } from '../lib/targets.ts';

interface ChurnRun {
  kind: TargetKind;
  rep: number;
  cycles: number;
  failed: number;
  perSec: number;
  p50: number;
  p99: number;
  rssChangePct: number;
  heapChangePct: number;
  unloadSeconds: number;
  start: GcMemory;
  end: GcMemory;
}

async function loaded(target: Target): Promise<number> {
  return (await target.metrics()).rooms_loaded ?? NaN;
}

async function waitUnloaded(target: Target, timeoutMs: number): Promise<number> {
  const t0 = Date.now();
  while (Date.now() - t0 < timeoutMs) {
    if ((await loaded(target)) === 0) return (Date.now() - t0) / 1000;
    await sleep(250);
  }
  return NaN;
}

async function once(
  cfg: BenchConfig,
  worker: LoadWorker,
  kind: TargetKind,
  rep: number,
): Promise<ChurnRun> {
  const target = await startTarget(kind, kind === 'reference' ? { persistDir: undefined } : {});
  try {
    const cards = seedBoard().cards.map((c) => c.id);
    const boards: { url: string; cardId: string }[] = [];
    for (let i = 0; i < cfg.churnBoards; i++) {
      const b = await target.newBoard();
      boards.push({ url: b.editorUrl, cardId: cards[i % cards.length] });
    }
    const run = (cycles: number) =>
      worker.call<{ cycles: number; failed: number; ms: number; hist: HistogramJSON }>(
        'churn.run',
        { boards, cycles, concurrency: cfg.churnConcurrency, timeLimitMs: 15 * 60_000 },
        16 * 60_000,
      );
    // Warm-up, so "start" is a server that has already served sessions.
    await run(Math.max(200, Math.round(cfg.churnCycles / 20)));
    if (kind === 'ours') await waitUnloaded(target, 60_000);
    else await sleep(2_000);
    const start = await gcAndMeasure(target.pid);
    const r = await run(cfg.churnCycles);
    const unloadSeconds = kind === 'ours' ? await waitUnloaded(target, 60_000) : NaN;
    if (kind !== 'ours') await sleep(2_000);
    const end = await gcAndMeasure(target.pid);
    const hist = new LatencyHistogram();
    hist.merge(r.hist);
    return {
      kind,
      rep,
      cycles: r.cycles,
      failed: r.failed,
      perSec: (r.cycles * 1000) / r.ms,
      p50: hist.quantileMs(0.5),
      p99: hist.quantileMs(0.99),
      rssChangePct: ((end.rss - start.rss) / start.rss) * 100,
      heapChangePct:
        ((end.heapUsed + end.external - start.heapUsed - start.external) /
          (start.heapUsed + start.external)) *
        100,
      unloadSeconds,
      start,
      end,
    };
  } finally {
    await target.stop();
  }
}

export async function churn(cfg: BenchConfig): Promise<ScenarioResult> {
  const worker = new LoadWorker('churn');
  const runs: ChurnRun[] = [];
  const reps = cfg.churnReps;
  try {
    for (let rep = 0; rep < reps; rep++) {
      for (const kind of ['ours', 'reference'] as const) {
        const r = await once(cfg, worker, kind, rep);
        runs.push(r);
        process.stderr.write(
          `[churn] ${kind}: ${r.cycles} cycles (${r.failed} failed), ${r.perSec.toFixed(0)}/s, p99 ${r.p99.toFixed(1)} ms, ` +
            `RSS ${(r.start.rss / 2 ** 20).toFixed(0)} → ${(r.end.rss / 2 ** 20).toFixed(0)} MB (${r.rssChangePct.toFixed(1)} %), ` +
            `heap ${r.heapChangePct.toFixed(1)} %, unloaded after ${r.unloadSeconds.toFixed(1)} s\n`,
        );
      }
    }
  } finally {
    await worker.stop();
  }
  const of = (kind: TargetKind, key: keyof ChurnRun) =>
    median(runs.filter((r) => r.kind === kind).map((r) => r[key] as number));
  const pair = (key: keyof ChurnRun) => ({
    ours: of('ours', key),
    reference: of('reference', key),
  });
  const label = `churn, ${cfg.churnCycles.toLocaleString('en-US')} connect/edit/disconnect cycles on ${cfg.churnBoards} boards`;
  const failed = pair('failed');
  const rows: Row[] = [
    row({ scenario: `${label}: cycles/s`, unit: '/s', ...pair('perSec') }),
    row({ scenario: `${label}: cycle time p99`, unit: 'ms', ...pair('p99') }),
    judged(
      { scenario: `${label}: failed cycles`, unit: '', ...failed, ratio: NaN, target: '0' },
      (r) => r.ours === 0,
    ),
    judged(
      {
        scenario: `${label}: RSS change, start → end`,
        unit: '%',
        ...pair('rssChangePct'),
        ratio: NaN,
        target: '≤ 5 % growth',
      },
      (r) => r.ours <= 5,
    ),
    row({
      scenario: `${label}: heap change, start → end`,
      unit: '%',
      ...pair('heapChangePct'),
      ratio: NaN,
    }),
    judged(
      {
        scenario: `${label}: idle boards unloaded after last disconnect`,
        unit: 's',
        ours: of('ours', 'unloadSeconds'),
        target: '≤ 30 s',
      },
      (r) => r.ours <= 30,
    ),
  ];
  const notes = [
    'Start = after a warm-up of 5 % of the cycles and after the boards unloaded; both ends measured right after a forced full GC. ' +
      'Ours runs with the default IDLE_UNLOAD_MS (10 s). The reference runs in memory (it never unloads a board).',
  ];
  return { name: 'churn', rows, raw: runs, notes };
}
