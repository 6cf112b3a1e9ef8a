/**
 * Positions along a drawn edge without asking the DOM: the same curve the edge is drawn with
 * (traceEdge through the layout's points), flattened into short segments with their cumulative
 * lengths. SVGPathElement.getPointAtLength would force a style and layout flush on every animation frame.
 */
import type { Point } from './layout-types';
import { traceEdge } from './edge-path';

export interface PathSampler {
  length: number;
  /** The point at `fraction` (0 = the path's start, the producer; 1 = its end, the consumer). */
  at(fraction: number): Point;
}

const SEGMENTS_PER_CURVE = 12;

/** Records what d3's line generator draws, flattening Bézier curves into points. */
class Flattener {
  readonly points: Point[] = [];
  moveTo(x: number, y: number) {
    this.points.push({ x, y });
  }
  lineTo(x: number, y: number) {
    this.points.push({ x, y });
  }
  bezierCurveTo(x1: number, y1: number, x2: number, y2: number, x: number, y: number) {
    const p0 = this.points[this.points.length - 1];
    for (let i = 1; i <= SEGMENTS_PER_CURVE; i++) {
      const t = i / SEGMENTS_PER_CURVE;
      const u = 1 - t;
      const a = u * u * u;
      const b = 3 * u * u * t;
      const c = 3 * u * t * t;
      const d = t * t * t;
      this.points.push({ x: a * p0.x + b * x1 + c * x2 + d * x, y: a * p0.y + b * y1 + c * y2 + d * y });
    }
  }
  closePath() {}
  /** A rounded corner of a turning edge: flattened too, so a chip anchored on it is on the drawn line. */
  quadraticCurveTo(x1: number, y1: number, x: number, y: number) {
    const p0 = this.points[this.points.length - 1];
    for (let i = 1; i <= SEGMENTS_PER_CURVE; i++) {
      const t = i / SEGMENTS_PER_CURVE;
      const u = 1 - t;
      this.points.push({
        x: u * u * p0.x + 2 * u * t * x1 + t * t * x,
        y: u * u * p0.y + 2 * u * t * y1 + t * t * y,
      });
    }
  }
  arc() {}
  arcTo() {}
  rect() {}
}

export function samplePath(points: readonly Point[]): PathSampler {
  const flat = new Flattener();
  traceEdge(points, flat);
  const pts = flat.points.length > 0 ? flat.points : [{ x: 0, y: 0 }];
  const cumulative = [0];
  for (let i = 1; i < pts.length; i++)
    cumulative.push(cumulative[i - 1] + Math.hypot(pts[i].x - pts[i - 1].x, pts[i].y - pts[i - 1].y));
  const length = cumulative[cumulative.length - 1];
  return {
    length,
    at(fraction) {
      const target = Math.max(0, Math.min(1, fraction)) * length;
      let lo = 0;
      let hi = cumulative.length - 1;
      while (hi - lo > 1) {
        const mid = (lo + hi) >> 1;
        if (cumulative[mid] < target) lo = mid;
        else hi = mid;
      }
      const span = cumulative[hi] - cumulative[lo];
      const f = span > 0 ? (target - cumulative[lo]) / span : 0;
      return { x: pts[lo].x + (pts[hi].x - pts[lo].x) * f, y: pts[lo].y + (pts[hi].y - pts[lo].y) * f };
    },
  };
}
