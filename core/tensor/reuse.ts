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

const SHARED = Symbol('shared');
const owners = new WeakMap<ArrayBufferLike, Tensor | typeof SHARED>();

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
  const buffer = data.buffer;
  const owner = owners.get(buffer);
  if (owner === undefined) owners.set(buffer, t);
  else if (owner !== t) owners.set(buffer, SHARED);
}

// Arrays larger than MAX_BYTES are left to the collector (and its nudge in the bridge), as pooling them would
// hold hundreds of MB a notebook no longer needs.
const MAX_BYTES = 16 << 20;
/** The most bytes the pool holds: a training step's temporaries, a few times over. */
const POOL_BYTES = 64 << 20;

const pools = { float32: new Map<number, Float32Array[]>(), float64: new Map<number, Float64Array[]>() };
let pooledBytes = 0;

/** Takes t's array into the pool when nothing can read it any more (see above); t must not be used after. */
export function recycle(t: Tensor): void {
  const data = t.data;
  if (t.grad !== null || t.kept) return;
  if (!t.spent && (t.held || t.creator !== null || t.requiresGrad)) return;
  if (data instanceof Int32Array || data.length < MIN_ELEMENTS) return;
  const bytes = data.byteLength;
  if (bytes > MAX_BYTES || pooledBytes + bytes > POOL_BYTES) return;
  if (data.byteOffset !== 0 || data.buffer.byteLength !== bytes || owners.get(data.buffer) !== t) return;
  owners.delete(data.buffer); // the next tensor made over it owns it
  const pool = data instanceof Float64Array ? pools.float64 : pools.float32;
  const list = pool.get(data.length) as FloatData[] | undefined;
  if (list) list.push(data);
  else (pool as Map<number, FloatData[]>).set(data.length, [data]);
  pooledBytes += bytes;
}

/** A pooled array of this dtype and length, zeroed (or as it was left, for a caller that writes it whole), or undefined. */
export function reused(dtype: 'float32' | 'float64', n: number, zeroed = true): FloatData | undefined {
  if (n < MIN_ELEMENTS) return undefined;
  const data = pools[dtype].get(n)?.pop();
  if (!data) return undefined;
  pooledBytes -= data.byteLength;
  if (zeroed) data.fill(0);
  return data;
}

/** Empties the pool (tests). The app runs each notebook in a worker of its own, so a run's pool goes with it. */
export function drainPool(): void {
  pools.float32.clear();
  pools.float64.clear();
  pooledBytes = 0;
}
