/**
 * Binds a `<textarea>` or `<input>` to a `Y.Text` so that two people typing in one field merge
 * character by character: a local input becomes the smallest splice (placed where the caret
 * is), a remote change rewrites the value and carries the caret and selection through the
 * remote delta, so someone else's typing never moves yours. Japanese input (IME composition)
 * is committed when the composition ends; remote changes that arrive meanwhile are applied
 * after it, transformed past the composed text.
 *
 * The pure parts (`diffText` of the board model, `transformIndex`, `applyDelta`) hold the rules; `bindText` only
 * wires them to the element. Never writes a whole value over the shared text.
 */
import type * as Y from 'yjs';
import { diffText, type TextEdit } from '$shared/board/text.ts';

/** One splice: remove `remove` characters at `index`, then insert `insert` there. */
export type TextSplice = TextEdit;

/** A Yjs text delta (as in `YTextEvent.delta`), attributes ignored. */
export type TextDelta = ReadonlyArray<{
  insert?: string | object | unknown[];
  retain?: number;
  delete?: number;
}>;

function insertLength(insert: string | object | unknown[]): number {
  if (typeof insert === 'string') return insert.length;
  if (Array.isArray(insert)) return insert.length;
  return 1;
}

/**
 * Where `index` ends up after `delta` was applied to the text it points into. An insertion
 * exactly at `index` lands after it (the index stays left of the new text) unless
 * `stickRight`, as for the start of a selection that should not grow.
 */
export function transformIndex(index: number, delta: TextDelta, stickRight = false): number {
  // `cursor` walks the old text; inserts consume none of it.
  let cursor = 0;
  let result = index;
  for (const op of delta) {
    if (cursor > index) break;
    if (op.retain !== undefined) {
      cursor += op.retain;
    } else if (op.insert !== undefined) {
      if (cursor < index || (cursor === index && stickRight)) result += insertLength(op.insert);
      else break;
    } else if (op.delete !== undefined) {
      // Characters [cursor, cursor + delete) of the old text are gone.
      result -= Math.max(0, Math.min(op.delete, index - cursor));
      cursor += op.delete;
    }
  }
  return Math.max(0, result);
}

/** A selection carried through a remote delta: it never grows to take in remote text. */
export function transformSelection(
  start: number,
  end: number,
  delta: TextDelta,
): { start: number; end: number } {
  if (start === end) {
    const at = transformIndex(start, delta);
    return { start: at, end: at };
  }
  const s = transformIndex(start, delta, true);
  const e = Math.max(s, transformIndex(end, delta, false));
  return { start: s, end: e };
}

/** Applies a delta to a plain string (for tests and for checking a binding's shadow copy). */
export function applyDelta(text: string, delta: TextDelta): string {
  let out = '';
  let cursor = 0;
  for (const op of delta) {
    if (op.retain !== undefined) {
      out += text.slice(cursor, cursor + op.retain);
      cursor += op.retain;
    } else if (op.insert !== undefined) {
      if (typeof op.insert === 'string') out += op.insert;
    } else if (op.delete !== undefined) {
      cursor += op.delete;
    }
  }
  return out + text.slice(cursor);
}

/** A splice in the coordinates of a text carried through later deltas of that text. */
export function transformSplice(splice: TextSplice, deltas: readonly TextDelta[]): TextSplice {
  let index = splice.index;
  let end = splice.index + splice.remove;
  for (const delta of deltas) {
    const nextIndex = transformIndex(index, delta, splice.remove > 0);
    end = Math.max(nextIndex, transformIndex(end, delta, false));
    index = nextIndex;
  }
  return { index, remove: end - index, insert: splice.insert };
}

/** What `bindText` needs from an element: the subset of `HTMLTextAreaElement` it uses. */
export interface TextFieldElement {
  value: string;
  readOnly: boolean;
  selectionStart: number | null;
  selectionEnd: number | null;
  selectionDirection: 'forward' | 'backward' | 'none' | null;
  setSelectionRange(start: number, end: number, direction?: 'forward' | 'backward' | 'none'): void;
  addEventListener(type: string, listener: (event: Event) => void): void;
  removeEventListener(type: string, listener: (event: Event) => void): void;
  ownerDocument: { activeElement: unknown } | null;
}

export interface TextBindingOptions {
  /** Runs a local change; the binding passes the splice to apply to the shared text. */
  transact: (apply: () => void) => void;
  /** Keep the field single-line: newlines typed or pasted become spaces. */
  singleLine?: boolean;
  /** Called after a local edit reached the shared text. */
  onLocalChange?: (value: string) => void;
}

/**
 * Keeps `el` and `text` in step until the returned function is called. Local edits are applied
 * through `options.transact`, which must run the callback inside a transaction of the text's
 * document (a `shared/board` text operation's document).
 */
export function bindText(
  el: TextFieldElement,
  text: Y.Text,
  options: TextBindingOptions,
): () => void {
  let shadow = text.toString();
  let composing = false;
  let applyingLocal = false;
  /** Remote deltas received while composing, in the order they happened. */
  let pending: TextDelta[] = [];
  el.value = shadow;

  const isFocused = () => el.ownerDocument?.activeElement === el;

  const applyRemote = (delta: TextDelta) => {
    const next = text.toString();
    if (next === el.value) {
      shadow = next;
      return;
    }
    const focused = isFocused();
    const start = el.selectionStart ?? 0;
    const end = el.selectionEnd ?? start;
    const direction = el.selectionDirection ?? 'none';
    el.value = next;
    shadow = next;
    if (focused) {
      const sel = transformSelection(start, end, delta);
      el.setSelectionRange(sel.start, sel.end, direction);
    }
  };

  const observer = (event: Y.YTextEvent) => {
    if (applyingLocal) return;
    const delta = event.delta as TextDelta;
    if (composing) {
      pending.push(delta);
      return;
    }
    applyRemote(delta);
  };

  const commitLocal = () => {
    if (el.readOnly) {
      el.value = shadow;
      return;
    }
    let value = el.value;
    let caret = el.selectionEnd;
    if (options.singleLine && /[\r\n]/.test(value)) {
      value = value.replace(/\r\n|[\r\n]/g, ' ');
      el.value = value;
      if (caret !== null) el.setSelectionRange(caret, caret);
    }
    const local = diffText(shadow, value, caret);
    const remote = pending;
    pending = [];
    if (!local) {
      if (remote.length) reconcile(null);
      return;
    }
    const splice = transformSplice(local, remote);
    applyingLocal = true;
    try {
      options.transact(() => {
        if (splice.remove) text.delete(splice.index, splice.remove);
        if (splice.insert) text.insert(splice.index, splice.insert);
      });
    } finally {
      applyingLocal = false;
    }
    if (remote.length) {
      caret = splice.index + splice.insert.length;
      reconcile(caret);
    } else {
      shadow = text.toString();
      if (shadow !== el.value) reconcile(caret);
    }
    options.onLocalChange?.(shadow);
  };

  /** Rewrites the element from the shared text after remote changes waited for a composition. */
  const reconcile = (caret: number | null) => {
    const focused = isFocused();
    const next = text.toString();
    const at = caret ?? el.selectionEnd ?? next.length;
    el.value = next;
    shadow = next;
    if (focused) {
      const c = Math.min(at, next.length);
      el.setSelectionRange(c, c);
    }
  };

  const onInput = (event: Event) => {
    if (composing || (event as InputEvent).isComposing) return;
    commitLocal();
  };
  const onCompositionStart = () => {
    composing = true;
  };
  const onCompositionEnd = () => {
    composing = false;
    commitLocal();
  };
  const onBlur = () => {
    // A composition cut short by losing focus still commits what was typed.
    if (composing) {
      composing = false;
      commitLocal();
    }
  };

  text.observe(observer);
  el.addEventListener('input', onInput);
  el.addEventListener('compositionstart', onCompositionStart);
  el.addEventListener('compositionend', onCompositionEnd);
  el.addEventListener('blur', onBlur);

  return () => {
    text.unobserve(observer);
    el.removeEventListener('input', onInput);
    el.removeEventListener('compositionstart', onCompositionStart);
    el.removeEventListener('compositionend', onCompositionEnd);
    el.removeEventListener('blur', onBlur);
  };
}
