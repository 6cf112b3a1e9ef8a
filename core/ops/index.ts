/** The tensor ops, each defined with its backward (see op.ts). */
export { add, sub, mul, div, neg, type Operand } from './elementwise';
export { pow, exp, log, tanh, sqrt } from './math';
export { sum, mean, max, argmax, variance } from './reduce';
export { view, transpose, clone } from './shape-ops';
export { matmul } from './matmul';
export { embedding, pick, indexAdd, oneHot, withPicked } from './indexing';
export { softmax, crossEntropy } from './nn';
export { expand, sumTo, broadcastPair } from './expand';
export { noGrad, isGradEnabled } from './op';
