/**
 * A load-generator process. The orchestrator (`run.ts`) forks a few of these so the clients
 * do not share an event loop with each other or with the measuring code; each one is driven
 * over IPC by `{id, op, args}` requests. Readers are lean (no Y.Doc: they scan frames for
 * writers' markers); writers and board clients hold a real Y.Doc and type through the board
 * model. Every op is bounded in time, and the process exits when its parent goes away.
 */
import { monitorEventLoopDelay } from 'node:perf_hooks';
import * as Y from 'yjs';
import { boardTypes, cardText } from '../../../shared/board/index.ts';
import { LatencyHistogram, nowUs, sleep, type HistogramJSON } from '../lib/stats.ts';
import { WireClient, marker, scanMarkers, updateFrame } from '../lib/wire.ts';

const name = process.argv[2] ?? 'worker';
const eld = monitorEventLoopDelay({ resolution: 10 });
eld.enable();

const clients = new Set<WireClient>();
const hist = new LatencyHistogram();
let receipts = 0;
let duplicates = 0;
let outOfOrder = 0;
let maxWriters = 64;

function emit(event: string, data?: unknown): void {
  process.send?.({ event, data });
}

async function inBatches<T>(
  items: readonly T[],
  size: number,
  work: (item: T, i: number) => Promise<void>,
): Promise<number> {
  let failed = 0;
  for (let i = 0; i < items.length; i += size) {
    const batch = items.slice(i, i + size);
    const results = await Promise.allSettled(batch.map((item, j) => work(item, i + j)));
    failed += results.filter((r) => r.status === 'rejected').length;
  }
  return failed;
}

async function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      promise,
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`${what}: timed out after ${ms} ms`)), ms);
      }),
    ]);
  } finally {
    clearTimeout(timer);
  }
}

// ---- readers -----------------------------------------------------------------------------

interface ReadersArgs {
  urls: string[];
  concurrency?: number;
  writers?: number;
}

async function readersConnect(args: ReadersArgs) {
  maxWriters = args.writers ?? 64;
  const started = Date.now();
  const failed = await inBatches(args.urls, args.concurrency ?? 50, async (url) => {
    const last = new Int32Array(maxWriters).fill(-1);
    const client = new WireClient(url, {
      onPayload: (frame, kind, at) => {
        if (kind !== 'update') return;
        scanMarkers(frame, (writer, seq, sentUs, measured) => {
          if (!measured || writer >= maxWriters) return;
          if (seq <= last[writer]) {
            if (seq === last[writer]) duplicates++;
            else outOfOrder++;
            return;
          }
          last[writer] = seq;
          receipts++;
          hist.record(at - sentUs);
        });
      },
    });
    clients.add(client);
    await withTimeout(client.synced(), 60_000, 'reader sync');
  });
  return { connected: args.urls.length - failed, failed, ms: Date.now() - started };
}

// ---- writers (fan-out) -------------------------------------------------------------------

interface Writer {
  index: number;
  doc: Y.Doc;
  client: WireClient;
  text: Y.Text;
  seq: number;
  measuredSent: number;
  bytesSent: number;
}

const writers: Writer[] = [];

/** The reference with persistence answers before its store has loaded: wait for the card. */
async function waitForCard(doc: Y.Doc, cardId: string): Promise<void> {
  const cards = boardTypes(doc).cards;
  for (let waited = 0; !cards.has(cardId); waited += 20) {
    if (waited > 30_000) throw new Error(`card ${cardId} never arrived`);
    await sleep(20);
  }
}

type MarkerVisitor = (
  self: Writer,
  writer: number,
  seq: number,
  sentUs: number,
  measured: boolean,
  at: number,
) => void;

/** A typist with a real Y.Doc; `onMarker` hears every marker in the updates it receives. */
async function connectWriter(
  url: string,
  index: number,
  cardId: string,
  onMarker?: MarkerVisitor,
): Promise<Writer> {
  const doc = new Y.Doc();
  let self: Writer | null = null;
  const client = new WireClient(url, {
    doc,
    onPayload: onMarker
      ? (frame, kind, at) => {
          if (kind !== 'update' || !self) return;
          const w = self;
          scanMarkers(frame, (writer, seq, sentUs, measured) =>
            onMarker(w, writer, seq, sentUs, measured, at),
          );
        }
      : undefined,
  });
  await withTimeout(client.synced(), 60_000, 'writer sync');
  await waitForCard(doc, cardId);
  const created: Writer = {
    index,
    doc,
    client,
    text: cardText(doc, cardId, 'body'),
    seq: 0,
    measuredSent: 0,
    bytesSent: 0,
  };
  doc.on('update', (update: Uint8Array, origin: unknown) => {
    if (origin !== client) created.bytesSent += update.length;
  });
  self = created;
  return created;
}

function type(w: Writer, measured: boolean): void {
  w.text.insert(w.text.length, marker(w.index, w.seq++, measured));
  if (measured) w.measuredSent++;
}

interface WritersArgs {
  urls: string[];
  cardIds: string[];
  firstIndex: number;
  ratePerSec: number;
  warmupMs: number;
  measureMs: number;
}

async function writersRun(args: WritersArgs) {
  const created = await Promise.all(
    args.urls.map((url, i) =>
      connectWriter(url, args.firstIndex + i, args.cardIds[i % args.cardIds.length]),
    ),
  );
  writers.push(...created);
  const period = 1000 / args.ratePerSec;
  let measured = false;
  const timers: NodeJS.Timeout[] = [];
  // Independent typists: each on its own timer, started a fraction of a period apart.
  created.forEach((w, i) => {
    const start = setTimeout(
      () => {
        type(w, measured);
        timers.push(setInterval(() => type(w, measured), period));
      },
      (period * i) / created.length,
    );
    timers.push(start);
  });
  await sleep(args.warmupMs);
  measured = true;
  emit('measure-start', { at: nowUs() });
  await sleep(args.measureMs);
  measured = false;
  for (const t of timers) clearInterval(t);
  emit('measure-end', { at: nowUs() });
  return {
    sent: created.reduce((n, w) => n + w.measuredSent, 0),
    bytes: created.reduce((n, w) => n + w.bytesSent, 0),
  };
}

// ---- board clients (many boards) ---------------------------------------------------------

interface BoardClientsArgs {
  boards: { url: string; cardId: string }[];
  clientsPerBoard: number;
  firstIndex: number;
  concurrency?: number;
}

const boardClients: Writer[] = [];

async function boardsConnect(args: BoardClientsArgs) {
  const started = Date.now();
  const jobs: { url: string; cardId: string; index: number }[] = [];
  let index = args.firstIndex;
  for (const board of args.boards)
    for (let k = 0; k < args.clientsPerBoard; k++) jobs.push({ ...board, index: index++ });
  // Everyone on a board hears everyone: latency from the typist to each other person.
  const failed = await inBatches(jobs, args.concurrency ?? 20, async (job) => {
    const w = await connectWriter(
      job.url,
      job.index,
      job.cardId,
      (self, writer, _seq, sentUs, measured, at) => {
        if (measured && writer !== self.index) {
          receipts++;
          hist.record(at - sentUs);
        }
      },
    );
    boardClients.push(w);
  });
  return { connected: jobs.length - failed, failed, ms: Date.now() - started };
}

async function boardsType(args: { ratePerSec: number; durationMs: number }) {
  const period = 1000 / args.ratePerSec;
  const timers: NodeJS.Timeout[] = [];
  boardClients.forEach((w) => {
    const start = setTimeout(() => {
      type(w, true);
      timers.push(setInterval(() => type(w, true), period));
    }, Math.random() * period);
    timers.push(start);
  });
  await sleep(args.durationMs);
  for (const t of timers) clearInterval(t);
  return { sent: boardClients.reduce((n, w) => n + w.measuredSent, 0) };
}

// ---- durable writes ----------------------------------------------------------------------

interface DurableArgs {
  url: string;
  cardIds: string[];
  writers: number;
  /** Updates each writer keeps in flight (sent, own echo not yet back). */
  window?: number;
  /** Or a fixed rate per writer. */
  ratePerSec?: number;
  durationMs: number;
  /** Characters per edit beyond the marker (to vary the update size). */
  padding?: number;
}

async function durableRun(args: DurableArgs) {
  const lat = new LatencyHistogram();
  let acked = 0;
  let running = false;
  const pad = 'x'.repeat(args.padding ?? 0);
  const sendNext = (w: Writer) => {
    w.text.insert(w.text.length, marker(w.index, w.seq++, true) + pad);
    w.measuredSent++;
  };
  const ws = await Promise.all(
    Array.from({ length: args.writers }, (_, i) =>
      connectWriter(
        args.url,
        i,
        args.cardIds[i % args.cardIds.length],
        (w, writer, _seq, sentUs, _m, at) => {
          if (!running || writer !== w.index) return;
          acked++;
          lat.record(at - sentUs);
          if (args.window) sendNext(w);
        },
      ),
    ),
  );
  // What the server relays is what it appended (ours: one merged update per flush), so one
  // writer counting the update frames it hears measures the store's logical appends.
  let relayedBytes = 0;
  let relayedFrames = 0;
  ws[0].client.ws.on('message', (data: Buffer) => {
    if (!running || data[0] !== 0 || data[1] !== 2) return;
    let i = 2;
    while (data[i] & 0x80) i++;
    relayedBytes += data.length - (i + 1);
    relayedFrames++;
  });
  const startBytes = ws.reduce((n, w) => n + w.bytesSent, 0);
  running = true;
  const started = nowUs();
  emit('measure-start', { at: started });
  const timers: NodeJS.Timeout[] = [];
  if (args.window) {
    for (const w of ws) for (let k = 0; k < args.window; k++) sendNext(w);
  } else {
    const period = 1000 / (args.ratePerSec ?? 20);
    ws.forEach((w, i) => {
      timers.push(
        setTimeout(
          () => {
            sendNext(w);
            timers.push(setInterval(() => sendNext(w), period));
          },
          (period * i) / ws.length,
        ),
      );
    });
  }
  await sleep(args.durationMs);
  for (const t of timers) clearInterval(t);
  const ended = nowUs();
  const ackedInWindow = acked;
  running = false;
  emit('measure-end', { at: ended });
  // Let what is in flight land before closing (not counted).
  await sleep(300);
  const sent = ws.reduce((n, w) => n + w.measuredSent, 0);
  const bytes = ws.reduce((n, w) => n + w.bytesSent, 0) - startBytes;
  await Promise.all(ws.map((w) => w.client.close()));
  for (const w of ws) w.doc.destroy();
  return {
    acked: ackedInWindow,
    sent,
    bytes,
    relayedBytes,
    relayedFrames,
    seconds: (ended - started) / 1e6,
    hist: lat.toJSON(),
  };
}

// ---- churn -------------------------------------------------------------------------------

interface ChurnArgs {
  boards: { url: string; cardId: string }[];
  cycles: number;
  concurrency: number;
  timeLimitMs: number;
}

async function churnRun(args: ChurnArgs) {
  const lat = new LatencyHistogram();
  // One cached copy of each board, as a returning browser tab would have (y-indexeddb).
  const masters = await Promise.all(
    args.boards.map(async (b) => {
      const doc = new Y.Doc();
      const client = new WireClient(b.url, { doc });
      await withTimeout(client.synced(), 60_000, 'churn prime');
      await waitForCard(doc, b.cardId);
      await client.close();
      return { doc, text: cardText(doc, b.cardId, 'body'), url: b.url };
    }),
  );
  const deadline = Date.now() + args.timeLimitMs;
  let started = 0;
  let done = 0;
  let failed = 0;
  let bytes = 0;
  const cycle = async (n: number): Promise<void> => {
    const m = masters[n % masters.length];
    const t0 = nowUs();
    let echoed!: () => void;
    const echo = new Promise<void>((resolve) => (echoed = resolve));
    const client = new WireClient(m.url, {
      onPayload: (frame, kind) => {
        if (kind !== 'update') return;
        scanMarkers(frame, (writer, s) => {
          if (writer === 0 && s === n) echoed();
        });
      },
    });
    try {
      await withTimeout(client.synced(), 30_000, 'churn sync');
      // A new session is a new Yjs client.
      m.doc.clientID = Math.floor(Math.random() * 0xffffffff);
      let update: Uint8Array | null = null;
      const capture = (u: Uint8Array) => {
        update = u;
      };
      m.doc.on('update', capture);
      m.text.insert(m.text.length, marker(0, n, true));
      m.doc.off('update', capture);
      const edit = update as Uint8Array | null;
      if (!edit) throw new Error('no update captured');
      bytes += edit.length;
      client.send(updateFrame(edit));
      await withTimeout(echo, 30_000, 'churn echo');
      lat.record(nowUs() - t0);
    } catch {
      failed++;
    } finally {
      await client.close();
      done++;
    }
  };
  const lanes = Array.from({ length: args.concurrency }, async () => {
    while (started < args.cycles && Date.now() < deadline) {
      const n = started++;
      await cycle(n);
    }
  });
  const t0 = Date.now();
  await Promise.all(lanes);
  for (const m of masters) m.doc.destroy();
  return { cycles: done, failed, ms: Date.now() - t0, bytes, hist: lat.toJSON() };
}

// ---- common ------------------------------------------------------------------------------

async function closeAll() {
  const all = [...clients, ...writers.map((w) => w.client), ...boardClients.map((w) => w.client)];
  await inBatches(all, 200, (c) => c.close());
  for (const w of [...writers, ...boardClients]) w.doc.destroy();
  clients.clear();
  writers.length = 0;
  boardClients.length = 0;
  return { closed: all.length };
}

function takeStats(): {
  hist: HistogramJSON;
  receipts: number;
  duplicates: number;
  outOfOrder: number;
  eldP99Ms: number;
  eldMaxMs: number;
  cpuSec: number;
} {
  const cpu = process.cpuUsage();
  return {
    hist: hist.toJSON(),
    receipts,
    duplicates,
    outOfOrder,
    eldP99Ms: eld.percentile(99) / 1e6,
    eldMaxMs: eld.max / 1e6,
    cpuSec: (cpu.user + cpu.system) / 1e6,
  };
}

function resetStats(): { ok: true } {
  hist.reset();
  receipts = 0;
  duplicates = 0;
  outOfOrder = 0;
  eld.reset();
  return { ok: true };
}

const ops: Record<string, (args: never) => unknown> = {
  'readers.connect': readersConnect,
  'writers.run': writersRun,
  'boards.connect': boardsConnect,
  'boards.type': boardsType,
  'durable.run': durableRun,
  'churn.run': churnRun,
  'stats.reset': resetStats,
  'stats.take': takeStats,
  'stats.receipts': () => receipts,
  'clients.close': closeAll,
};

process.on('message', (message: { id: number; op: string; args: unknown }) => {
  const handler = ops[message.op];
  if (!handler) {
    process.send?.({ id: message.id, error: `unknown op ${message.op}` });
    return;
  }
  Promise.resolve()
    .then(() => handler(message.args as never))
    .then(
      (result) => process.send?.({ id: message.id, result }),
      (error: unknown) =>
        process.send?.({
          id: message.id,
          error: error instanceof Error ? error.message : String(error),
        }),
    );
});

process.on('disconnect', () => process.exit(0));
process.on('SIGTERM', () => process.exit(0));
process.on('uncaughtException', (error) => {
  console.error(`[${name}] uncaught:`, error);
  process.exit(1);
});
