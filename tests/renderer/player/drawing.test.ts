/**
 * What the player draws besides the schedule itself: chips kept off nodes and each other, the `+=` list's
 * box, positions along an edge's curve, the cmp line in Python's words, the |grad| colour scale, and where
 * the view glides to follow a step.
 */
import { describe, expect, it } from 'vitest';
import { loadNames } from '../../../cli/load-names';
import { DEFAULT_CONFIG } from '../../../core/mlp/config';
import { runLecture } from '../../../core/mlp/run';
import { followTransform, FOLLOW_MIN_ZOOM } from '../../../src-renderer/graph/fit';
import { cmpLine, pyFloat } from '../../../src-renderer/player/cmp-format';
import { accumulationBox, placeChip, placeChips } from '../../../src-renderer/player/flow-plan';
import { gradMagnitudes, gradScale } from '../../../src-renderer/player/grad-colour';
import { samplePath } from '../../../src-renderer/player/path-sampler';

const dump = runLecture(DEFAULT_CONFIG, loadNames());

describe('chip placement', () => {
  it('places a chip on its label when free, else beside it, never on a node', () => {
    const node = { x: 0, y: -40, width: 100, height: 40 };
    expect(placeChip({ x: 50, y: 20 }, { width: 60, height: 18 }, [node])).toEqual({ x: 50, y: 20 });
    const onLabel = { x: 0, y: 10, width: 100, height: 20 };
    const placed = placeChip({ x: 50, y: 20 }, { width: 60, height: 18 }, [onLabel]);
    const r = { x: placed.x - 30, y: placed.y - 9, width: 60, height: 18 };
    expect(r.y + r.height <= onLabel.y || r.y >= onLabel.y + onLabel.height).toBe(true);
    const box = accumulationBox({ x: 5, y: 5, width: 50, height: 40 }, [
      { edgeIds: [], accumulate: false, consumer: 'probs' },
      { edgeIds: [], accumulate: true, consumer: 'counts_sum' },
    ], (s) => s.length * 7);
    expect(box.labels).toEqual(['= from probs', '+= from counts_sum']);
    expect(box.rect.y).toBeGreaterThan(45);
  });

  it('keeps chips off each other as well as off the nodes', () => {
    const chip = { at: { x: 50, y: 20 }, width: 80, height: 18 };
    const [a, b] = placeChips([chip, chip], []);
    expect(a).toEqual({ x: 50, y: 20 });
    expect(Math.abs(b.y - a.y)).toBeGreaterThanOrEqual(18);
  });
});

describe('path sampler', () => {
  it('follows the drawn curve from producer to consumer without the DOM', () => {
    const points = [{ x: 0, y: 0 }, { x: 100, y: 40 }, { x: 220, y: 40 }, { x: 300, y: 0 }];
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
    expect(cmpLine('logprobs', { exact: true, approx: true, maxdiff: 0 })).toBe('logprobs        | exact: True  | approximate: True  | maxdiff: 0.0');
    expect(cmpLine('dlogits', { exact: false, approx: true, maxdiff: 5e-9 })).toBe('dlogits         | exact: False | approximate: True  | maxdiff: 5e-09');
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
