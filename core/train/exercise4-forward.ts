/**
 * Exercise 4's forward pass written with core ops, so autograd can check the fast training step's
 * manual gradients (`MlpStep`) every K steps. Batchnorm uses mean/var(unbiased) as the lecture does there.
 */
import { backward } from '../autograd/backward';
import { add, crossEntropy, embedding, matmul, mean, mul, pow, sub, tanh, variance, view } from '../ops';
import { Tensor } from '../tensor/tensor';
import type { Params } from '../mlp/forward';
import { cmp, type CmpResult } from '../autograd/cmp';
import { PARAM_NAMES, type ParamName } from '../mlp/names';
import type { MlpStep } from './mlp-step';

function exercise4Loss(p: Params, Xb: Tensor, Yb: Tensor): Tensor {
  const emb = embedding(p.C, Xb);
  const embcat = view(emb, [emb.shape[0], -1]);
  const hprebn = add(matmul(embcat, p.W1), p.b1);
  const bnmean = mean(hprebn, 0, true);
  const bnvar = variance(hprebn, 0, true, true);
  const bnvarInv = pow(add(bnvar, 1e-5), -0.5);
  const bnraw = mul(sub(hprebn, bnmean), bnvarInv);
  const hpreact = add(mul(p.bngain, bnraw), p.bnbias);
  const h = tanh(hpreact);
  const logits = add(matmul(h, p.W2), p.b2);
  return crossEntropy(logits, Yb);
}

/** cmp, plus the gradient's scale (max |autograd|) to judge maxdiff against. */
export type TrainCmp = CmpResult & { scale: number };

/**
 * Runs autograd on the same batch and compares with the step's manual gradients (after forwardBackward).
 * The fast step's float32 tanh approximation differs from Math.tanh by a few ulps, so `approx` (allclose's
 * absolute 1e-8) can miss by a hair on tiny gradients; judge maxdiff against `scale` as well.
 */
export function checkAgainstAutograd(
  p: Params,
  step: MlpStep,
  Xb: Int32Array,
  Yb: Int32Array,
): Record<ParamName, TrainCmp> {
  for (const t of Object.values(p)) t.grad = null;
  const n = Yb.length;
  const loss = exercise4Loss(p, new Tensor([n, Xb.length / n], Xb, 'int64'), new Tensor([n], Yb, 'int64'));
  backward(loss);
  const out = {} as Record<ParamName, TrainCmp>;
  for (const name of PARAM_NAMES) {
    const g = p[name].grad!;
    let scale = 0;
    for (let i = 0; i < g.size; i++) scale = Math.max(scale, Math.abs(g.data[i]));
    out[name] = { ...cmp(name, new Tensor(p[name].shape, step.grads[name]), g), scale };
  }
  return out;
}

/**
 * The largest maxdiff over the parameters, each relative to its gradient's scale. b1's true gradient is
 * zero under batchnorm (both sides are float noise), so it is judged on W1's scale, its neighbour.
 */
export function worstRelativeDiff(c: Record<ParamName, TrainCmp>): number {
  return Math.max(...PARAM_NAMES.map((n) => c[n].maxdiff / Math.max(n === 'b1' ? c.W1.scale : c[n].scale, 1e-30)));
}
