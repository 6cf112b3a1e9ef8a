/**
 * The lecture's forward pass, chunked into small named steps exactly as the notebook writes it. Each
 * statement's text is the source the app shows; the closure computes it with core ops.
 */
import { add, exp, log, matmul, max, mean, mul, neg, pick, pow, sub, sum, tanh, view, embedding } from '../ops';
import type { Tensor } from '../tensor/tensor';
import type { ParamName, TensorName } from './names';

export type Params = Record<ParamName, Tensor>;
export type ForwardTensors = Record<TensorName, Tensor>;

/** Runs statements: a Recorder (to get the graph) or a plain runner (see runStatements). */
export interface StatementRunner {
  statement(text: string, fn: () => Tensor): Tensor;
}

/**
 * A runner that records nothing; `overrides` replaces a statement's result by name, which is how the
 * numerical gradient check perturbs an intermediate tensor and replays the rest of the pass.
 */
export function plainRunner(overrides: Partial<Record<TensorName, Tensor>> = {}): StatementRunner {
  return {
    statement(text, fn) {
      const target = text.slice(0, text.indexOf('=')).trim() as TensorName;
      return overrides[target] ?? fn();
    },
  };
}

export function lectureForward(p: Params, Xb: Tensor, Yb: Tensor, run: StatementRunner): ForwardTensors {
  const n = Xb.shape[0];
  const s = (text: string, fn: () => Tensor) => run.statement(text, fn);
  const emb = s('emb = C[Xb]', () => embedding(p.C, Xb));
  const embcat = s('embcat = emb.view(emb.shape[0], -1)', () => view(emb, [emb.shape[0], -1]));
  const hprebn = s('hprebn = embcat @ W1 + b1', () => add(matmul(embcat, p.W1), p.b1));
  const bnmeani = s('bnmeani = 1/n*hprebn.sum(0, keepdim=True)', () => mul(1 / n, sum(hprebn, 0, true)));
  const bndiff = s('bndiff = hprebn - bnmeani', () => sub(hprebn, bnmeani));
  const bndiff2 = s('bndiff2 = bndiff**2', () => pow(bndiff, 2));
  const bnvar = s('bnvar = 1/(n-1)*(bndiff2).sum(0, keepdim=True)', () => mul(1 / (n - 1), sum(bndiff2, 0, true)));
  const bnvar_inv = s('bnvar_inv = (bnvar + 1e-5)**-0.5', () => pow(add(bnvar, 1e-5), -0.5));
  const bnraw = s('bnraw = bndiff * bnvar_inv', () => mul(bndiff, bnvar_inv));
  const hpreact = s('hpreact = bngain * bnraw + bnbias', () => add(mul(p.bngain, bnraw), p.bnbias));
  const h = s('h = torch.tanh(hpreact)', () => tanh(hpreact));
  const logits = s('logits = h @ W2 + b2', () => add(matmul(h, p.W2), p.b2));
  const logit_maxes = s('logit_maxes = logits.max(1, keepdim=True).values', () => max(logits, 1, true).values);
  const norm_logits = s('norm_logits = logits - logit_maxes', () => sub(logits, logit_maxes));
  const counts = s('counts = norm_logits.exp()', () => exp(norm_logits));
  const counts_sum = s('counts_sum = counts.sum(1, keepdims=True)', () => sum(counts, 1, true));
  const counts_sum_inv = s('counts_sum_inv = counts_sum**-1', () => pow(counts_sum, -1));
  const probs = s('probs = counts * counts_sum_inv', () => mul(counts, counts_sum_inv));
  const logprobs = s('logprobs = probs.log()', () => log(probs));
  const loss = s('loss = -logprobs[range(n), Yb].mean()', () => neg(mean(pick(logprobs, Yb))));
  return {
    emb,
    embcat,
    hprebn,
    bnmeani,
    bndiff,
    bndiff2,
    bnvar,
    bnvar_inv,
    bnraw,
    hpreact,
    h,
    logits,
    logit_maxes,
    norm_logits,
    counts,
    counts_sum,
    counts_sum_inv,
    probs,
    logprobs,
    loss,
  };
}
