// SvelteKit configuration of the web client: adapter-node output in web/build, whose handler the
// express server mounts last. The client imports the repository's shared/ by relative path, so
// the root TypeScript check and vitest follow those imports without aliases.
import adapter from '@sveltejs/adapter-node';
import { vitePreprocess } from '@sveltejs/vite-plugin-svelte';

/** @type {import('@sveltejs/kit').Config} */
const config = {
  preprocess: vitePreprocess(),
  compilerOptions: { runes: true },
  kit: {
    adapter: adapter({ out: 'build' }),
    typescript: {
      config(tsconfig) {
        tsconfig.compilerOptions.allowImportingTsExtensions = true;
        return tsconfig;
      },
    },
  },
};

export default config;
