/**
 * Figures in Node: PNG pixels and RGBA frames with @resvg/resvg-js, vector PDF with pdfkit, both in the
 * graph's bundled face (src-common/view/figure-font.ts) and no system font, so a figure is the same on
 * every machine; animated GIF with gifenc. The drawing itself is src-common/view/graph-svg, as in the app.
 */
import { createRequire } from 'node:module';
import { Resvg } from '@resvg/resvg-js';
import PDFDocument from 'pdfkit';
import SVGtoPDF from 'svg-to-pdfkit';
import { figurePdf, type PdfDocClass, type PdfFonts, type SvgToPdf } from '../src-common/view/figure-pdf';
import { FIGURE_FONT } from '../src-common/view/figure-font';
import type { RgbaFrame } from '../src-common/view/figure-gif';

const resolve = createRequire(import.meta.url).resolve;
/** The face's files, from the package in node_modules. */
const FONT_FILES: PdfFonts = {
  regular: resolve(`${FIGURE_FONT.package}/${FIGURE_FONT.files.regular}`),
  bold: resolve(`${FIGURE_FONT.package}/${FIGURE_FONT.files.bold}`),
  italic: resolve(`${FIGURE_FONT.package}/${FIGURE_FONT.files.italic}`),
};

function render(svg: string, scale: number) {
  return new Resvg(svg, {
    fitTo: { mode: 'zoom', value: scale },
    font: {
      loadSystemFonts: false,
      fontFiles: Object.values(FONT_FILES) as string[],
      defaultFontFamily: FIGURE_FONT.family,
      monospaceFamily: FIGURE_FONT.family,
    },
  }).render();
}

/** Renders an SVG string to PNG bytes at `scale` device pixels per CSS pixel. */
export function svgToPng(svg: string, scale: number): Uint8Array {
  return render(svg, scale).asPng();
}

export function svgToRgba(svg: string, scale: number): RgbaFrame {
  const image = render(svg, scale);
  return { width: image.width, height: image.height, rgba: image.pixels };
}

export function svgToPdf(svg: string, width: number, height: number, title: string): Promise<Uint8Array> {
  return figurePdf(svg, width, height, PDFDocument as unknown as PdfDocClass, SVGtoPDF as SvgToPdf, FONT_FILES, title);
}
