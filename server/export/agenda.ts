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

/** The agenda, or null when the board has none (the brief then has no such section). */
export function agendaSection(
  board: BoardJSON,
  clean: (text: string) => string,
): BriefAgendaStep[] | null {
  const steps = board.agenda ?? [];
  if (!steps.length) return null;
  const titles = new Map<string, string>([
    ...board.rows.map((r) => [r.id, clean(r.title) || 'Untitled theme'] as const),
    ...board.cards.map((c) => [c.id, clean(c.title) || 'Untitled measure'] as const),
    ...board.frictions.map((f) => [f.id, clean(f.title) || 'Untitled friction point'] as const),
  ]);
  const what = { row: 'theme', card: 'measure', friction: 'friction point' } as const;
  return steps.map((step, i) => {
    const actions: string[] = [];
    if (step.focus) {
      actions.push(
        `Focus: ${what[step.focus.type]} “${titles.get(step.focus.id) ?? step.focus.id}”`,
      );
    }
    if (step.minutes) actions.push(`Timer: ${step.minutes} min`);
    if (step.vote) {
      const n = step.vote.targetIds.length;
      const on = step.vote.targetIds.map((id) => `“${titles.get(id) ?? id}”`).join(', ');
      actions.push(
        `Vote on ${n} friction point${n === 1 ? '' : 's'} (${step.vote.perPerson} vote${step.vote.perPerson === 1 ? '' : 's'} each): ${on}`,
      );
    }
    if (step.lock === true) actions.push('Locks the board');
    if (step.lock === false) actions.push('Unlocks the board');
    return { id: step.id, number: i + 1, title: clean(step.title) || `Step ${i + 1}`, actions };
  });
}

/** One step as a line of text: `Focus: …; Timer: 7 min` (or a dash when it only has a title). */
export function stepActions(step: BriefAgendaStep): string {
  return step.actions.length ? step.actions.join('; ') : '—';
}
