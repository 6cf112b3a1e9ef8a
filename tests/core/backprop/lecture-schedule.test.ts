/** The backward schedule of the lecture's MLP, in every variant, checked against the graph, the dump and the lecture. */
import katex from 'katex';
import { describe, expect, it } from 'vitest';
import { buildSchedule } from '../../../core/mlp/lecture-schedule';
import { VARIANTS, type Variant } from '../../../core/mlp/config';
import { manualSteps } from '../../../core/mlp/manual-backward';
import { PARAM_NAMES, TENSOR_NAMES } from '../../../core/mlp/names';
import { texName } from '../../../core/ops/symbolic/expr';
import { lecture } from './lecture-runs';

const CE_SKIPPED = ['logprobs', 'probs', 'counts_sum_inv', 'counts_sum', 'counts', 'norm_logits', 'logit_maxes'];
const BN_SKIPPED = ['bnraw', 'bnvar_inv', 'bnvar', 'bndiff2', 'bndiff', 'bnmeani'];
const SKIPPED: Record<Variant, string[]> = {
  atomic: [],
  'fused-ce': CE_SKIPPED,
  'fused-bn': BN_SKIPPED,
  fused: [...CE_SKIPPED, ...BN_SKIPPED],
};

const BROADCAST_SENTENCES: Record<string, string> = {
  counts_sum_inv:
    'counts_sum_inv 32×1 was broadcast to 32×27 in `probs = counts * counts_sum_inv`, so its gradient sums over dim 1, keepdim',
  logit_maxes:
    'logit_maxes 32×1 was broadcast to 32×27 in `norm_logits = logits - logit_maxes`, so its gradient sums over dim 1, keepdim',
  b2: 'b2 27 was broadcast to 32×27 in `logits = h @ W2 + b2`, so its gradient sums over dim 0',
  bngain:
    'bngain 1×64 was broadcast to 32×64 in `hpreact = bngain * bnraw + bnbias`, so its gradient sums over dim 0, keepdim',
  bnbias:
    'bnbias 1×64 was broadcast to 32×64 in `hpreact = bngain * bnraw + bnbias`, so its gradient sums over dim 0, keepdim',
  bnvar_inv:
    'bnvar_inv 1×64 was broadcast to 32×64 in `bnraw = bndiff * bnvar_inv`, so its gradient sums over dim 0, keepdim',
  bnmeani:
    'bnmeani 1×64 was broadcast to 32×64 in `bndiff = hprebn - bnmeani`, so its gradient sums over dim 0, keepdim',
  b1: 'b1 64 was broadcast to 32×64 in `hprebn = embcat @ W1 + b1`, so its gradient sums over dim 0',
};

/** [step target, reduction node, sentence] */
const EXPANSIONS: [string, string, string][] = [
  [
    'counts',
    'counts_sum',
    'counts_sum 32×1 is the sum of counts over dim 1, so dcounts_sum is broadcast back to 32×27',
  ],
  [
    'hprebn',
    'bnmeani/sum#1',
    '`hprebn.sum(0, keepdim=True)` 1×64 is the sum of hprebn over dim 0, so `1/32 * dbnmeani` is broadcast back to 32×64',
  ],
  [
    'bndiff2',
    'bnvar/sum#1',
    '`bndiff2.sum(0, keepdim=True)` 1×64 is the sum of bndiff2 over dim 0, so `1/31 * dbnvar` is broadcast back to 32×64',
  ],
  [
    'logits',
    'logit_maxes',
    'logit_maxes 32×1 is the max of logits over dim 1, so dlogit_maxes flows back to 32×27, to the argmax along dim 1 only',
  ],
  [
    'logprobs',
    'loss/mean#2',
    '`logprobs[range(32), Yb].mean()` scalar is the mean of `logprobs[range(32), Yb]` over all its elements, so `-dloss` is broadcast back to 32, divided by 32',
  ],
];

/** [step target, kind, node] */
const SPECIALS: [string, string, string][] = [
  ['logits', 'argmax', 'logit_maxes'],
  ['logprobs', 'scatter-add', 'loss/pick#1'],
  ['C', 'scatter-add', 'emb'],
  ['emb', 'view-back', 'embcat'],
  ['h', 'matmul-transpose', 'logits/matmul#1'],
  ['W2', 'matmul-transpose', 'logits/matmul#1'],
  ['embcat', 'matmul-transpose', 'hprebn/matmul#1'],
  ['W1', 'matmul-transpose', 'hprebn/matmul#1'],
];

describe.each(VARIANTS.map((v) => [v]))('backward schedule, lecture config, %s', (variant) => {
  const { run, dump, schedule, step } = lecture(variant);
  const skipped = SKIPPED[variant];
  const nodes = new Map(dump.graph.nodes.map((n) => [n.id, n]));
  const position = new Map(schedule.steps.map((s, i) => [s.target, i]));
  const head = (id: string) => nodes.get(id)!.group ?? id;

  it('starts at loss and visits every tensor after all the statements that read it', () => {
    expect(schedule.steps[0].target).toBe('loss');
    expect(schedule.steps[0].kind).toBe('seed');
    expect(schedule.steps.map((s) => s.index)).toEqual(schedule.steps.map((_, i) => i));
    for (const s of schedule.steps) {
      for (const reader of dump.graph.nodes.filter((n) => n.inputs.includes(s.target))) {
        const h = head(reader.id);
        // A skipped reader is covered by the fused step, which starts from the rule's `from` tensor.
        const before = skipped.includes(h)
          ? schedule.steps.find((f) => f.fused?.collapsed.includes(h))!.contributions[0].consumer
          : h;
        if (skipped.includes(h)) expect(s.fused?.collapsed).toContain(h);
        expect(position.get(before), `${before} before ${s.target}`).toBeLessThan(s.index);
      }
    }
  });

  it('gives every named tensor and parameter exactly one step, except those the fused rules skip', () => {
    const targets = schedule.steps.map((s) => s.target);
    expect(new Set(targets).size).toBe(targets.length);
    expect(Object.keys(schedule.collapsed).sort()).toEqual([...skipped].sort());
    expect([...targets, ...skipped].sort()).toEqual([...TENSOR_NAMES, ...PARAM_NAMES].sort());
    expect(targets).not.toContain('Xb');
    expect(targets).not.toContain('Yb');
  });

  it("completes each gradient where the lecture's manual backward writes its last line for it", () => {
    const lastOrder = manualSteps(variant)
      .map((l) => l.target)
      .filter((t, i, all) => all.lastIndexOf(t) === i);
    expect(schedule.steps.map((s) => s.target)).toEqual(lastOrder);
  });

  it('has gradients shaped like their tensors, in every term', () => {
    for (const s of schedule.steps) {
      const shape = (dump.tensors[s.target] ?? dump.params[s.target]).shape;
      expect(s.shape, s.target).toEqual(shape);
      for (const c of s.contributions) expect(c.shape, `${s.target} from ${c.consumer}`).toEqual(shape);
    }
  });

  it('explains each broadcast that the backward sums away', () => {
    const expected = Object.entries(BROADCAST_SENTENCES).filter(([name]) => !skipped.includes(name));
    const all = schedule.steps.flatMap((s) => s.reductions.map((r) => [s.target, r] as const));
    expect(all.map(([, r]) => r.operand).sort()).toEqual(expected.map(([name]) => name).sort());
    for (const [name, sentence] of expected) {
      const reductions = step(name).reductions;
      expect(reductions).toHaveLength(1);
      expect(reductions[0].sentence).toBe(sentence);
      expect(reductions[0].keepdim).toBe(!['b1', 'b2'].includes(name));
    }
    if (!skipped.includes('counts_sum_inv')) {
      expect(step('counts_sum_inv').reductions[0]).toMatchObject({
        node: 'probs',
        input: 1,
        from: [32, 1],
        to: [32, 27],
        dims: [1],
        stretched: [1],
        prepended: [],
        text: '.sum(1, keepdim=True)',
      });
    }
    expect(step('b1').reductions[0]).toMatchObject({
      node: 'hprebn',
      from: [64],
      to: [32, 64],
      dims: [0],
      prepended: [0],
      text: '.sum(0)',
    });
  });

  it('explains each reduction that the backward broadcasts back', () => {
    const expected = EXPANSIONS.filter(([target, node]) => !skipped.includes(target) && !skipped.includes(head(node)));
    expect(schedule.steps.flatMap((s) => s.expansions.map((e) => e.node)).sort()).toEqual(
      expected.map(([, node]) => node).sort(),
    );
    for (const [target, node, sentence] of expected) {
      const e = step(target).expansions.find((x) => x.node === node)!;
      expect(e.sentence).toBe(sentence);
      expect(e.from).toEqual(nodes.get(node)!.shape);
      expect(e.to).toEqual(nodes.get(nodes.get(node)!.inputs[0])!.shape);
    }
  });

  it('tags max, row picking, embedding, view and matmul', () => {
    const expected = SPECIALS.filter(([target, , node]) => !skipped.includes(target) && !skipped.includes(head(node)));
    for (const [target, kind, node] of expected) {
      expect(
        step(target).special.map((s) => [s.kind, s.node]),
        target,
      ).toContainEqual([kind, node]);
    }
    const tagged = schedule.steps.flatMap((s) =>
      s.special.filter((x) => x.kind !== 'fused').map((x) => `${s.target}:${x.kind}`),
    );
    expect(tagged.sort()).toEqual(expected.map(([t, k]) => `${t}:${k}`).sort());
    expect(step('h').special[0].note).toContain('dh = dlogits @ W2.T and dW2 = h.T @ dlogits');
  });

  it("lists the variant's manual statements for each target, in order", () => {
    const lines = manualSteps(variant);
    for (const s of schedule.steps) {
      expect(s.manual).toEqual(
        lines.filter((l) => l.target === s.target).map((l) => ({ source: l.source, accumulate: l.accumulate })),
      );
    }
    expect(schedule.steps.flatMap((s) => s.manual).length).toBe(lines.length);
  });

  it("carries the run's cmp for each step", () => {
    for (const s of schedule.steps) expect(s.cmp, s.target).toEqual(run.cmp[s.target as keyof typeof run.cmp] ?? null);
    expect(schedule.steps.every((s) => s.cmp !== null)).toBe(true);
  });

  it('orders the += terms as autograd adds them, latest reader first', () => {
    const terms = (t: string) => step(t).contributions.map((c) => [c.consumer, c.accumulate]);
    if (variant === 'atomic') {
      expect(terms('counts')).toEqual([
        ['probs', false],
        ['counts_sum', true],
      ]);
      expect(terms('logits')).toEqual([
        ['norm_logits', false],
        ['logit_maxes', true],
      ]);
      expect(terms('bndiff')).toEqual([
        ['bnraw', false],
        ['bndiff2', true],
      ]);
      expect(terms('hprebn')).toEqual([
        ['bndiff', false],
        ['bnmeani', true],
      ]);
    }
    for (const s of schedule.steps) {
      expect(s.lines.map((l) => l.split(' ')[1])).toEqual(
        s.contributions.length === 0 ? ['='] : s.contributions.map((c) => (c.accumulate ? '+=' : '=')),
      );
    }
  });

  it('collapses the skipped tensors into one fused step per rule', () => {
    const fused = schedule.steps.filter((s) => s.fused);
    expect(fused.flatMap((s) => s.fused!.collapsed).sort()).toEqual([...skipped].sort());
    if (skipped.includes('probs')) {
      const s = step('logits');
      expect(s.fused!.rule).toBe('fused-ce');
      expect(s.contributions).toHaveLength(1);
      expect(s.contributions[0]).toMatchObject({ consumer: 'loss', fused: 'fused-ce' });
      expect(s.lines).toEqual(['dlogits = (F.softmax(logits, 1) - F.one_hot(Yb, num_classes=27)) / 32 * dloss']);
      expect(s.completes).toEqual(expect.arrayContaining(CE_SKIPPED));
      expect(position.get('logits')).toBe(1);
    }
    if (skipped.includes('bnraw')) {
      const s = step('hprebn');
      expect(s.fused!.rule).toBe('fused-bn');
      expect(s.contributions.map((c) => c.consumer)).toEqual(['hpreact']);
      expect(s.lines).toEqual([
        'dhprebn = bngain * bnvar_inv / 32 * (32*dhpreact - dhpreact.sum(0) - 32/31 * bnraw * (dhpreact * bnraw).sum(0))',
      ]);
      expect(s.completes).toEqual(expect.arrayContaining(BN_SKIPPED));
      // bngain and bnbias still get their own steps: the fused line only replaces hpreact → hprebn.
      expect(step('bngain').contributions[0].text).toBe('(bnraw * dhpreact).sum(0, keepdim=True)');
      // Too long for one line in the step panel: it also comes as aligned lines, one per term of the sum.
      expect(s.latexAligned!.split('\\\\')).toHaveLength(4);
      expect(s.contributions[0].localAligned!.split('\\\\')).toHaveLength(4);
    }
  });

  it('animates along real edges and completes every node that gets a gradient exactly once, after its readers', () => {
    const completedAt = new Map<string, number>();
    for (const s of schedule.steps) {
      for (const e of s.activeEdges)
        expect(nodes.get(e.consumer)!.inputs, `${e.producer} → ${e.consumer}`).toContain(e.producer);
      for (const c of s.contributions) {
        expect(c.edges[0].consumer).toBe(c.consumer);
        expect(c.edges[c.edges.length - 1].producer).toBe(s.target);
      }
      expect(s.completes[0]).toBe(s.target);
      for (const id of s.completes) {
        expect(completedAt.has(id), id).toBe(false);
        completedAt.set(id, s.index);
      }
    }
    const gets = dump.graph.nodes.filter((n) => n.kind !== 'data');
    expect([...completedAt.keys()].sort()).toEqual(gets.map((n) => n.id).sort());
    for (const n of dump.graph.nodes) {
      for (const i of n.inputs)
        if (completedAt.has(i))
          expect(completedAt.get(n.id)!, `${n.id} before ${i}`).toBeLessThanOrEqual(completedAt.get(i)!);
    }
  });

  it('is plain JSON, and the same when built from the dump read back from JSON', () => {
    expect(JSON.parse(JSON.stringify(schedule))).toStrictEqual(schedule);
    expect(buildSchedule(JSON.parse(JSON.stringify(dump)))).toStrictEqual(schedule);
  });

  it('renders every formula with KaTeX', () => {
    for (const s of schedule.steps) {
      const aligned = [s.latexAligned, ...s.contributions.map((c) => c.localAligned)].filter((t) => t !== null);
      for (const tex of [s.latex, ...s.contributions.flatMap((c) => [c.latex, c.local]), ...aligned]) {
        expect(() => katex.renderToString(tex, { throwOnError: true }), tex).not.toThrow();
      }
    }
  });
});

describe('backward schedule formulas', () => {
  it("derive the lecture's own lines for the tensors where it writes the plain chain rule", () => {
    const { schedule } = lecture('atomic');
    // The lecture writes these differently on purpose: `.clone()`, `torch.ones_like(x) * d`, `(1.0/(n-1))`.
    const different = ['loss', 'logprobs', 'counts', 'logits', 'bndiff2', 'hprebn'];
    const same = schedule.steps.filter((s) => !different.includes(s.target));
    expect(same.length).toBe(21);
    for (const s of same) expect(s.lines, s.target).toEqual(s.manual.map((m) => m.source));
    const counts = schedule.steps.find((s) => s.target === 'counts')!;
    expect(counts.lines[0]).toBe(counts.manual[0].source);
  });

  it('give every local derivative in one notation: (·) times the Jacobian, written out as what it does', () => {
    const { step, schedule } = lecture('atomic');
    const head = (consumer: string, target: string) =>
      `(\\cdot)\\,\\frac{\\partial\\,${texName(consumer)}}{\\partial\\,${texName(target)}} = `;
    // The broadcast undone is part of it: dcounts_sum_inv sums over dim 1.
    expect(step('counts_sum_inv').contributions[0].local).toBe(
      head('probs', 'counts_sum_inv') + '\\operatorname{sum}_{1}\\left(\\mathrm{counts} \\odot (\\cdot)\\right)',
    );
    expect(step('bnvar').contributions[0].local).toBe(
      head('bnvar_inv', 'bnvar') +
        '\\left(-0.5\\,\\left(\\mathrm{bnvar} + 10^{-5}\\right)^{-1.5}\\right) \\odot (\\cdot)',
    );
    expect(step('b2').contributions[0].local).toBe(
      head('logits', 'b2') + '\\operatorname{sum}_{0}\\left(\\cdot\\right)',
    );
    expect(step('W2').contributions[0].local).toBe(head('logits', 'W2') + '\\mathrm{h}^{\\top}\\,(\\cdot)');
    // Inside a function's own parentheses the incoming gradient is a bare dot, not `((·))`.
    expect(step('counts').contributions[1].local).toBe(
      head('counts_sum', 'counts') + '\\operatorname{expand}_{32 \\times 27}\\left(\\cdot\\right)',
    );
    expect(step('C').contributions[0].local).toBe(
      head('emb', 'C') + '\\operatorname{scatter\\_add}_{\\mathrm{Xb}}\\left(\\cdot\\right)',
    );
    for (const variant of VARIANTS) {
      for (const s of lecture(variant).schedule.steps) {
        for (const c of s.contributions) {
          expect(c.local.startsWith(head(c.consumer, s.target)), c.local).toBe(true);
          // Every term's formula is its local derivative applied to d<consumer>.
          const d = `d${texName(c.consumer)}`;
          const applied = c.local
            .slice(head(c.consumer, s.target).length)
            .replaceAll('\\left(\\cdot\\right)', `\\left(${d}\\right)`)
            .replaceAll('(\\cdot)', d);
          expect(applied).toBe(c.latex);
          // One product sign between tensors: no `\cdot` but the placeholder's own.
          expect(c.latex.replace(/\(\\cdot\)|\\left\(\\cdot\\right\)/g, ''), c.latex).not.toContain('\\cdot');
        }
      }
    }
    expect(schedule.steps.length).toBeGreaterThan(0);
  });

  it('write dlogprobs as the lecture does: -1/n times dloss where Yb picks, 0 elsewhere, shaped like logprobs', () => {
    const s = lecture('atomic').step('logprobs');
    expect(s.lines).toEqual(['dlogprobs = F.one_hot(Yb, num_classes=27) * (-dloss / 32)']);
    expect(s.latex).toBe(
      'd\\mathrm{logprobs} = \\operatorname{onehot}_{27}\\left(\\mathrm{Yb}\\right) \\odot \\frac{-d\\mathrm{loss}}{32}',
    );
    // Each factor broadcasts: 32×27 ⊙ a 0-d tensor, nothing left 32-long to misalign.
    expect(s.contributions[0].shape).toEqual([32, 27]);
    expect(s.latex).not.toContain('expand');
    // The lecture's own line, for comparison.
    expect(s.manual[0].source).toContain('dlogprobs[range(n), Yb] = -1.0/n');
  });

  it('follow the config: other sizes give other shapes, sentences and constants', () => {
    const { step, schedule, dump } = lecture('atomic', { n_embd: 4, n_hidden: 16, block_size: 5, batch_size: 8 });
    for (const s of schedule.steps) expect(s.shape).toEqual((dump.tensors[s.target] ?? dump.params[s.target]).shape);
    expect(step('b1').reductions[0].sentence).toBe(
      'b1 16 was broadcast to 8×16 in `hprebn = embcat @ W1 + b1`, so its gradient sums over dim 0',
    );
    expect(step('counts').expansions[0].sentence).toBe(
      'counts_sum 8×1 is the sum of counts over dim 1, so dcounts_sum is broadcast back to 8×27',
    );
    expect(step('bndiff2').lines).toEqual(['dbndiff2 = (1/7 * dbnvar).expand(8, 16)']);
    expect(step('emb').lines).toEqual(['demb = dembcat.view(emb.shape)']);
    expect(step('emb').special[0].note).toBe('embcat is emb seen as 8×20, so its gradient is viewed back to 8×5×4');
    const fused = lecture('fused-bn', { n_embd: 4, n_hidden: 16, block_size: 5, batch_size: 8 });
    expect(fused.step('hprebn').lines[0]).toContain('/ 8 * (8*dhpreact - dhpreact.sum(0) - 8/7 * bnraw');
  });
});
