/**
 * A notebook's run as the views read it: the learner's manual lines found in their code, each code line
 * with its number, graph statement, checks and exception, the run adapted for the inspector and player,
 * and the matplotlib figures grouped and measured. Small hand-written runs, so every expectation is read
 * off the test's own data.
 */
import { describe, expect, it } from 'vitest';
import type { Graph, GraphNode } from '../../../core/graph/types';
import type { CellResult, Check, Figure, NotebookRun } from '../../../core/notebook/types';
import type { GradientWrite, SourceStatement } from '../../../core/notebook/source-analysis';
import { manualLines } from '../../../src-renderer/notebook/manual-lines';
import { cellLines, statementIndex } from '../../../src-renderer/notebook/cell-lines';
import { notebookRun, verdictsWithoutNumbers } from '../../../src-renderer/notebook/notebook-run';
import { groupFigures, plotOf, PLOT_H } from '../../../src-renderer/notebook/figures';

const code = (index: number, source: string, ran = true): CellResult => ({
  index,
  kind: 'code',
  source,
  stdout: '',
  error: null,
  ran,
});
// Each cell's statements as the source analysis (core/python/_bp_source.py) reads them.
const st = (line: number, text: string, grads: GradientWrite[]): SourceStatement => ({
  line,
  end: line,
  targets: grads.map((g) => g.name),
  reads: [],
  grads,
  cmps: [],
  text,
});
const set = (name: string): GradientWrite => ({ name, op: '=', indexed: false, accumulate: false });
const add = (name: string, indexed = false): GradientWrite => ({ name, op: '+=', indexed, accumulate: true });

const check = (target: string, grad: string, over: Partial<Check> = {}): Check => ({
  cell: 1,
  line: 1,
  label: target,
  target,
  grad_name: grad,
  shape: [2],
  expected_shape: [2],
  exact: true,
  approx: true,
  maxdiff: 0,
  verdict: 'exact',
  message: '',
  diagnosis: null,
  ...over,
});

describe("the learner's manual lines", () => {
  it('are the lines that assign each checked gradient, in order, with += and indexed writes as accumulation', () => {
    const cells = [
      {
        ...code(0, 'dh = dlogits @ W2.T\nprint(dh == 0)\ndhx = 1'),
        statements: [
          st(1, 'dh = dlogits @ W2.T', [set('dh')]),
          st(2, 'print(dh == 0)', []),
          st(3, 'dhx = 1', [set('dhx')]),
        ],
      },
      {
        ...code(1, 'dC = torch.zeros_like(C)\n  dC[ix] += demb[k]\ndh += 0'),
        statements: [
          st(1, 'dC = torch.zeros_like(C)', [set('dC')]),
          st(2, 'dC[ix] += demb[k]', [add('dC', true)]),
          st(3, 'dh += 0', [add('dh')]),
        ],
      },
      { ...code(2, 'dh = never_ran', false), statements: [st(1, 'dh = never_ran', [set('dh')])] },
    ];
    expect(manualLines(cells, [check('h', 'dh'), check('C', 'dC')])).toEqual([
      { target: 'h', source: 'dh = dlogits @ W2.T', accumulate: false },
      { target: 'h', source: 'dh += 0', accumulate: true },
      { target: 'C', source: 'dC = torch.zeros_like(C)', accumulate: false },
      { target: 'C', source: 'dC[ix] += demb[k]', accumulate: true },
    ]);
  });
});

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
    node('h', { inputs: ['W'], line: 0, loc: { cell: 1, line: 13 } }),
    node('loss', { op: 'sum', inputs: ['h'], shape: [], line: 1, loc: { cell: 1, line: 14 } }),
  ],
  output: 'loss',
};

describe("a code cell's lines", () => {
  it("carry the run's line numbers, their graph statement, their checks and the exception", () => {
    const error = { type: 'NameError', message: "name 'x' is not defined", cell: 1, line: 15, traceback: '' };
    const checks = [check('h', 'dh', { line: 14 })];
    const lines = cellLines(
      code(1, 'h = torch.tanh(W)\nloss = h.sum()\nprint(x)\n'),
      13,
      statementIndex(graph),
      checks,
      error,
    );
    expect(lines.map((l) => [l.number, l.text, l.statement, l.checks.length, l.error?.type ?? null])).toEqual([
      [13, 'h = torch.tanh(W)', 0, 0, null],
      [14, 'loss = h.sum()', 1, 1, null],
      [15, 'print(x)', null, 0, 'NameError'],
    ]);
    expect(lines[2].traceback).toBeNull();
    // The same line number in another cell is not that cell's.
    expect(
      cellLines(code(2, 'a\nb\nc'), 13, statementIndex(graph), checks, error).some(
        (l) => l.error || l.statement !== null,
      ),
    ).toBe(false);
  });
});

describe("an exception's traceback", () => {
  it('shows under its line when it came through frames elsewhere (a function from an earlier cell)', () => {
    const traceback = [
      'Traceback (most recent call last):',
      '  File "<cell 3>", line 2, in <module>',
      '    a.f()',
      '  File "<cell 1>", line 4, in f',
      "    raise ValueError('boom')",
      'ValueError: boom',
    ].join('\n');
    const error = { type: 'ValueError', message: 'boom', cell: 2, line: 2, traceback };
    const lines = cellLines(code(2, "print('before')\na.f()"), 1, new Map(), [], error);
    expect(lines.map((l) => l.traceback)).toEqual([null, traceback]);
    // A traceback of that line alone says no more than its line does.
    const alone = 'Traceback (most recent call last):\n  File "<cell 3>", line 2, in <module>\n    x\nNameError: x';
    const own = cellLines(code(2, 'y\nx'), 1, new Map(), [], { ...error, type: 'NameError', traceback: alone });
    expect(own.map((l) => [l.error?.type ?? null, l.traceback])).toEqual([
      [null, null],
      ['NameError', null],
    ]);
  });
});

describe('a notebook run for the views', () => {
  const run: NotebookRun & { graph: Graph } = {
    source: 'mine.py',
    format: 'py',
    graph,
    notes: [],
    figures: [],
    error: null,
    cells: [
      code(0, 'W = ...'),
      {
        ...code(1, 'h = torch.tanh(W)\nloss = h.sum()\ndW = (1 - h**2)\ndh = torch.ones(2)'),
        statements: [st(3, 'dW = (1 - h**2)', [set('dW')]), st(4, 'dh = torch.ones(2)', [set('dh')])],
      },
    ],
    tensors: {
      W: { shape: [2], dtype: 'float32', data: [0.5, -1], grad: [0.8, 0.4], manual: [0.8, 0.5] },
      h: { shape: [2], dtype: 'float32', data: [0.46, -0.76], grad: [1, 1], manual: [1, 1] },
      loss: { shape: [], dtype: 'float32', data: [-0.3], grad: [1], manual: null },
    },
    checks: [check('W', 'dW', { exact: false, approx: false, maxdiff: 0.1, verdict: 'wrong' }), check('h', 'dh')],
  };
  const shown = notebookRun(run, 'mine.py');

  it('lists parameters apart, keeps both gradients for manual − autograd, and reads the loss', () => {
    expect(Object.keys(shown.params)).toEqual(['W']);
    expect(Object.keys(shown.tensors)).toEqual(['h', 'loss']);
    expect(shown.params.W).toMatchObject({
      grad: [0.8, 0.4],
      manual_grad: [0.8, 0.5],
      exact: false,
      approx: false,
      maxdiff: 0.1,
    });
    expect(shown.tensors.loss.manual_grad).toBeNull();
    expect(shown.loss).toBe(-0.3);
    expect(shown.cmpRows).toEqual(['W', 'h']);
  });

  it('schedules the backward of its own graph with its manual lines and checks', () => {
    const steps = shown.schedule().steps;
    expect(steps.map((s) => s.target)).toEqual(['loss', 'h', 'W']);
    expect(steps[2].manual).toEqual([{ source: 'dW = (1 - h**2)', accumulate: false }]);
    expect(steps[2].cmp).toEqual({ exact: false, approx: false, maxdiff: 0.1 });
    expect(steps[0].cmp).toBeNull();
  });
});

describe('figures', () => {
  const line = (isNew: boolean, y: number[]): Figure => ({
    kind: 'line',
    cell: 3,
    line: 1,
    new: isNew,
    x: y.map((_, i) => i),
    y,
    label: null,
  });

  it('groups consecutive line charts until a new figure, and never overlays other kinds', () => {
    const heat: Figure = {
      kind: 'heatmap',
      cell: 3,
      line: 2,
      new: false,
      values: [
        [1, 2],
        [3, 4],
      ],
      shape: [2, 2],
      cmap: 'gray',
    };
    const groups = groupFigures([line(true, [1, 2]), line(false, [2, 1]), heat, line(true, [5])]);
    expect(groups.map((g) => g.length)).toEqual([2, 1, 1]);
  });

  it("draws a histogram's bars to their counts and a heatmap as its matrix", () => {
    const hist = plotOf([{ kind: 'histogram', cell: 0, line: 1, new: true, values: [0, 0, 0, 1], bins: 2 }]);
    if (hist.kind !== 'histogram') throw new Error('expected a histogram');
    const [three, one] = hist.bars.map((b) => b.height);
    expect(three).toBe(PLOT_H);
    expect(one).toBeCloseTo(PLOT_H / 3, 9);
    const heat = plotOf([
      {
        kind: 'heatmap',
        cell: 0,
        line: 1,
        new: true,
        values: [
          [1, 2, 3],
          [4, 5, 6],
        ],
        shape: [2, 3],
        cmap: 'gray',
      },
    ]);
    if (heat.kind !== 'heatmap') throw new Error('expected a heatmap');
    expect([heat.rows, heat.cols]).toEqual([2, 3]);
    expect(heat.scale(1)).toEqual([0, 0, 0]);
    expect(heat.scale(6)).toEqual([255, 255, 255]);
  });
});

describe('the cmp table in notebook mode', () => {
  it('shows a check that compared no numbers (a wrong shape) with its verdict and sentence', () => {
    // The lecture's dbnmeani = (-dbndiff).sum(0): 64 for a 1×64 tensor; the CLI and the gutter say "shape".
    const shape = check('bnmeani', 'dbnmeani', {
      exact: null,
      approx: null,
      maxdiff: null,
      verdict: 'shape',
      message: 'dbnmeani is 64 but bnmeani is 1×64',
    });
    const v = verdictsWithoutNumbers([check('h', 'dh'), shape]);
    expect([...v.keys()]).toEqual(['bnmeani']);
    expect([v.get('bnmeani')?.verdict, v.get('bnmeani')?.message]).toEqual([
      'shape',
      'dbnmeani is 64 but bnmeani is 1×64',
    ]);
  });
});
