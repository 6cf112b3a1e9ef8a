/**
 * One path for the lecture: the bundled sample notebook, run as Python through the notebook runtime, gives
 * the graph, the numbers, the backward schedule and the cmp results of the built-in lecture (core/mlp).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { scheduleGraph } from '../../../core/backprop/schedule';
import { parseWords } from '../../../core/data/dataset';
import { DEFAULT_CONFIG } from '../../../core/mlp/config';
import type { Dump } from '../../../core/mlp/dump-types';
import { runLecture } from '../../../core/mlp/run';
import type { NotebookRun } from '../../../core/notebook/types';
import { NAMES, runFile, SAMPLE } from './notebooks';

let lecture: Dump;
let run: NotebookRun;

beforeAll(async () => {
  lecture = runLecture(DEFAULT_CONFIG, parseWords(NAMES));
  run = await runFile(SAMPLE);
}, 120_000);

describe('the bundled sample through the notebook path', () => {
  it('records the lecture graph: the same nodes, ops, attributes, edges, statements and broadcasts', () => {
    const strip = (n: Record<string, unknown>) => {
      const { loc: _loc, ...rest } = n;
      return rest;
    };
    expect(run.graph!.output).toBe(lecture.graph.output);
    expect(run.graph!.source).toEqual(lecture.graph.source);
    expect(run.graph!.nodes.map((n) => strip({ ...n }))).toEqual(lecture.graph.nodes.map((n) => strip({ ...n })));
  });

  it('computes the same values and autograd gradients, bit for bit', () => {
    const all = { ...lecture.params, ...lecture.tensors };
    expect(Object.keys(run.tensors).sort()).toEqual([...Object.keys(all), 'Xb', 'Yb'].sort());
    for (const [name, t] of Object.entries(all)) {
      expect([name, run.tensors[name].shape]).toEqual([name, t.shape]);
      expect(run.tensors[name].data).toEqual(t.data);
      expect(run.tensors[name].grad).toEqual(t.grad);
    }
    expect(run.tensors.Xb.data).toEqual(lecture.batch.Xb.data);
    expect(run.tensors.Yb.data).toEqual(lecture.batch.Yb.data);
  });

  it("gives each of exercise 1's cmp lines the lecture's cmp result", () => {
    const first = new Map<string, (typeof run.checks)[number]>();
    for (const c of run.checks) if (c.target && !first.has(c.target)) first.set(c.target, c);
    const all = { ...lecture.params, ...lecture.tensors };
    const compared = Object.entries(all).filter(([name]) => name !== 'loss');
    expect(compared.length).toBe(26);
    for (const [name, t] of compared) {
      const c = first.get(name);
      expect([name, c?.exact, c?.approx, c?.maxdiff]).toEqual([name, t.exact, t.approx, t.maxdiff]);
    }
  });

  it('has the same backward schedule', () => {
    const ours = scheduleGraph(run.graph!);
    const theirs = scheduleGraph(lecture.graph);
    expect(ours.steps.map((s) => [s.target, s.lines, s.latex, s.reductions, s.expansions])).toEqual(
      theirs.steps.map((s) => [s.target, s.lines, s.latex, s.reductions, s.expansions]),
    );
  });
});
