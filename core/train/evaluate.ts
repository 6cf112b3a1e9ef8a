/**
 * After training: calibrate batchnorm's mean and variance over the whole training set (the lecture's
 * "calibrate the batch norm at the end of training"), then evaluate a split with them. The network runs
 * once per distinct context (contexts.ts), CHUNK contexts per kernel call; rows are then summed in order.
 */
import type { Dataset } from '../data/dataset';
import type { Params } from '../mlp/forward';
import { distinctContexts, type Contexts } from './contexts';
import { EvalNet, type BatchnormStats } from './eval-net';

export type { BatchnormStats } from './eval-net';

const CHUNK = 4096;

function forEachChunk(net: EvalNet, c: Contexts, visit: (start: number, rows: number) => void): void {
  for (let start = 0; start < c.rows; start += net.capacity) {
    const rows = Math.min(net.capacity, c.rows - start);
    net.load(c.X, start, rows);
    net.hidden(rows);
    visit(start, rows);
  }
}

/**
 * bnmean = hpreact.mean(0), bnvar = hpreact.var(0, unbiased=True) over the whole training split, in one
 * pass: Σx and Σx² in float64 (each context's x weighted by how many rows have it; x² of a float32 is exact
 * in a double), whose cancellation error stays far below float32's precision here, so the result rounds as
 * a two-pass variance would.
 */
export function calibrateBatchnorm(p: Params, train: Dataset, net = new EvalNet(p, CHUNK)): BatchnormStats {
  const c = distinctContexts(train);
  const H = net.H;
  const sum = new Float64Array(H);
  const sq = new Float64Array(H);
  forEachChunk(net, c, (start, rows) => {
    for (let r = 0; r < rows; r++) {
      const w = c.count[start + r];
      for (let k = 0; k < H; k++) {
        const x = net.hprebn[r * H + k];
        sum[k] += w * x;
        sq[k] += w * x * x;
      }
    }
  });
  const N = train.rows;
  const bnmean = new Float32Array(H);
  const bnvar = new Float32Array(H);
  for (let k = 0; k < H; k++) {
    bnmean[k] = sum[k] / N;
    bnvar[k] = (sq[k] - (sum[k] * sum[k]) / N) / (N - 1);
  }
  return { bnmean, bnvar };
}

/** F.cross_entropy over a whole split with calibrated batchnorm (the lecture's split_loss). */
export function splitLoss(p: Params, stats: BatchnormStats, d: Dataset, net = new EvalNet(p, CHUNK)): number {
  net.setStats(stats);
  const c = distinctContexts(d);
  const V = net.V;
  const lse = new Float64Array(c.rows);
  const logits = new Float32Array(c.rows * V);
  forEachChunk(net, c, (start, rows) => {
    net.head(rows);
    // log Σ exp(x − max) + max, and the logits, per context
    for (let r = 0; r < rows; r++) lse[start + r] = Math.log(net.rowsum[r]) + net.rowmax[r];
    logits.set(net.logits.subarray(0, rows * V), start * V);
  });
  // −log softmax[Y] per row, summed in row order
  let total = 0;
  for (let i = 0; i < d.rows; i++) total += lse[c.of[i]] - logits[c.of[i] * V + d.Y[i]];
  return total / d.rows;
}

/** One EvalNet for calibration and every split (its heap is allocated once). */
export function evaluator(p: Params): EvalNet {
  return new EvalNet(p, CHUNK);
}
