/**
 * What the player draws besides the schedule itself: chips on their edges, off nodes and each other, the `+=` list's
 * box, positions along an edge's curve, the cmp line in Python's words, the |grad| colour scale, and where
 * the view glides to follow a step.
 */
import { describe, expect, it } from 'vitest';
import { loadNames } from '../../../cli/load-names';
import { DEFAULT_CONFIG } from '../../../core/mlp/config';
import { runLecture } from '../../../core/mlp/run';
import { followTransform, FOLLOW_MIN_ZOOM } from '../../../src-renderer/graph/fit';
import { cmpLine, pyFloat } from '../../../src-renderer/player/cmp-format';
import { accumulationBox } from '../../../src-common/view/flow-plan';
import { placeChipsOnEdges, stepChips } from '../../../src-common/view/chip-placement';
import { laneBoxes } from '../../../src-common/view/edge-path';
import { planFlow } from '../../../src-common/view/flow-plan';
import type { Box } from '../../../src-common/view/layout-types';
import { overlaps } from '../../../src-common/view/box';
import { layoutGraph } from '../../../src-common/view/layout';
import { buildViewGraph, visibleNodeOf } from '../../../src-common/view/view-graph';
import { wrapToFit } from '../../../src-common/view/wrap';
import { buildSchedule } from '../../../core/mlp/lecture-schedule';
import { STAGE_1280 } from '../../helpers/lecture-wrap';
import { gradMagnitudes, gradScale } from '../../../src-common/view/grad-colour';
import { samplePath } from '../../../src-common/view/path-sampler';

const dump = runLecture(DEFAULT_CONFIG, loadNames());

describe('chip placement', () => {
  // A straight edge from x 0 to 300 at y 100, between two nodes.
  const along = samplePath([
    { x: 0, y: 100 },
    { x: 300, y: 100 },
  ]);
  const size = { width: 60, height: 18 };
  const onEdge = (p: { x: number; y: number }) => p.y === 100 && p.x >= 0 && p.x <= 300;

  it('puts a chip on its label when free, else at the first free point of its own edge', () => {
    expect(placeChipsOnEdges([{ along, label: { x: 150, y: 100 }, ...size }], [])).toEqual([
      { centre: { x: 150, y: 100 }, anchor: { x: 150, y: 100 }, leader: false },
    ]);
    // A node over the middle: the chip moves along the edge, not off it.
    const [p] = placeChipsOnEdges([{ along, label: null, ...size }], [{ x: 110, y: 80, width: 80, height: 40 }]);
    expect(p.leader).toBe(false);
    expect(onEdge(p.centre)).toBe(true);
    expect(p.centre.x + 30 <= 110 || p.centre.x - 30 >= 190).toBe(true);
  });

  it('with no free stretch, sits above or below with a leader to a point on its edge', () => {
    const nodes = [
      { x: -10, y: 85, width: 150, height: 30 },
      { x: 140, y: 85, width: 170, height: 30 },
    ];
    const [p] = placeChipsOnEdges([{ along, label: null, ...size }], nodes);
    expect(p.leader).toBe(true);
    expect(onEdge(p.anchor)).toBe(true);
    expect(p.centre.x).toBe(p.anchor.x);
    for (const n of nodes) expect(p.centre.y + 9 <= n.y || p.centre.y - 9 >= n.y + n.height).toBe(true);
  });

  it('keeps chips off each other as well as off the nodes', () => {
    const chip = { along, label: { x: 150, y: 100 }, width: 80, height: 18 };
    const [a, b] = placeChipsOnEdges([chip, chip], []);
    expect(a.centre).toEqual({ x: 150, y: 100 });
    expect(onEdge(b.centre)).toBe(true);
    expect(Math.abs(b.centre.x - a.centre.x)).toBeGreaterThanOrEqual(80);
  });

  it("on the wrapped lecture graph, no chip or edge label sits on another edge's lane, nor a += list on a node, at any step", () => {
    const view = buildViewGraph(dump.graph, new Set());
    const layout = wrapToFit(view, layoutGraph(view), STAGE_1280);
    const lanes = view.edges.map((e) => ({ id: e.id, boxes: laneBoxes(layout.edges[e.id].points) }));
    expect(lanes.filter((l) => l.boxes.length > 0).length).toBeGreaterThan(4);
    const hits = (id: string, r: Box) =>
      lanes.filter((l) => l.id !== id && l.boxes.some((b) => overlaps(r, b))).map((l) => `${id} on ${l.id}`);
    const onLanes = view.edges
      .filter((e) => e.labelled)
      .flatMap((e) => {
        const at = layout.edges[e.id].label;
        const w = e.labelWidth;
        const h = e.labelHeight;
        return hits(e.id, { x: at.x - w / 2, y: at.y - h / 2, width: w, height: h });
      });
    const schedule = buildSchedule(dump);
    const nodes = Object.values(layout.nodes);
    let chips = 0;
    let lists = 0;
    for (const step of schedule.steps) {
      const plan = planFlow(step, dump.graph, view, visibleNodeOf(dump.graph, new Set()));
      // The += list beside a target with several consumers covers no node (the next row is close below).
      const list =
        plan.contributions.length > 1
          ? accumulationBox(layout.nodes[plan.target], plan.contributions, (s) => s.length * 7, nodes).rect
          : null;
      if (list) {
        lists++;
        const covered = Object.entries(layout.nodes).filter(([, b]) => overlaps(list, b));
        onLanes.push(...covered.map(([id]) => `step ${step.target}: its += list on ${id}`));
      }
      for (const c of stepChips(plan, view, layout, list ? [list] : [])) {
        chips++;
        const r = { x: c.centre.x - c.width / 2, y: c.centre.y - 9, width: c.width, height: 18 };
        onLanes.push(...hits(c.chip.edgeId, r).map((h) => `step ${step.target}: ${h}`));
      }
    }
    expect(chips).toBeGreaterThan(15);
    expect(lists).toBeGreaterThan(3);
    expect(onLanes).toEqual([]);
  });

  it('puts the += list under the target', () => {
    const box = accumulationBox(
      { x: 5, y: 5, width: 50, height: 40 },
      [
        { edgeIds: [], accumulate: false, consumer: 'probs' },
        { edgeIds: [], accumulate: true, consumer: 'counts_sum' },
      ],
      (s) => s.length * 7,
    );
    expect(box.labels).toEqual(['= from probs', '+= from counts_sum']);
    expect(box.rect.y).toBeGreaterThan(45);
  });
});

describe('path sampler', () => {
  it("follows a turning edge's rounded corners, not the corner points they round off", () => {
    const path = samplePath([
      { x: 0, y: 0 },
      { x: 100, y: 0 },
      { x: 100, y: 100 },
      { x: 50, y: 100 },
    ]);
    const ps = Array.from({ length: 2001 }, (_, i) => path.at(i / 2000));
    // The corner at (100, 0) is rounded with radius 10: the drawn quadratic passes 3.5 px inside it.
    const nearest = Math.min(...ps.map((p) => Math.hypot(p.x - 100, p.y)));
    expect(nearest).toBeGreaterThan(3.4);
    expect(nearest).toBeLessThan(3.6);
  });

  it('follows the drawn curve from producer to consumer without the DOM', () => {
    const points = [
      { x: 0, y: 0 },
      { x: 100, y: 40 },
      { x: 220, y: 40 },
      { x: 300, y: 0 },
    ];
    const path = samplePath(points);
    expect(path.at(0)).toEqual(points[0]);
    const end = path.at(1);
    expect(end.x).toBeCloseTo(300, 9);
    expect(end.y).toBeCloseTo(0, 9);
    // Longer than the straight chord, shorter than the polyline's detour would allow at most.
    expect(path.length).toBeGreaterThan(300);
    expect(path.length).toBeLessThan(2 * 300);
    // curveMonotoneX never goes back in x; it passes through every layout point.
    let last = -Infinity;
    for (let f = 0; f <= 1.0001; f += 0.02) {
      const p = path.at(f);
      expect(p.x).toBeGreaterThanOrEqual(last - 1e-9);
      last = p.x;
    }
    const ys = Array.from({ length: 301 }, (_, i) => path.at(i / 300));
    expect(Math.min(...ys.map((p) => Math.hypot(p.x - 100, p.y - 40)))).toBeLessThan(2);
    expect(path.at(-1)).toEqual(path.at(0));
    expect(path.at(2)).toEqual(path.at(1));
  });
});

describe('cmp line, gradient colours, follow', () => {
  it('prints cmp as the lecture does', () => {
    expect(pyFloat(0)).toBe('0.0');
    expect(pyFloat(5.122274160385132e-9)).toBe('5.122274160385132e-09');
    expect(pyFloat(1e-5)).toBe('1e-05');
    expect(pyFloat(0.00011920928955078125)).toBe('0.00011920928955078125');
    expect(pyFloat(NaN)).toBe('nan');
    expect(cmpLine('logprobs', { exact: true, approx: true, maxdiff: 0 })).toBe(
      'logprobs        | exact: True  | approximate: True  | maxdiff: 0.0',
    );
    expect(cmpLine('dlogits', { exact: false, approx: true, maxdiff: 5e-9 })).toBe(
      'dlogits         | exact: False | approximate: True  | maxdiff: 5e-09',
    );
  });

  it('colours nodes by mean |grad| on a log scale', () => {
    const m = gradMagnitudes(dump);
    expect(m.get('loss')).toBe(1);
    const logits = dump.tensors.logits.grad!;
    expect(m.get('logits')).toBeCloseTo(logits.reduce((a, g) => a + Math.abs(g), 0) / logits.length, 12);
    const scale = gradScale(m.values(), 'light');
    expect(scale.position(scale.max)).toBe(1);
    expect(scale.position(scale.min)).toBe(0);
    expect(scale.position(Math.sqrt(scale.min * scale.max))).toBeCloseTo(0.5, 6);
    expect(scale.colour(scale.min)).not.toBe(scale.colour(scale.max));
    expect(scale.position(NaN)).toBe(0);
  });

  it('moves the view only when a step leaves it, never below a readable zoom', () => {
    const view = { width: 1000, height: 600 };
    const a = { x: 100, y: 100, width: 100, height: 40 };
    const far = { x: 3000, y: 100, width: 100, height: 40 };
    expect(followTransform([a], view, { k: 1, x: 0, y: 0 })).toBeNull();
    const t = followTransform([far], view, { k: 1, x: 0, y: 0 })!;
    expect(t.k).toBe(1);
    expect(t.x + (far.x + far.width / 2) * t.k).toBeCloseTo(500, 6);
    // Target and a consumer too far apart to fit at a readable zoom: centre the target alone.
    const both = followTransform([far, a], view, { k: 1, x: -5000, y: 0 })!;
    expect(both.k).toBe(FOLLOW_MIN_ZOOM);
    expect(both.x + (far.x + far.width / 2) * both.k).toBeCloseTo(500, 6);
    // Close enough to fit once zoomed out a little.
    const near = { x: 1000, y: 100, width: 100, height: 40 };
    const fit = followTransform([near, { ...a, x: 0 }], view, { k: 1, x: -5000, y: 0 })!;
    expect(fit.k).toBeLessThan(1);
    expect(fit.k).toBeGreaterThanOrEqual(FOLLOW_MIN_ZOOM);
  });
});
