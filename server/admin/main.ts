/**
 * `npm run admin -- <command>`: operator tasks on the store the environment configures (the
 * same variables as the server: STORE, DATA_DIR, DATABASE_URL, DATABASE_SCHEMA).
 *
 *   export-all <dir>   every board, with its snapshots, into a new folder
 *   import <dir>       every board of such a folder into the store (existing boards are kept)
 */
import { ConfigError, readConfig } from '../config.ts';
import { openBoardStore } from '../store/index.ts';
import { BackupError, exportAll, importAll } from './backup.ts';

const USAGE = `usage: npm run admin -- export-all <dir>
       npm run admin -- import <dir>
The store is the one STORE, DATA_DIR, DATABASE_URL and DATABASE_SCHEMA name, as for the server.`;

/** A line for the operator (the lint keeps console.log out of the server). */
const say = (line: string) => process.stdout.write(`${line}\n`);

async function main(args: string[]): Promise<number> {
  const [command, dir] = args;
  if (!dir || args.length !== 2 || !['export-all', 'import'].includes(command)) {
    console.error(USAGE);
    return 2;
  }
  const config = readConfig();
  const store = await openBoardStore(config);
  try {
    if (command === 'export-all') {
      const report = await exportAll(store, dir);
      for (const b of report.boards)
        say(`exported ${b.id}  “${b.title}”  (${b.snapshots} snapshots)`);
      say(`${report.boards.length} boards written to ${dir}`);
    } else {
      const report = await importAll(store, dir);
      for (const id of report.imported) say(`imported ${id}`);
      for (const id of report.skipped) say(`skipped ${id}: the store already has it`);
      say(`${report.imported.length} boards imported, ${report.skipped.length} already there`);
    }
    return 0;
  } finally {
    await store.close();
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    if (error instanceof BackupError || error instanceof ConfigError) {
      console.error(`admin: ${error.message}`);
      process.exit(1);
    }
    console.error('admin failed:', error);
    process.exit(1);
  },
);
