/**
 * A real Chromium for end-to-end tests, found the way a person's machine has one (never
 * downloaded): `CHROME_PATH`, then the usual install locations. Under CI a missing browser
 * fails the run; on a developer machine the browser suites skip with a loud warning. Every
 * page's uncaught errors and console errors are collected, and a suite that calls
 * `expectNoPageErrorsAfterEach()` fails a test whose pages logged any.
 */
import fs from 'node:fs';
import { afterEach, expect } from 'vitest';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';

export const BROWSER_CANDIDATES = [
  '/usr/bin/chromium',
  '/usr/bin/chromium-browser',
  '/usr/bin/google-chrome',
  '/usr/bin/google-chrome-stable',
  '/snap/bin/chromium',
  '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome',
  '/Applications/Chromium.app/Contents/MacOS/Chromium',
];

export const BROWSER_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

function isExecutable(file: string): boolean {
  try {
    fs.accessSync(file, fs.constants.X_OK);
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
}

/** The browser to drive, or null when this machine has none. */
export function findBrowser(env: NodeJS.ProcessEnv = process.env): string | null {
  const candidates = env.CHROME_PATH
    ? [env.CHROME_PATH, ...BROWSER_CANDIDATES]
    : BROWSER_CANDIDATES;
  return candidates.find(isExecutable) ?? null;
}

/**
 * Whether browser suites can run here. Throws under CI when no browser is found (so the run
 * fails instead of passing without its browser tests); elsewhere warns and returns false.
 */
export function browserAvailable(env: NodeJS.ProcessEnv = process.env): boolean {
  if (findBrowser(env)) return true;
  const message =
    'No Chromium/Chrome found (set CHROME_PATH or install chromium): the browser end-to-end tests cannot run.';
  if (env.CI === 'true') throw new Error(message);
  console.warn(`\n*** ${message} They are SKIPPED. ***\n`);
  return false;
}

/**
 * Console errors a page may log without a fault of the app, each with why. Anything else a
 * page logs as an error, and every uncaught exception, fails the test that caused it.
 */
export const ALLOWED_CONSOLE_ERRORS: { pattern: RegExp; reason: string }[] = [];

/** What pages logged as errors since the last check (one file's pages: vitest isolates files). */
const pageErrors: string[] = [];
/** Console errors the current test provokes on purpose (cleared after each test). */
const allowedThisTest: { pattern: RegExp; reason: string }[] = [];

/**
 * For the current test only: console errors matching `pattern` are expected, for `reason`
 * (e.g. the browser logging the refusal of a forged link the test opens on purpose).
 */
export function allowConsoleErrors(pattern: RegExp, reason: string): void {
  allowedThisTest.push({ pattern, reason });
}

/** Collects `page`'s uncaught exceptions and console errors (less the allowed ones). */
export function watchPage(page: Page): void {
  page.on('pageerror', (error) => pageErrors.push(`${page.url()}: uncaught ${error.message}`));
  page.on('console', (message) => {
    if (message.type() !== 'error') return;
    const text = message.text();
    if ([...ALLOWED_CONSOLE_ERRORS, ...allowedThisTest].some((a) => a.pattern.test(text))) return;
    pageErrors.push(`${page.url()}: console.error ${text}`);
  });
}

/** Watches every page `context` opens. */
export function watchContext(context: BrowserContext): void {
  context.on('page', watchPage);
}

/** Call at the top of a browser suite: after each test, no watched page logged an error. */
export function expectNoPageErrorsAfterEach(): void {
  afterEach(() => {
    allowedThisTest.length = 0;
    const errors = pageErrors.splice(0);
    expect(errors, 'errors logged by the pages of this test').toEqual([]);
  });
}

/** Chromium; every context it opens has its pages watched (see `watchPage`). */
export async function launchBrowser(): Promise<Browser> {
  const executablePath = findBrowser();
  if (!executablePath) {
    browserAvailable();
    throw new Error('no browser to launch');
  }
  const browser = await chromium.launch({ executablePath, args: BROWSER_ARGS, headless: true });
  const newContext = browser.newContext.bind(browser);
  browser.newContext = async (...args) => {
    const context = await newContext(...args);
    watchContext(context);
    return context;
  };
  return browser;
}
