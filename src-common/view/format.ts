/** How shapes and broadcasts read on the graph (`32×3×10`, `32×1 → 32×27, dim 1`): core/backprop/shape-words. */
export { formatBroadcast, formatDims, formatShape } from '../../core/backprop/shape-words';
