/**
 * Scenario 2, many boards: B boards × 3 clients, each client typing 1 update/s. Reports the
 * server CPU per loaded board, memory per loaded board (heap after a forced GC, taken over
 * the inspector, and RSS), and — for ours — whether that memory comes back once the boards
 * go idle and unload. "Content" is what the same board costs as a bare Y.Doc, measured in a
 * separate process, so "beyond its content" is the server's own per-board overhead.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import type { BenchConfig } from '../lib/config.ts';
import { gcAndMeasure, startProfiling, type GcMemory } from '../lib/inspector.ts';
import { formatSummary, summarize } from '../lib/profile.ts';
import { LoadWorker, ROOT, RssSampler } from '../lib/procs.ts';
import { judged, row, type Row, type ScenarioResult } from '../lib/results.ts';
import { LatencyHistogram, kb, median, mb, sleep, type HistogramJSON } from '../lib/stats.ts';
import {
  seedBoard,
  startTarget,
  type BenchBoard,
  type Target,
  type TargetKind,
} from '../lib/targets.ts';

const IDLE_UNLOAD_MS = 12_000;

interface BoardsRun {
  kind: TargetKind;
  rep: number;
  boards: number;
  clients: number;
  sent: number;
  receipts: number;
  p99: number;
  /** Server CPU ms per second per loaded board while typing. */
  cpuMsPerBoardSec: number;
  /** GC'd heap + external per board: loaded, clients connected. */
  heapPerBoardConnectedKB: number;
  /** GC'd heap + external per board: loaded, nobody connected (before unloading). */
  heapPerBoardIdleKB: number;
  rssPerBoardConnectedKB: number;
  rssPeakMB: number;
  /** Ours: heap after unloading minus heap before loading, per board. */
  heapLeftPerBoardKB: number;
  rssAfterUnloadMB: number;
  rssBeforeMB: number;
  unloadSeconds: number;
  memory: Record<string, GcMemory>;
}

const total = (m: GcMemory) => m.heapUsed + m.external;

async function waitLoaded(
  target: Target,
  want: (n: number) => boolean,
  timeoutMs: number,
): Promise<number> {
  const started = Date.now();
  for (;;) {
    const n = (await target.metrics()).rooms_loaded;
    if (want(n)) return (Date.now() - started) / 1000;
    if (Date.now() - started > timeoutMs) return NaN;
    await sleep(250);
  }
}

async function once(
  cfg: BenchConfig,
  workers: LoadWorker[],
  kind: TargetKind,
  rep: number,
  /** Write a CPU profile of the typing phase here. */
  profileFile?: string,
): Promise<BoardsRun> {
  const target = await startTarget(kind, { env: { IDLE_UNLOAD_MS: String(IDLE_UNLOAD_MS) } });
  try {
    const n = cfg.boards;
    const memory: Record<string, GcMemory> = {};
    memory.empty = await gcAndMeasure(target.pid);
    const rssEmpty = target.usage().rssBytes;
    const boards: BenchBoard[] = [];
    for (let i = 0; i < n; i++) boards.push(await target.newBoard());
    const cardIds = seedBoard().cards.map((c) => c.id);
    if (kind === 'ours') await waitLoaded(target, (x) => x === 0, IDLE_UNLOAD_MS + 20_000);
    // Ours: boards stored, none loaded. Reference: boards loaded (it has no store).
    memory.created = await gcAndMeasure(target.pid);
    // RSS with no board loaded: ours after creating them (stored only), the reference before.
    const rssBefore = kind === 'ours' ? target.usage().rssBytes : rssEmpty;

    const perWorker = Math.ceil(n / workers.length);
    await Promise.all(
      workers.map((w, i) =>
        w.call('boards.connect', {
          boards: boards.slice(i * perWorker, (i + 1) * perWorker).map((b, j) => ({
            url: b.editorUrl,
            cardId: cardIds[j % cardIds.length],
          })),
          clientsPerBoard: cfg.boardClients,
          firstIndex: i * perWorker * cfg.boardClients,
        }),
      ),
    );
    await Promise.all(workers.map((w) => w.call('stats.reset')));
    memory.connected = await gcAndMeasure(target.pid);
    const rssConnected = target.usage().rssBytes;

    const profiler = profileFile ? await startProfiling(target.pid) : null;
    const sampler = new RssSampler(target.pid);
    const u0 = target.usage();
    const t0 = Date.now();
    const typed = await Promise.all(
      workers.map((w) =>
        w.call<{ sent: number }>('boards.type', { ratePerSec: 1, durationMs: cfg.boardsMeasureMs }),
      ),
    );
    await sleep(1_000);
    const u1 = target.usage();
    const seconds = (Date.now() - t0) / 1000;
    const rssPeak = sampler.stop();
    if (profiler && profileFile) await profiler.stop(profileFile);
    const stats = await Promise.all(
      workers.map((w) => w.call<{ hist: HistogramJSON; receipts: number }>('stats.take')),
    );
    const hist = new LatencyHistogram();
    for (const s of stats) hist.merge(s.hist);

    await Promise.all(workers.map((w) => w.call('clients.close')));
    const closedAt = Date.now();
    await sleep(2_000);
    memory.idle = await gcAndMeasure(target.pid);
    let unloadSeconds = NaN;
    if (kind === 'ours') {
      const waited = await waitLoaded(target, (x) => x === 0, IDLE_UNLOAD_MS + 30_000);
      unloadSeconds = Number.isFinite(waited) ? (Date.now() - closedAt) / 1000 : NaN;
      await sleep(1_000);
    }
    memory.after = await gcAndMeasure(target.pid);
    const base = kind === 'ours' ? memory.created : memory.empty;
    return {
      kind,
      rep,
      boards: n,
      clients: n * cfg.boardClients,
      sent: typed.reduce((a, t) => a + t.sent, 0),
      receipts: stats.reduce((a, s) => a + s.receipts, 0),
      p99: hist.quantileMs(0.99),
      cpuMsPerBoardSec: ((u1.cpuSec - u0.cpuSec) * 1000) / seconds / n,
      heapPerBoardConnectedKB: kb((total(memory.connected) - total(base)) / n),
      heapPerBoardIdleKB: kb((total(memory.idle) - total(base)) / n),
      rssPerBoardConnectedKB: kb((rssConnected - rssBefore) / n),
      rssPeakMB: mb(rssPeak),
      heapLeftPerBoardKB: kb((total(memory.after) - total(base)) / n),
      rssAfterUnloadMB: mb(target.usage().rssBytes),
      rssBeforeMB: mb(rssBefore),
      unloadSeconds,
      memory,
    };
  } finally {
    await target.stop();
  }
}

/** Heap + external of the seed board as a bare Y.Doc (the board's "content"), per board. */
export function contentCostKB(): { heapKB: number; encodedKB: number } {
  const out = execFileSync(
    process.execPath,
    ['--expose-gc', '--import', 'tsx', path.join(ROOT, 'test/bench/load/docCost.ts')],
    { cwd: ROOT, encoding: 'utf8', timeout: 120_000 },
  );
  return JSON.parse(out) as { heapKB: number; encodedKB: number };
}

export async function manyBoards(cfg: BenchConfig): Promise<ScenarioResult> {
  const workers = [new LoadWorker('boards-a'), new LoadWorker('boards-b')];
  const runs: BoardsRun[] = [];
  const reps = cfg.quick ? 1 : cfg.reps;
  try {
    for (let rep = 0; rep < reps; rep++) {
      for (const kind of ['ours', 'reference'] as const) {
        const r = await once(cfg, workers, kind, rep);
        runs.push(r);
        process.stderr.write(
          `[boards] ${kind} rep ${rep + 1}: ${r.boards} boards, CPU ${r.cpuMsPerBoardSec.toFixed(2)} ms/board/s, ` +
            `heap/board connected ${r.heapPerBoardConnectedKB.toFixed(0)} KB, idle ${r.heapPerBoardIdleKB.toFixed(0)} KB, ` +
            `left after unload ${r.heapLeftPerBoardKB.toFixed(1)} KB, unload ${r.unloadSeconds.toFixed(1)} s, ` +
            `p99 ${r.p99.toFixed(1)} ms, delivered ${r.receipts}/${r.sent * (cfg.boardClients - 1)}\n`,
        );
      }
    }
    if (cfg.profileDir) {
      fs.mkdirSync(cfg.profileDir, { recursive: true });
      for (const kind of ['ours', 'reference'] as const) {
        const file = path.join(cfg.profileDir, `boards-${kind}-${Date.now()}.cpuprofile`);
        const r = await once(cfg, workers, kind, -1, file);
        process.stderr.write(
          `[boards] profiled ${kind}: p99 ${r.p99.toFixed(1)} ms, CPU ${r.cpuMsPerBoardSec.toFixed(2)} ms/board/s; ${file}\n` +
            `${formatSummary(summarize(file))}\n`,
        );
      }
    }
  } finally {
    await Promise.all(workers.map((w) => w.stop()));
  }
  const content = contentCostKB();
  const of = (kind: TargetKind, key: keyof BoardsRun) =>
    median(runs.filter((r) => r.kind === kind).map((r) => r[key] as number));
  const pair = (key: keyof BoardsRun) => ({
    ours: of('ours', key),
    reference: of('reference', key),
  });
  const label = `${cfg.boards} boards × ${cfg.boardClients} clients, 1 update/s each`;
  const idle = pair('heapPerBoardIdleKB');
  const rows: Row[] = [
    // Issue 18: both within 1.2× of the reference.
    judged(
      {
        scenario: `${label}: server CPU per loaded board`,
        unit: 'ms/s',
        ...pair('cpuMsPerBoardSec'),
        target: '≤ 1.2× ref',
      },
      (r) => (r.ratio ?? Infinity) <= 1.2,
    ),
    judged(
      {
        scenario: `${label}: latency p99 (typist → others)`,
        unit: 'ms',
        ...pair('p99'),
        target: '≤ 1.2× ref',
      },
      (r) => (r.ratio ?? Infinity) <= 1.2,
    ),
    row({
      scenario: `${label}: heap per loaded board, 3 clients connected`,
      unit: 'KB',
      ...pair('heapPerBoardConnectedKB'),
    }),
    row({
      scenario: `${label}: RSS per loaded board, 3 clients connected`,
      unit: 'KB',
      ...pair('rssPerBoardConnectedKB'),
    }),
    row({ scenario: `${label}: heap per idle-but-loaded board`, unit: 'KB', ...idle }),
    judged(
      {
        scenario: `${label}: idle-but-loaded board beyond its content (bare Y.Doc ${content.heapKB.toFixed(0)} KB)`,
        unit: 'KB',
        ours: idle.ours - content.heapKB,
        reference: idle.reference - content.heapKB,
        target: '≤ 50 KB',
      },
      (r) => r.ours <= 50,
    ),
    judged(
      {
        scenario: `${label}: heap left per board after idle unload`,
        unit: 'KB',
        ours: of('ours', 'heapLeftPerBoardKB'),
        target: '≈ 0 (memory returns)',
      },
      (r) => r.ours <= 5,
    ),
    row({ scenario: `${label}: server RSS peak`, unit: 'MB', ...pair('rssPeakMB') }),
  ];
  const notes = [
    `IDLE_UNLOAD_MS=${IDLE_UNLOAD_MS} for ours; all boards unloaded ${of('ours', 'unloadSeconds').toFixed(1)} s after the last client left. ` +
      'The reference (in memory) never unloads a board. Heap = heapUsed + external after two forced full GCs (inspector, SIGUSR1).',
    `Seed board content: ${content.encodedKB.toFixed(0)} KB encoded, ${content.heapKB.toFixed(0)} KB as a bare Y.Doc in memory.`,
    `RSS before loading (ours): ${of('ours', 'rssBeforeMB').toFixed(0)} MB, after unloading: ${of('ours', 'rssAfterUnloadMB').toFixed(0)} MB ` +
      '(V8 keeps freed pages; the heap numbers are the reliable ones).',
  ];
  return { name: 'boards', rows, raw: { runs, content }, notes };
}
