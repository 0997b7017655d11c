import { describe, expect, it } from 'vitest';
import {
  STORAGE_RETRY_FIRST_MS,
  STORAGE_RETRY_MAX_MS,
  storageRetryDelay,
} from '../../../web/src/lib/sync/storageRetry.ts';

describe('the pause after a storage failure (close 4507)', () => {
  it('starts at 2 s, doubles each time and stops growing at a minute', () => {
    const middle = () => 0.5; // no spread
    expect([1, 2, 3, 4, 5, 6, 7, 20].map((n) => storageRetryDelay(n, middle))).toEqual([
      2_000, 4_000, 8_000, 16_000, 32_000, 60_000, 60_000, 60_000,
    ]);
  });

  it('spreads each pause by ±20 % so many browsers do not return at once', () => {
    expect(storageRetryDelay(1, () => 0)).toBe(STORAGE_RETRY_FIRST_MS * 0.8);
    expect(storageRetryDelay(1, () => 1)).toBe(STORAGE_RETRY_FIRST_MS * 1.2);
    expect(storageRetryDelay(99, () => 1)).toBe(STORAGE_RETRY_MAX_MS * 1.2);
  });
});
