/**
 * The brief through the server: a PDF and Markdown of the live board, including an edit made
 * a moment before over y-websocket and Japanese text, checked with poppler's real parsers.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as board from '../../shared/board/index.ts';
import { startBoardServer, type InProcessServer } from '../helpers/boardServer.ts';
import type { CreatedBoard } from '../helpers/server.ts';
import { connectClient, eventually, type TestClient } from '../helpers/clients.ts';

let server: InProcessServer;
let created: CreatedBoard;
let editor: TestClient;
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'bb-export-'));

beforeAll(async () => {
  server = await startBoardServer();
  created = await server.createBoard();
  editor = connectClient(server.wsUrl, created.id, created.tokens.editor);
  await editor.synced();
});
afterAll(async () => {
  editor?.destroy();
  await server?.close();
});

async function download(file: string, token: string, query = ''): Promise<Response> {
  return fetch(
    `${server.baseUrl}/api/boards/${created.id}/${file}?token=${encodeURIComponent(token)}${query}`,
  );
}

describe('the brief', () => {
  it('is a PDF of the live board with every theme, friction, endnote URL and Japanese text', async () => {
    const rowId = board.listRows(editor.doc)[0].id;
    board.addCard(editor.doc, {
      rowId,
      columnId: 'jp',
      title: '経済安全保障推進法の見直し',
      body: 'Live edit just now',
      kind: 'promotion',
    });
    const cardId = board.fromYDoc(editor.doc, created.id).cards[0].id;
    board.editCardText(editor.doc, cardId, 'title', 'Edited a moment before export');
    await eventually(async () => {
      const json = (await (
        await download('export.json', created.tokens.viewer)
      ).json()) as board.BoardJSON;
      expect(json.cards.some((c) => c.title === 'Edited a moment before export')).toBe(true);
    });
    const res = await download('export.pdf', created.tokens.viewer);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/pdf');
    const file = path.join(tmp, 'brief.pdf');
    fs.writeFileSync(file, Buffer.from(await res.arrayBuffer()));

    const text = execFileSync('pdftotext', ['-enc', 'UTF-8', file, '-'], {
      encoding: 'utf8',
    }).replace(/\s+/g, ' ');
    const json = board.fromYDoc(editor.doc, created.id);
    expect(text).toContain('Edited a moment before export');
    // Japanese lines may break anywhere; compare without the line breaks.
    expect(text.replace(/ /g, '')).toContain('経済安全保障推進法の見直し');
    for (const row of json.rows) expect(text).toContain(row.title.replace(/\s+/g, ' '));
    for (const f of json.frictions) expect(text).toContain(f.title.replace(/\s+/g, ' '));
    const unwrapped = text.replace(/ /g, '');
    for (const s of json.sources) if (s.url) expect(unwrapped).toContain(s.url);

    const fonts = execFileSync('pdffonts', [file], { encoding: 'utf8' })
      .split('\n')
      .slice(2)
      .filter(Boolean);
    expect(fonts.length).toBeGreaterThan(0);
    for (const line of fonts) expect(line).toMatch(/\s+yes\s+yes\s+(yes|no)\s+\d+\s+\d+\s*$/);
    expect(text).not.toMatch(/localhost|127\.0\.0\.1/);
    const pages = Number(
      /Pages:\s+(\d+)/.exec(execFileSync('pdfinfo', [file], { encoding: 'utf8' }))![1],
    );
    expect(pages).toBeGreaterThanOrEqual(4);
    expect(pages).toBeLessThan(60);
  });

  it('gives the same bytes for the same board state, and answers If-None-Match with 304', async () => {
    const a = await download('export.pdf', created.tokens.editor);
    const b = await download('export.pdf', created.tokens.facilitator);
    expect(Buffer.from(await a.arrayBuffer()).equals(Buffer.from(await b.arrayBuffer()))).toBe(
      true,
    );
    const etag = a.headers.get('etag')!;
    const again = await fetch(`${server.baseUrl}/api/boards/${created.id}/export.pdf`, {
      headers: { authorization: `Bearer ${created.tokens.viewer}`, 'if-none-match': etag },
    });
    expect(again.status).toBe(304);
  });

  it('is Markdown with footnote endnotes and escaped hostile text', async () => {
    const rowId = board.listRows(editor.doc)[1].id;
    board.addCard(editor.doc, {
      rowId,
      columnId: 'us',
      title: '<script>alert(1)</script> **bold** | pipe',
      body: '[click](javascript:alert(1))',
    });
    await eventually(async () => {
      const md = await (await download('export.md', created.tokens.viewer)).text();
      expect(md).toContain('&lt;script&gt;');
    });
    const res = await download('export.md', created.tokens.viewer);
    expect(res.headers.get('content-type')).toContain('text/markdown');
    const md = await res.text();
    expect(md).not.toContain('<script>');
    // Brackets are escaped, so no live link can form.
    expect(md).not.toMatch(/(?<!\\)\]\(javascript:/);
    expect(md).toContain('\\[click\\]');
    expect(md).toMatch(/\[\^\d+\]: /);
  });

  it('prints no board address while PUBLIC_URL is unset, and speaks Japanese with ?lang=ja', async () => {
    // The test server runs without PUBLIC_URL: it only knows http://127.0.0.1:<port>.
    const md = await (await download('export.md', created.tokens.viewer)).text();
    expect(md).not.toMatch(/localhost|127\.0\.0\.1/);
    expect(md).toContain('## Key judgements');
    const ja = await (await download('export.md', created.tokens.viewer, '&lang=ja')).text();
    expect(ja).toContain('## 主要な判断');
    expect(ja).toContain('## 比較表');
    expect(ja).not.toMatch(/localhost|127\.0\.0\.1/);
    const bad = await download('export.md', created.tokens.viewer, '&lang=fr');
    expect(bad.status).toBe(400);
  });

  it('is an HTML page with no script, for the brief page', async () => {
    const res = await download('export.html', created.tokens.viewer);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-security-policy')).toContain("default-src 'none'");
    const html = await res.text();
    const json = board.fromYDoc(editor.doc, created.id);
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).not.toMatch(/<script/i);
    expect(html).not.toContain('href="javascript');
    for (const row of json.rows)
      expect(html).toContain(
        row.title.replace(/&/g, '&amp;').replace(/'/g, '&#39;').replace(/"/g, '&quot;'),
      );
  });

  it('needs a token of this board: 401 without, 403 with another board’s', async () => {
    const other = await server.createBoard({ template: 'blank' });
    for (const file of ['export.pdf', 'export.md']) {
      expect((await fetch(`${server.baseUrl}/api/boards/${created.id}/${file}`)).status).toBe(401);
      expect((await download(file, other.tokens.facilitator)).status).toBe(403);
    }
    for (const file of ['export.md', 'export.pdf']) {
      const bad = await download(file, created.tokens.viewer, '&date=not-a-date');
      expect(bad.status, file).toBe(400);
      expect(((await bad.json()) as { error: { code: string } }).error.code).toBe('invalid_option');
    }
  });
});
