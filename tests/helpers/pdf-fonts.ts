/** The fonts a PDF embeds, by pdffonts (poppler-utils), without the subset tag: `BZZZZZ+DejaVuSansMono` → `DejaVuSansMono`. */
import { spawnSync } from 'node:child_process';

export function embeddedFonts(pdf: string): string[] {
  const r = spawnSync('pdffonts', [pdf], { encoding: 'utf8' });
  if (r.error || r.status !== 0) throw new Error(`pdffonts ${pdf}: ${r.error?.message ?? r.stderr}`);
  return r.stdout
    .split('\n')
    .slice(2)
    .filter((l) => l.trim())
    .map((l) => l.split(/\s+/)[0].replace(/^[A-Z]{6}\+/, ''))
    .sort();
}
