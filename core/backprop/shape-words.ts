/**
 * Shapes, dims, broadcasts and reductions in words, one way everywhere: the step panel's sentences
 * (core/backprop), the diagnoses (core/diagnose) and the graph's labels (src-common/view) all say them here.
 */
import type { BroadcastInfo } from '../graph/types';
import { formatShape } from '../tensor/shape';

export { formatShape };

/** `dim 1`, `dims 0 and 2`: dims in a sentence. */
export const dimList = (dims: readonly number[]): string =>
  dims.length === 1 ? `dim ${dims[0]}` : `dims ${dims.slice(0, -1).join(', ')} and ${dims[dims.length - 1]}`;

/** `dim 1`, `dims 0, 2`: dims in a label. */
export const formatDims = (dims: readonly number[]): string =>
  dims.length === 1 ? `dim ${dims[0]}` : `dims ${dims.join(', ')}`;

/** `32×1 → 32×27, dim 1`: a broadcast in a label. */
export function formatBroadcast(b: Pick<BroadcastInfo, 'from' | 'to' | 'dims'>): string {
  return `${formatShape(b.from)} → ${formatShape(b.to)}, ${formatDims(b.dims)}`;
}

/** The sums that undo a broadcast, as code: `.sum(1, keepdim=True)` for stretched dims, `.sum(0)` for prepended. */
export function reductionText(b: { stretched: readonly number[]; prepended: readonly number[] }): string {
  const dims = (d: readonly number[]) => (d.length === 1 ? `${d[0]}` : `(${d.join(', ')})`);
  return (
    (b.stretched.length > 0 ? `.sum(${dims(b.stretched)}, keepdim=True)` : '') +
    (b.prepended.length > 0 ? `.sum(${dims(b.prepended)})` : '')
  );
}

/**
 * The dims a broadcast's gradient sums over, in a sentence: `dim 1 with keepdim=True, and over dim 0`
 * (`keepdim` is what follows the stretched dims: the step panel says `, keepdim`).
 */
export function sumsOver(
  b: { stretched: readonly number[]; prepended: readonly number[] },
  keepdim = ' with keepdim=True',
): string {
  return [
    ...(b.stretched.length > 0 ? [`${dimList(b.stretched)}${keepdim}`] : []),
    ...(b.prepended.length > 0 ? [dimList(b.prepended)] : []),
  ].join(', and over ');
}
