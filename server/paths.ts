/**
 * Where the repository is, from wherever the server's code runs: `server/**.ts` under tsx, or
 * the bundle in `server/dist/` (`npm start`). Files read at run time (the seeds, the built web
 * client) are found from here, never from a module's own folder, which the bundle flattens.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

function findRoot(from: string): string {
  for (let dir = from; ; dir = path.dirname(dir)) {
    if (fs.existsSync(path.join(dir, 'package.json')) && fs.existsSync(path.join(dir, 'seeds')))
      return dir;
    if (path.dirname(dir) === dir) throw new Error(`no repository root above ${from}`);
  }
}

export const ROOT = findRoot(path.dirname(fileURLToPath(import.meta.url)));
