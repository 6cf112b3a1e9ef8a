/**
 * The notebook's matplotlib calls as plots to draw (D3 computes, FiguresPanel draws): consecutive calls
 * share a plot until plt.figure()/subplots() starts a new one, as in matplotlib; each heatmap becomes a
 * downsampled grid with a colour scale, each line series an SVG path, each histogram its bars.
 */
import { extent, line, scaleLinear } from 'd3';
import type { Figure } from '../../core/notebook/types';
import { downsample, type Grid } from '../inspector/downsample';
import { asMatrix } from '../inspector/slice';
import { divergingScale, sequentialScale, type ColorScale, type Rgb } from '../inspector/color-scale';
import { histogram } from '../inspector/tensor-stats';

export const PLOT_W = 320;
export const PLOT_H = 180;
const MAX_CELLS = 240;

export interface HeatmapPlot {
  kind: 'heatmap';
  line: number;
  cell: number;
  grid: Grid;
  scale: ColorScale;
  rows: number;
  cols: number;
  shape: number[];
}
export interface LinePlot {
  kind: 'line';
  line: number;
  cell: number;
  paths: { d: string; label: string | null }[];
  x: [number, number];
  y: [number, number];
}
export interface HistogramPlot {
  kind: 'histogram';
  line: number;
  cell: number;
  bars: { x: number; width: number; y: number; height: number }[];
  x: [number, number];
}
export type Plot = HeatmapPlot | LinePlot | HistogramPlot;

/** Figures grouped the way matplotlib draws them: a `new` figure starts a plot, the rest draw onto it. */
export function groupFigures(figures: readonly Figure[]): Figure[][] {
  const out: Figure[][] = [];
  for (const f of figures) {
    const last = out[out.length - 1];
    // Only line charts overlay; an imshow or hist onto a line chart gets its own plot here.
    if (!last || f.new || f.kind !== 'line' || last[0].kind !== 'line') out.push([f]);
    else last.push(f);
  }
  return out;
}

function flatten(v: unknown, out: number[] = []): number[] {
  if (Array.isArray(v)) for (const x of v) flatten(x, out);
  else out.push(Number(v));
  return out;
}

/** matplotlib's gray colormap (black to white). */
function grayScale(min: number, max: number): ColorScale {
  const span = max - min || 1;
  const f = ((v: number) => {
    const g = Math.round(255 * Math.max(0, Math.min(1, (v - min) / span)));
    return [g, g, g] as Rgb;
  }) as ColorScale;
  f.domain = [min, max];
  f.kind = 'sequential';
  return f;
}

const DIVERGING = new Set(['RdBu', 'RdBu_r', 'bwr', 'coolwarm', 'seismic']);

function range(values: readonly number[]): [number, number] {
  const [lo, hi] = extent(values.filter(Number.isFinite));
  return lo === undefined || hi === undefined ? [0, 1] : lo === hi ? [lo - 0.5, hi + 0.5] : [lo, hi];
}

export function plotOf(group: readonly Figure[]): Plot {
  const f = group[0];
  if (f.kind === 'heatmap') {
    const data = flatten(f.values);
    const shape = f.shape.length >= 2 ? f.shape.slice(-2) : [1, data.length];
    const m = asMatrix(shape);
    const [min, max] = range(data);
    const scale =
      f.cmap === 'gray' || f.cmap === 'Greys_r'
        ? grayScale(min, max)
        : f.cmap && DIVERGING.has(f.cmap)
          ? divergingScale(min, max)
          : sequentialScale(min, max);
    return {
      kind: 'heatmap',
      line: f.line,
      cell: f.cell,
      grid: downsample(data, m, MAX_CELLS, MAX_CELLS),
      scale,
      rows: m.rows,
      cols: m.cols,
      shape: f.shape,
    };
  }
  if (f.kind === 'histogram') {
    const [min, max] = range(f.values);
    const counts = histogram(f.values, Math.max(1, f.bins), min, max);
    const x = scaleLinear().domain([0, counts.length]).range([0, PLOT_W]);
    const y = scaleLinear()
      .domain([0, Math.max(1, ...counts)])
      .range([PLOT_H, 0]);
    const bars = counts.map((c, i) => ({
      x: x(i),
      width: Math.max(0.5, x(1) - x(0) - 1),
      y: y(c),
      height: PLOT_H - y(c),
    }));
    return { kind: 'histogram', line: f.line, cell: f.cell, bars, x: [min, max] };
  }
  const series = group.filter((g): g is Extract<Figure, { kind: 'line' }> => g.kind === 'line');
  const xr = range(series.flatMap((s) => s.x));
  const yr = range(series.flatMap((s) => s.y));
  const x = scaleLinear().domain(xr).range([0, PLOT_W]);
  const y = scaleLinear().domain(yr).range([PLOT_H, 0]);
  const paths = series.map((s) => ({
    d:
      line<[number, number]>(
        (p) => x(p[0]),
        (p) => y(p[1]),
      ).defined((p) => Number.isFinite(p[1]))(s.y.map((v, i) => [s.x[i] ?? i, v])) ?? '',
    label: s.label,
  }));
  return { kind: 'line', line: f.line, cell: f.cell, paths, x: xr, y: yr };
}
