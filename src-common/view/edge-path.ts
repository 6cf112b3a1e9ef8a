/** SVG path of a laid-out edge: a smooth curve through its control points (forward, so x never goes back). */
import { curveMonotoneX, line } from 'd3';
import type { Point } from './layout-types';

const curve = line<Point>()
  .x((p) => p.x)
  .y((p) => p.y)
  .curve(curveMonotoneX);

export function edgePath(points: readonly Point[]): string {
  return curve(points as Point[]) ?? '';
}
