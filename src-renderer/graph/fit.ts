/** Zoom transforms for the graph view: fit everything, the readable start view, centring on a box. */

export interface ZoomTransform {
  k: number;
  x: number;
  y: number;
}

export interface Size {
  width: number;
  height: number;
}

export interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

export const MIN_ZOOM = 0.05;
export const MAX_ZOOM = 4;
/** Below this scale node labels are too small to read comfortably. */
export const READABLE_ZOOM = 0.75;
const MARGIN = 24;

const clampK = (k: number) => Math.min(MAX_ZOOM, Math.max(MIN_ZOOM, k));

/** The whole graph, centred, never enlarged past 1. */
export function fitTransform(content: Size, view: Size): ZoomTransform {
  const k = clampK(Math.min(1, (view.width - 2 * MARGIN) / content.width, (view.height - 2 * MARGIN) / content.height));
  return { k, x: (view.width - content.width * k) / 2, y: (view.height - content.height * k) / 2 };
}

/**
 * Fit when that stays readable; otherwise full size (or as large as the height allows, but readable) from the
 * graph's start, since forward order runs left to right.
 */
export function startTransform(content: Size, view: Size): ZoomTransform {
  const fit = fitTransform(content, view);
  if (fit.k >= READABLE_ZOOM) return fit;
  const k = Math.max(READABLE_ZOOM, Math.min(1, (view.height - 2 * MARGIN) / content.height));
  return { k, x: MARGIN, y: (view.height - content.height * k) / 2 };
}

/** Same scale (at least readable), with `box` in the middle of the view. */
export function centreOn(box: Box, view: Size, current: ZoomTransform): ZoomTransform {
  const k = Math.max(current.k, READABLE_ZOOM);
  return { k, x: view.width / 2 - (box.x + box.width / 2) * k, y: view.height / 2 - (box.y + box.height / 2) * k };
}
