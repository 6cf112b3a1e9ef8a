/**
 * The lecture's parameters, drawn from one seeded generator in the notebook's order — C, W1, b1, W2, b2,
 * bngain, bnbias — with its scalings applied as the same float32 ops PyTorch runs (Python evaluates
 * `randn(...) * (5/3) / (30**0.5)` left to right: a multiply, then a divide).
 */
import { add, div, mul, noGrad } from '../ops';
import type { TorchGenerator } from '../random/torch-generator';
import { Tensor } from '../tensor/tensor';
import type { MlpConfig } from './config';
import type { Params } from './forward';

export const VOCAB_SIZE = 27;

export function initParams(g: TorchGenerator, c: Pick<MlpConfig, 'n_embd' | 'n_hidden' | 'block_size'>): Params {
  const randn = (shape: number[]) => new Tensor(shape, g.randn(shape));
  const fanIn = c.n_embd * c.block_size;
  const p = noGrad(() => ({
    C: randn([VOCAB_SIZE, c.n_embd]),
    W1: div(mul(randn([fanIn, c.n_hidden]), 5 / 3), fanIn ** 0.5),
    // b1 is useless under batchnorm; the lecture keeps it "just for fun" and so do we.
    b1: mul(randn([c.n_hidden]), 0.1),
    W2: mul(randn([c.n_hidden, VOCAB_SIZE]), 0.1),
    b2: mul(randn([VOCAB_SIZE]), 0.1),
    bngain: add(mul(randn([1, c.n_hidden]), 0.1), 1.0),
    bnbias: mul(randn([1, c.n_hidden]), 0.1),
  }));
  for (const t of Object.values(p)) t.requireGrad();
  return p;
}
