/** The schedule of small graphs recorded here, each built to exercise one thing: broadcasts, reductions, reuse, fusing. */
import katex from 'katex';
import { describe, expect, it } from 'vitest';
import { mul as mulExpr, num } from '../../../core/ops/symbolic/expr';
import type { FusedRule } from '../../../core/backprop/fused-rules';
import { scheduleGraph } from '../../../core/backprop/schedule';
import type { BackwardSchedule } from '../../../core/backprop/types';
import type { Graph } from '../../../core/graph/types';
import {
  add,
  clone,
  crossEntropy,
  div,
  embedding,
  exp,
  indexAdd,
  log,
  matmul,
  max,
  mean,
  mul,
  neg,
  softmax,
  sqrt,
  sub,
  sum,
  tanh,
  transpose,
  variance,
  view,
  pow,
  sigmoid,
  cumsum,
  gelu,
} from '../../../core/ops';
import { Recorder } from '../../../core/recorder/recorder';
import { tensor, type Tensor } from '../../../core/tensor/tensor';

const param = (shape: number[], seed = 1): Tensor => {
  const n = shape.reduce((a, b) => a * b, 1);
  return tensor(
    shape,
    Array.from({ length: n }, (_, i) => 0.3 + 0.1 * ((i * 7 + seed) % 11)),
  ).requireGrad();
};

const step = (s: BackwardSchedule, target: string) => {
  const found = s.steps.find((x) => x.target === target);
  if (!found) throw new Error(`no step for ${target}`);
  return found;
};

/** x @ W + b, a row sum, its inverse, the normalised rows, their mean. */
function normalisePass(): Graph {
  const rec = new Recorder();
  const x = rec.leaf(
    'x',
    tensor(
      [4, 3],
      Array.from({ length: 12 }, (_, i) => i),
    ),
    'data',
  );
  const W = rec.leaf('W', param([3, 5]), 'parameter');
  const b = rec.leaf('b', param([5], 2), 'parameter');
  const hpre = rec.statement('hpre = x @ W + b', () => add(matmul(x, W), b));
  const s = rec.statement('s = hpre.sum(1, keepdim=True)', () => sum(hpre, 1, true));
  const inv = rec.statement('inv = s**-1', () => pow(s, -1));
  const p = rec.statement('p = hpre * inv', () => mul(hpre, inv));
  rec.statement('loss = p.mean()', () => mean(p));
  return rec.graph('loss');
}

describe('schedule of a recorded graph', () => {
  const schedule = scheduleGraph(normalisePass());

  it('runs from the output back to the parameters, skipping data', () => {
    expect(schedule.steps.map((s) => s.target)).toEqual(['loss', 'p', 'inv', 's', 'hpre', 'W', 'b']);
    expect(schedule.steps.map((s) => s.kind)).toEqual([
      'seed',
      'tensor',
      'tensor',
      'tensor',
      'tensor',
      'parameter',
      'parameter',
    ]);
    expect(schedule.steps.flatMap((s) => s.activeEdges).some((e) => e.producer === 'x')).toBe(false);
    expect(schedule.variant).toBeNull();
    expect(schedule.collapsed).toEqual({});
  });

  it('writes each gradient as the chain rule gives it', () => {
    expect(schedule.steps.map((s) => s.lines)).toEqual([
      ['dloss = 1.0'],
      // The mean's 1/20 goes inside the broadcast of the 0-d dloss.
      ['dp = (dloss / 20).expand(4, 5)'],
      ['dinv = (hpre * dp).sum(1, keepdim=True)'],
      ['ds = (-s**-2) * dinv'],
      ['dhpre = inv * dp', 'dhpre += ds.expand(4, 5)'],
      ['dW = x.T @ dhpre'],
      ['db = dhpre.sum(0)'],
    ]);
  });

  it('explains broadcasts (stretched and prepended) and reductions', () => {
    expect(step(schedule, 'inv').reductions.map((r) => r.sentence)).toEqual([
      'inv 4×1 was broadcast to 4×5 in `p = hpre * inv`, so its gradient sums over dim 1, keepdim',
    ]);
    expect(step(schedule, 'b').reductions.map((r) => r.sentence)).toEqual([
      'b 5 was broadcast to 4×5 in `hpre = x @ W + b`, so its gradient sums over dim 0',
    ]);
    expect(step(schedule, 'hpre').expansions).toEqual([
      {
        contribution: 1,
        node: 's',
        op: 'sum',
        dim: 1,
        keepdim: true,
        from: [4, 1],
        to: [4, 5],
        sentence: 's 4×1 is the sum of hpre over dim 1, so ds is broadcast back to 4×5',
      },
    ]);
    expect(step(schedule, 'p').expansions[0].sentence).toBe(
      'loss scalar is the mean of p over all its elements, so dloss is broadcast back to 4×5, divided by 20',
    );
  });

  it('has no manual lines or cmp without a lecture run', () => {
    expect(schedule.steps.every((s) => s.manual.length === 0 && s.cmp === null)).toBe(true);
  });

  it('fails, naming the tensor, when a recorded shape contradicts the formulas', () => {
    const g = normalisePass();
    const hpre = g.nodes.find((n) => n.id === 'hpre')!;
    hpre.broadcasts[0] = { ...hpre.broadcasts[0], dims: [], prepended: [] };
    expect(() => scheduleGraph(g)).toThrow('the term of db from hpre has shape 4×5, but b is 5');
    const g2 = normalisePass();
    g2.nodes.find((n) => n.id === 'W')!.shape = [3, 6];
    expect(() => scheduleGraph(g2)).toThrow('cannot multiply');
  });
});

describe('schedule: broadcasting inside a statement, and a tensor read twice', () => {
  const rec = new Recorder();
  const x = rec.leaf('x', param([4, 5]), 'parameter');
  const c = rec.leaf('c', param([1], 3), 'parameter');
  const s = rec.leaf('s', param([4, 1], 4), 'parameter');
  const y = rec.statement('y = x * c', () => mul(x, c));
  const z = rec.statement('z = y * (s + 1.0)', () => mul(y, add(s, 1)));
  const q = rec.statement('q = z * z', () => mul(z, z));
  rec.statement('loss = q.sum()', () => sum(q));
  const schedule = scheduleGraph(rec.graph('loss'));

  it('sums a [1] operand over a stretched and a prepended dim', () => {
    const r = step(schedule, 'c').reductions[0];
    expect(r).toMatchObject({
      from: [1],
      to: [4, 5],
      dims: [0, 1],
      stretched: [1],
      prepended: [0],
      keepdim: false,
      text: '.sum(1, keepdim=True).sum(0)',
    });
    expect(r.sentence).toBe(
      'c 1 was broadcast to 4×5 in `y = x * c`, so its gradient sums over dim 1, keepdim, and over dim 0',
    );
    expect(step(schedule, 'c').lines).toEqual(['dc = (x * dy).sum(1, keepdim=True).sum(0)']);
    expect(step(schedule, 'c').shape).toEqual([1]);
  });

  it('undoes the broadcast of an anonymous intermediate on the way to its input', () => {
    const st = step(schedule, 's');
    expect(st.lines).toEqual(['ds = (y * dz).sum(1, keepdim=True)']);
    expect(st.reductions[0]).toMatchObject({ node: 'z', operand: 'z/add_scalar#1', from: [4, 1], to: [4, 5] });
    expect(st.reductions[0].sentence).toBe(
      '`s + 1` 4×1 was broadcast to 4×5 in `z = y * (s + 1.0)`, so its gradient sums over dim 1, keepdim',
    );
    expect(st.contributions[0].edges).toEqual([
      { producer: 'z/add_scalar#1', consumer: 'z' },
      { producer: 's', consumer: 'z/add_scalar#1' },
    ]);
    expect(step(schedule, 'y').lines).toEqual(['dy = (s + 1) * dz']);
  });

  it('adds one term per operand slot when a statement reads a tensor twice', () => {
    const st = step(schedule, 'z');
    expect(st.lines).toEqual(['dz = z * dq', 'dz += z * dq']);
    expect(st.contributions.map((t) => [t.consumer, t.accumulate])).toEqual([
      ['q', false],
      ['q', true],
    ]);
    expect(st.activeEdges).toEqual([{ producer: 'z', consumer: 'q' }]);
  });

  it('orders the steps first ready, first done', () => {
    expect(schedule.steps.map((t) => t.target)).toEqual(['loss', 'q', 'z', 'y', 's', 'x', 'c']);
  });
});

describe('schedule: reductions without keepdim, along any dim', () => {
  const rec = new Recorder();
  const h = rec.leaf('h', param([4, 5]), 'parameter');
  const m = rec.statement('m = h.sum(1)', () => sum(h, 1));
  const mx = rec.statement('mx = h.max(0).values', () => max(h, 0).values);
  rec.statement('loss = m.mean() + mx.mean()', () => add(mean(m), mean(mx)));
  const schedule = scheduleGraph(rec.graph('loss'));

  it('puts the reduced dim back before broadcasting, and routes max to its argmax', () => {
    expect(step(schedule, 'h').lines).toEqual([
      'dh = (h == h.max(0, keepdim=True).values) * dmx.unsqueeze(0)',
      'dh += dm.unsqueeze(1).expand(4, 5)',
    ]);
    expect(step(schedule, 'h').expansions.map((e) => e.sentence)).toEqual([
      'mx 5 is the max of h over dim 0, so dmx flows back to 4×5, to the argmax along dim 0 only',
      'm 4 is the sum of h over dim 1, so dm is broadcast back to 4×5',
    ]);
    expect(step(schedule, 'h').special.map((s) => s.kind)).toEqual(['argmax']);
  });
});

describe('schedule: what gets no step', () => {
  const rec = new Recorder();
  const x = rec.leaf('x', tensor([2, 3], [1, 2, 3, 4, 5, 6]), 'data');
  const W = rec.leaf('W', param([2, 3]), 'parameter');
  const mask = rec.statement('mask = x * 2.0', () => mul(x, 2));
  rec.statement('dead = W * 3.0', () => mul(W, 3));
  const y = rec.statement('y = W * mask', () => mul(W, mask));
  rec.statement('loss = y.sum()', () => sum(y));
  const graph = rec.graph('loss');

  it('skips tensors computed from data only, and tensors that do not reach the output', () => {
    const schedule = scheduleGraph(graph);
    expect(schedule.steps.map((s) => s.target)).toEqual(['loss', 'y', 'W']);
    expect(step(schedule, 'W').lines).toEqual(['dW = mask * dy']);
  });

  it('refuses an output that no parameter feeds', () => {
    expect(() => scheduleGraph({ ...graph, output: 'mask' })).toThrow('mask does not depend on a parameter');
  });
});

describe('schedule: fused rules', () => {
  function chain() {
    const rec = new Recorder();
    const W = rec.leaf('W', param([2, 3]), 'parameter');
    const k = rec.leaf('k', param([2, 3], 5), 'parameter');
    const a = rec.statement('a = W * 2.0', () => mul(W, 2));
    const b = rec.statement('b = a.exp()', () => exp(a));
    const c = rec.statement('c = b * 3.0', () => mul(b, 3));
    return { rec, k, a, b, c };
  }
  const rule: FusedRule = {
    name: 'fused-bn',
    from: 'c',
    to: 'a',
    note: 'c = 3 exp(a) in one line',
    grad: (x, g) => mulExpr(mulExpr(num(3), x('b')), g),
  };

  it('replaces the tensors between `to` and `from` by one step', () => {
    const { rec, c } = chain();
    rec.statement('loss = c.sum()', () => sum(c));
    const schedule = scheduleGraph(rec.graph('loss'), { fused: [rule] });
    expect(schedule.steps.map((s) => s.target)).toEqual(['loss', 'c', 'a', 'W']);
    expect(schedule.collapsed).toEqual({ b: 'fused-bn' });
    const a = step(schedule, 'a');
    expect(a.lines).toEqual(['da = 3*b * dc']);
    expect(a.fused).toEqual({ rule: 'fused-bn', collapsed: ['b'] });
    expect(a.activeEdges).toEqual([
      { producer: 'b', consumer: 'c' },
      { producer: 'a', consumer: 'b' },
    ]);
    expect(a.completes).toEqual(['a', 'b']);
    expect(a.special).toEqual([
      { contribution: 0, kind: 'fused', node: 'c', op: 'fused-bn', note: 'c = 3 exp(a) in one line, skipping b' },
    ]);
  });

  it('refuses to skip a tensor that something else reads', () => {
    const { rec, b, c } = chain();
    const d = rec.statement('d = b * 5.0', () => mul(b, 5));
    rec.statement('loss = c.sum() + d.sum()', () => add(sum(c), sum(d)));
    expect(() => scheduleGraph(rec.graph('loss'), { fused: [rule] })).toThrow('d reads b, which the rule skips');
  });

  it('refuses to drop the gradient of a tensor a skipped statement reads', () => {
    const rec = new Recorder();
    const W = rec.leaf('W', param([2, 3]), 'parameter');
    const k = rec.leaf('k', param([2, 3], 5), 'parameter');
    const a = rec.statement('a = W * 2.0', () => mul(W, 2));
    const b = rec.statement('b = a * k', () => mul(a, k));
    const c = rec.statement('c = b * 3.0', () => mul(b, 3));
    rec.statement('loss = c.sum()', () => sum(c));
    expect(() => scheduleGraph(rec.graph('loss'), { fused: [rule] })).toThrow(
      'b reads k, whose gradient the rule would drop',
    );
  });

  it('refuses a rule whose `from` does not depend on its `to`', () => {
    const { rec, k, c } = chain();
    rec.statement('loss = c.sum() + k.sum()', () => add(sum(c), sum(k)));
    expect(() => scheduleGraph(rec.graph('loss'), { fused: [{ ...rule, to: 'k' }] })).toThrow('c does not depend on k');
  });
});

describe('schedule: every op in the rule table', () => {
  const rec = new Recorder();
  const A = rec.leaf('A', param([3, 4]), 'parameter');
  const B = rec.leaf('B', param([4, 3], 2), 'parameter');
  const C = rec.leaf('C', param([6, 3], 3), 'parameter');
  const ix = rec.leaf('ix', tensor([2, 2], [0, 5, 2, 2], 'int64'), 'data');
  const rows = rec.leaf('rows', tensor([4], [1, 0, 3, 1], 'int64'), 'data');
  const tg = rec.leaf('tg', tensor([4], [0, 2, 1, 1], 'int64'), 'data');
  const a = rec.statement('a = A / (A.sqrt() + 1.0)', () => div(A, add(sqrt(A), 1)));
  const b = rec.statement('b = (2.0 - a).log()', () => log(sub(2, a)));
  const c = rec.statement('c = (b - 0.5) / 2.0', () => div(sub(b, 0.5), 2));
  const d = rec.statement('d = 1.0 / (c.exp() + 1.0)', () => div(1, add(exp(c), 1)));
  const e = rec.statement('e = d.T.clone()', () => clone(transpose(d)));
  const f = rec.statement('f = torch.tanh(e @ A)', () => tanh(matmul(e, A)));
  const g = rec.statement('g = f.var(0, keepdim=True)', () => variance(f, 0, true));
  const p = rec.statement('p = F.softmax(f - g, 1)', () => softmax(sub(f, g), 1));
  const emb = rec.statement('emb = C[ix].view(4, 3)', () => view(embedding(C, ix), [4, 3]));
  const u = rec.statement('u = emb.index_add(0, rows, -B)', () => indexAdd(emb, 0, rows, neg(B)));
  rec.statement('loss = F.cross_entropy(p @ u, tg)', () => crossEntropy(matmul(p, u), tg));
  const graph = rec.graph('loss');
  const schedule = scheduleGraph(graph);

  it('schedules every parameter with gradients shaped like it', () => {
    expect(schedule.steps.map((s) => s.target)).toEqual([
      'loss',
      'p',
      'u',
      'g',
      'emb',
      'B',
      'f',
      'C',
      'e',
      'd',
      'c',
      'b',
      'a',
      'A',
    ]);
    for (const s of schedule.steps) expect(s.shape).toEqual(graph.nodes.find((n) => n.id === s.target)!.shape);
  });

  it('writes each op’s rule, with parentheses where `@` meets `*`', () => {
    expect(schedule.steps.map((s) => s.lines)).toEqual([
      ['dloss = 1.0'],
      ['dp = ((F.softmax(p @ u, 1) - F.one_hot(tg, num_classes=3)) / 4 * dloss) @ u.T'],
      ['du = p.T @ ((F.softmax(p @ u, 1) - F.one_hot(tg, num_classes=3)) / 4 * dloss)'],
      ['dg = (-(p * (dp - (dp * p).sum(1, keepdim=True)))).sum(0, keepdim=True)'],
      ['demb = du'],
      ['dB = -du[rows]'],
      ['df = p * (dp - (dp * p).sum(1, keepdim=True))', 'df += 2/3 * (f - f.mean(0, keepdim=True)) * dg.expand(4, 4)'],
      ['dC = torch.zeros_like(C).index_add(0, ix.view(-1), demb.view(2, 2, 3).view(-1, C.shape[1]))'],
      ['de = ((1.0 - f**2) * df) @ A.T'],
      ['dd = de.T'],
      ['dc = c.exp() * (-1 / (c.exp() + 1)**2) * dd'],
      ['db = 0.5*dc'],
      ['da = -((1.0 / (2 - a)) * db)'],
      [
        'dA = e.T @ ((1.0 - f**2) * df)',
        'dA += (1.0 / (A.sqrt() + 1)) * da',
        'dA += (1.0 / (2*A.sqrt())) * (-A / (A.sqrt() + 1)**2) * da',
      ],
    ]);
    expect(step(schedule, 'emb').special.map((x) => x.kind)).toEqual([]);
    // The sentence names var's factor as the formula writes it.
    expect(step(schedule, 'f').expansions.map((x) => x.sentence)).toContain(
      'g 1×4 is the variance of f over dim 0, so dg is broadcast back to 4×4, times `2/3 * (f - f.mean(0, keepdim=True))`',
    );
    expect(step(schedule, 'C').special.map((x) => x.kind)).toEqual(['view-back', 'scatter-add']);
  });

  it('renders every formula with KaTeX', () => {
    for (const s of schedule.steps) {
      for (const tex of [s.latex, ...s.contributions.flatMap((t) => [t.latex, t.local])]) {
        expect(() => katex.renderToString(tex, { throwOnError: true }), tex).not.toThrow();
      }
    }
  });
});

describe('an op added through the registry alone (sigmoid)', () => {
  const rec = new Recorder();
  const h = rec.leaf('h', param([4, 3]), 'parameter');
  const p = rec.statement('p = torch.sigmoid(h)', () => sigmoid(h));
  rec.statement('loss = p.sum()', () => sum(p));
  const graph = rec.graph('loss');
  const schedule = scheduleGraph(graph);

  it('is a node of the graph, and its step writes the derivative from the output', () => {
    expect(graph.nodes.find((n) => n.id === 'p')?.op).toBe('sigmoid');
    expect(step(schedule, 'h').lines).toEqual(['dh = (p * (1.0 - p)) * dp']);
  });
});

describe('ops added through the registry alone (cumsum, gelu)', () => {
  const rec = new Recorder();
  const h = rec.leaf('h', param([4, 3]), 'parameter');
  const c = rec.statement('c = h.cumsum(1)', () => cumsum(h, 1));
  const g = rec.statement('g = F.gelu(c)', () => gelu(c));
  rec.statement('loss = g.sum()', () => sum(g));
  const schedule = scheduleGraph(rec.graph('loss'));

  it("write their steps from their rules: gelu's derivative, cumsum's reversed running sum", () => {
    expect(step(schedule, 'c').lines).toEqual([
      'dc = (0.5*(1.0 + torch.erf(c * 0.707107)) + c * 0.398942*torch.exp(-0.5*c**2)) * dg',
    ]);
    expect(step(schedule, 'h').lines).toEqual(['dh = dc.flip(1).cumsum(1).flip(1)']);
  });
});
