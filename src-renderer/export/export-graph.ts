/**
 * Export… of the graph as the app shows it (theme, expanded statements, the selected node, and the backward
 * pass at the step on screen, drawn as `backprop-studio export --step N` draws it): SVG, PNG at 1×/2×/4×,
 * vector PDF, or an animated GIF of the whole backward pass. `page` shapes the figure (one long strip, a
 * 16:9 slide, A4 portrait). The drawing is src-common/view/graph-svg, shared with the CLI.
 */
import type { StudioApi } from '../../src-common/ipc-contract';
import type { Screen } from '../state/screen.svelte';
import type { ViewState } from '../state/view-state.svelte';
import { graphSvg, type GraphSvgOptions, type PageShape } from '../../src-common/view/graph-svg';
import { encodeGif, type RgbaFrame } from '../../src-common/view/figure-gif';
import { figurePdf, type PdfDocClass, type SvgToPdf } from '../../src-common/view/figure-pdf';
import { figureFontBytes } from '../styles/figure-font-files';
import { svgToCanvas, svgToPngInPage } from './rasterize';

export type ImageFormat = 'svg' | 'png-1' | 'png-2' | 'png-4' | 'pdf' | 'gif';
/** What an export reads: the run and step on screen, how the graph is shown, and where files are saved. */
export interface ExportSource {
  api: Pick<StudioApi, 'saveFile'>;
  screen: Screen;
  view: ViewState;
}

/** How long each step of the GIF shows (as the CLI). */
const GIF_FRAME_MS = 900;

/** What ran (the lecture's config, worded as the CLI's runCaption, or the notebook's name) and its loss. */
const caption = (app: ExportSource): string =>
  app.screen.dump!.caption + (app.screen.dump!.loss === null ? '' : ` · loss ${app.screen.dump!.loss.toFixed(4)}`);

/** The figure options for the app's state, at backprop step `index` (0-based; null: none). */
function figure(app: ExportSource, page: PageShape, index: number | null): GraphSvgOptions {
  const schedule = app.screen.player.schedule;
  return {
    theme: app.view.theme,
    expanded: app.view.expanded,
    marked: new Set(app.view.selected ? [app.view.selected] : []),
    caption: caption(app),
    page,
    backprop: schedule && index !== null && index >= 0 ? { dump: app.screen.dump!, schedule, index } : undefined,
  };
}

async function pdfOf(svg: string, width: number, height: number, title: string): Promise<Uint8Array> {
  // pdfkit is loaded only when a PDF is asked for: the app's start stays lean.
  const [{ default: PDFDocument }, { default: SVGtoPDF }, fonts] = await Promise.all([
    import('pdfkit'),
    import('svg-to-pdfkit'),
    figureFontBytes(),
  ]);
  return figurePdf(svg, width, height, PDFDocument as PdfDocClass, SVGtoPDF as SvgToPdf, fonts, title);
}

/** One frame per backward step, drawn and encoded in the page; `progress` gets 0…1. */
async function backwardGif(app: ExportSource, page: PageShape, progress: (f: number) => void): Promise<Uint8Array> {
  const steps = app.screen.player.schedule?.steps.length ?? 0;
  if (steps === 0) throw new Error('there is no backward schedule to animate');
  const frames: RgbaFrame[] = [];
  for (let i = 0; i < steps; i++) {
    const { svg, width, height } = graphSvg(app.screen.dump!.graph, figure(app, page, i));
    const canvas = await svgToCanvas(svg, width, height, 1);
    frames.push({
      width: canvas.width,
      height: canvas.height,
      rgba: canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height).data,
    });
    progress(((i + 1) / steps) * 0.5);
    // Let the progress bar paint between frames.
    await new Promise((resolve) => setTimeout(resolve));
  }
  return encodeGif(frames, GIF_FRAME_MS, (done, total) => progress(0.5 + (done / total) * 0.5));
}

export async function exportGraphImage(
  app: ExportSource,
  format: ImageFormat,
  page: PageShape = 'strip',
  progress: (f: number) => void = () => {},
): Promise<void> {
  if (!app.screen.dump) return;
  const { svg, width, height } = graphSvg(app.screen.dump.graph, figure(app, page, app.screen.player.current));
  const base = `backprop-studio-graph${page === 'strip' ? '' : `-${page.replace(':', 'x')}`}`;
  try {
    let result;
    if (format === 'svg') {
      result = await app.api.saveFile({ suggestedName: `${base}.svg`, mime: 'image/svg+xml', data: svg });
    } else if (format === 'pdf') {
      const pdf = await pdfOf(svg, width, height, `Backprop Studio: ${caption(app)}`);
      result = await app.api.saveFile({ suggestedName: `${base}.pdf`, mime: 'application/pdf', data: pdf });
    } else if (format === 'gif') {
      const gif = await backwardGif(app, page === 'strip' ? '16:9' : page, progress);
      result = await app.api.saveFile({ suggestedName: 'backprop-studio-backward.gif', mime: 'image/gif', data: gif });
    } else {
      const scale = Number(format.slice(4));
      const png = await svgToPngInPage(svg, width, height, scale);
      result = await app.api.saveFile({ suggestedName: `${base}@${scale}x.png`, mime: 'image/png', data: png });
    }
    if (result.saved) app.view.showToast(`Saved ${result.name ?? 'the graph'}`);
  } catch (e) {
    app.view.showToast(`Export failed: ${e instanceof Error ? e.message : String(e)}`);
  }
}
