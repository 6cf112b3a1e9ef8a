/**
 * After training: calibrate batchnorm's mean and variance over the whole training set (the lecture's
 * "calibrate the batch norm at the end of training"), then evaluate a split with them, CHUNK rows at a time.
 */
import type { Dataset } from '../data/dataset';
import type { Params } from '../mlp/forward';
import { EvalNet, type BatchnormStats } from './eval-net';

export type { BatchnormStats } from './eval-net';

const CHUNK = 4096;

function forEachChunk(net: EvalNet, d: Dataset, visit: (start: number, rows: number) => void): void {
  for (let start = 0; start < d.rows; start += net.capacity) {
    const rows = Math.min(net.capacity, d.rows - start);
    net.load(d.X, start, rows);
    net.hidden(rows);
    visit(start, rows);
  }
}

/**
 * bnmean = hpreact.mean(0), bnvar = hpreact.var(0, unbiased=True) over the whole training split, in one
 * pass: Σx and Σx² in float64 (x² of a float32 is exact there), whose cancellation error stays far below
 * float32's precision at this size, so the result rounds as a two-pass variance would.
 */
export function calibrateBatchnorm(p: Params, train: Dataset, net = new EvalNet(p, CHUNK)): BatchnormStats {
  net.sum64.fill(0);
  net.sq64.fill(0);
  forEachChunk(net, train, (_start, rows) => net.accumulateStats(rows));
  const H = net.H;
  const N = train.rows;
  const bnmean = new Float32Array(H);
  const bnvar = new Float32Array(H);
  for (let c = 0; c < H; c++) {
    const s = net.sum64[c];
    bnmean[c] = s / N;
    bnvar[c] = (net.sq64[c] - (s * s) / N) / (N - 1);
  }
  return { bnmean, bnvar };
}

/** F.cross_entropy over a whole split with calibrated batchnorm (the lecture's split_loss). */
export function splitLoss(p: Params, stats: BatchnormStats, d: Dataset, net = new EvalNet(p, CHUNK)): number {
  net.setStats(stats);
  const V = net.V;
  let total = 0;
  forEachChunk(net, d, (start, rows) => {
    net.head(rows);
    // −log softmax[Y] = log Σ exp(x − max) + max − x[Y]
    for (let i = 0; i < rows; i++) total += Math.log(net.rowsum[i]) + net.rowmax[i] - net.logits[i * V + d.Y[start + i]];
  });
  return total / d.rows;
}

/** One EvalNet for calibration and every split (its heap is allocated once). */
export function evaluator(p: Params): EvalNet {
  return new EvalNet(p, CHUNK);
}
