/**
 * The loss curve's geometry, computed with D3 and drawn by Svelte: lossi bucketed into a few hundred means
 * (the lecture's `lossi.view(-1, 1000).mean(1)`, sized to the plot), a trailing moving average of those
 * means, fixed x scale over the whole run so the curve grows left to right, and y ticks of the log10 loss.
 */
import { extent, line, precisionFixed, scaleLinear, tickStep, type ScaleLinear } from 'd3';

export interface CurvePoint {
  /** The bucket's middle step. */
  step: number;
  /** Mean log10(loss) over the bucket's steps so far. */
  value: number;
}

/** Steps per bucket so a run of `total` steps draws at most `maxPoints` points. */
export function bucketSize(total: number, maxPoints: number): number {
  return Math.max(1, Math.ceil(total / Math.max(1, maxPoints)));
}

/**
 * Means of lossi[0, count) over buckets of `size` steps; the last bucket may be partial. A diverging run's
 * NaN or ±Infinity steps are left out (a bucket of nothing else is no point): one would make its bucket's
 * mean, the y scale and so both curves NaN, and the page log an error per path.
 */
export function bucketMeans(lossi: ArrayLike<number>, count: number, size: number): CurvePoint[] {
  const points: CurvePoint[] = [];
  for (let start = 0; start < count; start += size) {
    const end = Math.min(count, start + size);
    let sum = 0;
    let n = 0;
    for (let i = start; i < end; i++) {
      if (!Number.isFinite(lossi[i])) continue;
      sum += lossi[i];
      n++;
    }
    if (n > 0) points.push({ step: (start + end - 1) / 2, value: sum / n });
  }
  return points;
}

/**
 * Centred mean over `radius` points either side (fewer at the ends). A trailing mean would lag a whole
 * window behind the steep early descent and draw the smooth line above the data it summarises.
 */
export function movingAverage(points: readonly CurvePoint[], radius: number): CurvePoint[] {
  const prefix = new Float64Array(points.length + 1);
  points.forEach((p, i) => (prefix[i + 1] = prefix[i] + p.value));
  return points.map((p, i) => {
    const lo = Math.max(0, i - radius);
    const hi = Math.min(points.length, i + radius + 1);
    return { step: p.step, value: (prefix[hi] - prefix[lo]) / (hi - lo) };
  });
}

/**
 * How many steps to bucket while training: whole buckets only, since a bucket of a few steps is much
 * noisier than its neighbours and would flicker at the curve's tip; the run's last bucket once it is over.
 */
export function drawnSteps(step: number, total: number, size: number): number {
  return step >= total ? total : step - (step % size);
}

export interface PlotBox {
  width: number;
  height: number;
  margin: { top: number; right: number; bottom: number; left: number };
}

export interface CurveScales {
  x: ScaleLinear<number, number>;
  y: ScaleLinear<number, number>;
}

/** x spans the whole run; y spans the drawn values (nice-rounded), or a lecture-like default when empty. */
export function curveScales(totalSteps: number, points: readonly CurvePoint[], box: PlotBox): CurveScales {
  const { width, height, margin } = box;
  const x = scaleLinear()
    .domain([0, Math.max(1, totalSteps)])
    .range([margin.left, width - margin.right]);
  const [lo, hi] = extent(points, (p) => p.value);
  const domain: [number, number] =
    lo === undefined || hi === undefined ? [0.2, 0.6] : lo === hi ? [lo - 0.05, hi + 0.05] : [lo, hi];
  const y = scaleLinear()
    .domain(domain)
    .range([height - margin.bottom, margin.top])
    .nice(5);
  return { x, y };
}

/** The SVG path of a curve, or '' when there is nothing to draw. */
export function curvePath(points: readonly CurvePoint[], { x, y }: CurveScales): string {
  return (
    line<CurvePoint>()
      .x((p) => x(p.step))
      .y((p) => y(p.value))(points as CurvePoint[]) ?? ''
  );
}

export interface Tick {
  value: number;
  position: number;
  label: string;
}

/** Axis ticks with positions and labels: steps as 50k / 1.5k, log10 losses with as many decimals as the tick step needs. */
export function axisTicks(scale: ScaleLinear<number, number>, count: number, kind: 'steps' | 'loss'): Tick[] {
  const [lo, hi] = scale.domain();
  const decimals = Math.max(2, precisionFixed(tickStep(lo, hi, count)));
  const format = kind === 'steps' ? formatSteps : (v: number) => v.toFixed(decimals);
  return scale.ticks(count).map((value) => ({ value, position: scale(value), label: format(value) }));
}

export function formatSteps(n: number): string {
  if (n >= 1_000_000) return `${+(n / 1_000_000).toFixed(1)}M`;
  if (n >= 1000) return `${+(n / 1000).toFixed(1)}k`;
  return String(n);
}
