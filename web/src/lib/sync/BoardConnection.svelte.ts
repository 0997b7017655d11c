/**
 * One board's document in the browser: the Y.Doc, its IndexedDB copy (so edits made offline
 * survive a reload) and the y-websocket provider to the server, with the connection state as
 * runes. A close code the server means for good (bad token, other board, no such board, frame
 * too big, malformed) stops the provider for good and becomes `fatal`; it never reconnects
 * and resends in a loop. When the server's storage is full or failing (4507) it waits with
 * growing pauses (`storageRetry.ts`) and says so (`storageRetryIn`), rather than resyncing in a
 * loop. Browser only: construct it in `onMount` or a client-only page.
 */
import * as Y from 'yjs';
import { WebsocketProvider } from 'y-websocket';
import { IndexeddbPersistence } from 'y-indexeddb';
import { CLOSE, FINAL_CLOSE_CODES, SYNC_PATH } from '$shared/protocol.ts';
import { storageRetryDelay } from './storageRetry.ts';

export type ConnectionState = 'connected' | 'connecting' | 'offline';

export interface FatalClose {
  code: number;
  reason: string;
}

/** Attempts after which a board that keeps failing to connect is shown as offline. */
const OFFLINE_AFTER_FAILURES = 2;

export function syncUrl(loc: Pick<Location, 'protocol' | 'host'>): string {
  return `${loc.protocol === 'https:' ? 'wss' : 'ws'}://${loc.host}${SYNC_PATH}`;
}

/** Name of the IndexedDB database that keeps a board in this browser. */
export function localDbName(boardId: string): string {
  return `board-${boardId}`;
}

export class BoardConnection {
  readonly boardId: string;
  readonly doc: Y.Doc;
  readonly provider: WebsocketProvider;
  readonly persistence: IndexeddbPersistence;

  status = $state<'connected' | 'connecting' | 'disconnected'>('connecting');
  synced = $state(false);
  /** The IndexedDB copy has been read into the doc. */
  localLoaded = $state(false);
  browserOnline = $state(true);
  failures = $state(0);
  fatal = $state<FatalClose | null>(null);
  /** Seconds until the next try while the server's storage is failing; null otherwise. */
  storageRetryIn = $state<number | null>(null);

  readonly #cleanups: Array<() => void> = [];
  #storageFailures = 0;
  #storageTimer: ReturnType<typeof setTimeout> | undefined;
  #storageTicker: ReturnType<typeof setInterval> | undefined;

  constructor(boardId: string, token: string) {
    this.boardId = boardId;
    this.doc = new Y.Doc();
    this.persistence = new IndexeddbPersistence(localDbName(boardId), this.doc);
    this.persistence.whenSynced.then(
      () => (this.localLoaded = true),
      () => (this.localLoaded = true),
    );
    this.browserOnline = typeof navigator === 'undefined' ? true : navigator.onLine;
    this.provider = new WebsocketProvider(syncUrl(location), boardId, this.doc, {
      params: { token },
      connect: this.browserOnline,
      maxBackoffTime: 5000,
      // After a storage failure the provider stops; `#retryAfterStorageFailure` reconnects.
      shouldReconnect: (event) =>
        !FINAL_CLOSE_CODES.includes(event.code) && event.code !== CLOSE.STORAGE_FAILING,
    });

    const onStatus = ({ status }: { status: 'connected' | 'connecting' | 'disconnected' }) => {
      this.status = status;
      if (status === 'connected') this.failures = 0;
    };
    const onSync = (synced: boolean) => {
      this.synced = synced;
      if (synced) {
        this.failures = 0;
        this.#storageFailures = 0;
        this.#stopStorageRetry();
      }
    };
    const onClose = (event: CloseEvent | null) => {
      this.synced = false;
      if (event === null) return;
      if (FINAL_CLOSE_CODES.includes(event.code)) {
        this.provider.shouldConnect = false;
        this.fatal = { code: event.code, reason: event.reason };
        // Let the provider finish its own bookkeeping for this close, then stop it for good.
        queueMicrotask(() => this.provider.disconnect());
      } else if (event.code === CLOSE.STORAGE_FAILING) {
        this.failures++;
        this.#retryAfterStorageFailure();
      } else {
        this.failures++;
      }
    };
    const onError = () => {
      this.failures++;
    };
    this.provider.on('status', onStatus);
    this.provider.on('sync', onSync);
    this.provider.on('connection-close', onClose);
    this.provider.on('connection-error', onError);

    // The browser knows before the socket does that the network is gone: stop trying, and
    // pick up again (sending what was edited meanwhile) when it comes back.
    const goOffline = () => {
      this.browserOnline = false;
      this.provider.disconnect();
    };
    const goOnline = () => {
      this.browserOnline = true;
      if (!this.fatal) this.provider.connect();
    };
    window.addEventListener('offline', goOffline);
    window.addEventListener('online', goOnline);
    this.#cleanups.push(() => {
      window.removeEventListener('offline', goOffline);
      window.removeEventListener('online', goOnline);
    });
    this.#cleanups.push(() => this.#stopStorageRetry());
  }

  /** Waits a growing pause (counted down in `storageRetryIn`), then connects again. */
  #retryAfterStorageFailure(): void {
    this.#stopStorageRetry();
    const delay = storageRetryDelay(++this.#storageFailures);
    const at = Date.now() + delay;
    const tick = () => (this.storageRetryIn = Math.max(0, Math.ceil((at - Date.now()) / 1000)));
    tick();
    this.#storageTicker = setInterval(tick, 1000);
    this.#storageTimer = setTimeout(() => {
      clearInterval(this.#storageTicker);
      if (!this.fatal && this.browserOnline) this.provider.connect();
    }, delay);
  }

  #stopStorageRetry(): void {
    clearTimeout(this.#storageTimer);
    clearInterval(this.#storageTicker);
    this.storageRetryIn = null;
  }

  get state(): ConnectionState {
    if (this.fatal || !this.browserOnline) return 'offline';
    if (this.status === 'connected' && this.synced) return 'connected';
    if (this.failures >= OFFLINE_AFTER_FAILURES) return 'offline';
    return 'connecting';
  }

  /** The refusal means the link itself is wrong, not a passing failure. */
  get refused(): boolean {
    const code = this.fatal?.code;
    return code === CLOSE.UNAUTHORIZED || code === CLOSE.FORBIDDEN || code === CLOSE.NOT_FOUND;
  }

  /** Forgets this browser's copy of the board (after the server refused what it holds). */
  async clearLocalCopy(): Promise<void> {
    await this.persistence.clearData();
  }

  destroy(): void {
    for (const cleanup of this.#cleanups.splice(0)) cleanup();
    this.provider.destroy();
    void this.persistence.destroy();
    this.doc.destroy();
  }
}
