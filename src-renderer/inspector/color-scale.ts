/**
 * Colour scales for heatmaps as RGB bytes (fast enough to fill an ImageData per pixel): diverging and centred
 * on 0 for gradients and differences, sequential for values. D3's interpolators compute the colours.
 */
import { interpolateRdBu, interpolateViridis, rgb } from 'd3';

export type Rgb = [number, number, number];
export type ColorScale = ((v: number) => Rgb) & { domain: [number, number]; kind: 'diverging' | 'sequential' };

const NAN_RGB: Rgb = [255, 0, 255];
const LUT_SIZE = 256;

function lut(interpolate: (t: number) => string): Rgb[] {
  return Array.from({ length: LUT_SIZE }, (_, i) => {
    const c = rgb(interpolate(i / (LUT_SIZE - 1)));
    return [Math.round(c.r), Math.round(c.g), Math.round(c.b)] as Rgb;
  });
}
let rdbu: Rgb[] | null = null;
let viridis: Rgb[] | null = null;

function pick(table: Rgb[], t: number): Rgb {
  return table[Math.max(0, Math.min(LUT_SIZE - 1, Math.round(t * (LUT_SIZE - 1))))];
}

/** Symmetric around 0: ±max|v| map to the ends, 0 to white. Positive is red (RdBu reversed). */
export function divergingScale(min: number, max: number): ColorScale {
  const table = (rdbu ??= lut((t) => interpolateRdBu(1 - t)));
  const m = Math.max(Math.abs(min), Math.abs(max)) || 1;
  const f = ((v: number) => (Number.isNaN(v) ? NAN_RGB : pick(table, (v / m + 1) / 2))) as ColorScale;
  f.domain = [-m, m];
  f.kind = 'diverging';
  return f;
}

export function sequentialScale(min: number, max: number): ColorScale {
  const table = (viridis ??= lut(interpolateViridis));
  const span = max - min || 1;
  const f = ((v: number) => (Number.isNaN(v) ? NAN_RGB : pick(table, (v - min) / span))) as ColorScale;
  f.domain = [min, max];
  f.kind = 'sequential';
  return f;
}

export const cssRgb = ([r, g, b]: Rgb) => `rgb(${r},${g},${b})`;
