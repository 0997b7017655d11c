/**
 * Who is asking: the client's address as express works it out behind trusted proxies
 * (`TRUST_PROXY`, express's "trust proxy" semantics, compiled once with proxy-addr), and the
 * per-address limit on connection attempts that the y-websocket and socket.io endpoints both
 * apply. Without TRUST_PROXY, X-Forwarded-For is ignored: a client cannot pick its own bucket.
 */
import type { IncomingMessage } from 'node:http';
import proxyaddr from 'proxy-addr';
import { MemoryStore } from 'express-rate-limit';

/** `TRUST_PROXY` as configured: off, every hop, a hop count, or proxy addresses/CIDRs/names. */
export type TrustProxy = boolean | number | string[];

/** Whether the hop at `address` (`hop` counted from the server) is a proxy we trust. */
export type Trust = (address: string, hop: number) => boolean;

/** The same function express builds from its "trust proxy" setting. */
export function compileTrust(setting: TrustProxy): Trust {
  if (setting === true) return () => true;
  if (setting === false) return () => false;
  if (typeof setting === 'number') return (_address, hop) => hop < setting;
  return proxyaddr.compile(setting);
}

/** The request's client: the socket's peer, or the nearest untrusted X-Forwarded-For entry. */
export function clientAddress(request: IncomingMessage, trust: Trust): string {
  // proxy-addr reads `req.connection`, which a destroyed socket may lack.
  if (!request.socket?.remoteAddress) return 'unknown';
  return proxyaddr(request, trust) || 'unknown';
}

/** Counts connection attempts per client address over a minute (express-rate-limit's store). */
export class ConnectionLimit {
  readonly #attempts = new MemoryStore();

  constructor(
    readonly perMinute: number,
    readonly trust: Trust,
  ) {
    this.#attempts.init({ windowMs: 60_000 } as Parameters<MemoryStore['init']>[0]);
  }

  /** Counts one attempt by `request`'s client; `allowed` is false past the limit. */
  async admit(request: IncomingMessage): Promise<{ allowed: boolean; address: string }> {
    const address = clientAddress(request, this.trust);
    const { totalHits } = await this.#attempts.increment(address);
    return { allowed: totalHits <= this.perMinute, address };
  }

  shutdown(): void {
    this.#attempts.shutdown();
  }
}
