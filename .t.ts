import PDFDocument from 'pdfkit';
import { briefFonts } from './server/export/fonts.ts';
const f = briefFonts();
async function empty(text: boolean) {
  const doc = new PDFDocument({ size: 'A4', margin: 0, bufferPages: true });
  doc.registerFont('regular', f.regular); doc.registerFont('bold', f.bold);
  doc.font('regular').fontSize(10);
  if (text) doc.text('Hello world', 50, 50, { lineBreak: false });
  doc.font('bold'); if (text) doc.text('Hello world 経済', 50, 80, { lineBreak: false });
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const p = new Promise((r) => doc.on('end', r));
  doc.end(); await p;
}
for (let i = 0; i < 20; i++) await empty(true);
let t = performance.now();
for (let i = 0; i < 20; i++) await empty(false);
console.log('fonts only', ((performance.now()-t)/20).toFixed(1));
t = performance.now();
for (let i = 0; i < 20; i++) await empty(true);
console.log('two lines', ((performance.now()-t)/20).toFixed(1));
