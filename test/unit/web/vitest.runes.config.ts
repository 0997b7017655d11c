/**
 * Runs the rune tests of the web client (`test/unit/web/*.svelte.test.ts`): Svelte's compiler
 * turns `$effect.root`/`$state` into client code and `svelte` resolves to its client runtime,
 * which the repository's Node-oriented root config does not do (and must not do globally: the
 * `browser` condition would break server packages such as `ws`).
 *
 *   npx vitest run --config test/unit/web/vitest.runes.config.ts
 *
 * `runesProject` is the same thing as a project for the root `vitest.config.ts`:
 *   projects: [{ extends: true, test: { name: 'node', include, exclude } }, runesProject]
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig, type TestProjectInlineConfiguration } from 'vitest/config';
import { svelte } from '@sveltejs/vite-plugin-svelte';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

/** The web client's `$shared` alias (web/svelte.config.js), for tests importing web/src/lib. */
export const sharedAlias = { $shared: path.join(root, 'shared') };

export const runesProject: TestProjectInlineConfiguration = {
  extends: true,
  plugins: [
    svelte({
      configFile: false,
      compilerOptions: { runes: true },
      // Tests run in Vite's server environment; compile for the client runtime anyway.
      dynamicCompileOptions: () => ({ generate: 'client' }),
    }),
  ],
  resolve: { conditions: ['browser'], alias: sharedAlias },
  ssr: { resolve: { conditions: ['browser'], externalConditions: ['browser'] } },
  test: { name: 'web-runes', include: ['test/unit/web/**/*.svelte.test.ts'] },
};

export default defineConfig({
  root,
  cacheDir: path.join(root, 'node_modules/.vite'),
  test: { projects: [runesProject] },
});
