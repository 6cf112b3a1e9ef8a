/**
 * d3-zoom owns the pointer and wheel gestures on the graph's <svg>; Svelte owns the drawing. The attachment
 * reports every transform to `onZoom` (and whether the learner's gesture made it) and hands back a handle for programmatic zooms (menu, keys, fit).
 */
import { interpolate, select, zoom, zoomIdentity, zoomTransform, type ZoomBehavior } from 'd3';
import type { Attachment } from 'svelte/attachments';
import { MAX_ZOOM, MIN_ZOOM, type ZoomTransform } from '../graph/fit';

export interface ZoomHandle {
  /** Jumps to `t`, or glides there over `ms`. */
  set(t: ZoomTransform, ms?: number): void;
  scaleBy(factor: number): void;
  translateBy(dx: number, dy: number): void;
}

/**
 * `size` reports the view's size as last observed: d3-zoom's default extent reads the <svg>'s width and height
 * from the DOM on every event, which forces a layout on each frame of a glide.
 */
export function zoomable(
  onZoom: (t: ZoomTransform, byUser: boolean) => void,
  ready: (handle: ZoomHandle | null) => void,
  size?: () => { width: number; height: number },
): Attachment<SVGSVGElement> {
  return (svg) => {
    const behavior: ZoomBehavior<SVGSVGElement, unknown> = zoom<SVGSVGElement, unknown>()
      .scaleExtent([MIN_ZOOM, MAX_ZOOM])
      // Glides pan straight across rather than d3's default zoom-out-and-back-in flight.
      .interpolate(interpolate)
      // d3 gives the learner's gestures (wheel, drag, touch) a sourceEvent; programmatic zooms have none.
      .on('zoom', (event: { transform: ZoomTransform; sourceEvent: Event | null }) =>
        onZoom({ k: event.transform.k, x: event.transform.x, y: event.transform.y }, event.sourceEvent != null),
      );
    if (size) {
      behavior.extent(() => {
        const { width, height } = size();
        return width > 0 && height > 0
          ? [
              [0, 0],
              [width, height],
            ]
          : [
              [0, 0],
              [svg.clientWidth, svg.clientHeight],
            ];
      });
    }
    const selection = select(svg);
    selection.call(behavior).on('dblclick.zoom', null);
    ready({
      set: (t, ms = 0) => {
        const target = zoomIdentity.translate(t.x, t.y).scale(t.k);
        if (ms > 0) selection.transition('glide').duration(ms).call(behavior.transform, target);
        else selection.interrupt('glide').call(behavior.transform, target);
      },
      scaleBy: (f) => selection.call(behavior.scaleBy, f),
      // translateBy works in content units; callers think in screen pixels.
      translateBy: (dx, dy) => {
        const { k } = zoomTransform(svg);
        selection.call(behavior.translateBy, dx / k, dy / k);
      },
    });
    return () => {
      selection.on('.zoom', null);
      ready(null);
    };
  };
}
