/** The app's verdict beside each cmp line of the notebook's own output, and why where the two differ. */
import { describe, expect, it } from 'vitest';
import type { Check } from '../../../core/notebook/types';
import { annotateOutput } from '../../../src-renderer/notebook/output-verdicts';

const check = (label: string, verdict: Check['verdict'], message: string): Check => ({
  cell: 9,
  line: 1,
  label,
  target: label,
  grad_name: `d${label}`,
  shape: null,
  expected_shape: null,
  exact: null,
  approx: null,
  maxdiff: null,
  verdict,
  message,
  diagnosis: null,
});

describe('the notebook output with the app verdicts', () => {
  it('puts each check beside the line its cmp printed, and says why where they differ', () => {
    const out = [
      'max diff: 1e-9',
      'bnvar           | exact: True  | approximate: True  | maxdiff: 0.0',
      'bnmeani         | exact: False | approximate: True  | maxdiff: 1.8e-09',
      '',
    ].join('\n');
    const lines = annotateOutput(out, [
      check('bnvar', 'exact', 'dbnvar equals autograd'),
      check('bnmeani', 'shape', 'dbnmeani is 64 but bnmeani is 1×64'),
    ]);
    expect(lines.map((l) => [l.text.slice(0, 8), l.check?.label ?? null, l.differs])).toEqual([
      ['max diff', null, null],
      ['bnvar   ', 'bnvar', null],
      ['bnmeani ', 'bnmeani', 'dbnmeani is 64 but bnmeani is 1×64'],
    ]);
  });

  it('leaves output without cmp lines alone', () => {
    expect(annotateOutput('hello\nbnmeaning', [check('bnmeani', 'exact', '')]).map((l) => l.check)).toEqual([
      null,
      null,
    ]);
  });
});
