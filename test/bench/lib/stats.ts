/**
 * Latency histograms that many processes fill and one merges (a million samples cost 60 KB,
 * not 8 MB over IPC), plus the medians and formatting the tables use.
 */

/** 20 µs buckets up to 100 ms, then 1 ms buckets up to 10 s, then one overflow bucket. */
const FINE_US = 20;
const FINE_LIMIT_US = 100_000;
const COARSE_US = 1_000;
const COARSE_LIMIT_US = 10_000_000;
const FINE_BUCKETS = FINE_LIMIT_US / FINE_US;
const BUCKETS = FINE_BUCKETS + (COARSE_LIMIT_US - FINE_LIMIT_US) / COARSE_US + 1;

export interface HistogramJSON {
  /** Sparse: [bucket, count] pairs. */
  buckets: [number, number][];
  count: number;
  sumUs: number;
  maxUs: number;
}

export class LatencyHistogram {
  readonly #counts = new Uint32Array(BUCKETS);
  count = 0;
  sumUs = 0;
  maxUs = 0;

  record(us: number): void {
    const v = us < 0 ? 0 : us;
    const i =
      v < FINE_LIMIT_US
        ? Math.floor(v / FINE_US)
        : v < COARSE_LIMIT_US
          ? FINE_BUCKETS + Math.floor((v - FINE_LIMIT_US) / COARSE_US)
          : BUCKETS - 1;
    this.#counts[i]++;
    this.count++;
    this.sumUs += v;
    if (v > this.maxUs) this.maxUs = v;
  }

  merge(other: HistogramJSON): void {
    for (const [i, n] of other.buckets) this.#counts[i] += n;
    this.count += other.count;
    this.sumUs += other.sumUs;
    this.maxUs = Math.max(this.maxUs, other.maxUs);
  }

  /** The q-quantile in milliseconds (bucket midpoint), NaN when empty. */
  quantileMs(q: number): number {
    if (this.count === 0) return NaN;
    const rank = Math.max(1, Math.ceil(q * this.count));
    let seen = 0;
    for (let i = 0; i < BUCKETS; i++) {
      seen += this.#counts[i];
      if (seen >= rank) {
        if (i === BUCKETS - 1) return this.maxUs / 1000;
        const mid =
          i < FINE_BUCKETS
            ? (i + 0.5) * FINE_US
            : FINE_LIMIT_US + (i - FINE_BUCKETS + 0.5) * COARSE_US;
        return Math.min(mid, this.maxUs) / 1000;
      }
    }
    return this.maxUs / 1000;
  }

  summary(): { n: number; p50: number; p99: number; max: number; mean: number } {
    return {
      n: this.count,
      p50: this.quantileMs(0.5),
      p99: this.quantileMs(0.99),
      max: this.maxUs / 1000,
      mean: this.count ? this.sumUs / this.count / 1000 : NaN,
    };
  }

  toJSON(): HistogramJSON {
    const buckets: [number, number][] = [];
    for (let i = 0; i < BUCKETS; i++) if (this.#counts[i]) buckets.push([i, this.#counts[i]]);
    return { buckets, count: this.count, sumUs: this.sumUs, maxUs: this.maxUs };
  }

  reset(): void {
    this.#counts.fill(0);
    this.count = 0;
    this.sumUs = 0;
    this.maxUs = 0;
  }
}

export function median(values: readonly number[]): number {
  const xs = values.filter((v) => Number.isFinite(v)).sort((a, b) => a - b);
  if (xs.length === 0) return NaN;
  const mid = xs.length >> 1;
  return xs.length % 2 ? xs[mid] : (xs[mid - 1] + xs[mid]) / 2;
}

/** Monotonic microseconds, the same clock in every process of this machine (CLOCK_MONOTONIC). */
export function nowUs(): number {
  return Number(process.hrtime.bigint() / 1000n);
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** A number for a table cell: 3 significant digits, or "—" when not a number. */
export function fmt(value: number, unit = ''): string {
  if (!Number.isFinite(value)) return '—';
  const abs = Math.abs(value);
  const text =
    Number.isInteger(value) && abs < 100
      ? String(value)
      : abs >= 100
        ? Math.round(value).toLocaleString('en-US')
        : abs >= 10
          ? value.toFixed(1)
          : abs >= 1
            ? value.toFixed(2)
            : value.toPrecision(2);
  return unit ? `${text} ${unit}` : text;
}

export function mb(bytes: number): number {
  return bytes / (1024 * 1024);
}

export function kb(bytes: number): number {
  return bytes / 1024;
}
