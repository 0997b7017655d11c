/**
 * Where the numbers go: one row per measured quantity (scenario, ours, reference, ratio,
 * target, whether the target was met), printed as a Markdown table and written to
 * `bench-results/<timestamp>.json` and `bench-results/latest.md` with the run's context
 * (machine, load, sizes, caveats), so two runs can be compared later.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ROOT } from './procs.ts';
import { fmt } from './stats.ts';

export type Verdict = 'met' | 'MISSED' | '';

export interface Row {
  scenario: string;
  ours: number;
  reference?: number;
  unit: string;
  /** ours / reference, computed when both are numbers; NaN to show none (a change in %). */
  ratio?: number;
  /** Human-readable target, e.g. "≤ 0.8× ref". */
  target?: string;
  verdict?: Verdict;
  /** Free text for a cell that is not a number (a TODO, a skipped scenario). */
  note?: string;
}

export interface ScenarioResult {
  name: string;
  rows: Row[];
  /** Everything measured, per repetition, for the JSON file. */
  raw: unknown;
  notes: string[];
}

export class Results {
  readonly startedAt = new Date();
  readonly scenarios: ScenarioResult[] = [];
  readonly context: Record<string, unknown>;

  constructor(context: Record<string, unknown>) {
    this.context = {
      ...context,
      node: process.version,
      cpus: os.cpus().length,
      cpuModel: os.cpus()[0]?.model,
      memGiB: Math.round(os.totalmem() / 2 ** 30),
      loadAvgAtStart: os.loadavg(),
    };
  }

  add(result: ScenarioResult): void {
    this.scenarios.push(result);
    process.stdout.write(`\n${table(result.rows)}\n`);
    for (const note of result.notes) process.stdout.write(`  note: ${note}\n`);
  }

  markdown(): string {
    const rows = this.scenarios.flatMap((s) => s.rows);
    const notes = this.scenarios.flatMap((s) => s.notes.map((n) => `- ${s.name}: ${n}`));
    const ctx = this.context;
    return [
      `# Benchmark ${this.startedAt.toISOString()}`,
      '',
      `Node ${String(ctx.node)}, ${String(ctx.cpus)} × ${String(ctx.cpuModel)}, ${String(ctx.memGiB)} GiB; ` +
        `mode: ${String(ctx.mode)}; reference: y-websocket@${String(ctx.referenceVersion)} bin/server.cjs; ` +
        `load average at start: ${(ctx.loadAvgAtStart as number[]).map((n) => n.toFixed(2)).join(' ')}.`,
      '',
      table(rows),
      '',
      ...(notes.length ? ['Notes:', '', ...notes, ''] : []),
    ].join('\n');
  }

  write(): { json: string; md: string } {
    const dir = path.join(ROOT, 'bench-results');
    fs.mkdirSync(dir, { recursive: true });
    const stamp = this.startedAt.toISOString().replace(/[:.]/g, '-');
    const json = path.join(dir, `${stamp}.json`);
    const md = path.join(dir, 'latest.md');
    fs.writeFileSync(
      json,
      JSON.stringify(
        {
          startedAt: this.startedAt.toISOString(),
          finishedAt: new Date().toISOString(),
          context: this.context,
          scenarios: this.scenarios,
        },
        null,
        2,
      ),
    );
    fs.writeFileSync(md, this.markdown());
    return { json, md };
  }
}

export function row(r: Row): Row {
  const ratio =
    r.reference !== undefined && Number.isFinite(r.reference) && r.reference !== 0
      ? r.ours / r.reference
      : undefined;
  return { ...r, ratio: r.ratio ?? ratio };
}

/** A row whose target is checked: `ok` decides the verdict. */
export function judged(r: Row, ok: (r: Row) => boolean): Row {
  const withRatio = row(r);
  return {
    ...withRatio,
    verdict: Number.isFinite(withRatio.ours) && ok(withRatio) ? 'met' : 'MISSED',
  };
}

export function table(rows: readonly Row[]): string {
  const head = ['scenario', 'ours', 'reference', 'ratio (ours/ref)', 'target', 'met?'];
  const lines = [
    `| ${head.join(' | ')} |`,
    `| ${head.map((h, i) => (i === 0 ? ':--' : '--:')).join(' | ')} |`,
  ];
  for (const r of rows) {
    const cells = r.note
      ? [r.scenario, r.note, '', '', r.target ?? '', r.verdict ?? '']
      : [
          r.scenario,
          fmt(r.ours, r.unit),
          r.reference === undefined ? '—' : fmt(r.reference, r.unit),
          r.ratio === undefined || !Number.isFinite(r.ratio) ? '—' : `${fmt(r.ratio)}×`,
          r.target ?? '',
          r.verdict ?? '',
        ];
    lines.push(`| ${cells.map((c) => c.replace(/\|/g, '\\|')).join(' | ')} |`);
  }
  return lines.join('\n');
}
