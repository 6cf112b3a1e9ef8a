/**
 * One run of the lecture's exercise 1 for a config: data, parameters and minibatch from the seeded
 * generators, the recorded forward pass, autograd's gradients, the variant's manual gradients and cmp.
 */
import { backward } from '../autograd/backward';
import type { Dataset, Splits } from '../data/dataset';
import { splitDatasets } from '../data/dataset';
import type { Graph } from '../graph/types';
import { Recorder } from '../recorder/recorder';
import { TorchGenerator } from '../random/torch-generator';
import { Tensor } from '../tensor/tensor';
import type { MlpConfig } from './config';
import { cmp, type CmpResult } from './cmp';
import type { Dump, TensorDump } from './dump-types';
import { lectureForward, type ForwardTensors, type Params } from './forward';
import { runManualBackward, type GradName, type ManualStep } from './manual-backward';
import { PARAM_NAMES, TENSOR_NAMES } from './names';
import { initParams } from './params';

export { validateConfig } from './validate';

export interface LectureRun {
  config: MlpConfig;
  splits: Splits;
  firstWords: string[];
  params: Params;
  ix: Int32Array;
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

/** Rows `ix` of a dataset as the minibatch tensors Xb (n × block) and Yb (n). */
export function minibatch(d: Dataset, ix: Int32Array): { Xb: Tensor; Yb: Tensor } {
  const B = d.blockSize;
  const X = new Int32Array(ix.length * B);
  const Y = new Int32Array(ix.length);
  ix.forEach((r, i) => {
    X.set(d.X.subarray(r * B, r * B + B), i * B);
    Y[i] = d.Y[r];
  });
  return { Xb: new Tensor([ix.length, B], X, 'int64'), Yb: new Tensor([ix.length], Y, 'int64') };
}

export function runLectureFull(config: MlpConfig, words: readonly string[]): LectureRun {
  const { splits, shuffled } = splitDatasets(words, config.block_size);
  const g = new TorchGenerator(config.seed);
  const params = initParams(g, config);
  const ix = g.randint(0, splits.train.rows, [config.batch_size]);
  const { Xb, Yb } = minibatch(splits.train, ix);

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

  const { grads: manual, trace } = runManualBackward(config.variant, { t: tensors, p: params, Xb, Yb, n: config.batch_size });
  const results: Partial<Record<GradName, CmpResult>> = {};
  for (const [name, m] of Object.entries(manual) as [GradName, Tensor][]) results[name] = cmp(name, m, autograd[name]);

  return {
    config, splits, firstWords: shuffled.slice(0, 5), params, ix, Xb, Yb, tensors, graph, autograd, manual, trace, cmp: results,
  };
}

function tensorDump(t: Tensor, grad: Tensor | null, manual: Tensor | undefined, c: CmpResult | undefined): TensorDump {
  return {
    shape: [...t.shape],
    data: Array.from(t.data),
    grad: grad ? Array.from(grad.data) : null,
    manual_grad: manual ? Array.from(manual.data) : null,
    exact: c?.exact ?? null,
    approx: c?.approx ?? null,
    maxdiff: c?.maxdiff ?? null,
  };
}

/** The run as the CLI's dump and the renderer's data: plain JSON. */
export function toDump(run: LectureRun): Dump {
  const params = {} as Dump['params'];
  for (const name of PARAM_NAMES) params[name] = tensorDump(run.params[name], run.autograd[name], run.manual[name], run.cmp[name]);
  const tensors = {} as Dump['tensors'];
  for (const name of TENSOR_NAMES) tensors[name] = tensorDump(run.tensors[name], run.autograd[name], run.manual[name], run.cmp[name]);
  const shape = (d: Dataset): [number, number] => [d.rows, d.blockSize];
  return {
    config: { ...run.config },
    dataset: {
      train: shape(run.splits.train),
      dev: shape(run.splits.dev),
      test: shape(run.splits.test),
      first_words: run.firstWords,
    },
    params,
    batch: {
      ix: Array.from(run.ix),
      Xb: { shape: [...run.Xb.shape], data: Array.from(run.Xb.data) },
      Yb: { shape: [...run.Yb.shape], data: Array.from(run.Yb.data) },
    },
    loss: run.tensors.loss.data[0],
    tensors,
    graph: run.graph,
  };
}

/** The renderer's entry point: run the lecture for a config and return the dump. */
export function runLecture(config: MlpConfig, words: readonly string[]): Dump {
  return toDump(runLectureFull(config, words));
}
