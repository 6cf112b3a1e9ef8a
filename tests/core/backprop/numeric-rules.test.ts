/**
 * The schedule's symbolic backward rules checked by numbers, not text (tinygrad's "one rule, two readings"):
 * every contribution's PyTorch text is evaluated in float64 on the run's real tensors — forward values, and
 * each consumer's gradient as autograd computed it. Each term must equal what the ops' own backward passes
 * send from its consumer to its target, and a step's terms must add up to autograd's gradient of the target;
 * for every lecture variant, and for a config whose sizes differ from the lecture's.
 */
import { describe, expect, it } from 'vitest';
import { VARIANTS, type MlpConfig } from '../../../core/mlp/config';
import { propagate } from '../../../core/autograd/propagate';
import type { Tensor } from '../../../core/tensor/tensor';
import { lecture } from './lecture-runs';
import { Arr, evaluate } from './python-eval';

const toArr = (t: Tensor) => new Arr(t.shape, Float64Array.from(t.data));

/** Largest |a − b| over the largest |b|: the error relative to the gradient's scale. */
function relativeMaxdiff(a: Arr, b: Arr): number {
  let diff = 0;
  let scale = 0;
  for (let i = 0; i < b.data.length; i++) {
    diff = Math.max(diff, Math.abs(a.data[i] - b.data[i]));
    scale = Math.max(scale, Math.abs(b.data[i]));
  }
  return diff / Math.max(scale, 1e-30);
}

/**
 * Autograd restricted to one contribution: `grad` at `consumer`, pushed back through the creators of the
 * tensors between it and `target` — its statement's anonymous intermediates, and for a fused term the named
 * tensors the rule skips — but not through any other named tensor (those are other steps' terms).
 */
function autogradTerm(consumer: Tensor, grad: Tensor, target: Tensor, stops: ReadonlySet<Tensor>): Tensor | null {
  return propagate(new Map([[consumer, grad]]), { stopAt: stops, targets: [target] }).get(target) ?? null;
}

// float32 forward values and gradients read in float64: what is left is float32 rounding, ~1e-7 relative.
// A wrong rule (a missing factor, a wrong dim, a dropped term) is off by order 1.
const TOLERANCE = 1e-5;

const configs: [string, Partial<MlpConfig>][] = [
  ['the lecture config', {}],
  ['batch 20, block 4, hidden 12', { batch_size: 20, block_size: 4, n_hidden: 12, n_embd: 5 }],
];

describe.each(configs)('%s', (_, config) => {
  describe.each(VARIANTS)('%s: every contribution, evaluated, adds up to autograd', (variant) => {
    const { run, schedule } = lecture(variant, config);
    const values: Record<string, Tensor> = { ...run.tensors, ...run.params, Xb: run.Xb, Yb: run.Yb };
    const autograd: Record<string, Tensor> = run.autograd;
    const lookup = (name: string): Arr => {
      if (values[name]) return toArr(values[name]);
      if (name.startsWith('d') && autograd[name.slice(1)]) return toArr(autograd[name.slice(1)]);
      throw new Error(`unknown name ${name}`);
    };
    const steps = schedule.steps.filter((s) => s.contributions.length > 0);
    const stops = new Set(
      Object.entries(values)
        .filter(([n]) => !(n in schedule.collapsed))
        .map(([, t]) => t),
    );

    it('has a step with terms for every gradient but the seed', () => {
      expect(steps.length).toBe(schedule.steps.length - 1);
    });

    it.each(steps.map((s) => [s.target, s] as const))('d%s', (target, step) => {
      const terms = step.contributions.map((c) => {
        const v = evaluate(c.text, lookup);
        if (!(v instanceof Arr)) throw new Error(`\`${c.text}\` is not a tensor`);
        expect(v.shape, c.text).toEqual(step.shape);
        const reference = autogradTerm(values[c.consumer], autograd[c.consumer], values[target], stops);
        expect(reference, `no gradient flows from ${c.consumer} to ${target}`).not.toBeNull();
        expect(relativeMaxdiff(v, toArr(reference!)), `d${target} from ${c.consumer}: ${c.text}`).toBeLessThan(
          TOLERANCE,
        );
        return v;
      });
      const total = terms.reduce(
        (a, b) =>
          new Arr(
            a.shape,
            a.data.map((x, i) => x + b.data[i]),
          ),
      );
      expect(relativeMaxdiff(total, toArr(autograd[target])), step.lines.join('; ')).toBeLessThan(TOLERANCE);
    });
  });
});
