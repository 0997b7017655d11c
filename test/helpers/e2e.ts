/**
 * What every end-to-end suite needs: the built web client, a real server and a real Chromium
 * started once per file, and people — each a fresh browser context with a name (and a
 * language) already chosen, so the name prompt does not stop them; `null` for a newcomer who
 * has never given one — opening a board with one of its share links. After every test, no page
 * may have logged an error (`expectNoPageErrorsAfterEach`; each person's `errors` also lists
 * their page's uncaught errors). `SHOT_DIR` saves screenshots.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { expectNoPageErrorsAfterEach, launchBrowser } from './browser.ts';
import { startServer, type CreatedBoard, type TestServer } from './server.ts';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const CONNECTED = '[data-connection][data-state="connected"]';
export const WAIT = { timeout: 20_000 };

export interface Person {
  page: Page;
  /** Uncaught errors of the page so far. */
  errors: string[];
}

export interface PersonOptions {
  width?: number;
  height?: number;
  /** The interface language the person has chosen before (`en` by default). */
  locale?: 'en' | 'ja';
  /** `block` keeps the web client's service worker out (Playwright's context option). */
  serviceWorkers?: 'allow' | 'block';
}

export interface BrowserSession {
  readonly server: TestServer;
  /** A person's page in a fresh browser context, not yet on any board; `null`: no name yet. */
  blank(name: string | null, options?: PersonOptions): Promise<Person>;
  /** Opens `board` with the `role` link and waits until it is connected. */
  person(
    name: string,
    board: CreatedBoard,
    role: 'facilitator' | 'editor' | 'viewer',
    options?: PersonOptions,
  ): Promise<Person>;
  /** Saves a screenshot under `SHOT_DIR`, when set. */
  shot(page: Page, name: string): Promise<void>;
}

/** Registers the file's beforeAll/afterAll; call at the top of a `describe`. */
export function useBrowserSession(): BrowserSession {
  let server: TestServer | undefined;
  let browser: Browser | undefined;
  const contexts: BrowserContext[] = [];
  expectNoPageErrorsAfterEach();

  beforeAll(async () => {
    if (!fs.existsSync(path.join(ROOT, 'web/build/handler.js'))) {
      execFileSync('npm', ['run', 'build'], { cwd: ROOT, stdio: 'pipe', timeout: 240_000 });
    }
    [server, browser] = await Promise.all([startServer(), launchBrowser()]);
  }, 300_000);

  afterAll(async () => {
    for (const context of contexts) await context.close().catch(() => {});
    await browser?.close();
    await server?.stop();
  });

  const session: BrowserSession = {
    get server() {
      if (!server) throw new Error('the server starts in beforeAll');
      return server;
    },
    async blank(name, { width = 1400, height = 900, locale = 'en', serviceWorkers } = {}) {
      if (!browser) throw new Error('the browser starts in beforeAll');
      const context = await browser.newContext({ viewport: { width, height }, serviceWorkers });
      contexts.push(context);
      await context.addInitScript(
        ({ n, l }: { n: string | null; l: string }) => {
          // Also runs in frames with no storage (the first about:blank, the brief's sandbox).
          if (!location.protocol.startsWith('http') || window !== window.top) return;
          if (n !== null) localStorage.setItem('bb.name', n);
          localStorage.setItem('bb.locale', l);
        },
        { n: name, l: locale },
      );
      const page = await context.newPage();
      const errors: string[] = [];
      page.on('pageerror', (error) => errors.push(error.message));
      return { page, errors };
    },
    async person(name, board, role, options) {
      const person = await session.blank(name, options);
      await person.page.goto(`${session.server.baseUrl}/b/${board.id}?token=${board.tokens[role]}`);
      await person.page.waitForSelector(CONNECTED, WAIT);
      return person;
    },
    async shot(page, name) {
      const dir = process.env.SHOT_DIR;
      if (dir) await page.screenshot({ path: path.join(dir, `${name}.png`) });
    },
  };
  return session;
}
