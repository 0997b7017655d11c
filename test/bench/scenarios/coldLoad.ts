/**
 * Scenario 3, cold load: a 1,000-card board and a ~10 MB board are stored, the server is
 * restarted (nothing in memory), and a new client connects. We time the first frame, the
 * arrival of the frame that completes the content, and the client having applied it — ours
 * (SQLite) against the reference with its LevelDB persistence. The reference answers before
 * its load finishes (an empty step 2, the content later as an update), hence "content" and
 * not just "step 2".
 */
import fs from 'node:fs';
import * as Y from 'yjs';
import { boardTypes, toYDoc, type BoardJSON } from '../../../shared/board/index.ts';
import type { BenchConfig } from '../lib/config.ts';
import { generatedBoard } from '../lib/boards.ts';
import { judged, row, type Row, type ScenarioResult } from '../lib/results.ts';
import { median, mb, nowUs, sleep } from '../lib/stats.ts';
import {
  onTarget,
  startTarget,
  tempDir,
  type BenchBoard,
  type TargetKind,
} from '../lib/targets.ts';
import { WireClient } from '../lib/wire.ts';

interface ColdRun {
  kind: TargetKind;
  board: string;
  rep: number;
  firstFrameMs: number;
  contentArrivedMs: number;
  contentAppliedMs: number;
  bytesReceived: number;
  serverRssMB: number;
}

async function connectCold(url: string, cards: number, timeoutMs: number) {
  const doc = new Y.Doc();
  const cardsMap = boardTypes(doc).cards;
  const t0 = nowUs();
  let arrived = NaN;
  let applied = NaN;
  let done!: () => void;
  const complete = new Promise<void>((resolve) => (done = resolve));
  const client = new WireClient(url, {
    doc,
    onPayload: (_payload, _kind, at) => {
      if (Number.isNaN(arrived) && cardsMap.size >= cards) {
        arrived = at;
        applied = nowUs();
        done();
      }
    },
  });
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      complete,
      new Promise<never>((_, reject) => {
        timer = setTimeout(
          () =>
            reject(
              new Error(
                `content incomplete after ${timeoutMs} ms (${cardsMap.size}/${cards} cards)`,
              ),
            ),
          timeoutMs,
        );
      }),
    ]);
  } finally {
    clearTimeout(timer);
    await client.close();
    doc.destroy();
  }
  return {
    firstFrameMs: (client.firstFrameAt - t0) / 1000,
    contentArrivedMs: (arrived - t0) / 1000,
    contentAppliedMs: (applied - t0) / 1000,
    bytesReceived: client.bytesReceived,
  };
}

async function measure(
  kind: TargetKind,
  name: string,
  board: BoardJSON,
  reps: number,
): Promise<{ runs: ColdRun[]; stateBytes: number }> {
  const dir = tempDir(`cold-${kind}`);
  const runs: ColdRun[] = [];
  const stateBytes = Y.encodeStateAsUpdate(toYDoc(board)).length;
  try {
    const opts = kind === 'ours' ? { dataDir: dir } : { persistDir: dir };
    let created: BenchBoard;
    {
      const target = await startTarget(kind, opts);
      try {
        created = await target.newBoard(board);
        await sleep(kind === 'reference' ? 2_000 : 200); // LevelDB writes asynchronously
      } finally {
        await target.stop();
      }
    }
    for (let rep = 0; rep < reps; rep++) {
      const target = await startTarget(kind, opts);
      try {
        await sleep(300);
        const r = await connectCold(
          onTarget(created, target).viewerUrl,
          board.cards.length,
          60_000,
        );
        runs.push({ kind, board: name, rep, ...r, serverRssMB: mb(target.usage().rssBytes) });
      } finally {
        await target.stop();
      }
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
  return { runs, stateBytes };
}

export async function coldLoad(cfg: BenchConfig): Promise<ScenarioResult> {
  // ~10 MB: bodies sized so cards × body ≈ the wanted size.
  const bigCards = 1_000;
  const boards: [string, BoardJSON][] = [
    [`${cfg.coldCards}-card board`, generatedBoard(cfg.coldCards, 300)],
    [
      `~${cfg.coldBigMB} MB board`,
      generatedBoard(bigCards, Math.round((cfg.coldBigMB * 1024 * 1024) / bigCards / 1.27)),
    ],
  ];
  const rows: Row[] = [];
  const raw: unknown[] = [];
  const notes: string[] = [];
  for (const [name, board] of boards) {
    const all: ColdRun[] = [];
    let stateBytes = 0;
    // A B A B: each "measure" is several cold starts of one server on its own store.
    for (let rep = 0; rep < Math.max(1, Math.min(cfg.reps, 2)); rep++) {
      for (const kind of ['ours', 'reference'] as const) {
        const m = await measure(kind, name, board, cfg.coldReps);
        stateBytes = m.stateBytes;
        all.push(...m.runs);
        for (const r of m.runs)
          process.stderr.write(
            `[coldload] ${kind} ${name}: first frame ${r.firstFrameMs.toFixed(0)} ms, content ${r.contentArrivedMs.toFixed(0)} ms, ` +
              `applied ${r.contentAppliedMs.toFixed(0)} ms, ${(r.bytesReceived / 1e6).toFixed(2)} MB\n`,
          );
      }
    }
    raw.push({ name, stateBytes, runs: all });
    const of = (kind: TargetKind, key: keyof ColdRun) =>
      median(all.filter((r) => r.kind === kind).map((r) => r[key] as number));
    const pair = (key: keyof ColdRun) => ({
      ours: of('ours', key),
      reference: of('reference', key),
    });
    const label = `cold load, ${name} (${mb(stateBytes).toFixed(1)} MB state)`;
    const big = name.includes('MB');
    rows.push(
      big
        ? judged(
            {
              scenario: `${label}: first sync message`,
              unit: 'ms',
              ...pair('firstFrameMs'),
              target: '≤ 3,000 ms',
            },
            (r) => r.ours <= 3000,
          )
        : row({ scenario: `${label}: first sync message`, unit: 'ms', ...pair('firstFrameMs') }),
    );
    rows.push(
      big
        ? judged(
            {
              scenario: `${label}: content received`,
              unit: 'ms',
              ...pair('contentArrivedMs'),
              target: '≤ 3,000 ms',
            },
            (r) => r.ours <= 3000,
          )
        : row({ scenario: `${label}: content received`, unit: 'ms', ...pair('contentArrivedMs') }),
    );
    rows.push(
      row({
        scenario: `${label}: content applied by the client`,
        unit: 'ms',
        ...pair('contentAppliedMs'),
      }),
    );
  }
  notes.push(
    'Each figure is the median of cold starts (a new server process per connection; the OS page cache stays warm). ' +
      "Time is from the client's connect call. The reference sends its first messages before its LevelDB load " +
      'finishes (an empty step 2), so its "first sync message" says little; "content received" is comparable.',
  );
  return { name: 'coldload', rows, raw, notes };
}
