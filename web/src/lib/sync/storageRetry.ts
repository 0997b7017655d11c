/**
 * How long the web client waits before reconnecting after the server said its storage is full
 * or failing (close 4507): 2 s, then twice as long each time up to a minute, each pause spread by
 * ±20 % so that the browsers of a whole workshop do not all come back in the same instant.
 */
export const STORAGE_RETRY_FIRST_MS = 2_000;
export const STORAGE_RETRY_MAX_MS = 60_000;

/** The pause before attempt `failures + 1` (`failures` ≥ 1: storage closes seen in a row). */
export function storageRetryDelay(failures: number, random: () => number = Math.random): number {
  const base = Math.min(
    STORAGE_RETRY_MAX_MS,
    STORAGE_RETRY_FIRST_MS * 2 ** Math.max(0, failures - 1),
  );
  return Math.round(base * (0.8 + 0.4 * random()));
}
