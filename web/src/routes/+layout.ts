// The whole client runs in the browser: the board's Y.Doc, providers and storage exist only
// there, and the lobby reads localStorage. The express server serves the built shell.
export const ssr = false;
export const prerender = false;
