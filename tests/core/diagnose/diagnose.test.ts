/**
 * The diagnoses on the lecture's recorded graph, fast (no Pyodide): each planted mistake is computed from
 * autograd's gradients with the lecture's own formulas, and judged as a cmp would be.
 */
import { describe, expect, it } from 'vitest';
import { judge } from '../../../core/notebook/checks';
import { matmul, mul, neg, sum, transpose } from '../../../core/ops';
import type { Tensor } from '../../../core/tensor/tensor';
import { lectureRecorded, type Recorded } from './recorded';

const n = 32;
const constantName = (v: number) => (v === n ? 'n' : null);

/** What the live check and the CLI say for `cmp(target, manual, target)`. */
export function check(r: Recorded, target: string, manual: Tensor, gradName = `d${target}`) {
  return judge({
    label: target,
    cell: 0,
    line: 1,
    manual,
    manualName: gradName,
    target: r.t[target],
    targetName: target,
    autograd: r.grad(target),
    context: { ctx: r.ctx, constantName },
  });
}

describe('diagnoses on the lecture graph', () => {
  const r = lectureRecorded();
  const g = (name: string) => r.grad(name);

  it('a right gradient is exact, with no diagnosis', () => {
    const c = check(r, 'probs', g('probs'));
    expect([c.verdict, c.diagnosis]).toEqual(['exact', null]);
  });

  it('a flipped sign', () => {
    const c = check(r, 'bnbias', neg(g('bnbias')));
    expect(c.diagnosis?.kind).toBe('sign');
    expect(c.message).toContain('dbnbias is −1 × autograd');
  });

  it('a stray factor, named by the notebook constant', () => {
    const c = check(r, 'W2', mul(g('W2'), 1 / n));
    expect(c.diagnosis?.kind).toBe('factor');
    expect(c.message).toContain('times 1/n (n = 32)');
  });

  it('a += chain that misses a consumer names it', () => {
    // dbndiff from bnraw = bndiff * bnvar_inv only; bndiff2 = bndiff**2 is missing.
    const partial = mul(r.t.bnvar_inv, g('bnraw'));
    const c = check(r, 'bndiff', partial);
    expect(c.diagnosis?.kind).toBe('incomplete');
    expect(c.message).toContain('`bndiff2 = bndiff**2`');
  });

  it('an unsummed broadcast', () => {
    const c = check(r, 'b2', g('logits'));
    expect(c.diagnosis?.kind).toBe('broadcast');
    expect(c.message).toContain('db2 is 32×27 but b2 is 27');
    expect(c.message).toContain('`logits = h @ W2 + b2`');
  });

  it('a sum over the wrong dim', () => {
    const c = check(r, 'counts_sum_inv', sum(mul(r.t.counts, g('probs')), 0, true));
    expect(c.diagnosis?.kind).toBe('wrong-dim');
    expect(c.message).toContain('not over dim 0');
  });

  it('a transposed matrix gradient, with the product to write', () => {
    const c = check(r, 'W2', matmul(transpose(g('logits')), r.t.h));
    expect(c.diagnosis?.kind).toBe('transpose');
    expect(c.message).toContain('`h.T @ dlogits`');
  });

  it('≈0 by design', () => {
    const c = check(r, 'logit_maxes', g('logit_maxes'));
    expect(c.diagnosis?.kind).toBe('zero-by-design');
  });
});
