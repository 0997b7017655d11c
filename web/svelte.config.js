// SvelteKit configuration of the web client: adapter-node output in web/build, whose handler the
// express server mounts last. The client imports the repository's shared/ as `$shared/…`; the
// root tsconfig.json (paths) and vitest.config.ts (resolve.alias) know the same alias, because the
// unit tests import web/src/lib modules that import shared/.
//
// kit.csp: every page carries a Content-Security-Policy (on top of the headers the express app
// sends). SvelteKit adds the hash of each inline script it writes (mode 'hash': the same page
// gives the same policy, so a page the service worker cached offline still runs). Scripts,
// connections (the sync WebSocket and socket.io), fonts, frames (the brief's preview) come from
// this origin only. Styles allow 'unsafe-inline' because Svelte writes style attributes.
import adapter from '@sveltejs/adapter-node';
import { vitePreprocess } from '@sveltejs/vite-plugin-svelte';

/** @type {import('@sveltejs/kit').Config} */
const config = {
  preprocess: vitePreprocess(),
  compilerOptions: { runes: true },
  kit: {
    adapter: adapter({ out: 'build' }),
    alias: { $shared: '../shared' },
    csp: {
      mode: 'hash',
      directives: {
        'default-src': ['self'],
        'script-src': ['self'],
        'style-src': ['self', 'unsafe-inline'],
        'img-src': ['self', 'data:', 'blob:'],
        'font-src': ['self', 'data:'],
        'connect-src': ['self'],
        'worker-src': ['self'],
        'frame-src': ['self'],
        'frame-ancestors': ['self'],
        'object-src': ['none'],
        'base-uri': ['self'],
        'form-action': ['self'],
      },
    },
    typescript: {
      config(tsconfig) {
        tsconfig.compilerOptions.allowImportingTsExtensions = true;
        return tsconfig;
      },
    },
  },
};

export default config;
