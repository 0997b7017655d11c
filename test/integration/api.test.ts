/**
 * The REST API: create (template, blank, import), read, export, errors, rate limit, delete.
 * In-process server; the seed board of a first start is `start.test.ts`'s (it is `main.ts`'s).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import type { BoardJSON } from '../../shared/board/index.ts';
import { startBoardServer, type InProcessServer } from '../helpers/boardServer.ts';

let server: InProcessServer;
const seed = JSON.parse(
  fs.readFileSync('seeds/us-japan-economic-security.json', 'utf8'),
) as BoardJSON;

beforeAll(async () => {
  server = await startBoardServer({
    env: { CREATE_RATE_LIMIT: '25', MAX_JSON_BYTES: String(256 * 1024) },
  });
});
afterAll(async () => server?.close());

async function post(body: unknown, raw = false): Promise<Response> {
  return fetch(`${server.baseUrl}/api/boards`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: raw ? (body as string) : JSON.stringify(body),
  });
}

async function errorOf(res: Response): Promise<{ code: string; message: string }> {
  const body = (await res.json()) as { error: { code: string; message: string } };
  expect(Object.keys(body)).toEqual(['error']);
  expect(JSON.stringify(body)).not.toMatch(/at .*\.ts:\d+/);
  return body.error;
}

describe('creating boards', () => {
  it('creates a board from the U.S.–Japan template with three links', async () => {
    const res = await post({ template: 'us-japan-economic-security', title: 'Workshop A' });
    expect(res.status).toBe(201);
    const created = (await res.json()) as {
      id: string;
      title: string;
      tokens: Record<string, string>;
      links: Record<string, string>;
    };
    expect(created.title).toBe('Workshop A');
    // Board ids are random: 12 base-36 characters.
    expect(created.id).toMatch(/^[0-9a-z]{12}$/);
    expect(Object.keys(created.tokens).sort()).toEqual(['editor', 'facilitator', 'viewer']);
    expect(created.links.editor).toBe(
      `http://localhost:${server.port}/b/${created.id}?token=${encodeURIComponent(created.tokens.editor)}`,
    );
    const board = (await (
      await fetch(`${server.baseUrl}/api/boards/${created.id}?token=${created.tokens.viewer}`)
    ).json()) as BoardJSON;
    expect(board.id).toBe(created.id);
    expect(board.title).toBe('Workshop A');
    expect(board.cards.map((c) => c.id)).toEqual(seed.cards.map((c) => c.id));
    expect(board.frictions).toEqual(seed.frictions);
    expect(board.sources).toEqual(seed.sources);
  });

  it('creates a board from the Japanese edition, with the same records in Japanese', async () => {
    const res = await post({ template: 'us-japan-economic-security-ja' });
    expect(res.status).toBe(201);
    const { id, tokens } = (await res.json()) as { id: string; tokens: Record<string, string> };
    const board = (await (
      await fetch(`${server.baseUrl}/api/boards/${id}?token=${tokens.viewer}`)
    ).json()) as BoardJSON;
    expect(board.template).toBe('us-japan-economic-security-ja');
    expect(board.title).toContain('日米の経済安全保障');
    expect(board.cards.map((c) => c.id)).toEqual(seed.cards.map((c) => c.id));
    expect(board.frictions.map((f) => f.id)).toEqual(seed.frictions.map((f) => f.id));
    expect(board.columns.map((c) => c.label)).toEqual(['米国', '日本', '日米共同', 'EU（参考）']);
  });

  it('creates a blank board by default', async () => {
    const res = await post({});
    expect(res.status).toBe(201);
    const { id, tokens } = (await res.json()) as { id: string; tokens: Record<string, string> };
    const board = (await (
      await fetch(`${server.baseUrl}/api/boards/${id}`, {
        headers: { authorization: `Bearer ${tokens.editor}` },
      })
    ).json()) as BoardJSON;
    expect(board.cards).toEqual([]);
    expect(board.columns.map((c) => c.country)).toEqual(['US', 'JP', 'US-JP']);
    expect(board.title).toBe('Untitled board');
  });

  it('creates the blank board in the creator’s language (lang)', async () => {
    const res = await post({ template: 'blank', lang: 'ja' });
    expect(res.status).toBe(201);
    const { id, tokens, title } = (await res.json()) as {
      id: string;
      title: string;
      tokens: Record<string, string>;
    };
    expect(title).toBe('無題のボード');
    const board = (await (
      await fetch(`${server.baseUrl}/api/boards/${id}?token=${tokens.viewer}`)
    ).json()) as BoardJSON;
    expect(board.title).toBe('無題のボード');
    expect(board.rows.map((r) => r.title)).toEqual(['最初のテーマ']);
    expect(board.columns.map((c) => c.label)).toEqual(['米国', '日本', '日米共同']);
    expect(await errorOf(await post({ template: 'blank', lang: 'fr' }))).toMatchObject({
      code: 'invalid_lang',
    });
  });

  it('imports BoardJSON, and refuses a broken import whole with the path of the bad field', async () => {
    const good = await post({ board: seed });
    expect(good.status).toBe(201);
    const broken = structuredClone(seed);
    broken.cards[3].rowId = 'r9';
    const res = await post({ board: broken });
    expect(res.status).toBe(400);
    expect(await errorOf(res)).toEqual({
      code: 'invalid_board',
      message: 'cards[3].rowId: unknown row "r9"',
      // The path alone, so an interface can word the problem in its own language.
      path: 'cards[3].rowId',
    });
    const future = await post({ board: { ...seed, version: 2 } });
    expect((await errorOf(future)).message).toMatch(/^version: this is BoardJSON version 2/);
  });

  it('answers bad bodies with clear errors', async () => {
    expect(await errorOf(await post('{"title": ', true))).toMatchObject({ code: 'invalid_json' });
    expect(await errorOf(await post({ template: 'nope' }))).toMatchObject({
      code: 'invalid_template',
    });
    expect(await errorOf(await post([1]))).toMatchObject({ code: 'invalid_body' });
    const huge = await post({ board: { ...seed, subtitle: 'x'.repeat(300 * 1024) } });
    expect(huge.status).toBe(413);
    expect(await errorOf(huge)).toMatchObject({ code: 'too_large' });
  });
});

describe('reading and exporting', () => {
  it('needs a token of the board: 401 without, 403 with another board’s', async () => {
    const [a, b] = await Promise.all([
      server.createBoard({ template: 'blank' }),
      server.createBoard({ template: 'blank' }),
    ]).catch(() => [null, null]);
    if (!a || !b) return expect.fail('could not create boards (rate limit?)');
    const none = await fetch(`${server.baseUrl}/api/boards/${a.id}`);
    expect(none.status).toBe(401);
    expect(await errorOf(none)).toMatchObject({ code: 'unauthorized' });
    const other = await fetch(`${server.baseUrl}/api/boards/${a.id}?token=${b.tokens.facilitator}`);
    expect(other.status).toBe(403);
    const odd = await fetch(`${server.baseUrl}/api/boards/..%2F..%2Fetc?token=${a.tokens.editor}`);
    expect(odd.status).toBe(404);
  });

  it('exports JSON as a download', async () => {
    const a = await server.createBoard({ template: 'blank' }).catch(() => null);
    if (!a) return expect.fail('could not create a board');
    const res = await fetch(
      `${server.baseUrl}/api/boards/${a.id}/export.json?token=${a.tokens.viewer}`,
    );
    expect(res.status).toBe(200);
    expect(res.headers.get('content-disposition')).toContain(`${a.id}.board.json`);
    expect(((await res.json()) as BoardJSON).format).toBe('briefing-board');
  });

  it('deletes a board for facilitators only', async () => {
    const a = await server.createBoard({ template: 'blank' }).catch(() => null);
    if (!a) return expect.fail('could not create a board');
    const byEditor = await fetch(`${server.baseUrl}/api/boards/${a.id}`, {
      method: 'DELETE',
      headers: { authorization: `Bearer ${a.tokens.editor}` },
    });
    expect(byEditor.status).toBe(403);
    const ok = await fetch(`${server.baseUrl}/api/boards/${a.id}`, {
      method: 'DELETE',
      headers: { authorization: `Bearer ${a.tokens.facilitator}` },
    });
    expect(ok.status).toBe(204);
    const gone = await fetch(`${server.baseUrl}/api/boards/${a.id}?token=${a.tokens.facilitator}`);
    expect(gone.status).toBe(404);
  });

  it('reports health and metrics; unknown API routes are JSON 404s', async () => {
    expect(await (await fetch(`${server.baseUrl}/healthz`)).json()).toEqual({ ok: true });
    expect(await (await fetch(`${server.baseUrl}/metrics`)).text()).toMatch(
      /briefing_board_rooms_loaded \d+/,
    );
    const res = await fetch(`${server.baseUrl}/api/nothing`);
    expect(res.status).toBe(404);
    expect(await errorOf(res)).toMatchObject({ code: 'not_found' });
  });
});

describe('rate limit', () => {
  it('limits board creation per address with 429', async () => {
    let limited: Response | null = null;
    for (let i = 0; i < 30 && !limited; i++) {
      const res = await post({ template: 'blank' });
      if (res.status === 429) limited = res;
      else expect(res.status).toBe(201);
    }
    expect(limited).not.toBeNull();
    expect(await errorOf(limited!)).toMatchObject({ code: 'rate_limited' });
  });
});
