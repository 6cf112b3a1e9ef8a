/** The tensor ops, each defined with its backward (see op.ts). */
export { add, sub, mul, div, neg, type Operand } from './elementwise';
export { pow, exp, log, log10, tanh, sqrt, abs, sigmoid, rpowScalar } from './math';
export { sum, mean, max, min, argmax, argmin, amax, amin, variance } from './reduce';
export { view, transpose, clone, permute, toCopy } from './shape-ops';
export { matmul, bmm } from './matmul';
export { embedding, pick, indexAdd, oneHot, withPicked } from './indexing';
export { softmax, logSoftmax, crossEntropy } from './nn';
export { slice, intSlices, sliceOffsets, indexRows, indexPut, cat, type DimSlice } from './select';
export { expand, sumTo, broadcastPair } from './expand';
export { advancedOffsets, indexNd, pickOffsets, rowOffsets } from './advanced-index';
export { where } from './where';
export { noGrad, isGradEnabled } from './op';
export { cumsum } from './cumsum';
export { gelu } from './gelu';
