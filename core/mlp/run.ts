/**
 * One run of the lecture's exercise 1 for a config: data, parameters and minibatch from the seeded
 * generators, the recorded forward pass, autograd's gradients, the variant's manual gradients and cmp.
 */
import type { Dataset, Splits } from '../data/dataset';
import { splitDatasets } from '../data/dataset';
import { TorchGenerator } from '../random/torch-generator';
import { Tensor } from '../tensor/tensor';
import type { MlpConfig } from './config';
import type { CmpResult } from '../autograd/cmp';
import type { Dump, TensorDump } from './dump-types';
import type { Params } from './forward';
import { PARAM_NAMES, TENSOR_NAMES } from './names';
import { runOnBatch, type BatchRun } from './run-batch';
import { initParams } from './params';

export interface LectureRun extends BatchRun {
  config: MlpConfig;
  splits: Splits;
  firstWords: string[];
  ix: Int32Array;
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

export interface RunOptions {
  /**
   * Parameters to run instead of the initial ones (e.g. trained ones). The generator still draws the initial
   * parameters before the batch, so the run sees the same minibatch as the untrained run of its seed.
   */
  params?: Params;
}

export function runLectureFull(config: MlpConfig, words: readonly string[], options: RunOptions = {}): LectureRun {
  const { splits, shuffled } = splitDatasets(words, config.block_size);
  const g = new TorchGenerator(config.seed);
  const initial = initParams(g, config);
  const ix = g.randint(0, splits.train.rows, [config.batch_size]);
  const { Xb, Yb } = minibatch(splits.train, ix);
  const params = options.params ?? initial;
  return { config, splits, firstWords: shuffled.slice(0, 5), ix, ...runOnBatch(config.variant, params, Xb, Yb) };
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
  for (const name of PARAM_NAMES)
    params[name] = tensorDump(run.params[name], run.autograd[name], run.manual[name], run.cmp[name]);
  const tensors = {} as Dump['tensors'];
  for (const name of TENSOR_NAMES)
    tensors[name] = tensorDump(run.tensors[name], run.autograd[name], run.manual[name], run.cmp[name]);
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
export function runLecture(config: MlpConfig, words: readonly string[], options: RunOptions = {}): Dump {
  return toDump(runLectureFull(config, words, options));
}
