/**
 * The lecture's exercise-4 training loop, run in chunks so a UI (or the CLI) can show progress, pause and
 * stop between them: parameters and minibatches from one seeded generator, the fused manual backward,
 * SGD with lr 0.1 then 0.01, optional autograd checks, then batchnorm calibration, split losses, samples.
 */
import { splitDatasets, type Splits } from '../data/dataset';
import { itos } from '../data/vocab';
import { initParams } from '../mlp/params';
import type { Params } from '../mlp/forward';
import type { ParamName } from '../mlp/names';
import { TorchGenerator } from '../random/torch-generator';
import { checkAgainstAutograd, type TrainCmp } from './exercise4-forward';
import { calibrateBatchnorm, evaluator, splitLoss, type BatchnormStats } from './evaluate';
import { learningRate, type TrainConfig } from './config';
import { MlpStep } from './mlp-step';
import { sampleNames } from './sample';

export interface TrainResult {
  stats: BatchnormStats;
  losses: { train: number; val: number; test: number };
  samples: string[];
}

export interface GradCheck {
  step: number;
  cmp: Record<ParamName, TrainCmp>;
}

export class Trainer {
  readonly params: Params;
  readonly splits: Splits;
  /** log10(loss) of every step so far, as the lecture's `lossi`. */
  readonly lossi: Float32Array;
  readonly checks: GradCheck[] = [];
  step = 0;
  private readonly g: TorchGenerator;
  private readonly mlp: MlpStep;
  private readonly Xb: Int32Array;
  private readonly Yb: Int32Array;
  private readonly ix: Int32Array;

  constructor(
    readonly config: TrainConfig,
    words: readonly string[],
  ) {
    this.splits = splitDatasets(words, config.block_size).splits;
    this.g = new TorchGenerator(config.seed);
    // The step copies the parameters into its wasm heap; from then on they live (and train) there.
    this.mlp = new MlpStep(initParams(this.g, config), config.batch_size);
    this.params = this.mlp.params;
    this.lossi = new Float32Array(config.steps);
    this.Xb = this.mlp.Xb;
    this.Yb = this.mlp.Yb;
    this.ix = new Int32Array(config.batch_size);
  }

  get done(): boolean {
    return this.step >= this.config.steps;
  }

  /** Runs up to `count` more steps; returns the last step's loss. */
  run(count: number): number {
    const { train } = this.splits;
    const B = this.config.block_size;
    let loss = NaN;
    const end = Math.min(this.config.steps, this.step + count);
    for (; this.step < end; this.step++) {
      const ix = this.g.randintInto(0, train.rows, this.ix);
      // Xb, Yb = Xtr[ix], Ytr[ix], straight into the step's heap (no subarray views: they cost a GC a step)
      for (let i = 0; i < ix.length; i++) {
        for (let j = 0; j < B; j++) this.Xb[i * B + j] = train.X[ix[i] * B + j];
        this.Yb[i] = train.Y[ix[i]];
      }
      loss = this.mlp.forwardBackward(this.Xb, this.Yb);
      if (!Number.isFinite(loss)) throw new Error(`training diverged at step ${this.step}: loss is ${loss}`);
      const every = this.config.check_every;
      if (every > 0 && this.step % every === 0) {
        this.checks.push({ step: this.step, cmp: checkAgainstAutograd(this.params, this.mlp, this.Xb, this.Yb) });
      }
      this.mlp.update(learningRate(this.step, this.config));
      this.lossi[this.step] = Math.log10(loss);
    }
    return loss;
  }

  /** Calibrates batchnorm on the training split, evaluates every split and samples 20 names. */
  finish(sampleCount = 20): TrainResult {
    const net = evaluator(this.params);
    const stats = calibrateBatchnorm(this.params, this.splits.train, net);
    const losses = {
      train: splitLoss(this.params, stats, this.splits.train, net),
      val: splitLoss(this.params, stats, this.splits.dev, net),
      test: splitLoss(this.params, stats, this.splits.test, net),
    };
    const samples = sampleNames(this.params, stats, itos, this.config.block_size, this.config.seed + 10, sampleCount);
    return { stats, losses, samples };
  }
}
