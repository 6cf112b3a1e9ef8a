/**
 * Edge metrics, by hand on tiny layouts, then today's wrapped lecture graph measured: a change to the
 * wrapping or routing must not make its edges longer or more tangled than these numbers.
 */
import { describe, expect, it } from 'vitest';
import { edgeMetrics } from '../../../src-common/view/edge-metrics';
import type { LayoutResult } from '../../../src-common/view/layout-types';
import { buildViewGraph } from '../../../src-common/view/view-graph';
import { layoutGraph } from '../../../src-common/view/layout';
import { wrapToFit } from '../../../src-common/view/wrap';
import { recordedLectureGraph } from '../../e2e/fixtures/recorded-graph';

const box = (x: number, y: number) => ({ x, y, width: 10, height: 10 });

describe('edgeMetrics', () => {
  it('sums polyline lengths, counts proper crossings and the edges between rows', () => {
    const layout: LayoutResult = {
      width: 100,
      height: 100,
      nodes: { a: box(0, 0), b: box(90, 90), c: box(0, 90), d: box(90, 0) },
      edges: {
        ab: {
          points: [
            { x: 0, y: 0 },
            { x: 100, y: 0 },
            { x: 100, y: 100 },
          ],
          label: { x: 0, y: 0 },
        },
        cd: {
          points: [
            { x: 0, y: 100 },
            { x: 100, y: -10 },
          ],
          label: { x: 0, y: 0 },
        },
        ac: {
          points: [
            { x: 0, y: 0 },
            { x: 0, y: 100 },
          ],
          label: { x: 0, y: 0 },
        },
      },
    };
    const ends = {
      ab: { source: 'a', target: 'b' },
      cd: { source: 'c', target: 'd' },
      ac: { source: 'a', target: 'c' },
    };
    const m = edgeMetrics(layout, ends, (n) => (n === 'a' || n === 'd' ? 0 : 1));
    // cd crosses ab's top (at x ≈ 91) and passes above its right side; ac only touches the others' ends.
    expect(m.crossings).toBe(1);
    expect(m.length).toBeCloseTo(200 + Math.hypot(100, 110) + 100);
    expect(m.rowToRowEdges).toBe(3);
    expect(m.rowToRowLength).toBeCloseTo(m.length);
  });
});

describe("today's wrapped lecture graph (the 1280×720 lecture view's stage)", () => {
  it('keeps its edges no longer and no more tangled than measured', () => {
    const graph = recordedLectureGraph();
    const v = buildViewGraph(graph, new Set());
    const straight = layoutGraph(v);
    const r = wrapToFit(v, straight, { width: 902, height: 557 });
    const ends = Object.fromEntries(v.edges.map((e) => [e.id, e]));
    // Rows are where the tops of the nodes jump by more than a row's own spread.
    const tops = Object.values(r.nodes)
      .map((b) => b.y)
      .sort((a, b) => a - b);
    const cuts = tops.slice(1).flatMap((t, i) => (t - tops[i] > 60 ? [(t + tops[i]) / 2] : []));
    const rowOf = (id: string) => cuts.filter((c) => c < r.nodes[id].y).length;
    const m = edgeMetrics(r, ends, rowOf);
    // Measured on this branch (5 rows): 12,427 px of edges, 10,060 of them in the 8 row-to-row edges
    // (the loop-backs are 81% of all the ink), and no two edges crossing.
    expect(cuts.length + 1).toBe(5);
    expect(m.crossings).toBe(0);
    expect(m.rowToRowEdges).toBeLessThanOrEqual(8);
    expect(m.length).toBeLessThanOrEqual(12_428);
    expect(m.rowToRowLength).toBeLessThanOrEqual(10_061);
  });
});
