/**
 * What an operator relies on, against real server processes: `/metrics` is well-formed
 * Prometheus text with the latency histograms filled by real work (an edit, a store commit, a
 * PDF), request logs never show a token, `/readyz` follows Redis (an own redis-server on a free
 * port, never the shared one), the API descriptions validate (OpenAPI 3.1, the BoardJSON
 * schema against the seed board), a secret can be rotated, and `.env.example` names every
 * variable the server reads.
 */
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import pg from 'pg';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { Validator } from '@seriousme/openapi-schema-validator';
import * as board from '../../shared/board/index.ts';
import { BoardTokens } from '../../server/auth/tokens.ts';
import { freePort, startServer, type CreatedBoard, type TestServer } from '../helpers/server.ts';
import { connectClient, eventually } from '../helpers/clients.ts';
import {
  clusterServicesAvailable,
  DATABASE_URL,
  ownRedisAvailable,
  startOwnRedis,
} from '../helpers/services.ts';

interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}
interface Family {
  type: string;
  help: string;
  samples: Sample[];
}

const SAMPLE = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)(?: -?\d+)?$/;
const LABEL = /^([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"(?:,|$)/;
const TYPES = new Set(['counter', 'gauge', 'histogram', 'summary', 'untyped']);

/**
 * The Prometheus text format (0.0.4), strictly: every sample belongs to a family declared
 * before it with `# HELP` and `# TYPE`, labels are quoted, values are numbers (or ±Inf, NaN).
 */
function parsePrometheus(text: string): Map<string, Family> {
  const families = new Map<string, Family>();
  const family = (name: string) => {
    if (!families.has(name)) families.set(name, { type: '', help: '', samples: [] });
    return families.get(name)!;
  };
  const ownerOf = (name: string): Family => {
    for (const suffix of ['', '_bucket', '_sum', '_count']) {
      const base = suffix ? name.slice(0, -suffix.length) : name;
      if (name.endsWith(suffix) && families.get(base)?.type) {
        const f = families.get(base)!;
        if (suffix === '' || ['histogram', 'summary'].includes(f.type)) return f;
      }
    }
    throw new Error(`sample ${name} has no # TYPE before it`);
  };
  text.split('\n').forEach((line, i) => {
    const where = `line ${i + 1} "${line}"`;
    if (line === '') return;
    const meta = /^# (HELP|TYPE) ([a-zA-Z_:][a-zA-Z0-9_:]*) (.*)$/.exec(line);
    if (meta) {
      const f = family(meta[2]);
      if (meta[1] === 'HELP') f.help = meta[3];
      else if (!TYPES.has(meta[3]) || f.type || f.samples.length) throw new Error(where);
      else f.type = meta[3];
      return;
    }
    if (line.startsWith('#')) return;
    const sample = SAMPLE.exec(line);
    if (!sample) throw new Error(`not a sample: ${where}`);
    const labels: Record<string, string> = {};
    let rest = sample[2] ?? '';
    while (rest) {
      const label = LABEL.exec(rest);
      if (!label) throw new Error(`bad labels: ${where}`);
      labels[label[1]] = label[2];
      rest = rest.slice(label[0].length);
    }
    const raw = sample[3];
    const value = raw === '+Inf' ? Infinity : raw === '-Inf' ? -Infinity : Number(raw);
    if (raw !== 'NaN' && Number.isNaN(value)) throw new Error(`bad value: ${where}`);
    ownerOf(sample[1]).samples.push({ name: sample[1], labels, value });
  });
  for (const [name, f] of families)
    if (!f.help || !f.type) throw new Error(`${name} lacks # HELP or # TYPE`);
  return families;
}

/** A histogram's observations, checked for shape: cumulative buckets ending in +Inf = count. */
function histogramCount(families: Map<string, Family>, name: string): number {
  const f = families.get(name);
  expect(f?.type, name).toBe('histogram');
  const buckets = f!.samples.filter((s) => s.name === `${name}_bucket`);
  const counts = buckets.map((s) => s.value);
  expect(counts).toEqual([...counts].sort((a, b) => a - b));
  const count = f!.samples.find((s) => s.name === `${name}_count`)!.value;
  expect(buckets.at(-1)!.labels.le).toBe('+Inf');
  expect(buckets.at(-1)!.value).toBe(count);
  return count;
}

/** Whether the server's own check (parseBoardJson) accepts `input`. */
function importable(input: unknown): boolean {
  try {
    board.parseBoardJson(input);
    return true;
  } catch {
    return false;
  }
}

const get = (url: string, headers: Record<string, string> = {}) => fetch(url, { headers });
const seed = JSON.parse(
  fs.readFileSync('seeds/us-japan-economic-security.json', 'utf8'),
) as board.BoardJSONInput;

describe('one server: metrics, request logs, descriptions', () => {
  let server: TestServer;
  let created: CreatedBoard;

  beforeAll(async () => {
    server = await startServer({ env: { LOG_LEVEL: 'info' } });
    created = await server.createBoard();
  }, 120_000);
  afterAll(async () => server?.stop());

  it('serves /metrics as Prometheus text whose histograms count an edit, a commit and a PDF', async () => {
    const before = parsePrometheus(await (await get(`${server.baseUrl}/metrics`)).text());
    const a = connectClient(server.wsUrl, created.id, created.tokens.editor);
    const b = connectClient(server.wsUrl, created.id, created.tokens.viewer);
    onTestFinished(() => (a.destroy(), b.destroy()));
    await Promise.all([a.synced(), b.synced()]);
    const card = board.fromYDoc(a.doc, created.id).cards[0].id;
    board.editCardText(a.doc, card, 'body', 'measured');
    await eventually(() => expect(board.cardText(b.doc, card, 'body').toString()).toBe('measured'));
    const pdf = await get(
      `${server.baseUrl}/api/boards/${created.id}/export.pdf?token=${created.tokens.viewer}`,
    );
    expect(pdf.headers.get('content-type')).toBe('application/pdf');

    const res = await get(`${server.baseUrl}/metrics`);
    expect(res.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    const after = parsePrometheus(await res.text());
    for (const name of [
      'briefing_board_update_relay_seconds',
      'briefing_board_store_commit_seconds',
      'briefing_board_pdf_render_seconds',
    ]) {
      expect(histogramCount(after, name), name).toBeGreaterThan(histogramCount(before, name));
    }
    const value = (name: string) => after.get(name)!.samples[0].value;
    expect(after.get('briefing_board_connections')!.type).toBe('gauge');
    expect(value('briefing_board_connections')).toBe(2);
    expect(value('briefing_board_rooms_loaded')).toBe(1);
    expect(value('briefing_board_loaded_board_bytes')).toBeGreaterThan(1000);
    expect(after.get('briefing_board_updates_relayed_total')!.type).toBe('counter');
    expect(value('briefing_board_updates_relayed_total')).toBeGreaterThan(0);
    // Node's default metrics, event-loop lag among them.
    expect(value('nodejs_eventloop_lag_seconds')).toBeGreaterThanOrEqual(0);
    expect(value('process_cpu_user_seconds_total')).toBeGreaterThan(0);
  });

  it('logs requests with the token redacted, from the query and the Authorization header', async () => {
    const { editor, facilitator } = created.tokens;
    const res = await get(`${server.baseUrl}/api/boards/${created.id}?token=${editor}`, {
      authorization: `Bearer ${facilitator}`,
    });
    expect(res.status).toBe(200);
    const logged = await eventually(() => {
      const line = server
        .output()
        .split('\n')
        .filter((l) => l.startsWith('{'))
        .map((l) => JSON.parse(l) as { req?: { url: string; headers: Record<string, string> } })
        .find((l) => l.req?.url.startsWith(`/api/boards/${created.id}?token=`));
      expect(line).toBeDefined();
      return line!.req!;
    });
    expect(logged.url).toBe(`/api/boards/${created.id}?token=[Redacted]`);
    expect(logged.headers.authorization).toBe('[Redacted]');
    // Nowhere else either (the PDF export and the WebSocket clients carried tokens too).
    for (const token of Object.values(created.tokens)) {
      expect(server.output()).not.toContain(token.split('.')[2]);
    }
  });

  it('describes the API as valid OpenAPI 3.1 whose every path is a route', async () => {
    const doc = (await (await get(`${server.baseUrl}/api/openapi.json`)).json()) as {
      openapi: string;
      paths: Record<string, Record<string, unknown>>;
    };
    const result = await new Validator().validate(doc);
    expect(result.errors).toBeUndefined();
    expect(result.valid).toBe(true);
    expect(doc.openapi).toBe('3.1.0');
    // Every described operation reaches a route (none falls through to "no such API route").
    for (const [path, operations] of Object.entries(doc.paths)) {
      for (const method of Object.keys(operations)) {
        const url = `${server.baseUrl}/api${path.replace('{id}', 'nope').replace('{sid}', 'nope')}`;
        const body = await (await fetch(url, { method: method.toUpperCase() })).text();
        expect(body, `${method} ${path}`).not.toContain('no such API route');
      }
    }
    expect(Object.keys(doc.paths)).toContain('/boards/{id}/export.pdf');
  });

  it('gives a JSON Schema of BoardJSON that the seed board passes and a broken one fails', async () => {
    const schema = (await (await get(`${server.baseUrl}/api/schema/board.json`)).json()) as object;
    const ajv = new Ajv2020({ allErrors: true });
    addFormats.default(ajv);
    const validate = ajv.compile(schema);
    expect(validate(seed), JSON.stringify(validate.errors)).toBe(true);
    const live = await (
      await get(`${server.baseUrl}/api/boards/${created.id}?token=${created.tokens.viewer}`)
    ).json();
    expect(validate(live), JSON.stringify(validate.errors)).toBe(true);
    // What an import may leave out (fields with defaults) it may leave out here too.
    const { subtitle: _subtitle, comments: _comments, ...minimal } = seed;
    const broken = structuredClone(seed) as { cards: { kind: string }[] };
    broken.cards[0].kind = 'not-a-kind';
    for (const [sample, valid] of [
      [minimal, true],
      [broken, false],
    ] as const) {
      expect(validate(sample), JSON.stringify(validate.errors)).toBe(valid);
      expect(importable(sample)).toBe(valid);
    }
  });
});

describe('rotating BOARD_SECRET, and a token for /metrics', () => {
  it('keeps links signed with BOARD_SECRET_PREVIOUS working; others fail', async () => {
    const [oldSecret, newSecret, otherSecret] = [1, 2, 3].map(() =>
      randomBytes(24).toString('base64url'),
    );
    const first = await startServer({ env: { BOARD_SECRET: oldSecret } });
    const created = await first.createBoard({ template: 'blank' });
    await first.stop();
    const readWith = (s: TestServer, token: string) =>
      get(`${s.baseUrl}/api/boards/${created.id}`, { authorization: `Bearer ${token}` });

    const rotated = await startServer({
      dataDir: first.dataDir,
      env: { BOARD_SECRET: newSecret, BOARD_SECRET_PREVIOUS: oldSecret, METRICS_TOKEN: 'scrape' },
    });
    onTestFinished(() => rotated.stop());
    expect((await readWith(rotated, created.tokens.editor)).status).toBe(200);
    const other = new BoardTokens(otherSecret).issue(created.id, 'editor');
    expect((await readWith(rotated, other)).status).toBe(401);
    // New links are signed with the new secret.
    const fresh = await rotated.createBoard({ template: 'blank' });
    expect(new BoardTokens(newSecret).check(fresh.tokens.editor, fresh.id).ok).toBe(true);
    expect(new BoardTokens(oldSecret).check(fresh.tokens.editor, fresh.id).ok).toBe(false);

    expect((await get(`${rotated.baseUrl}/metrics`)).status).toBe(401);
    expect(
      (await get(`${rotated.baseUrl}/metrics`, { authorization: 'Bearer wrong' })).status,
    ).toBe(401);
    const scraped = await get(`${rotated.baseUrl}/metrics`, { authorization: 'Bearer scrape' });
    expect(parsePrometheus(await scraped.text()).has('briefing_board_connections')).toBe(true);
  }, 120_000);
});

const postgresAndRedis =
  (await clusterServicesAvailable()) && ownRedisAvailable('/readyz with Redis down');

describe.runIf(postgresAndRedis)('/readyz on Postgres and Redis', () => {
  it('is 200 while both answer and 503 while Redis does not', async () => {
    const schema = `bb_ready_${randomBytes(4).toString('hex')}`;
    onTestFinished(async () => {
      const db = new pg.Client({ connectionString: DATABASE_URL });
      await db.connect();
      await db.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
      await db.end();
    });
    const port = await freePort();
    const redis = await startOwnRedis(port);
    onTestFinished(() => void redis.kill('SIGKILL'));
    const server = await startServer({
      env: {
        STORE: 'postgres',
        DATABASE_URL,
        DATABASE_SCHEMA: schema,
        REDIS_URL: `redis://127.0.0.1:${port}`,
      },
    });
    onTestFinished(() => server.kill());
    const ready = await get(`${server.baseUrl}/readyz`);
    expect([ready.status, await ready.json()]).toEqual([200, { ok: true }]);

    const exited = new Promise((resolve) => redis.once('exit', resolve));
    redis.kill('SIGKILL');
    await exited;
    const down = await get(`${server.baseUrl}/readyz`);
    expect(down.status).toBe(503);
    expect(((await down.json()) as { error: { message: string } }).error.message).toMatch(/redis/);
    // The process itself is alive: it answers.
    expect((await get(`${server.baseUrl}/metrics`)).status).toBe(200);
  }, 120_000);
});

describe('.env.example', () => {
  it('lists every variable server/config.ts reads', () => {
    const source = fs.readFileSync('server/config.ts', 'utf8');
    const read = new Set(
      [...source.matchAll(/env\.([A-Z_]+)|integer\(env, '([A-Z_]+)'/g)].map((m) => m[1] ?? m[2]),
    );
    expect(read.size).toBeGreaterThan(20);
    const listed = new Set(
      [...fs.readFileSync('.env.example', 'utf8').matchAll(/^([A-Z_]+)=/gm)].map((m) => m[1]),
    );
    expect([...read].filter((name) => !listed.has(name))).toEqual([]);
  });
});
