/**
 * Every number the server reports, in one Prometheus registry (prom-client) served at `/metrics`.
 * Two parts: what belongs to the process (Node's default metrics with event-loop lag, and the
 * three histograms the hot paths observe with a one-line call: an edit from received to
 * relayed, a store commit, a PDF render) and what belongs to one running server (its
 * connections, loaded boards and counters, read from the server when scraped). Several servers
 * in one process (tests) each have their own second part and share the first.
 */
import {
  collectDefaultMetrics,
  Counter,
  Gauge,
  Histogram,
  Registry,
  type CollectFunction,
} from 'prom-client';

const PREFIX = 'briefing_board_';

/** The process's registry; default metrics start with the first server (not in the admin CLI). */
const processRegistry = new Registry();
let defaultsStarted = false;

/** From an editor's update applied to its board to that update sent to the board's other connections (includes the store append). */
export const relaySeconds = new Histogram({
  name: `${PREFIX}update_relay_seconds`,
  help: 'Seconds from an edit received to it relayed to the board’s other connections (stored first)',
  buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
  registers: [processRegistry],
});

/** One append of updates to a board's log, until the store says it is durable. */
export const storeCommitSeconds = new Histogram({
  name: `${PREFIX}store_commit_seconds`,
  help: 'Seconds one append of edits to the store takes until it is durable',
  buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
  registers: [processRegistry],
});

/** One PDF brief rendered (a cached PDF is not rendered again). */
export const pdfRenderSeconds = new Histogram({
  name: `${PREFIX}pdf_render_seconds`,
  help: 'Seconds one PDF brief takes to render (cache hits are not rendered)',
  buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60],
  registers: [processRegistry],
});

/** Seconds since `start` (a `performance.now()` reading). */
export const secondsSince = (start: number): number => (performance.now() - start) / 1000;

/** Runs `work`, observing how long it took in `histogram` when it succeeds. */
export async function timed<T>(histogram: Histogram, work: () => Promise<T>): Promise<T> {
  const start = performance.now();
  const result = await work();
  histogram.observe(secondsSince(start));
  return result;
}

/** A number read from the server when scraped: [help, read]. */
export type Reading = [help: string, read: () => number | Promise<number>];

export interface ServerReadings {
  /** Values that go up and down (connections, loaded boards, bytes). */
  gauges: Record<string, Reading>;
  /** Totals since the server started. Names end in `_total`. */
  counters: Record<string, Reading>;
}

/** One server's registry: its readings, plus the process's metrics when served. */
export class ServerMetrics {
  readonly #registry = new Registry();

  constructor(readings: ServerReadings) {
    if (!defaultsStarted) {
      defaultsStarted = true;
      collectDefaultMetrics({ register: processRegistry, eventLoopMonitoringPrecision: 10 });
    }
    for (const [name, [help, read]] of Object.entries(readings.gauges)) {
      const collect: CollectFunction<Gauge> = async function () {
        this.set(await read());
      };
      new Gauge({ name: PREFIX + name, help, registers: [this.#registry], collect });
    }
    for (const [name, [help, read]] of Object.entries(readings.counters)) {
      // The server keeps the count; the counter shows it as read.
      const collect: CollectFunction<Counter> = async function () {
        const value = await read();
        this.reset();
        this.inc(value);
      };
      new Counter({ name: PREFIX + name, help, registers: [this.#registry], collect });
    }
  }

  readonly contentType = processRegistry.contentType;

  /** The Prometheus text exposition of the process and this server. */
  text(): Promise<string> {
    return Registry.merge([processRegistry, this.#registry]).metrics();
  }
}
