/** A notebook run as it streams into the page, and as it stands when its Python had to be ended. */
import { describe, expect, it } from 'vitest';
import { applyRunEvent, cellStarted, endedAt } from '../../../src-renderer/state/live-run';
import { notRun } from '../../../core/notebook/run';
import type { Check } from '../../../core/notebook/types';

const nb = {
  path: 'a.ipynb',
  format: 'ipynb' as const,
  cells: [0, 1, 2].map((index) => ({ index, kind: 'code' as const, source: `x${index} = 1`, firstLine: 1 })),
};

describe('a streamed run', () => {
  it('fills in cells, the graph and checks as they arrive', () => {
    let run = cellStarted(notRun(nb), 0);
    expect(run.cells.map((c) => c.ran)).toEqual([true, false, false]);
    run = applyRunEvent(run, { kind: 'stdout', cell: 0, text: 'hi\n' });
    run = applyRunEvent(run, { kind: 'cell', cell: { ...run.cells[0], stdout: 'hi\nthere\n' }, figures: [] });
    expect(run.cells[0].stdout).toBe('hi\nthere\n');
    const graph = { version: 1, source: [], nodes: [], output: 'loss' } as never;
    run = applyRunEvent(run, {
      kind: 'graph',
      graph,
      tensors: { w: { shape: [2], dtype: 'float32', data: [1, 2], grad: [3, 4], manual: null } },
    });
    const check = { label: 'w', target: 'w', verdict: 'exact' } as Check;
    run = applyRunEvent(run, { kind: 'check', check, manual: [3, 4] });
    expect(run.graph).toBe(graph);
    expect(run.checks).toEqual([check]);
    expect(run.tensors.w.manual).toEqual([3, 4]);
    run = applyRunEvent(run, { kind: 'note', text: 'n' });
    run = applyRunEvent(run, { kind: 'note', text: 'n' });
    expect(run.notes).toEqual(['n']);
  });

  it('marks the running cell stopped when Python was ended, later cells not run', () => {
    const run = endedAt(cellStarted(cellStarted(notRun(nb), 0), 1), 1);
    expect(run.cells.map((c) => [c.ran, c.error?.type ?? null])).toEqual([
      [true, null],
      [true, 'KeyboardInterrupt'],
      [false, null],
    ]);
    expect(run.error).toMatchObject({ type: 'KeyboardInterrupt', cell: 1 });
  });
});
