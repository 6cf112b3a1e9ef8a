/**
 * After training: calibrate batchnorm's mean and variance over the whole training set (the lecture's
 * "calibrate the batch norm at the end of training"), then evaluate a split and sample names with them.
 */
import { wasmMatmul } from '../kernels/wasm-matmul';
import type { Dataset } from '../data/dataset';
import type { Params } from '../mlp/forward';
import { VOCAB_SIZE } from '../mlp/params';

const f = Math.fround;

export interface BatchnormStats {
  bnmean: Float32Array;
  bnvar: Float32Array;
}

/** hpreact = embcat @ W1 + b1 for rows of X, in chunks so a 182625-row split needs little memory. */
function forEachHprebnChunk(p: Params, d: Dataset, visit: (hprebn: Float32Array, rowStart: number, rows: number) => void): void {
  const E = p.C.shape[1];
  const F = p.W1.shape[0];
  const H = p.W1.shape[1];
  const C = p.C.data as Float32Array;
  const W1 = p.W1.data as Float32Array;
  const b1 = p.b1.data as Float32Array;
  const CHUNK = 4096;
  const embcat = new Float32Array(CHUNK * F);
  const out = new Float32Array(CHUNK * H);
  for (let start = 0; start < d.rows; start += CHUNK) {
    const rows = Math.min(CHUNK, d.rows - start);
    for (let i = 0; i < rows; i++) {
      for (let j = 0; j < d.blockSize; j++) {
        const ix = d.X[(start + i) * d.blockSize + j];
        embcat.set(C.subarray(ix * E, ix * E + E), i * F + j * E);
      }
    }
    wasmMatmul(embcat.subarray(0, rows * F), W1, rows, F, H, out.subarray(0, rows * H));
    for (let i = 0; i < rows; i++) for (let k = 0; k < H; k++) out[i * H + k] = out[i * H + k] + b1[k];
    visit(out, start, rows);
  }
}

/** bnmean = hpreact.mean(0), bnvar = hpreact.var(0, unbiased=True) over the whole training split. */
export function calibrateBatchnorm(p: Params, train: Dataset): BatchnormStats {
  const H = p.W1.shape[1];
  const sum = new Float64Array(H);
  forEachHprebnChunk(p, train, (hp, _s, rows) => {
    for (let i = 0; i < rows; i++) for (let k = 0; k < H; k++) sum[k] += hp[i * H + k];
  });
  const mean = sum.map((s) => s / train.rows);
  const sq = new Float64Array(H);
  forEachHprebnChunk(p, train, (hp, _s, rows) => {
    for (let i = 0; i < rows; i++) {
      for (let k = 0; k < H; k++) {
        const d = hp[i * H + k] - mean[k];
        sq[k] += d * d;
      }
    }
  });
  return { bnmean: Float32Array.from(mean), bnvar: Float32Array.from(sq, (s) => s / (train.rows - 1)) };
}

/** Logits for one hprebn row with calibrated batchnorm, written into `logits` (length 27). */
export function headLogits(p: Params, stats: BatchnormStats, hprebnRow: Float32Array, h: Float32Array, logits: Float32Array): void {
  const H = p.W1.shape[1];
  const g = p.bngain.data as Float32Array;
  const b = p.bnbias.data as Float32Array;
  const eps = f(1e-5);
  for (let k = 0; k < H; k++) {
    // hpreact = bngain * (hpreact - bnmean) * (bnvar + 1e-5)**-0.5 + bnbias
    const inv = f(1 / f(Math.sqrt(f(stats.bnvar[k] + eps))));
    h[k] = Math.tanh(f(f(f(g[k] * f(hprebnRow[k] - stats.bnmean[k])) * inv) + b[k]));
  }
  wasmMatmul(h, p.W2.data as Float32Array, 1, H, VOCAB_SIZE, logits);
  const b2 = p.b2.data as Float32Array;
  for (let c = 0; c < VOCAB_SIZE; c++) logits[c] = logits[c] + b2[c];
}

/** F.cross_entropy over a whole split with calibrated batchnorm (the lecture's split_loss). */
export function splitLoss(p: Params, stats: BatchnormStats, d: Dataset): number {
  const H = p.W1.shape[1];
  const h = new Float32Array(H);
  const logits = new Float32Array(VOCAB_SIZE);
  let total = 0;
  forEachHprebnChunk(p, d, (hp, start, rows) => {
    for (let i = 0; i < rows; i++) {
      headLogits(p, stats, hp.subarray(i * H, i * H + H), h, logits);
      let m = -Infinity;
      for (let c = 0; c < VOCAB_SIZE; c++) m = Math.max(m, logits[c]);
      let s = 0;
      for (let c = 0; c < VOCAB_SIZE; c++) s += Math.exp(logits[c] - m);
      total += Math.log(s) + m - logits[d.Y[start + i]];
    }
  });
  return total / d.rows;
}
