/**
 * Figures in Node: PNG pixels and RGBA frames with @resvg/resvg-js (with the system fonts, so the monospace
 * labels render), vector PDF with pdfkit (DejaVu Sans Mono embedded when the system has it, else PDF's
 * Courier), animated GIF with gifenc. The drawing itself is src-common/view/graph-svg, as in the app.
 */
import { existsSync } from 'node:fs';
import { Resvg } from '@resvg/resvg-js';
import PDFDocument from 'pdfkit';
import SVGtoPDF from 'svg-to-pdfkit';
import { figurePdf, type PdfDocClass, type PdfFonts, type SvgToPdf } from '../src-common/view/figure-pdf';
import type { RgbaFrame } from '../src-common/view/figure-gif';

function render(svg: string, scale: number) {
  return new Resvg(svg, {
    fitTo: { mode: 'zoom', value: scale },
    font: { loadSystemFonts: true, defaultFontFamily: 'DejaVu Sans Mono', monospaceFamily: 'DejaVu Sans Mono' },
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

const DEJAVU = '/usr/share/fonts/truetype/dejavu/DejaVuSansMono';

function systemMono(): PdfFonts | null {
  return existsSync(`${DEJAVU}.ttf`)
    ? { regular: `${DEJAVU}.ttf`, bold: existsSync(`${DEJAVU}-Bold.ttf`) ? `${DEJAVU}-Bold.ttf` : undefined }
    : null;
}

export function svgToPdf(svg: string, width: number, height: number, title: string): Promise<Uint8Array> {
  return figurePdf(
    svg,
    width,
    height,
    PDFDocument as unknown as PdfDocClass,
    SVGtoPDF as SvgToPdf,
    systemMono(),
    title,
  );
}
