/**
 * Build-time half of the UI's i18n: a dictionary (nested objects of ICU messages) becomes a flat
 * `key → message` table where every message with an argument is already parsed into formatjs's
 * ICU syntax tree. The browser then formats with `intl-messageformat` alone and never downloads
 * the ICU parser (about 10 KB gzip of the board route, issue 14). A message that does not parse
 * fails the build here, not in front of a workshop.
 */
import { parse, type MessageFormatElement } from '@formatjs/icu-messageformat-parser';

/** A message as the browser gets it: plain text, or the parsed tree of one with arguments. */
export type CompiledMessage = string | MessageFormatElement[];
export type CompiledMessages = Record<string, CompiledMessage>;

/** `{ a: { b: 'x' } }` → `{ 'a.b': 'x' }`, each message with `{` parsed. */
export function compileMessages(tree: object, prefix = ''): CompiledMessages {
  const out: CompiledMessages = {};
  for (const [key, value] of Object.entries(tree)) {
    const id = prefix ? `${prefix}.${key}` : key;
    if (typeof value === 'string') out[id] = compileMessage(id, value);
    else if (value && typeof value === 'object') Object.assign(out, compileMessages(value, id));
    else throw new Error(`i18n: message ${id} is not text (${typeof value})`);
  }
  return out;
}

function compileMessage(id: string, message: string): CompiledMessage {
  if (!message.includes('{')) return message;
  try {
    // `<b>` in a message stays text: the UI renders messages as text, never as markup.
    return parse(message, { ignoreTag: true });
  } catch (error) {
    throw new Error(`i18n: message ${id} is not valid ICU: ${(error as Error).message}`);
  }
}
