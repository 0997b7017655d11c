/**
 * Reads a V8 `.cpuprofile` (from `node --cpu-prof`) and says where the time went: self time
 * by function and by package, and inclusive time of the functions on our hot paths. Used by
 * `BENCH_PROFILE`, and on its own: `tsx test/bench/lib/profile.ts <file.cpuprofile> [top] [regex,regex…]` (the
 * regexes pick the functions whose inclusive time is shown).
 */
import fs from 'node:fs';
import { fileURLToPath } from 'node:url';

interface CallFrame {
  functionName: string;
  url: string;
  lineNumber: number;
}

interface ProfileNode {
  id: number;
  callFrame: CallFrame;
  children?: number[];
}

interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
  startTime: number;
  endTime: number;
}

export interface ProfileSummary {
  totalMs: number;
  activeMs: number;
  byFunction: { name: string; selfMs: number; pct: number }[];
  byPackage: { name: string; selfMs: number; pct: number }[];
  inclusive: { name: string; totalMs: number; pct: number }[];
  /** Longest uninterrupted stretches of samples inside a hot frame: how long it held the loop. */
  stalls: { name: string; longestMs: number; over10ms: number; over50ms: number }[];
}

function packageOf(url: string, fn: string): string {
  if (!url) return fn.startsWith('(') ? fn : '(native)';
  const nm = url.lastIndexOf('node_modules/');
  if (nm >= 0) {
    const rest = url.slice(nm + 'node_modules/'.length).split('/');
    return rest[0].startsWith('@') ? `${rest[0]}/${rest[1]}` : rest[0];
  }
  if (url.startsWith('node:')) return `node:${url.slice(5).split('/')[0]}`;
  const m = /\/(server|shared)\/(.*)$/.exec(url);
  if (m) return `${m[1]}/${m[2]}`;
  return url.replace(/^file:\/\//, '');
}

function short(frame: CallFrame): string {
  const file = frame.url
    .replace(/^file:\/\//, '')
    .replace(/.*node_modules\//, '')
    .replace(/^.*\/(server|shared)\//, '$1/');
  return `${frame.functionName || '(anonymous)'} ${file ? `${file}:${frame.lineNumber + 1}` : ''}`.trim();
}

/** Inclusive time is reported for frames whose "name file" matches one of these. */
const HOT = [
  /#flush|flush .*BoardRoom/,
  /appendUpdates/,
  /broadcast .*BoardRoom/,
  /receive .*BoardRoom/,
  /#receive .*SyncServer/,
  /mergeUpdates/,
  /applyUpdate/,
  /encodeStateAsUpdate/,
  /syncStep2Message|writeSyncStep2/,
  /updateMessage/,
  /send .*ws\/lib\/(websocket|sender)/,
  /sendFrame|frame .*ws\/lib\/sender/,
  /onUpdate .*BoardRoom/,
  /durable .*BoardRoom/,
  /compact/,
  /join .*BoardRoom/,
  /handleUpgrade|completeUpgrade/,
  /check .*tokens/,
  /\(garbage collector\)/,
];

export function summarize(file: string, top = 25, hot: RegExp[] = HOT): ProfileSummary {
  const p = JSON.parse(fs.readFileSync(file, 'utf8')) as CpuProfile;
  const byId = new Map(p.nodes.map((n) => [n.id, n]));
  const self = new Map<number, number>();
  let total = 0;
  for (let i = 0; i < p.samples.length; i++) {
    const dt = (p.timeDeltas[i] ?? 0) / 1000;
    total += dt;
    self.set(p.samples[i], (self.get(p.samples[i]) ?? 0) + dt);
  }
  const idle = [...self.entries()]
    .filter(([id]) => byId.get(id)?.callFrame.functionName === '(idle)')
    .reduce((n, [, ms]) => n + ms, 0);
  const active = total - idle;
  const fnSelf = new Map<string, number>();
  const pkgSelf = new Map<string, number>();
  for (const [id, ms] of self) {
    const node = byId.get(id)!;
    if (node.callFrame.functionName === '(idle)') continue;
    const name = short(node.callFrame);
    fnSelf.set(name, (fnSelf.get(name) ?? 0) + ms);
    const pkg = packageOf(node.callFrame.url, node.callFrame.functionName);
    pkgSelf.set(pkg, (pkgSelf.get(pkg) ?? 0) + ms);
  }
  // Inclusive time per matching frame, counted once per stack (recursion is not doubled).
  const parent = new Map<number, number>();
  for (const n of p.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const inclusive = new Map<string, number>();
  for (const [id, ms] of self) {
    const seen = new Set<string>();
    for (let cur: number | undefined = id; cur !== undefined; cur = parent.get(cur)) {
      const name = short(byId.get(cur)!.callFrame);
      if (seen.has(name) || !hot.some((re) => re.test(name))) continue;
      seen.add(name);
      inclusive.set(name, (inclusive.get(name) ?? 0) + ms);
    }
  }
  // Stalls: consecutive samples whose stack contains the same hot frame.
  const stackHot = new Map<number, string[]>();
  const hotOf = (id: number): string[] => {
    let names = stackHot.get(id);
    if (!names) {
      names = [];
      for (let cur: number | undefined = id; cur !== undefined; cur = parent.get(cur)) {
        const name = short(byId.get(cur)!.callFrame);
        if (hot.some((re) => re.test(name)) && !names.includes(name)) names.push(name);
      }
      stackHot.set(id, names);
    }
    return names;
  };
  const open = new Map<string, number>();
  const stallMap = new Map<string, { longestMs: number; over10ms: number; over50ms: number }>();
  const closeSpan = (name: string, ms: number) => {
    const st = stallMap.get(name) ?? { longestMs: 0, over10ms: 0, over50ms: 0 };
    st.longestMs = Math.max(st.longestMs, ms);
    if (ms > 10) st.over10ms++;
    if (ms > 50) st.over50ms++;
    stallMap.set(name, st);
  };
  for (let i = 0; i < p.samples.length; i++) {
    const dt = (p.timeDeltas[i + 1] ?? 0) / 1000;
    const names = hotOf(p.samples[i]);
    for (const [name, ms] of open) {
      if (!names.includes(name)) {
        closeSpan(name, ms);
        open.delete(name);
      }
    }
    for (const name of names) open.set(name, (open.get(name) ?? 0) + dt);
  }
  for (const [name, ms] of open) closeSpan(name, ms);
  const sorted = (m: Map<string, number>) => [...m.entries()].sort((a, b) => b[1] - a[1]);
  const pct = (ms: number) => (active ? (ms / active) * 100 : 0);
  return {
    totalMs: total,
    activeMs: active,
    byFunction: sorted(fnSelf)
      .slice(0, top)
      .map(([name, ms]) => ({ name, selfMs: ms, pct: pct(ms) })),
    byPackage: sorted(pkgSelf)
      .slice(0, 15)
      .map(([name, ms]) => ({ name, selfMs: ms, pct: pct(ms) })),
    inclusive: sorted(inclusive)
      .slice(0, top)
      .map(([name, ms]) => ({ name, totalMs: ms, pct: pct(ms) })),
    stalls: [...stallMap.entries()]
      .map(([name, st]) => ({ name, ...st }))
      .sort((a, b) => b.longestMs - a.longestMs)
      .slice(0, 12),
  };
}

export function formatSummary(s: ProfileSummary): string {
  const lines = [
    `profile: ${(s.totalMs / 1000).toFixed(1)} s sampled, ${(s.activeMs / 1000).toFixed(2)} s busy (not idle; includes time blocked in synchronous calls such as fsync)`,
    '',
    'self time by package:',
    ...s.byPackage.map(
      (r) =>
        `  ${r.pct.toFixed(1).padStart(5)} %  ${r.selfMs.toFixed(0).padStart(6)} ms  ${r.name}`,
    ),
    '',
    'self time by function:',
    ...s.byFunction.map(
      (r) =>
        `  ${r.pct.toFixed(1).padStart(5)} %  ${r.selfMs.toFixed(0).padStart(6)} ms  ${r.name}`,
    ),
    '',
    'inclusive time, hot paths:',
    ...s.inclusive.map(
      (r) =>
        `  ${r.pct.toFixed(1).padStart(5)} %  ${r.totalMs.toFixed(0).padStart(6)} ms  ${r.name}`,
    ),
    '',
    'longest uninterrupted stretch inside a frame (how long it held the event loop), stretches > 10 ms, > 50 ms:',
    ...s.stalls.map(
      (r) =>
        `  ${r.longestMs.toFixed(1).padStart(7)} ms  ${String(r.over10ms).padStart(4)}  ${String(r.over50ms).padStart(4)}  ${r.name}`,
    ),
  ];
  return lines.join('\n');
}

/** The profile of the server process in `dir` (the largest file: the tsx wrapper writes one too). */
export function serverProfile(dir: string): string | null {
  const files = fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.cpuprofile'))
    .map((f) => `${dir}/${f}`);
  if (!files.length) return null;
  return files.sort((a, b) => fs.statSync(b).size - fs.statSync(a).size)[0];
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const file = process.argv[2];
  if (!file) {
    console.error('usage: tsx test/bench/lib/profile.ts <file.cpuprofile> [top] [regex,…]');
    process.exit(2);
  }
  const hot = process.argv[4] ? process.argv[4].split(',').map((r) => new RegExp(r)) : HOT;
  process.stdout.write(`${formatSummary(summarize(file, Number(process.argv[3] ?? 25), hot))}\n`);
}
