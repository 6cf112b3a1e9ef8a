/**
 * The graph view's placements: the start view for a new graph, and never again once the learner has moved the
 * view (a resize settling after their zoom, or the same graph laid out again, used to snap back to the start
 * view: the windows e2e test's zoom clicks were undone that way).
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { layoutGraph } from '../../../src-common/view/layout';
import { buildViewGraph, visibleNodeOf } from '../../../src-common/view/view-graph';
import { GraphLayout } from '../../../src-renderer/graph/graph-layout.svelte';
import type { ZoomTransform } from '../../../src-renderer/graph/fit';
import { recordedLectureGraph } from '../../e2e/fixtures/recorded-graph';

// Laid out in the test's thread: no layout worker under Node.
vi.mock('../../../src-renderer/worker/layout-client', () => ({
  layoutAnywhere: (input: Parameters<typeof layoutGraph>[0]) => Promise.resolve(layoutGraph(input)),
}));

const graph = recordedLectureGraph();
const view = buildViewGraph(graph, new Set());
const visibleOf = visibleNodeOf(graph, new Set());
/** The graph stage of a 1440×900 window. */
const STAGE = { width: 1060, height: 737 };

/** A stage of STAGE's size with a zoom handle standing in for d3-zoom's (programmatic zooms: no gesture). */
function stageWithZoom(): GraphLayout {
  const stage = new GraphLayout();
  stage.width = STAGE.width;
  stage.height = STAGE.height;
  stage.attach({
    set: (t) => stage.zoomed(t, false),
    scaleBy: (f) => stage.zoomed({ ...stage.transform, k: stage.transform.k * f }, false),
    translateBy: (dx, dy) =>
      stage.zoomed({ ...stage.transform, x: stage.transform.x + dx, y: stage.transform.y + dy }, false),
  });
  return stage;
}

/** Lays `v` out and lets its promise and timers run. */
async function layOut(stage: GraphLayout, origin: object | null, v = view): Promise<void> {
  stage.lay(v, visibleOf, origin);
  await vi.advanceTimersByTimeAsync(0);
  expect(stage.laid?.view).toBe(v);
}

/** Resizes the stage and lets the resize settle. */
async function resize(stage: GraphLayout, width: number, height: number): Promise<void> {
  stage.width = width;
  stage.height = height;
  stage.resized();
  await vi.advanceTimersByTimeAsync(1000);
}

/** Where node `id`'s centre is on screen under `t`. */
function onScreen(stage: GraphLayout, id: string, t: ZoomTransform = stage.transform) {
  const b = stage.laid!.layout.nodes[id];
  return { x: t.x + (b.x + b.width / 2) * t.k, y: t.y + (b.y + b.height / 2) * t.k };
}

beforeEach(() => {
  vi.useFakeTimers();
  vi.stubGlobal('window', { innerWidth: 1440, innerHeight: 900 });
  vi.stubGlobal('requestAnimationFrame', (f: () => void) => setTimeout(f, 16));
});
afterEach(() => {
  vi.useRealTimers();
  vi.unstubAllGlobals();
});

describe('graph view placement', () => {
  it('places the start view for a new graph, and again for a resize the learner has not zoomed through', async () => {
    const stage = stageWithZoom();
    await layOut(stage, null);
    const start = stage.transform;
    expect(start.k).toBeGreaterThan(0);
    stage.zoomed({ ...start, k: start.k * 3 }, false); // the player's follow: no move of the learner's
    await resize(stage, 700, 737);
    const other = stageWithZoom();
    other.width = 700;
    await layOut(other, null);
    expect(stage.transform).toEqual(other.transform);
  });

  it('zoom buttons before a resize settles: the resize re-wraps but keeps the zoom and what is in the middle', async () => {
    const stage = stageWithZoom();
    await layOut(stage, null);
    stage.width = 700;
    stage.resized();
    // Clicked while the resize is pending.
    for (let i = 0; i < 4; i++) stage.controls.zoomBy(1.25);
    const zoomed = stage.transform;
    const middle = { x: 350, y: STAGE.height / 2 };
    await vi.advanceTimersByTimeAsync(1000);
    expect(stage.transform.k).toBeCloseTo(zoomed.k, 12);
    // Whatever node sat nearest the middle is still where it was on screen.
    const near = Object.keys(stage.laid!.layout.nodes).map((id) => onScreen(stage, id));
    expect(Math.min(...near.map((p) => Math.hypot(p.x - middle.x, p.y - middle.y)))).toBeLessThan(200 * zoomed.k);
  });

  it('a wheel zoom, then a resize: the node in the middle stays put at the learner zoom', async () => {
    const stage = stageWithZoom();
    await layOut(stage, null);
    const start = stage.transform;
    const wheel = { k: start.k * 2, x: start.x * 2 - STAGE.width / 2, y: start.y * 2 - STAGE.height / 2 };
    stage.zoomed(wheel, true);
    const ids = Object.keys(stage.laid!.layout.nodes);
    const centre = { x: STAGE.width / 2, y: STAGE.height / 2 };
    const distance = (id: string) => Math.hypot(onScreen(stage, id).x - centre.x, onScreen(stage, id).y - centre.y);
    const middle = ids.reduce((a, b) => (distance(b) < distance(a) ? b : a));
    const before = onScreen(stage, middle);
    await resize(stage, 800, 600);
    expect(stage.transform.k).toBe(wheel.k);
    expect(onScreen(stage, middle).x).toBeCloseTo(before.x, 9);
    expect(onScreen(stage, middle).y).toBeCloseTo(before.y, 9);
  });

  it('a focus (keyboard) counts as the learner moving: a later resize does not undo it', async () => {
    const stage = stageWithZoom();
    await layOut(stage, null);
    stage.controls.focus('logits');
    const focused = onScreen(stage, 'logits');
    expect(focused).toEqual({ x: STAGE.width / 2, y: STAGE.height / 2 });
    await resize(stage, 1000, 700);
    expect(onScreen(stage, 'logits').x).toBeCloseTo(focused.x, 9);
    expect(onScreen(stage, 'logits').y).toBeCloseTo(focused.y, 9);
  });

  it('a view the learner never moved is placed again for the same names drawn at other sizes', async () => {
    const stage = stageWithZoom();
    await layOut(stage, null);
    const lecture = stage.transform;
    // The same names and edges (the same ids), other shapes: other titles, other widths.
    const other = buildViewGraph(recordedLectureGraph(10, 200, 3, 32), new Set());
    expect(other.nodes.map((n) => n.id)).toEqual(view.nodes.map((n) => n.id));
    const fresh = stageWithZoom();
    await layOut(fresh, null, other);
    expect(fresh.transform).not.toEqual(lecture);
    await layOut(stage, { name: 'part4.ipynb' }, other);
    expect(stage.transform).toEqual(fresh.transform);
  });

  it('the same graph laid out for a new origin keeps the learner view; another graph starts from its own', async () => {
    const stage = stageWithZoom();
    await layOut(stage, null);
    stage.controls.zoomBy(2);
    const zoomed = stage.transform;
    await layOut(stage, { name: 'part4.ipynb' }, buildViewGraph(graph, new Set()));
    expect(stage.transform).toEqual(zoomed);
    // Nothing drawn for a while (a re-run before its first backward), then the same graph again.
    stage.lay(null, null, null);
    await layOut(stage, { name: 'part4.ipynb' }, buildViewGraph(graph, new Set()));
    expect(stage.transform).toEqual(zoomed);
    // Another graph: here the same run with a statement expanded (more nodes).
    const expandable = view.nodes.find((n) => n.members.length > 0)!.id;
    const other = buildViewGraph(graph, new Set([expandable]));
    const fresh = stageWithZoom();
    await layOut(fresh, null, other);
    await layOut(stage, { name: 'other.ipynb' }, other);
    expect(stage.transform).not.toEqual(zoomed);
    expect(stage.transform).toEqual(fresh.transform);
  });
});
