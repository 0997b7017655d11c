/**
 * The U.S.–Japan seed board: valid BoardJSON, every card cites an existing endnote, every
 * friction links existing cards on both sides, every endnote is used, and its prose is the
 * board's own (no eight-word run copied from the essay, when the essay is beside the repo).
 */
import { describe, expect, it } from 'vitest';
import fs from 'node:fs';
import { fromYDoc, parseBoardJson, toYDoc } from '../../../shared/board/index.ts';

const raw: unknown = JSON.parse(fs.readFileSync('seeds/us-japan-economic-security.json', 'utf8'));
const seed = parseBoardJson(raw);

describe('the U.S.–Japan seed board', () => {
  it('validates as BoardJSON v1 and is stored in display order', () => {
    expect(seed.template).toBe('us-japan-economic-security');
    expect(fromYDoc(toYDoc(seed), seed.id)).toEqual(raw);
  });

  it('has the U.S., Japan and joint columns and the essay’s themes', () => {
    const countries = seed.columns.map((c) => c.country);
    expect(countries.slice(0, 3)).toEqual(['US', 'JP', 'US-JP']);
    expect(seed.rows.length).toBeGreaterThanOrEqual(6);
    for (const row of seed.rows) expect(row.summary.length).toBeGreaterThan(80);
    expect(seed.cards.length).toBeGreaterThanOrEqual(30);
    for (const columnId of ['us', 'jp', 'joint'])
      expect(seed.cards.filter((c) => c.columnId === columnId).length).toBeGreaterThan(5);
  });

  it('every card cites at least one existing source', () => {
    const sources = new Set(seed.sources.map((s) => s.id));
    for (const card of seed.cards) {
      expect(card.sourceIds.length, card.id).toBeGreaterThan(0);
      for (const sid of card.sourceIds) expect(sources.has(sid), `${card.id} → ${sid}`).toBe(true);
    }
  });

  it('labels sources as the essay does and cites every one of them', () => {
    seed.sources.forEach((s, i) => expect(s.label).toBe(`[${i + 1}]`));
    const cited = new Set(seed.cards.flatMap((c) => c.sourceIds));
    for (const s of seed.sources) expect(cited.has(s.id), `${s.label} is never cited`).toBe(true);
  });

  it('every friction links existing cards on both sides', () => {
    expect(seed.frictions.length).toBeGreaterThanOrEqual(5);
    const cards = new Map(seed.cards.map((c) => [c.id, c]));
    const country = new Map(seed.columns.map((c) => [c.id, c.country]));
    for (const f of seed.frictions) {
      const sides = new Set(f.cardIds.map((id) => country.get(cards.get(id)!.columnId)));
      for (const id of f.cardIds) expect(cards.has(id), `${f.id} → ${id}`).toBe(true);
      expect(sides.has('US') || sides.has('US-JP'), f.id).toBe(true);
      expect(sides.has('JP') || sides.has('US-JP'), f.id).toBe(true);
    }
  });

  const essayDir = '../shared/seeds';
  const essayFile = fs.existsSync(essayDir)
    ? fs.readdirSync(essayDir).find((f) => f.endsWith('.txt'))
    : undefined;
  it.runIf(essayFile)('copies no eight-word run of the essay into its prose', () => {
    const words = (s: string) =>
      s
        .toLowerCase()
        .replace(/[’'"“”‘]/g, '')
        .split(/[^\p{L}\p{N}$%.]+/u)
        .filter(Boolean);
    const essay = words(fs.readFileSync(`${essayDir}/${essayFile}`, 'utf8')).join(' ');
    const prose = [
      seed.title,
      ...seed.rows.flatMap((r) => [r.title, r.summary]),
      ...seed.cards.flatMap((c) => [c.title, c.body]),
      ...seed.frictions.flatMap((f) => [f.title, f.body]),
    ];
    const copied: string[] = [];
    for (const text of prose) {
      const w = words(text);
      for (let i = 0; i + 8 <= w.length; i++) {
        const run = w.slice(i, i + 8).join(' ');
        if (essay.includes(run)) copied.push(run);
      }
    }
    expect(copied).toEqual([]);
  });
});
