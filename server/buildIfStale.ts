/**
 * The web client's build, for `npm run build` (always) and `npm start` (`--if-stale`: only when
 * web/build is missing or was built from other sources), so a second start serves at once. A
 * build records a digest of its sources (read before it starts, so an edit made during the
 * build counts as a change); a copy or checkout of the same files is not mistaken for a change,
 * as a comparison of file times would be. `svelte-kit sync` runs first: it writes
 * web/.svelte-kit/tsconfig.json, which web/tsconfig.json extends and a fresh clone lacks.
 * Both also bundle the server into `server/dist` (`bundle.ts`: under a second, so at every
 * start, and `npm start` never runs an old bundle).
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { bundleServer } from './bundle.ts';
import { ROOT } from './paths.ts';

/** What the built client is made of (the client imports shared/ by relative path). */
export const WEB_SOURCES = [
  'web/src',
  'web/static',
  'shared',
  'web/svelte.config.js',
  'web/vite.config.ts',
  'web/vite',
  'web/tsconfig.json',
  'web/package.json',
  'package-lock.json',
];
export const BUILD_STAMP = 'web/build/.sources-sha256';

/** SHA-256 over the names and contents of every file under `paths`, in a fixed order. */
export function sourcesDigest(root: string, paths: readonly string[] = WEB_SOURCES): string {
  const hash = createHash('sha256');
  const visit = (relative: string) => {
    const file = path.join(root, relative);
    if (!fs.existsSync(file)) return;
    if (fs.statSync(file).isDirectory()) {
      for (const name of fs.readdirSync(file).sort()) visit(path.posix.join(relative, name));
      return;
    }
    hash.update(`${relative}\0`).update(fs.readFileSync(file)).update('\0');
  };
  for (const p of paths) visit(p);
  return hash.digest('hex');
}

/** Why web/build must be (re)built, or null when it was built from the sources as they are. */
export function staleReason(root = ROOT): string | null {
  if (!fs.existsSync(path.join(root, 'web/build/handler.js'))) return 'web/build is missing';
  let built: string;
  try {
    built = fs.readFileSync(path.join(root, BUILD_STAMP), 'utf8').trim();
  } catch {
    return 'web/build was not made by `npm run build`';
  }
  return built === sourcesDigest(root) ? null : 'the web sources changed since the last build';
}

/** Runs `svelte-kit sync` and `vite build` in web/, then records what the build was made from. */
export function build(root = ROOT): void {
  const digest = sourcesDigest(root);
  for (const [tool, ...args] of [
    ['svelte-kit', 'sync'],
    ['vite', 'build'],
  ]) {
    const bin = path.join(root, 'node_modules', '.bin', tool);
    const result = spawnSync(bin, args, { cwd: path.join(root, 'web'), stdio: 'inherit' });
    if (result.error || result.status !== 0)
      throw new Error(
        `\`${tool} ${args.join(' ')}\` failed${result.error ? `: ${result.error.message}` : ''}`,
      );
  }
  fs.writeFileSync(path.join(root, BUILD_STAMP), `${digest}\n`);
}

async function main(ifStale: boolean): Promise<number> {
  await bundleServer();
  const reason = ifStale ? staleReason() : 'npm run build';
  if (reason === null) {
    process.stdout.write('web client up to date (web/build)\n');
    return 0;
  }
  if (!fs.existsSync(path.join(ROOT, 'node_modules', '.bin', 'vite'))) {
    // An install without dev dependencies (`npm ci --omit=dev`) cannot build: it serves what
    // was built before it, or says how to get a build.
    if (ifStale && fs.existsSync(path.join(ROOT, 'web/build/handler.js'))) {
      console.warn(`${reason}, but the build tools are not installed: serving web/build as it is`);
      return 0;
    }
    console.error(
      'cannot build the web client: the build tools are not installed (an install with\n' +
        '--omit=dev). Build where they are (`npm ci && npm run build`), then `npm ci --omit=dev`.',
    );
    return 1;
  }
  if (ifStale) process.stdout.write(`building the web client: ${reason}\n`);
  build();
  return 0;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main(process.argv.includes('--if-stale')).then(
    (code) => (process.exitCode = code),
    (error: unknown) => {
      console.error((error as Error).message);
      process.exitCode = 1;
    },
  );
}
