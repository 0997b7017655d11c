/**
 * The text binding's rules: a local input becomes the splice the person actually made (placed
 * at the caret), remote deltas carry the caret along without moving it, and two bound fields
 * on two replicas converge while each person's caret stays where they were typing.
 */
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import {
  applyDelta,
  bindText,
  transformIndex,
  transformSelection,
  transformSplice,
  type TextDelta,
  type TextFieldElement,
} from '../../../web/src/lib/sync/textBinding.ts';
import { diffText } from '../../../shared/board/text.ts';

describe('diffText', () => {
  it('places an ambiguous insertion where the caret is', () => {
    // "ab|b" + "b" → "abb|b": the insertion is at 2, not at the end of the common prefix.
    expect(diffText('abb', 'abbb', 3)).toEqual({ index: 2, remove: 0, insert: 'b' });
    expect(diffText('abb', 'abbb', 4)).toEqual({ index: 3, remove: 0, insert: 'b' });
  });

  it('places an ambiguous deletion before the caret', () => {
    // Backspace at "abb|c" → "ab|c": the second b (index 2) went.
    expect(diffText('abbc', 'abc', 2)).toEqual({ index: 2, remove: 1, insert: '' });
  });

  it('handles replacing a selection, paste, and no change', () => {
    expect(diffText('hello world', 'hello there world', 12)).toEqual({
      index: 6,
      remove: 0,
      insert: 'there ',
    });
    expect(diffText('hello world', 'hello WORLD', 11)).toEqual({
      index: 6,
      remove: 5,
      insert: 'WORLD',
    });
    expect(diffText('same', 'same', 2)).toBeNull();
    expect(diffText('abc', 'abxc', null)).toEqual({ index: 2, remove: 0, insert: 'x' });
  });

  it('never splits a surrogate pair', () => {
    const edit = diffText('a😀b', 'a😃b', 3)!;
    expect(edit.index).toBe(1);
    expect(edit.remove).toBe(2);
    expect(edit.insert).toBe('😃');
  });

  it('turns any before/after pair into a splice that reproduces after', () => {
    const samples = ['', 'a', 'aa', 'abcabc', '経済安全保障', 'ab😀cd', 'xxxxyyyy'];
    for (const before of samples) {
      for (const after of samples) {
        for (let caret = 0; caret <= after.length; caret++) {
          const edit = diffText(before, after, caret);
          const result = edit
            ? before.slice(0, edit.index) + edit.insert + before.slice(edit.index + edit.remove)
            : before;
          expect(result).toBe(after);
        }
      }
    }
  });
});

describe('transformIndex', () => {
  it('moves a position right for insertions before it and left for deletions before it', () => {
    expect(transformIndex(5, [{ insert: 'xyz' }])).toBe(8);
    expect(transformIndex(5, [{ retain: 7 }, { insert: 'xyz' }])).toBe(5);
    expect(transformIndex(5, [{ retain: 1 }, { delete: 2 }])).toBe(3);
    expect(transformIndex(5, [{ retain: 3 }, { delete: 5 }])).toBe(3);
    expect(transformIndex(5, [{ retain: 6 }, { delete: 5 }])).toBe(5);
  });

  it('keeps a caret left of text inserted exactly at it unless asked to stick right', () => {
    expect(transformIndex(4, [{ retain: 4 }, { insert: 'ab' }])).toBe(4);
    expect(transformIndex(4, [{ retain: 4 }, { insert: 'ab' }], true)).toBe(6);
  });

  it('keeps a selection from swallowing remote text at its edges', () => {
    const delta: TextDelta = [{ retain: 2 }, { insert: 'L' }, { retain: 3 }, { insert: 'R' }];
    expect(transformSelection(2, 5, delta)).toEqual({ start: 3, end: 6 });
    expect(transformSelection(3, 3, [{ insert: 'abc' }])).toEqual({ start: 6, end: 6 });
  });

  it('agrees with applying the delta to a string', () => {
    const text = 'The CHIPS Act funds fabs.';
    const delta: TextDelta = [{ retain: 4 }, { delete: 6 }, { insert: 'CHIPS and Science ' }];
    const after = applyDelta(text, delta);
    expect(after).toBe('The CHIPS and Science Act funds fabs.');
    const index = text.indexOf('funds');
    expect(after.slice(transformIndex(index, delta))).toBe('funds fabs.');
  });

  it('carries a pending local splice through remote deltas', () => {
    // Local: insert "X" at 3 of "abcdef"; meanwhile remote inserted "12" at 0 and deleted "e".
    const remote: TextDelta[] = [[{ insert: '12' }], [{ retain: 6 }, { delete: 1 }]];
    expect(transformSplice({ index: 3, remove: 0, insert: 'X' }, remote)).toEqual({
      index: 5,
      remove: 0,
      insert: 'X',
    });
  });
});

/** A stand-in for a focused `<textarea>`: value, selection and input/composition events. */
class FakeField extends EventTarget implements TextFieldElement {
  value = '';
  readOnly = false;
  selectionStart: number | null = 0;
  selectionEnd: number | null = 0;
  selectionDirection: 'forward' | 'backward' | 'none' | null = 'none';
  ownerDocument = { activeElement: null as unknown };

  focus() {
    this.ownerDocument.activeElement = this;
  }
  setSelectionRange(start: number, end: number) {
    this.selectionStart = start;
    this.selectionEnd = end;
  }
  /** Types `text` at the caret (replacing the selection), as the browser would. */
  type(text: string) {
    const s = this.selectionStart ?? 0;
    const e = this.selectionEnd ?? s;
    this.value = this.value.slice(0, s) + text + this.value.slice(e);
    this.setSelectionRange(s + text.length, s + text.length);
    this.dispatchEvent(new Event('input'));
  }
  backspace() {
    const s = this.selectionStart ?? 0;
    if (s === 0) return;
    this.value = this.value.slice(0, s - 1) + this.value.slice(s);
    this.setSelectionRange(s - 1, s - 1);
    this.dispatchEvent(new Event('input'));
  }
  compose(text: string) {
    this.dispatchEvent(new Event('compositionstart'));
    const s = this.selectionStart ?? 0;
    this.value = this.value.slice(0, s) + text + this.value.slice(s);
    this.setSelectionRange(s + text.length, s + text.length);
    const input = new Event('input') as Event & { isComposing: boolean };
    Object.defineProperty(input, 'isComposing', { value: true });
    this.dispatchEvent(input);
  }
  endComposition() {
    this.dispatchEvent(new Event('compositionend'));
  }
}

/** Two replicas joined by a relay we can pause, each with a bound field. */
function twoReplicas(initial: string) {
  const a = new Y.Doc();
  const b = new Y.Doc();
  a.getText('t').insert(0, initial);
  Y.applyUpdate(b, Y.encodeStateAsUpdate(a));
  let queue: Array<[Y.Doc, Uint8Array]> = [];
  let paused = false;
  const relay = (to: Y.Doc) => (update: Uint8Array, origin: unknown) => {
    if (origin === 'remote') return;
    if (paused) queue.push([to, update]);
    else Y.applyUpdate(to, update, 'remote');
  };
  a.on('update', relay(b));
  b.on('update', relay(a));
  const fieldA = new FakeField();
  const fieldB = new FakeField();
  const unbindA = bindText(fieldA, a.getText('t'), { transact: (f) => a.transact(f) });
  const unbindB = bindText(fieldB, b.getText('t'), { transact: (f) => b.transact(f) });
  return {
    a,
    b,
    fieldA,
    fieldB,
    pause: () => (paused = true),
    flush: () => {
      paused = false;
      const pending = queue;
      queue = [];
      for (const [doc, update] of pending) Y.applyUpdate(doc, update, 'remote');
    },
    unbind: () => {
      unbindA();
      unbindB();
    },
  };
}

describe('bindText', () => {
  it('shows the shared text and writes local typing as splices', () => {
    const r = twoReplicas('Export controls');
    expect(r.fieldA.value).toBe('Export controls');
    r.fieldA.focus();
    r.fieldA.setSelectionRange(6, 6);
    r.fieldA.type(' and investment');
    expect(r.b.getText('t').toString()).toBe('Export and investment controls');
    expect(r.fieldB.value).toBe('Export and investment controls');
  });

  it('never moves the local caret when someone else types elsewhere', () => {
    const r = twoReplicas('0123456789');
    r.fieldA.focus();
    r.fieldA.setSelectionRange(5, 5);
    r.fieldB.focus();
    r.fieldB.setSelectionRange(0, 0);
    r.fieldB.type('abc'); // before A's caret: A's caret follows its character
    expect(r.fieldA.value).toBe('abc0123456789');
    expect(r.fieldA.selectionStart).toBe(8);
    r.fieldB.setSelectionRange(13, 13);
    r.fieldB.type('xyz'); // after A's caret: A's caret stays
    expect(r.fieldA.selectionStart).toBe(8);
    r.fieldA.type('!');
    expect(r.a.getText('t').toString()).toBe('abc01234!56789xyz');
    expect(r.fieldB.value).toBe('abc01234!56789xyz');
  });

  it('converges when both type at once while their updates cross', () => {
    const r = twoReplicas('start end');
    r.fieldA.focus();
    r.fieldA.setSelectionRange(5, 5);
    r.fieldB.focus();
    r.fieldB.setSelectionRange(9, 9);
    r.pause();
    r.fieldA.type(' middle');
    r.fieldB.type('!');
    r.fieldB.backspace();
    r.fieldB.type('.');
    r.flush();
    expect(r.fieldA.value).toBe('start middle end.');
    expect(r.fieldB.value).toBe('start middle end.');
    expect(r.fieldA.selectionStart).toBe(12);
    expect(r.fieldB.selectionStart).toBe(17);
  });

  it('commits Japanese IME input at composition end and merges remote text that came meanwhile', () => {
    const r = twoReplicas('日米の協力');
    r.fieldA.focus();
    r.fieldA.setSelectionRange(5, 5);
    r.fieldA.compose('けいざい');
    // Nothing is shared while composing.
    expect(r.b.getText('t').toString()).toBe('日米の協力');
    r.fieldB.focus();
    r.fieldB.setSelectionRange(0, 0);
    r.fieldB.type('【');
    // A's field is left alone mid-composition…
    expect(r.fieldA.value).toBe('日米の協力けいざい');
    r.fieldA.value = '日米の協力経済'; // the IME converts
    r.fieldA.setSelectionRange(7, 7);
    r.fieldA.endComposition();
    // …and after it, both texts are merged and A's caret sits after what A typed.
    expect(r.a.getText('t').toString()).toBe('【日米の協力経済');
    expect(r.fieldA.value).toBe('【日米の協力経済');
    expect(r.fieldA.selectionStart).toBe(8);
    expect(r.fieldB.value).toBe('【日米の協力経済');
  });

  it('keeps single-line fields to one line and refuses edits in read-only fields', () => {
    const doc = new Y.Doc();
    const text = doc.getText('t');
    text.insert(0, 'Title');
    const field = new FakeField();
    bindText(field, text, { transact: (f) => doc.transact(f), singleLine: true });
    field.focus();
    field.setSelectionRange(5, 5);
    field.type('\nmore');
    expect(text.toString()).toBe('Title more');
    field.readOnly = true;
    field.type('!!');
    expect(text.toString()).toBe('Title more');
    expect(field.value).toBe('Title more');
  });

  it('stops following the text once unbound', () => {
    const r = twoReplicas('abc');
    r.unbind();
    r.fieldB.type('zzz');
    expect(r.a.getText('t').toString()).toBe('abc');
    r.a.getText('t').insert(0, 'x');
    expect(r.fieldA.value).toBe('abc');
  });
});
