/**
 * Vite plugin: `virtual:messages/en` and `virtual:messages/ja` are the UI dictionaries
 * (`src/lib/i18n/en.ts`, `ja.ts`), evaluated at build time and compiled by
 * `src/lib/i18n/compile.ts` (ICU messages pre-parsed, so the client ships no ICU parser). In
 * `vite dev` an edit to a dictionary, or to anything it imports, rebuilds the module.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { runnerImport, type Plugin } from 'vite';
import { compileMessages } from '../src/lib/i18n/compile.ts';

const WEB = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const PREFIX = 'virtual:messages/';
/** Each language's dictionary: its file and the name it exports. */
const DICTIONARIES: Record<string, string> = {
  en: 'src/lib/i18n/en.ts',
  ja: 'src/lib/i18n/ja.ts',
};

export function compiledMessages(): Plugin {
  return {
    name: 'briefing-board:compiled-messages',
    resolveId(id) {
      return id.startsWith(PREFIX) && id.slice(PREFIX.length) in DICTIONARIES ? `\0${id}` : null;
    },
    async load(id) {
      if (!id.startsWith(`\0${PREFIX}`)) return null;
      const locale = id.slice(PREFIX.length + 1);
      const { module, dependencies } = await runnerImport<Record<string, object>>(
        path.join(WEB, DICTIONARIES[locale]),
        {
          configFile: false,
          root: WEB,
          logLevel: 'silent',
          resolve: { alias: { $shared: path.join(WEB, '../shared') } },
        },
      );
      for (const file of dependencies) this.addWatchFile(file);
      return `export default ${JSON.stringify(compileMessages(module[locale]))};`;
    },
  };
}
