/**
 * DURABILITY: what an update has reached when it is relayed — `fsync` (the default, the disk)
 * or `os` (the operating system; SQLite store only). A wrong value stops the server at start.
 */
import { describe, expect, it } from 'vitest';
import { ConfigError, readConfig } from '../../../server/config.ts';

describe('DURABILITY', () => {
  it('is fsync unless set to os', () => {
    expect(readConfig({}).durability).toBe('fsync');
    expect(readConfig({ DURABILITY: 'fsync' }).durability).toBe('fsync');
    expect(readConfig({ DURABILITY: 'os' }).durability).toBe('os');
  });

  it('refuses anything else, and os with another store, naming the variable', () => {
    expect(() => readConfig({ DURABILITY: 'none' })).toThrow(ConfigError);
    expect(() => readConfig({ DURABILITY: 'none' })).toThrow(/DURABILITY/);
    expect(() =>
      readConfig({ DURABILITY: 'os', STORE: 'postgres', DATABASE_URL: 'postgres://x@h/db' }),
    ).toThrow(/DURABILITY.*SQLite/);
  });
});
