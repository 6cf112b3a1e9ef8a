/**
 * The issue-23 diagnoses on a network of other names and architecture (no batchnorm, a softmax written out,
 * another embedding width), recorded as a notebook run records it: nothing in them knows the lecture's names.
 */
import { describe, expect, it } from 'vitest';
import {
  add,
  div,
  embedding,
  exp,
  log,
  matmul,
  mean,
  mul,
  neg,
  pick,
  pow,
  sum,
  tanh,
  transpose,
  view,
} from '../../../core/ops';
import { tensor, type Tensor } from '../../../core/tensor/tensor';
import { cmpAs, Recording, type Recorded } from './recorded';

/** Deterministic values in (−1, 1). */
function values(n: number, seed: number): number[] {
  let s = seed;
  return Array.from({ length: n }, () => {
    s = (s * 1103515245 + 12345) % 2 ** 31;
    return (s / 2 ** 31) * 2 - 1;
  });
}

function record(): Recorded {
  const rec = new Recording();
  const table = rec.leaf('table', tensor([7, 4], values(28, 1)).requireGrad());
  const ids = rec.leaf('ids', tensor([6, 2], [0, 3, 3, 1, 5, 3, 0, 0, 6, 2, 3, 1], 'int64'));
  const target = rec.leaf('target', tensor([6], [1, 0, 4, 2, 2, 3], 'int64'));
  const Wx = rec.leaf('Wx', tensor([8, 5], values(40, 2)).requireGrad());
  const x = rec.statement('x = table[ids].view(6, 8)', () => view(embedding(table, ids), [6, 8]));
  const pre = rec.statement('pre = x @ Wx', () => matmul(x, Wx));
  const act = rec.statement('act = torch.tanh(pre)', () => tanh(pre));
  const e = rec.statement('e = act.exp()', () => exp(act));
  const total = rec.statement('total = e.sum(1, keepdim=True)', () => sum(e, 1, true));
  const p = rec.statement('p = e / total', () => div(e, total));
  const logp = rec.statement('logp = p.log()', () => log(p));
  const cost = rec.statement('cost = -logp[range(6), target].mean()', () => neg(mean(pick(logp, target))));
  return rec.finish(cost);
}

const check = (r: Recorded, target: string, manual: Tensor, gradName?: string, label?: string) =>
  cmpAs(r, target, manual, { gradName, label });

describe('diagnoses on a network of other names', () => {
  const r = record();

  it('the local derivative of p.log() alone names dlogp', () => {
    const c = check(r, 'p', pow(r.t.p, -1));
    expect(c.diagnosis?.kind).toBe('chain-factor');
    expect(c.message).toContain('dp is only the local derivative of `logp = p.log()`');
    expect(c.message).toContain('(dlogp)');
  });

  it('dact compared with pre names act', () => {
    const c = check(r, 'pre', r.grad('act'), 'dact', 'act');
    expect(c.diagnosis?.kind).toBe('wrong-tensor');
    expect(c.message).toContain("`cmp('act', dact, act)` passes");
  });

  it('an offset of 2', () => {
    const c = check(r, 'Wx', add(r.grad('Wx'), 2));
    expect(c.diagnosis?.kind).toBe('offset');
    expect(c.message).toContain('plus 2 in every entry: a constant was added?');
  });

  it('rows of table picked twice by ids, written once', () => {
    const dx = r.grad('x').data; // x is 6×8: each row holds the two picked rows of width 4
    const out = new Float32Array(28);
    [0, 3, 3, 1, 5, 3, 0, 0, 6, 2, 3, 1].forEach((row, k) => out.set(dx.subarray(k * 4, k * 4 + 4), row * 4));
    const c = check(r, 'table', tensor([7, 4], out));
    expect(c.diagnosis?.kind).toBe('repeated-index');
    // rows 0 (3 picks), 1 (2) and 3 (4) repeat: 9 of the 12 picks.
    expect(c.message).toContain('3 rows of table are picked more than once by ids (9 of its 12 picks)');
    expect(c.message).toContain('`dtable.index_add_(0, ids.view(-1), dx.view(-1, 4))`');
  });

  it('a += that misses one use of e names it', () => {
    const c = check(r, 'e', mul(div(1, r.t.total), r.grad('p')));
    expect(c.diagnosis?.kind).toBe('incomplete');
    expect(c.message).toContain('`total = e.sum(1, keepdim=True)`');
  });
});

describe('the gradients a diagnosis names are spelled as the learner spells theirs (d_x, x_grad)', () => {
  const r = record();

  it('the chain factor to multiply by: d_logp beside d_p, logp_grad beside p_grad', () => {
    expect(check(r, 'p', pow(r.t.p, -1), 'd_p').message).toContain('(d_logp), so write `d_p = (…) * d_logp`');
    expect(check(r, 'p', pow(r.t.p, -1), 'p_grad').message).toContain(
      '(logp_grad), so write `p_grad = (…) * logp_grad`',
    );
  });

  it("index_add_'s source: d_x beside d_table", () => {
    const dx = r.grad('x').data;
    const out = new Float32Array(28);
    [0, 3, 3, 1, 5, 3, 0, 0, 6, 2, 3, 1].forEach((row, k) => out.set(dx.subarray(k * 4, k * 4 + 4), row * 4));
    const c = check(r, 'table', tensor([7, 4], out), 'd_table');
    expect(c.message).toContain('`d_table.index_add_(0, ids.view(-1), d_x.view(-1, 4))`');
  });

  it("a transposed matrix gradient's product: d_pre beside d_Wx", () => {
    const c = check(r, 'Wx', transpose(r.grad('Wx')), 'd_Wx');
    expect(c.diagnosis?.kind).toBe('transpose');
    expect(c.message).toContain('`x.T @ d_pre`');
  });
});
