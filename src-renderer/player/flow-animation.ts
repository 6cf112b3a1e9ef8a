/**
 * The gradient travelling: a Svelte attachment on a layer inside the graph's viewport that, for one step,
 * runs D3 transitions along the drawn edge paths from consumer to producer — a pulse moving backward and a
 * trail growing behind it — one contribution after another, and rings the target as each one lands.
 * Everything it draws is decoration over state the components already show, so it is skipped entirely
 * under reduced motion and torn down (transitions interrupted) the moment the step changes.
 */
import { easeCubicOut, easeLinear, select } from 'd3';
import type { Attachment } from 'svelte/attachments';
import type { Point } from '../../src-common/view/layout-types';
import type { Box } from '../graph/fit';
import { edgePath } from '../../src-common/view/edge-path';
import type { FlowPlan } from '../../src-common/view/flow-plan';
import type { Timing } from './pacing';
import { samplePath } from '../../src-common/view/path-sampler';

export interface FlowRun {
  plan: FlowPlan;
  timing: Timing;
  /** Layout boxes of the drawn nodes, for the arrival ring, and each drawn edge's points. */
  boxes: Record<string, Box>;
  edges: Record<string, { points: Point[] }>;
}

export function flowAnimation(run: FlowRun | null): Attachment<SVGGElement> {
  return (layer) => {
    if (!run) return;
    const root = select(layer);
    const { plan, timing, boxes, edges } = run;

    plan.contributions.forEach((contribution, i) => {
      const legs = contribution.edgeIds.map((id) => edges[id]?.points).filter((p): p is Point[] => p !== undefined);
      const window = timing.arrivals[i] - timing.starts[i];
      const legMs = window / Math.max(1, legs.length);
      legs.forEach((points, k) => {
        const path = samplePath(points);
        const delay = timing.starts[i] + k * legMs;
        // pathLength 1: the dash pattern is in fractions of the path, so no length is measured in the DOM.
        root
          .append('path')
          .attr('class', 'flow-trail')
          .attr('d', edgePath(points))
          .attr('pathLength', 1)
          .attr('stroke-dasharray', '1 1')
          .attr('stroke-dashoffset', -1)
          .transition()
          .delay(delay)
          .duration(legMs)
          .ease(easeLinear)
          .attr('stroke-dashoffset', 0);
        root
          .append('circle')
          .attr('class', 'flow-pulse')
          .attr('r', 5.5)
          .attr('opacity', 0)
          .transition()
          .delay(delay)
          .duration(legMs)
          .ease(easeLinear)
          .attr('opacity', 1)
          .attrTween('transform', () => (t) => {
            // Backward: from the consumer's end of the path to the producer's.
            const p = path.at(1 - t);
            return `translate(${p.x},${p.y})`;
          })
          .transition()
          .duration(120)
          .attr('opacity', 0)
          .remove();
      });

      const box = boxes[plan.target];
      if (!box) return;
      root
        .append('rect')
        .attr('class', 'flow-ring')
        .attr('x', box.x)
        .attr('y', box.y)
        .attr('width', box.width)
        .attr('height', box.height)
        .attr('rx', 6)
        .attr('opacity', 0)
        .transition()
        .delay(timing.arrivals[i])
        .duration(0)
        .attr('opacity', 1)
        .transition()
        .duration(420)
        .ease(easeCubicOut)
        .attr('x', box.x - 9)
        .attr('y', box.y - 9)
        .attr('width', box.width + 18)
        .attr('height', box.height + 18)
        .attr('rx', 12)
        .attr('opacity', 0)
        .remove();
    });

    return () => {
      root.selectAll('*').interrupt();
      root.selectAll('*').remove();
    };
  };
}
