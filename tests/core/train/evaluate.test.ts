import { describe, expect, it } from 'vitest';
import { loadNames } from '../../../cli/load-names';
import type { Dataset } from '../../../core/data/dataset';
import {
  add,
  crossEntropy,
  embedding,
  matmul,
  mean,
  mul,
  noGrad,
  pow,
  sub,
  tanh,
  variance,
  view,
} from '../../../core/ops';
import { Tensor } from '../../../core/tensor/tensor';
import { DEFAULT_TRAIN } from '../../../core/train/config';
import { calibrateBatchnorm, splitLoss } from '../../../core/train/evaluate';
import { Trainer } from '../../../core/train/trainer';
import { EvalNet } from '../../../core/train/eval-net';
import { distinctContexts } from '../../../core/train/contexts';

// A trained network and 5,000 rows, evaluated batched (through nets of 500 contexts a chunk, so over several
// chunks) and op by op.
const t = new Trainer({ ...DEFAULT_TRAIN, n_hidden: 64, steps: 300 }, loadNames());
t.run(300);
const rows = 5000;
const { train } = t.splits;
const d: Dataset = {
  X: train.X.subarray(0, rows * train.blockSize),
  Y: train.Y.subarray(0, rows),
  rows,
  blockSize: train.blockSize,
};
const p = t.params;
const net = () => new EvalNet(p, 500);

const hprebnByOps = () => {
  const emb = embedding(p.C, new Tensor([rows, d.blockSize], d.X, 'int64'));
  return add(matmul(view(emb, [rows, -1]), p.W1), p.b1);
};
const near = (got: ArrayLike<number>, want: ArrayLike<number>, rel: number) => {
  for (let i = 0; i < want.length; i++)
    expect(Math.abs(got[i] - want[i]), `[${i}]`).toBeLessThanOrEqual(rel * Math.max(Math.abs(want[i]), 1e-3));
};

describe('batched evaluation', () => {
  it('calibrates batchnorm as hpreact.mean(0) and hpreact.var(0) of the core ops do', () => {
    expect(distinctContexts(d).rows).toBeGreaterThan(1000);
    const stats = calibrateBatchnorm(p, d, net());
    noGrad(() => {
      const hp = hprebnByOps();
      near(stats.bnmean, mean(hp, 0).data, 1e-5);
      near(stats.bnvar, variance(hp, 0, false, true).data, 1e-5);
    });
  });

  it("gives the lecture's split loss, F.cross_entropy with calibrated batchnorm, as the core ops do", () => {
    const stats = calibrateBatchnorm(p, d, net());
    const loss = splitLoss(p, stats, d, net());
    const want = noGrad(() => {
      const bnmean = new Tensor([1, stats.bnmean.length], stats.bnmean);
      const bnvar = new Tensor([1, stats.bnvar.length], stats.bnvar);
      const hpreact = add(mul(mul(p.bngain, sub(hprebnByOps(), bnmean)), pow(add(bnvar, 1e-5), -0.5)), p.bnbias);
      const logits = add(matmul(tanh(hpreact), p.W2), p.b2);
      return crossEntropy(logits, new Tensor([rows], d.Y, 'int64')).data[0];
    });
    expect(Math.abs(loss - want)).toBeLessThan(2e-6 * want);
  });
});
