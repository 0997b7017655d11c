/**
 * Scenario: people joining a big board at once. A ~10 MB board (`BENCH_COLD_MB`) is opened by
 * 20 clients at the same moment, round after round, with one small edit before each round so the
 * cached state is stale again. Counts the full-state encodes each round costs (`/metrics`
 * `state_encodes_total`; target: one for the 20, not twenty) and measures the relay of an
 * ordinary 50-reader board meanwhile, against the same run without joins (target: p99 ≤ 1.5×).
 * Ours only: the reference has no such counter, and its own p99 is not what the target is about.
 */
import * as Y from 'yjs';
import type { BenchConfig } from '../lib/config.ts';
import { generatedBoard } from '../lib/boards.ts';
import { judged, row, type ScenarioResult } from '../lib/results.ts';
import { median, sleep } from '../lib/stats.ts';
import type { Target } from '../lib/targets.ts';
import { WireClient } from '../lib/wire.ts';
import { alongside } from './alongside.ts';

const READERS = 50;
const JOINERS = 20;

interface JoinLoad {
  rounds: number;
  encodesPerRound: number;
  joinMs: number;
}

/** Rounds of 20 simultaneous joins of a big board until stopped. */
async function joinLoop(target: Target, megabytes: number): Promise<() => Promise<JoinLoad>> {
  const cards = 1_000;
  const big = await target.newBoard(
    generatedBoard(cards, Math.round((megabytes * 1024 * 1024) / cards / 1.27)),
  );
  const doc = new Y.Doc();
  const editor = new WireClient(big.editorUrl, { doc });
  await editor.synced();
  const encodes = async () => (await target.metrics()).state_encodes_total ?? NaN;
  const perRound: number[] = [];
  const times: number[] = [];
  let running = true;
  const loop = (async () => {
    for (let round = 0; running; round++) {
      doc.getText('bench-join').insert(0, `${round} `);
      await sleep(100); // the edit reaches the server: the cached state is stale
      const before = await encodes();
      const t = performance.now();
      const joiners = Array.from({ length: JOINERS }, () => new WireClient(big.viewerUrl));
      await Promise.all(joiners.map((j) => j.synced()));
      times.push(performance.now() - t);
      await Promise.all(joiners.map((j) => j.close()));
      perRound.push((await encodes()) - before);
    }
  })();
  return async () => {
    running = false;
    await loop;
    await editor.close();
    doc.destroy();
    return { rounds: perRound.length, encodesPerRound: median(perRound), joinMs: median(times) };
  };
}

export async function bigJoin(cfg: BenchConfig): Promise<ScenarioResult> {
  const runs = await alongside(
    cfg,
    'join',
    READERS,
    (target) => joinLoop(target, cfg.coldBigMB),
    { rounds: 0, encodesPerRound: NaN, joinMs: NaN },
    (l) =>
      `${JOINERS} joining: ${l.rounds} rounds, ${l.encodesPerRound} encodes/round, ${l.joinMs.toFixed(0)} ms/round`,
  );
  const of = (joining: boolean, key: keyof (typeof runs)[number]) =>
    median(runs.filter((r) => r.busy === joining).map((r) => r[key] as number));
  const big = `~${cfg.coldBigMB} MB board`;
  return {
    name: 'join',
    rows: [
      judged(
        {
          scenario: `${JOINERS} join a ${big} at once: full-state encodes per round`,
          unit: '',
          ours: of(true, 'encodesPerRound'),
          target: `1 (not ${JOINERS})`,
        },
        (r) => r.ours <= 1,
      ),
      row({
        scenario: `${JOINERS} join a ${big} at once: time until all have it`,
        unit: 'ms',
        ours: of(true, 'joinMs'),
      }),
      judged(
        {
          scenario: `${READERS}-reader board while ${JOINERS} join a ${big}: relay p99 (reference column: same run without joins)`,
          unit: 'ms',
          ours: of(true, 'p99'),
          reference: of(false, 'p99'),
          target: '≤ 1.5× without',
        },
        (r) => (r.ratio ?? Infinity) <= 1.5,
      ),
      row({
        scenario: `${READERS}-reader board while ${JOINERS} join a ${big}: delivered`,
        unit: '%',
        ours: of(true, 'delivered') * 100,
        reference: of(false, 'delivered') * 100,
        ratio: NaN,
      }),
    ],
    raw: runs,
    notes: [
      `${cfg.reps} repetition(s), alternating alone / with joins, each on a fresh server; ` +
        `${cfg.fanoutWarmupMs / 1000} s warm-up + ${cfg.fanoutMeasureMs / 1000} s measured; medians. ` +
        `Each round: one small edit to the big board, then ${JOINERS} new connections at once, each until its sync step 2 arrived.`,
    ],
  };
}
