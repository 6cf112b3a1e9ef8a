/**
 * The geometry of the graph's marks, shared by the Svelte marks (src-renderer/marks/) and the standalone
 * SVG export, so a figure is the same drawing as the screen: box sizes, corner radii and where text sits.
 */
import { EDGE_FONT_PX, NODE_FONT_PX } from './text-metrics';

/** A node: `name · shape` over its op line. */
export const NODE = {
  height: 34,
  /** Left and right padding together. */
  padX: 16,
  textX: 8,
  titleY: 15,
  subtitleY: 28,
  rx: 6,
  titlePx: NODE_FONT_PX,
  subtitlePx: NODE_FONT_PX - 1,
} as const;

/** An edge's shape label, and a chip drawn on an edge during a backward step. */
export const LABEL = { padX: 8, height: 16, rx: 4, textY: 3.8, fontPx: EDGE_FONT_PX } as const;
export const CHIP = { height: 18, padX: 14, rx: 9, textY: 3.8 } as const;

/**
 * Arrowheads: the ordinary one, the (smaller, thicker-edged) broadcast one, and the gradient's. The
 * gradient's sits at an edge's start, drawn reversed, so on the edge the gradient is flowing along it
 * points back to the operand, the way the gradient goes (not forward, as the forward pass's arrow does);
 * it is sized for the lit edge's thicker stroke, so it is no bigger than the others. Each marker is
 * oriented `auto` with its own shape, not `auto-start-reverse`, which resvg (PNG and GIF export) ignores.
 */
const FORWARD = { path: 'M0,0 L10,5 L0,10 z', refX: 9 } as const;
const BACKWARD = { path: 'M10,0 L0,5 L10,10 z', refX: 1 } as const;
export const ARROWS = [
  { id: 'arrow', size: 7, broadcast: false, grad: false, ...FORWARD },
  { id: 'arrow-broadcast', size: 6, broadcast: true, grad: false, ...FORWARD },
  { id: 'arrow-grad', size: 3.5, broadcast: false, grad: true, ...BACKWARD },
] as const;

/** Stroke widths: plain edge, broadcast edge, node box, marked node. */
export const STROKE = { edge: 1.4, broadcast: 2.2, box: 1.5, marked: 3, lit: 3 } as const;
