/**
 * The diagnoses on the lecture's recorded graph, fast (no Pyodide): each planted mistake is computed from
 * autograd's gradients with the lecture's own formulas, and judged as a cmp would be.
 */
import { describe, expect, it } from 'vitest';
import { add, div, matmul, mul, neg, pow, sub, sum, transpose, view } from '../../../core/ops';
import { tensor, type Tensor } from '../../../core/tensor/tensor';
import { cmpAs, lectureRecorded, type Recorded } from './recorded';

const n = 32;
const constantName = (v: number) => (v === n ? 'n' : null);

const check = (r: Recorded, target: string, manual: Tensor) => cmpAs(r, target, manual, { constantName });

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

describe('the mistakes learners make (issue 23), on the lecture graph', () => {
  const r = lectureRecorded();
  const g = (name: string) => r.grad(name);

  it('the local derivative without the chain factor names the gradient to multiply by', () => {
    const c = check(r, 'probs', pow(r.t.probs, -1));
    expect(c.diagnosis?.kind).toBe('chain-factor');
    expect(c.message).toContain('dprobs is only the local derivative of `logprobs = probs.log()`');
    expect(c.message).toContain('(dlogprobs)');
  });

  it('a gradient compared with the wrong tensor names the right one and the cmp that passes', () => {
    const c = cmpAs(r, 'hpreact', g('h'), { gradName: 'dh', label: 'dh' });
    expect(c.diagnosis?.kind).toBe('wrong-tensor');
    expect(c.diagnosis?.tensor).toBe('h');
    expect(c.message).toContain("dh is autograd's gradient of h, not of hpreact");
    expect(c.message).toContain("`cmp('h', dh, h)` passes");
  });

  it('a start from ones_like is an offset of 1 everywhere', () => {
    const c = check(r, 'C', add(g('C'), 1));
    expect(c.diagnosis?.kind).toBe('offset');
    expect(c.message).toContain('plus 1 in every entry: started from `torch.ones_like(C)`?');
  });

  it('dC[Xb] += demb with repeated indices: how many repeat, and index_add_', () => {
    // What PyTorch's dC[Xb] += demb gives: each picked row gets one of its contributions (here the last).
    const demb = g('emb').data;
    const rows = Array.from(r.t.Xb.data);
    const out = new Float32Array(r.t.C.size);
    rows.forEach((row, k) => out.set(demb.subarray(k * 10, k * 10 + 10), row * 10));
    const counts = new Map<number, number>();
    for (const row of rows) counts.set(row, (counts.get(row) ?? 0) + 1);
    const repeated = [...counts.values()].filter((k) => k > 1);
    const picks = repeated.reduce((a, b) => a + b, 0);
    const c = check(r, 'C', tensor([27, 10], out));
    expect(c.diagnosis?.kind).toBe('repeated-index');
    expect(c.message).toContain(
      `${repeated.length} rows of C are picked more than once by Xb (${picks} of its 96 picks)`,
    );
    expect(c.message).toContain('`dC.index_add_(0, Xb.view(-1), demb.view(-1, 10))`');
  });

  it("exercise 3's one-line batchnorm backward with n for n − 1 names the variance term", () => {
    const { bngain, bnvar_inv, bnraw } = r.t;
    const d = g('hpreact');
    // bngain*bnvar_inv/n * (n*dhpreact - dhpreact.sum(0) - n/(n-1)*bnraw*(dhpreact*bnraw).sum(0)), with 1 for n/(n-1).
    const wrong = mul(
      div(mul(bngain, bnvar_inv), n),
      sub(sub(mul(d, n), sum(d, 0)), mul(bnraw, sum(mul(d, bnraw), 0))),
    );
    const c = cmpAs(r, 'hprebn', wrong, { constantName, upstreamTensors: ['hpreact'] });
    expect(c.diagnosis?.kind).toBe('formula-term');
    expect(c.message).toContain('the term through bnvar (`bnvar = 1/(n-1)*(bndiff2).sum(0, keepdim=True)`)');
    expect(c.message).toContain('(n − 1)/n (n = 32)');
  });

  it('right values in the wrong shape say so, and why torch prints approximate: True', () => {
    // The lecture's own dbnmeani = (-dbndiff).sum(0): 64 where bnmeani is 1×64.
    const c = check(r, 'bnmeani', view(g('bnmeani'), [64]));
    expect(c.verdict).toBe('shape');
    expect(c.message).toContain('dbnmeani is 64 but bnmeani is 1×64');
    expect(c.message).toContain(
      "The values are right: torch's cmp prints approximate: True because allclose broadcasts 64 against 1×64",
    );
  });
});

describe('the gradient flowing in, passed on without the local derivative', () => {
  it('is not a wrong pairing: the name says which tensor it is for', () => {
    const r = lectureRecorded();
    const c = check(r, 'hpreact', r.grad('h'));
    expect(c.diagnosis?.kind).toBe('chain-factor');
    expect(c.message).toContain(
      'dhpreact is the gradient flowing into h, passed on as it is: the chain rule multiplies it by the local derivative of `h = torch.tanh(hpreact)` with respect to hpreact',
    );
  });
});
