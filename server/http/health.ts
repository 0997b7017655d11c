/**
 * For operators: `/healthz` (the store and every backing service answer, else 503 with the
 * reason) and `/metrics` (Prometheus text).
 */
import type { Express } from 'express';
import type { BoardStore } from '../store/BoardStore.ts';
import { StorageUnavailableError, failureReason } from '../store/health.ts';
import type { ThrottledLog } from '../log/throttle.ts';
import { errorBody } from './errors.ts';

export interface HealthRoutesOptions {
  store: BoardStore;
  /** Extra checks (Redis when configured). */
  healthChecks?: (() => Promise<void>)[];
  metrics(): Record<string, number>;
  throttled: ThrottledLog;
}

export function healthRoutes(app: Express, opts: HealthRoutesOptions): void {
  app.get('/healthz', async (_req, res) => {
    try {
      await opts.store.ping();
      for (const check of opts.healthChecks ?? []) await check();
      res.json({ ok: true });
    } catch (error) {
      if (error instanceof StorageUnavailableError) {
        // Reported with its reason; the failure itself was logged where it happened.
        const reason = failureReason(error.failure);
        res.status(503).json({
          ok: false,
          ...errorBody('storage_unavailable', `storage full or failing: ${reason}`),
        });
        return;
      }
      opts.throttled('error', { err: error }, 'health check failed');
      res
        .status(503)
        .json({ ok: false, ...errorBody('unhealthy', 'a backing service does not answer') });
    }
  });

  app.get('/metrics', (_req, res) => {
    const lines = Object.entries(opts.metrics()).map(([k, v]) => `briefing_board_${k} ${v}`);
    res.type('text/plain').send(lines.join('\n') + '\n');
  });
}
