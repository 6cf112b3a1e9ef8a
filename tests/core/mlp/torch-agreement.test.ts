/**
 * The engine against real PyTorch 1.13: given the same parameters and minibatch, every named tensor's
 * value, every autograd gradient and every manual gradient agree with the fixtures.
 */
import { describe, expect, it } from 'vitest';
import { runOnBatch } from '../../../core/mlp/run-batch';
import { PARAM_NAMES, TENSOR_NAMES } from '../../../core/mlp/names';
import { batchOf, closeness, paramsOf, torchFixtures } from './fixtures';

const fixtures = torchFixtures();

describe.each(fixtures)('agrees with PyTorch: $name', ({ name: fixture, dump }) => {
  const { Xb, Yb } = batchOf(dump);
  const run = runOnBatch(dump.config.variant, paramsOf(dump), Xb, Yb);

  it('loss', () => {
    expect(Math.abs(run.tensors.loss.data[0] - dump.loss)).toBeLessThanOrEqual(1e-5 * Math.abs(dump.loss));
  });

  it.each(TENSOR_NAMES.map((n) => [n]))('%s: shape and values within 1e-5 relative', (name) => {
    const ref = dump.tensors[name];
    expect([...run.tensors[name].shape]).toEqual(ref.shape);
    // Values near zero (e.g. bndiff) are compared on the tensor's own scale.
    const scale = Math.max(...ref.data.map(Math.abs));
    const { worst, at } = closeness(run.tensors[name].data, ref.data, 1e-5, 1e-6 * scale);
    expect(worst, `${name}[${at}]: ours ${run.tensors[name].data[at]} vs torch ${ref.data[at]}`).toBeLessThanOrEqual(0);
  });

  it.each([...TENSOR_NAMES, ...PARAM_NAMES].map((n) => [n]))(
    '%s: autograd and manual gradients within 1e-4 relative',
    (name) => {
      const ref =
        name in dump.tensors
          ? dump.tensors[name as keyof typeof dump.tensors]
          : dump.params[name as keyof typeof dump.params];
      // Gradients that are zero in exact arithmetic (b1 under batchnorm, logit_maxes) come out as float32 noise
      // in both engines, so the absolute tolerance has a floor.
      const scale = Math.max(...ref.grad!.map(Math.abs));
      const atol = Math.max(1e-5 * scale, 1e-7);
      const ours = run.autograd[name as keyof typeof run.autograd];
      const g = closeness(ours.data, ref.grad!, 1e-4, atol);
      expect(g.worst, `${name}.grad[${g.at}]: ours ${ours.data[g.at]} vs torch ${ref.grad![g.at]}`).toBeLessThanOrEqual(
        0,
      );
      const manual = run.manual[name as keyof typeof run.manual];
      expect(manual === undefined, `manual d${name} present iff torch computed one`).toBe(ref.manual_grad === null);
      if (manual && ref.manual_grad) {
        const m = closeness(manual.data, ref.manual_grad, 1e-4, atol);
        expect(m.worst, `d${name}[${m.at}]`).toBeLessThanOrEqual(0);
        // cmp (manual vs our autograd) is as tight as PyTorch's own: approximate on the lecture's config,
        // and within float32 noise on the others (tiny batches can land a hair outside allclose, in both;
        // PyTorch's own fused-CE dW2 on the lecture config is one such hair: approx False there).
        const c = run.cmp[name as keyof typeof run.cmp]!;
        if (fixture.startsWith('lecture')) expect(c.approx).toBe(true);
        expect(c.maxdiff).toBeLessThanOrEqual(Math.max(1e-6 * scale, 1e-7));
      }
    },
  );
});
