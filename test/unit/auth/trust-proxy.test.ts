/**
 * TRUST_PROXY is read with express's "trust proxy" values and compiled once for every limit:
 * off by default (X-Forwarded-For ignored), `true`, a hop count, or addresses/CIDRs; a bad
 * value stops the server with a message naming the variable.
 */
import type { IncomingMessage } from 'node:http';
import { describe, expect, it } from 'vitest';
import { ConfigError, readConfig } from '../../../server/config.ts';
import { clientAddress, compileTrust } from '../../../server/http/clientAddress.ts';

const behindProxy = (peer: string, forwardedFor: string) =>
  ({
    socket: { remoteAddress: peer },
    connection: { remoteAddress: peer },
    headers: { 'x-forwarded-for': forwardedFor },
  }) as unknown as IncomingMessage;

const address = (trustProxy: string | undefined, peer: string, forwardedFor: string) =>
  clientAddress(
    behindProxy(peer, forwardedFor),
    compileTrust(readConfig({ TRUST_PROXY: trustProxy }).trustProxy),
  );

describe('TRUST_PROXY', () => {
  it('ignores X-Forwarded-For unless told which proxies to trust', () => {
    expect(readConfig({}).trustProxy).toBe(false);
    expect(address(undefined, '127.0.0.1', '203.0.113.5')).toBe('127.0.0.1');
    expect(address('false', '127.0.0.1', '203.0.113.5')).toBe('127.0.0.1');
    expect(address('0', '127.0.0.1', '203.0.113.5')).toBe('127.0.0.1');
  });

  it('believes the trusted hops only', () => {
    expect(address('1', '127.0.0.1', '198.51.100.1, 203.0.113.5')).toBe('203.0.113.5');
    expect(address('2', '127.0.0.1', '198.51.100.1, 203.0.113.5')).toBe('198.51.100.1');
    expect(address('true', '127.0.0.1', '198.51.100.1, 203.0.113.5')).toBe('198.51.100.1');
    expect(address('loopback', '127.0.0.1', '203.0.113.5')).toBe('203.0.113.5');
    expect(address('loopback', '192.0.2.9', '203.0.113.5')).toBe('192.0.2.9');
    expect(address('10.0.0.0/8, loopback', '10.1.2.3', '203.0.113.5')).toBe('203.0.113.5');
  });

  it('refuses a value that is not an address, naming the variable', () => {
    expect(() => readConfig({ TRUST_PROXY: 'not-an-address' })).toThrow(ConfigError);
    expect(() => readConfig({ TRUST_PROXY: 'not-an-address' })).toThrow(/^TRUST_PROXY:/);
  });
});
