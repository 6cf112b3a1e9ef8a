/**
 * One training step of the lecture's exercise 4 — forward, the manual backward with the fused
 * cross-entropy and batchnorm rules, SGD update — as WebAssembly SIMD kernels over buffers that live in
 * one wasm heap: parameters, gradients, activations and the minibatch are laid out once, so a step copies
 * nothing. The math is exactly the lecture's, with its float32 rounding points op by op (see the .wat
 * files in core/kernels); `tests/core/train` checks it against PyTorch's first 20 steps and autograd.
 */
import { Heap, HeapLayout } from '../kernels/heap';
import type { Params } from '../mlp/forward';
import { PARAM_NAMES, type ParamName } from '../mlp/names';
import { VOCAB_SIZE } from '../mlp/params';
import { Tensor } from '../tensor/tensor';

const f = Math.fround;

/** Gradients of the parameters after a step, by the lecture's names. */
export type ParamGrads = Record<ParamName, Float32Array>;

const align4 = (floats: number) => (floats + 3) & ~3;

/** Where each parameter sits in a block holding all of them (float offsets, 16-byte aligned). */
function blockOffsets(params: Params): { at: Record<ParamName, number>; floats: number } {
  const at = {} as Record<ParamName, number>;
  let floats = 0;
  for (const name of PARAM_NAMES) {
    at[name] = floats;
    floats = align4(floats + params[name].size);
  }
  return { at, floats };
}

export class MlpStep {
  readonly n: number;
  readonly E: number;
  readonly B: number;
  readonly F: number;
  readonly H: number;
  readonly V = VOCAB_SIZE;
  /** The parameters, their data in the heap; `update` changes them in place. */
  readonly params: Params;
  readonly grads: ParamGrads;
  /** The minibatch: write rows here (forwardBackward copies other arrays in). */
  readonly Xb: Int32Array;
  readonly Yb: Int32Array;
  // Activations and backward buffers, as the lecture names them.
  readonly embcat: Float32Array;
  readonly hprebn: Float32Array;
  readonly bnmean: Float32Array;
  readonly bnvar: Float32Array;
  readonly bnvarInv: Float32Array;
  readonly bnraw: Float32Array;
  readonly h: Float32Array;
  readonly logits: Float32Array;
  readonly dlogits: Float32Array;
  readonly dh: Float32Array;
  readonly dhpreact: Float32Array;
  readonly dhprebn: Float32Array;
  readonly dembcat: Float32Array;

  private readonly heap: Heap;
  /** Byte offsets of every buffer in the heap, for the kernels. */
  private readonly at: Record<string, number>;
  private readonly blockFloats: number;
  private readonly rowmax: Float32Array;
  private readonly rowsum: Float64Array;
  private readonly sum64: Float64Array;
  private readonly mean64: Float64Array;
  private readonly sq64: Float64Array;

  /** Copies `params` into the heap; train `this.params` from then on. */
  constructor(params: Params, batch: number) {
    for (const name of PARAM_NAMES) {
      if (!(params[name].data instanceof Float32Array))
        throw new Error(`training needs float32 parameters; ${name} is ${params[name].dtype}`);
    }
    this.n = batch;
    this.E = params.C.shape[1];
    this.F = params.W1.shape[0];
    this.B = this.F / this.E;
    this.H = params.W1.shape[1];
    const { n, B, F, H, V } = this;
    const block = blockOffsets(params);
    this.blockFloats = block.floats;
    const layout = new HeapLayout();
    const wide = Math.max(H, V) + 4; // float64 column accumulators, 4 slots of spill (batchnorm.wat)
    const sizes: Record<string, [number, number]> = {
      params: [block.floats, 4],
      grads: [block.floats, 4],
      Xb: [n * B, 4],
      Yb: [n, 4],
      embcat: [n * F, 4],
      hprebn: [n * H, 4],
      bnmean: [H, 4],
      bnvar: [H, 4],
      bnvarInv: [H, 4],
      bnraw: [n * H, 4],
      h: [n * H, 4],
      logits: [n * V, 4],
      dlogits: [n * V, 4],
      dh: [n * H, 4],
      dhpreact: [n * H, 4],
      dhprebn: [n * H, 4],
      dembcat: [n * F, 4],
      rowmax: [n, 4],
      rowsum: [n, 8],
      sum64: [wide, 8],
      mean64: [wide, 8],
      sq64: [wide, 8],
      scale: [H + 4, 4],
    };
    const at: Record<string, number> = {};
    for (const [name, [count, bytes]] of Object.entries(sizes)) at[name] = layout.reserve(count, bytes);
    const heap = new Heap(layout);
    this.heap = heap;
    for (const name of PARAM_NAMES) {
      at[`p.${name}`] = at.params + 4 * block.at[name];
      at[`g.${name}`] = at.grads + 4 * block.at[name];
    }
    this.at = at;
    const view = (name: string) => heap.f32(at[name], sizes[name][0]);
    this.params = {} as Params;
    this.grads = {} as ParamGrads;
    for (const name of PARAM_NAMES) {
      const p = params[name];
      const data = heap.f32(at[`p.${name}`], p.size);
      data.set(p.data);
      this.params[name] = new Tensor(p.shape, data);
      this.params[name].requiresGrad = p.requiresGrad;
      this.grads[name] = heap.f32(at[`g.${name}`], p.size);
    }
    this.Xb = heap.i32(at.Xb, n * B);
    this.Yb = heap.i32(at.Yb, n);
    this.embcat = view('embcat');
    this.hprebn = view('hprebn');
    this.bnmean = view('bnmean');
    this.bnvar = view('bnvar');
    this.bnvarInv = view('bnvarInv');
    this.bnraw = view('bnraw');
    this.h = view('h');
    this.logits = view('logits');
    this.dlogits = view('dlogits');
    this.dh = view('dh');
    this.dhpreact = view('dhpreact');
    this.dhprebn = view('dhprebn');
    this.dembcat = view('dembcat');
    this.rowmax = view('rowmax');
    this.rowsum = heap.f64(at.rowsum, n);
    this.sum64 = heap.f64(at.sum64, wide);
    this.mean64 = heap.f64(at.mean64, wide);
    this.sq64 = heap.f64(at.sq64, wide);
  }

  /** Forward and manual backward for one minibatch; fills `grads` and returns the loss. */
  forwardBackward(Xb: Int32Array, Yb: Int32Array): number {
    if (Xb !== this.Xb) this.Xb.set(Xb);
    if (Yb !== this.Yb) this.Yb.set(Yb);
    const { n, E, B, F, H, V, at } = this;
    const k = this.heap.k;
    // emb = C[Xb]; embcat = emb.view(n, -1); hprebn = embcat @ W1 + b1
    k.gather(at['p.C'], at.Xb, n * B, E, at.embcat);
    k.gemm(at.embcat, F, 1, at['p.W1'], H, at.hprebn, H, n, F, H, at['p.b1']);
    // bnmean = hprebn.mean(0, keepdim=True); bnvar = hprebn.var(0, keepdim=True, unbiased=True)
    const { sum64, mean64, sq64, bnmean, bnvar, bnvarInv } = this;
    sum64.fill(0);
    k.colsum64(at.hprebn, n, H, at.sum64);
    for (let c = 0; c < H; c++) {
      mean64[c] = sum64[c] / n;
      bnmean[c] = mean64[c];
    }
    sq64.fill(0);
    k.colsqdev64(at.hprebn, n, H, at.mean64, at.sq64);
    const eps = f(1e-5);
    for (let c = 0; c < H; c++) {
      bnvar[c] = sq64[c] / (n - 1);
      // bnvar_inv = (bnvar + 1e-5)**-0.5, an rsqrt in float32
      bnvarInv[c] = 1 / f(Math.sqrt(f(bnvar[c] + eps)));
    }
    // bnraw = (hprebn - bnmean) * bnvar_inv; hpreact = bngain * bnraw + bnbias (into h); h = tanh(hpreact)
    k.normalize(at.hprebn, n, H, at.bnmean, at.bnvarInv, at['p.bngain'], at['p.bnbias'], at.bnraw, at.h);
    k.tanh(at.h, n * H);
    // logits = h @ W2 + b2; loss = F.cross_entropy(logits, Yb); dlogits = (softmax(logits) - onehot) / n
    k.gemm(at.h, H, 1, at['p.W2'], V, at.logits, V, n, H, V, at['p.b2']);
    k.softmax(at.logits, n, V, at.Yb, at.dlogits, at.rowmax, at.rowsum);
    const { logits, rowmax, rowsum } = this;
    let loss = 0;
    for (let i = 0; i < n; i++) loss -= logits[i * V + this.Yb[i]] - rowmax[i] - Math.log(rowsum[i]);
    loss /= n;
    // dh = dlogits @ W2.T; dW2 = h.T @ dlogits; db2 = dlogits.sum(0)
    k.gemm_nt(at.dlogits, V, at['p.W2'], V, at.dh, H, n, V, H);
    k.gemm(at.h, 1, H, at.dlogits, V, at['g.W2'], V, H, n, V, 0);
    this.columnSums(at.dlogits, n, V, this.grads.b2);
    // dhpreact = (1 - h**2) * dh; dbngain, dbnbias; dhprebn by the fused batchnorm rule; db1 = dhprebn.sum(0)
    k.bn_backward(
      at.h,
      at.dh,
      at.bnraw,
      n,
      H,
      at['p.bngain'],
      at.bnvarInv,
      at.dhpreact,
      at.dhprebn,
      at['g.bngain'],
      at['g.bnbias'],
      at['g.b1'],
      at.sum64,
      at.sq64,
      at.scale,
    );
    // dembcat = dhprebn @ W1.T; dW1 = embcat.T @ dhprebn
    k.gemm_nt(at.dhprebn, H, at['p.W1'], H, at.dembcat, F, n, H, F);
    k.gemm(at.embcat, 1, F, at.dhprebn, H, at['g.W1'], H, F, n, H, 0);
    // dC[Xb[k,j]] += demb[k,j]
    this.grads.C.fill(0);
    k.scatter_add(at.dembcat, at.Xb, n * B, E, at['g.C']);
    return loss;
  }

  /** p.data += -lr * grad, for every parameter (one pass over the parameter block). */
  update(lr: number): void {
    this.heap.k.sgd(this.at.params, this.at.grads, this.blockFloats, f(-lr));
  }

  /** out = src.sum(0), accumulated in float64 and rounded once. */
  private columnSums(src: number, rows: number, cols: number, out: Float32Array): void {
    this.sum64.fill(0);
    this.heap.k.colsum64(src, rows, cols, this.at.sum64);
    for (let c = 0; c < cols; c++) out[c] = this.sum64[c];
  }
}
