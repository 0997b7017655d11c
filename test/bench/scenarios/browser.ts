/**
 * Scenario 7, the web client in headless Chromium (playwright-core, the system browser, never
 * a downloaded one): time until the seed board is interactive (connected and its cards on
 * screen), time until a 1,000-card board has rendered, frame times on that board while a Node
 * client streams 50 remote edits a second into the cards on screen (requestAnimationFrame
 * intervals and long tasks, recorded in the page). The board route's JavaScript is measured by
 * `routeJs.ts`. Needs `web/build`; otherwise TODO rows.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { BenchConfig } from '../lib/config.ts';
import { ROOT } from '../lib/procs.ts';
import { judged, row, type Row, type ScenarioResult } from '../lib/results.ts';
import { median, sleep } from '../lib/stats.ts';
import { generatedBoard } from '../lib/boards.ts';
import { startOurs } from '../lib/targets.ts';
import { BROWSER_ARGS, findBrowser } from '../../helpers/browser.ts';
import * as Y from 'yjs';
import { cardText, fromYDoc } from '../../../shared/board/index.ts';
import { WireClient } from '../lib/wire.ts';

/** The value below which a share `q` of the sorted `values` lie. */
const quantile = (sorted: readonly number[], q: number): number =>
  sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] : NaN;

const STREAM_EDITS_PER_SEC = 50;
const STREAM_MS = 6_000;

/** Frame intervals (ms) and long tasks (ms) of a page while remote edits stream in. */
async function framesUnderEdits(
  page: import('playwright-core').Page,
  editorUrl: string,
): Promise<{ frames: number[]; longTasks: number[]; edits: number }> {
  // A string, not a function: the bench runs under tsx, whose helpers would not exist in the page.
  await page.evaluate(`(() => {
    window.__frames = [];
    window.__long = [];
    let last = performance.now();
    const tick = (t) => {
      window.__frames.push(t - last);
      last = t;
      requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) window.__long.push(e.duration);
    }).observe({ type: 'longtask' });
  })()`);
  const doc = new Y.Doc();
  const writer = new WireClient(editorUrl, { doc });
  await writer.synced();
  // The first cards of the board: the ones on screen.
  const ids = fromYDoc(doc, 'bench')
    .cards.slice(0, 24)
    .map((c) => c.id);
  let edits = 0;
  const started = Date.now();
  while (Date.now() - started < STREAM_MS) {
    const text = cardText(doc, ids[edits % ids.length], 'body');
    text.insert(Math.min(text.length, 5), 'x');
    edits++;
    await sleep(1000 / STREAM_EDITS_PER_SEC);
  }
  await sleep(300);
  await writer.close();
  const { frames, long } = await page.evaluate<{ frames: number[]; long: number[] }>(
    '({ frames: window.__frames.slice(1), long: window.__long })',
  );
  return { frames, longTasks: long, edits };
}

const CONNECTED = '[data-connection][data-state="connected"]';

function todo(note: string): ScenarioResult {
  return {
    name: 'browser',
    rows: [
      { scenario: 'browser: seed board interactive', ours: NaN, unit: '', note: `TODO: ${note}` },
      {
        scenario: 'browser: 1,000-card board rendered',
        ours: NaN,
        unit: '',
        note: `TODO: ${note}`,
      },
    ],
    raw: null,
    notes: [],
  };
}

export async function browser(cfg: BenchConfig): Promise<ScenarioResult> {
  if (!fs.existsSync(path.join(ROOT, 'web/build/handler.js')))
    return todo('web/build does not exist (npm run build)');
  const executablePath = findBrowser();
  if (!executablePath) return todo('no Chromium found (CHROME_PATH or /usr/bin/chromium)');
  const { chromium } = await import('playwright-core');
  const target = await startOurs();
  const browserApp = await chromium.launch({ executablePath, args: BROWSER_ARGS, headless: true });
  try {
    const seed = await target.newBoard();
    const big = await target.newBoard(generatedBoard(1000, 300));
    const pageUrl = (wsUrl: string) => {
      const u = new URL(wsUrl.replace(/^ws:/, 'http:'));
      const id = u.pathname.split('/').pop()!;
      return `http://127.0.0.1:${target.port}/b/${id}?token=${u.searchParams.get('token')}`;
    };

    const open = async <T>(
      url: string,
      until: (page: import('playwright-core').Page) => Promise<T>,
    ) => {
      const context = await browserApp.newContext({ viewport: { width: 1440, height: 900 } });
      await context.addInitScript(() => localStorage.setItem('bb.name', 'Bench'));
      const page = await context.newPage();
      const t0 = Date.now();
      await page.goto(url, { waitUntil: 'commit' });
      const result = await until(page);
      const ms = Date.now() - t0;
      await page.waitForLoadState('networkidle').catch(() => {});
      const cards = await page.locator('[data-card-id]').count();
      await context.close();
      return { ms, cards, result };
    };

    const runs = cfg.quick ? 2 : 3;
    const seedRuns = [];
    for (let i = 0; i < runs; i++) {
      seedRuns.push(
        await open(pageUrl(seed.editorUrl), async (page) => {
          await page.waitForSelector(CONNECTED, { timeout: 60_000 });
          await page.waitForSelector('[data-card-id]', { timeout: 60_000 });
        }),
      );
    }
    const bigRuns = [];
    for (let i = 0; i < runs; i++) {
      bigRuns.push(
        await open(pageUrl(big.editorUrl), async (page) => {
          await page.waitForSelector(CONNECTED, { timeout: 60_000 });
          await page.waitForFunction(
            () => document.querySelectorAll('[data-card-id]').length >= 1000,
            undefined,
            {
              timeout: 60_000,
              polling: 50,
            },
          );
        }),
      );
    }
    const stream = await open(pageUrl(big.editorUrl), async (page) => {
      await page.waitForSelector(CONNECTED, { timeout: 60_000 });
      await page.waitForFunction(
        () => document.querySelectorAll('[data-card-id]').length >= 1000,
        undefined,
        { timeout: 60_000, polling: 50 },
      );
      await sleep(1_000);
      return framesUnderEdits(page, big.editorUrl);
    });
    const frames = [...stream.result.frames].sort((a, b) => a - b);
    const rows: Row[] = [
      row({
        scenario: 'browser: seed board interactive (connected, cards shown)',
        unit: 'ms',
        ours: median(seedRuns.map((r) => r.ms)),
      }),
      row({
        scenario: 'browser: 1,000-card board rendered (1,000 cards in the DOM)',
        unit: 'ms',
        ours: median(bigRuns.map((r) => r.ms)),
      }),
      // At 60 Hz a frame whose work fits the budget is shown at the next vsync, 16.7 ms after
      // the last; work over budget shows as a 33 ms interval (a dropped frame).
      judged(
        {
          scenario: `browser: frame interval p95, 1,000-card board, ${STREAM_EDITS_PER_SEC} remote edits/s`,
          unit: 'ms',
          ours: quantile(frames, 0.95),
          target: '< 16 ms of work (≤ 1 vsync)',
        },
        (r) => r.ours <= 17.5,
      ),
      row({
        scenario: 'browser: frames dropped (interval > 25 ms) under the edit stream',
        unit: '%',
        ours: (frames.filter((f) => f > 25).length / Math.max(1, frames.length)) * 100,
        ratio: NaN,
      }),
      row({
        scenario: 'browser: long tasks (> 50 ms) under the edit stream',
        unit: '',
        ours: stream.result.longTasks.length,
        ratio: NaN,
      }),
    ];
    return {
      name: 'browser',
      rows,
      raw: {
        seed: seedRuns.map((r) => ({ ms: r.ms, cards: r.cards })),
        big: bigRuns.map((r) => ({ ms: r.ms, cards: r.cards })),
      },
      notes: [
        `Edit stream: ${stream.result.edits} edits in ${STREAM_MS / 1000} s to the first 24 cards, from a Node y-websocket client; ` +
          `${frames.length} frames recorded (requestAnimationFrame intervals), max ${(frames[frames.length - 1] ?? NaN).toFixed(1)} ms.`,
        `Median of ${runs} loads, each in a fresh browser context (empty cache), timed from navigation start; ` +
          'headless Chromium on the same 2 cores as the server. web/build is whatever was last built.',
      ],
    };
  } finally {
    await browserApp.close().catch(() => {});
    await target.stop();
  }
}
