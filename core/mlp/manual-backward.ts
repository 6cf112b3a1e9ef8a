/**
 * The lecture's hand-derived backward pass, one statement at a time, for each variant:
 *   atomic   — exercise 1, every step as the lecture writes it;
 *   fused-ce — exercise 2's one-line cross-entropy backward replaces loss → logits;
 *   fused-bn — exercise 3's one-line batchnorm backward replaces hpreact → hprebn;
 *   fused    — both.
 * Each step names the gradient it (re)defines, its source text, and computes it with core ops.
 */
import {
  add,
  clone,
  div,
  indexAdd,
  matmul,
  max,
  mul,
  neg,
  noGrad,
  oneHot,
  pow,
  softmax,
  sub,
  sum,
  transpose,
  view,
  withPicked,
} from '../ops';
import { onesLike, Tensor, zerosLike } from '../tensor/tensor';
import type { Variant } from './config';
import type { ForwardTensors, Params } from './forward';
import type { ParamName, TensorName } from './names';

export type GradName = TensorName | ParamName;

/** What a step may read: the forward tensors, the parameters, the batch, and the gradients so far. */
export interface ManualEnv {
  t: ForwardTensors;
  p: Params;
  Xb: Tensor;
  Yb: Tensor;
  n: number;
  d: Partial<Record<GradName, Tensor>>;
}

export interface ManualStep {
  /** The gradient this step writes: `dcounts` → 'counts'. */
  target: GradName;
  /** `=` defines it, `+=` adds a further contribution. */
  accumulate: boolean;
  /** The line as the lecture writes it. */
  source: string;
  compute(env: ManualEnv): Tensor;
}

/** Reads a gradient an earlier step must have computed. */
function need(env: ManualEnv, name: GradName): Tensor {
  const g = env.d[name];
  if (!g) throw new Error(`manual backward: d${name} is used before it is computed`);
  return g;
}

const step = (target: GradName, source: string, compute: (e: ManualEnv) => Tensor): ManualStep => ({
  target,
  accumulate: /^\s*\w+\s*\+=/.test(source),
  source,
  compute,
});

/** Exercise 1, loss → logits. */
const CE_ATOMIC: ManualStep[] = [
  step('loss', 'dloss = 1.0', (e) => onesLike(e.t.loss)),
  step('logprobs', 'dlogprobs = torch.zeros_like(logprobs); dlogprobs[range(n), Yb] = -1.0/n', (e) =>
    withPicked(zerosLike(e.t.logprobs), e.Yb, -1.0 / e.n),
  ),
  step('probs', 'dprobs = (1.0 / probs) * dlogprobs', (e) => mul(div(1.0, e.t.probs), need(e, 'logprobs'))),
  step('counts_sum_inv', 'dcounts_sum_inv = (counts * dprobs).sum(1, keepdim=True)', (e) =>
    sum(mul(e.t.counts, need(e, 'probs')), 1, true),
  ),
  step('counts', 'dcounts = counts_sum_inv * dprobs', (e) => mul(e.t.counts_sum_inv, need(e, 'probs'))),
  step('counts_sum', 'dcounts_sum = (-counts_sum**-2) * dcounts_sum_inv', (e) =>
    mul(neg(pow(e.t.counts_sum, -2)), need(e, 'counts_sum_inv')),
  ),
  step('counts', 'dcounts += torch.ones_like(counts) * dcounts_sum', (e) =>
    add(need(e, 'counts'), mul(onesLike(e.t.counts), need(e, 'counts_sum'))),
  ),
  step('norm_logits', 'dnorm_logits = counts * dcounts', (e) => mul(e.t.counts, need(e, 'counts'))),
  step('logits', 'dlogits = dnorm_logits.clone()', (e) => clone(need(e, 'norm_logits'))),
  step('logit_maxes', 'dlogit_maxes = (-dnorm_logits).sum(1, keepdim=True)', (e) =>
    sum(neg(need(e, 'norm_logits')), 1, true),
  ),
  step('logits', 'dlogits += F.one_hot(logits.max(1).indices, num_classes=logits.shape[1]) * dlogit_maxes', (e) =>
    add(need(e, 'logits'), mul(oneHot(max(e.t.logits, 1).indices, e.t.logits.shape[1]), need(e, 'logit_maxes'))),
  ),
];

/** Exercise 2: the whole cross-entropy in one line. */
const CE_FUSED: ManualStep[] = [
  step('loss', 'dloss = 1.0', (e) => onesLike(e.t.loss)),
  step('logits', 'dlogits = F.softmax(logits, 1); dlogits[range(n), Yb] -= 1; dlogits /= n', (e) =>
    div(
      withPicked(softmax(e.t.logits, 1), e.Yb, (v) => v - 1),
      e.n,
    ),
  ),
];

/** Exercise 1, logits → hpreact (shared by every variant). */
const LOGITS_TO_HPREACT: ManualStep[] = [
  step('h', 'dh = dlogits @ W2.T', (e) => matmul(need(e, 'logits'), transpose(e.p.W2))),
  step('W2', 'dW2 = h.T @ dlogits', (e) => matmul(transpose(e.t.h), need(e, 'logits'))),
  step('b2', 'db2 = dlogits.sum(0)', (e) => sum(need(e, 'logits'), 0)),
  step('hpreact', 'dhpreact = (1.0 - h**2) * dh', (e) => mul(sub(1.0, pow(e.t.h, 2)), need(e, 'h'))),
  step('bngain', 'dbngain = (bnraw * dhpreact).sum(0, keepdim=True)', (e) =>
    sum(mul(e.t.bnraw, need(e, 'hpreact')), 0, true),
  ),
];

/** Exercise 1, through batchnorm step by step. */
const BN_ATOMIC: ManualStep[] = [
  step('bnraw', 'dbnraw = bngain * dhpreact', (e) => mul(e.p.bngain, need(e, 'hpreact'))),
  step('bnbias', 'dbnbias = dhpreact.sum(0, keepdim=True)', (e) => sum(need(e, 'hpreact'), 0, true)),
  step('bndiff', 'dbndiff = bnvar_inv * dbnraw', (e) => mul(e.t.bnvar_inv, need(e, 'bnraw'))),
  step('bnvar_inv', 'dbnvar_inv = (bndiff * dbnraw).sum(0, keepdim=True)', (e) =>
    sum(mul(e.t.bndiff, need(e, 'bnraw')), 0, true),
  ),
  step('bnvar', 'dbnvar = (-0.5*(bnvar + 1e-5)**-1.5) * dbnvar_inv', (e) =>
    mul(mul(-0.5, pow(add(e.t.bnvar, 1e-5), -1.5)), need(e, 'bnvar_inv')),
  ),
  step('bndiff2', 'dbndiff2 = (1.0/(n-1))*torch.ones_like(bndiff2) * dbnvar', (e) =>
    mul(mul(1.0 / (e.n - 1), onesLike(e.t.bndiff2)), need(e, 'bnvar')),
  ),
  step('bndiff', 'dbndiff += (2*bndiff) * dbndiff2', (e) =>
    add(need(e, 'bndiff'), mul(mul(2, e.t.bndiff), need(e, 'bndiff2'))),
  ),
  step('hprebn', 'dhprebn = dbndiff.clone()', (e) => clone(need(e, 'bndiff'))),
  step('bnmeani', 'dbnmeani = (-dbndiff).sum(0, keepdim=True)', (e) => sum(neg(need(e, 'bndiff')), 0, true)),
  step('hprebn', 'dhprebn += 1.0/n * (torch.ones_like(hprebn) * dbnmeani)', (e) =>
    add(need(e, 'hprebn'), mul(1.0 / e.n, mul(onesLike(e.t.hprebn), need(e, 'bnmeani')))),
  ),
];

/** Exercise 3: the batchnorm backward in one line. */
const BN_FUSED: ManualStep[] = [
  step('bnbias', 'dbnbias = dhpreact.sum(0, keepdim=True)', (e) => sum(need(e, 'hpreact'), 0, true)),
  step(
    'hprebn',
    'dhprebn = bngain*bnvar_inv/n * (n*dhpreact - dhpreact.sum(0) - n/(n-1)*bnraw*(dhpreact*bnraw).sum(0))',
    (e) => {
      const dh = need(e, 'hpreact');
      const scale = div(mul(e.p.bngain, e.t.bnvar_inv), e.n);
      const centred = sub(
        sub(mul(e.n, dh), sum(dh, 0)),
        mul(mul(e.n / (e.n - 1), e.t.bnraw), sum(mul(dh, e.t.bnraw), 0)),
      );
      return mul(scale, centred);
    },
  ),
];

/** Exercise 1, hprebn → C (shared by every variant). */
const HPREBN_TO_C: ManualStep[] = [
  step('embcat', 'dembcat = dhprebn @ W1.T', (e) => matmul(need(e, 'hprebn'), transpose(e.p.W1))),
  step('W1', 'dW1 = embcat.T @ dhprebn', (e) => matmul(transpose(e.t.embcat), need(e, 'hprebn'))),
  step('b1', 'db1 = dhprebn.sum(0)', (e) => sum(need(e, 'hprebn'), 0)),
  step('emb', 'demb = dembcat.view(emb.shape)', (e) => view(need(e, 'embcat'), e.t.emb.shape)),
  // The lecture loops `for k, j: dC[Xb[k,j]] += demb[k,j]`; index_add does the same adds in the same order.
  step('C', 'dC = torch.zeros_like(C).index_add(0, Xb.view(-1), demb.view(-1, C.shape[1]))', (e) =>
    indexAdd(zerosLike(e.p.C), 0, view(e.Xb, [-1]), view(need(e, 'emb'), [-1, e.p.C.shape[1]])),
  ),
];

/** The manual backward's statements for a variant, in the order they run. */
export function manualSteps(variant: Variant): ManualStep[] {
  const fusedCe = variant === 'fused-ce' || variant === 'fused';
  const fusedBn = variant === 'fused-bn' || variant === 'fused';
  return [
    ...(fusedCe ? CE_FUSED : CE_ATOMIC),
    ...LOGITS_TO_HPREACT,
    ...(fusedBn ? BN_FUSED : BN_ATOMIC),
    ...HPREBN_TO_C,
  ];
}

/** Runs a variant's manual backward; returns every gradient it defines, and each step's result in order. */
export function runManualBackward(
  variant: Variant,
  env: Omit<ManualEnv, 'd'>,
): { grads: Partial<Record<GradName, Tensor>>; trace: { step: ManualStep; value: Tensor }[] } {
  const d: Partial<Record<GradName, Tensor>> = {};
  const trace: { step: ManualStep; value: Tensor }[] = [];
  noGrad(() => {
    for (const s of manualSteps(variant)) {
      const value = s.compute({ ...env, d });
      d[s.target] = value;
      trace.push({ step: s, value });
    }
  });
  return { grads: d, trace };
}
