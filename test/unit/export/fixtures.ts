/** Boards for the export tests: the U.S.–Japan seed, a hostile copy of it and a large generated board. */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseBoardJson, type BoardJSON, type CardJSON } from '../../../shared/board/index.ts';
import type { BriefOptions } from '../../../server/export/index.ts';

const SEED = fileURLToPath(
  new URL('../../../seeds/us-japan-economic-security.json', import.meta.url),
);

export function seedBoard(): BoardJSON {
  return parseBoardJson(JSON.parse(readFileSync(SEED, 'utf8')));
}

export const JAPANESE_TITLE = '経済安全保障推進法';
export const JAPANESE_BODY = '重要物資の安定的な供給の確保と先端的な重要技術の開発支援を柱とする。';

/** The seed with one Japanese-language card in the Japan column of the first theme. */
export function seedWithJapanese(): BoardJSON {
  const board = seedBoard();
  const card: CardJSON = {
    id: 'c-espa-ja',
    rowId: board.rows[0].id,
    columnId: 'jp',
    title: JAPANESE_TITLE,
    body: JAPANESE_BODY,
    kind: 'institution',
    year: 2022,
    amount: null,
    tags: [],
    sourceIds: [board.sources[6].id],
  };
  return parseBoardJson({ ...board, cards: [...board.cards, card] });
}

export const HOSTILE = {
  script: '<script>alert(1)</script>',
  bold: '**bold**',
  pipe: '| pipe |',
  link: '[click](javascript:alert(1))',
} as const;

/** The seed with a card, a friction and a comment whose text tries to be Markdown or HTML. */
export function hostileBoard(): BoardJSON {
  const board = seedBoard();
  const text = Object.values(HOSTILE).join(' ');
  const card: CardJSON = {
    id: 'c-hostile',
    rowId: board.rows[0].id,
    columnId: 'us',
    title: `${HOSTILE.script} ${HOSTILE.bold}`,
    body: `${text}\n# not a heading\n- not a list\n1. not a list\n\`code\` _em_ ~~strike~~ $x$ & &amp; \\ [^1]: not a footnote`,
    kind: 'context',
    year: null,
    amount: '| $1 |',
    tags: [],
    sourceIds: [],
  };
  return parseBoardJson({
    ...board,
    title: `${board.title} ${HOSTILE.bold}`,
    cards: [...board.cards, card],
    frictions: [
      ...board.frictions,
      {
        id: 'f-hostile',
        title: HOSTILE.pipe,
        body: text,
        severity: 'low',
        status: 'open',
        cardIds: ['c-hostile'],
      },
    ],
    comments: [
      {
        id: 'm-hostile',
        targetId: 'c-hostile',
        author: HOSTILE.bold,
        text,
        createdAt: '2025-01-20T09:00:00.000Z',
        resolved: false,
      },
    ],
  });
}

const WORDS =
  'supply chain resilience semiconductor export control screening subsidy alliance partner critical mineral technology investment review sanction industrial policy coordination defense trust strategy'.split(
    ' ',
  );

function sentence(seed: number, length: number): string {
  const words: string[] = [];
  for (let i = 0; i < length; i++)
    words.push(WORDS[(seed * 7 + i * 13 + ((seed * i) % 5)) % WORDS.length]);
  const text = words.join(' ');
  return `${text[0].toUpperCase()}${text.slice(1)}.`;
}

/** A deterministic board of `cardCount` cards over 50 themes and the seed's four columns. */
export function largeBoard(cardCount = 1000): BoardJSON {
  const seed = seedBoard();
  const themes = 50;
  const sources = Array.from({ length: 100 }, (_, i) => ({
    id: `s${i + 1}`,
    label: `[${i + 1}]`,
    citation: `${sentence(i, 12)} Report ${i + 1}, 2024.`,
    url: i % 4 === 0 ? '' : `https://example.org/reports/${i + 1}/economic-security-${i}.html`,
  }));
  const rows = Array.from({ length: themes }, (_, i) => ({
    id: `r${i + 1}`,
    title: `Theme ${i + 1}: ${sentence(i, 4).slice(0, -1)}`,
    summary: `${sentence(i, 30)} ${sentence(i + 1, 25)} [${(i % 100) + 1}]`,
  }));
  const cards: CardJSON[] = Array.from({ length: cardCount }, (_, i) => ({
    id: `c${i + 1}`,
    rowId: rows[i % themes].id,
    columnId: seed.columns[(i * 7) % seed.columns.length].id,
    title: `Measure ${i + 1} ${sentence(i, 3).slice(0, -1)}`,
    body: `${sentence(i, 18 + (i % 30))} ${i % 10 === 0 ? JAPANESE_BODY : ''}`.trim(),
    kind: (['promotion', 'protection', 'institution', 'partnership', 'context'] as const)[i % 5],
    year: i % 3 === 0 ? 2000 + (i % 25) : null,
    amount: i % 9 === 0 ? `$${i} million` : null,
    tags: [],
    sourceIds: [sources[i % 100].id, sources[(i * 3) % 100].id],
  }));
  const frictions = Array.from({ length: 200 }, (_, i) => ({
    id: `f${i + 1}`,
    title: `Friction ${i + 1}: ${sentence(i, 5).slice(0, -1)}`,
    body: `${sentence(i, 40)} [${(i % 100) + 1}]`,
    severity: (['low', 'medium', 'high'] as const)[i % 3],
    status: (['open', 'managed', 'resolved'] as const)[i % 3],
    cardIds: [
      cards[i % cardCount].id,
      cards[(i * 5 + 1) % cardCount].id,
      cards[(i * 11 + 2) % cardCount].id,
    ],
  }));
  const comments = Array.from({ length: 300 }, (_, i) => ({
    id: `m${i + 1}`,
    targetId: i % 2 ? cards[i % cardCount].id : frictions[i % 200].id,
    author: `Participant ${i % 12}`,
    text: sentence(i, 15),
    createdAt: '2025-02-01T10:00:00.000Z',
    resolved: i % 4 === 0,
  }));
  return parseBoardJson({
    ...seed,
    id: 'large',
    title: 'Generated board with a thousand cards',
    rows,
    cards,
    frictions,
    sources,
    comments,
  });
}

export const OPTIONS: BriefOptions = {
  boardUrl: 'http://localhost:3000/b/us-japan-economic-security',
  participants: ['Aiko Tanaka', 'Ben Carter', '田中 愛子'],
  includeComments: false,
};
