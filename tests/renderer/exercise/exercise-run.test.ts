/**
 * An exercise's check as the views read it: the cmp numbers of each verdict, the last line of each gradient,
 * the learner's lines for the step panel, and the inspector's manual gradient from the check.
 */
import { describe, expect, it } from 'vitest';
import type { Graph, GraphNode } from '../../../core/graph/types';
import type { BackwardCheck, LineVerdict } from '../../../core/notebook/exercise-types';
import type { NotebookRun } from '../../../core/notebook/types';
import { cmpOfVerdict, exerciseRun, learnerLines } from '../../../src-renderer/exercise/exercise-run';

const v = (line: number, verdict: LineVerdict['verdict'], target: string | null, over: Partial<LineVerdict> = {}) =>
  ({
    line,
    endLine: line,
    verdict,
    grad: target && `d${target}`,
    target,
    maxdiff: 0.5,
    message: '',
    diagnosis: null,
    ...over,
  }) satisfies LineVerdict;

const SOURCE = 'dh = torch.ones(2)\ndW = 1 - h**2\ndW += 0\nfor i in range(2):\n  dW[i] += 0';
const check: BackwardCheck = {
  cell: 3,
  // `accumulate` as the source analysis marks `dW += 0` and the loop.
  lines: [
    v(1, 'exact', 'h'),
    v(2, 'wrong', 'W'),
    v(3, 'approx', 'W', { accumulate: true }),
    v(4, 'shape', 'W', { endLine: 5, accumulate: true }),
  ],
  error: null,
  stdout: '',
  manual: { h: { shape: [2], data: [1, 1] } },
  elapsed: 2,
};

const node = (id: string, over: Partial<GraphNode> = {}): GraphNode => ({
  id,
  name: id,
  kind: 'tensor',
  op: 'tanh',
  attrs: {},
  inputs: [],
  shape: [2],
  dtype: 'float32',
  statement: null,
  line: null,
  group: null,
  broadcasts: [],
  ...over,
});
const graph: Graph = {
  version: 1,
  source: ['h = torch.tanh(W)', 'loss = h.sum()'],
  nodes: [
    node('W', { kind: 'parameter', op: null }),
    node('h', { inputs: ['W'], line: 0 }),
    node('loss', { op: 'sum', inputs: ['h'], shape: [], line: 1 }),
  ],
  output: 'loss',
};
const run: NotebookRun & { graph: Graph } = {
  source: 'mine.ipynb',
  format: 'ipynb',
  graph,
  cells: [],
  notes: [],
  figures: [],
  error: null,
  checks: [],
  tensors: {
    W: { shape: [2], dtype: 'float32', data: [0.5, -1], grad: [0.8, 0.4], manual: null },
    h: { shape: [2], dtype: 'float32', data: [0.46, -0.76], grad: [1, 1], manual: null },
    loss: { shape: [], dtype: 'float32', data: [-0.3], grad: [1], manual: null },
  },
};

describe("an exercise's check for the views", () => {
  it('gives cmp numbers for the verdicts that compared numbers only', () => {
    expect(cmpOfVerdict(v(1, 'exact', 'h'))).toEqual({ exact: true, approx: true, maxdiff: 0.5 });
    expect(cmpOfVerdict(v(1, 'approx', 'h'))).toEqual({ exact: false, approx: true, maxdiff: 0.5 });
    expect(cmpOfVerdict(v(1, 'wrong', 'h'))).toEqual({ exact: false, approx: false, maxdiff: 0.5 });
    for (const k of ['shape', 'error', 'pending'] as const) expect(cmpOfVerdict(v(1, k, 'h'))).toBeNull();
  });

  it("lists the learner's lines per gradient, a loop whole and accumulating", () => {
    expect(learnerLines(check, SOURCE)).toEqual([
      { target: 'h', source: 'dh = torch.ones(2)', accumulate: false },
      { target: 'W', source: 'dW = 1 - h**2', accumulate: false },
      { target: 'W', source: 'dW += 0', accumulate: true },
      { target: 'W', source: 'for i in range(2):\n  dW[i] += 0', accumulate: true },
    ]);
  });

  it('leaves out a cmp line that repeats its gradient verdict: it checks dh but does not write it', () => {
    const withCmp: BackwardCheck = { ...check, lines: [v(1, 'exact', 'h'), v(2, 'exact', 'h', { checksOnly: true })] };
    expect(learnerLines(withCmp, "dh = torch.ones(2)\ncmp('h', dh, h)").map((l) => l.source)).toEqual([
      'dh = torch.ones(2)',
    ]);
  });

  it("puts the last line's verdict of each gradient in the cmp table, and the check's gradient in the inspector", () => {
    const shown = exerciseRun(run, 'mine.ipynb', check, SOURCE);
    expect(shown.cmpRows).toEqual(['h', 'W']);
    expect(shown.verdicts?.get('W')?.line).toBe(4);
    expect(shown.tensors.h.manual_grad).toEqual([1, 1]);
    expect(shown.tensors.h.exact).toBe(true);
    expect(shown.params.W.manual_grad).toBeNull();
    expect(shown.params.W.exact).toBeNull();
    const steps = shown.schedule().steps;
    expect(steps.find((s) => s.target === 'h')?.manual.map((m) => m.source)).toEqual(['dh = torch.ones(2)']);
    expect(steps.find((s) => s.target === 'h')?.cmp).toEqual({ exact: true, approx: true, maxdiff: 0.5 });
  });
});
