/**
 * `backprop-studio run` of a 300-step training notebook (tests/fixtures/notebooks/train-loop.py: the MLP
 * trained with a manual backward under torch.no_grad()) against `python` with PyTorch on the same file:
 * whole processes, as a learner runs them, interleaved, 5 repetitions each, medians and spread.
 * Target (issue 10): within 3× of python.
 */
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { hasTorch } from './python';

const REPO = join(dirname(fileURLToPath(import.meta.url)), '..');
const NOTEBOOK = join(REPO, 'tests/fixtures/notebooks/train-loop.py');
const REPS = 5;

function seconds(cmd: string, args: string[]): number {
  const t0 = performance.now();
  const r = spawnSync(cmd, args, { cwd: dirname(NOTEBOOK), encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed: ${r.stderr}`);
  return (performance.now() - t0) / 1000;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const spread = (xs: number[]) => `${Math.min(...xs).toFixed(2)}–${Math.max(...xs).toFixed(2)} s`;

export default async function bench(): Promise<void> {
  const ours: number[] = [];
  const torch: number[] = [];
  const withTorch = hasTorch();
  // One run first, so the interpreter snapshot exists and is not counted.
  seconds('node', [join(REPO, 'bin/backprop-studio.mjs'), 'run', NOTEBOOK]);
  for (let i = 0; i < REPS; i++) {
    ours.push(seconds('node', [join(REPO, 'bin/backprop-studio.mjs'), 'run', NOTEBOOK]));
    if (withTorch) torch.push(seconds('/usr/bin/python3', [NOTEBOOK]));
  }
  console.log(
    `backprop-studio run train-loop.py (300 steps): median ${median(ours).toFixed(2)} s (${spread(ours)}, ${REPS} runs)`,
  );
  if (torch.length === 0) {
    console.log(
      'python with PyTorch: /usr/bin/python3 has no torch here, so no ratio (apt-get install -y python3-torch)',
    );
    return;
  }
  const ratios = ours.map((o, i) => o / torch[i]);
  console.log(`python train-loop.py with PyTorch: median ${median(torch).toFixed(2)} s (${spread(torch)})`);
  console.log(
    `ratio run / python: median ${median(ratios).toFixed(2)}× (per pair ${ratios.map((r) => r.toFixed(2)).join(', ')}; target ≤ 3×)`,
  );
}
