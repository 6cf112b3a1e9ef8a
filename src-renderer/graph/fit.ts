/** Zoom transforms for the graph view: fit everything, the readable start view, centring on a box. */
import { boundsOf } from './highlight';
import { NODE } from '../../src-common/view/marks';
import type { Box } from '../../src-common/view/layout-types';

export interface ZoomTransform {
  k: number;
  x: number;
  y: number;
}

export interface Size {
  width: number;
  height: number;
}

export type { Box } from '../../src-common/view/layout-types';

export const MIN_ZOOM = 0.05;
export const MAX_ZOOM = 4;
/** The smallest node title worth calling readable, in screen pixels. */
export const MIN_TEXT_PX = 11;
/** Below this scale node titles are smaller than MIN_TEXT_PX. */
export const READABLE_ZOOM = MIN_TEXT_PX / NODE.titlePx;
/** The opening view shows the whole graph down to this scale (small text, but every node in view). */
export const OVERVIEW_ZOOM = 0.5;
/** From a window this big up, node titles open readable (README): the graph may need panning instead. */
export const READABLE_WINDOW = { width: 1280, height: 720 } as const;

/** The smallest scale the opening view may show the whole graph at, for a window of `size`. */
export const openingZoom = (size: Size): number =>
  size.width >= READABLE_WINDOW.width && size.height >= READABLE_WINDOW.height ? READABLE_ZOOM : OVERVIEW_ZOOM;
const MARGIN = 10;

const clampK = (k: number) => Math.min(MAX_ZOOM, Math.max(MIN_ZOOM, k));

/** The whole graph, centred, never enlarged past 1. */
export function fitTransform(content: Size, view: Size): ZoomTransform {
  const k = clampK(Math.min(1, (view.width - 2 * MARGIN) / content.width, (view.height - 2 * MARGIN) / content.height));
  return { k, x: (view.width - content.width * k) / 2, y: (view.height - content.height * k) / 2 };
}

/**
 * The opening view: the whole graph when it fits at `minZoom` or more (OVERVIEW_ZOOM; READABLE_ZOOM for a
 * window where titles must be readable); otherwise readable and centred on `start` (the output, where
 * backprop begins), or from the graph's left edge when there is none. A graph only a little too big to read
 * whole keeps as much of itself in view as it can around `start`.
 */
export function startTransform(
  content: Size,
  view: Size,
  start: Box | null = null,
  minZoom = OVERVIEW_ZOOM,
): ZoomTransform {
  const fit = fitTransform(content, view);
  if (fit.k >= minZoom) return fit;
  if (start && fit.k >= OVERVIEW_ZOOM) return within(content, view, centreAt(start, view, READABLE_ZOOM));
  if (start) return centreAt(start, view, READABLE_ZOOM);
  const k = Math.max(READABLE_ZOOM, Math.min(1, (view.height - 2 * MARGIN) / content.height));
  return { k, x: MARGIN, y: (view.height - content.height * k) / 2 };
}

/** `t` moved as little as needed to leave no empty margin where the graph is bigger than the view. */
function within(content: Size, view: Size, t: ZoomTransform): ZoomTransform {
  const axis = (at: number, length: number, room: number) =>
    length * t.k <= room - 2 * MARGIN
      ? (room - length * t.k) / 2
      : Math.min(MARGIN, Math.max(room - length * t.k - MARGIN, at));
  return { k: t.k, x: axis(t.x, content.width, view.width), y: axis(t.y, content.height, view.height) };
}

/** Same scale (at least readable), with `box` in the middle of the view. */
export function centreOn(box: Box, view: Size, current: ZoomTransform): ZoomTransform {
  return centreAt(box, view, Math.max(current.k, READABLE_ZOOM));
}

function centreAt(box: Box, view: Size, k: number): ZoomTransform {
  return { k, x: view.width / 2 - (box.x + box.width / 2) * k, y: view.height / 2 - (box.y + box.height / 2) * k };
}

/** The player zooms out no further than this (node labels stay readable) to keep a step's nodes together. */
export const FOLLOW_MIN_ZOOM = READABLE_ZOOM;
const FOLLOW_MARGIN = 40;

/**
 * Where to move so that `boxes` (a step's target first, then its consumers) are all in view: null when they
 * already are, so the view stays calm while the gradient moves through what is on screen. Zooms out (down
 * to FOLLOW_MIN_ZOOM) when that is what it takes, and back in to a readable zoom; otherwise centres the
 * target alone.
 */
export function followTransform(boxes: Box[], view: Size, current: ZoomTransform): ZoomTransform | null {
  if (boxes.length === 0) return null;
  const inView = (b: Box) => {
    const x0 = current.x + b.x * current.k;
    const y0 = current.y + b.y * current.k;
    return (
      x0 >= FOLLOW_MARGIN / 2 &&
      y0 >= FOLLOW_MARGIN / 2 &&
      x0 + b.width * current.k <= view.width - FOLLOW_MARGIN / 2 &&
      y0 + b.height * current.k <= view.height - FOLLOW_MARGIN / 2
    );
  };
  if (boxes.every(inView)) return null;
  const all = boundsOf(boxes);
  const fits = Math.min((view.width - 2 * FOLLOW_MARGIN) / all.width, (view.height - 2 * FOLLOW_MARGIN) / all.height);
  // Keep the learner's zoom when the nodes fit at it; zoom out (never below readable) when they do not.
  const k = Math.min(Math.max(current.k, FOLLOW_MIN_ZOOM), Math.max(FOLLOW_MIN_ZOOM, fits));
  return centreAt(k <= fits ? all : boxes[0], view, k);
}
