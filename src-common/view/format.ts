/** How shapes and broadcasts read on the graph: `32×3×10`, `32×1 → 32×27, dim 1`. */
import type { BroadcastInfo } from '../../core/graph/types';

export function formatShape(shape: readonly number[]): string {
  return shape.length === 0 ? 'scalar' : shape.join('×');
}

export function formatDims(dims: readonly number[]): string {
  return dims.length === 1 ? `dim ${dims[0]}` : `dims ${dims.join(', ')}`;
}

export function formatBroadcast(b: Pick<BroadcastInfo, 'from' | 'to' | 'dims'>): string {
  return `${formatShape(b.from)} → ${formatShape(b.to)}, ${formatDims(b.dims)}`;
}
