/**
 * Edge metrics, by hand on a tiny layout, then the wrapped lecture graph measured against the wrap it
 * replaced: a change to the wrapping or routing must not make its edges longer or more tangled.
 */
import { describe, expect, it } from 'vitest';
import { edgeMetrics } from '../../../src-common/view/edge-metrics';
import type { LayoutResult } from '../../../src-common/view/layout-types';
import { LOOP_BACK_WRAP, LOOP_BACK_WRAP_ROWS, wrappedLecture } from '../../helpers/lecture-wrap';

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
    const ends = [
      { id: 'ab', source: 'a', target: 'b' },
      { id: 'cd', source: 'c', target: 'd' },
      { id: 'ac', source: 'a', target: 'c' },
    ];
    const m = edgeMetrics({ ...layout, rows: { a: 0, d: 0, b: 1, c: 1 } }, ends);
    // cd crosses ab's top (at x ≈ 91) and passes above its right side; ac only touches the others' ends.
    expect(m.crossings).toBe(1);
    expect(m.length).toBeCloseTo(200 + Math.hypot(100, 110) + 100);
    expect(m.rowToRowEdges).toBe(3);
    expect(m.rowToRowLength).toBeCloseTo(m.length);
  });
});

describe("the wrapped lecture graph (the 1280×720 window's stage)", () => {
  it('snakes: row-to-row edges a third as long as the loop-backs were, all edges shorter, none crossing', () => {
    const { rows, metrics: m } = wrappedLecture();
    // Measured: 6,034 px of edges (was 12,427), 3,667 of them in the 8 row-to-row edges (was 10,060, in
    // 8), no crossings (none before either). Most of what is left is the two skip edges (bndiff → bnraw,
    // counts → probs) running along their rows, as long as in the unwrapped strip.
    expect(rows).toBe(LOOP_BACK_WRAP_ROWS);
    expect(m.crossings).toBeLessThanOrEqual(LOOP_BACK_WRAP.crossings);
    expect(m.rowToRowEdges).toBeLessThanOrEqual(LOOP_BACK_WRAP.rowToRowEdges);
    expect(m.length).toBeLessThanOrEqual(0.5 * LOOP_BACK_WRAP.length);
    expect(m.rowToRowLength).toBeLessThanOrEqual(0.37 * LOOP_BACK_WRAP.rowToRowLength);
  });
});
