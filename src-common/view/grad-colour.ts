/**
 * A node's fill once its gradient is complete: the mean |grad| of the tensor, on a log scale over every
 * gradient of the run (they span several decades, from dloss = 1 down to ~1e-4 in the batchnorm), from a
 * pale to a strong orange that keeps the node's text readable in both themes.
 */
import { interpolateRgb, scaleLog } from 'd3';
import type { Dump } from '../../core/mlp/dump-types';
import { PALETTES, type ThemeName } from './palette';

/** mean |grad| per named tensor and parameter that has an autograd gradient. */
export function gradMagnitudes(dump: Pick<Dump, 'tensors' | 'params'>): Map<string, number> {
  const out = new Map<string, number>();
  for (const [name, t] of [...Object.entries(dump.params), ...Object.entries(dump.tensors)]) {
    if (!t.grad || t.grad.length === 0) continue;
    let sum = 0;
    for (const g of t.grad) sum += Math.abs(g);
    out.set(name, sum / t.grad.length);
  }
  return out;
}

export interface GradScale {
  /** The smallest and largest positive magnitude, the scale's domain. */
  min: number;
  max: number;
  /** Fill for a magnitude (zero or non-finite: the pale end). */
  colour(magnitude: number): string;
  /** 0…1 along the ramp. */
  position(magnitude: number): number;
}

export function gradScale(magnitudes: Iterable<number>, theme: ThemeName): GradScale {
  const positive = [...magnitudes].filter((m) => Number.isFinite(m) && m > 0);
  const min = positive.length ? Math.min(...positive) : 1;
  const max = positive.length ? Math.max(...positive) : 1;
  const scale = scaleLog()
    .domain([min, max === min ? min * 10 : max])
    .range([0, 1])
    .clamp(true);
  const ramp = interpolateRgb(PALETTES[theme].gradLow, PALETTES[theme].gradHigh);
  const position = (m: number) => (Number.isFinite(m) && m > 0 ? scale(m) : 0);
  return { min, max, position, colour: (m) => ramp(position(m)) };
}
