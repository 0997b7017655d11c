/**
 * The PDF brief is a tagged PDF a screen reader can follow: poppler reads its structure tree
 * (headings, the matrix as a table with header cells, links holding their annotations), its
 * title and language, in English and in Japanese, as served by the real server.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as board from '../../shared/board/index.ts';
import { WORDING } from '../../server/export/wording.ts';
import { startBoardServer, type InProcessServer } from '../helpers/boardServer.ts';
import type { CreatedBoard } from '../helpers/server.ts';

let server: InProcessServer;
let created: CreatedBoard;
let json: board.BoardJSON;
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'bb-tagged-'));

beforeAll(async () => {
  server = await startBoardServer();
  created = await server.createBoard();
  const res = await fetch(
    `${server.baseUrl}/api/boards/${created.id}/export.json?token=${created.tokens.viewer}`,
  );
  json = (await res.json()) as board.BoardJSON;
});
afterAll(async () => {
  await server?.close();
  fs.rmSync(tmp, { recursive: true, force: true });
});

async function pdf(lang: 'en' | 'ja'): Promise<string> {
  const res = await fetch(
    `${server.baseUrl}/api/boards/${created.id}/export.pdf?token=${created.tokens.viewer}&lang=${lang}`,
  );
  expect(res.status).toBe(200);
  const file = path.join(tmp, `brief-${lang}.pdf`);
  fs.writeFileSync(file, Buffer.from(await res.arrayBuffer()));
  return file;
}

const escapeRegExp = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

const pdfinfo = (...args: string[]): string =>
  execFileSync('pdfinfo', args, { encoding: 'utf8', maxBuffer: 64 << 20 });

interface Node {
  type: string;
  depth: number;
  text: string[];
  children: Node[];
}

/** `pdfinfo -struct-text` as a tree: element lines, their quoted text, nested by indent. */
function structTree(file: string): Node {
  const root: Node = { type: 'root', depth: -1, text: [], children: [] };
  const stack = [root];
  for (const raw of pdfinfo('-struct-text', file).split('\n')) {
    if (!raw.trim()) continue;
    const depth = raw.length - raw.trimStart().length;
    const line = raw.trim();
    while (stack.length > 1 && stack[stack.length - 1].depth >= depth) stack.pop();
    const parent = stack[stack.length - 1];
    if (line.startsWith('"')) parent.text.push(line.slice(1, -1));
    else if (line.startsWith('/'))
      continue; // an attribute of the element above
    else {
      const node: Node = { type: line.split(/[\s:]/)[0], depth, text: [], children: [] };
      parent.children.push(node);
      stack.push(node);
    }
  }
  return root;
}

function all(node: Node, type: string): Node[] {
  const out = node.type === type ? [node] : [];
  for (const child of node.children) out.push(...all(child, type));
  return out;
}

/** All text under `node`, in reading order. */
function textOf(node: Node): string {
  return [...node.text, ...node.children.map(textOf)].join(' ').replace(/\s+/g, ' ').trim();
}

describe.each(['en', 'ja'] as const)('the %s PDF brief', (lang) => {
  const words = WORDING[lang];
  let file = '';
  let tree: Node;

  beforeAll(async () => {
    file = await pdf(lang);
    tree = structTree(file);
  });

  it('is tagged, titled and in its language', () => {
    const info = pdfinfo(file);
    expect(info).toMatch(/^Tagged:\s+yes$/m);
    expect(info).toMatch(new RegExp(`^Title:\\s+${escapeRegExp(json.title)}$`, 'm'));
    const raw = fs.readFileSync(file).toString('latin1');
    expect(raw).toContain(`/Lang (${lang})`);
    expect(raw).toMatch(/\/DisplayDocTitle true/);
  });

  it('has the title as H1 and the sections as H2, in reading order', () => {
    expect(tree.children.map((n) => n.type)).toEqual(['Document']);
    expect(all(tree, 'H1').map(textOf)).toEqual([json.title]);
    const sections = all(tree, 'H2').map(textOf);
    const expected = [words.keyJudgements, words.matrix, words.themes, words.frictions];
    expect(sections.slice(0, 4)).toEqual(expected);
    expect(sections.at(-1)).toBe(words.sources);
    // Each theme is an H3 under its section, in board order.
    const themes = all(tree, 'H3').map(textOf);
    const themeTitles = json.rows.map((r, i) => `${i + 1} ${r.title}`.replace(/\s+/g, ' '));
    expect(themes.filter((t) => themeTitles.includes(t))).toEqual(themeTitles);
  });

  it('reads the matrix as a table with column and row header cells', () => {
    const [matrix] = all(tree, 'Table');
    expect(matrix).toBeDefined();
    const rows = matrix.children.filter((n) => n.type === 'TR');
    expect(rows).toHaveLength(json.rows.length + 1);
    const head = rows[0].children;
    expect(head.every((c) => c.type === 'TH')).toBe(true);
    expect(head.map(textOf)).toEqual([words.theme, ...json.columns.map((c) => c.label)]);
    for (const [i, row] of rows.slice(1).entries()) {
      expect(row.children.map((c) => c.type)).toEqual(['TH', ...json.columns.map(() => 'TD')]);
      expect(textOf(row.children[0])).toBe(`${i + 1} ${json.rows[i].title}`.replace(/\s+/g, ' '));
    }
  });

  it('puts every link in a Link element with its annotation, and page numbers outside', () => {
    const links = all(tree, 'Link');
    expect(links.length).toBeGreaterThan(json.sources.length);
    const structure = pdfinfo('-struct', file);
    // Each Link lists its annotation as an object reference ("Object 12 0").
    const linkBlocks = structure.split(/\n(?=\s*Link \(inline\))/).slice(1);
    for (const block of linkBlocks) expect(block).toMatch(/^\s*Link \(inline\)\n\s+Object \d+ 0/);
    const linkText = links.map(textOf).join(' ').replace(/ /g, '');
    for (const s of json.sources) if (s.url) expect(linkText).toContain(s.url);
    // Running headers and page numbers are artifacts: the tree never reads them.
    const pages = Number(/^Pages:\s+(\d+)/m.exec(pdfinfo(file))![1]);
    expect(textOf(tree)).not.toMatch(new RegExp(`\\b2 ?/ ?${pages}\\b`));
    expect(execFileSync('pdftotext', [file, '-'], { encoding: 'utf8' })).toMatch(
      new RegExp(`^2 ?/ ?${pages}$`, 'm'),
    );
  });
});
