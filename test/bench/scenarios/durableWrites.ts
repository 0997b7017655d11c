/**
 * Scenario 4, durable writes on one board. (a) Throughput: 4 writers each keep 16 edits in
 * flight (a new one as soon as its echo returns), so the server can batch as much as it
 * likes; reported as edits acknowledged per second. (b) Typing rate: 4 writers × 20 edits/s.
 * For both: bytes the server process wrote to storage per edit (/proc/<pid>/io write_bytes:
 * WAL frames, checkpoints and compactions included) against the size of the edit's Yjs
 * update, and the growth of the store's files. The reference runs with its LevelDB
 * persistence, which writes asynchronously and never fsyncs.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import type { BenchConfig } from '../lib/config.ts';
import { LoadWorker, ROOT } from '../lib/procs.ts';
import { judged, row, type Row, type ScenarioResult } from '../lib/results.ts';
import { LatencyHistogram, median, sleep, type HistogramJSON } from '../lib/stats.ts';
import { seedBoard, startTarget, tempDir, type TargetKind } from '../lib/targets.ts';

interface Phase {
  edits: number;
  acked: number;
  seconds: number;
  perSec: number;
  updateBytesPerEdit: number;
  /** Bytes relayed (= appended to the log, for ours) per edit. */
  appendedPerEdit: number;
  /** Edits per relayed frame (how much the server batched). */
  editsPerFrame: number;
  writtenPerEdit: number;
  growthPerEdit: number;
  p50: number;
  p99: number;
  cpuSec: number;
}

interface DurableRun {
  kind: TargetKind;
  rep: number;
  max: Phase;
  typing: Phase;
}

function dirBytes(dir: string): number {
  let total = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    total += entry.isDirectory() ? dirBytes(p) : fs.statSync(p).size;
  }
  return total;
}

async function phase(
  worker: LoadWorker,
  target: Awaited<ReturnType<typeof startTarget>>,
  storeDir: string,
  args: Record<string, unknown>,
): Promise<Phase> {
  let u0 = target.usage();
  let size0 = dirBytes(storeDir);
  const started = worker.once('measure-start').then(() => {
    u0 = target.usage();
    size0 = dirBytes(storeDir);
  });
  const r = await worker.call<{
    acked: number;
    sent: number;
    bytes: number;
    relayedBytes: number;
    relayedFrames: number;
    seconds: number;
    hist: HistogramJSON;
  }>('durable.run', args);
  await started;
  await sleep(500);
  const u1 = target.usage();
  const size1 = dirBytes(storeDir);
  const hist = new LatencyHistogram();
  hist.merge(r.hist);
  return {
    edits: r.sent,
    acked: r.acked,
    seconds: r.seconds,
    perSec: r.acked / r.seconds,
    updateBytesPerEdit: r.bytes / r.sent,
    appendedPerEdit: r.relayedBytes / r.acked,
    editsPerFrame: r.acked / r.relayedFrames,
    writtenPerEdit: (u1.writeBytes - u0.writeBytes) / r.sent,
    growthPerEdit: (size1 - size0) / r.sent,
    p50: hist.quantileMs(0.5),
    p99: hist.quantileMs(0.99),
    cpuSec: u1.cpuSec - u0.cpuSec,
  };
}

async function once(
  cfg: BenchConfig,
  worker: LoadWorker,
  kind: TargetKind,
  rep: number,
): Promise<DurableRun> {
  const dir = tempDir(`durable-${kind}`);
  const target = await startTarget(kind, kind === 'ours' ? { dataDir: dir } : { persistDir: dir });
  try {
    const board = await target.newBoard();
    const cardIds = seedBoard().cards.map((c) => c.id);
    const common = { url: board.editorUrl, cardIds, writers: 4, durationMs: cfg.durableMs };
    const max = await phase(worker, target, dir, { ...common, window: 16 });
    const typing = await phase(worker, target, dir, { ...common, ratePerSec: 20 });
    return { kind, rep, max, typing };
  } finally {
    await target.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

interface StoreCost {
  appends: number;
  updateBytes: number;
  appendMsP50: number;
  appendMsP99: number;
  cpuUsPerAppend: number;
  writtenPerAppend: number;
  walFramesPerAppend: number;
  oneTransaction: { ms: number; writtenPerUpdate: number };
}

/** Our store on its own, in a child process (see load/storeCost.ts). */
function storeCost(): StoreCost {
  const out = execFileSync(
    process.execPath,
    ['--import', 'tsx', path.join(ROOT, 'test/bench/load/storeCost.ts'), '1000'],
    {
      cwd: ROOT,
      encoding: 'utf8',
      timeout: 300_000,
    },
  );
  return JSON.parse(out) as StoreCost;
}

export async function durableWrites(cfg: BenchConfig): Promise<ScenarioResult> {
  const worker = new LoadWorker('durable');
  const runs: DurableRun[] = [];
  try {
    for (let rep = 0; rep < cfg.reps; rep++) {
      for (const kind of ['ours', 'reference'] as const) {
        const r = await once(cfg, worker, kind, rep);
        runs.push(r);
        for (const [name, p] of [
          ['max', r.max],
          ['typing', r.typing],
        ] as const)
          process.stderr.write(
            `[durable] ${kind} ${name}: ${p.perSec.toFixed(0)} edits/s, update ${p.updateBytesPerEdit.toFixed(0)} B/edit, ` +
              `appended ${p.appendedPerEdit.toFixed(0)} B/edit (${p.editsPerFrame.toFixed(1)} edits/frame), ` +
              `written ${p.writtenPerEdit.toFixed(0)} B/edit, growth ${p.growthPerEdit.toFixed(0)} B/edit, ` +
              `ack p50 ${p.p50.toFixed(1)} ms p99 ${p.p99.toFixed(1)} ms, CPU ${p.cpuSec.toFixed(2)} s\n`,
          );
      }
    }
  } finally {
    await worker.stop();
  }
  const of = (kind: TargetKind, ph: 'max' | 'typing', key: keyof Phase) =>
    median(runs.filter((r) => r.kind === kind).map((r) => r[ph][key]));
  const pair = (ph: 'max' | 'typing', key: keyof Phase) => ({
    ours: of('ours', ph, key),
    reference: of('reference', ph, key),
  });
  const maxLabel = 'durable writes, 1 board, 4 writers × 16 in flight';
  const typLabel = 'durable writes, 1 board, 4 writers × 20/s';
  const update = of('ours', 'typing', 'updateBytesPerEdit');
  const rows: Row[] = [
    row({ scenario: `${maxLabel}: sustained edits/s`, unit: '/s', ...pair('max', 'perSec') }),
    row({ scenario: `${maxLabel}: echo latency p99`, unit: 'ms', ...pair('max', 'p99') }),
    row({
      scenario: `${maxLabel}: bytes written per edit`,
      unit: 'B',
      ...pair('max', 'writtenPerEdit'),
    }),
    row({
      scenario: `${typLabel}: Yjs update size per edit`,
      unit: 'B',
      ...pair('typing', 'updateBytesPerEdit'),
    }),
    judged(
      {
        scenario: `${typLabel}: bytes appended to the log per edit`,
        unit: 'B',
        ...pair('typing', 'appendedPerEdit'),
        target: `≤ 2× update (${(2 * update).toFixed(0)} B)`,
      },
      (r) => r.ours <= 2 * update,
    ),
    judged(
      {
        scenario: `${typLabel}: bytes written to disk per edit (/proc io)`,
        unit: 'B',
        ...pair('typing', 'writtenPerEdit'),
        target: `≤ 2× update (${(2 * update).toFixed(0)} B)`,
      },
      (r) => r.ours <= 2 * update,
    ),
    row({
      scenario: `${typLabel}: store file growth per edit`,
      unit: 'B',
      ...pair('typing', 'growthPerEdit'),
    }),
    row({ scenario: `${typLabel}: echo latency p99`, unit: 'ms', ...pair('typing', 'p99') }),
  ];
  const store = storeCost();
  const sLabel = 'SQLite store alone, 1 small update per appendUpdates';
  rows.push(
    row({ scenario: `${sLabel}: wall time p50`, unit: 'ms', ours: store.appendMsP50 }),
    row({
      scenario: `${sLabel}: wall time p99 (commit and fsync)`,
      unit: 'ms',
      ours: store.appendMsP99,
    }),
    row({ scenario: `${sLabel}: CPU per append`, unit: 'µs', ours: store.cpuUsPerAppend }),
    row({
      scenario: `${sLabel}: WAL pages (4 KB) per append`,
      unit: '',
      ours: store.walFramesPerAppend,
    }),
    row({
      scenario: `${sLabel}: bytes written per append`,
      unit: 'B',
      ours: store.writtenPerAppend,
    }),
    row({
      scenario: `${sLabel}: bytes written per update, ${store.appends} in one transaction`,
      unit: 'B',
      ours: store.oneTransaction.writtenPerUpdate,
    }),
  );
  const notes = [
    'Ours: SQLite WAL, one transaction per flush (updates of one tick merged; under load, every flush made during ' +
      "the previous fsync), the WAL fsynced before the relay, compaction past 500 appended updates. The store rows' " +
      'CPU includes the fsync\'s kernel time on libuv\'s thread pool; the event loop waits only for the commit. Reference: y-leveldb, asynchronous, no fsync. "Bytes written" counts what the process ' +
      'sent to storage (whole pages), not what the files grew by.',
  ];
  notes.push(
    `The store rows time SqliteBoardStore.appendUpdates directly (no server), ${store.appends} appends of a ` +
      `${store.updateBytes.toFixed(0)}-byte update each, as the server does once per flush.`,
  );
  return { name: 'durable', rows, raw: { runs, store }, notes };
}
