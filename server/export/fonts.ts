/**
 * The brief's typefaces: Noto Sans JP (regular and bold) from the `@expo-google-fonts/noto-sans-jp`
 * package, which ships plain TrueType files. One family covers Latin and Japanese, so a run of
 * text never has to be split by script; pdfkit embeds only the glyphs a brief uses. The files
 * are read once per process and shared by every render.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

export type FontName = 'regular' | 'bold';

const FILES: Record<FontName, string> = {
  regular: '400Regular/NotoSansJP_400Regular.ttf',
  bold: '700Bold/NotoSansJP_700Bold.ttf',
};

let cache: Record<FontName, Buffer> | null = null;

/** Where the font package is installed (resolved from this module, never from /usr/share). */
export function fontPackageDir(): string {
  const require = createRequire(import.meta.url);
  return dirname(require.resolve('@expo-google-fonts/noto-sans-jp/package.json'));
}

/** The font files' bytes, loaded on first use. */
export function briefFonts(): Record<FontName, Buffer> {
  if (!cache) {
    const dir = fontPackageDir();
    cache = {
      regular: readFileSync(join(dir, FILES.regular)),
      bold: readFileSync(join(dir, FILES.bold)),
    };
  }
  return cache;
}
