import fs from 'node:fs';
import { parseBoardJson } from './shared/board/index.ts';
import { briefToPdf } from './server/export/pdf.ts';
const board = parseBoardJson(JSON.parse(fs.readFileSync('seeds/us-japan-economic-security.json', 'utf8')));
board.cards.push({ ...board.cards[0], id: 'c-jp-espa-ja', title: '経済安全保障推進法', body: '重要物資の安定的な供給の確保、基幹インフラ役務の安定的な提供の確保、先端的な重要技術の開発支援、特許出願の非公開の四つの柱からなる。' });
const opts = { boardUrl: 'http://localhost:3000/b/us-japan-economic-security?token=abc', participants: ['Aiko', 'Ben'], includeComments: true, votes: [{targetId: 'f-siloed-vs-cohesive', votes: 3}, {targetId: 'c-chips-act', votes: 3}, {targetId: 'defining', votes: 1}] };
for (let i = 0; i < 4; i++) { const t = performance.now(); const pdf = await briefToPdf(board, opts); console.log((performance.now()-t).toFixed(0), 'ms', pdf.length); fs.writeFileSync('/tmp/seed.pdf', pdf); }
