// SvelteKit configuration of the web client: adapter-node output in web/build, whose handler the
// express server mounts last. The client imports the repository's shared/ as `$shared/…`; the
// root tsconfig.json (paths) and vitest.config.ts (resolve.alias) know the same alias, because the
// unit tests import web/src/lib modules that import shared/.
import adapter from '@sveltejs/adapter-node';
import { vitePreprocess } from '@sveltejs/vite-plugin-svelte';

/** @type {import('@sveltejs/kit').Config} */
const config = {
  preprocess: vitePreprocess(),
  compilerOptions: { runes: true },
  kit: {
    adapter: adapter({ out: 'build' }),
    alias: { $shared: '../shared' },
    typescript: {
      config(tsconfig) {
        tsconfig.compilerOptions.allowImportingTsExtensions = true;
        return tsconfig;
      },
    },
  },
};

export default config;
