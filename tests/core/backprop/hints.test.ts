/** Exercise mode's four hints per step, on the lecture (every variant), on a learner's notebook and on small graphs. */
import { beforeAll, describe, expect, it } from 'vitest';
import { hintsFor, statementShapes, type Hint, type HintBlock } from '../../../core/backprop/hints';
import { lectureAnswers } from '../../../core/mlp/lecture-answers';
import { indexGraph } from '../../../core/backprop/graph-index';
import { scheduleGraph } from '../../../core/backprop/schedule';
import type { BackwardSchedule, BackwardStep } from '../../../core/backprop/types';
import type { Graph } from '../../../core/graph/types';
import { VARIANTS } from '../../../core/mlp/config';
import { add, mul, sum, tanh } from '../../../core/ops';
import { Recorder } from '../../../core/recorder/recorder';
import { tensor } from '../../../core/tensor/tensor';
import { FIXTURES, runFile } from '../notebook/notebooks';
import { lecture } from './lecture-runs';

const texts = (h: Hint): string[] => h.blocks.flatMap((b) => (b.kind === 'text' ? [b.text] : []));
const texs = (h: Hint): string[] => h.blocks.flatMap((b) => (b.kind === 'tex' ? [b.tex] : []));
const code = (h: Hint): string[] => h.blocks.flatMap((b: HintBlock) => (b.kind === 'code' ? b.lines : []));
const all = (hints: Hint[]): string => hints.flatMap((h) => h.blocks.map((b) => JSON.stringify(b))).join('\n');

describe('hints on the lecture, atomic', () => {
  const { dump, step } = lecture('atomic');
  const hints = (target: string) => hintsFor(step(target), dump.graph);

  it('level 1 is the statement that uses the target, with every shape', () => {
    expect(texts(hints('counts_sum_inv')[0])).toEqual([
      'counts_sum_inv 32×1 is used in one statement:',
      '`probs = counts * counts_sum_inv`: counts 32×27, counts_sum_inv 32×1 → probs 32×27',
    ]);
    expect(texts(hints('b2')[0])[1]).toBe('`logits = h @ W2 + b2`: h 32×64, W2 64×27, b2 27 → logits 32×27');
    expect(texts(hints('C')[0])[1]).toBe('`emb = C[Xb]`: C 27×10, Xb 32×3 → emb 32×3×10');
  });

  it('level 1 lists every consumer of a tensor used twice', () => {
    expect(texts(hints('counts')[0])).toEqual([
      'counts 32×27 is used in 2 statements, and its gradient collects a term from each:',
      '`probs = counts * counts_sum_inv`: counts 32×27, counts_sum_inv 32×1 → probs 32×27',
      '`counts_sum = counts.sum(1, keepdims=True)`: counts 32×27 → counts_sum 32×1',
    ]);
    expect(texts(hints('bndiff')[0]).slice(1)).toEqual([
      '`bnraw = bndiff * bnvar_inv`: bndiff 32×64, bnvar_inv 1×64 → bnraw 32×64',
      '`bndiff2 = bndiff**2`: bndiff 32×64 → bndiff2 32×64',
    ]);
  });

  it('level 2 is the local derivative of each term, from the gradient that arrives', () => {
    const h = hints('counts')[1];
    expect(texs(h)).toEqual([
      // One notation for vector-Jacobian products (core/ops/symbolic/expr.ts): (·) ∂consumer/∂target = what happens to (·).
      '(\\cdot)\\,\\frac{\\partial\\,\\mathrm{probs}}{\\partial\\,\\mathrm{counts}} = \\mathrm{counts\\_sum\\_inv} \\odot (\\cdot)',
      '(\\cdot)\\,\\frac{\\partial\\,\\mathrm{counts\\_sum}}{\\partial\\,\\mathrm{counts}} = \\operatorname{expand}_{32 \\times 27}\\left(\\cdot\\right)',
    ]);
    expect(texts(h)[0]).toBe(
      'Term 1, through `probs = counts * counts_sum_inv`, times the gradient arriving from it, dprobs 32×27:',
    );
    expect(texs(hints('probs')[1])).toEqual([
      '(\\cdot)\\,\\frac{\\partial\\,\\mathrm{logprobs}}{\\partial\\,\\mathrm{probs}} = \\frac{1}{\\mathrm{probs}} \\odot (\\cdot)',
    ]);
  });

  it('level 3 tells the broadcasting story, or says nothing is broadcast', () => {
    expect(texts(hints('counts_sum_inv')[2])).toEqual([
      'counts_sum_inv 32×1 was broadcast to 32×27 in `probs = counts * counts_sum_inv`, so its gradient sums over dim 1, keepdim',
    ]);
    expect(texts(hints('probs')[2])).toEqual([
      'Nothing is broadcast here: the gradient has the shape of the tensor, 32×27.',
    ]);
    expect(texts(hints('b2')[2])).toEqual([
      'b2 27 was broadcast to 32×27 in `logits = h @ W2 + b2`, so its gradient sums over dim 0',
    ]);
  });

  it('level 3 says += when a tensor has several terms, and only then', () => {
    const story = texts(hints('counts')[2]);
    expect(story[0]).toBe('counts_sum 32×1 is the sum of counts over dim 1, so dcounts_sum is broadcast back to 32×27');
    expect(story.at(-1)).toBe(
      'counts is used twice, so its gradient is the sum of 2 terms: write the first with `=` and add the second with `+=`.',
    );
    expect(texts(hints('counts_sum_inv')[2]).join(' ')).not.toContain('+=');
  });

  it('level 3 explains a matrix product by its shapes without writing the product out', () => {
    const [story] = texts(hints('h')[2]).filter((t) => t.includes('matrix product'));
    expect(story).toBe(
      '`h @ W2` is a matrix product, 32×64 @ 64×27 → 32×27: the gradient of h must be 32×64, and the only product ' +
        'of the gradient of `h @ W2` (32×27) with W2 (64×27) that has that shape takes a transpose',
    );
    expect(story).not.toContain('W2.T');
  });

  it("level 4 is the lecture's line, both lines of an accumulation", () => {
    expect(code(hints('counts_sum_inv')[3])).toEqual(['dcounts_sum_inv = (counts * dprobs).sum(1, keepdim=True)']);
    expect(code(hints('counts')[3])).toEqual([
      'dcounts = counts_sum_inv * dprobs',
      'dcounts += torch.ones_like(counts) * dcounts_sum',
    ]);
    expect(code(hints('logprobs')[3])).toEqual([
      'dlogprobs = torch.zeros_like(logprobs); dlogprobs[range(n), Yb] = -1.0/n',
    ]);
  });

  it('starts at the output', () => {
    const h = hints('loss');
    expect(texts(h[0])[0]).toBe('loss is the output: nothing uses it, so backprop starts here with dloss = 1.');
    expect(texs(h[1])).toEqual(['\\frac{\\partial\\,\\mathrm{loss}}{\\partial\\,\\mathrm{loss}} = 1']);
    expect(texts(h[2])).toEqual(['Nothing is broadcast here: the gradient has the shape of the tensor, a scalar.']);
    expect(code(h[3])).toEqual(['dloss = 1.0']);
  });

  it('keeps the answer out of levels 1 to 3', () => {
    for (const target of ['counts_sum_inv', 'counts', 'h', 'W2', 'b2', 'bnvar_inv', 'emb']) {
      const [line] = step(target).manual.map((m) => m.source);
      const rhs = line.slice(line.indexOf('=') + 1).trim();
      expect(all(hints(target).slice(0, 3)), target).not.toContain(rhs);
    }
  });
});

describe.each(VARIANTS.map((v) => [v]))('hints for every step of %s', (variant) => {
  const { dump, schedule } = lecture(variant);

  it('has exactly four levels, in order, none empty', () => {
    for (const s of schedule.steps) {
      const hints = hintsFor(s, dump.graph);
      expect(hints.map((h) => h.level)).toEqual([1, 2, 3, 4]);
      expect(hints.every((h) => h.blocks.length > 0 && h.title.length > 0)).toBe(true);
    }
  });

  it('gives one local derivative per term, and the manual lines (else the derived ones) as the answer', () => {
    for (const s of schedule.steps) {
      const [, local, , answer] = hintsFor(s, dump.graph);
      expect(texs(local)).toEqual(s.kind === 'seed' ? [expect.any(String)] : s.contributions.map((c) => c.local));
      expect(code(answer)).toEqual(s.manual.length ? s.manual.map((m) => m.source) : s.lines);
    }
  });
});

describe('hints for a fused step', () => {
  it('dlogits in one line: level 1 is every statement the rule skips, level 3 their broadcasts', () => {
    const { dump, step } = lecture('fused-ce');
    const [uses, , story] = hintsFor(step('logits'), dump.graph);
    expect(texts(uses)[0]).toBe(
      'One line takes dloss straight to dlogits 32×27, through 8 statements of the forward pass:',
    );
    expect(texts(uses).slice(1, 3)).toEqual([
      '`logit_maxes = logits.max(1, keepdim=True).values`: logits 32×27 → logit_maxes 32×1',
      '`norm_logits = logits - logit_maxes`: logits 32×27, logit_maxes 32×1 → norm_logits 32×27',
    ]);
    expect(texts(uses).at(-1)).toBe('`loss = -logprobs[range(n), Yb].mean()`: logprobs 32×27, Yb 32 → loss scalar');
    expect(texts(story)).toContain(
      'counts_sum_inv 32×1 is broadcast to 32×27 in `probs = counts * counts_sum_inv`: the line sums over dim 1 there',
    );
  });

  it("dhprebn in one line: the biases broadcast beside the path are not the line's", () => {
    const { dump, step } = lecture('fused-bn');
    const story = texts(hintsFor(step('hprebn'), dump.graph)[2]);
    expect(story[0]).toBe('dhprebn has the shape of hprebn, 32×64; inside the region the line skips:');
    expect(story).toContain(
      'bnmeani 1×64 is broadcast to 32×64 in `bndiff = hprebn - bnmeani`: the line sums over dim 0 there',
    );
    expect(story.join('\n')).not.toMatch(/bngain|bnbias/);
  });
});

describe('hints on a notebook with its own names (two-layers.ipynb)', () => {
  let graph: Graph;
  let schedule: BackwardSchedule;
  const step = (t: string): BackwardStep => schedule.steps.find((s) => s.target === t)!;
  beforeAll(async () => {
    const run = await runFile(`${FIXTURES}/two-layers.ipynb`);
    graph = run.graph!;
    schedule = scheduleGraph(graph);
  }, 60_000);

  it("names the notebook's statements and shapes", () => {
    const [uses, local, story, answer] = hintsFor(step('b2'), graph);
    expect(texts(uses)[1]).toBe('`h2pre = h1 @ W2 + b2`: h1 20×40, W2 40×30, b2 30 → h2pre 20×30');
    expect(texts(local)[0]).toBe('Through `h2pre = h1 @ W2 + b2`, times the gradient arriving from it, dh2pre 20×30:');
    expect(texts(story)).toEqual([
      'b2 30 was broadcast to 20×30 in `h2pre = h1 @ W2 + b2`, so its gradient sums over dim 0',
    ]);
    expect(code(answer)).toEqual(['db2 = dh2pre.sum(0)']);
  });

  it('explains its cross-entropy and its matrix products from its own shapes', () => {
    expect(texts(hintsFor(step('logits'), graph)[0])[1]).toBe(
      '`loss = F.cross_entropy(logits, Yb)`: logits 20×27, Yb 20 → loss scalar',
    );
    const story = texts(hintsFor(step('W3'), graph)[2]).join('\n');
    expect(story).toContain('`h2 @ W3` is a matrix product, 20×30 @ 30×27 → 20×27: the gradient of W3 must be 30×27');
  });

  it("never mentions the lecture's names", () => {
    for (const s of schedule.steps) {
      expect(all(hintsFor(s, graph))).not.toMatch(/counts|bnraw|hpreact|logprobs/);
    }
  });
});

describe('hints on a small graph', () => {
  /** h is used three times, and one name is a prefix of another (h, hh). */
  function graph(): Graph {
    const rec = new Recorder();
    const W = rec.leaf('W', tensor([2, 3], [0.1, 0.2, 0.3, 0.4, 0.5, 0.6]).requireGrad(), 'parameter');
    const h = rec.statement('h = torch.tanh(W)', () => tanh(W));
    const hh = rec.statement('hh = h * h', () => mul(h, h));
    rec.statement('loss = (hh + h).sum()', () => sum(add(hh, h)));
    return rec.graph('loss');
  }

  it('orders operands as the statement reads them, by whole names', () => {
    const g = graph();
    expect(statementShapes(indexGraph(g), 'hh')).toBe('`hh = h * h`: h 2×3 → hh 2×3');
    expect(statementShapes(indexGraph(g), 'loss')).toBe('`loss = (hh + h).sum()`: hh 2×3, h 2×3 → loss scalar');
    // b + c is recorded before the product, and `b` is inside `bb`: the text decides, not the recording.
    const rec = new Recorder();
    const leaf = (n: string, shape: number[]) =>
      rec.leaf(
        n,
        tensor(shape, new Array<number>(shape.reduce((x, y) => x * y, 1)).fill(0.5)).requireGrad(),
        'parameter',
      );
    const [a, bb, b] = [leaf('a', [2, 1]), leaf('bb', [2, 3]), leaf('b', [3])];
    const z = rec.statement('z = a * (bb + b)', () => mul(a, add(b, bb)));
    rec.statement('loss = z.sum()', () => sum(z));
    expect(statementShapes(indexGraph(rec.graph('loss')), 'z')).toBe('`z = a * (bb + b)`: a 2×1, bb 2×3, b 3 → z 2×3');
  });

  it('keeps the recorded order when the statement does not spell every operand (a layer reading self.w)', () => {
    const rec = new Recorder();
    const leaf = (n: string) => rec.leaf(n, tensor([2, 2], [0.1, 0.2, 0.3, 0.4]).requireGrad(), 'parameter');
    const [w, x, y] = [leaf('layers[0].w'), leaf('x'), leaf('y')];
    const z = rec.statement('z = self.w * x + y', () => add(mul(w, x), y));
    rec.statement('loss = z.sum()', () => sum(z));
    expect(statementShapes(indexGraph(rec.graph('loss')), 'z')).toBe(
      '`z = self.w * x + y`: layers[0].w 2×2, x 2×2, y 2×2 → z 2×2',
    );
  });

  it('says += for each term after the first', () => {
    const g = graph();
    const s = scheduleGraph(g).steps.find((st) => st.target === 'h')!;
    const hints = hintsFor(s, g);
    expect(s.contributions.length).toBe(3);
    expect(texts(hints[2]).at(-1)).toBe(
      'h is used 3 times, so its gradient is the sum of 3 terms: write the first with `=` and add each other one with `+=`.',
    );
    expect(texts(hints[0])[0]).toBe('h 2×3 is used in 2 statements, and its gradient collects a term from each:');
    expect(code(hints[3])).toEqual(s.lines);
    expect(texts(hints[3])[0]).toBe('Derived from the rules (3 lines):');
  });
});

describe("exercise mode's answer hint", () => {
  const { dump, step } = lecture('atomic');

  it("is the lecture's line on the lecture's graph, whatever the step's manual lines are", () => {
    const answers = lectureAnswers(dump.graph)!;
    expect(answers.get('counts')).toEqual([
      'dcounts = counts_sum_inv * dprobs',
      'dcounts += torch.ones_like(counts) * dcounts_sum',
    ]);
    const h = hintsFor(
      { ...step('logprobs'), manual: [{ source: 'dlogprobs = 0 # mine', accumulate: false }] },
      dump.graph,
      answers.get('logprobs'),
    );
    expect(texts(h[3])[0]).toBe("The lecture's line:");
    expect(code(h[3])).toEqual(['dlogprobs = torch.zeros_like(logprobs); dlogprobs[range(n), Yb] = -1.0/n']);
  });

  it('is derived from the rules, not the learner lines, when there is no lecture line', () => {
    const s = { ...step('probs'), manual: [{ source: 'dprobs = 0 # mine', accumulate: false }] };
    const h = hintsFor(s, dump.graph, null);
    expect(code(h[3])).toEqual(s.lines);
    expect(code(h[3])).not.toContain('dprobs = 0 # mine');
  });

  it('knows a notebook with other names is not the lecture', async () => {
    const run = await runFile(`${FIXTURES}/two-layers.ipynb`);
    expect(lectureAnswers(run.graph!)).toBeNull();
  }, 60_000);
});
