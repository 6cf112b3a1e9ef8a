/**
 * The trained network's forward pass for evaluation, batched over up to `capacity` rows at a time, as the
 * WebAssembly kernels over a heap of its own (the parameters are copied in once). Calibration, split
 * losses and sampling all run through it, so a whole split costs a few large kernel calls, not a call per
 * row.
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
  private readonly heap: Heap;
  private readonly at: Record<string, number>;
  private readonly block: number;

  constructor(
    p: Params,
    readonly capacity: number,
  ) {
    this.E = p.C.shape[1];
    this.H = p.W1.shape[1];
    this.block = p.W1.shape[0] / this.E;
    const { H, V } = this;
    const layout = new HeapLayout();
    const at: Record<string, number> = {};
    for (const name of PARAM_NAMES) at[name] = layout.reserve(p[name].size);
    const sizes: Record<string, [number, number]> = {
      X: [capacity * this.block, 4],
      embcat: [capacity * this.block * this.E, 4],
      hprebn: [capacity * H, 4],
      h: [capacity * H, 4],
      logits: [capacity * V, 4],
      out: [capacity * V, 4],
      rowmax: [capacity, 4],
      rowsum: [capacity, 8],
      bnmean: [H, 4],
      inv: [H, 4],
    };
    for (const [name, [count, bytes]] of Object.entries(sizes)) at[name] = layout.reserve(count, bytes);
    this.heap = new Heap(layout);
    this.at = at;
    for (const name of PARAM_NAMES) this.heap.f32(at[name], p[name].size).set(p[name].data);
    this.X = this.heap.i32(at.X, capacity * this.block);
    this.hprebn = this.heap.f32(at.hprebn, capacity * H);
    this.logits = this.heap.f32(at.logits, capacity * V);
    this.out = this.heap.f32(at.out, capacity * V);
    this.rowmax = this.heap.f32(at.rowmax, capacity);
    this.rowsum = this.heap.f64(at.rowsum, capacity);
  }

  /** Copies `rows` context rows of X from row `start` into this.X. */
  load(X: Int32Array, start: number, rows: number): void {
    this.X.set(X.subarray(start * this.block, (start + rows) * this.block));
  }

  /** hprebn = C[X].view(rows, -1) @ W1 + b1 for the first `rows` rows of this.X. */
  hidden(rows: number): void {
    const { at, E, H } = this;
    const F = this.block * E;
    this.heap.k.gather(at.C, at.X, rows * this.block, E, at.embcat);
    this.heap.k.gemm(at.embcat, F, 1, at.W1, H, at.hprebn, H, rows, F, H, at.b1);
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
