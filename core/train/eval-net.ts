/**
 * The trained network's forward pass for evaluation, batched over up to `capacity` rows at a time, as the
 * WebAssembly kernels over a heap of its own (the parameters are copied in once). Calibration, split
 * losses and sampling all run through it, so a whole split costs a few large kernel calls, not a call per
 * row. The first layer goes through per-position tables C @ W1_j (27 rows each), since the input is one
 * of 27 characters per position: 3 row additions instead of a 30-long dot product per hidden unit.
 */
import { Heap, HeapLayout } from '../kernels/heap';
import type { Params } from '../mlp/forward';
import { PARAM_NAMES } from '../mlp/names';
import { VOCAB_SIZE } from '../mlp/params';

const f = Math.fround;

export interface BatchnormStats {
  bnmean: Float32Array;
  bnvar: Float32Array;
}

export class EvalNet {
  readonly E: number;
  readonly H: number;
  readonly V = VOCAB_SIZE;
  /** Context rows to evaluate (capacity × block), written by the caller or by `load`. */
  readonly X: Int32Array;
  readonly hprebn: Float32Array;
  readonly logits: Float32Array;
  /** Softmax of the logits after `probs`, row by row. */
  readonly out: Float32Array;
  readonly rowmax: Float32Array;
  readonly rowsum: Float64Array;
  /** Column accumulators (float64) for calibration. */
  readonly sum64: Float64Array;
  readonly sq64: Float64Array;
  private readonly heap: Heap;
  private readonly at: Record<string, number>;
  private readonly block: number;

  constructor(p: Params, readonly capacity: number) {
    this.E = p.C.shape[1];
    this.H = p.W1.shape[1];
    this.block = p.W1.shape[0] / this.E;
    const { H, V } = this;
    const wide = Math.max(H, V) + 4;
    const layout = new HeapLayout();
    const at: Record<string, number> = {};
    for (const name of PARAM_NAMES) at[name] = layout.reserve(p[name].size);
    const sizes: Record<string, [number, number]> = {
      X: [capacity * this.block, 4], tables: [this.block * V * H, 4], hprebn: [capacity * H, 4], h: [capacity * H, 4],
      logits: [capacity * V, 4], out: [capacity * V, 4], rowmax: [capacity, 4], rowsum: [capacity, 8],
      bnmean: [H, 4], inv: [H, 4], sum64: [wide, 8], sq64: [wide, 8],
    };
    for (const [name, [count, bytes]] of Object.entries(sizes)) at[name] = layout.reserve(count, bytes);
    this.heap = new Heap(layout);
    this.at = at;
    for (const name of PARAM_NAMES) this.heap.f32(at[name], p[name].size).set(p[name].data);
    // T_j = C @ W1[j·E:(j+1)·E]: a context row's hprebn is then a sum of one row per table (see embedding.wat).
    for (let j = 0; j < this.block; j++) {
      this.heap.k.gemm(at.C, this.E, 1, at.W1 + 4 * j * this.E * H, H, at.tables + 4 * j * V * H, H, V, this.E, H, 0);
    }
    this.X = this.heap.i32(at.X, capacity * this.block);
    this.hprebn = this.heap.f32(at.hprebn, capacity * H);
    this.logits = this.heap.f32(at.logits, capacity * V);
    this.out = this.heap.f32(at.out, capacity * V);
    this.rowmax = this.heap.f32(at.rowmax, capacity);
    this.rowsum = this.heap.f64(at.rowsum, capacity);
    this.sum64 = this.heap.f64(at.sum64, wide);
    this.sq64 = this.heap.f64(at.sq64, wide);
  }

  /** Copies `rows` context rows of X from row `start` into this.X. */
  load(X: Int32Array, start: number, rows: number): void {
    this.X.set(X.subarray(start * this.block, (start + rows) * this.block));
  }

  /** hprebn = C[X].view(rows, -1) @ W1 + b1 for the first `rows` rows of this.X, through the tables. */
  hidden(rows: number): void {
    const { at, H, V } = this;
    this.heap.k.embed_sum(at.tables, at.X, rows, this.block, V, H, at.b1, at.hprebn);
  }

  /** Adds hprebn's column sums and sums of squares (float64) into sum64 and sq64. */
  accumulateStats(rows: number): void {
    this.heap.k.colstats64(this.at.hprebn, rows, this.H, this.at.sum64, this.at.sq64);
  }

  /** Uses calibrated batchnorm statistics from now on. */
  setStats(stats: BatchnormStats): void {
    const eps = f(1e-5);
    const inv = this.heap.f32(this.at.inv, this.H);
    this.heap.f32(this.at.bnmean, this.H).set(stats.bnmean);
    for (let c = 0; c < this.H; c++) inv[c] = 1 / f(Math.sqrt(f(stats.bnvar[c] + eps)));
  }

  /**
   * logits = tanh(bngain * (hprebn - bnmean) * (bnvar + 1e-5)**-0.5 + bnbias) @ W2 + b2 for `rows` rows
   * after `hidden`, then their softmax into `out` (with rowmax and rowsum for log-sum-exp).
   */
  head(rows: number): void {
    const { at, H, V } = this;
    const k = this.heap.k;
    k.normalize_eval(at.hprebn, rows, H, at.bnmean, at.inv, at.bngain, at.bnbias, at.h);
    k.tanh(at.h, rows * H);
    k.gemm(at.h, H, 1, at.W2, V, at.logits, V, rows, H, V, at.b2);
    k.softmax(at.logits, rows, V, 0, at.out, at.rowmax, at.rowsum);
  }
}
