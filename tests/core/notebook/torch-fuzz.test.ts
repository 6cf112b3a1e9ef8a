/**
 * A torch-semantics fuzz: the random programs of tests/fixtures/torch-fuzz (make_torch_fuzz.py, seeded), run
 * here in one notebook run, as `backprop-studio run` runs a notebook, by the same harness.py that recorded real
 * PyTorch 1.13's results. Each program's results must agree in dtype, shape and values, in whether they require
 * grad, and in the inputs' gradients; a program PyTorch stops must stop here with the same exception class.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseNotebook } from '../../../core/notebook/parse';
import { runNotebook } from '../../../core/notebook/run';
import { NAMES, python, REPO } from './notebooks';

const DIR = join(REPO, 'tests/fixtures/torch-fuzz');
const FIXTURE = 'torch-fuzz.json';
const { programs, results } = JSON.parse(readFileSync(join(DIR, FIXTURE), 'utf8')) as {
  programs: string[];
  results: unknown[];
};

/** harness.py, then every program, one JSON line each. */
const NOTEBOOK = `${readFileSync(join(DIR, 'harness.py'), 'utf8')}
import json
for code in json.load(open(${JSON.stringify(FIXTURE)}))["programs"]:
    print(json.dumps(run(code), separators=(",", ":")))
`;

type Value = number | string | boolean | null | Value[] | { [k: string]: Value };

/**
 * Floats agree to float32's precision (PyTorch sums in another order, and a float64 result may come from
 * float32 work); integers, bools, dtypes, shapes and exception classes exactly.
 */
function agree(ours: Value, torch: Value, exact: boolean): boolean {
  if (Array.isArray(ours) && Array.isArray(torch)) {
    if (ours.length !== torch.length) return false;
    // [dtype, shape, values] and ["py", type, value]: the dtype says whether values may differ by rounding
    const float = torch[0] === 'float32' || torch[0] === 'float64' || (torch[0] === 'py' && torch[1] === 'float');
    return ours.every((o, i) => agree(o, torch[i], typeof torch[0] === 'string' ? !float : exact));
  }
  if (typeof ours === 'number' && typeof torch === 'number') {
    return ours === torch || (!exact && Math.abs(ours - torch) <= 1e-6 + 1e-5 * Math.abs(torch));
  }
  if (ours !== null && torch !== null && typeof ours === 'object' && typeof torch === 'object') {
    const keys = Object.keys(torch);
    return (
      keys.length === Object.keys(ours).length &&
      keys.every((k) => agree((ours as never)[k], (torch as never)[k], exact))
    );
  }
  return ours === torch;
}

describe('torch-semantics fuzz', () => {
  it(`${programs.length.toLocaleString('en')} random programs agree with PyTorch: values, dtypes, shapes, gradients, exceptions`, async () => {
    const nb = parseNotebook(join(DIR, 'torch-fuzz.py'), new TextEncoder().encode(NOTEBOOK));
    const run = runNotebook(await python(), nb, {
      bundledNames: NAMES,
      readFile: (rel) => (rel === FIXTURE ? readFileSync(join(DIR, FIXTURE)) : null),
    });
    expect(run.error?.message ?? null).toBeNull();
    const lines = run.cells
      .map((c) => c.stdout)
      .join('')
      .trim()
      .split('\n');
    expect(lines.length).toBe(programs.length);
    const differences: string[] = [];
    lines.forEach((line, i) => {
      const ours = JSON.parse(line) as Value;
      if (!agree(ours, results[i] as Value, true))
        differences.push(`program ${i}:\n${programs[i]}\n  ours : ${line}\n  torch: ${JSON.stringify(results[i])}`);
    });
    expect(differences.length, differences.slice(0, 10).join('\n\n')).toBe(0);
  }, 300_000);
});
