/**
 * The agenda as the web client reads it: the steps from the live Y.Doc (woken by changes of
 * the agenda, and by rows, cards or frictions coming or going, since steps drop references
 * to deleted records), and one line per step saying what "Next step" will do. Writes go
 * through the `shared/board` agenda operations.
 */
import { createSubscriber } from 'svelte/reactivity';
import type * as Y from 'yjs';
import { listAgenda, type AgendaStep } from '$shared/board/index.ts';
import type { BoardState } from '$lib/sync/BoardState.svelte.ts';

/** A translator: `(key, values) => text` (pass one built from `$_` so the language can change). */
export type Translate = (key: string, values?: Record<string, string | number>) => string;

export class AgendaState {
  readonly #board: BoardState;
  readonly #subscribe: () => void;

  constructor(board: BoardState) {
    this.#board = board;
    const t = board.types;
    this.#subscribe = createSubscriber((update) => {
      const deep = () => update();
      const shallow = (event: Y.YMapEvent<unknown>) => {
        if ([...event.changes.keys.values()].some((c) => c.action !== 'update')) update();
      };
      t.agenda.observeDeep(deep);
      t.rows.observe(shallow);
      t.cards.observe(shallow);
      t.frictions.observe(shallow);
      return () => {
        t.agenda.unobserveDeep(deep);
        t.rows.unobserve(shallow);
        t.cards.unobserve(shallow);
        t.frictions.unobserve(shallow);
      };
    });
  }

  get steps(): AgendaStep[] {
    this.#subscribe();
    return listAgenda(this.#board.doc);
  }

  /** The title of what a step focuses or votes on, as the board shows it now. */
  titleOf(type: 'row' | 'card' | 'friction', id: string, t: Translate): string {
    const b = this.#board;
    const title =
      type === 'row'
        ? b.row(id)?.view.title
        : type === 'card'
          ? b.card(id)?.view.title
          : b.friction(id)?.view.title;
    return title || t('agenda.untitled');
  }

  /** What performing the step does, in the reader's language: `Focus “…” · 5 min · Locks`. */
  describe(step: AgendaStep, t: Translate): string {
    const parts: string[] = [];
    if (step.focus) {
      parts.push(
        t(`agenda.does.focus.${step.focus.type}`, {
          title: this.titleOf(step.focus.type, step.focus.id, t),
        }),
      );
    }
    if (step.minutes) parts.push(t('agenda.does.minutes', { n: step.minutes }));
    if (step.vote) {
      parts.push(
        t('agenda.does.vote', {
          n: step.vote.targetIds.length,
          per: step.vote.perPerson,
        }),
      );
    }
    if (step.lock === true) parts.push(t('agenda.does.lock'));
    if (step.lock === false) parts.push(t('agenda.does.unlock'));
    return parts.length ? parts.join(' · ') : t('agenda.does.nothing');
  }
}
