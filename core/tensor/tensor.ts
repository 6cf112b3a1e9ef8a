import type { Dtype } from '../graph/types';
import { TensorError } from './errors';
import { noteOwner, reused } from './reuse';
import { numel, type Shape } from './shape';

export type FloatData = Float32Array | Float64Array;
export type TensorData = FloatData | Int32Array;

/** What autograd keeps of the op that produced a tensor (see autograd/backward.ts). */
export interface Creator {
  readonly op: string;
  readonly inputs: readonly Tensor[];
  /** Vector-Jacobian product: the gradient of each input given the output's gradient (null: none flows). */
  readonly backward: (grad: Tensor) => readonly (Tensor | null)[];
}

/**
 * A dense, row-major tensor. Floats are float32 (like PyTorch's default) or float64 (for gradient checks);
 * integer tensors hold indices (int64 in PyTorch; they fit in int32 here).
 */
export class Tensor {
  readonly shape: readonly number[];
  readonly data: TensorData;
  readonly dtype: Dtype;
  /** Set on leaves we want gradients for (parameters), and on every result computed from one. */
  requiresGrad = false;
  /** The op that made this tensor, when autograd was recording. */
  creator: Creator | null = null;
  /** Filled by backward() for leaves and named tensors. */
  grad: Tensor | null = null;
  /**
   * An op autograd recorded (or the tracker, for the graph) holds it as an input, as reuse.ts counts: its storage
   * serves no other tensor until its graph is spent.
   */
  held = false;
  /**
   * Its place in the order the notebook tracker saw tensors made (0: not seen yet). A field rather than a
   * WeakMap of the tracker's: the tracker numbers every op result, and a WeakMap entry per tensor cost more
   * than a small op.
   */
  order = 0;
  /** The handle the notebook bridge last gave it for Python (0: none), kept here for the same reason. */
  handle = 0;
  /**
   * A later backward() went past the graph this tensor was made in, as reuse.ts counts: PyTorch has freed its
   * storage (a graph's buffers go with its backward), and so may the pool once Python lets go of it.
   */
  spent = false;
  /** Kept for display or a check's verdict beyond its graph: its storage is never spent. */
  kept = false;
  /**
   * It is (or was) some tensor's `.grad`, which Python may read through that tensor whenever it likes: its storage
   * is not reused until it is spent (no tensor has it as `.grad` any more, nor a check as autograd's answer).
   */
  asGrad = false;
  /** Its mark on the buffer it owns, for storage reuse (reuse.ts), or 0 (it owns none). */
  bufferMark = 0;
  /**
   * What the notebook tracker remembers of it (the op that made it, the gradient autograd computed: see
   * core/notebook/tracker.ts), or null. A field rather than WeakMap entries, for V8's collector.
   */
  notes: object | null = null;

  constructor(shape: Shape, data: TensorData, dtype?: Dtype) {
    if (data.length !== numel(shape)) {
      throw new TensorError('tensor', `shape [${shape.join(', ')}] is invalid for input of size ${data.length}`);
    }
    this.shape = Object.freeze([...shape]);
    this.data = data;
    this.dtype = dtype ?? (data instanceof Float64Array ? 'float64' : data instanceof Int32Array ? 'int64' : 'float32');
    noteOwner(this);
  }

  get size(): number {
    return this.data.length;
  }

  get isFloat(): boolean {
    return this.dtype !== 'int64';
  }

  /** The float data, or a clear error when an index tensor is used where values are expected. */
  floats(op: string): FloatData {
    if (this.data instanceof Int32Array)
      throw new TensorError(op, `expected a floating point tensor but got ${this.dtype}`);
    return this.data;
  }

  /** Marks this leaf as a parameter (PyTorch's `requires_grad = True`). */
  requireGrad(): this {
    this.requiresGrad = true;
    return this;
  }
}

/** The most elements one tensor may have (2^28: 1 GiB as float32); a typed array's own limit is unhelpful. */
export const MAX_ELEMENTS = 2 ** 28;

function checkSize(n: number, bytesPer: number): void {
  if (n <= MAX_ELEMENTS) return;
  const gb = (n * bytesPer) / 2 ** 30;
  throw new TensorError(
    'alloc',
    `a tensor of ${n.toLocaleString('en-US')} elements (${gb >= 10 ? gb.toFixed(0) : gb.toFixed(1)} GiB) is larger than the ${MAX_ELEMENTS.toLocaleString('en-US')} elements one tensor may have here`,
  );
}

/**
 * Allocates float storage of the given dtype, zeroed; with `zeroed` false, for a result the caller writes whole, a
 * reused array may keep its old values (zeroing a 6,400-element one costs 0.3 µs, 5% of an elementwise op).
 */
export function allocFloat(dtype: Dtype, n: number, zeroed = true): FloatData {
  checkSize(n, dtype === 'float64' ? 8 : 4);
  const kind = dtype === 'float64' ? 'float64' : 'float32';
  return reused(kind, n, zeroed) ?? (kind === 'float64' ? new Float64Array(n) : new Float32Array(n));
}

export function tensor(shape: Shape, values: ArrayLike<number>, dtype: Dtype = 'float32'): Tensor {
  const data =
    dtype === 'int64'
      ? Int32Array.from(values)
      : dtype === 'float64'
        ? Float64Array.from(values)
        : Float32Array.from(values);
  return new Tensor(shape, data, dtype);
}

export function zeros(shape: Shape, dtype: Dtype = 'float32'): Tensor {
  const n = numel(shape);
  checkSize(n, dtype === 'float64' ? 8 : 4);
  return new Tensor(shape, dtype === 'int64' ? new Int32Array(n) : allocFloat(dtype, n), dtype);
}

export function full(shape: Shape, value: number, dtype: Dtype = 'float32'): Tensor {
  const t = zeros(shape, dtype);
  t.data.fill(value);
  return t;
}

export function zerosLike(t: Tensor): Tensor {
  return zeros(t.shape, t.dtype);
}

export function onesLike(t: Tensor): Tensor {
  return full(t.shape, 1, t.dtype);
}

/** The float dtype two operands compute in: float64 wins, as PyTorch promotes. */
export function promoteFloat(a: Tensor, b: Tensor): Dtype {
  return a.dtype === 'float64' || b.dtype === 'float64' ? 'float64' : 'float32';
}

/** A copy in another float dtype (no autograd; used to run the same pass in float64). */
export function castTo(t: Tensor, dtype: Dtype): Tensor {
  if (t.dtype === dtype) return new Tensor(t.shape, t.data.slice(), dtype);
  return tensor(t.shape, t.data, dtype);
}
