/**
 * Storage reuse: a float array Python has let go of serves the next tensor of its length, as PyTorch's caching
 * allocator hands a freed block to the next op. Writing into freshly allocated memory costs this machine ~5× the
 * arithmetic of an elementwise op (a 6,400-element add: 38 µs new, 8 µs into a warm array), and a training step
 * under no_grad makes dozens of such tensors.
 *
 * An array is reused only when nothing can read it any more:
 * - Python released the tensor's handle (the bridge's releaseAll, the one caller of `recycle`);
 * - the tensor owns its whole buffer, and no other tensor was ever made over it (views, blocks, `detach` share
 *   buffers: their buffer is marked shared for good);
 * - nothing else holds it: an op autograd recorded (its creator keeps its inputs, and the tracker too) marks its
 *   inputs `held`; a tensor autograd made (`creator`) or one that requires grad belongs to a graph; a check's
 *   operands, a `.grad` and the graphs the app draws are `kept` for good. A no_grad temporary (an update's
 *   `lr * p.grad`, an evaluation's activations) is none of these, even in a loop that records a graph;
 * - or the tensor is `spent`: part of a graph autograd recorded, once a later backward() has gone past it (see
 *   core/notebook/spent-graphs.ts). Its creators and the tracker still hold it, but only for what PyTorch has
 *   freed by then, so a training loop's step reuses the storage of the step before.
 */
import type { FloatData, Tensor } from './tensor';

/** Arrays smaller than this cost little to make, and are never pooled. */
const MIN_ELEMENTS = 256;

/**
 * A buffer's owner, as a number marked on the buffer itself (a property under this symbol) and on the tensor
 * (Tensor.bufferMark), or SHARED. Not the tensor: a buffer the pool hands to a later op's result would keep
 * alive the spent tensor that had it before, and through that tensor's creator its whole graph, whose own
 * recycled buffers keep the next step's graph, and so on (part 3 held 46,000 tensors after training). Not a
 * WeakMap either: its entries chained through creators the same way make V8's full collections crawl.
 */
const OWNER = Symbol('owner');
const SHARED = -1;
type Owned = ArrayBufferLike & { [OWNER]?: number | undefined };
let marks = 0;

/**
 * Called by every Tensor made: the first tensor over a buffer owns it; a second one makes it shared. A small
 * array at the start of its buffer is left out: it is fresh (such arrays are never pooled), or a view made over
 * the start of a bigger one, which the core makes only for the length of one call (the bridge's blocks, a batched
 * matmul's slices). Asking a fresh small array for its buffer would cost more than the op that made it: V8 keeps
 * it on its heap and moves it off to hand out the buffer.
 */
export function noteOwner(t: Tensor): void {
  const data = t.data;
  if (data.length < MIN_ELEMENTS && data.byteOffset === 0) return;
  const buffer = data.buffer as Owned;
  const owner = buffer[OWNER];
  if (owner === undefined) buffer[OWNER] = t.bufferMark = ++marks;
  else if (owner !== t.bufferMark) buffer[OWNER] = SHARED;
}

/**
 * The most bytes the pool holds, in two budgets: arrays up to BIG_BYTES (a training step's temporaries, a few
 * times over), and bigger ones (an evaluation's activations over 182,000 rows, 20–75 MB each: each op of
 * `x = layer(x)` then takes the array its input had the op before, where a fresh one would cost page faults and,
 * every few, a full collection to return the dead ones; the bridge asks for one only for big arrays not pooled).
 * The big budget is what the bridge lets pile up dead before it asks for a collection, so peak memory stays.
 */
const BIG_BYTES = 16 << 20;
const POOL_BYTES = 64 << 20;
const BIG_POOL_BYTES = 128 << 20;

const pools = { float32: new Map<number, Float32Array[]>(), float64: new Map<number, Float64Array[]>() };
let pooledBytes = 0;
let pooledBigBytes = 0;

/**
 * Takes t's array into the pool when nothing can read it any more (see above); t must not be used after. Says
 * whether it did (an array not pooled is the collector's).
 */
export function recycle(t: Tensor): boolean {
  const data = t.data;
  if (t.kept || (t.grad !== null && t.creator === null)) return false; // (a leaf with a .grad is a parameter)
  if (!t.spent && (t.held || t.creator !== null || t.requiresGrad)) return false;
  if (data instanceof Int32Array || data.length < MIN_ELEMENTS) return false;
  const bytes = data.byteLength;
  const big = bytes > BIG_BYTES;
  if (big ? pooledBigBytes + bytes > BIG_POOL_BYTES : pooledBytes + bytes > POOL_BYTES) return false;
  const buffer = data.buffer as Owned;
  if (data.byteOffset !== 0 || buffer.byteLength !== bytes || buffer[OWNER] !== t.bufferMark) return false;
  buffer[OWNER] = undefined; // the next tensor made over it owns it
  const pool = data instanceof Float64Array ? pools.float64 : pools.float32;
  const list = pool.get(data.length) as FloatData[] | undefined;
  if (list) list.push(data);
  else (pool as Map<number, FloatData[]>).set(data.length, [data]);
  if (big) pooledBigBytes += bytes;
  else pooledBytes += bytes;
  return true;
}

/** A pooled array of this dtype and length, zeroed (or as it was left, for a caller that writes it whole), or undefined. */
export function reused(dtype: 'float32' | 'float64', n: number, zeroed = true): FloatData | undefined {
  if (n < MIN_ELEMENTS) return undefined;
  const data = pools[dtype].get(n)?.pop();
  if (!data) return undefined;
  if (data.byteLength > BIG_BYTES) pooledBigBytes -= data.byteLength;
  else pooledBytes -= data.byteLength;
  if (zeroed) data.fill(0);
  return data;
}

/** Empties the pool (tests). The app runs each notebook in a worker of its own, so a run's pool goes with it. */
export function drainPool(): void {
  pools.float32.clear();
  pools.float64.clear();
  pooledBytes = pooledBigBytes = 0;
}
