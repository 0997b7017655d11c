/**
 * What others changed near this person, said in the page's live region: a measure moved
 * ("Aiko moved “CHIPS Act” to Japan"), added or deleted, in the theme this person is working
 * on (the card they last focused), or anywhere when they have not picked one. Throttled: the
 * changes of a few seconds are said together, several at once as a count. Only others' changes
 * (transactions that arrived from the network) count; the name is the record's `editedBy`
 * stamp, read when the news is said (it arrives right after the change).
 */
import * as Y from 'yjs';
import { boardTypes, editedBy, recordAt } from '$shared/board/index.ts';

export interface NewsContext {
  doc: Y.Doc;
  /** Whether to listen yet (the board has synced; the first load is nobody's news). */
  ready(): boolean;
  /** The theme this person is working on, or null: everything is near. */
  nearRow(): string | null;
  columnLabel(columnId: string): string;
  rowTitle(rowId: string): string;
  cardTitle(cardId: string): string;
  translate(key: string, values?: Record<string, string | number>): string;
  say(message: string): void;
}

type News =
  | { type: 'moved'; cardId: string; rows: string[] }
  | { type: 'added'; cardId: string; rows: string[] }
  | { type: 'deleted'; cardId: string; rows: string[] };

/** How long changes gather before they are said (the name stamp arrives meanwhile). */
export const NEWS_DELAY_MS = 1500;
/** Least time between two sayings. */
export const NEWS_GAP_MS = 4000;
/** More news than this at once is said as a count. */
const MAX_SAID = 2;

/** Starts listening; returns the function that stops. */
export function watchOthers(ctx: NewsContext): () => void {
  const { cards } = boardTypes(ctx.doc);
  const pending = new Map<string, News>();
  let timer: ReturnType<typeof setTimeout> | undefined;
  let lastSaid = 0;

  const cardRow = (id: string) => {
    const value = recordAt(cards, id)?.get('rowId');
    return typeof value === 'string' ? value : null;
  };

  function who(cardId: string): string {
    const record = recordAt(cards, cardId);
    return (record && editedBy(record)) || ctx.translate('move.someone');
  }

  function sentence(news: News): string {
    const record = recordAt(cards, news.cardId);
    if (news.type === 'deleted' || !record) return ctx.translate('move.othersDeleted');
    const columnId = record.get('columnId');
    const values = {
      name: who(news.cardId),
      title: ctx.cardTitle(news.cardId),
      column: ctx.columnLabel(typeof columnId === 'string' ? columnId : ''),
      row: ctx.rowTitle(cardRow(news.cardId) ?? ''),
    };
    return ctx.translate(news.type === 'added' ? 'move.othersAdded' : 'move.othersMoved', values);
  }

  function flush() {
    timer = undefined;
    const near = ctx.nearRow();
    const said = [...pending.values()].filter((news) => near === null || news.rows.includes(near));
    pending.clear();
    if (!said.length) return;
    lastSaid = Date.now();
    ctx.say(
      said.length > MAX_SAID
        ? ctx.translate('move.othersMany', { count: said.length })
        : said.map(sentence).join(' '),
    );
  }

  function schedule() {
    if (timer) return;
    const wait = Math.max(NEWS_DELAY_MS, lastSaid + NEWS_GAP_MS - Date.now());
    timer = setTimeout(flush, wait);
  }

  const onCards = (events: Y.YEvent<Y.AbstractType<unknown>>[], tr: Y.Transaction) => {
    if (tr.local || !ctx.ready()) return;
    for (const event of events) {
      if (event.target === cards) {
        for (const [id, change] of event.changes.keys) {
          if (change.action === 'add') {
            pending.set(id, { type: 'added', cardId: id, rows: [cardRow(id) ?? ''] });
          } else if (change.action === 'delete') {
            const old = change.oldValue as Y.Map<unknown> | undefined;
            const row = old instanceof Y.Map ? old.get('rowId') : null;
            pending.set(id, { type: 'deleted', cardId: id, rows: [String(row ?? '')] });
          }
        }
      } else if (event.target.parent === cards && event instanceof Y.YMapEvent) {
        const moved = event.keysChanged.has('rowId') || event.keysChanged.has('columnId');
        const id = event.target._item?.parentSub;
        if (!moved || !id || pending.get(id)?.type === 'added') continue;
        const rowChange = event.changes.keys.get('rowId');
        const rows = [cardRow(id) ?? ''];
        if (typeof rowChange?.oldValue === 'string') rows.push(rowChange.oldValue);
        pending.set(id, { type: 'moved', cardId: id, rows });
      }
    }
    if (pending.size) schedule();
  };

  cards.observeDeep(onCards);
  return () => {
    cards.unobserveDeep(onCards);
    clearTimeout(timer);
  };
}
