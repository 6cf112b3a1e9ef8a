/** Wrapping the layered layout into snaking rows: everything still placed, nothing overlapping, edges turning at the rows' ends. */
import { describe, expect, it } from 'vitest';
import { layoutGraph } from '../../../src-common/view/layout';
import type { LayoutInput, LayoutResult, Point } from '../../../src-common/view/layout-types';
import { syntheticLayeredGraph } from '../../../src-common/view/synthetic';
import { buildViewGraph, groupMembers } from '../../../src-common/view/view-graph';
import { chooseCuts, cutCandidates, fitScale, visiblePart, wrapAt, wrapToFit } from '../../../src-common/view/wrap';
import { runsOneWay } from '../../../src-common/view/edge-path';
import { edgeMetrics } from '../../../src-common/view/edge-metrics';
import { recordedLectureGraph } from '../../e2e/fixtures/recorded-graph';

type Box = LayoutResult['nodes'][string];
const inside = (p: Point, b: Box, pad = 1) =>
  p.x > b.x + pad && p.x < b.x + b.width - pad && p.y > b.y + pad && p.y < b.y + b.height - pad;

/** Does the axis-parallel or sloped segment a→b pass through the inside of box b? (sampled finely) */
function crosses(a: Point, c: Point, b: Box): boolean {
  const n = Math.ceil(Math.hypot(c.x - a.x, c.y - a.y) / 2);
  for (let i = 0; i <= n; i++)
    if (inside({ x: a.x + ((c.x - a.x) * i) / n, y: a.y + ((c.y - a.y) * i) / n }, b)) return true;
  return false;
}

function checkWrapped(input: LayoutInput, r: LayoutResult) {
  const boxes = Object.entries(r.nodes);
  expect(boxes.map(([id]) => id).sort()).toEqual(input.nodes.map((n) => n.id).sort());
  for (let i = 0; i < boxes.length; i++) {
    const [a, p] = boxes[i];
    expect(p.x, a).toBeGreaterThanOrEqual(0);
    expect(p.y, a).toBeGreaterThanOrEqual(0);
    expect(p.x + p.width, a).toBeLessThanOrEqual(r.width + 1e-6);
    expect(p.y + p.height, a).toBeLessThanOrEqual(r.height + 1e-6);
    for (const [b, q] of boxes.slice(i + 1)) {
      const hit = p.x < q.x + q.width && q.x < p.x + p.width && p.y < q.y + q.height && q.y < p.y + p.height;
      expect(hit, `${a} overlaps ${b}`).toBe(false);
    }
  }
  // Even rows read left to right, odd rows right to left: an edge leaves and enters on the side facing that way.
  const forward = (node: string) => (r.rows?.[node] ?? 0) % 2 === 0;
  for (const e of input.edges) {
    const s = r.nodes[e.source];
    const t = r.nodes[e.target];
    const pts = r.edges[e.id].points;
    expect(pts[0].x).toBeCloseTo(forward(e.source) ? s.x + s.width : s.x);
    expect(pts[0].y).toBeGreaterThan(s.y);
    expect(pts[0].y).toBeLessThan(s.y + s.height);
    expect(pts.at(-1)!.x).toBeCloseTo(forward(e.target) ? t.x : t.x + t.width);
    expect(pts.at(-1)!.y).toBeGreaterThan(t.y);
    expect(pts.at(-1)!.y).toBeLessThan(t.y + t.height);
    // Within a row an edge runs one way; one that turns into another row goes round: no leg crosses a node.
    expect(runsOneWay(pts), e.id).toBe(r.rows?.[e.source] === r.rows?.[e.target]);
    if (!runsOneWay(pts)) {
      for (let i = 1; i < pts.length; i++)
        for (const [id, b] of boxes)
          expect(crosses(pts[i - 1], pts[i], b), `${e.id} leg ${i} crosses ${id}`).toBe(false);
    }
  }
}

describe('wrapped layout', () => {
  const graph = recordedLectureGraph();

  it.each([
    ['folded', new Set<string>()],
    ['expanded', new Set(groupMembers(graph).keys())],
  ])('wraps the %s lecture graph into rows that fill a 16:9 screen', (_name, expanded) => {
    const v = buildViewGraph(graph, expanded);
    const straight = layoutGraph(v);
    const screen = { width: 960, height: 540 };
    const r = wrapToFit(v, straight, screen);
    checkWrapped(v, r);
    // A long strip (measured 18:1) becomes a block near the screen's shape, shown several times larger.
    expect(straight.width / straight.height).toBeGreaterThan(10);
    expect(r.width / r.height).toBeLessThan(3);
    expect(fitScale(r, screen)).toBeGreaterThan(3 * fitScale(straight, screen));
    // Some edges do wrap, and turning rows round made no two edges cross that did not in the strip.
    expect(v.edges.some((e) => !runsOneWay(r.edges[e.id].points))).toBe(true);
    expect(edgeMetrics(r, v.edges).crossings).toBeLessThanOrEqual(edgeMetrics(straight, v.edges).crossings);
  });

  it('shapes the figure for a portrait page too', () => {
    const v = buildViewGraph(graph, new Set());
    const straight = layoutGraph(v);
    const a4 = { width: 794, height: 1123 };
    const r = wrapToFit(v, straight, a4);
    checkWrapped(v, r);
    expect(r.height).toBeGreaterThan(r.width * 0.6);
  });

  it('with a readable scale no wrap reaches, shows the largest part of the graph at that scale', () => {
    const v = buildViewGraph(graph, new Set());
    const straight = layoutGraph(v);
    const readable = 11 / 12;
    // A wide, short stage: the best whole-graph fit is too small to read.
    const stage = { width: 1000, height: 300 };
    const whole = wrapToFit(v, straight, stage);
    expect(fitScale(whole, stage)).toBeLessThan(readable);
    const r = wrapToFit(v, straight, stage, true, { min: readable });
    checkWrapped(v, r);
    expect(visiblePart(r, stage, readable)).toBeGreaterThan(visiblePart(whole, stage, readable));
    // No other row count shows more of it.
    const cuts = cutCandidates(v, straight);
    for (let rows = 2; rows <= 8; rows++) {
      const other = wrapAt(v, straight, chooseCuts(cuts, straight.width, rows));
      expect(visiblePart(other, stage, readable)).toBeLessThanOrEqual(visiblePart(r, stage, readable) * 1.01);
    }
  });

  it('keeps one row when the row already fits', () => {
    const v = buildViewGraph(graph, new Set());
    const straight = layoutGraph(v);
    expect(wrapToFit(v, straight, { width: straight.width + 10, height: straight.height + 10 })).toBe(straight);
  });

  it('cuts where the fewest edges cross', () => {
    const cuts = [
      { x: 100, crossings: 3 },
      { x: 130, crossings: 1 },
      { x: 300, crossings: 1 },
    ];
    expect(chooseCuts(cuts, 200, 2)).toEqual([130]);
    expect(chooseCuts(cuts, 400, 3)).toEqual([130, 300]);
  });

  it('a chain cut once: the second half runs back under the first, its link turning at the row end', () => {
    const input: LayoutInput = {
      nodes: ['a', 'b', 'c', 'd'].map((id) => ({ id, width: 40, height: 20 })),
      edges: [
        ['a', 'b'],
        ['b', 'c'],
        ['c', 'd'],
      ].map(([source, target]) => ({ id: `${source}->${target}`, source, target, labelWidth: 10, labelHeight: 10 })),
    };
    const straight = layoutGraph(input);
    const cuts = cutCandidates(input, straight);
    expect(cuts.every((c) => c.crossings === 1)).toBe(true);
    const middle = cuts.find((c) => c.x > straight.nodes.b.x + 40 && c.x < straight.nodes.c.x)!;
    const r = wrapAt(input, straight, [middle.x]);
    checkWrapped(input, r);
    expect(r.nodes.c.y).toBeGreaterThan(r.nodes.a.y + 20);
    expect(r.nodes.d.x).toBeLessThan(r.nodes.c.x);
    // The second row starts under the end of the first: the link is a short turn, not a run back.
    expect(Math.abs(r.nodes.c.x + r.nodes.c.width - (r.nodes.b.x + r.nodes.b.width))).toBeLessThan(1);
    // Its length: the drop between rows and the turn's two legs round the label slot (39 px each here),
    // where the old wrap ran back under the whole row (122 px) as well.
    expect(edgeMetrics(r, input.edges).rowToRowLength).toBeLessThanOrEqual(r.nodes.c.y - r.nodes.b.y + 2 * 39);
    expect(runsOneWay(r.edges['b->c'].points)).toBe(false);
    expect(runsOneWay(r.edges['a->b'].points)).toBe(true);
    expect(runsOneWay(r.edges['c->d'].points)).toBe(true);
  });

  it('wraps big graphs laid out with the fast operators', () => {
    const g = syntheticLayeredGraph(400);
    const straight = layoutGraph(g, 'fast');
    const r = wrapToFit(g, straight, { width: 1600, height: 900 }, false);
    checkWrapped(g, r);
    expect(fitScale(r, { width: 1600, height: 900 })).toBeGreaterThan(fitScale(straight, { width: 1600, height: 900 }));
  });
});
