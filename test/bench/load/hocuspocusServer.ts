/**
 * Hocuspocus 3 as its users run it for the bench: its `Server` with the SQLite extension (which
 * stores the whole document state on every debounced store, the way its database extension
 * works), on PORT, with the database file in DATA_DIR. No hooks, no auth.
 */
import path from 'node:path';
import { Server } from '@hocuspocus/server';
import { SQLite } from '@hocuspocus/extension-sqlite';

const port = Number(process.env.PORT);
const server = new Server({
  port,
  address: '127.0.0.1',
  quiet: true,
  extensions: [new SQLite({ database: path.join(process.env.DATA_DIR!, 'hocuspocus.sqlite') })],
});
await server.listen();
process.stdout.write(`listening ${port}\n`);
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => void server.destroy().then(() => process.exit(0)));
}
