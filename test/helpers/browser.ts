/**
 * A real Chromium for end-to-end tests, found the way a person's machine has one (never
 * downloaded): `CHROME_PATH`, then the usual install locations. Under CI a missing browser
 * fails the run; on a developer machine the browser suites skip with a loud warning.
 */
import fs from 'node:fs';
import { chromium, type Browser } from 'playwright-core';

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

export async function launchBrowser(): Promise<Browser> {
  const executablePath = findBrowser();
  if (!executablePath) {
    browserAvailable();
    throw new Error('no browser to launch');
  }
  return chromium.launch({ executablePath, args: BROWSER_ARGS, headless: true });
}
