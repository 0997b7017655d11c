/**
 * Scenario 7, the web client in headless Chromium (playwright-core, the system browser, never
 * a downloaded one): time until the seed board is interactive (connected and its cards on
 * screen), time until a 1,000-card board has rendered, and the gzip size of the JavaScript
 * the board page loads (each script gzipped, summed). Needs `web/build`; otherwise TODO rows.
 */
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import type { BenchConfig } from '../lib/config.ts';
import { ROOT } from '../lib/procs.ts';
import { row, type Row, type ScenarioResult } from '../lib/results.ts';
import { median } from '../lib/stats.ts';
import { generatedBoard } from '../lib/boards.ts';
import { startOurs } from '../lib/targets.ts';
import { BROWSER_ARGS, findBrowser } from '../../helpers/browser.ts';

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
      { scenario: 'browser: board route JS (gzip)', ours: NaN, unit: '', note: `TODO: ${note}` },
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

    const open = async (
      url: string,
      until: (page: import('playwright-core').Page) => Promise<unknown>,
    ) => {
      const context = await browserApp.newContext({ viewport: { width: 1440, height: 900 } });
      await context.addInitScript(() => localStorage.setItem('bb.name', 'Bench'));
      const page = await context.newPage();
      const scripts: Buffer[] = [];
      page.on('response', (res) => {
        if (res.request().resourceType() === 'script')
          void res
            .body()
            .then((b) => scripts.push(b))
            .catch(() => {});
      });
      const t0 = Date.now();
      await page.goto(url, { waitUntil: 'commit' });
      await until(page);
      const ms = Date.now() - t0;
      await page.waitForLoadState('networkidle').catch(() => {});
      const cards = await page.locator('[data-card-id]').count();
      await context.close();
      return { ms, scripts, cards };
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
    const js = seedRuns[0].scripts;
    const raw = js.reduce((n, b) => n + b.length, 0);
    const gz = js.reduce((n, b) => n + zlib.gzipSync(b).length, 0);
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
      row({
        scenario: `browser: board route JS, ${js.length} scripts (gzip)`,
        unit: 'KB',
        ours: gz / 1024,
      }),
      row({ scenario: 'browser: board route JS (uncompressed)', unit: 'KB', ours: raw / 1024 }),
    ];
    return {
      name: 'browser',
      rows,
      raw: {
        seed: seedRuns.map((r) => ({ ms: r.ms, cards: r.cards })),
        big: bigRuns.map((r) => ({ ms: r.ms, cards: r.cards })),
        jsRaw: raw,
        jsGzip: gz,
      },
      notes: [
        `Median of ${runs} loads, each in a fresh browser context (empty cache), timed from navigation start; ` +
          'headless Chromium on the same 2 cores as the server. web/build is whatever was last built.',
      ],
    };
  } finally {
    await browserApp.close().catch(() => {});
    await target.stop();
  }
}
