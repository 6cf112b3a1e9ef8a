/**
 * The exercise-4 training step — minibatch draw, forward, manual fused backward, SGD update — in our engine
 * and in PyTorch as users run it (on OpenBLAS or MKL, one thread and two), at batch 32/256/4096 ×
 * n_hidden 64/200/1000. The machine is shared, so the engines take turns closely: a repetition of a size
 * alternates SLICES short slices of our engine and of PyTorch, so both see nearly the same load; we print
 * medians over REPS repetitions, the spread [min–max] and the median of the per-repetition ratios.
 * PyTorch's one- and two-thread runs are separate phases with separate processes: OpenBLAS's idle threads
 * spin for a while after each call, which would otherwise eat into the slices that follow them. Targets (issue 15): ≥ 2× PyTorch on one thread at the lecture's size (batch 32,
 * n_hidden 200), ≥ 1× at batch 256 × n_hidden 1000.
 */
import { loadNames } from '../cli/load-names';
import { DEFAULT_TRAIN } from '../core/train/config';
import { Trainer } from '../core/train/trainer';
import { hasTorch } from './python';
import { median, spread } from './stats';
import { TorchServer, type Timed } from './torch-server';

const REPS = 5;
const SLICES = 6;
const SLICE_SECONDS = 0.04;
const BATCHES = [32, 256, 4096];
const HIDDENS = [64, 200, 1000];
const TARGETS: Record<string, number> = { '32×200': 2, '256×1000': 1 };

interface Size {
  batch: number;
  hidden: number;
  label: string;
  trainer: Trainer;
  /** per PyTorch thread count: our steps/s and PyTorch's, one entry a repetition */
  ours: Record<number, number[]>;
  torch: Record<number, number[]>;
}

/** Our steps at this size for about `seconds` (at least one). */
function ours(t: Trainer, seconds: number): Timed {
  let steps = 0;
  const t0 = performance.now();
  let elapsed = 0;
  while (elapsed < seconds * 1000 || steps < 1) {
    t.run(1);
    steps++;
    elapsed = performance.now() - t0;
  }
  return { steps, seconds: elapsed / 1000 };
}

const perSecond = (runs: Timed[]) => runs.reduce((s, r) => s + r.steps, 0) / runs.reduce((s, r) => s + r.seconds, 0);

const rate = (x: number) => (x >= 100 ? x.toFixed(0) : x.toFixed(1));
const times = (x: number) => `${x.toFixed(2)}×`;

export default async function bench(): Promise<void> {
  const words = loadNames();
  const sizes: Size[] = BATCHES.flatMap((batch) =>
    HIDDENS.map((hidden) => {
      const trainer = new Trainer({ ...DEFAULT_TRAIN, batch_size: batch, n_hidden: hidden, steps: 10_000_000 }, words);
      trainer.run(batch >= 4096 ? 3 : 200); // warm-up: let V8 optimise and tier up the kernels
      return { batch, hidden, label: `${batch}×${hidden}`, trainer, ours: { 1: [], 2: [] }, torch: { 1: [], 2: [] } };
    }),
  );
  if (!hasTorch()) {
    console.log(
      'PyTorch: /usr/bin/python3 has no torch here, so no side-by-side ratio (apt-get install -y python3-torch)',
    );
    for (const s of sizes)
      for (let rep = 0; rep < REPS; rep++) s.ours[1].push(perSecond([ours(s.trainer, SLICES * SLICE_SECONDS)]));
    for (const s of sizes) console.log(`${s.label}: ${spread(s.ours[1], rate)} steps/s`);
    return;
  }
  for (const threads of [1, 2]) {
    const torch = new TorchServer();
    if (threads === 1) {
      const blas = await torch.blas();
      console.log(`PyTorch's BLAS: ${blas.blas}; sgemm 512×512, one thread: ${blas.sgemm_gflops} GFLOP/s`);
      if (blas.reference) {
        console.log(
          '  warning: this is the reference BLAS (netlib), several times slower than what users run; for an honest ratio install OpenBLAS: apt-get install -y libopenblas0-pthread',
        );
      }
    }
    for (let rep = 0; rep < REPS; rep++) {
      for (const s of sizes) {
        const mine: Timed[] = [];
        const theirs: Timed[] = [];
        for (let slice = 0; slice < SLICES; slice++) {
          mine.push(ours(s.trainer, SLICE_SECONDS));
          theirs.push(await torch.step(s.batch, s.hidden, threads, SLICE_SECONDS));
        }
        s.ours[threads].push(perSecond(mine));
        s.torch[threads].push(perSecond(theirs));
      }
    }
    torch.close();
  }

  console.log(
    `steps/s, median [min–max] of ${REPS} repetitions of ${SLICES} interleaved slices; ratio = median of the per-repetition ratios (PyTorch's dC by index_add_, its fastest form of the lecture's loop)`,
  );
  const col = (text: string, w: number) => text.padStart(w);
  const ratios = (s: Size, threads: number) => s.ours[threads].map((o, i) => o / s.torch[threads][i]);
  console.log(
    `${col('batch×hidden', 13)} ${col('engine', 22)} ${col('PyTorch 1 thread', 22)} ${col('÷ 1 thread', 22)} ${col('PyTorch 2 threads', 22)} ${col('÷ 2 threads', 22)}`,
  );
  for (const s of sizes) {
    const row = [
      spread(s.ours[1], rate),
      spread(s.torch[1], rate),
      spread(ratios(s, 1), times),
      spread(s.torch[2], rate),
      spread(ratios(s, 2), times),
    ];
    console.log(`${col(s.label, 13)} ${row.map((c) => col(c, 22)).join(' ')}`);
  }
  for (const [label, target] of Object.entries(TARGETS)) {
    const r = median(
      ratios(
        sizes.find((z) => z.label === label)!,
        1,
      ),
    );
    console.log(
      `target at ${label}: engine ÷ PyTorch (1 thread) = ${times(r)} (target ≥ ${target}×) ${r >= target ? 'met' : 'NOT met'}`,
    );
  }
}
