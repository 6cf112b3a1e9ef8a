/**
 * A figure's SVG as a one-page vector PDF with pdfkit and svg-to-pdfkit (both well kept, MIT): paths stay
 * paths and text stays text, so it scales cleanly and `pdftotext` reads the names back. Runs in Node (the
 * CLI) and in the page (the app, pdfkit's browser build); the caller passes pdfkit in, so neither bundle
 * drags the other's build along, and the fonts it has (a monospace TTF when the system has one).
 */
export interface PdfFonts {
  regular: string | ArrayBuffer | Uint8Array;
  bold?: string | ArrayBuffer | Uint8Array;
}

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
  font?: string;
}) => PdfDoc;
export type SvgToPdf = (doc: PdfDoc, svg: string, x: number, y: number, options: Record<string, unknown>) => void;

/** CSS pixels to PDF points. */
const PT_PER_PX = 0.75;

/**
 * Without an embedded font, PDF's standard Courier covers only WinAnsi: the few symbols the graph uses
 * outside it are spelled in ASCII, so the text stays true and extractable.
 */
const ASCII_FOR: Record<string, string> = { '→': '->', Σ: 'sum', '−': '-', '∂': 'd' };
export function winAnsiText(svg: string): string {
  return svg.replace(/[→Σ−∂]/g, (c) => ASCII_FOR[c]);
}

export function figurePdf(
  svg: string,
  width: number,
  height: number,
  PDFDocument: PdfDocClass,
  svgToPdf: SvgToPdf,
  fonts: PdfFonts | null,
  title: string,
): Promise<Uint8Array> {
  // Without fonts of its own the document starts in Courier, the one standard font the page registers.
  const doc = new PDFDocument({
    size: [width * PT_PER_PX, height * PT_PER_PX],
    margin: 0,
    info: { Title: title, Creator: 'Backprop Studio' },
    ...(fonts ? {} : { font: 'Courier' }),
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
  if (fonts) {
    doc.registerFont('Mono', fonts.regular);
    doc.registerFont('Mono-Bold', fonts.bold ?? fonts.regular);
  }
  svgToPdf(doc, fonts ? svg : winAnsiText(svg), 0, 0, {
    fontCallback: (_family: string, bold: boolean) =>
      fonts ? (bold ? 'Mono-Bold' : 'Mono') : bold ? 'Courier-Bold' : 'Courier',
  });
  doc.end();
  return done;
}
