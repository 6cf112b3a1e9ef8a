/**
 * The heart of a lecture run, given parameters and a minibatch: the recorded forward pass, autograd's
 * gradients of every named tensor and parameter, the variant's manual gradients, and cmp between them.
 */
import { backward } from '../autograd/backward';
import type { Graph } from '../graph/types';
import { Recorder } from '../recorder/recorder';
import type { Tensor } from '../tensor/tensor';
import type { MlpConfig } from './config';
import { cmp, type CmpResult } from '../autograd/cmp';
import { lectureForward, type ForwardTensors, type Params } from './forward';
import { runManualBackward, type GradName, type ManualStep } from './manual-backward';
import { PARAM_NAMES, TENSOR_NAMES } from './names';

export interface BatchRun {
  params: Params;
  Xb: Tensor;
  Yb: Tensor;
  tensors: ForwardTensors;
  graph: Graph;
  /** Autograd's gradient of every named tensor and parameter. */
  autograd: Record<GradName, Tensor>;
  /** The variant's manual gradients (missing where the variant skips a tensor). */
  manual: Partial<Record<GradName, Tensor>>;
  /** Each manual statement with the value it produced, in order. */
  trace: { step: ManualStep; value: Tensor }[];
  cmp: Partial<Record<GradName, CmpResult>>;
}

/** The recorded forward, autograd and the variant's manual backward for given parameters and batch. */
export function runOnBatch(variant: MlpConfig['variant'], params: Params, Xb: Tensor, Yb: Tensor): BatchRun {
  for (const t of Object.values(params)) t.grad = null;
  const rec = new Recorder();
  for (const name of PARAM_NAMES) rec.leaf(name, params[name], 'parameter');
  rec.leaf('Xb', Xb, 'data');
  rec.leaf('Yb', Yb, 'data');
  const tensors = lectureForward(params, Xb, Yb, rec);
  const graph = rec.graph('loss');

  backward(tensors.loss, { retain: Object.values(tensors) });
  const autograd = {} as Record<GradName, Tensor>;
  for (const name of TENSOR_NAMES) autograd[name] = tensors[name].grad!;
  for (const name of PARAM_NAMES) autograd[name] = params[name].grad!;

  const n = Xb.shape[0];
  const { grads: manual, trace } = runManualBackward(variant, { t: tensors, p: params, Xb, Yb, n });
  const results: Partial<Record<GradName, CmpResult>> = {};
  for (const [name, m] of Object.entries(manual) as [GradName, Tensor][]) results[name] = cmp(name, m, autograd[name]);
  return { params, Xb, Yb, tensors, graph, autograd, manual, trace, cmp: results };
}
