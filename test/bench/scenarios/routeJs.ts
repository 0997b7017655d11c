/**
 * The board route's JavaScript against its budget (issue 14: within 150 KB gzip): the seed
 * board opened in headless Chromium with an editor's and with a facilitator's link, every
 * script the page loads until the network is idle gzipped on its own and summed — what a
 * person's browser downloads before the board works (lazily loaded panels count once they
 * load). Only our server and the system's Chromium; none of the servers we compare with.
 * Needs `web/build`; otherwise a TODO row.
 */
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import type { BenchConfig } from '../lib/config.ts';
import { ROOT, track } from '../lib/procs.ts';
import { judged, row, type Row, type ScenarioResult } from '../lib/results.ts';
import { startServer } from '../../helpers/server.ts';
import { BROWSER_ARGS, findBrowser } from '../../helpers/browser.ts';

export const ROUTE_JS_BUDGET_KB = 150;
const ROLES = ['editor', 'facilitator'] as const;
const CONNECTED = '[data-connection][data-state="connected"]';

interface Loaded {
  scripts: { url: string; bytes: number; gzip: number }[];
}

function todo(note: string): ScenarioResult {
  return {
    name: 'routejs',
    rows: [{ scenario: 'board route JS (gzip)', ours: NaN, unit: '', note: `TODO: ${note}` }],
    raw: null,
    notes: [],
  };
}

export async function routeJs(_cfg: BenchConfig): Promise<ScenarioResult> {
  if (!fs.existsSync(path.join(ROOT, 'web/build/handler.js')))
    return todo('web/build does not exist (npm run build)');
  const executablePath = findBrowser();
  if (!executablePath) return todo('no Chromium found (CHROME_PATH or /usr/bin/chromium)');
  const { chromium } = await import('playwright-core');
  const server = await startServer({ env: { LOG_LEVEL: 'error' } });
  track(server.process);
  const browser = await chromium.launch({ executablePath, args: BROWSER_ARGS, headless: true });
  try {
    const board = await server.createBoard({ template: 'us-japan-economic-security' });
    const loaded: Record<string, Loaded> = {};
    for (const role of ROLES) {
      const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
      await context.addInitScript(() => localStorage.setItem('bb.name', 'Bench'));
      const page = await context.newPage();
      const bodies: Promise<{ url: string; bytes: number; gzip: number } | null>[] = [];
      page.on('response', (res) => {
        if (res.request().resourceType() !== 'script') return;
        bodies.push(
          res.body().then(
            (b) => ({ url: res.url(), bytes: b.length, gzip: zlib.gzipSync(b).length }),
            () => null,
          ),
        );
      });
      await page.goto(`${server.baseUrl}/b/${board.id}?token=${board.tokens[role]}`);
      await page.waitForSelector(CONNECTED, { timeout: 60_000 });
      await page.waitForSelector('[data-card-id]', { timeout: 60_000 });
      await page.waitForLoadState('networkidle');
      const scripts = (await Promise.all(bodies)).filter((s) => s !== null);
      loaded[role] = { scripts };
      await context.close();
    }
    const rows: Row[] = [];
    for (const role of ROLES) {
      const { scripts } = loaded[role];
      const gzip = scripts.reduce((n, s) => n + s.gzip, 0) / 1024;
      const raw = scripts.reduce((n, s) => n + s.bytes, 0) / 1024;
      rows.push(
        judged(
          {
            scenario: `board route JS (gzip), ${role}: ${scripts.length} scripts, ${Math.round(raw)} KB raw`,
            unit: 'KB',
            ours: gzip,
            target: `≤ ${ROUTE_JS_BUDGET_KB} KB`,
          },
          (r) => r.ours <= ROUTE_JS_BUDGET_KB,
        ),
      );
    }
    return {
      name: 'routejs',
      rows: rows.map(row),
      raw: loaded,
      notes: [
        'Each script gzipped on its own (level 6) and summed; web/build is whatever was last built.',
      ],
    };
  } finally {
    await browser.close().catch(() => {});
    await server.stop();
  }
}
