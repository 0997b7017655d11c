import { i18nReady } from '$lib/i18n/index.ts';

// The whole client runs in the browser: the board's Y.Doc, providers and storage exist only
// there, and the lobby reads localStorage. The express server serves the built shell.
export const ssr = false;
export const prerender = false;

// The chosen language's dictionary is loaded before anything renders (Japanese loads on demand).
export const load = async () => {
  await i18nReady();
};
