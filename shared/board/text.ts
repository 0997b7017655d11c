/**
 * Replacing the content of a `Y.Text` by the smallest edit: the common prefix and suffix stay,
 * so a field edited by two people at once merges character by character instead of one whole
 * value overwriting the other. Every string written to the document goes through `wellFormed`
 * first: Yjs encodes a lone surrogate as U+FFFD on the wire but keeps it in the writer's own
 * replica, so without this the writer would read `\uD800` and everyone else U+FFFD.
 */
import type * as Y from 'yjs';

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** `value` with each lone surrogate replaced by U+FFFD, as every other replica will read it. */
export function wellFormed(value: string): string {
  return value.replace(LONE_SURROGATE, '\uFFFD');
}

export interface TextEdit {
  index: number;
  remove: number;
  insert: string;
}

/**
 * The single splice that turns `before` into `after` (null when they are equal). When the
 * strings alone are ambiguous, the splice ends at `caret` — the caret position in `after`
 * after someone typed, if known: typing "b" into "ab|b" inserts at index 2, not 3.
 */
export function diffText(
  before: string,
  after: string,
  caret: number | null = null,
): TextEdit | null {
  if (before === after) return null;
  const max = Math.min(before.length, after.length);
  let start = 0;
  let end = 0;
  const growPrefix = (limit: number) => {
    while (start < limit && before.charCodeAt(start) === after.charCodeAt(start)) start++;
  };
  const growSuffix = (limit: number) => {
    while (
      end < limit &&
      before.charCodeAt(before.length - 1 - end) === after.charCodeAt(after.length - 1 - end)
    )
      end++;
  };
  if (caret === null) {
    growPrefix(max);
    growSuffix(max - start);
  } else {
    // The common suffix may not reach left of the caret: what the person typed ends there.
    const caretAt = Math.max(0, Math.min(caret, after.length));
    growSuffix(Math.min(max, after.length - caretAt));
    growPrefix(max - end);
  }
  // Never split a surrogate pair: widen the splice to whole code points.
  if (start > 0 && isHighSurrogate(before.charCodeAt(start - 1))) start--;
  if (end > 0 && isLowSurrogate(before.charCodeAt(before.length - end))) end--;
  return {
    index: start,
    remove: before.length - start - end,
    insert: wellFormed(after.slice(start, after.length - end)),
  };
}

function isHighSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff;
}
function isLowSurrogate(code: number): boolean {
  return code >= 0xdc00 && code <= 0xdfff;
}

/** Applies the minimal splice to `text`; call inside a transaction. */
export function replaceText(text: Y.Text, value: string): void {
  const edit = diffText(text.toString(), wellFormed(value));
  if (!edit) return;
  if (edit.remove) text.delete(edit.index, edit.remove);
  if (edit.insert) text.insert(edit.index, edit.insert);
}
