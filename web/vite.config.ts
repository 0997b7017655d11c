// Vite configuration of the web client. In `vite dev` the API, the sync WebSocket and
// socket.io are proxied to the express server on port 3000.
import { sveltekit } from '@sveltejs/kit/vite';
import { defineConfig } from 'vite';
import { compiledMessages } from './vite/compiledMessages.ts';

const backend = process.env.BACKEND_URL ?? 'http://localhost:3000';

export default defineConfig({
  plugins: [sveltekit(), compiledMessages()],
  resolve: {
    alias: [
      // The dictionaries arrive parsed (virtual:messages/*): intl-messageformat's parser stays
      // out of the bundle, as formatjs documents for pre-parsed messages.
      {
        find: /^@formatjs\/icu-messageformat-parser$/,
        replacement: '@formatjs/icu-messageformat-parser/no-parser.js',
      },
    ],
  },
  build: {
    rollupOptions: {
      // shared/board/schema.ts only builds zod schemas at its top level: where the client uses
      // none of its values (the board route), Rollup may leave it and zod out. The validator
      // is loaded when it is needed (`import('$shared/board/schema.ts')`).
      treeshake: { moduleSideEffects: (id) => !/[\\/]shared[\\/]board[\\/]schema\.ts$/.test(id) },
      // zod 4.6's own source has prose comments that mention `@__PURE__` (util.js, regexes.js);
      // Rollup drops them and says so at every build. Nothing to fix on our side (the client
      // needs zod for shared/board's validator), so exactly that notice, for zod's files, is not
      // repeated; every other warning still is.
      // (`onLog`, since SvelteKit sets its own `onwarn`.)
      onLog(level, log, handler) {
        if (log.code === 'INVALID_ANNOTATION' && /node_modules[\\/]zod[\\/]/.test(log.id ?? ''))
          return;
        handler(level, log);
      },
    },
  },
  server: {
    fs: { allow: ['..'] },
    proxy: {
      '/api': backend,
      '/healthz': backend,
      '/yjs': { target: backend, ws: true },
      '/socket.io': { target: backend, ws: true },
    },
  },
});
