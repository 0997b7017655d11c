/**
 * Group fsync of one file (the SQLite store's WAL). Whoever wrote to the file asks `synced()`
 * and gets a promise that resolves once an fsync that began after that write has finished. One
 * fsync runs at a time, on libuv's thread pool, so the event loop never waits for the disk; all
 * who ask while it runs share the next one.
 */
import fs from 'node:fs';
import path from 'node:path';

export class FileSync {
  readonly #fd: number;
  #running: Promise<void> | null = null;
  #next: Promise<void> | null = null;
  /** fsyncs started, and finished (successfully or not), so far (tests). */
  started = 0;
  finished = 0;

  /** Opens `file`, which must exist, and syncs it and its directory once (the file's entry). */
  constructor(readonly file: string) {
    // Read and write: Windows flushes only a handle opened for writing.
    this.#fd = fs.openSync(file, 'r+');
    fs.fsyncSync(this.#fd);
    syncDirectory(path.dirname(file));
  }

  /** The inode synced (a test checks it is the file SQLite writes). */
  get inode(): number {
    return fs.fstatSync(this.#fd).ino;
  }

  synced(): Promise<void> {
    if (!this.#running) return this.#start();
    this.#next ??= this.#running
      .catch(() => {})
      .then(() => {
        this.#next = null;
        return this.#start();
      });
    return this.#next;
  }

  #start(): Promise<void> {
    this.started++;
    const run = new Promise<void>((resolve, reject) =>
      fs.fsync(this.#fd, (error) => (error ? reject(error) : resolve())),
    );
    this.#running = run;
    const done = () => {
      this.finished++;
      if (this.#running === run) this.#running = null;
    };
    run.then(done, done);
    return run;
  }

  /** Waits for the fsyncs asked for, then closes the file. */
  async close(): Promise<void> {
    while (this.#running || this.#next) await (this.#next ?? this.#running)?.catch(() => {});
    fs.closeSync(this.#fd);
  }
}

/**
 * Puts a directory's entries on disk. Windows cannot open a directory (EISDIR, EPERM); NTFS
 * journals a file's creation itself, so there is nothing to do there.
 */
function syncDirectory(dir: string): void {
  let fd: number;
  try {
    fd = fs.openSync(dir, 'r');
  } catch (error) {
    if (process.platform === 'win32') return;
    throw error;
  }
  try {
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}
