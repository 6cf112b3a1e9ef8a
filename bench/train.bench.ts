/**
 * Whole processes, as a user runs them: `backprop-studio train --steps 20000` against the lecture's script
 * in PyTorch (bench/torch_train.py, one thread, OpenBLAS's pool sized to match), start to exit — imports,
 * dataset, training, calibration, split losses and 20 samples — in interleaved repetitions. Also
 * `train --steps 1` alone: the fixed cost of evaluation and start-up (target: under 1 s).
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { hasTorch, PYTHON } from './python';
import { median, spread } from './stats';

const REPS = 3;
const STEPS = 20_000;
const root = fileURLToPath(new URL('..', import.meta.url));
const ONE_THREAD = { ...process.env, OMP_NUM_THREADS: '1', OPENBLAS_NUM_THREADS: '1', MKL_NUM_THREADS: '1' };

const TIME = '/usr/bin/time'; // GNU time: the process's CPU seconds too, which other load disturbs less than wall time

interface Run {
  wall: number;
  /** user + system CPU seconds, or NaN without GNU time */
  cpu: number;
}

function run(cmd: string, args: string[]): Run {
  const timed = existsSync(TIME);
  const t0 = performance.now();
  const r = timed
    ? spawnSync(TIME, ['-f', 'cpu %U %S', cmd, ...args], {
        cwd: root,
        env: ONE_THREAD,
        stdio: ['ignore', 'ignore', 'pipe'],
        encoding: 'utf8',
      })
    : spawnSync(cmd, args, { cwd: root, env: ONE_THREAD, stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8' });
  const wall = (performance.now() - t0) / 1000;
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed: ${r.stderr}`);
  const m = /cpu ([\d.]+) ([\d.]+)\s*$/.exec(r.stderr);
  return { wall, cpu: m ? Number(m[1]) + Number(m[2]) : NaN };
}

const ours = (steps: number) => run(process.execPath, ['bin/backprop-studio.mjs', 'train', '--steps', String(steps)]);
const torch = (steps: number) => run(PYTHON, ['bench/torch_train.py', '--steps', String(steps), '--dC', 'index_add']);
const both = (runs: Run[]) =>
  `wall ${spread(
    runs.map((r) => r.wall),
    s,
  )}, CPU ${spread(
    runs.map((r) => r.cpu),
    s,
  )}`;
const s = (x: number) => `${x.toFixed(2)} s`;

export default async function bench(): Promise<void> {
  const one: Run[] = [];
  for (let i = 0; i < 5; i++) one.push(ours(1));
  console.log(`backprop-studio train --steps 1, whole process: ${both(one)} (target < 1 s)`);
  if (!hasTorch()) {
    console.log(
      'PyTorch: /usr/bin/python3 has no torch here, so no side-by-side run (apt-get install -y python3-torch)',
    );
    return;
  }
  const mine: Run[] = [];
  const theirs: Run[] = [];
  for (let i = 0; i < REPS; i++) {
    mine.push(ours(STEPS));
    theirs.push(torch(STEPS));
  }
  console.log(`train --steps ${STEPS}, whole process, ${REPS} interleaved runs:`);
  console.log(`  engine: ${both(mine)}`);
  console.log(`  PyTorch (torch_train.py, 1 thread, dC by index_add_): ${both(theirs)}`);
  const ratio = mine.map((m, i) => theirs[i].wall / m.wall);
  console.log(
    `  PyTorch's wall time ÷ ours: ${spread(ratio, (x) => `${x.toFixed(2)}×`)} (target > 1×) ${median(ratio) > 1 ? 'met' : 'NOT met'}`,
  );
}
