/**
 * Scenario 6, the brief as PDF and Markdown (`server/export/`): time for the seed board and
 * a generated 1,000-card board, cold and warm, output size and peak memory, measured in a
 * child process. There is no reference to compare with; the targets are absolute. If the
 * export module is not there yet, the scenario leaves a labelled TODO row.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import type { BenchConfig } from '../lib/config.ts';
import { ROOT } from '../lib/procs.ts';
import { judged, row, type Row, type ScenarioResult } from '../lib/results.ts';

interface Measured {
  coldMs: number;
  warmMs: number;
  bytes: number;
  peakRssMB: number;
}

export async function exports(cfg: BenchConfig): Promise<ScenarioResult> {
  if (!fs.existsSync(path.join(ROOT, 'server/export/pdf.ts'))) {
    return {
      name: 'export',
      rows: [
        {
          scenario: 'PDF/Markdown export',
          ours: NaN,
          unit: '',
          note: 'TODO: server/export/pdf.ts does not exist yet',
        },
      ],
      raw: null,
      notes: [],
    };
  }
  const out = execFileSync(
    process.execPath,
    ['--import', 'tsx', path.join(ROOT, 'test/bench/load/exportCost.ts'), String(cfg.exportRuns)],
    { cwd: ROOT, encoding: 'utf8', timeout: 600_000, maxBuffer: 16 * 1024 * 1024 },
  );
  const m = JSON.parse(out) as Record<string, Measured>;
  const rows: Row[] = [];
  for (const [name, r] of Object.entries(m)) {
    const pdf = name.startsWith('pdf');
    const seed = name.endsWith('seed');
    const label = `export ${pdf ? 'PDF' : 'Markdown'}, ${seed ? 'seed board' : '1,000-card board'}`;
    if (pdf) {
      const limit = seed ? 300 : 3000;
      rows.push(
        judged(
          {
            scenario: `${label}: warm`,
            unit: 'ms',
            ours: r.warmMs,
            target: `< ${limit.toLocaleString('en-US')} ms`,
          },
          (x) => x.ours < limit,
        ),
      );
    } else {
      rows.push(row({ scenario: `${label}: warm`, unit: 'ms', ours: r.warmMs }));
    }
    rows.push(row({ scenario: `${label}: first call (cold)`, unit: 'ms', ours: r.coldMs }));
    rows.push(row({ scenario: `${label}: output size`, unit: 'MB', ours: r.bytes / 2 ** 20 }));
  }
  const peak = Math.max(...Object.values(m).map((r) => r.peakRssMB));
  rows.push(row({ scenario: 'export: peak RSS of the exporting process', unit: 'MB', ours: peak }));
  return {
    name: 'export',
    rows,
    raw: m,
    notes: [
      `Warm = median of ${cfg.exportRuns} calls after the first, in-process (no HTTP), in a child process of its own. ` +
        'The cold call includes loading and subsetting the Noto Sans JP font.',
    ],
  };
}
