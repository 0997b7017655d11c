/**
 * Stock y-websocket clients for tests, as a user's program would create them — with
 * `disableBc: true`, so clients in one process sync only through the server — and a helper
 * that retries an assertion until it holds.
 */
import * as Y from 'yjs';
import { WebsocketProvider } from 'y-websocket';
import WebSocket from 'ws';
import { expect } from 'vitest';

export interface TestClient {
  doc: Y.Doc;
  provider: WebsocketProvider;
  /** Close codes this client saw, in order. */
  closeCodes: number[];
  synced(): Promise<void>;
  destroy(): void;
}

export function connectClient(
  wsUrl: string,
  boardId: string,
  token: string,
  doc = new Y.Doc(),
): TestClient {
  const provider = new WebsocketProvider(wsUrl, boardId, doc, {
    params: { token },
    disableBc: true,
    WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
    maxBackoffTime: 300,
  });
  const closeCodes: number[] = [];
  provider.on('connection-close', (event: CloseEvent | null) => {
    if (event) closeCodes.push(event.code);
  });
  return {
    doc,
    provider,
    closeCodes,
    synced: () =>
      provider.synced
        ? Promise.resolve()
        : new Promise<void>((resolve) => {
            const onSync = (isSynced: boolean) => {
              if (!isSynced) return;
              provider.off('sync', onSync);
              resolve();
            };
            provider.on('sync', onSync);
          }),
    destroy: () => {
      provider.destroy();
      doc.destroy();
    },
  };
}

/** Retries `check` until it stops throwing, or rethrows its last error after `timeoutMs`. */
export async function eventually<T>(
  check: () => T | Promise<T>,
  timeoutMs = 10_000,
  intervalMs = 25,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await check();
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((r) => setTimeout(r, intervalMs));
    }
  }
}

/** A raw WebSocket to the sync endpoint, for frames no stock client would send. */
export function rawSocket(url: string): Promise<{
  ws: WebSocket;
  closed: Promise<{ code: number; reason: string }>;
  frames: Uint8Array[];
}> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url);
    const frames: Uint8Array[] = [];
    ws.binaryType = 'nodebuffer';
    ws.on('message', (data: Buffer) => frames.push(new Uint8Array(data)));
    const closed = new Promise<{ code: number; reason: string }>((res) =>
      ws.on('close', (code, reason) => res({ code, reason: reason.toString() })),
    );
    ws.once('open', () => resolve({ ws, closed, frames }));
    ws.once('error', reject);
  });
}

let markers = 0;

/**
 * The positive marker after a "did not happen" check: `from` sends a fresh presence field on
 * the same socket as what it sent before, and this resolves once `to` sees it. The server
 * handles one socket's frames in order, so by then it has handled (applied or dropped)
 * everything `from` sent earlier. Presence is relayed at once but an accepted update only once
 * stored: to show that an update was not relayed, follow this with an edit by a client that
 * may write and wait for `to` to see it (a board has one write queue, relayed in order).
 */
export async function marker(from: TestClient, to: TestClient, timeoutMs = 10_000): Promise<void> {
  const value = `m${++markers}-${Date.now()}`;
  from.provider.awareness.setLocalStateField('marker', value);
  await eventually(
    () =>
      expect(
        (to.provider.awareness.getStates().get(from.doc.clientID) as { marker?: string })?.marker,
      ).toBe(value),
    timeoutMs,
  );
}
