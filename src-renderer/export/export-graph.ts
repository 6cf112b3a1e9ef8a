/**
 * Export… of the graph as the app shows it (theme, expanded statements, the selected node and the backprop
 * step on screen, marked as `backprop-studio export --step N` marks it): SVG, PNG at 1×/2×/4×, PDF.
 */
import type { AppState } from '../state/app-state.svelte';
import { graphSvg } from '../../src-common/view/graph-svg';
import { svgToCanvas, svgToPngInPage } from './rasterize';
import { deflateStream, imagePdf, rgbaToRgb } from './image-pdf';

export type ImageFormat = 'svg' | 'png-1' | 'png-2' | 'png-4' | 'pdf';

/** PDF pages are drawn at 2× so text stays sharp when zoomed. */
const PDF_SCALE = 2;

export async function exportGraphImage(app: AppState, format: ImageFormat): Promise<void> {
  if (!app.dump) return;
  const c = app.config;
  const step = app.player.frame?.step ?? null;
  const { svg, width, height } = graphSvg(app.dump.graph, {
    theme: app.theme,
    expanded: app.expanded,
    marked: new Set([...(app.selected ? [app.selected] : []), ...(step ? [step.target] : [])]),
    caption: `variant ${c.variant} · seed ${c.seed} · hidden ${c.n_hidden} · loss ${app.dump.loss.toFixed(4)}`
      + (step ? ` · backprop step ${step.index}: d${step.target}` : ''),
  });
  try {
    let result;
    if (format === 'svg') {
      result = await app.api.saveFile({ suggestedName: 'backprop-studio-graph.svg', mime: 'image/svg+xml', data: svg });
    } else if (format === 'pdf') {
      const canvas = await svgToCanvas(svg, width, height, PDF_SCALE);
      const rgba = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height).data;
      const pdf = await imagePdf(rgbaToRgb(rgba), canvas.width, canvas.height, width, height, deflateStream);
      result = await app.api.saveFile({ suggestedName: 'backprop-studio-graph.pdf', mime: 'application/pdf', data: pdf });
    } else {
      const scale = Number(format.slice(4));
      const png = await svgToPngInPage(svg, width, height, scale);
      result = await app.api.saveFile({ suggestedName: `backprop-studio-graph@${scale}x.png`, mime: 'image/png', data: png });
    }
    if (result.saved) app.showToast(`Saved ${result.name ?? 'the graph'}`);
  } catch (e) {
    app.showToast(`Export failed: ${e instanceof Error ? e.message : String(e)}`);
  }
}
