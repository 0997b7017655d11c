/**
 * Generated boards for the size scenarios: N cards spread over the seed's columns and a
 * handful of rows, with deterministic word salad (a fixed-seed PRNG), so every run and both
 * servers load byte-for-byte comparable content.
 */
import { parseBoardJson, type BoardJSON } from '../../../shared/board/index.ts';

const WORDS = (
  'export controls screening subsidy semiconductor supply chain resilience alliance ' +
  'investment critical minerals outbound review dual-use technology standards research ' +
  'security clearance procurement battery quantum cloud data localisation sanctions ' +
  '経済安全保障 半導体 補助金 輸出管理 サプライチェーン 先端技術 重要物資 基金'
).split(' ');

function prng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function words(rand: () => number, chars: number): string {
  let out = '';
  while (out.length < chars) out += (out ? ' ' : '') + WORDS[Math.floor(rand() * WORDS.length)];
  return out.slice(0, chars);
}

/**
 * A board of `cards` cards whose bodies hold `bodyChars` characters each (the title adds
 * ~40). 10 rows × 3 columns; the last card of each cell cites a source.
 */
export function generatedBoard(cards: number, bodyChars: number, seed = 1): BoardJSON {
  const rand = prng(seed);
  const columns = [
    { id: 'us', label: 'United States', country: 'US' },
    { id: 'jp', label: 'Japan', country: 'JP' },
    { id: 'joint', label: 'U.S.–Japan (joint)', country: 'US-JP' },
  ];
  const rows = Array.from({ length: 10 }, (_, i) => ({
    id: `row-${i}`,
    title: `Theme ${i + 1}: ${words(rand, 30)}`,
    summary: words(rand, 200),
  }));
  const sources = Array.from({ length: 20 }, (_, i) => ({
    id: `s-${i}`,
    label: `[${i + 1}]`,
    citation: words(rand, 120),
    url: `https://example.org/source/${i}`,
  }));
  const kinds = ['promotion', 'protection', 'institution', 'partnership', 'context'] as const;
  return parseBoardJson({
    format: 'briefing-board',
    version: 1,
    id: `generated-${cards}`,
    title: `Generated board: ${cards} cards`,
    subtitle: `${bodyChars} characters per card body`,
    createdAt: '2025-01-15T00:00:00.000Z',
    columns,
    rows,
    cards: Array.from({ length: cards }, (_, i) => ({
      id: `card-${i}`,
      rowId: rows[i % rows.length].id,
      columnId: columns[Math.floor(i / rows.length) % columns.length].id,
      title: `${i + 1}. ${words(rand, 40)}`,
      body: words(rand, bodyChars),
      kind: kinds[i % kinds.length],
      year: 2000 + (i % 25),
      amount: i % 7 === 0 ? `$${i} million` : null,
      tags: [WORDS[i % 10]],
      sourceIds: i % 5 === 0 ? [sources[i % sources.length].id] : [],
    })),
    frictions: Array.from({ length: 10 }, (_, i) => ({
      id: `f-${i}`,
      title: words(rand, 40),
      body: words(rand, 300),
      severity: (['low', 'medium', 'high'] as const)[i % 3],
      status: (['open', 'managed', 'resolved'] as const)[i % 3],
      cardIds: [`card-${i}`, `card-${i + 10}`].filter((_, k) => i + k * 10 < cards),
    })),
    sources,
    comments: [],
  });
}
