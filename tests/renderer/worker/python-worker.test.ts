/// <reference types="vite/client" />
/**
 * The real Python worker, run in Node with Pyodide from node_modules: an exercise started on the sample, then
 * checks of its cells. Checks that arrive while others wait in the queue: only the newest of each cell runs,
 * the older ones are answered `superseded` unrun, and a check of another cell is never dropped for them.
 */
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { PythonEvent } from '../../../src-renderer/worker/python-protocol';
import { installFakeScope, type FakeScope } from './fake-worker-scope';

// Pyodide in Node reads its files by path (in the page, by URL).
const indexURL = new URL('../../../node_modules/pyodide/', import.meta.url).pathname;
let scope: FakeScope;
let cells: number[];

beforeAll(async () => {
  scope = installFakeScope();
  await import('../../../src-renderer/worker/python.worker');
  scope.send({ id: 1, type: 'exercise', source: 'sample', blank: true, indexURL });
  const started = await scope.next<PythonEvent>(
    (m) => m.id === 1 && m.type !== 'progress' && m.type !== 'stream',
    120_000,
  );
  if (started.type !== 'exercise') throw new Error(`the exercise did not start: ${JSON.stringify(started)}`);
  cells = started.cells.map((c) => c.cell);
}, 180_000);

describe('the Python worker in exercise mode', () => {
  it('opens the sample blank, with its three exercise cells', () => {
    expect(cells).toHaveLength(3);
  });

  it('runs only the newest queued check of a cell, and every other cell’s', async () => {
    const [one, two] = cells;
    scope.send({ id: 10, type: 'check', cell: one, source: 'dlogprobs = torch.zeros_like(logprobs)' });
    scope.send({ id: 11, type: 'check', cell: one, source: 'dlogprobs = torch.zeros_like(logprobs)\nx = 1' });
    scope.send({ id: 12, type: 'check', cell: two, source: 'dlogits = F.softmax(logits, 1)' });
    scope.send({ id: 13, type: 'check', cell: one, source: 'dlogprobs = torch.zeros_like(logprobs)\ndprobs = 1' });
    const answers = await Promise.all(
      [10, 11, 12, 13].map((id) =>
        scope.next<PythonEvent>((m) => m.id === id && m.type !== 'progress' && m.type !== 'stream'),
      ),
    );
    expect(answers.map((a) => a.type)).toEqual(['superseded', 'superseded', 'checked', 'checked']);
    const last = answers[3];
    if (last.type !== 'checked') throw new Error('unreachable');
    expect(last.check.cell).toBe(one);
    expect(last.check.lines.map((l) => l.line)).toEqual([1, 2]);
    expect(last.check.lines[0].target).toBe('logprobs');
  });

  it('says a check with no exercise running cannot run', async () => {
    scope.send({ id: 20, type: 'sample', indexURL });
    await scope.next<PythonEvent>((m) => m.id === 20 && m.type === 'done', 120_000);
    scope.send({ id: 21, type: 'check', cell: cells[0], source: 'x = 1' });
    const answer = await scope.next<PythonEvent>((m) => m.id === 21);
    expect(answer).toMatchObject({ type: 'failed', error: expect.stringContaining('no exercise') });
  }, 120_000);

  it('starts the exercise on the notebook it just ran without running it again', async () => {
    const path = new URL('../../../tests/fixtures/notebooks/two-layers.ipynb', import.meta.url).pathname;
    const source = { name: 'two-layers.ipynb', bytes: new Uint8Array(readFileSync(path)), files: {} };
    scope.send({ id: 30, type: 'run', source, indexURL, interrupt: null, snapshotHash: null });
    await scope.next<PythonEvent>((m) => m.id === 30 && m.type === 'done', 120_000);
    const ranCells = () => scope.posted.filter((m) => (m as PythonEvent).type === 'progress').length;
    const before = ranCells();
    scope.send({ id: 31, type: 'exercise-here' });
    const started = await scope.next<PythonEvent>((m) => m.id === 31);
    if (started.type !== 'exercise') throw new Error(`no exercise: ${JSON.stringify(started)}`);
    // Not one cell ran for it.
    expect(ranCells()).toBe(before);
    expect(started.cells.length).toBeGreaterThan(0);
    scope.send({ id: 32, type: 'check', cell: started.cells[0].cell, source: started.cells[0].source });
    await expect(scope.next<PythonEvent>((m) => m.id === 32)).resolves.toMatchObject({ type: 'checked' });
  }, 120_000);
});
