/**
 * The graph view's layout lifecycle: lays the view graph out (in a worker when big), wraps it into rows to the
 * stage's shape, places the start view (on the output, readable) for a new graph, keeps a toggled node where it
 * was on screen, re-wraps once a resize settles, and answers the zoom/fit/focus commands. Once the learner has
 * moved the view (wheel, drag, zoom buttons, keys, focus), nothing automatic returns it to the start view: a
 * resize re-wraps around what they look at, and the same graph laid out again (a re-run, another notebook
 * recording the same graph) keeps their view.
 * GraphView.svelte binds the stage's size and the zoom attachment to it and draws what it has laid out.
 */
import { untrack } from 'svelte';
import type { ViewGraph } from '../../src-common/view/view-graph';
import type { LayoutResult } from '../../src-common/view/layout-types';
import { chooseQuality } from '../../src-common/view/layout';
import { wrapToFit } from '../../src-common/view/wrap';
import { layoutAnywhere } from '../worker/layout-client';
import type { ZoomHandle } from '../attachments/zoom';
import type { GraphControls } from '../state/view-state.svelte';
import { centreOn, fitTransform, followTransform, openingZoom, startTransform, type ZoomTransform } from './fit';
import { boundsOf } from './highlight';

/** What is drawn: `straight` is the engine's one long row, `layout` it wrapped to the view's shape. */
export interface Laid {
  /** The notebook (or null: the lecture) it was laid out for: another one starts from its own start view. */
  origin: object | null;
  view: ViewGraph;
  straight: LayoutResult;
  layout: LayoutResult;
  visibleOf: (id: string) => string;
}

/** Where the graph may be drawn: below the export and legend buttons in the top left corner. */
const TOP_CONTROLS = 36;
/** How long a resize must settle before the graph is wrapped again. */
const SETTLE_MS = 200;

export class GraphLayout {
  laid = $state.raw<Laid | null>(null);
  error = $state<string | null>(null);
  /** Set once the laid-out graph has been painted (the e2e tests and the benchmarks wait for it). */
  painted = $state(false);
  transform = $state<ZoomTransform>({ k: 1, x: 0, y: 0 });
  /** The stage's size, bound to its element. */
  width = $state(0);
  height = $state(0);
  private zoom: ZoomHandle | null = null;
  /** Keeps the clicked node where it was on screen when its statement expands or folds. */
  private anchor: { id: string; sx: number; sy: number } | null = null;
  private ticket = 0;
  /** The stage size the drawn layout was wrapped for: a size report of that size is no resize. */
  private wrappedFor = { width: 0, height: 0 };
  /** The nodes and edges of the graph last placed (kept while nothing is drawn): the same graph keeps its view. */
  private placedGraph = '';
  /** Whether the learner has moved the view since it was last placed automatically. */
  private moved = false;
  private resizeTimer: ReturnType<typeof setTimeout> | undefined;

  /** Lays out a new view graph (null: nothing to draw, and nothing of the previous one stays drawn). */
  lay(view: ViewGraph | null, visibleOf: ((id: string) => string) | null, origin: object | null): void {
    if (!view || !visibleOf) {
      this.laid = null;
      return;
    }
    const ticket = ++this.ticket;
    performance.mark('graph:layout-start');
    layoutAnywhere(view).then(
      (straight) => {
        if (ticket !== this.ticket) return;
        performance.mark('graph:layout-end');
        // Another graph starts from its own start view; a re-run, a toggled statement or the same graph
        // recorded by another notebook keeps the view the learner moved to (one they never moved is placed
        // again: the same names may be drawn at other sizes).
        const key = graphKey(view);
        const first = (this.laid === null || this.laid.origin !== origin) && (key !== this.placedGraph || !this.moved);
        this.placedGraph = key;
        this.laid = { origin, view, straight, layout: this.wrapped(view, straight), visibleOf };
        this.error = null;
        this.place(this.laid.layout, first);
        this.painted = false;
        requestAnimationFrame(() =>
          setTimeout(() => {
            if (ticket !== this.ticket) return;
            performance.mark('graph:painted');
            this.painted = true;
          }),
        );
      },
      (e: unknown) => {
        if (ticket === this.ticket) this.error = e instanceof Error ? e.message : String(e);
      },
    );
  }

  /**
   * A new stage size: once it settles, the graph is wrapped again; shown from its start view, or, once the
   * learner has moved the view, with the node they look at kept where it is (call from an effect).
   */
  resized(): () => void {
    void this.width;
    void this.height;
    clearTimeout(this.resizeTimer);
    this.resizeTimer = setTimeout(() => {
      const current = untrack(() => this.laid);
      // The first size report (and any report of the size the layout was wrapped for) is no resize.
      if (!current || (this.wrappedFor.width === this.width && this.wrappedFor.height === this.height)) return;
      if (this.moved) this.anchorOnCentre(current.layout);
      const layout = this.wrapped(current.view, current.straight);
      // The same rows keep the drawn layout (no redraw).
      if (layout.width !== current.layout.width || layout.height !== current.layout.height)
        this.laid = { ...current, layout };
      this.place(untrack(() => this.laid)!.layout, !this.moved);
    }, SETTLE_MS);
    return () => clearTimeout(this.resizeTimer);
  }

  /** Every transform the zoom attachment reports; `byUser` for the learner's wheel, drag or touch. */
  zoomed(t: ZoomTransform, byUser: boolean): void {
    if (byUser) this.moved = true;
    this.transform = t;
  }

  /** The zoom attachment's handle (null when it goes). */
  attach(handle: ZoomHandle | null): void {
    this.zoom = handle;
  }

  /** Remembers where a node is on screen before its statement expands or folds, to keep it there. */
  anchorOn(id: string): void {
    const b = this.laid?.layout.nodes[id];
    const t = this.transform;
    if (b) this.anchor = { id, sx: t.x + (b.x + b.width / 2) * t.k, sy: t.y + (b.y + b.height / 2) * t.k };
  }

  /** Keyboard focus on a node: pan to it when it is not already wholly in view. */
  reveal(id: string): void {
    const b = this.laid?.layout.nodes[id];
    if (!b) return;
    const t = this.transform;
    const x0 = t.x + b.x * t.k;
    const y0 = t.y + b.y * t.k;
    const visible = x0 >= 0 && y0 >= 0 && x0 + b.width * t.k <= this.width && y0 + b.height * t.k <= this.height;
    if (!visible) this.moveTo(centreOn(b, this.viewport(), t));
  }

  /** The learner's commands (zoom buttons, keys, menu, focus); the player's follow is no move of theirs. */
  readonly controls: GraphControls = {
    zoomBy: (f) => {
      this.moved = true;
      this.zoom?.scaleBy(f);
    },
    fit: () => this.laid && this.moveTo(this.below(fitTransform(this.laid.layout, this.area()))),
    panBy: (dx, dy) => {
      this.moved = true;
      this.zoom?.translateBy(dx, dy);
    },
    follow: (ids, ms) => {
      const boxes = ids.map((id) => this.laid?.layout.nodes[id]).filter((b) => b !== undefined);
      const t = followTransform(boxes, this.viewport(), this.transform);
      if (!t) return;
      if (this.zoom) this.zoom.set(t, ms);
      else this.transform = t;
    },
    focus: (id) => {
      const box = this.laid?.layout.nodes[id];
      if (box) this.moveTo(centreOn(box, this.viewport(), this.transform));
    },
    focusLine: (line) => {
      const laid = this.laid;
      if (!laid) return;
      const boxes = laid.view.nodes.filter((n) => n.line === line).map((n) => laid.layout.nodes[n.id]);
      if (boxes.length) this.moveTo(centreOn(boundsOf(boxes), this.viewport(), this.transform));
    },
  };

  /** A move the learner asked for. */
  private moveTo(t: ZoomTransform): void {
    this.moved = true;
    this.set(t);
  }

  /** Anchors the node nearest the middle of the view (as it was before the resize), to keep it there. */
  private anchorOnCentre(layout: LayoutResult): void {
    const t = this.transform;
    const cx = (this.wrappedFor.width / 2 - t.x) / t.k;
    const cy = (this.wrappedFor.height / 2 - t.y) / t.k;
    let best: string | null = null;
    let bestDistance = Infinity;
    for (const [id, b] of Object.entries(layout.nodes)) {
      const d = Math.hypot(b.x + b.width / 2 - cx, b.y + b.height / 2 - cy);
      if (d < bestDistance) [best, bestDistance] = [id, d];
    }
    if (best !== null) this.anchorOn(best);
  }

  private set(t: ZoomTransform): void {
    if (this.zoom) this.zoom.set(t);
    else this.transform = t;
  }

  private viewport() {
    return { width: this.width, height: this.height };
  }

  private area() {
    return { width: this.width || 1000, height: Math.max(100, (this.height || 600) - TOP_CONTROLS) };
  }

  private below(t: ZoomTransform): ZoomTransform {
    return { ...t, y: t.y + TOP_CONTROLS };
  }

  private wrapped(view: ViewGraph, straight: LayoutResult): LayoutResult {
    this.wrappedFor = { width: this.width, height: this.height };
    const { width, height } = this.area();
    return wrapToFit(view, straight, { width: width - 20, height: height - 20 }, chooseQuality(view) === 'thorough', {
      min: openingZoom(windowSize()),
    });
  }

  private place(layout: LayoutResult, first: boolean): void {
    const anchor = this.anchor;
    if (first && this.laid) {
      this.moved = false;
      const start = startTransform(layout, this.area(), outputBox(this.laid.view, layout), openingZoom(windowSize()));
      this.set(this.below(start));
    } else if (anchor && layout.nodes[anchor.id]) {
      const b = layout.nodes[anchor.id];
      const k = this.transform.k;
      this.set({ k, x: anchor.sx - (b.x + b.width / 2) * k, y: anchor.sy - (b.y + b.height / 2) * k });
    }
    this.anchor = null;
  }
}

/** The window, not the stage: whether titles must open readable is the window's size (README). */
const windowSize = () => ({ width: window.innerWidth, height: window.innerHeight });

/** What makes two view graphs the same drawing: their nodes and edges. */
const graphKey = (v: ViewGraph) => `${v.nodes.map((n) => n.id).join(',')}|${v.edges.map((e) => e.id).join(',')}`;

/** The output (no consumers), where backprop starts: the opening view shows it when not everything fits. */
function outputBox(v: ViewGraph, layout: LayoutResult) {
  const sources = new Set(v.edges.map((e) => e.source));
  const out = [...v.nodes].reverse().find((n) => !sources.has(n.id));
  return out ? layout.nodes[out.id] : null;
}
