/**
 * Times the brief exports in a process of their own (so memory numbers are theirs alone):
 * the seed board and a generated 1,000-card board, PDF and Markdown, the first (cold) call
 * and the median of warm calls, output size and the process's peak RSS. Prints JSON.
 */
import { performance } from 'node:perf_hooks';
import { briefToMarkdown, briefToPdf } from '../../../server/export/index.ts';
import { loadTemplate } from '../../../server/boards/templates.ts';
import type { BoardJSON } from '../../../shared/board/index.ts';
import { generatedBoard } from '../lib/boards.ts';

const runs = Number(process.argv[2] ?? 5);
const options = {
  boardUrl: 'http://127.0.0.1:3000/b/bench',
  participants: ['Aiko', 'Ben', 'Chie'],
  includeComments: true,
  date: '2025-01-15',
};

interface Measured {
  coldMs: number;
  warmMs: number;
  bytes: number;
  peakRssMB: number;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

async function measure(render: () => Promise<Buffer | string>): Promise<Measured> {
  let t = performance.now();
  const first = await render();
  const coldMs = performance.now() - t;
  const warm: number[] = [];
  for (let i = 0; i < runs; i++) {
    t = performance.now();
    await render();
    warm.push(performance.now() - t);
  }
  return {
    coldMs,
    warmMs: median(warm),
    bytes: typeof first === 'string' ? Buffer.byteLength(first) : first.length,
    peakRssMB: process.resourceUsage().maxRSS / 1024,
  };
}

const boards: [string, BoardJSON][] = [
  ['seed', loadTemplate('us-japan-economic-security')],
  ['1000 cards', generatedBoard(1000, 300)],
];
const out: Record<string, Measured> = {};
for (const [name, board] of boards) {
  out[`pdf ${name}`] = await measure(() => briefToPdf(board, options));
  out[`md ${name}`] = await measure(async () => briefToMarkdown(board, options));
}
process.stdout.write(JSON.stringify(out));
