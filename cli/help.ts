/** `backprop-studio <command> --help`: each command's options, with defaults read from the configs themselves. */
import { DEFAULT_CONFIG } from '../core/mlp/config';
import { DEFAULT_TRAIN } from '../core/train/config';
import { DUMP_USAGE } from './dump';
import { EXPORT_HELP } from './export';
import { TRAIN_USAGE } from './train';

/** The run's config flags, the flag column `width` wide. */
const config = (
  d: { seed: number; n_embd: number; n_hidden: number; block_size: number; batch_size: number },
  width: number,
) =>
  [
    ['--seed S', `the generator's seed (default ${d.seed}, the lecture's)`],
    ['--embd E', `embedding size n_embd (default ${d.n_embd})`],
    ['--hidden H', `hidden layer size n_hidden (default ${d.n_hidden})`],
    ['--block B', `context length block_size (default ${d.block_size})`],
    ['--batch N', `batch size (default ${d.batch_size})`],
  ]
    .map(([flag, what]) => `  ${flag.padEnd(width)}${what}`)
    .join('\n');

export const HELP: Record<string, string> = {
  dump: `${DUMP_USAGE}

Runs the lecture's exercise 1 once and writes every tensor, gradient, cmp result and the recorded graph.
${config(DEFAULT_CONFIG, 13)}
  --variant V  atomic (default), fused-ce, fused-bn or fused: which manual backward to check
  --out FILE   the JSON file to write`,
  export: EXPORT_HELP,
  train: `${TRAIN_USAGE}

Trains the MLP with the manual backward pass (exercise 4), printing the loss every 10,000 steps, then the
split losses and 20 sampled names. SGD at lr 0.1, then 0.01 from half the steps on.
  --steps N        training steps (default ${DEFAULT_TRAIN.steps.toLocaleString('en')})
${config(DEFAULT_TRAIN, 17)}
  --check-every K  compare the manual gradients with autograd every K steps (default ${DEFAULT_TRAIN.check_every}: never)
  --out FILE.json  also write the parameters, batchnorm statistics, losses, samples and checks`,
};
