/**
 * May this connection change the board now? The one answer the sync rooms ask for: viewers
 * never, facilitators always, editors unless the board is locked (`canEditBoard`). The lock is
 * facilitation's; it tells `BoardLocks` (`set`, `read`), the rooms only ask (`canWrite`).
 *
 * With several processes the lock held here may be stale (a lost `session` message): an
 * editor's write is trusted only while the lock is `fresh` and no read of it is under way;
 * otherwise the answer is `'confirm'` — the room holds the update until `confirm` has read
 * the stored lock, then asks again.
 */
import { canEditBoard, type Role } from '../../shared/roles.ts';

export interface WritePolicy {
  /** `true` or `false`; `'confirm'`: ask again once `confirm` settles. */
  canWrite(boardId: string, role: Role): boolean | 'confirm';
  /** Reads the stored lock (one read at a time per board); rejects when it cannot. */
  confirm(boardId: string): Promise<void>;
}

export interface BoardLocksOptions {
  /** The stored lock of a board. */
  read(boardId: string): Promise<boolean>;
  /** Several processes: whether a lock confirmed at `confirmedAt` may still be trusted. */
  fresh?(confirmedAt: number): boolean;
}

interface Lock {
  locked: boolean;
  /** When it was read from the store or heard from the process that changed it. */
  confirmedAt: number;
}

/** The lock of every board loaded here, as facilitation last read or heard it. */
export class BoardLocks implements WritePolicy {
  readonly #opts: BoardLocksOptions;
  readonly #locks = new Map<string, Lock>();
  readonly #reading = new Map<string, Promise<void>>();

  constructor(opts: BoardLocksOptions) {
    this.#opts = opts;
  }

  /** The lock as read or heard at `confirmedAt`; an older answer arriving late changes nothing. */
  set(boardId: string, locked: boolean, confirmedAt = Date.now()): void {
    const known = this.#locks.get(boardId);
    if (known && confirmedAt < known.confirmedAt) return;
    this.#locks.set(boardId, { locked, confirmedAt });
  }

  /** Reads the stored lock and records it as of the moment the read started. */
  async read(boardId: string): Promise<void> {
    const startedAt = Date.now();
    this.set(boardId, await this.#opts.read(boardId), startedAt);
  }

  /** The board is no longer loaded here. */
  forget(boardId: string): void {
    this.#locks.delete(boardId);
  }

  canWrite(boardId: string, role: Role): boolean | 'confirm' {
    const lock = this.#locks.get(boardId);
    if (!canEditBoard(role, lock?.locked ?? false)) return false;
    // Only an editor's right depends on the lock.
    if (canEditBoard(role, true) || !this.#opts.fresh) return true;
    if (this.#reading.has(boardId) || !this.#opts.fresh(lock?.confirmedAt ?? 0)) return 'confirm';
    return true;
  }

  confirm(boardId: string): Promise<void> {
    let reading = this.#reading.get(boardId);
    if (!reading) {
      // Settles after the read is forgotten, so whoever awaits it is answered from the new lock.
      reading = this.read(boardId).finally(() => this.#reading.delete(boardId));
      this.#reading.set(boardId, reading);
    }
    return reading;
  }
}

/** No board is ever locked (rooms used without facilitation: tools and tests). */
export const UNLOCKED: WritePolicy = {
  canWrite: (_boardId, role) => canEditBoard(role, false),
  confirm: () => Promise.resolve(),
};
