/**
 * The exercise-4 training loop — each step a minibatch draw, forward, manual fused backward and SGD update
 * of the n_hidden=200 MLP at batch 32 — in our engine and in PyTorch on one thread, measured in this run,
 * with their ratio. Target (issues 2 and 6): at least 2× PyTorch's steps/s.
 */
import { loadNames } from '../cli/load-names';
import { DEFAULT_TRAIN } from '../core/train/config';
import { Trainer } from '../core/train/trainer';
import { hasTorch, runPythonJson } from './python';

const STEPS = 4000;

function ours(): number {
  const t = new Trainer({ ...DEFAULT_TRAIN, steps: STEPS + 500 }, loadNames());
  t.run(500); // warm-up: let V8 optimise the loops
  const t0 = performance.now();
  t.run(STEPS);
  return STEPS / ((performance.now() - t0) / 1000);
}

export default async function bench(): Promise<void> {
  const mine = ours();
  console.log(`engine training loop (forward + manual backward + SGD, n_hidden 200, batch 32): ${mine.toFixed(0)} steps/s, ${(1000 / mine).toFixed(3)} ms/step`);
  if (!hasTorch()) {
    console.log('PyTorch: /usr/bin/python3 has no torch here, so no side-by-side ratio (apt-get install -y python3-torch)');
    return;
  }
  for (const dC of ['index_add', 'loop'] as const) {
    const torch = runPythonJson<{ steps_per_s: number }>('torch_step.py', ['--steps', '2000', '--dC', dC]);
    console.log(`PyTorch step, 1 thread, dC by ${dC}: ${torch.steps_per_s.toFixed(0)} steps/s → ratio engine/PyTorch ${(mine / torch.steps_per_s).toFixed(2)}× (target ≥ 2×)`);
  }
}
