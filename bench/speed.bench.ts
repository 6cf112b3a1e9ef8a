/**
 * Issue 21's yardsticks, each side by side with PyTorch 1.13 (/usr/bin/python3, one thread) in this one run,
 * interleaved, medians and [min–max]:
 * - Karpathy's parts 3 and 4 (tests/fixtures/course's copies, loops cut to 2,000 steps) through `run` against the same
 *   files run by bench/run_notebook.py: wall time and peak memory (targets ≤ 2× time, part 4 ≤ 1.5× memory);
 * - the 5-op loop (bench/notebooks/five-op-loop.py) at 2,000 and 20,000 iterations: the marginal cost of one
 *   iteration (target ≤ 3× PyTorch's) and the app's memory growth between the two (target < 50 MB);
 * - where the app's time goes in that loop: V8's CPU profile of one `run`, self time by part of the path
 *   (Pyodide's interpreter, the bridge, the core's ops and kernels, recording and naming).
 * BENCH_REPS sets the repetitions (default 3), BENCH_SKIP_NOTEBOOKS=1 leaves out the course notebooks;
 * `npm run bench -- speed` runs only this.
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { measure, type Measured } from './measure';
import { hasTorch, PYTHON } from './python';
import { median, spread } from './stats';

const HERE = dirname(fileURLToPath(import.meta.url));
const REPO = join(HERE, '..');
const CLI = join(REPO, 'bin/backprop-studio.mjs');
const REPS = Number(process.env.BENCH_REPS ?? 3);
/** The course notebooks' training loops, cut to this many steps (issue 21's yardstick). */
const STEPS = 2000;

const app = (file: string, allowStop = false) => measure('node', [CLI, 'run', file], dirname(file), allowStop);
const torchNotebook = (file: string) => measure(PYTHON, [join(HERE, 'run_notebook.py'), file], dirname(file), true);
const torchScript = (file: string) => measure(PYTHON, [file], dirname(file));

const secs = (x: number) => `${x.toFixed(2)} s`;
const mb = (x: number) => `${x.toFixed(0)} MB`;
const times = (x: number) => `${x.toFixed(2)}×`;

/** Runs both sides REPS times, interleaved. */
function pairs(ours: () => Measured, theirs: () => Measured): { ours: Measured[]; theirs: Measured[] } {
  const out = { ours: [] as Measured[], theirs: [] as Measured[] };
  for (let i = 0; i < REPS; i++) {
    out.ours.push(ours());
    out.theirs.push(theirs());
  }
  return out;
}

/** Both sides run a copy beside names.txt (data/names.txt, the file the app bundles), as a learner keeps them. */
function notebooks(dir: string): void {
  copyFileSync(join(REPO, 'data/names.txt'), join(dir, 'names.txt'));
  for (const part of ['makemore_part3_bn', 'makemore_part4_backprop']) {
    // The tests' copies run 1,000 steps a loop; the issue's yardstick is 2,000.
    const file = join(dir, `${part}.${STEPS}.ipynb`);
    const cut = readFileSync(join(REPO, 'tests/fixtures/course', `${part}.cut.ipynb`), 'utf8');
    if (!cut.includes('max_steps = 1000')) throw new Error(`${part}.cut.ipynb no longer sets max_steps = 1000`);
    writeFileSync(file, cut.replaceAll('max_steps = 1000', `max_steps = ${STEPS}`));
    const { ours, theirs } = pairs(
      () => app(file, true),
      () => torchNotebook(file),
    );
    // Part 3 ends at `import ipywidgets` on both sides; a run that stops elsewhere is not a fair comparison.
    const where = (m: Measured[]) => m[0].stopped?.replace(/:.*/, '') ?? 'ran to the end';
    if (where(ours) !== where(theirs))
      console.log(
        `${part}: the app stopped at "${ours[0].stopped}" where PyTorch ${theirs[0].stopped ? `stopped at "${theirs[0].stopped}"` : 'ran to the end'}: times not comparable`,
      );
    const t = ours.map((o, i) => o.seconds / theirs[i].seconds);
    const m = ours.map((o, i) => o.peakMB / theirs[i].peakMB);
    console.log(
      `${part} (${STEPS.toLocaleString('en')} steps a loop): run ${spread(
        ours.map((o) => o.seconds),
        secs,
      )}, PyTorch ${spread(
        theirs.map((o) => o.seconds),
        secs,
      )}`,
    );
    console.log(`  time ratio ${spread(t, times)} (target ≤ 2×)`);
    console.log(
      `  peak memory: run ${spread(
        ours.map((o) => o.peakMB),
        mb,
      )}, PyTorch ${spread(
        theirs.map((o) => o.peakMB),
        mb,
      )}, ratio ${spread(m, times)}${part.includes('part4') ? ' (target ≤ 1.5×)' : ''}`,
    );
  }
}

function loopCopies(dir: string): { short: string; long: string } {
  const source = readFileSync(join(HERE, 'notebooks/five-op-loop.py'), 'utf8');
  const short = join(dir, 'loop-2000.py');
  const long = join(dir, 'loop-20000.py');
  writeFileSync(short, source);
  writeFileSync(long, source.replace('STEPS = 2000', 'STEPS = 20000'));
  return { short, long };
}

function loop(dir: string): void {
  const { short, long } = loopCopies(dir);
  const ours = { short: [] as Measured[], long: [] as Measured[] };
  const theirs = { short: [] as Measured[], long: [] as Measured[] };
  for (let i = 0; i < REPS; i++) {
    ours.short.push(app(short));
    theirs.short.push(torchScript(short));
    ours.long.push(app(long));
    theirs.long.push(torchScript(long));
  }
  const perIteration = (m: { short: Measured[]; long: Measured[] }) =>
    m.long.map((l, i) => ((l.seconds - m.short[i].seconds) / 18_000) * 1e6);
  const a = perIteration(ours);
  const b = perIteration(theirs);
  const us = (x: number) => `${x.toFixed(1)} µs`;
  console.log(`5-op loop, marginal cost per iteration: run ${spread(a, us)}, PyTorch ${spread(b, us)}`);
  console.log(`  ratio ${times(median(a) / median(b))} (target ≤ 3×)`);
  const growth = ours.long.map((l, i) => l.peakMB - ours.short[i].peakMB);
  const signed = (x: number) => (x >= 0 ? `+${mb(x)}` : mb(x));
  console.log(`  app's peak memory 2,000 → 20,000 iterations: ${spread(growth, signed)} (target < 50 MB)`);
}

interface CallFrame {
  url: string;
  functionName: string;
}

interface Profile {
  nodes: { id: number; callFrame: CallFrame }[];
  samples: number[];
  timeDeltas: number[];
}

/**
 * The part of the path a profiled function belongs to. WebAssembly frames are told apart by module: Pyodide's
 * interpreter is the one with thousands of functions, the core's kernels (core/kernels/*.wat) have a handful.
 */
function partOf(frame: CallFrame, pyodideWasm: string): string | null {
  const { url, functionName } = frame;
  if (url === '' && functionName === '(idle)') return null;
  if (url === pyodideWasm || /pyodide/.test(url)) return "Python interpreter (Pyodide's wasm and JS glue)";
  if (url.startsWith('wasm://')) return 'core kernels (WebAssembly)';
  if (/core\/notebook\/bridge/.test(url)) return 'bridge (handles, argument conversion)';
  if (/core\/(ops|tensor|kernels|random)\//.test(url)) return 'core ops and kernels (TypeScript)';
  if (/core\/autograd\//.test(url)) return 'autograd';
  if (/core\/(recorder|notebook\/tracker)/.test(url)) return 'recording and naming';
  if (url === '' && functionName === '(garbage collector)') return 'garbage collection';
  if (url.startsWith('node:') || /node_modules\/(tsx|esbuild)/.test(url)) return 'Node start-up and module loading';
  return 'other (notebook runtime, V8 builtins)';
}

/** The WebAssembly module whose functions reach the highest index: Pyodide's. */
function pyodideModule(prof: Profile): string {
  let best = '';
  let top = -1;
  for (const { callFrame } of prof.nodes) {
    const m = /wasm-function\[(\d+)\]/.exec(callFrame.functionName);
    if (callFrame.url.startsWith('wasm://') && m && Number(m[1]) > top) {
      top = Number(m[1]);
      best = callFrame.url;
    }
  }
  return best;
}

function breakdown(dir: string): void {
  const { short } = loopCopies(dir);
  const profDir = join(dir, 'prof');
  // Loaded module by module (not from the CLI's bundle, bin/load-ts.mjs), so each frame names its source file;
  // start-up then takes longer than in the timed runs.
  const r = spawnSync('node', ['--cpu-prof', `--cpu-prof-dir=${profDir}`, CLI, 'run', short], {
    cwd: dir,
    encoding: 'utf8',
    env: { ...process.env, BACKPROP_STUDIO_NO_BUNDLE: '1' },
  });
  if (r.status !== 0) throw new Error(`profiled run failed: ${r.stderr}`);
  // One profile per thread: the CLI runs Python in a worker thread of its own (cli/run-thread.ts).
  const ms = new Map<string, number>();
  for (const file of readdirSync(profDir).filter((f) => f.endsWith('.cpuprofile'))) {
    const prof = JSON.parse(readFileSync(join(profDir, file), 'utf8')) as Profile;
    const frameOf = new Map(prof.nodes.map((n) => [n.id, n.callFrame]));
    const pyodide = pyodideModule(prof);
    prof.samples.forEach((id, i) => {
      const part = partOf(frameOf.get(id)!, pyodide);
      if (part !== null) ms.set(part, (ms.get(part) ?? 0) + prof.timeDeltas[i] / 1000);
    });
  }
  const total = [...ms.values()].reduce((s, x) => s + x, 0);
  console.log(
    `where the time goes in one run of the 5-op loop (2,000 iterations, ${(total / 1000).toFixed(1)} s profiled, self time, idle left out):`,
  );
  for (const [part, t] of [...ms].sort((x, y) => y[1] - x[1])) {
    console.log(
      `  ${part.padEnd(46)} ${(t / 1000).toFixed(2).padStart(6)} s  ${((100 * t) / total).toFixed(0).padStart(3)}%`,
    );
  }
}

export default async function bench(): Promise<void> {
  if (!hasTorch()) {
    console.log(`speed: ${PYTHON} has no torch, so no ratios (apt-get install -y python3-torch libopenblas0-pthread)`);
    return;
  }
  const dir = mkdtempSync(join(tmpdir(), 'bp-speed-'));
  try {
    // One run first, so the interpreter snapshot exists and is not counted.
    app(loopCopies(dir).short);
    loop(dir);
    breakdown(dir);
    if (!process.env.BENCH_SKIP_NOTEBOOKS) notebooks(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
