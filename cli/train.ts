/**
 * `backprop-studio train`: the lecture's exercise-4 training run from the command line, printing like the
 * notebook (`  10000/ 200000: 2.1775`), then the split losses and 20 sampled names.
 */
import { loadNames } from './load-names';
import { PARAM_NAMES } from '../core/mlp/names';
import { validateTrainConfig, type TrainConfig } from '../core/train/config';
import { worstRelativeDiff } from '../core/train/exercise4-forward';
import { Trainer } from '../core/train/trainer';
import { parseFlags, UsageError } from './args';
import { writeOutputAtomic } from './output-file';

export const TRAIN_USAGE = 'backprop-studio train [--steps N] [--seed S] [--hidden H] [--embd E] [--block B] [--batch N] [--check-every K] [--out FILE.json]';

const FLAGS: Record<string, keyof TrainConfig> = {
  steps: 'steps', seed: 'seed', hidden: 'n_hidden', embd: 'n_embd', block: 'block_size', batch: 'batch_size', 'check-every': 'check_every',
};

const pad = (n: number) => String(n).padStart(7);

export function trainCommand(argv: readonly string[]): void {
  const flags = parseFlags(argv, { values: [...Object.keys(FLAGS), 'out'] });
  const input: Partial<Record<keyof TrainConfig, unknown>> = {};
  for (const [flag, field] of Object.entries(FLAGS)) if (flag in flags) input[field] = flags[flag];
  const v = validateTrainConfig(input);
  if (!v.ok) throw new UsageError(`--${Object.keys(FLAGS).find((k) => FLAGS[k] === v.field)}: ${v.error}`);
  const config = v.config;
  // Check the output path before spending minutes training.
  if (flags.out) writeOutputAtomic(flags.out, '{}');

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
    if (worst > 1e-5) console.error(`warning: at step ${c.step} a manual gradient is off autograd by ${worst.toExponential(1)} of its scale`);
  }

  if (flags.out) {
    const params = Object.fromEntries(PARAM_NAMES.map((n) => [n, { shape: [...trainer.params[n].shape], data: Array.from(trainer.params[n].data) }]));
    writeOutputAtomic(
      flags.out,
      JSON.stringify({
        config,
        params,
        batchnorm: { bnmean: Array.from(result.stats.bnmean), bnvar: Array.from(result.stats.bnvar) },
        losses: result.losses,
        samples: result.samples,
        lossi: Array.from(trainer.lossi),
        checks: trainer.checks,
      }),
    );
  }
}
