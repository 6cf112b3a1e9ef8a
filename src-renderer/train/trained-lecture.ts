/**
 * The lecture's recorded pass (forward, autograd, manual backward) on trained parameters, as the graph
 * view's Dump. It uses the same minibatch the untrained view shows for this seed — the generator draws the
 * initial parameters, then the batch — so before and after training compare on identical rows.
 */
import { splitDatasets, type Splits } from '../../core/data/dataset';
import type { MlpConfig } from '../../core/mlp/config';
import type { Params } from '../../core/mlp/forward';
import { initParams } from '../../core/mlp/params';
import { minibatch, toDump } from '../../core/mlp/run';
import { runOnBatch } from '../../core/mlp/run-batch';
import type { Dump } from '../../core/mlp/dump-types';
import { TorchGenerator } from '../../core/random/torch-generator';

export function trainedLectureDump(config: MlpConfig, params: Params, words: readonly string[], splits?: Splits): Dump {
  const split = splitDatasets(words, config.block_size);
  const train = (splits ?? split.splits).train;
  const g = new TorchGenerator(config.seed);
  initParams(g, config);
  const ix = g.randint(0, train.rows, [config.batch_size]);
  const { Xb, Yb } = minibatch(train, ix);
  const run = runOnBatch(config.variant, params, Xb, Yb);
  return toDump({ config: { ...config }, splits: splits ?? split.splits, firstWords: split.shuffled.slice(0, 5), ix, ...run });
}
