/**
 * The one reading of the learner's source (core/python/_bp_source.py), run in the machine's CPython (it uses
 * only the standard library's ast and tokenize, as in Pyodide): statements, gradient writes, cmp calls
 * (commented ones too), exercise cells and the blanked exercise.
 */
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { writesOrChecksGradients, type SourceAnalysis } from '../../../core/notebook/source-analysis';

const PY = join(__dirname, '..', '..', '..', 'core', 'python');

function python(call: string, source: string): unknown {
  const script = `import json, sys, _bp_source\nsrc = sys.stdin.read()\nprint(json.dumps(_bp_source.${call}))`;
  return JSON.parse(
    execFileSync('python3', ['-c', script], { input: source, env: { ...process.env, PYTHONPATH: PY } }).toString(),
  );
}

const CELL = [
  '# exercise 1',
  'dlogprobs = torch.zeros_like(logprobs)',
  'dlogprobs[range(n), Yb] = -1.0/n',
  "cmp('logprobs', dlogprobs, logprobs)",
  'dC = torch.zeros_like(C)',
  'for k in range(Xb.shape[0]):',
  '  dC[Xb[k]] += demb[k]',
  "# cmp('C', dC, C)",
  'dh = dlogits @ W2.T',
  'dhx = dh == 0',
].join('\n');

describe('the source analysis', () => {
  const a = python('analyze(src)', CELL) as SourceAnalysis;

  it('reads each statement: lines, targets, reads and the gradients written by hand', () => {
    expect(a.statements.map((s) => [s.line, s.end, s.grads.map((g) => [g.name, g.op, g.accumulate])])).toEqual([
      [2, 2, [['dlogprobs', '=', false]]],
      [3, 3, [['dlogprobs', '=', true]]],
      [4, 4, []],
      [5, 5, [['dC', '=', false]]],
      [6, 7, [['dC', '+=', true]]],
      [9, 9, [['dh', '=', false]]],
      [10, 10, [['dhx', '=', false]]],
    ]);
    expect(a.statements[4].text).toBe('for k in range(Xb.shape[0]):\n  dC[Xb[k]] += demb[k]');
    expect(a.statements[5].reads).toEqual(['dlogits', 'W2']);
  });

  it('finds every cmp call, commented ones too, with label, gradient and target', () => {
    expect(a.cmps.map((c) => [c.line, c.label, c.grad, c.target, !!c.commented])).toEqual([
      [4, 'logprobs', 'dlogprobs', 'logprobs', false],
      [8, 'C', 'dC', 'C', true],
    ]);
  });

  it('tells exercise cells: a gradient written or a cmp, commented or not', () => {
    // Any gradient name: the app then keeps the cells whose gradients name the graph's tensors (exercise.ts).
    const exercise = (src: string) =>
      writesOrChecksGradients(python('analyze(src)', src) as SourceAnalysis, () => true);
    expect(exercise(CELL)).toBe(true);
    expect(exercise("x = 1\n# cmp('h', dh, h)")).toBe(true);
    expect(exercise('x = 1\n# a comment\nd = 3')).toBe(false);
  });

  it('reads the statements around a syntax error', () => {
    const b = python('analyze(src)', 'dx = 1\ndy = (\nx = 2\n') as SourceAnalysis;
    expect(b.statements.map((s) => s.line)).toEqual([1, 3]);
  });

  it('blanks the exercise: gradient statements out, cmp calls commented', () => {
    expect(python('blank(src)', CELL)).toBe(
      [
        '# exercise 1',
        '# -----------------',
        '# YOUR CODE HERE :)',
        '# -----------------',
        '',
        "# cmp('logprobs', dlogprobs, logprobs)",
        "# cmp('C', dC, C)",
      ].join('\n'),
    );
  });
});
