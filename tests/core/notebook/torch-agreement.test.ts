/**
 * Notebooks written the ways learners write them, run here and with real PyTorch 1.13
 * (tests/fixtures/notebooks/make_notebook_fixtures.py): the same output, the same errors on the same lines,
 * the same checks, and a graph with the learner's names and torch's shapes. The expected names are read
 * off each notebook's source by hand.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { scheduleGraph } from '../../../core/backprop/schedule';
import { PARAM_NAMES, TENSOR_NAMES } from '../../../core/mlp/names';
import type { NotebookRun } from '../../../core/notebook/types';
import { FIXTURES, runFile, SAMPLE, stdoutOf, torchRecord, type TorchRecord } from './notebooks';
import { outputDifference } from './output-compare';

/** The lecture's parameters, batch and named steps: the names the sample notebook assigns. */
const LECTURE = [...PARAM_NAMES, 'Xb', 'Yb', ...TENSOR_NAMES];

/** notebook → the named nodes its graph must have (null: the notebook never builds a graph). */
/** `rebound`: names the notebook binds again later, so PyTorch's shape at backward() is not the graph node's. */
const CASES: Record<string, { names: string[] | null; shapes?: Record<string, number[]>; rebound?: string[] }> = {
  [SAMPLE]: { names: LECTURE },
  [`${FIXTURES}/own-names.py`]: {
    names: [
      'table',
      'w_in',
      'b_in',
      'w_out',
      'b_out',
      'gain',
      'shift',
      'x_batch',
      'y_batch',
      'embed',
      'embed_flat',
      'h_preact_bn',
      'batch_mean',
      'centred',
      'batch_norm_var',
      'batch_norm_var_inv',
      'normed',
      'h_preact',
      'hidden_act',
      'logits',
      'log_probs',
      'loss',
    ],
  },
  [`${FIXTURES}/layers.ipynb`]: {
    names: [
      'C',
      'layers[0].weight',
      'layers[1].gamma',
      'layers[1].beta',
      'layers[3].weight',
      'layers[3].bias',
      'Xb',
      'Yb',
      'emb',
      'x',
      'layers[0].out',
      'xmean',
      'xvar',
      'xhat',
      'layers[1].out',
      'layers[2].out',
      'layers[3].out',
      'loss',
    ],
    rebound: ['x'],
    shapes: {
      'layers[0].out': [32, 32],
      'layers[1].out': [32, 32],
      'layers[2].out': [32, 32],
      'layers[3].out': [32, 27],
      'layers[0].weight': [30, 32],
    },
  },
  [`${FIXTURES}/two-layers.ipynb`]: {
    names: [
      'C',
      'W1',
      'b1',
      'W2',
      'b2',
      'W3',
      'b3',
      'Xb',
      'Yb',
      'emb',
      'embcat',
      'h1pre',
      'h1',
      'h2pre',
      'h2',
      'logits',
      'loss',
    ],
  },
  [`${FIXTURES}/torch-basics.py`]: { names: ['a', 'w', 'y', 'loss'] },
  [`${FIXTURES}/cat-stack.py`]: { names: ['emb', 'weights', 'x', 'loss'] },
  [`${FIXTURES}/train-loop.py`]: { names: null },
  [`${FIXTURES}/syntax-error.py`]: { names: null },
  [`${FIXTURES}/name-error.ipynb`]: { names: null },
  [`${FIXTURES}/nested/parent-names.ipynb`]: { names: null },
};

describe.each(Object.keys(CASES))('%s against PyTorch', (path) => {
  let run: NotebookRun;
  let torch: TorchRecord;
  beforeAll(async () => {
    run = await runFile(path);
    torch = torchRecord(path);
  }, 120_000);

  it('prints what PyTorch prints', () => {
    expect(outputDifference(stdoutOf(run), torch.stdout)).toBeNull();
    const ran = run.cells.filter((c) => c.kind === 'code' && c.ran);
    expect(ran.length).toBe(torch.cells.length);
    ran.forEach((c, i) => expect(outputDifference(c.stdout, torch.cells[i].stdout)).toBeNull());
  });

  it('fails where PyTorch fails, on the same line', () => {
    if (!torch.error) {
      expect(run.error).toBeNull();
      return;
    }
    expect(run.error).toMatchObject({ type: torch.error.type, line: torch.error.line });
    const codeCells = run.cells.filter((c) => c.kind === 'code');
    expect(codeCells.findIndex((c) => c.index === run.error!.cell)).toBe(torch.error.cell);
  });

  it('checks every cmp as PyTorch does', () => {
    if (torch.checks.length === 0) return;
    expect(run.checks.map((c) => c.label)).toEqual(torch.checks.map((c) => c.label));
    run.checks.forEach((c, i) => {
      const t = torch.checks[i];
      expect(c.line).toBe(t.line);
      expect(c.shape).toEqual(t.shape);
      expect(c.expected_shape).toEqual(t.expected_shape);
      expect(c.approx).toBe(t.approx);
      // Exactness and maxdiff beyond rounding noise: PyTorch's kernels sum in another order.
      if (t.maxdiff! > 1e-6) expect(c.maxdiff!).toBeCloseTo(t.maxdiff!, 6);
      else expect(c.maxdiff!).toBeLessThanOrEqual(1e-6);
    });
  });

  it("records a graph with the learner's names and PyTorch's shapes", () => {
    const { names, shapes, rebound = [] } = CASES[path];
    if (names === null) {
      expect(run.graph).toBeNull();
      return;
    }
    const graph = run.graph!;
    const named = graph.nodes.filter((n) => n.kind !== 'op').map((n) => n.id);
    expect(new Set(named)).toEqual(new Set(names));
    expect(graph.output).toBe('loss');
    const expected: Record<string, number[]> = { ...(torch.shapes ?? {}), ...(shapes ?? {}) };
    for (const r of rebound) delete expected[r];
    for (const n of graph.nodes) if (expected[n.id]) expect([n.id, n.shape]).toEqual([n.id, expected[n.id]]);
    const compared = graph.nodes.filter((n) => expected[n.id]).length;
    expect(compared).toBeGreaterThanOrEqual(Math.min(names.length, 4));
  });

  it('has a backward schedule: a step for every named tensor, each term of its shape', () => {
    if (CASES[path].names === null) return;
    // scheduleGraph throws when an op has no rule or a term's shape is not its target's.
    const steps = scheduleGraph(run.graph!).steps.map((s) => s.target);
    const named = run.graph!.nodes.filter((n) => n.kind !== 'op' && n.kind !== 'data').map((n) => n.id);
    expect(new Set(steps)).toEqual(new Set(named));
  });
});

describe('pairing by name where a notebook has no cmp', () => {
  it('checks each d<name> against its tensor, with the two planted mistakes found', async () => {
    const run = await runFile(`${FIXTURES}/two-layers.ipynb`);
    const verdicts = Object.fromEntries(run.checks.map((c) => [c.target, c.verdict]));
    expect(Object.keys(verdicts).sort()).toEqual(
      ['W1', 'W2', 'W3', 'b1', 'b2', 'b3', 'h1', 'h1pre', 'h2', 'h2pre', 'logits'].sort(),
    );
    expect(verdicts.b2).toBe('shape');
    const b2 = run.checks.find((c) => c.target === 'b2')!;
    expect(b2.message).toMatch(/^db2 is 1×30 but b2 is 30: it was broadcast over dim 0 in `h2pre = h1 @ W2 \+ b2`/);
    expect(b2.diagnosis?.kind).toBe('wrong-dim');
    expect(verdicts.W1).toBe('wrong');
    const w1 = run.checks.find((c) => c.target === 'W1')!;
    expect(w1.diagnosis?.kind).toBe('factor');
    expect(w1.message).toContain("dW1 is autograd's gradient of W1 times 2");
    // db1 reads dh1pre, which is right: no blame passed on.
    expect(run.checks.find((c) => c.target === 'b1')!.diagnosis?.kind).not.toBe('upstream');
    for (const ok of ['W2', 'W3', 'b1', 'b3', 'h1', 'h1pre', 'h2', 'h2pre', 'logits'])
      expect(['exact', 'approx']).toContain(verdicts[ok]);
  });
});
