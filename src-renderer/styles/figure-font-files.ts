/**
 * The graph's bundled face (src-common/view/figure-font.ts) in the page: its files as built assets, installed
 * as the page's own `FIGURE_FONT.family` (so the graph shows what the figures embed on every machine), and
 * read as bytes when a PDF embeds them. Vite needs each path spelled out: they are the files FIGURE_FONT
 * names (tests/renderer checks that).
 */
import regular from 'dejavu-fonts-ttf/ttf/DejaVuSansMono.ttf?url';
import bold from 'dejavu-fonts-ttf/ttf/DejaVuSansMono-Bold.ttf?url';
import italic from 'dejavu-fonts-ttf/ttf/DejaVuSansMono-Oblique.ttf?url';
import { FIGURE_FONT, type FigureFace } from '../../src-common/view/figure-font';

export const FONT_URLS: Record<FigureFace, string> = { regular, bold, italic };

const DESCRIPTORS: Record<FigureFace, FontFaceDescriptors> = {
  regular: { weight: '400' },
  // The graph's titles and chips are weight 600: DejaVu's bold is the nearest it has.
  bold: { weight: '600 700' },
  italic: { style: 'italic' },
};

/** Adds the faces to the page; each downloads the first time text asks for it. */
export function installFigureFont(): void {
  for (const face of Object.keys(FONT_URLS) as FigureFace[])
    document.fonts.add(new FontFace(FIGURE_FONT.family, `url(${FONT_URLS[face]})`, DESCRIPTORS[face]));
}

/** The faces' bytes, for pdfkit to embed. */
export async function figureFontBytes(): Promise<Record<FigureFace, ArrayBuffer>> {
  const faces = Object.keys(FONT_URLS) as FigureFace[];
  const bytes = await Promise.all(faces.map((f) => fetch(FONT_URLS[f]).then((r) => r.arrayBuffer())));
  return Object.fromEntries(faces.map((f, i) => [f, bytes[i]])) as Record<FigureFace, ArrayBuffer>;
}
