/**
 * How a laid-out edge is drawn. An edge within a row (x only ever goes one way: forward, or back in a
 * wrapped layout's mirrored rows) is a smooth curve through its control points; an edge that turns into
 * the next row is an orthogonal route with rounded corners, since a smooth curve through its corners
 * would cut across the rows it turns between.
 * `traceEdge` draws into any path context, so the page, the SVG export and the flow animation's
 * sampler all follow the same line.
 */
import { curveMonotoneX, line, path } from 'd3';
import type { Box, Point } from './layout-types';

/** What d3's line generator and d3-path draw into (a canvas context, d3.path(), a recorder). */
export interface PathContext {
  moveTo(x: number, y: number): void;
  lineTo(x: number, y: number): void;
  quadraticCurveTo(cpx: number, cpy: number, x: number, y: number): void;
  bezierCurveTo(cp1x: number, cp1y: number, cp2x: number, cp2y: number, x: number, y: number): void;
  closePath(): void;
}

const CORNER = 10;

/** Whether x never goes back along `points`, or never forward (a mirrored row of a wrapped layout). */
export const runsOneWay = (points: readonly Point[]): boolean =>
  points.every((p, i) => i === 0 || p.x >= points[i - 1].x - 1e-6) ||
  points.every((p, i) => i === 0 || p.x <= points[i - 1].x + 1e-6);

/**
 * The lane of an edge that turns into another row: its legs beside the rows (vertical, on a route that does
 * not run one way), as thin boxes. Nothing else (a chip, a label) may sit on another edge's lane.
 */
export function laneBoxes(points: readonly Point[]): Box[] {
  if (runsOneWay(points)) return [];
  return points.slice(1).flatMap((b, i) => {
    const a = points[i];
    const y = Math.min(a.y, b.y);
    return Math.abs(a.x - b.x) < 1e-6 && Math.abs(a.y - b.y) > 1e-6
      ? [{ x: a.x - LANE_HALF, y, width: 2 * LANE_HALF, height: Math.abs(b.y - a.y) }]
      : [];
  });
}
const LANE_HALF = 1.5;

export function traceEdge(points: readonly Point[], context: PathContext): void {
  if (points.length === 0) return;
  if (runsOneWay(points)) {
    line<Point>()
      .x((p) => p.x)
      .y((p) => p.y)
      .curve(curveMonotoneX)
      .context(context as unknown as CanvasRenderingContext2D)(points as Point[]);
    return;
  }
  context.moveTo(points[0].x, points[0].y);
  for (let i = 1; i < points.length - 1; i++) {
    const [a, c, b] = [points[i - 1], points[i], points[i + 1]];
    const r = Math.min(CORNER, Math.hypot(c.x - a.x, c.y - a.y) / 2, Math.hypot(b.x - c.x, b.y - c.y) / 2);
    const towards = (p: Point, d: number) => {
      const len = Math.hypot(p.x - c.x, p.y - c.y) || 1;
      return { x: c.x + ((p.x - c.x) / len) * d, y: c.y + ((p.y - c.y) / len) * d };
    };
    const into = towards(a, r);
    const out = towards(b, r);
    context.lineTo(into.x, into.y);
    context.quadraticCurveTo(c.x, c.y, out.x, out.y);
  }
  const last = points[points.length - 1];
  context.lineTo(last.x, last.y);
}

export function edgePath(points: readonly Point[]): string {
  const p = path();
  traceEdge(points, p);
  return p.toString();
}
