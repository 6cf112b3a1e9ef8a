/**
 * A figure's SVG as a one-page vector PDF with pdfkit and svg-to-pdfkit (both well kept, MIT): paths stay
 * paths and text stays text in the graph's own face (figure-font.ts), embedded, so it scales cleanly and
 * `pdftotext` reads the names back. Runs in Node (the CLI) and in the page (the app, pdfkit's browser
 * build); the caller passes pdfkit in, so neither bundle drags the other's build along, and the font's files
 * (paths in Node, bytes in the page).
 */
import type { FigureFace } from './figure-font';

export type PdfFonts = Record<FigureFace, string | ArrayBuffer | Uint8Array>;

/** The part of pdfkit's PDFDocument this uses. */
export interface PdfDoc {
  on(event: 'data', listener: (chunk: Uint8Array) => void): unknown;
  on(event: 'end', listener: () => void): unknown;
  registerFont(name: string, src: string | ArrayBuffer | Uint8Array): unknown;
  end(): void;
}
export type PdfDocClass = new (options: {
  size: [number, number];
  margin: number;
  info: Record<string, string>;
  font: string | ArrayBuffer | Uint8Array;
}) => PdfDoc;
export type SvgToPdf = (doc: PdfDoc, svg: string, x: number, y: number, options: Record<string, unknown>) => void;

/** CSS pixels to PDF points. */
const PT_PER_PX = 0.75;

/** Which face svg-to-pdfkit asks for (font-weight 600 and up count as bold; the graph has no bold italic). */
export const pdfFace = (bold: boolean, italic: boolean): FigureFace => (bold ? 'bold' : italic ? 'italic' : 'regular');

export function figurePdf(
  svg: string,
  width: number,
  height: number,
  PDFDocument: PdfDocClass,
  svgToPdf: SvgToPdf,
  fonts: PdfFonts,
  title: string,
): Promise<Uint8Array> {
  // Opened in the figure's face: pdfkit would otherwise start in Helvetica (which its browser build lacks).
  const doc = new PDFDocument({
    size: [width * PT_PER_PX, height * PT_PER_PX],
    margin: 0,
    info: { Title: title, Creator: 'Backprop Studio' },
    font: fonts.regular,
  });
  const chunks: Uint8Array[] = [];
  doc.on('data', (c) => chunks.push(c));
  const done = new Promise<Uint8Array>((resolve) =>
    doc.on('end', () => {
      const out = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
      let at = 0;
      for (const c of chunks) {
        out.set(c, at);
        at += c.length;
      }
      resolve(out);
    }),
  );
  for (const [face, src] of Object.entries(fonts)) doc.registerFont(face, src);
  svgToPdf(doc, svg, 0, 0, {
    fontCallback: (_family: string, bold: boolean, italic: boolean) => pdfFace(bold, italic),
  });
  doc.end();
  return done;
}
