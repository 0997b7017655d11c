/**
 * The benchmark's child processes and what /proc says about them. Every process the bench
 * starts (servers, the node behind a tsx wrapper, load workers) is registered here, so one
 * call — on success, on error or on Ctrl-C — kills them all by pid and nothing outlives us.
 */
import { execFileSync, fork, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

const tracked = new Set<ChildProcess>();
const trackedPids = new Set<number>();

export function track(child: ChildProcess): ChildProcess {
  tracked.add(child);
  child.once('exit', () => tracked.delete(child));
  return child;
}

/** A pid we did not spawn directly (the node process under a tsx wrapper). */
export function trackPid(pid: number): void {
  trackedPids.add(pid);
}

export function untrackPid(pid: number): void {
  trackedPids.delete(pid);
}

export function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** SIGKILLs every process this bench started that is still running. */
export function killAll(): void {
  for (const pid of trackedPids) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      /* already gone */
    }
  }
  trackedPids.clear();
  for (const child of tracked) {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  }
  tracked.clear();
}

let installed = false;
/** Kill the children on any way out of this process. */
export function installCleanup(): void {
  if (installed) return;
  installed = true;
  process.on('exit', killAll);
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.on(signal, () => {
      killAll();
      process.exit(130);
    });
  }
}

const CLK_TCK = (() => {
  try {
    return Number(execFileSync('getconf', ['CLK_TCK']).toString().trim()) || 100;
  } catch {
    return 100;
  }
})();

export interface ProcUsage {
  /** User + system CPU seconds since the process started. */
  cpuSec: number;
  rssBytes: number;
  /** Bytes this process caused to be written to storage (/proc/<pid>/io write_bytes). */
  writeBytes: number;
}

export function usage(pid: number): ProcUsage {
  const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
  // Fields after the command name (which may contain spaces) start at ") ".
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const utime = Number(fields[11]);
  const stime = Number(fields[12]);
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  const rss = /VmRSS:\s+(\d+) kB/.exec(status);
  let writeBytes = NaN;
  try {
    const io = fs.readFileSync(`/proc/${pid}/io`, 'utf8');
    writeBytes = Number(/write_bytes:\s+(\d+)/.exec(io)?.[1] ?? NaN);
  } catch {
    /* not readable here */
  }
  return {
    cpuSec: (utime + stime) / CLK_TCK,
    rssBytes: rss ? Number(rss[1]) * 1024 : NaN,
    writeBytes,
  };
}

export function childrenOf(pid: number): number[] {
  const out: number[] = [];
  let tasks: string[] = [];
  try {
    tasks = fs.readdirSync(`/proc/${pid}/task`);
  } catch {
    return out;
  }
  for (const task of tasks) {
    try {
      const text = fs.readFileSync(`/proc/${pid}/task/${task}/children`, 'utf8').trim();
      if (text) out.push(...text.split(/\s+/).map(Number));
    } catch {
      /* task ended */
    }
  }
  return out;
}

export function cmdline(pid: number): string {
  try {
    return fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ');
  } catch {
    return '';
  }
}

/**
 * The process actually running `script`: `pid` itself, or the descendant whose command line
 * names it (tsx runs the program in a child node process).
 */
export function findProgramPid(pid: number, script: string): number {
  const queue = [pid];
  while (queue.length) {
    const p = queue.shift()!;
    const cmd = cmdline(p);
    if (p !== pid && cmd.includes(script) && cmd.includes('node')) return p;
    queue.push(...childrenOf(p));
  }
  if (cmdline(pid).includes(script)) return pid;
  throw new Error(`no process running ${script} under pid ${pid}`);
}

/** Samples a process's RSS until stopped; reports the peak. */
export class RssSampler {
  #peak = 0;
  readonly #timer: NodeJS.Timeout;
  constructor(
    readonly pid: number,
    intervalMs = 250,
  ) {
    this.#sample();
    this.#timer = setInterval(() => this.#sample(), intervalMs);
  }
  #sample(): void {
    try {
      this.#peak = Math.max(this.#peak, usage(this.pid).rssBytes);
    } catch {
      /* process gone */
    }
  }
  stop(): number {
    clearInterval(this.#timer);
    this.#sample();
    return this.#peak;
  }
}

export function loadAverage(): number {
  try {
    return Number(fs.readFileSync('/proc/loadavg', 'utf8').split(' ')[0]);
  } catch {
    return NaN;
  }
}

// ---- load-generator workers -------------------------------------------------------------

const WORKER = path.join(ROOT, 'test/bench/load/worker.ts');

interface Reply {
  id: number;
  result?: unknown;
  error?: string;
}

interface WorkerEvent {
  event: string;
  data?: unknown;
}

/** A load-generator process, driven by request/response messages over IPC. */
export class LoadWorker {
  readonly child: ChildProcess;
  #next = 0;
  readonly #pending = new Map<number, { resolve(v: unknown): void; reject(e: Error): void }>();
  readonly #listeners = new Map<string, ((data: unknown) => void)[]>();
  readonly #exited: Promise<void>;

  constructor(readonly name: string) {
    this.child = track(
      fork(WORKER, [name], {
        cwd: ROOT,
        execArgv: ['--import', 'tsx', '--max-old-space-size=4096'],
        stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
      }),
    );
    this.child.on('message', (message: Reply | WorkerEvent) => {
      if ('event' in message) {
        for (const listener of this.#listeners.get(message.event) ?? []) listener(message.data);
        return;
      }
      const pending = this.#pending.get(message.id);
      if (!pending) return;
      this.#pending.delete(message.id);
      if (message.error !== undefined) pending.reject(new Error(`${name}: ${message.error}`));
      else pending.resolve(message.result);
    });
    this.#exited = new Promise((resolve) =>
      this.child.once('exit', (code, signal) => {
        for (const p of this.#pending.values())
          p.reject(new Error(`worker ${name} exited (${code ?? signal})`));
        this.#pending.clear();
        resolve();
      }),
    );
  }

  get pid(): number {
    return this.child.pid!;
  }

  call<T>(op: string, args: unknown = {}, timeoutMs = 300_000): Promise<T> {
    const id = ++this.#next;
    return new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.#pending.delete(id);
        reject(new Error(`${this.name}: ${op} timed out after ${timeoutMs} ms`));
      }, timeoutMs);
      this.#pending.set(id, {
        resolve: (v) => {
          clearTimeout(timer);
          resolve(v as T);
        },
        reject: (e) => {
          clearTimeout(timer);
          reject(e);
        },
      });
      this.child.send({ id, op, args });
    });
  }

  on(event: string, listener: (data: unknown) => void): void {
    const list = this.#listeners.get(event) ?? [];
    list.push(listener);
    this.#listeners.set(event, list);
  }

  once(event: string): Promise<unknown> {
    return new Promise((resolve) => {
      const listener = (data: unknown) => {
        const list = this.#listeners.get(event) ?? [];
        this.#listeners.set(
          event,
          list.filter((l) => l !== listener),
        );
        resolve(data);
      };
      this.on(event, listener);
    });
  }

  async stop(): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    this.child.kill('SIGTERM');
    const timer = setTimeout(() => this.child.kill('SIGKILL'), 3_000);
    await this.#exited;
    clearTimeout(timer);
  }
}
