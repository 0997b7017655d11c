/**
 * The service worker: a board opened once reloads offline. The board itself lives in
 * IndexedDB (y-indexeddb); what a reload also needs is the app shell (the page SvelteKit
 * serves for every route, the whole client being rendered in the browser) and the built
 * assets, which are kept here per build.
 *
 * - Built assets and static files: from the cache first (their names are per build).
 * - Page navigations: from the network; when it fails, the cached shell of that kind of page
 *   (`/`, `/b/<id>`, `/b/<id>/present`, `/b/<id>/brief`). The shell is the same for every
 *   board, so it is stored once per kind under a fixed key, fetched at install and refreshed
 *   by navigations — never by one whose address carries `?token=`, and never under an address
 *   that carries one: a share-link token is never written to the cache.
 * - Everything else (the API, /yjs, /socket.io, exports) is left to the network.
 */
/// <reference types="@sveltejs/kit" />
/// <reference no-default-lib="true"/>
/// <reference lib="esnext" />
/// <reference lib="webworker" />
import { build, files, version } from '$service-worker';

const sw = self as unknown as ServiceWorkerGlobalScope;
const CACHE = `bb-${version}`;
const ASSETS = new Set([...build, ...files]);

/** Each kind of page and the fixed address its shell is fetched from (and cached under). */
const SHELLS: Array<{ matches: RegExp; key: string }> = [
  { matches: /^\/b\/[^/]+\/present\/?$/, key: '/b/offline-shell/present' },
  { matches: /^\/b\/[^/]+\/brief\/?$/, key: '/b/offline-shell/brief' },
  { matches: /^\/b\/[^/]+\/?$/, key: '/b/offline-shell' },
  { matches: /^\/$/, key: '/' },
];

function shellKey(pathname: string): string | null {
  return SHELLS.find((shell) => shell.matches.test(pathname))?.key ?? null;
}

/** A copy of a page without its request's address (a cached Response keeps its URL otherwise). */
async function anonymous(response: Response): Promise<Response> {
  return new Response(await response.blob(), {
    status: response.status,
    statusText: response.statusText,
    headers: response.headers,
  });
}

async function storeShell(cache: Cache, key: string, response: Response): Promise<void> {
  if (response.ok && response.headers.get('content-type')?.includes('text/html')) {
    await cache.put(key, await anonymous(response));
  }
}

sw.addEventListener('install', (event) => {
  event.waitUntil(
    (async () => {
      const cache = await caches.open(CACHE);
      await cache.addAll([...ASSETS]);
      await Promise.all(SHELLS.map(async ({ key }) => storeShell(cache, key, await fetch(key))));
      await sw.skipWaiting();
    })(),
  );
});

sw.addEventListener('activate', (event) => {
  event.waitUntil(
    (async () => {
      for (const key of await caches.keys()) if (key !== CACHE) await caches.delete(key);
      await sw.clients.claim();
    })(),
  );
});

async function navigate(request: Request, url: URL): Promise<Response> {
  const key = shellKey(url.pathname);
  try {
    const response = await fetch(request);
    if (key && !url.searchParams.has('token')) {
      const cache = await caches.open(CACHE);
      await storeShell(cache, key, response.clone());
    }
    return response;
  } catch (error) {
    const cache = await caches.open(CACHE);
    const shell = (key && (await cache.match(key))) || (await cache.match('/'));
    if (!shell) throw error;
    // Says where the page came from (tests and anyone debugging read it).
    const headers = new Headers(shell.headers);
    headers.set('x-served-from', 'offline-shell');
    return new Response(shell.body, { status: shell.status, headers });
  }
}

sw.addEventListener('fetch', (event) => {
  const { request } = event;
  if (request.method !== 'GET') return;
  const url = new URL(request.url);
  if (url.origin !== sw.location.origin) return;

  if (ASSETS.has(url.pathname)) {
    event.respondWith(
      (async () => {
        const cached = await (await caches.open(CACHE)).match(url.pathname);
        return cached ?? fetch(request);
      })(),
    );
  } else if (request.mode === 'navigate' && shellKey(url.pathname)) {
    event.respondWith(navigate(request, url));
  }
});
