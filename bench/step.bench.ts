/**
 * The exercise-4 training step — minibatch draw, forward, manual fused backward, SGD update — in our engine
 * and in PyTorch as users run it (on OpenBLAS or MKL, one thread and two), at batch 32/256/4096 ×
 * n_hidden 64/200/1000. The machine is shared, so the engines take turns: each repetition times every
 * size in every engine for about SECONDS, and we print medians, the spread [min–max] and the median of the
 * per-repetition ratios. Targets (issue 15): ≥ 2× PyTorch on one thread at the lecture's size (batch 32,
 * n_hidden 200), ≥ 1× at batch 256 × n_hidden 1000.
 */
import { loadNames } from '../core/data/load-names-node';
import { DEFAULT_TRAIN } from '../core/train/config';
import { Trainer } from '../core/train/trainer';
import { hasTorch } from './python';
import { median, spread } from './stats';
import { TorchServer } from './torch-server';

const REPS = 5;
const SECONDS = 0.2;
const BATCHES = [32, 256, 4096];
const HIDDENS = [64, 200, 1000];
const TARGETS: Record<string, number> = { '32×200': 2, '256×1000': 1 };

interface Size {
  batch: number;
  hidden: number;
  label: string;
  trainer: Trainer;
  ours: number[];
  torch1: number[];
  torch2: number[];
}

/** Our steps/s at this size, timed for about SECONDS (and at least 3 steps). */
function ours(t: Trainer): number {
  let steps = 0;
  const t0 = performance.now();
  let elapsed = 0;
  while (elapsed < SECONDS * 1000 || steps < 3) {
    t.run(1);
    steps++;
    elapsed = performance.now() - t0;
  }
  return steps / (elapsed / 1000);
}

const rate = (x: number) => (x >= 100 ? x.toFixed(0) : x.toFixed(1));
const times = (x: number) => `${x.toFixed(2)}×`;

export default async function bench(): Promise<void> {
  const words = loadNames();
  const sizes: Size[] = BATCHES.flatMap((batch) =>
    HIDDENS.map((hidden) => {
      const trainer = new Trainer({ ...DEFAULT_TRAIN, batch_size: batch, n_hidden: hidden, steps: 10_000_000 }, words);
      trainer.run(batch >= 4096 ? 3 : 200); // warm-up: let V8 optimise and tier up the kernels
      return { batch, hidden, label: `${batch}×${hidden}`, trainer, ours: [], torch1: [], torch2: [] };
    }),
  );
  const torch = hasTorch() ? new TorchServer() : null;
  if (!torch) console.log('PyTorch: /usr/bin/python3 has no torch here, so no side-by-side ratio (apt-get install -y python3-torch)');
  else {
    const blas = await torch.blas();
    console.log(`PyTorch's BLAS: ${blas.blas}; sgemm 512×512, one thread: ${blas.sgemm_gflops} GFLOP/s`);
    if (blas.reference) {
      console.log('  warning: this is the reference BLAS (netlib), several times slower than what users run; for an honest ratio install OpenBLAS: apt-get install -y libopenblas0-pthread');
    }
  }
  for (let rep = 0; rep < REPS; rep++) {
    for (const s of sizes) {
      s.ours.push(ours(s.trainer));
      if (!torch) continue;
      s.torch1.push(await torch.stepsPerSecond(s.batch, s.hidden, 1, SECONDS));
      s.torch2.push(await torch.stepsPerSecond(s.batch, s.hidden, 2, SECONDS));
    }
  }
  torch?.close();

  console.log(`steps/s, median [min–max] of ${REPS} interleaved repetitions; ratio = median of the per-repetition ratios (PyTorch's dC by index_add_, its fastest form of the lecture's loop)`);
  const col = (s: string, w: number) => s.padStart(w);
  console.log(`${col('batch×hidden', 13)} ${col('engine', 22)} ${col('PyTorch 1 thread', 22)} ${col('PyTorch 2 threads', 22)} ${col('÷ 1 thread', 22)} ${col('÷ 2 threads', 22)}`);
  for (const s of sizes) {
    const r1 = s.ours.map((o, i) => o / s.torch1[i]);
    const r2 = s.ours.map((o, i) => o / s.torch2[i]);
    const row = [spread(s.ours, rate), torch ? spread(s.torch1, rate) : '–', torch ? spread(s.torch2, rate) : '–', torch ? spread(r1, times) : '–', torch ? spread(r2, times) : '–'];
    console.log(`${col(s.label, 13)} ${row.map((c) => col(c, 22)).join(' ')}`);
  }
  if (!torch) return;
  for (const [label, target] of Object.entries(TARGETS)) {
    const s = sizes.find((z) => z.label === label)!;
    const r = median(s.ours.map((o, i) => o / s.torch1[i]));
    console.log(`target at ${label}: engine ÷ PyTorch (1 thread) = ${times(r)} (target ≥ ${target}×) ${r >= target ? 'met' : 'NOT met'}`);
  }
}
