/**
 * For operators: `/healthz` (the process and its store work, else 503 with the reason),
 * `/readyz` (ready for traffic: the store and Redis, when configured, answer within
 * READY_TIMEOUT_MS) and `/metrics` (Prometheus text; behind `Authorization: Bearer
 * <METRICS_TOKEN>` when that is set).
 */
import { timingSafeEqual } from 'node:crypto';
import type { Express } from 'express';
import type { BoardStore } from '../store/BoardStore.ts';
import { StorageUnavailableError, failureReason } from '../store/health.ts';
import type { ThrottledLog } from '../log/throttle.ts';
import type { ServerMetrics } from '../metrics.ts';
import { errorBody } from './errors.ts';

/** A check that has not answered by then counts as failed (a Redis that hangs). */
export const READY_TIMEOUT_MS = 2000;

export interface HealthRoutesOptions {
  store: BoardStore;
  /** Backing services besides the store, by name (`redis` when configured). */
  healthChecks?: Record<string, () => Promise<void>>;
  metrics: ServerMetrics;
  /** When set, `/metrics` answers only requests bearing it. */
  metricsToken?: string;
  throttled: ThrottledLog;
}

function withTimeout(work: Promise<void>, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}

function sameSecret(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

export function healthRoutes(app: Express, opts: HealthRoutesOptions): void {
  app.get('/healthz', async (_req, res) => {
    try {
      await opts.store.ping();
      for (const check of Object.values(opts.healthChecks ?? {})) await check();
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

  app.get('/readyz', async (_req, res) => {
    const checks = { store: () => opts.store.ping(), ...opts.healthChecks };
    const failed: string[] = [];
    await Promise.all(
      Object.entries(checks).map(([name, check]) =>
        withTimeout(check(), READY_TIMEOUT_MS).catch(() => failed.push(name)),
      ),
    );
    if (!failed.length) {
      res.json({ ok: true });
      return;
    }
    opts.throttled('warn', { failed }, 'not ready');
    res.status(503).json({
      ok: false,
      ...errorBody('not_ready', `not answering: ${failed.sort().join(', ')}`),
    });
  });

  app.get('/metrics', async (req, res) => {
    if (opts.metricsToken) {
      const header = req.get('authorization') ?? '';
      if (!header.startsWith('Bearer ') || !sameSecret(header.slice(7).trim(), opts.metricsToken)) {
        res.status(401).json(errorBody('unauthorized', 'metrics need the METRICS_TOKEN'));
        return;
      }
    }
    res.type(opts.metrics.contentType).send(await opts.metrics.text());
  });
}
