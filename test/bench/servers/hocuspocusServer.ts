/**
 * Hocuspocus 3 as its users run it for the bench: its `Server` with the SQLite extension (which
 * stores the whole document state on every debounced store, the way its database extension
 * works), on PORT, with the database file in DATA_DIR. No hooks, no auth.
 */
import path from 'node:path';

// Installed by `npm run bench` into test/bench/servers/node_modules, not by the app's install: loaded by
// name so the project typechecks without them.
interface HocuspocusServer {
  listen(): Promise<unknown>;
  destroy(): Promise<void>;
}
type Constructor<T> = new (options: Record<string, unknown>) => T;
const hocuspocus = '@hocuspocus/server';
const sqliteExtension = '@hocuspocus/extension-sqlite';
const { Server } = (await import(hocuspocus)) as { Server: Constructor<HocuspocusServer> };
const { SQLite } = (await import(sqliteExtension)) as { SQLite: Constructor<object> };

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
