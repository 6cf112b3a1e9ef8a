/**
 * Storage reuse: a float array Python has let go of serves the next tensor of its length, as PyTorch's caching
 * allocator hands a freed block to the next op. Writing into freshly allocated memory costs this machine ~5× the
 * arithmetic of an elementwise op (a 6,400-element add: 38 µs new, 8 µs into a warm array), and a training step
 * under no_grad makes dozens of such tensors.
 *
 * An array is reused only when nothing can read it any more:
 * - Python released the tensor's handle (the bridge's releaseAll), or it is a temporary no one outside the code that
 *   made it can reach (a backward pass's intermediate terms: `withTemporaries`);
 * - the tensor owns its whole buffer, and no other tensor was ever made over it (views, blocks, `detach` share
 *   buffers: their buffer is marked shared for good);
 * - nothing else holds it: an op autograd recorded (its creator keeps its inputs, and the tracker too) marks its
 *   inputs `held`; a tensor autograd made (`creator`) or one that requires grad belongs to a graph; a check's
 *   operands and the graphs the app draws are `kept` for good; a tensor's `.grad` (`asGrad`) until it is spent (a
 *   retained result's `.grad` goes with its result, a leaf's when a later backward() replaced it). A no_grad
 *   temporary (an update's `lr * p.grad`, an evaluation's activations) is none of these, even in a loop that
 *   records a graph;
 * - or the tensor is `spent`: part of a graph autograd recorded, once a later backward() has gone past it (see
 *   core/notebook/spent-graphs.ts). Its creators and the tracker still hold it, but only for what PyTorch has
 *   freed by then, so a training loop's step reuses the storage of the step before.
 */
import type { FloatData, Tensor } from './tensor';

/**
 * Runs fn, then hands the pool every tensor made during it that `results` does not name (recycle's rules still
 * apply: a tensor an op holds, or whose buffer a view shares, stays). For code whose temporaries nothing outside can
 * reach: a backward pass makes a dozen a layer (a matmul's transposed operand, a mean's divided gradient, the sum
 * `+=` replaces), and PyTorch frees each as the engine drops it; left to the collector, a training step's next
 * forward found the pool empty (part 3: ~125 misses a step).
 */
export function withTemporaries<T>(fn: () => T, results: (r: T) => Iterable<Tensor>): T {
  const outer = births;
  const made: Tensor[] = (births = []);
  let r: T;
  try {
    r = fn();
  } finally {
    births = outer;
  }
  const keep = new Set(results(r));
  for (const t of made) {
    if (keep.has(t)) outer?.push(t);
    else recycle(t);
  }
  return r;
}

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
/** The tensors made since `withTemporaries` started listening (those that own their buffer), or null. */
let births: Tensor[] | null = null;

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
  if (owner === undefined) {
    buffer[OWNER] = t.bufferMark = ++marks;
    if (births !== null) births.push(t);
  } else if (owner !== t.bufferMark) buffer[OWNER] = SHARED;
}

/** The most bytes the pool holds in arrays under BIG_BYTES: a training step's temporaries, a few times over. */
const POOL_BYTES = 64 << 20;
/** Arrays from this size on count towards BIG_POOL_BYTES instead, and leave the pool when they sit unused. */
export const BIG_BYTES = 16 << 20;
/**
 * The most bytes of big arrays the pool holds: three [182625, 100] float32 activations (73 MB each). Fresh memory
 * costs more than the arithmetic of an op over them (a 73 MB result's first writes fault in 18,000 pages: ~45 ms
 * of a 60 ms row-broadcast add), and glibc serves PyTorch a freed block under 32 MB again, not a larger one. Part
 * 3's evaluation keeps every layer's output (`self.out`) until the next one replaces it, so a layer's op finds the
 * array a layer before let go only with three in the pool: its 182,625 rows took 2.56 s with two, 2.0 s with three
 * (PyTorch 2.09 s), and no less with four. Part 3's peak memory rose from 1.99 to 2.15 GB (PyTorch's: 1.78 GB).
 */
export const BIG_POOL_BYTES = 240 << 20;
/**
 * Allocations a big array may sit in the pool unused before it is let go (to the collector, as before pooling):
 * an evaluation reuses its big arrays within a few ops, and a training loop after it should not keep them.
 */
export const BIG_IDLE_ALLOCS = 2000;

const pools = { float32: new Map<number, Float32Array[]>(), float64: new Map<number, Float64Array[]>() };
let pooledBytes = 0;
/** The big arrays pooled, oldest first, each with the allocation count when it came in. */
const big: { data: FloatData; at: number }[] = [];
let bigBytes = 0;
/** Calls of `reused`: the clock big arrays age by. */
let allocs = 0;

/**
 * Takes t's array into the pool when nothing can read it any more (see above); t must not be used after. Returns
 * the bytes this leaves to the collector: t's own when the pool does not take them, or the big arrays the pool
 * let go to make room (the bridge asks for a collection after enough of them).
 */
export function recycle(t: Tensor): number {
  const data = t.data;
  const bytes = data.byteLength;
  if (t.kept || (t.grad !== null && t.creator === null)) return bytes; // (a leaf with a .grad is a parameter)
  if (!t.spent && (t.held || t.creator !== null || t.requiresGrad || t.asGrad)) return bytes;
  if (data instanceof Int32Array || data.length < MIN_ELEMENTS) return bytes;
  if (bytes >= BIG_BYTES ? bytes > BIG_POOL_BYTES : pooledBytes + bytes > POOL_BYTES) return bytes;
  const buffer = data.buffer as Owned;
  if (data.byteOffset !== 0 || buffer.byteLength !== bytes || buffer[OWNER] !== t.bufferMark) return bytes;
  buffer[OWNER] = undefined; // the next tensor made over it owns it
  let dropped = 0;
  if (bytes >= BIG_BYTES) {
    // The newest big arrays stay: the oldest go first when they would not fit.
    while (bigBytes + bytes > BIG_POOL_BYTES) {
      dropped += big[0].data.byteLength;
      drop(big[0].data);
    }
    big.push({ data, at: allocs });
    bigBytes += bytes;
  } else pooledBytes += bytes;
  const pool = data instanceof Float64Array ? pools.float64 : pools.float32;
  const list = pool.get(data.length) as FloatData[] | undefined;
  if (list) list.push(data);
  else (pool as Map<number, FloatData[]>).set(data.length, [data]);
  return dropped;
}

/** Takes a pooled array out of its list (and of the big ones' accounts); the caller keeps or drops it. */
function drop(data: FloatData): void {
  const list = (data instanceof Float64Array ? pools.float64 : pools.float32).get(data.length) as FloatData[];
  list.splice(list.indexOf(data), 1);
  forget(data);
}

/** Settles the accounts of a pooled array leaving the pool. */
function forget(data: FloatData): void {
  if (data.byteLength < BIG_BYTES) {
    pooledBytes -= data.byteLength;
    return;
  }
  big.splice(
    big.findIndex((b) => b.data === data),
    1,
  );
  bigBytes -= data.byteLength;
}

/** Arrays of pooled size asked for when the pool had none of their length: new memory, for the collector later. */
let misses = 0;
export const poolMisses = (): number => misses;

/** A pooled array of this dtype and length, zeroed (or as it was left, for a caller that writes it whole), or undefined. */
export function reused(dtype: 'float32' | 'float64', n: number, zeroed = true): FloatData | undefined {
  if (n < MIN_ELEMENTS) return undefined;
  allocs++;
  while (big.length > 0 && allocs - big[0].at > BIG_IDLE_ALLOCS) drop(big[0].data);
  const data = pools[dtype].get(n)?.pop();
  if (!data) {
    misses++;
    return undefined;
  }
  forget(data);
  if (zeroed) data.fill(0);
  return data;
}

/** Empties the pool (tests). The app runs each notebook in a worker of its own, so a run's pool goes with it. */
export function drainPool(): void {
  pools.float32.clear();
  pools.float64.clear();
  pooledBytes = 0;
  big.length = 0;
  bigBytes = 0;
}
