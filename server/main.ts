/**
 * `npm start`: read config → open store → build app → listen; on first start create the
 * U.S.–Japan seed board; print its three links; SIGTERM/SIGINT flush every board and exit.
 */
import { pino } from 'pino';
import { ConfigError, readConfig } from './config.ts';
import { startBoardServer } from './BoardServer.ts';

/** The seed board's id: stable, so its links are the same at every start. */
export const SEED_BOARD_ID = 'us-japan';

async function main(): Promise<void> {
  let config;
  try {
    config = readConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(`Configuration error — ${error.message}`);
      process.exit(2);
    }
    throw error;
  }
  const log = pino({ level: config.logLevel });
  const server = await startBoardServer(config, log);
  log.info(
    { port: server.port, store: config.store, dataDir: config.dataDir },
    `briefing board listening on ${config.publicUrl}`,
  );

  if (config.seedOnStart) {
    let seed = await server.store.getBoard(SEED_BOARD_ID);
    if (!seed && (await server.store.listBoards()).length === 0) {
      await server.boards.createFromTemplate(
        'us-japan-economic-security',
        undefined,
        SEED_BOARD_ID,
      );
      seed = await server.store.getBoard(SEED_BOARD_ID);
      log.info({ board: SEED_BOARD_ID }, 'created the U.S.–Japan seed board');
    }
    if (seed) {
      // The links carry tokens: they go to the console for the person starting the server,
      // never into the structured log.
      const links = server.boards.links(SEED_BOARD_ID);
      process.stdout.write(
        `\nSeed board “${seed.title}”\n` +
          `  facilitator  ${links.facilitator}\n` +
          `  editor       ${links.editor}\n` +
          `  viewer       ${links.viewer}\n\n`,
      );
    }
  }

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, 'shutting down: flushing boards');
    server
      .close()
      .then(() => process.exit(0))
      .catch((error: unknown) => {
        log.error({ err: error }, 'shutdown failed');
        process.exit(1);
      });
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
}

main().catch((error: unknown) => {
  console.error('briefing board failed to start:', error);
  process.exit(1);
});
