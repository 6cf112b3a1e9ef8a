import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadNames } from '../../../cli/load-names';
import { PARAM_NAMES } from '../../../core/mlp/names';
import { DEFAULT_TRAIN, validateTrainConfig } from '../../../core/train/config';
import { worstRelativeDiff } from '../../../core/train/exercise4-forward';
import { Trainer } from '../../../core/train/trainer';

const words = loadNames();
const sgd = JSON.parse(readFileSync(join(__dirname, '..', '..', 'fixtures', 'mlp', 'sgd_steps.json'), 'utf8')) as {
  losses: number[];
  param_sums: Record<string, number>;
  param_abs_sums: Record<string, number>;
};

describe('exercise-4 training step', () => {
  it('follows PyTorch for the first 20 SGD steps: losses and parameters', () => {
    const t = new Trainer({ ...DEFAULT_TRAIN, steps: 20 }, words);
    const losses = sgd.losses.map(() => t.run(1));
    losses.forEach((l, i) => expect(Math.abs(l - sgd.losses[i]), `step ${i}`).toBeLessThan(2e-5 * sgd.losses[i]));
    for (const name of PARAM_NAMES) {
      const data = t.params[name].data;
      let abs = 0;
      for (let i = 0; i < data.length; i++) abs += Math.abs(data[i]);
      expect(Math.abs(abs - sgd.param_abs_sums[name]), name).toBeLessThan(1e-4 * sgd.param_abs_sums[name]);
    }
  });

  it('its manual gradients agree with autograd to float32 precision (checked every 50 steps)', () => {
    const t = new Trainer({ ...DEFAULT_TRAIN, steps: 201, check_every: 50 }, words);
    t.run(201);
    expect(t.checks.map((c) => c.step)).toEqual([0, 50, 100, 150, 200]);
    for (const { step, cmp } of t.checks) {
      expect(worstRelativeDiff(cmp), `step ${step}`).toBeLessThan(1e-5);
      for (const name of PARAM_NAMES) expect(cmp[name].scale, name).toBeGreaterThan(0);
    }
  });

  it.each([
    [5, 13, 3],
    [7, 6, 1],
  ])(
    'at batch %i × n_hidden %i × block %i (rows not a multiple of 4 floats) it still agrees with autograd',
    (batch, hidden, block) => {
      const t = new Trainer(
        { ...DEFAULT_TRAIN, batch_size: batch, n_hidden: hidden, block_size: block, steps: 21, check_every: 10 },
        words,
      );
      t.run(21);
      expect(t.checks).toHaveLength(3);
      for (const { step, cmp } of t.checks) expect(worstRelativeDiff(cmp), `step ${step}`).toBeLessThan(1e-5);
    },
  );
});

describe('short training run', () => {
  const config = { ...DEFAULT_TRAIN, n_hidden: 64, steps: 3000, decay_at: 2000 };
  const a = new Trainer(config, words);
  a.run(config.steps);
  const resultA = a.finish(5);

  it('the loss falls', () => {
    const mean = (from: number, to: number) => a.lossi.slice(from, to).reduce((s, v) => s + v, 0) / (to - from);
    expect(mean(2900, 3000)).toBeLessThan(mean(0, 100) - 0.1);
    expect(resultA.losses.train).toBeLessThan(2.6);
    expect(resultA.losses.val).toBeLessThan(2.7);
  });

  it('calibration, split losses and samples match PyTorch running the same 3000 steps', () => {
    const torch = JSON.parse(
      readFileSync(join(__dirname, '..', '..', 'fixtures', 'mlp', 'short_run.json'), 'utf8'),
    ) as {
      config: Record<string, number>;
      losses: { train: number; val: number; test: number };
      samples: string[];
    };
    expect(torch.config).toEqual({
      seed: config.seed,
      n_embd: config.n_embd,
      n_hidden: 64,
      block_size: config.block_size,
      batch_size: config.batch_size,
      steps: 3000,
      decay_at: 2000,
    });
    // 3000 float32 SGD steps in another summation order drift apart a little (here ~4e-8 of the loss).
    for (const split of ['train', 'val', 'test'] as const)
      expect(Math.abs(resultA.losses[split] - torch.losses[split]), split).toBeLessThan(1e-5 * torch.losses[split]);
    expect(resultA.samples).toEqual(torch.samples.map((s) => s.replace(/\.$/, '')));
  });

  it('a different seed trains a different network', () => {
    const c = new Trainer({ ...config, seed: 7, steps: 10 }, words);
    c.run(10);
    expect(c.params.C.data[0]).not.toBe(new Trainer({ ...config, steps: 10 }, words).params.C.data[0]);
  });
});

describe('training config', () => {
  it.each([
    [{ steps: '0' }, 'steps must be between 1 and 10000000, got 0'],
    [{ n_hidden: 'x' }, 'n_hidden must be a whole number'],
    [{ seed: -3 }, 'seed must be between 0'],
  ])('%j is refused: %s', (input, message) => {
    const r = validateTrainConfig(input);
    expect(r.ok).toBe(false);
    expect(!r.ok && r.errors[0].message).toContain(message);
  });

  it('decays the learning rate halfway when only steps is given', () => {
    const r = validateTrainConfig({ steps: '1000' });
    expect(r.ok && r.config.decay_at).toBe(500);
  });
});
