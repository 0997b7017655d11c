/**
 * The brief's "Agenda" section: the facilitator's steps as the room ran them, each with what
 * it did in plain words (focus, timer, vote, lock). Built from BoardJSON beside `brief.ts`, so
 * Markdown, PDF and HTML say the same thing. Pure.
 */
import type { BoardJSON } from '../../shared/board/index.ts';

export interface BriefAgendaStep {
  id: string;
  number: number;
  title: string;
  /** What the step does, one short phrase each: `Focus: theme “Promotion”`, `Timer: 7 min`. */
  actions: string[];
}

const ACTIONS = {
  en: {
    what: { row: 'theme', card: 'measure', friction: 'friction point' },
    untitled: {
      row: 'Untitled theme',
      card: 'Untitled measure',
      friction: 'Untitled friction point',
    },
    quote: (t: string) => `“${t}”`,
    focus: (what: string, title: string) => `Focus: ${what} ${title}`,
    timer: (m: number) => `Timer: ${m} min`,
    vote: (n: number, each: number, on: string) =>
      `Vote on ${n} friction point${n === 1 ? '' : 's'} (${each} vote${each === 1 ? '' : 's'} each): ${on}`,
    comma: ', ',
    lock: 'Locks the board',
    unlock: 'Unlocks the board',
    step: (n: number) => `Step ${n}`,
  },
  ja: {
    what: { row: 'テーマ', card: '施策', friction: '摩擦点' },
    untitled: { row: '無題のテーマ', card: '無題の施策', friction: '無題の摩擦点' },
    quote: (t: string) => `「${t}」`,
    focus: (what: string, title: string) => `焦点：${what}${title}`,
    timer: (m: number) => `タイマー：${m}分`,
    vote: (n: number, each: number, on: string) => `投票：摩擦点${n}件（1人${each}票）：${on}`,
    comma: '、',
    lock: 'ボードをロック',
    unlock: 'ボードのロックを解除',
    step: (n: number) => `手順${n}`,
  },
} as const;

/** The agenda, or null when the board has none (the brief then has no such section). */
export function agendaSection(
  board: BoardJSON,
  clean: (text: string) => string,
  language: 'en' | 'ja' = 'en',
): BriefAgendaStep[] | null {
  const steps = board.agenda ?? [];
  if (!steps.length) return null;
  const w = ACTIONS[language];
  const titles = new Map<string, string>([
    ...board.rows.map((r) => [r.id, clean(r.title) || w.untitled.row] as const),
    ...board.cards.map((c) => [c.id, clean(c.title) || w.untitled.card] as const),
    ...board.frictions.map((f) => [f.id, clean(f.title) || w.untitled.friction] as const),
  ]);
  return steps.map((step, i) => {
    const actions: string[] = [];
    if (step.focus) {
      actions.push(
        w.focus(w.what[step.focus.type], w.quote(titles.get(step.focus.id) ?? step.focus.id)),
      );
    }
    if (step.minutes) actions.push(w.timer(step.minutes));
    if (step.vote) {
      const on = step.vote.targetIds.map((id) => w.quote(titles.get(id) ?? id)).join(w.comma);
      actions.push(w.vote(step.vote.targetIds.length, step.vote.perPerson, on));
    }
    if (step.lock === true) actions.push(w.lock);
    if (step.lock === false) actions.push(w.unlock);
    return { id: step.id, number: i + 1, title: clean(step.title) || w.step(i + 1), actions };
  });
}

/** One step as a line of text: `Focus: …; Timer: 7 min` (or a dash when it only has a title). */
export function stepActions(step: BriefAgendaStep): string {
  return step.actions.length ? step.actions.join('; ') : '—';
}
