/** Shape arithmetic: sizes, strides, formatting, and PyTorch's broadcasting rules. */

export type Shape = readonly number[];

export function numel(shape: Shape): number {
  let n = 1;
  for (const d of shape) n *= d;
  return n;
}

/** Row-major (C-contiguous) strides. */
export function stridesOf(shape: Shape): number[] {
  const strides = new Array<number>(shape.length);
  let s = 1;
  for (let i = shape.length - 1; i >= 0; i--) {
    strides[i] = s;
    s *= shape[i];
  }
  return strides;
}

export function sameShape(a: Shape, b: Shape): boolean {
  // A plain loop: asked several times an op, where `every` and its closure cost a few per cent of a small one.
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** `32×27`, or `scalar` for a 0-d tensor: how the app prints shapes. */
export function formatShape(shape: Shape): string {
  return shape.length === 0 ? 'scalar' : shape.join('×');
}

/**
 * The shape two operands broadcast to, aligning trailing dims; null when they can't, with the first
 * mismatching dim (counted in the output) so the caller can word PyTorch's error.
 */
export function broadcastShapes(
  a: Shape,
  b: Shape,
): { shape: number[] } | { mismatchDim: number; sizeA: number; sizeB: number } {
  const n = Math.max(a.length, b.length);
  const out = new Array<number>(n);
  for (let i = n - 1; i >= 0; i--) {
    const da = a[i - (n - a.length)] ?? 1;
    const db = b[i - (n - b.length)] ?? 1;
    if (da !== db && da !== 1 && db !== 1) return { mismatchDim: i, sizeA: da, sizeB: db };
    out[i] = da === 1 ? db : da;
  }
  return { shape: out };
}

/** PyTorch's message for two shapes that do not broadcast (`broadcastShapes`' mismatch). */
export function broadcastMismatch(r: { mismatchDim: number; sizeA: number; sizeB: number }): string {
  return `The size of tensor a (${r.sizeA}) must match the size of tensor b (${r.sizeB}) at non-singleton dimension ${r.mismatchDim}`;
}

/**
 * How `from` was expanded to `to`: the dims of `to` its gradient must be summed over. `prepended` dims did
 * not exist in `from` (summed away); `stretched` dims were size 1 (summed with keepdim).
 */
export function expansionDims(from: Shape, to: Shape): { dims: number[]; prepended: number[]; stretched: number[] } {
  const lead = to.length - from.length;
  const prepended: number[] = [];
  const stretched: number[] = [];
  for (let i = 0; i < to.length; i++) {
    if (i < lead) prepended.push(i);
    else if (from[i - lead] === 1 && to[i] !== 1) stretched.push(i);
  }
  return { dims: [...prepended, ...stretched], prepended, stretched };
}

/** Normalises a possibly negative dim, PyTorch style, or returns null when out of range. */
export function normalizeDim(dim: number, rank: number): number | null {
  const d = dim < 0 ? dim + rank : dim;
  return Number.isInteger(d) && d >= 0 && d < Math.max(rank, 1) ? d : null;
}
