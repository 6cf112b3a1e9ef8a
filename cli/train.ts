/**
 * `backprop-studio train`: the lecture's exercise-4 training run from the command line, printing like the
 * notebook (`  10000/ 200000: 2.1775`), then the split losses and 20 sampled names.
 */
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadNames } from './load-names';
import { PARAM_NAMES } from '../core/mlp/names';
import { validateTrainConfig, type TrainConfig } from '../core/train/config';
import { worstRelativeDiff } from '../core/train/exercise4-forward';
import { Trainer } from '../core/train/trainer';
import { jsonChunks } from '../src-node/json-chunks';
import { writeFileAtomic } from '../src-node/write-atomic';
import { parseFlags } from './args';
import { flagsOf, inputFromFlags, usageError } from './config-flags';
import { checkOutputPath } from './output-file';

export const TRAIN_USAGE =
  'backprop-studio train [--steps N] [--seed S] [--hidden H] [--embd E] [--block B] [--batch N] [--check-every K] [--out FILE.json]';

/** The training fields the command line sets (the decay step follows steps). */
const FIELDS: readonly (keyof TrainConfig)[] = [
  'steps',
  'seed',
  'n_hidden',
  'n_embd',
  'block_size',
  'batch_size',
  'check_every',
];

const pad = (n: number) => String(n).padStart(7);

export function trainCommand(argv: readonly string[]): void {
  const flags = parseFlags(argv, { values: [...flagsOf(FIELDS), 'out'] });
  const v = validateTrainConfig(inputFromFlags(flags, FIELDS));
  if (!v.ok) throw usageError(v.errors);
  const config = v.config;
  // Check the output path before spending minutes training, without touching it: the previous file stays
  // whole until the new run replaces it atomically at the end (or for ever, after Ctrl+C or a kill).
  if (flags.out) checkOutputPath(flags.out);

  const trainer = new Trainer(config, loadNames());
  const started = performance.now();
  while (!trainer.done) {
    const at = trainer.step;
    const loss = trainer.run(1);
    if (at % 10_000 === 0) console.log(`${pad(at)}/${pad(config.steps)}: ${loss.toFixed(4)}`);
    const chunkEnd = Math.min(config.steps, (Math.floor(trainer.step / 10_000) + 1) * 10_000);
    trainer.run(chunkEnd - trainer.step);
  }
  const seconds = (performance.now() - started) / 1000;
  const result = trainer.finish();
  console.log(`train ${result.losses.train.toFixed(4)}`);
  console.log(`val ${result.losses.val.toFixed(4)}`);
  console.log(`test ${result.losses.test.toFixed(4)}`);
  for (const name of result.samples) console.log(name);
  console.error(`(${config.steps} steps in ${seconds.toFixed(1)} s: ${(config.steps / seconds).toFixed(0)} steps/s)`);
  for (const c of trainer.checks) {
    const worst = worstRelativeDiff(c.cmp);
    if (worst > 1e-5)
      console.error(
        `warning: at step ${c.step} a manual gradient is off autograd by ${worst.toExponential(1)} of its scale`,
      );
  }

  if (flags.out) {
    const params = Object.fromEntries(
      PARAM_NAMES.map((n) => [n, { shape: [...trainer.params[n].shape], data: Array.from(trainer.params[n].data) }]),
    );
    const run = {
      config,
      params,
      batchnorm: { bnmean: Array.from(result.stats.bnmean), bnvar: Array.from(result.stats.bnvar) },
      losses: result.losses,
      samples: result.samples,
      lossi: Array.from(trainer.lossi),
      checks: trainer.checks,
    };
    try {
      writeFileAtomic(flags.out, jsonChunks(run));
    } catch (e) {
      throw new Error(rescue(e as Error, run), { cause: e });
    }
  }
}

/** After a failed final write (a full disk, say), minutes of training are not thrown away: try the temp folder. */
function rescue(error: Error, run: object): string {
  const spare = join(tmpdir(), `backprop-studio-train-${process.pid}-${Date.now()}.json`);
  try {
    writeFileAtomic(spare, jsonChunks(run));
    return `${error.message}; the run was saved to ${spare} instead`;
  } catch {
    return `${error.message}; saving it to ${tmpdir()} failed too, so the run is lost`;
  }
}
