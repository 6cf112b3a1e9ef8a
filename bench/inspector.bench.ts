/**
 * Inspector render cost per tensor: statistics, slicing, downsampling to the heatmap's cells and colouring
 * the pixels — everything the inspector computes on the main thread before one putImageData. Targets:
 * under 50 ms for 32×27 and 182625×3; for 1000×1000 it must stay under a long task (50 ms) too, or the UI
 * would stall.
 */
import { tensorStats, histogram } from '../src-renderer/inspector/tensor-stats';
import { asMatrix } from '../src-renderer/inspector/slice';
import { downsample } from '../src-renderer/inspector/downsample';
import { divergingScale } from '../src-renderer/inspector/color-scale';

const MAX_CELLS = 320;

function render(data: Float64Array, shape: number[]): void {
  const s = tensorStats(data);
  histogram(data, 40, s.min, s.max);
  const grid = downsample(data, asMatrix(shape), MAX_CELLS, MAX_CELLS);
  const scale = divergingScale(s.min, s.max);
  const pixels = new Uint8ClampedArray(grid.values.length * 4);
  for (let i = 0; i < grid.values.length; i++) {
    const [r, g, b] = scale(grid.values[i]);
    pixels[4 * i] = r;
    pixels[4 * i + 1] = g;
    pixels[4 * i + 2] = b;
    pixels[4 * i + 3] = 255;
  }
}

export default async function inspectorBench(): Promise<void> {
  for (const shape of [
    [32, 27],
    [182625, 3],
    [32, 10000],
    [1000, 1000],
  ]) {
    const n = shape[0] * shape[1];
    const data = new Float64Array(n);
    for (let i = 0; i < n; i++) data[i] = Math.sin(i * 12.9898) * 0.1;
    render(data, shape); // warm up
    const times: number[] = [];
    for (let k = 0; k < 7; k++) {
      const t0 = performance.now();
      render(data, shape);
      times.push(performance.now() - t0);
    }
    times.sort((a, b) => a - b);
    const median = times[3];
    console.log(
      `inspector render ${shape.join('×').padEnd(10)} median ${median.toFixed(2)} ms  (target < 50 ms: ${median < 50 ? 'ok' : 'MISSED'})`,
    );
  }
}
