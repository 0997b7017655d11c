/**
 * Scenario 1, fan-out on one board: N lean readers and a few writers typing markers at a
 * fixed rate; end-to-end latency from a writer's send to each reader's receipt, the share
 * delivered, server CPU per delivered update (one update reaching one reader), server RSS.
 * Readers live in two worker processes, writers in a third; servers alternate A B A B, each
 * run on a freshly started server, and the table shows medians over repetitions.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { BenchConfig } from '../lib/config.ts';
import { formatSummary, summarize } from '../lib/profile.ts';
import { startProfiling } from '../lib/inspector.ts';
import { LoadWorker, RssSampler, loadAverage } from '../lib/procs.ts';
import { judged, row, type Row, type ScenarioResult } from '../lib/results.ts';
import { LatencyHistogram, median, mb, sleep, type HistogramJSON } from '../lib/stats.ts';
import {
  HOCUSPOCUS_VERSION,
  seedBoard,
  startTarget,
  type Target,
  type TargetKind,
} from '../lib/targets.ts';

export interface FanoutRun {
  kind: TargetKind;
  /** Ours: the DURABILITY it ran with. */
  durability?: 'fsync' | 'os';
  readers: number;
  rep: number;
  sent: number;
  expected: number;
  receipts: number;
  duplicates: number;
  outOfOrder: number;
  delivered: number;
  p50: number;
  p99: number;
  max: number;
  serverCpuSec: number;
  /** Server CPU µs per delivered update. */
  cpuUsPerDelivery: number;
  rssPeakMB: number;
  seconds: number;
  readerCpuShare: number;
  readerEldP99Ms: number;
  writerCpuShare: number;
  loadAvg: number;
  connectMs: number;
  /** Ours: updates relayed per broadcast frame (how much one tick merged). */
  updatesPerFrame: number;
}

interface Stats {
  hist: HistogramJSON;
  receipts: number;
  duplicates: number;
  outOfOrder: number;
  eldP99Ms: number;
  cpuSec: number;
}

/**
 * Work a scenario runs on the server during a fan-out measurement (started once the readers
 * are connected, stopped after the drain): returns its stop function.
 */
export type Background = (target: Target) => Promise<() => Promise<void>>;

export interface FanoutWorkers {
  readers: LoadWorker[];
  writers: LoadWorker;
}

export function startFanoutWorkers(): FanoutWorkers {
  return {
    readers: [new LoadWorker('readers-a'), new LoadWorker('readers-b')],
    writers: new LoadWorker('writers'),
  };
}

export async function stopWorkers(w: FanoutWorkers): Promise<void> {
  await Promise.all([...w.readers, w.writers].map((x) => x.stop()));
}

export async function fanoutOnce(
  cfg: BenchConfig,
  workers: FanoutWorkers,
  kind: TargetKind,
  readers: number,
  rep: number,
  env: Record<string, string> = {},
  /** Write a CPU profile of the server's measured window here. */
  profileFile?: string,
  background?: Background,
): Promise<FanoutRun> {
  const target = await startTarget(kind, { env });
  try {
    const board = await target.newBoard();
    const cardIds = seedBoard().cards.map((c) => c.id);
    const t0 = Date.now();
    const parts = workers.readers.map((_, i) =>
      Array.from(
        {
          length:
            Math.floor(readers / workers.readers.length) +
            (i < readers % workers.readers.length ? 1 : 0),
        },
        () => board.viewerUrl,
      ),
    );
    const connected = await Promise.all(
      workers.readers.map((w, i) =>
        w.call<{ connected: number; failed: number }>('readers.connect', {
          urls: parts[i],
          writers: cfg.fanoutWriters,
          concurrency: 50,
        }),
      ),
    );
    const failed = connected.reduce((n, c) => n + c.failed, 0);
    if (failed) throw new Error(`${failed} readers failed to connect`);
    const connectMs = Date.now() - t0;
    const stopBackground = background ? await background(target) : null;
    await Promise.all(workers.readers.map((w) => w.call('stats.reset')));
    await sleep(500);
    const profiler = profileFile ? await startProfiling(target.pid) : null;

    let u0 = target.usage();
    let rw0: Stats[] = [];
    let writerCpu0 = 0;
    let m0: Record<string, number> = {};
    let start = Date.now();
    const sampler = new RssSampler(target.pid);
    const measureStarted = workers.writers.once('measure-start').then(async () => {
      u0 = target.usage();
      start = Date.now();
      m0 = await target.metrics();
      rw0 = await Promise.all(workers.readers.map((w) => w.call<Stats>('stats.take')));
      writerCpu0 = (await workers.writers.call<Stats>('stats.take')).cpuSec;
    });
    const { sent } = await workers.writers.call<{ sent: number }>('writers.run', {
      urls: Array.from({ length: cfg.fanoutWriters }, () => board.editorUrl),
      cardIds: cardIds.slice(0, cfg.fanoutWriters),
      firstIndex: 0,
      ratePerSec: cfg.fanoutRatePerSec,
      warmupMs: cfg.fanoutWarmupMs,
      measureMs: cfg.fanoutMeasureMs,
    });
    await measureStarted;
    const expected = sent * readers;
    // Drain: wait until every reader has every update, or 5 s.
    const drainUntil = Date.now() + 5_000;
    for (;;) {
      const got = (
        await Promise.all(workers.readers.map((w) => w.call<number>('stats.receipts')))
      ).reduce((a, b) => a + b, 0);
      if (got >= expected || Date.now() > drainUntil) break;
      await sleep(50);
    }
    const u1 = target.usage();
    const m1 = await target.metrics();
    await stopBackground?.();
    const seconds = (Date.now() - start) / 1000;
    if (profiler && profileFile) await profiler.stop(profileFile);
    const rssPeak = sampler.stop();
    const stats = await Promise.all(workers.readers.map((w) => w.call<Stats>('stats.take')));
    const writerCpu1 = (await workers.writers.call<Stats>('stats.take')).cpuSec;
    const hist = new LatencyHistogram();
    for (const s of stats) hist.merge(s.hist);
    const receipts = stats.reduce((n, s) => n + s.receipts, 0);
    const sum = hist.summary();
    const serverCpuSec = u1.cpuSec - u0.cpuSec;
    const readerCpu = stats.reduce((n, s, i) => n + s.cpuSec - (rw0[i]?.cpuSec ?? 0), 0);
    const result: FanoutRun = {
      kind,
      ...(kind === 'ours' && { durability: env.DURABILITY === 'os' ? 'os' : 'fsync' }),
      readers,
      rep,
      sent,
      expected,
      receipts,
      duplicates: stats.reduce((n, s) => n + s.duplicates, 0),
      outOfOrder: stats.reduce((n, s) => n + s.outOfOrder, 0),
      delivered: expected ? receipts / expected : NaN,
      p50: sum.p50,
      p99: sum.p99,
      max: sum.max,
      serverCpuSec,
      cpuUsPerDelivery: receipts ? (serverCpuSec * 1e6) / receipts : NaN,
      rssPeakMB: mb(rssPeak),
      seconds,
      readerCpuShare: readerCpu / seconds,
      readerEldP99Ms: Math.max(...stats.map((s) => s.eldP99Ms)),
      writerCpuShare: (writerCpu1 - writerCpu0) / seconds,
      loadAvg: loadAverage(),
      connectMs,
      updatesPerFrame:
        (m1.updates_relayed_total - m0.updates_relayed_total) /
        ((m1.frames_sent_total - m0.frames_sent_total) / (readers + cfg.fanoutWriters)),
    };
    await Promise.all([...workers.readers, workers.writers].map((w) => w.call('clients.close')));
    return result;
  } finally {
    await target.stop();
  }
}

/** One more run of ours with V8's profiler on; prints where the server's time went. */
async function profiledRun(cfg: BenchConfig, workers: FanoutWorkers, dir: string): Promise<void> {
  fs.mkdirSync(dir, { recursive: true });
  const readers = cfg.fanoutReaders.includes(500)
    ? 500
    : cfg.fanoutReaders[cfg.fanoutReaders.length - 1];
  // Ours with the first BENCH_DURABILITY (fsync unless only os is asked for).
  const durability = cfg.durability[0];
  const file = path.join(dir, `fanout-ours-${durability}-${readers}-${Date.now()}.cpuprofile`);
  const r = await fanoutOnce(cfg, workers, 'ours', readers, 0, { DURABILITY: durability }, file);
  log(
    `profiled ours N=${readers}: p99 ${r.p99.toFixed(1)} ms, ${r.cpuUsPerDelivery.toFixed(2)} µs/delivery; ${file}`,
  );
  process.stderr.write(`${formatSummary(summarize(file))}\n`);
  const refFile = path.join(dir, `fanout-reference-${readers}-${Date.now()}.cpuprofile`);
  const rr = await fanoutOnce(cfg, workers, 'reference', readers, 0, {}, refFile);
  log(
    `profiled reference N=${readers}: p99 ${rr.p99.toFixed(1)} ms, ${rr.cpuUsPerDelivery.toFixed(2)} µs/delivery; ${refFile}`,
  );
  process.stderr.write(`${formatSummary(summarize(refFile))}\n`);
}

function log(line: string): void {
  process.stderr.write(`[fanout] ${line}\n`);
}

export async function fanout(cfg: BenchConfig): Promise<ScenarioResult> {
  const workers = startFanoutWorkers();
  const runs: FanoutRun[] = [];
  try {
    for (const readers of cfg.fanoutReaders) {
      for (let rep = 0; rep < cfg.reps; rep++) {
        // Ours once per DURABILITY (fsync first, the default), then the others.
        const contenders: [TargetKind, Record<string, string>][] = [
          ...cfg.durability.map((d): [TargetKind, Record<string, string>] => [
            'ours',
            { DURABILITY: d },
          ]),
          ['reference', {}],
          ...(cfg.hocuspocus && HOCUSPOCUS_VERSION
            ? [['hocuspocus', {}] as [TargetKind, Record<string, string>]]
            : []),
        ];
        for (const [kind, env] of contenders) {
          const r = await fanoutOnce(cfg, workers, kind, readers, rep, env);
          runs.push(r);
          const who = r.durability ? `ours (${r.durability})` : kind;
          log(
            `${who} N=${readers} rep ${rep + 1}: p50 ${r.p50.toFixed(2)} ms, p99 ${r.p99.toFixed(2)} ms, ` +
              `max ${r.max.toFixed(1)} ms, delivered ${(r.delivered * 100).toFixed(2)} %, ` +
              `server CPU ${r.cpuUsPerDelivery.toFixed(2)} µs/delivery (${r.serverCpuSec.toFixed(2)} s), ` +
              `RSS ${r.rssPeakMB.toFixed(0)} MB, ${r.updatesPerFrame.toFixed(2)} updates/frame, readers CPU ${(r.readerCpuShare * 100).toFixed(0)} %, ` +
              `reader ELD p99 ${r.readerEldP99Ms.toFixed(1)} ms, load ${r.loadAvg}`,
          );
        }
      }
    }
    if (cfg.profileDir) await profiledRun(cfg, workers, cfg.profileDir);
  } finally {
    await stopWorkers(workers);
  }
  return { name: 'fanout', rows: fanoutRows(cfg, runs), raw: runs, notes: fanoutNotes(cfg, runs) };
}

export function fanoutRows(cfg: BenchConfig, runs: FanoutRun[]): Row[] {
  const rows: Row[] = [];
  for (const readers of cfg.fanoutReaders) {
    // 'ours' is the default DURABILITY=fsync; 'ours-os' the same server with DURABILITY=os.
    const of = (kind: TargetKind | 'ours-os', key: keyof FanoutRun) =>
      median(
        runs
          .filter(
            (r) =>
              r.readers === readers &&
              (kind === 'ours-os'
                ? r.durability === 'os'
                : r.kind === kind && (kind !== 'ours' || r.durability !== 'os')),
          )
          .map((r) => r[key] as number),
      );
    // Issue 18: at every size, p99 and CPU per delivered update no worse than the reference.
    const targeted = true;
    const label = `fan-out ${readers} readers, ${cfg.fanoutWriters}×${cfg.fanoutRatePerSec}/s`;
    const pair = (key: keyof FanoutRun) => ({
      ours: of('ours', key),
      reference: of('reference', key),
    });
    rows.push(row({ scenario: `${label}: latency p50`, unit: 'ms', ...pair('p50') }));
    rows.push(
      targeted
        ? judged(
            { scenario: `${label}: latency p99`, unit: 'ms', ...pair('p99'), target: '≤ 1.0× ref' },
            (r) => (r.ratio ?? Infinity) <= 1.0,
          )
        : row({ scenario: `${label}: latency p99`, unit: 'ms', ...pair('p99') }),
    );
    rows.push(row({ scenario: `${label}: latency max`, unit: 'ms', ...pair('max') }));
    const delivered = pair('delivered');
    rows.push(
      judged(
        {
          scenario: `${label}: delivered`,
          unit: '%',
          ours: delivered.ours * 100,
          reference: delivered.reference * 100,
          ratio: NaN,
          target: '100 %',
        },
        (r) => r.ours >= 100,
      ),
    );
    rows.push(
      targeted
        ? judged(
            {
              scenario: `${label}: server CPU per delivered update`,
              unit: 'µs',
              ...pair('cpuUsPerDelivery'),
              target: '≤ 1.0× ref',
            },
            (r) => (r.ratio ?? Infinity) <= 1.0,
          )
        : row({
            scenario: `${label}: server CPU per delivered update`,
            unit: 'µs',
            ...pair('cpuUsPerDelivery'),
          }),
    );
    rows.push(
      readers === 50
        ? judged(
            {
              scenario: `${label}: server RSS (peak)`,
              unit: 'MB',
              ...pair('rssPeakMB'),
              target: '≤ 1.5× ref',
            },
            (r) => (r.ratio ?? Infinity) <= 1.5,
          )
        : row({ scenario: `${label}: server RSS (peak)`, unit: 'MB', ...pair('rssPeakMB') }),
    );
    if (runs.some((r) => r.durability === 'os' && r.readers === readers)) {
      // Ours with DURABILITY=os against the same reference runs.
      const os = (key: keyof FanoutRun) => ({
        ours: of('ours-os', key),
        reference: of('reference', key),
      });
      const vs = `${label}, ours with DURABILITY=os`;
      rows.push(
        judged(
          { scenario: `${vs}: latency p99`, unit: 'ms', ...os('p99'), target: '≤ 1.0× ref' },
          (r) => (r.ratio ?? Infinity) <= 1.0,
        ),
      );
      rows.push(
        judged(
          {
            scenario: `${vs}: server CPU per delivered update`,
            unit: 'µs',
            ...os('cpuUsPerDelivery'),
            target: '≤ 1.0× ref',
          },
          (r) => (r.ratio ?? Infinity) <= 1.0,
        ),
      );
      const osDelivered = os('delivered');
      rows.push(
        judged(
          {
            scenario: `${vs}: delivered`,
            unit: '%',
            ours: osDelivered.ours * 100,
            reference: osDelivered.reference * 100,
            ratio: NaN,
            target: '100 %',
          },
          (r) => r.ours >= 100,
        ),
      );
      rows.push(
        readers === 50
          ? judged(
              {
                scenario: `${vs}: server RSS (peak)`,
                unit: 'MB',
                ...os('rssPeakMB'),
                target: '≤ 1.5× ref',
              },
              (r) => (r.ratio ?? Infinity) <= 1.5,
            )
          : row({ scenario: `${vs}: server RSS (peak)`, unit: 'MB', ...os('rssPeakMB') }),
      );
    }
    if (runs.some((r) => r.kind === 'hocuspocus' && r.readers === readers)) {
      // The same measurements against Hocuspocus: its value goes in the "reference" column.
      const versus = (key: keyof FanoutRun) => ({
        ours: of('ours', key),
        reference: of('hocuspocus', key),
      });
      const vs = `${label}, ours vs Hocuspocus 3 + SQLite`;
      rows.push(row({ scenario: `${vs}: latency p99`, unit: 'ms', ...versus('p99') }));
      rows.push(
        row({
          scenario: `${vs}: server CPU per delivered update`,
          unit: 'µs',
          ...versus('cpuUsPerDelivery'),
        }),
      );
      const hpDelivered = versus('delivered');
      rows.push(
        row({
          scenario: `${vs}: delivered`,
          unit: '%',
          ours: hpDelivered.ours * 100,
          reference: hpDelivered.reference * 100,
          ratio: NaN,
        }),
      );
      rows.push(row({ scenario: `${vs}: server RSS (peak)`, unit: 'MB', ...versus('rssPeakMB') }));
    }
  }
  return rows;
}

export function fanoutNotes(cfg: BenchConfig, runs: FanoutRun[]): string[] {
  const notes = [
    `${cfg.reps} repetition(s) per size and server, alternating ours/reference, each on a fresh server; ` +
      `${cfg.fanoutWarmupMs / 1000} s warm-up + ${cfg.fanoutMeasureMs / 1000} s measured; medians shown. ` +
      'Readers are lean y-websocket clients (no Y.Doc, no awareness) in 2 worker processes; our readers use viewer tokens. ' +
      'The reference keeps the board in memory only; ours appends every update to SQLite (fsync) before relaying it.',
  ];
  if (cfg.hocuspocus && !HOCUSPOCUS_VERSION) {
    notes.push(
      'Hocuspocus not measured: it is not installed (an optional dependency whose sqlite3 module could not be installed here).',
    );
  }
  if (runs.some((r) => r.kind === 'hocuspocus')) {
    notes.push(
      `Hocuspocus ${HOCUSPOCUS_VERSION} runs its Server with the SQLite extension (sqlite3), no hooks; it relays an ` +
        'update at once and stores the whole document state after a debounce (2 s), so a crash can lose the last ' +
        'seconds. Its clients speak its own framing (the document name before every message, an auth message first) ' +
        'and get an acknowledgement (SyncStatus) for each update they send; the bench drives it with the same lean ' +
        'client, in that framing, rather than HocuspocusProvider, so all three servers face the same load.',
    );
  }
  for (const readers of cfg.fanoutReaders) {
    const rs = runs.filter((r) => r.readers === readers);
    const clientCpu = median(rs.map((r) => r.readerCpuShare));
    const eld = Math.max(...rs.map((r) => r.readerEldP99Ms));
    const dup = rs.reduce((n, r) => n + r.duplicates + r.outOfOrder, 0);
    const merged = median(rs.filter((r) => r.kind === 'ours').map((r) => r.updatesPerFrame));
    notes.push(
      `N=${readers}: reader processes used ${(clientCpu * 100).toFixed(0)} % of a core (median), ` +
        `their event-loop delay p99 ≤ ${eld.toFixed(1)} ms; duplicates/out-of-order receipts: ${dup}; ` +
        `ours merged ${merged.toFixed(2)} updates per broadcast frame; ` +
        `load average during runs ${rs.map((r) => r.loadAvg.toFixed(1)).join(', ')}.`,
    );
  }
  return notes;
}
