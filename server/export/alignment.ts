/**
 * Alignment per theme in the brief: how aligned people rated the U.S. and Japan on each theme,
 * and how much it matters — mean, spread and how many rated — from BoardJSON's `alignment`.
 * While the facilitator covers the ratings the brief leaves them out, as the board does.
 * One sentence per theme, the same in every format. Pure.
 */
import { summarizeAlignment, type BoardJSON, type ScaleSummary } from '../../shared/board/index.ts';

export interface BriefScale {
  /** Mean score (1–5), rounded to one decimal. */
  mean: number;
  /** Population standard deviation, rounded to one decimal. */
  spread: number;
  min: number;
  max: number;
  count: number;
}

export interface BriefAlignment {
  /** People who rated the theme. */
  count: number;
  aligned: BriefScale | null;
  importance: BriefScale | null;
}

const round1 = (n: number) => Math.round(n * 10) / 10;

function scale(s: ScaleSummary | null): BriefScale | null {
  return s
    ? { mean: round1(s.mean), spread: round1(s.spread), min: s.min, max: s.max, count: s.count }
    : null;
}

/** Each rated theme's alignment by row id; empty while the ratings are hidden. */
export function alignmentByTheme(board: BoardJSON, hidden: boolean): Map<string, BriefAlignment> {
  const out = new Map<string, BriefAlignment>();
  if (hidden || !board.alignment?.length) return out;
  for (const [rowId, theme] of summarizeAlignment(board.alignment)) {
    out.set(rowId, {
      count: theme.count,
      aligned: scale(theme.aligned),
      importance: scale(theme.importance),
    });
  }
  return out;
}

const one = (n: number) => n.toFixed(1);

/**
 * `Alignment 3.0 / 5 (spread 1.6, 1–5) · Importance 4.5 / 5 (spread 0.5) · 3 people rated`, or
 * in Japanese `一致度 3.0 / 5（ばらつき 1.6、1–5）・重要度 4.5 / 5（ばらつき 0.5）・3人が評価`.
 */
export function alignmentLine(a: BriefAlignment, language: 'en' | 'ja' = 'en'): string {
  const ja = language === 'ja';
  const parts: string[] = [];
  const part = (label: string, s: BriefScale | null) => {
    if (!s) return;
    if (ja) {
      const range = s.min === s.max ? '' : `、${s.min}–${s.max}`;
      parts.push(`${label} ${one(s.mean)} / 5（ばらつき ${one(s.spread)}${range}）`);
    } else {
      const range = s.min === s.max ? '' : `, ${s.min}–${s.max}`;
      parts.push(`${label} ${one(s.mean)} / 5 (spread ${one(s.spread)}${range})`);
    }
  };
  part(ja ? '一致度' : 'Alignment', a.aligned);
  part(ja ? '重要度' : 'Importance', a.importance);
  parts.push(ja ? `${a.count}人が評価` : `${a.count} ${a.count === 1 ? 'person' : 'people'} rated`);
  return parts.join(ja ? '・' : ' · ');
}
