/**
 * The lecture's figures, as PyTorch 1.13 prints them for seed 2147483647, n_embd 10, n_hidden 64,
 * block 3, batch 32 — reproduced end to end from the seeds.
 */
import { describe, expect, it } from 'vitest';
import { loadNames } from '../../../cli/load-names';
import { DEFAULT_CONFIG, VARIANTS } from '../../../core/mlp/config';
import { CMP_ROWS } from '../../../core/mlp/names';
import { runLectureFull, toDump } from '../../../core/mlp/run';
import { Tensor } from '../../../core/tensor/tensor';
import { torchFixtures } from './fixtures';

const words = loadNames();

describe('lecture run from the seeds', () => {
  const run = runLectureFull(DEFAULT_CONFIG, words);

  it('draws the parameters PyTorch draws', () => {
    expect(Array.from(run.params.C.data.slice(0, 4))).toEqual([
      1.5673619508743286, -0.2372923195362091, -0.027384605258703232, -1.100779414176941,
    ]);
    expect(Array.from(run.params.bngain.data.slice(0, 3))).toEqual([
      0.8898678421974182, 0.9879735112190247, 0.9317240715026855,
    ]);
  });

  it('draws the minibatch and computes the loss PyTorch does', () => {
    expect(Array.from(run.ix.slice(0, 6))).toEqual([105228, 83077, 43964, 35274, 99056, 122328]);
    expect(run.tensors.loss.data[0]).toBe(3.5571470260620117);
    expect(run.firstWords).toEqual(['yuheng', 'diondre', 'xavien', 'jori', 'juanluis']);
    expect([run.splits.train.rows, run.splits.dev.rows, run.splits.test.rows]).toEqual([182625, 22655, 22866]);
  });

  it('every parameter and the batch are bit-identical to the PyTorch fixture made from the same seeds', () => {
    for (const f of torchFixtures()) {
      const torch = f.dump;
      const dump = toDump(runLectureFull(torch.config, words));
      expect(dump.batch, f.name).toEqual(torch.batch);
      for (const [name, p] of Object.entries(torch.params))
        expect(dump.params[name as keyof typeof dump.params].data, `${f.name} ${name}`).toEqual(p.data);
      expect(dump.dataset, f.name).toEqual(torch.dataset);
    }
  });

  it('cmp is approximate for all 26 rows of the lecture table (atomic)', () => {
    expect(CMP_ROWS).toHaveLength(26);
    for (const name of CMP_ROWS) expect(run.cmp[name]?.approx, name).toBe(true);
  });
});

describe('run options: given parameters', () => {
  const untrained = runLectureFull(DEFAULT_CONFIG, words);
  // W2 = 0 and b2 = 0 make every logit 0: the loss is ln 27 whatever the batch, and nothing else is drawn.
  const zero = (t: Tensor) => Object.assign(new Tensor(t.shape, new Float32Array(t.size)), { requiresGrad: true });
  const params = { ...untrained.params, W2: zero(untrained.params.W2), b2: zero(untrained.params.b2) };
  const run = runLectureFull(DEFAULT_CONFIG, words, { params });

  it('runs those parameters', () => {
    expect(run.params).toBe(params);
    expect(run.tensors.loss.data[0]).toBeCloseTo(Math.log(27), 6);
  });

  it('on the minibatch the untrained run of the same seed uses', () => {
    expect(Array.from(run.ix.slice(0, 6))).toEqual([105228, 83077, 43964, 35274, 99056, 122328]);
    expect(run.Xb.data).toEqual(untrained.Xb.data);
  });
});

describe.each(VARIANTS.filter((v) => v !== 'atomic'))('fused variant %s', (variant) => {
  const run = runLectureFull({ ...DEFAULT_CONFIG, variant }, words);
  const fusedTarget = variant === 'fused-bn' ? 'hprebn' : 'logits';

  it('the fused gradient is approximate but not exact, maxdiff around 1e-10 – 1e-8', () => {
    const c = run.cmp[fusedTarget]!;
    expect(c.approx).toBe(true);
    expect(c.exact).toBe(false);
    expect(c.maxdiff).toBeGreaterThan(1e-11);
    expect(c.maxdiff).toBeLessThan(1e-7);
  });

  it('every row it computes is approximate', () => {
    for (const name of CMP_ROWS) if (run.cmp[name]) expect(run.cmp[name]!.approx, name).toBe(true);
  });
});
