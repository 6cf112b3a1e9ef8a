/** The layered layout: everything placed, forward edges left to right, nothing overlapping. */
import { describe, expect, it } from 'vitest';
import { chooseQuality, layoutGraph } from '../../../src-common/view/layout';
import type { LayoutInput, LayoutResult } from '../../../src-common/view/layout-types';
import { syntheticLayeredGraph } from '../../../src-common/view/synthetic';
import { buildViewGraph, groupMembers } from '../../../src-common/view/view-graph';
import { recordedLectureGraph } from '../../e2e/fixtures/recorded-graph';

function overlaps(r: LayoutResult): string[] {
  const boxes = Object.entries(r.nodes);
  const bad: string[] = [];
  for (let i = 0; i < boxes.length; i++)
    for (let j = i + 1; j < boxes.length; j++) {
      const [a, p] = boxes[i];
      const [b, q] = boxes[j];
      if (p.x < q.x + q.width && q.x < p.x + p.width && p.y < q.y + q.height && q.y < p.y + p.height)
        bad.push(`${a}/${b}`);
    }
  return bad;
}

function checkLayout(input: LayoutInput, r: LayoutResult) {
  expect(Object.keys(r.nodes).sort()).toEqual(input.nodes.map((n) => n.id).sort());
  expect(Object.keys(r.edges).sort()).toEqual(input.edges.map((e) => e.id).sort());
  for (const e of input.edges) {
    const s = r.nodes[e.source];
    const t = r.nodes[e.target];
    expect(s.x + s.width, `${e.id} runs forward`).toBeLessThanOrEqual(t.x);
    const pts = r.edges[e.id].points;
    // Edges leave from the source's right side and arrive on the target's left side.
    expect(pts[0].x).toBe(s.x + s.width);
    expect(pts[0].y).toBeGreaterThan(s.y);
    expect(pts[0].y).toBeLessThan(s.y + s.height);
    expect(pts[pts.length - 1].x).toBe(t.x);
    expect(pts[pts.length - 1].y).toBeGreaterThan(t.y);
    expect(pts[pts.length - 1].y).toBeLessThan(t.y + t.height);
    for (let i = 1; i < pts.length; i++) expect(pts[i].x).toBeGreaterThanOrEqual(pts[i - 1].x - 1e-6);
  }
  expect(overlaps(r)).toEqual([]);
  // No two edges end at the same point of a node.
  const ends = input.edges.map((e) => r.edges[e.id].points.at(-1)!).map((p) => `${p.x},${p.y}`);
  expect(new Set(ends).size).toBe(ends.length);
  for (const b of Object.values(r.nodes)) {
    expect(b.x).toBeGreaterThanOrEqual(-1e-6);
    expect(b.y).toBeGreaterThanOrEqual(-1e-6);
    expect(b.x + b.width).toBeLessThanOrEqual(r.width + 1e-6);
    expect(b.y + b.height).toBeLessThanOrEqual(r.height + 1e-6);
  }
}

describe('layout', () => {
  const graph = recordedLectureGraph();

  it.each([
    ['folded', new Set<string>()],
    ['expanded', new Set(groupMembers(graph).keys())],
  ])('lays out the %s lecture graph left to right, thoroughly', (_name, expanded) => {
    const v = buildViewGraph(graph, expanded);
    expect(chooseQuality(v)).toBe('thorough');
    const r = layoutGraph(v);
    checkLayout(v, r);
    // Labels get their own slot: no label box overlaps a node.
    for (const e of v.edges) {
      const { x, y } = r.edges[e.id].label;
      for (const b of Object.values(r.nodes)) {
        const inside = x > b.x && x < b.x + b.width && y > b.y && y < b.y + b.height;
        expect(inside, `${e.id} label inside a node`).toBe(false);
      }
    }
  });

  it('switches to the fast operators for big graphs and still lays them out forward', () => {
    const g = syntheticLayeredGraph(400);
    expect(chooseQuality(g)).toBe('fast');
    checkLayout(g, layoutGraph(g));
  });

  it('synthetic graphs have the size asked for, one output and no dangling values', () => {
    for (const n of [50, 300]) {
      const g = syntheticLayeredGraph(n);
      expect(g.nodes.length).toBe(n);
      const consumed = new Set(g.edges.map((e) => e.source));
      expect(g.nodes.filter((v) => !consumed.has(v.id)).length).toBe(1);
      expect(syntheticLayeredGraph(n)).toEqual(g);
    }
  });

  it('names the edge when it joins unknown nodes', () => {
    expect(() =>
      layoutGraph({ nodes: [], edges: [{ id: 'a->b', source: 'a', target: 'b', labelWidth: 1, labelHeight: 1 }] }),
    ).toThrow('a->b');
  });
});
