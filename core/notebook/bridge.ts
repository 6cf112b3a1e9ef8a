/**
 * The functions the Python `torch` (core/python/torch) calls. Python holds integer handles; every op is
 * forwarded here to the core, which stays the one implementation. Positional arguments only: Pyodide passes
 * Python ints and floats as numbers, lists as proxies (converted with `arr`), and core errors come back to
 * Python as exceptions whose message is PyTorch's.
 */
import { backward } from '../autograd/backward';
import { add, advancedOffsets, div, intSlices, mul, pickOffsets, rowOffsets, sliceOffsets, sub } from '../ops';
import { SPAN_LOOPS } from '../ops/elementwise';
import { allOps, isGradEnabled, setGradEnabled, type Binding, type BindingIO } from '../ops/op';
import { TorchGenerator } from '../random/torch-generator';
import { TensorError } from '../tensor/errors';
import { numel, sameShape, stridesOf } from '../tensor/shape';
import * as reuse from '../tensor/reuse';
import { SpentGraphs } from './spent-graphs';
import { type FloatData, full, Tensor } from '../tensor/tensor';
import type { Dtype } from '../graph/types';
import { allclose, assignInto, coreDtype, DATA_BINDINGS, intArith } from './data-ops';
import type { Tracker } from './tracker';

/** A Python list, tuple or bytes as it arrives from Pyodide: a proxy with toJs(), or already a JS value. */
type PyArg<T> = T | { toJs(): T; destroy?(): void };

function arr<T>(x: PyArg<T>): T {
  if (x !== null && typeof x === 'object' && 'toJs' in x && typeof x.toJs === 'function') {
    const v = x.toJs();
    x.destroy?.();
    return v;
  }
  return x as T;
}

type ArithOp = 'add' | 'sub' | 'mul' | 'div';
const ARITH = { add, sub, mul, div };

/**
 * x[xo … xo + n) op= y[yo … yo + n) with the op's own loop (one float rounding an element, as computing the result
 * and copying it back rounds), unless the two runs overlap other than element for element: an in-place loop would
 * then read its own writes. Says whether it wrote.
 */
function opInto(op: ArithOp, x: FloatData, xo: number, y: FloatData, yo: number, n: number): boolean {
  if (x.buffer === y.buffer) {
    const a = x.byteOffset + xo * x.BYTES_PER_ELEMENT;
    const b = y.byteOffset + yo * y.BYTES_PER_ELEMENT;
    const bytes = n * x.BYTES_PER_ELEMENT;
    if (a !== b && a < b + bytes && b < a + bytes) return false;
  }
  SPAN_LOOPS[op](x, y, x, xo, yo, xo, n);
  return true;
}

/**
 * Where the block x[ints[from], …] (count ints, each within its dim) lies in x's values: its first offset, and
 * its length (the dims after the ints, whole). Null when an int is out of range (the general way raises).
 */
function spanOf(x: Tensor, ints: readonly unknown[], from: number, count: number): [number, number] | null {
  const shape = x.shape;
  if (count > shape.length) return null;
  let at = 0;
  for (let d = 0; d < count; d++) {
    const i = ints[from + d];
    if (typeof i !== 'number' || !(i >= 0 && i < shape[d])) return null;
    at = at * shape[d] + i;
  }
  let inner = 1;
  for (let d = count; d < shape.length; d++) inner *= shape[d];
  return [at * inner, inner];
}

/** Whether x's dims after the first a equal y's after the first b. */
function sameTail(x: readonly number[], a: number, y: readonly number[], b: number): boolean {
  if (x.length - a !== y.length - b) return false;
  for (let d = 0; d < x.length - a; d++) if (x[a + d] !== y[b + d]) return false;
  return true;
}

/**
 * The block x[i, j, …] of plain ints (the dims after them whole: one contiguous run of x's values) as a tensor
 * sharing x's storage: what Python's not-yet-made blocks (torch/_block.py) stand for.
 */
function blockOf(x: Tensor, ints: readonly number[]): Tensor {
  const dims = intSlices(x.shape, ints);
  const strides = stridesOf(x.shape);
  let at = 0;
  for (let d = 0; d < ints.length; d++) at += dims[d].start * strides[d];
  const shape = x.shape.slice(ints.length);
  return new Tensor(shape, x.data.subarray(at, at + numel(shape)), x.dtype);
}

/** The error Python re-raises as RuntimeError (or the named Python type) with PyTorch's message. */
export class TorchError extends Error {
  constructor(
    message: string,
    readonly pythonType = 'RuntimeError',
  ) {
    super(message);
    this.name = 'TorchError';
  }
}

export interface BridgeHooks {
  /** The first backward() of the run, once it has run: its root defines the notebook's graph. */
  onFirstBackward(root: Tensor, grads: Map<Tensor, Tensor>): void;
  /** A check from the learner's cmp(label, dt, t). */
  onCheck(
    label: string,
    manual: Tensor | null,
    target: Tensor | null,
    manualName: string | null,
    cell: number,
    line: number,
  ): string;
  note(text: string): void;
  /** A place in the learner's code as messages word it (`cell 9, line 4`; core/notebook/coords.ts). */
  place(cell: number, line: number): string;
  /** A compiled cell's statements: first line → text without comments. */
  statements(cell: number, texts: Record<string, string>): void;
}

/** Handles are never reused, not even across runs: Python may still hold wrappers from an earlier run. */
let nextHandle = 1;

/**
 * A handle's last two bits say its tensor's dtype, and the three above them its number of dims (7: seven or
 * more): handle = n·32 + dims·4 + dtype code. So Python knows an op result's dtype and rank without a call to
 * ask (torch/_dtypes.py's _BY_HANDLE, Tensor.dim), and matmul, reductions and indexing ask the rank of almost
 * every result.
 */
const HANDLE_DTYPE: Record<Dtype, number> = { float32: 0, float64: 1, int64: 2 };

/** Ops whose errors (an index out of bounds, index tensors that do not broadcast) PyTorch raises as IndexError. */
const INDEX_OPS = new Set(['index', 'pick', 'index_put']);

/**
 * PyTorch frees a tensor's storage the moment Python drops it; the core's arrays wait for V8's collector, whose
 * heuristics let a few hundred MB of dead arrays pile up while a notebook evaluates 182,000 rows (Karpathy's
 * part 4 peaked 170 MB higher). Once Python has released this many bytes of big tensors (of 1 MB or more), the
 * bridge asks for a collection, where the host lets it (`globalThis.gc`: the CLI's thread and Electron expose it;
 * a browser does not, and nothing changes there).
 */
export const COLLECT_AFTER_BYTES = 128 << 20;
const BIG_BYTES = 1 << 20;

/** Generators count on across runs too (see nextHandle). */
let nextGen = 1;

/** Every key Python's `core.op` takes: each op's bindings from the registry, and the data ops without gradients. */
function bindingTable(): Record<string, Binding> {
  const table: Record<string, Binding> = { ...DATA_BINDINGS };
  for (const spec of allOps()) {
    for (const [key, binding] of Object.entries(spec.bindings ?? {})) {
      if (key in table) throw new Error(`op binding ${key} defined twice`);
      table[key] = binding;
    }
  }
  return table;
}

/**
 * What Python's torch reads of the registry once, at import: the grad_fn name behind every binding key, and the
 * float pointwise ops it exposes by themselves (as `Tensor.name()`, `torch.name` and `F.name`).
 */
export function pythonSurface(): {
  gradFn: Record<string, string>;
  unary: Record<string, { key: string; functional: boolean }>;
} {
  const gradFn: Record<string, string> = {};
  const unary: Record<string, { key: string; functional: boolean }> = {};
  for (const spec of allOps()) {
    const keys = Object.keys(spec.bindings ?? {});
    for (const key of keys) gradFn[key] = spec.gradFn;
    if (spec.python) {
      if (keys.length !== 1) throw new Error(`op ${spec.name}: a Python unary op needs exactly one binding`);
      unary[spec.python.unary] = { key: keys[0], functional: spec.python.functional === true };
    }
  }
  return { gradFn, unary };
}

export function createBridge(tracker: Tracker, hooks: BridgeHooks) {
  const handles = new Map<number, Tensor>();
  const gens = new Map<number, TorchGenerator>();
  let firstBackward = true;
  const spent = new SpentGraphs();
  /** Leaves' `.grad`s that autograd made for that leaf alone (no other tensor's gradient is the same tensor). */
  const soleGrads = new WeakSet<Tensor>();

  // Bytes of tensors handed to Python since it last released dead handles. Python releases in batches (a call
  // per dead tensor would cost more than most ops); past this many bytes, a batch may hold big tensors, so the
  // op's answer asks for the release now (see `op`). Evaluating a loss on 182,000 rows makes 146 MB tensors.
  const RELEASE_AFTER_BYTES = 64 << 20;
  let sinceRelease = 0;
  let releasedBig = 0;
  const h = (t: Tensor): number => {
    // t.handle: its handle in the bridge that last handed it out (this one if the map still says so).
    const known = t.handle;
    if (known !== 0 && handles.get(known) === t) return known;
    sinceRelease += t.data.byteLength;
    tracker.birth(t);
    const id = nextHandle++ * 32 + Math.min(t.shape.length, 7) * 4 + HANDLE_DTYPE[t.dtype];
    handles.set(id, t);
    t.handle = id;
    return id;
  };
  const T = (id: number): Tensor => {
    const t = handles.get(id);
    if (!t) throw new TorchError(`internal: tensor handle ${id} is not alive`);
    return t;
  };
  const gen = (id: number): TorchGenerator => {
    const g = gens.get(id);
    if (!g) throw new TorchError(`internal: generator ${id} is not alive`);
    return g;
  };
  /** Runs a core call, turning core errors into PyTorch's messages. */
  const run = <R>(fn: () => R): R => {
    try {
      return fn();
    } catch (e) {
      if (e instanceof TensorError) throw new TorchError(e.detail, INDEX_OPS.has(e.op) ? 'IndexError' : 'RuntimeError');
      if (e instanceof RangeError) throw new TorchError(e.message);
      throw e;
    }
  };
  const dtypeOf = (name: string): Dtype => {
    const d = coreDtype(name);
    if (!d) throw new TorchError(`dtype ${name} is not supported`, 'NotImplementedError');
    return d;
  };
  const io: BindingIO = { tensor: T, list: arr as <L>(x: unknown) => L };

  /**
   * `target op= o`, target being base or a block of it: computed as `target op o` is (no gradient recorded) and
   * written into target, when autograd tracks neither base nor o, o is a number or a tensor of target's dtype,
   * and the result has target's shape. Says whether it did: anything else (a tracked tensor, an int tensor's /=
   * or float, a result wider than target) goes Python's general way, with PyTorch's errors. Python sends only
   * float32/float64/int32/int64 tensors (the core stores bool, int8 and int16 as int64) and o of their dtype.
   */
  const inPlace = (op: ArithOp, base: Tensor, target: Tensor, o: Tensor | number, kind: 't' | 'i' | 'f'): boolean => {
    if (typeof o !== 'number' && o.dtype !== target.dtype) return false;
    if (isGradEnabled() && (base.requiresGrad || (typeof o !== 'number' && o.requiresGrad))) return false;
    // Same dtype and shape: written into target's storage, with no tensor made for the result.
    if (
      target.isFloat &&
      typeof o !== 'number' &&
      sameShape(o.shape, target.shape) &&
      opInto(op, target.floats(op), 0, o.floats(op), 0, target.size)
    )
      return true;
    let r: Tensor;
    if (target.isFloat) {
      const was = isGradEnabled();
      setGradEnabled(false);
      try {
        r = run(() => ARITH[op](target, o));
      } finally {
        setGradEnabled(was);
      }
    } else {
      if (op === 'div' || kind === 'f') return false;
      r = run(() => intArith(op, target, o));
    }
    if (!sameShape(r.shape, target.shape)) return false;
    run(() => assignInto(target, r));
    return true;
  };
  const bindings = bindingTable();

  return {
    /**
     * op(name, cell, line, ...args) → handle; cell −1: not from the learner's code; line −1 − n: line n, the first op
     * of a new statement (an assignment ended the last one). A negative answer is the
     * handle −1 − id, and asks Python to release its dead handles now (big tensors were made since it last did).
     */
    op(name: string, cell: number, line: number, ...args: unknown[]): number {
      const f = bindings[name] as ((io: BindingIO, ...a: unknown[]) => Tensor) | undefined;
      if (!f) throw new TorchError(`internal: unknown op ${name}`);
      if (cell >= 0) {
        // A line below 0 (−1 − line): an assignment ended the statement before this op (Python tells it here
        // rather than in a call of its own).
        if (line < 0) {
          tracker.statementDone();
          line = -1 - line;
        }
        tracker.at(cell, line);
      }
      const id = h(run(() => f(io, ...args)));
      return sinceRelease > RELEASE_AFTER_BYTES ? -1 - id : id;
    },
    /** The registry as Python's torch reads it at import (JSON: one crossing, not one per op). */
    surface: (): string => JSON.stringify(pythonSurface()),
    /** The core tensor behind a handle (for the runner, not Python). */
    tensorOf: (id: number): Tensor | null => handles.get(id) ?? null,
    releaseAll(ids: PyArg<number[]>): void {
      sinceRelease = 0;
      for (const id of arr(ids)) {
        const t = handles.get(id);
        if (!t) continue;
        handles.delete(id);
        const left = reuse.recycle(t); // the bytes it leaves to the collector: an array the pool took leaves none
        if (left >= BIG_BYTES) releasedBig += left;
      }
      const gc = (globalThis as { gc?: () => void }).gc;
      if (releasedBig >= COLLECT_AFTER_BYTES && gc) {
        releasedBig = 0;
        gc();
      }
    },
    shape: (id: number): number[] => [...T(id).shape],
    requiresGrad: (id: number): boolean => T(id).requiresGrad,
    isLeaf: (id: number): boolean => T(id).creator === null,
    setRequiresGrad(id: number, on: boolean): void {
      const t = T(id);
      if (t.creator) throw new TorchError('you can only change requires_grad flags of leaf variables.');
      if (on && !t.isFloat) throw new TorchError('only Tensors of floating point dtype can require gradients');
      t.requiresGrad = on;
    },
    gradEnabled: (): boolean => isGradEnabled(),
    setGradEnabled: (on: boolean): void => setGradEnabled(on),

    fromBytes(bytes: PyArg<Uint8Array>, shape: PyArg<number[]>, dtype: string): number {
      const b = arr(bytes);
      const s = arr(shape);
      const d = dtypeOf(dtype);
      const buf = b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength);
      const data =
        d === 'int64' ? new Int32Array(buf) : d === 'float64' ? new Float64Array(buf) : new Float32Array(buf);
      return h(run(() => new Tensor(s, data, d)));
    },
    full: (shape: PyArg<number[]>, value: number, dtype: string): number =>
      h(run(() => full(arr(shape), value, dtypeOf(dtype)))),
    arange(start: number, end: number, step: number, dtype: string): number {
      const d = dtypeOf(dtype);
      if (step === 0) throw new TorchError('step must be nonzero');
      const n = Math.max(0, Math.ceil((end - start) / step));
      const t = full([n], 0, d);
      for (let i = 0; i < n; i++) t.data[i] = start + i * step;
      return h(t);
    },
    toBytes(id: number): Uint8Array {
      const d = T(id).data;
      return new Uint8Array(d.buffer, d.byteOffset, d.byteLength);
    },
    allclose: (a: number, b: number, rtol: number, atol: number): boolean =>
      run(() => allclose(T(a), T(b), rtol, atol)),
    item(id: number): number {
      const t = T(id);
      if (t.size !== 1) throw new TorchError(`a Tensor with ${t.size} elements cannot be converted to Scalar`);
      return t.data[0];
    },

    newGenerator(seed: number): number {
      gens.set(nextGen, new TorchGenerator(seed));
      return nextGen++;
    },
    seed: (g: number, seed: number): void => run(() => gen(g).manualSeed(seed)),
    /** randn/normal_(mean, std) and rand/uniform_(from, to): a new float tensor of the shape, as torch's kernels draw it. */
    normal: (g: number, shape: PyArg<number[]>, mean: number, std: number, dtype: 'float32' | 'float64'): number => {
      const s = arr(shape);
      return h(new Tensor(s, gen(g).normal(numel(s), mean, std, dtype), dtype));
    },
    uniform: (g: number, shape: PyArg<number[]>, from: number, to: number, dtype: 'float32' | 'float64'): number => {
      const s = arr(shape);
      return h(new Tensor(s, gen(g).uniform(numel(s), from, to, dtype), dtype));
    },
    randint: (g: number, low: number, high: number, shape: PyArg<number[]>): number => {
      const s = arr(shape);
      if (high <= low)
        throw new TorchError(`random_ expects 'from' to be less than 'to', but got from=${low} >= to=${high}`);
      return h(new Tensor(s, gen(g).randint(low, high, s), 'int64'));
    },
    /** torch.randperm(n, generator=g) as PyTorch's CPU kernel: a Fisher-Yates shuffle on generator->random(). */
    randperm(g: number, n: number): number {
      const out = Int32Array.from({ length: n }, (_, i) => i);
      const gn = gen(g);
      for (let i = 0; i < n - 1; i++) {
        const z = i + (gn.random() % (n - i));
        [out[i], out[z]] = [out[z], out[i]];
      }
      return h(new Tensor([n], out, 'int64'));
    },
    multinomial(g: number, probs: number, n: number, replacement: boolean): number {
      const p = T(probs);
      const rows = p.shape.length === 1 ? 1 : p.shape[0];
      const k = p.shape[p.shape.length - 1];
      const out = new Int32Array(rows * n);
      run(() => {
        for (let r = 0; r < rows; r++)
          out.set(gen(g).multinomial(p.data.subarray(r * k, r * k + k), n, replacement), r * n);
      });
      return h(new Tensor(p.shape.length === 1 ? [n] : [rows, n], out, 'int64'));
    },

    /** x.copy_(src) semantics for in-place ops on tensors outside autograd (`x += y`, `p.data -= lr * g`). */
    assign(dst: number, src: number, srcIsTensor: boolean): void {
      const t = T(dst);
      const v = srcIsTensor ? T(src) : src;
      // `p.data += u` ends with `p.data = <p.data after +=>`: the same values in the same storage, nothing to copy.
      if (typeof v !== 'number' && v.data === t.data && sameShape(v.shape, t.shape)) return;
      run(() => assignInto(t, v));
    },
    /** The flat offsets `x[key] = v` writes: a basic index (starts, steps, lengths per dim). */
    sliceOffsets(dst: number, starts: PyArg<number[]>, steps: PyArg<number[]>, lengths: PyArg<number[]>): number {
      return h(
        new Tensor([numel(arr(lengths))], sliceOffsets(T(dst).shape, arr(starts), arr(steps), arr(lengths)), 'int64'),
      );
    },
    /**
     * ... for `x[key] = v` with index tensors: the basic part of the key (every dim of x: start, step, length),
     * then index tensors at `dims` of that part, broadcast together.
     */
    indexOffsets(
      dst: number,
      starts: PyArg<number[]>,
      steps: PyArg<number[]>,
      lengths: PyArg<number[]>,
      dims: PyArg<number[]>,
      index: PyArg<number[]>,
    ): number {
      const ls = arr(lengths);
      return h(
        run(() => {
          const base = sliceOffsets(T(dst).shape, arr(starts), arr(steps), ls);
          const { offsets } = advancedOffsets(ls, arr(dims), arr(index).map(T));
          return new Tensor(
            [offsets.length],
            offsets.map((o) => base[o]),
            'int64',
          );
        }),
      );
    },
    /** ... for `x[range(n), idx] = v`. */
    pickOffsets(dst: number, idx: number): number {
      const offsets = run(() => pickOffsets(T(dst).shape, T(idx)));
      return h(new Tensor([offsets.length], offsets, 'int64'));
    },
    /** ... for `x[idx] = v` (whole rows). */
    rowOffsets(dst: number, idx: number): number {
      const offsets = run(() => rowOffsets(T(dst).shape, T(idx)));
      return h(new Tensor([offsets.length], offsets, 'int64'));
    },
    /**
     * `x[i, j, …] = v` with plain ints (the arguments after isTensor) on a tensor autograd does not track, when v
     * is a number or has the selected block's shape; says whether it wrote (anything else goes Python's general way).
     * Python sends only tensors whose values the core stores as they are (not bool, int8 or int16: the core keeps
     * their dtype as int64).
     */
    writeInts(dst: number, value: number, isTensor: boolean, ...ints: number[]): boolean {
      const t = T(dst);
      const v = isTensor ? T(value) : value;
      if (isGradEnabled() && (t.requiresGrad || (typeof v !== 'number' && v.requiresGrad))) return false;
      const target = run(() => blockOf(t, ints));
      if (typeof v !== 'number' && !sameShape(v.shape, target.shape)) return false;
      run(() => assignInto(target, v));
      return true;
    },
    /**
     * `x += y` (−=, *=, /=) in one call, on a tensor autograd does not track: y's kind, then y: a tensor of x's
     * dtype ('t'), a Python int ('i') or float ('f'). Says whether it did (see `inPlace`).
     */
    inplace(op: ArithOp, dst: number, kind: 't' | 'i' | 'f', other: number): boolean {
      const t = T(dst);
      return inPlace(op, t, t, kind === 't' ? T(other) : other, kind);
    },
    /**
     * `x[i, j, …] += y` in one call, where x[i, j, …] is a block Python has not made (torch/_block.py): the
     * arguments are op, x, the number of ints and the ints, then y's kind and y as for `inplace`, or kind 'b'
     * and the base and ints of a block y. The block's values in x change, as through PyTorch's view.
     */
    inplaceAt(op: ArithOp, dst: number, nInts: number, ...rest: (number | string)[]): boolean {
      const x = T(dst);
      if (rest[nInts] === 'b' && x.isFloat) {
        // `dC[ix] += demb[k, j]`: the op's loop adds y's block into x's where they lie, when they have one shape
        // and dtype and autograd tracks neither (anything else: the way below, with its checks and errors).
        const y = T(rest[nInts + 1] as number);
        const nY = rest.length - nInts - 2;
        const into = spanOf(x, rest, 0, nInts);
        const from = spanOf(y, rest, nInts + 2, nY);
        const tracked = isGradEnabled() && (x.requiresGrad || y.requiresGrad);
        const fits = into && from && !tracked && y.dtype === x.dtype && sameTail(x.shape, nInts, y.shape, nY);
        if (fits && opInto(op, x.floats(op), into[0], y.floats(op), from[0], into[1])) return true;
      }
      const target = run(() => blockOf(x, rest.slice(0, nInts) as number[]));
      const kind = rest[nInts] as 't' | 'b' | 'i' | 'f';
      const other = rest[nInts + 1] as number;
      const o =
        kind === 't'
          ? T(other)
          : kind === 'b'
            ? run(() => blockOf(T(other), rest.slice(nInts + 2) as number[]))
            : other;
      // A block of y shares y's tracking: an untracked y (checked above it) makes an untracked block.
      if (kind === 'b' && isGradEnabled() && T(other).requiresGrad) return false;
      return inPlace(op, x, target, o, kind === 'b' ? 't' : kind);
    },
    /** `x[i, j, …].item()` of a block Python has not made (torch/_block.py). */
    itemAt(id: number, ...ints: number[]): number {
      const b = run(() => blockOf(T(id), ints));
      if (b.size !== 1) throw new TorchError(`a Tensor with ${b.size} elements cannot be converted to Scalar`);
      return b.data[0];
    },
    /** Writes value at the offsets, in place (a tensor autograd does not track). */
    writeAt(dst: number, offsets: number, value: number, isTensor: boolean): void {
      run(() => assignInto(T(dst), isTensor ? T(value) : value, T(offsets).data as Int32Array));
    },
    /** An in-place op on a tensor autograd tracks is done out of place; the new tensor takes over its name. */
    renameInPlace(from: number, to: number): void {
      T(from).held = T(to).held = true; // the tracker keeps both tensors
      tracker.replacedBy.set(T(from), T(to));
      const name = tracker.names.get(T(from));
      if (name !== undefined) {
        tracker.names.delete(T(from));
        tracker.names.set(T(to), name);
      }
    },

    grad(id: number): number {
      const g = T(id).grad;
      if (g) g.asGrad = true; // the tensor keeps its .grad past Python's handle to it
      return g ? h(g) : -1;
    },
    setGrad(id: number, g: number): void {
      T(id).grad = g < 0 ? null : T(g);
      if (g >= 0) T(g).kept = true; // (`p.grad = None`, every training step, holds nothing)
    },
    /**
     * t.backward(): autograd's gradients, accumulated into leaves' .grad as PyTorch does; the graph of the backward
     * before is spent (see spent-graphs.ts).
     */
    backward(id: number, retained: PyArg<number[]>, cell: number, line: number, retainGraph = false): void {
      const root = T(id);
      if (cell >= 0) tracker.at(cell, line);
      const keep = arr(retained).map(T);
      run(() => {
        const grads = backward(root, { retain: keep, accumulate: true });
        const replaced: Tensor[] = [];
        for (const [t, g] of grads) {
          const old = t.creator === null ? tracker.grads.get(t) : undefined;
          if (old !== undefined && old !== g && old !== t.grad && soleGrads.has(old)) replaced.push(old);
          tracker.grads.set(t, g);
        }
        if (firstBackward) {
          firstBackward = false;
          for (const g of grads.values()) g.kept = true; // the app shows them with the first graph
          hooks.onFirstBackward(root, grads);
        }
        // A leaf's .grad stays while it is one (Python reads p.grad whenever it likes): the gradients of a spent
        // graph may go to the pool. A retained result's .grad goes with its result, once that is spent and Python
        // let go of both (`layer.out.retain_grad()` each step, as part 3 does, would otherwise keep every step's).
        for (const [t, g] of grads) {
          if (!t.grad || t.creator !== null) continue;
          t.grad.asGrad = true;
          if (t.grad === g) soleGrads.add(g);
        }
        const released = (t: Tensor) => handles.get(t.handle) !== t;
        spent.afterBackward(grads.keys(), retainGraph, {
          released,
          gradOf: (t) => tracker.grads.get(t),
          forgetGrad: (t) => tracker.grads.delete(t),
          recycle: reuse.recycle,
        });
        // A leaf's .grad this backward replaced (`p.grad = None` before it, every training step) is the leaf's no
        // more, nor what a check compares the leaf with: PyTorch frees it once Python lets go of it too.
        for (const old of replaced) {
          if (old.kept || old.held) continue;
          old.spent = true;
          if (released(old)) reuse.recycle(old);
        }
      });
    },

    /**
     * The names the learner gave tensors since the core last heard (Python keeps them until a graph or a check
     * reads names: a training loop names dozens a step), in the order given; a tensor let go of is skipped.
     */
    nameAll(ids: readonly number[], names: readonly string[]): void {
      for (let i = 0; i < ids.length; i++) {
        const t = handles.get(ids[i]);
        if (t !== undefined) tracker.name(t, names[i]);
      }
    },
    /** Returns the check's verdict. */
    check(
      manual: number,
      target: number,
      label: string,
      manualName: string | null,
      cell: number,
      line: number,
    ): string {
      // the check keeps both tensors for its verdict
      if (manual >= 0) T(manual).kept = true;
      if (target >= 0) T(target).kept = true;
      return hooks.onCheck(label, manual < 0 ? null : T(manual), target < 0 ? null : T(target), manualName, cell, line);
    },
    note(text: string): void {
      hooks.note(text);
    },
    /** Python's wording of a place in the learner's code is the app's: `cell 9, line 4`, or `line 4` in a .py. */
    place(cell: number, line: number): string {
      return hooks.place(cell, line);
    },
    statements(cell: number, json: string): void {
      hooks.statements(cell, JSON.parse(json) as Record<string, string>);
    },
  };
}

export type Bridge = ReturnType<typeof createBridge>;
