/**
 * Exact heap numbers from a running server without changing it: SIGUSR1 opens Node's
 * inspector on 127.0.0.1:9229, we check over it that we reached the right pid, force a full
 * GC (`HeapProfiler.collectGarbage`), read `process.memoryUsage()` and close the inspector
 * again. RSS alone cannot say what a loaded board costs: V8 keeps freed pages for a while.
 */
import fs from 'node:fs';
import WebSocket from 'ws';
import { sleep } from './stats.ts';

export interface GcMemory {
  heapUsed: number;
  external: number;
  arrayBuffers: number;
  rss: number;
}

const PORT = 9229;

async function inspectorUrl(deadline: number): Promise<string> {
  for (;;) {
    try {
      const res = await fetch(`http://127.0.0.1:${PORT}/json/list`);
      const list = (await res.json()) as { webSocketDebuggerUrl?: string }[];
      const url = list.find((t) => t.webSocketDebuggerUrl)?.webSocketDebuggerUrl;
      if (url) return url;
    } catch {
      /* not listening yet */
    }
    if (Date.now() > deadline) throw new Error('inspector did not open');
    await sleep(50);
  }
}

interface Session {
  call(method: string, params?: Record<string, unknown>): Promise<unknown>;
  evaluate(expression: string): Promise<unknown>;
  close(): Promise<void>;
}

/** Opens the inspector of `pid` (SIGUSR1) and a session on it, checked to be that pid. */
async function open(pid: number): Promise<Session> {
  process.kill(pid, 'SIGUSR1');
  const url = await inspectorUrl(Date.now() + 5_000);
  const ws = new WebSocket(url, { perMessageDeflate: false, maxPayload: 1024 * 1024 * 1024 });
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', reject);
  });
  let next = 0;
  const pending = new Map<number, (value: unknown) => void>();
  ws.on('message', (data: Buffer) => {
    const msg = JSON.parse(data.toString()) as { id?: number; result?: unknown };
    if (msg.id !== undefined) pending.get(msg.id)?.(msg.result);
  });
  const call = (method: string, params: Record<string, unknown> = {}) =>
    new Promise<unknown>((resolve, reject) => {
      const id = ++next;
      const timer = setTimeout(() => reject(new Error(`inspector ${method} timed out`)), 120_000);
      pending.set(id, (v) => {
        clearTimeout(timer);
        resolve(v);
      });
      ws.send(JSON.stringify({ id, method, params }));
    });
  const evaluate = async (expression: string): Promise<unknown> => {
    const r = (await call('Runtime.evaluate', { expression, returnByValue: true })) as {
      result: { value: unknown };
    };
    return r.result.value;
  };
  const close = async () => {
    // Closing the inspector ends this session before it can answer: do not wait for a reply.
    ws.send(
      JSON.stringify({
        id: ++next,
        method: 'Runtime.evaluate',
        params: {
          expression: "setImmediate(() => process.getBuiltinModule('node:inspector').close())",
        },
      }),
    );
    await sleep(200);
    ws.terminate();
    // Wait until the port is free again, so the next measurement opens a fresh inspector.
    for (let i = 0; i < 50; i++) {
      try {
        await fetch(`http://127.0.0.1:${PORT}/json/list`);
        await sleep(50);
      } catch {
        break;
      }
    }
  };
  const remotePid = await evaluate('process.pid');
  if (remotePid !== pid) {
    ws.terminate();
    throw new Error(`inspector on :${PORT} belongs to pid ${String(remotePid)}, not ${pid}`);
  }
  return { call, evaluate, close };
}

/** Full GC in process `pid`, then its memory usage. */
export async function gcAndMeasure(pid: number): Promise<GcMemory> {
  const session = await open(pid);
  try {
    await session.call('HeapProfiler.collectGarbage');
    await session.call('HeapProfiler.collectGarbage');
    return JSON.parse(
      (await session.evaluate('JSON.stringify(process.memoryUsage())')) as string,
    ) as GcMemory;
  } finally {
    await session.close();
  }
}

/**
 * Starts V8's CPU profiler in process `pid` (sampling every `intervalUs`); `stop` writes the
 * profile to `file` (a `.cpuprofile`, as `node --cpu-prof` would — which Node 20 refuses in
 * NODE_OPTIONS, so we cannot pass it through the tsx wrapper).
 */
export async function startProfiling(
  pid: number,
  intervalUs = 250,
): Promise<{ stop(file: string): Promise<void> }> {
  const session = await open(pid);
  await session.call('Profiler.enable');
  await session.call('Profiler.setSamplingInterval', { interval: intervalUs });
  await session.call('Profiler.start');
  return {
    async stop(file: string) {
      try {
        const { profile } = (await session.call('Profiler.stop')) as { profile: unknown };
        fs.writeFileSync(file, JSON.stringify(profile));
      } finally {
        await session.close();
      }
    },
  };
}
