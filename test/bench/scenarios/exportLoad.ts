/**
 * Scenario: a board's relay while briefs render. The fan-out of one 50-reader board is
 * measured on our server twice per repetition, alternating: once alone, once while a client
 * downloads the PDF brief of another, 1,000-card board in a loop (a new date each time, so
 * every download is a fresh render, not the cache). Target: p99 with exports ≤ 1.2× without.
 */
import type { BenchConfig } from '../lib/config.ts';
import { generatedBoard } from '../lib/boards.ts';
import { judged, row, type ScenarioResult } from '../lib/results.ts';
import { median } from '../lib/stats.ts';
import type { Target } from '../lib/targets.ts';
import { alongside } from './alongside.ts';

const READERS = 50;

/** Downloads the brief of a 1,000-card board over and over until stopped. */
async function pdfLoop(
  target: Target,
): Promise<() => Promise<{ renders: number; renderMs: number }>> {
  const big = await target.newBoard(generatedBoard(1000, 300));
  const token = new URL(big.viewerUrl).searchParams.get('token') ?? '';
  const base = `http://127.0.0.1:${target.port}/api/boards/${encodeURIComponent(big.id)}/export.pdf`;
  const download = async (n: number) => {
    const date = new Date(Date.UTC(2025, 0, 1) + n * 86_400_000).toISOString().slice(0, 10);
    const res = await fetch(`${base}?token=${encodeURIComponent(token)}&date=${date}`);
    if (res.status !== 200) throw new Error(`export.pdf: ${res.status} ${await res.text()}`);
    await res.arrayBuffer();
  };
  await download(0); // warm: fonts loaded, renderer started
  let running = true;
  const times: number[] = [];
  const loop = (async () => {
    for (let n = 1; running; n++) {
      const t = performance.now();
      await download(n);
      times.push(performance.now() - t);
    }
  })();
  return async () => {
    running = false;
    await loop;
    return { renders: times.length, renderMs: median(times) };
  };
}

export async function exportLoad(cfg: BenchConfig): Promise<ScenarioResult> {
  const runs = await alongside(
    cfg,
    'exportload',
    READERS,
    pdfLoop,
    { renders: 0, renderMs: NaN },
    (b) => `${b.renders} PDF renders, median ${b.renderMs.toFixed(0)} ms`,
  );
  const of = (exporting: boolean, key: keyof (typeof runs)[number]) =>
    median(runs.filter((r) => r.busy === exporting).map((r) => r[key] as number));
  const label = `${READERS}-reader board while 1,000-card PDFs render in a loop`;
  return {
    name: 'exportload',
    rows: [
      judged(
        {
          scenario: `${label}: relay p99 (reference column: same run without exports)`,
          unit: 'ms',
          ours: of(true, 'p99'),
          reference: of(false, 'p99'),
          target: '≤ 1.2× without',
        },
        (r) => (r.ratio ?? Infinity) <= 1.2,
      ),
      row({
        scenario: `${label}: relay p50 (vs without)`,
        unit: 'ms',
        ours: of(true, 'p50'),
        reference: of(false, 'p50'),
      }),
      row({
        scenario: `${label}: delivered`,
        unit: '%',
        ours: of(true, 'delivered') * 100,
        reference: of(false, 'delivered') * 100,
        ratio: NaN,
      }),
      row({ scenario: `${label}: PDFs rendered per run`, unit: '', ours: of(true, 'renders') }),
      row({ scenario: `${label}: time per PDF download`, unit: 'ms', ours: of(true, 'renderMs') }),
    ],
    raw: runs,
    notes: [
      `${cfg.reps} repetition(s), alternating alone / with exports, each on a fresh server; ` +
        `${cfg.fanoutWarmupMs / 1000} s warm-up + ${cfg.fanoutMeasureMs / 1000} s measured; medians. ` +
        'The PDF client downloads one brief after another (a new ?date= each time, so none comes from the cache).',
    ],
  };
}
