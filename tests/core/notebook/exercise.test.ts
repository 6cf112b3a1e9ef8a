/**
 * Exercise mode's live check: a backward cell re-run statement by statement, each line judged against autograd,
 * and a wrong line told why. Mistakes are planted in the sample's exercise 1 (the lecture's names) and in
 * notebooks with other names and architectures; the expected facts are written by hand from the lecture.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { startExercise, type ExerciseSession } from '../../../core/notebook/exercise';
import type { BackwardCheck, LineVerdict } from '../../../core/notebook/exercise-types';
import { parseNotebook } from '../../../core/notebook/parse';
import { FIXTURES, NAMES, python, SAMPLE } from './notebooks';

async function open(
  path: string,
  blank = false,
  timeLimit?: number,
): Promise<{ ex: ExerciseSession; source(cell: number): string }> {
  const nb = parseNotebook(path, readFileSync(path));
  const ex = startExercise(await python(), nb, {
    bundledNames: NAMES,
    blank,
    timeLimit,
    readFile: (rel) => {
      try {
        return readFileSync(join(dirname(path), rel));
      } catch {
        return null;
      }
    },
  });
  return { ex, source: (cell) => nb.cells[cell].source };
}

/** The verdict of the line whose text starts with `start` (the first such line). */
function at(check: BackwardCheck, source: string, start: string): LineVerdict {
  const line = source.split('\n').findIndex((l) => l.startsWith(start)) + 1;
  expect(line, `no line starts with ${start}`).toBeGreaterThan(0);
  const v = check.lines.find((l) => l.line === line);
  expect(v, `no verdict on line ${line} (${start})`).toBeDefined();
  return v!;
}

const replace = (source: string, from: string, to: string): string => {
  expect(source).toContain(from);
  return source.replace(from, to);
};

describe('the sample: exercise 1 (the lecture names)', () => {
  let ex: ExerciseSession;
  let src: string;
  beforeAll(async () => {
    const o = await open(SAMPLE);
    ex = o.ex;
    src = o.source(9);
  }, 240_000);

  it('finds the three exercise cells after the backward(), titled from the notebook', () => {
    expect(ex.cells.map((c) => c.cell)).toEqual([9, 11, 13]);
    expect(ex.cells[1].title).toMatch(/^Exercise 2/);
  });

  it('judges the solved cell: every gradient line exact or approx, building lines pending, cmp lines agree', () => {
    const r = ex.check(9, src);
    expect(r.error).toBeNull();
    expect(at(r, src, 'dlogprobs = torch.zeros_like').verdict).toBe('pending');
    expect(at(r, src, 'dlogprobs[range(n), Yb]').verdict).toBe('exact');
    expect(at(r, src, 'dcounts = counts_sum_inv').verdict).toBe('pending');
    expect(at(r, src, 'dcounts += ').verdict).toBe('exact');
    expect(at(r, src, 'dhpreact = ').verdict).toBe('approx');
    expect(at(r, src, 'for k in range').verdict).toBe('approx');
    expect(at(r, src, "cmp('counts', dcounts").verdict).toBe('exact');
    const judged = r.lines.filter((l) => l.verdict !== 'pending').map((l) => l.verdict);
    expect(judged.every((v) => v === 'exact' || v === 'approx')).toBe(true);
    expect(Object.keys(r.manual)).toContain('counts_sum_inv');
  });

  it('says logit_maxes and b1 are ≈0 by design', () => {
    const r = ex.check(9, src);
    expect(at(r, src, 'dlogit_maxes = ').diagnosis?.kind).toBe('zero-by-design');
    expect(at(r, src, 'db1 = ').diagnosis?.kind).toBe('zero-by-design');
    const wrong = ex.check(
      9,
      replace(
        src,
        'dlogit_maxes = (-dnorm_logits).sum(1, keepdim=True)',
        'dlogit_maxes = torch.ones_like(logit_maxes)',
      ),
    );
    const v = at(wrong, src, 'dlogit_maxes = ');
    expect(v.verdict).toBe('wrong');
    expect(v.message).toContain('≈0 by design');
  });

  it('a missing sum: the shape, with the broadcast story and the sum to write', () => {
    const s = replace(
      src,
      'dcounts_sum_inv = (counts * dprobs).sum(1, keepdim=True)',
      'dcounts_sum_inv = counts * dprobs',
    );
    const v = at(ex.check(9, s), s, 'dcounts_sum_inv = ');
    expect(v.verdict).toBe('shape');
    expect(v.diagnosis?.kind).toBe('broadcast');
    for (const fact of ['32×27', '32×1', '`probs = counts * counts_sum_inv`', 'dim 1', 'keepdim=True'])
      expect(v.message).toContain(fact);
  });

  it('a sum over the wrong dim', () => {
    const s = replace(src, '(counts * dprobs).sum(1, keepdim=True)', '(counts * dprobs).sum(0, keepdim=True)');
    const v = at(ex.check(9, s), s, 'dcounts_sum_inv = ');
    expect(v.diagnosis?.kind).toBe('wrong-dim');
    expect(v.message).toContain('1×27');
    expect(v.message).toContain('not over dim 0');
  });

  it('a transposed matrix gradient, with the right product in the learner names', () => {
    const s = replace(src, 'dW2 = h.T @ dlogits', 'dW2 = dlogits.T @ h');
    const v = at(ex.check(9, s), s, 'dW2 = ');
    expect(v.diagnosis?.kind).toBe('transpose');
    expect(v.message).toContain('27×64');
    expect(v.message).toContain('`h.T @ dlogits`');
  });

  it('a missing +=: names the consumer left out and its statement', () => {
    const s = replace(src, 'dcounts += torch.ones_like(counts) * dcounts_sum\n', '');
    const v = at(ex.check(9, s), s, 'dcounts = ');
    expect(v.verdict).toBe('wrong');
    expect(v.diagnosis?.kind).toBe('incomplete');
    expect(v.message).toContain('`counts_sum = counts.sum(1, keepdims=True)`');
    expect(v.message).toContain('+=');
  });

  it('a flipped sign', () => {
    const s = replace(src, 'dbnbias = dhpreact.sum(0, keepdim=True)', 'dbnbias = -dhpreact.sum(0, keepdim=True)');
    expect(at(ex.check(9, s), s, 'dbnbias = ').diagnosis?.kind).toBe('sign');
  });

  it('a stray factor, named by the learner constant n', () => {
    const s = replace(src, 'dlogprobs[range(n), Yb] = -1.0/n', 'dlogprobs[range(n), Yb] = -1.0');
    const v = at(ex.check(9, s), s, 'dlogprobs[range(n), Yb]');
    expect(v.diagnosis?.kind).toBe('factor');
    expect(v.message).toContain('n = 32');
  });

  it('a line that uses a wrong gradient is told to fix that one first', () => {
    const s = replace(src, 'dlogprobs[range(n), Yb] = -1.0/n', 'dlogprobs[range(n), Yb] = -1.0');
    const line = s.split('\n').findIndex((l) => l.startsWith('dlogprobs[range(n)')) + 1;
    const v = at(ex.check(9, s), s, 'dprobs = ');
    expect(v.diagnosis?.kind).toBe('upstream');
    expect(v.message).toContain(`dlogprobs (line ${line})`);
  });

  it('a syntax error marks its own line; the lines before keep their verdicts, the ones after wait', () => {
    const s = replace(src, 'db2 = dlogits.sum(0)', 'db2 = dlogits.sum(0 +');
    const r = ex.check(9, s);
    expect(at(r, s, 'db2 = ').verdict).toBe('error');
    expect(r.error?.type).toBe('SyntaxError');
    expect(at(r, s, 'dW2 = ').verdict).toBe('exact');
    expect(at(r, s, "cmp('h', dh, h)").verdict).toBe('pending');
  });

  it('a runtime error marks its line with Python message', () => {
    const s = replace(src, 'dh = dlogits @ W2.T', 'dh = dlogits @ W2');
    const r = ex.check(9, s);
    const v = at(r, s, 'dh = ');
    expect(v.verdict).toBe('error');
    expect(v.message).toContain('RuntimeError');
    expect(v.message).toContain('64x27');
  });

  it('exercise 2 and 3 one-liners are approximate, and say that is expected', () => {
    ex.check(9, src); // exercise 3 uses exercise 1's dhpreact
    const r2 = ex.check(11, ex.cells[1].source);
    expect(r2.error).toBeNull();
    const v = r2.lines.filter((l) => l.grad === 'dlogits').pop()!;
    expect(v.verdict).toBe('approx');
    expect(v.diagnosis?.kind).toBe('approx-expected');
    const r3 = ex.check(13, ex.cells[2].source);
    expect(r3.lines.filter((l) => l.grad === 'dhprebn').pop()!.verdict).toBe('approx');
  });

  it('a deleted line leaves no value behind: the globals are restored before each check', () => {
    ex.check(9, src);
    const s = replace(src, 'dlogprobs = torch.zeros_like(logprobs)\ndlogprobs[range(n), Yb] = -1.0/n\n', '');
    const r = ex.check(9, s);
    expect(at(r, s, 'dprobs = ').verdict).toBe('error');
    expect(at(r, s, 'dprobs = ').message).toContain("NameError: name 'dlogprobs' is not defined");
  });
});

describe('the sample as handed out', () => {
  it('blanks the gradient lines, keeps the cmp calls commented out, and judges nothing yet', async () => {
    const { ex } = await open(SAMPLE, true);
    const c = ex.cells[0].source;
    expect(c).toContain('# YOUR CODE HERE');
    expect(c).toContain("# cmp('logprobs', dlogprobs, logprobs)");
    expect(c).not.toMatch(/^dlogprobs =/m);
    expect(ex.run.checks).toEqual([]);
    expect(ex.check(9, c).lines).toEqual([]);
    // The learner's first line, checked against autograd.
    const typed = c.replace(
      '# YOUR CODE HERE :)',
      'dlogprobs = torch.zeros_like(logprobs)\ndlogprobs[range(n), Yb] = -1.0/n',
    );
    const r = ex.check(9, typed);
    expect(r.lines.find((l) => l.grad === 'dlogprobs' && l.verdict === 'exact')).toBeDefined();
  }, 240_000);
});

describe('other names, another architecture (two tanh layers, no batchnorm, d<name> pairing)', () => {
  let ex: ExerciseSession;
  let src: string;
  beforeAll(async () => {
    const o = await open(join(FIXTURES, 'two-layers.ipynb'));
    ex = o.ex;
    src = o.source(3);
  }, 240_000);

  it('says why the two planted mistakes are wrong', () => {
    expect(ex.cells.map((c) => [c.cell, c.title])).toEqual([[3, 'Cell 4']]);
    const r = ex.check(3, src);
    const db2 = at(r, src, 'db2 = ');
    expect(db2.verdict).toBe('shape');
    expect(db2.diagnosis?.kind).toBe('wrong-dim');
    expect(db2.message).toContain('keepdim must be False');
    const dW1 = at(r, src, 'dW1 = ');
    expect(dW1.diagnosis?.kind).toBe('factor');
    expect(dW1.message).toContain('times 2');
    expect(at(r, src, 'dh1 = ').verdict).toBe('approx');
  });

  it('a transposed dW3 in this network names its own product', () => {
    const s = replace(src, 'dW3 = h2.T @ dlogits', 'dW3 = dlogits.T @ h2');
    const v = at(ex.check(3, s), s, 'dW3 = ');
    expect(v.diagnosis?.kind).toBe('transpose');
    expect(v.message).toContain('`h2.T @ dlogits`');
  });

  it('a bias gradient left unsummed gets the broadcast story over dim 0', () => {
    const s = replace(src, 'db3 = dlogits.sum(0)', 'db3 = dlogits');
    const v = at(ex.check(3, s), s, 'db3 = ');
    expect(v.diagnosis?.kind).toBe('broadcast');
    expect(v.message).toContain('20×27');
    expect(v.message).toContain('dim 0');
    expect(v.message).toContain('`.sum(0)`');
  });
});

describe('layer classes: names by attribute path, pairs from cmp', () => {
  it('pairs dW with layers[3].weight through the cmp call', async () => {
    const path = join(FIXTURES, 'layers.ipynb');
    const { ex, source } = await open(path);
    const src = source(4);
    const r = ex.check(4, replace(src, 'dW = layers[-2].out.T @ dlogits', 'dW = dlogits.T @ layers[-2].out'));
    const v = r.lines.find((l) => l.grad === 'dW' && l.verdict !== 'pending')!;
    expect(v.target).toBe('layers[3].weight');
    expect(v.diagnosis?.kind).toBe('transpose');
  }, 240_000);
});

describe('exercise 4: training with the learner backward pass', () => {
  it('trains the sample with exercise 1 lines, checks against autograd every K steps, and puts the parameters back', async () => {
    const { ex, source } = await open(SAMPLE);
    const src = source(9);
    const before = ex.check(9, src).lines.map((l) => l.verdict);
    const trainer = ex.train({ cell: 9, source: src, lr: 0.1, checkEvery: 10 });
    const losses: number[] = [];
    const checks: number[] = [];
    while (trainer.done < 30) {
      const chunk = trainer.run(7);
      expect(chunk.error).toBeNull();
      losses.push(...(chunk.losses as number[]));
      if (chunk.check) {
        checks.push(chunk.check.step);
        expect(chunk.check.rows.filter((r) => !r.ok)).toEqual([]);
        expect(chunk.check.rows.map((r) => r.grad)).toContain('dW1');
      }
    }
    expect(checks).toEqual([10, 20, 30]);
    expect(losses).toHaveLength(30);
    const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
    expect(mean(losses.slice(-5))).toBeLessThan(mean(losses.slice(0, 5)) - 0.2);
    trainer.finish();
    expect(ex.check(9, src).lines.map((l) => l.verdict)).toEqual(before);

    // A wrong gradient trains too, and the check says which one disagrees with autograd.
    const wrong = src.replace('dbnbias = dhpreact.sum(0, keepdim=True)', 'dbnbias = -dhpreact.sum(0, keepdim=True)');
    const t2 = ex.train({ cell: 9, source: wrong, lr: 0.1, checkEvery: 5 });
    const chunk = t2.run(5);
    t2.finish();
    expect(chunk.check!.rows.filter((r) => !r.ok).map((r) => r.grad)).toEqual(['dbnbias']);

    // A half-typed backward cell is told as its syntax error, not as the runtime's traceback.
    const typing = src.replace('dbnbias = dhpreact.sum(0, keepdim=True)', 'dbnbias = dhpreact.sum(0, keepdim=True');
    expect(() => ex.train({ cell: 9, source: typing, lr: 0.1, checkEvery: 5 })).toThrow(
      /^cell 9, line \d+ has a syntax error \(.*\): fix it before training$/,
    );
  }, 240_000);

  it('says what is missing before it starts', async () => {
    const { ex, source } = await open(join(FIXTURES, 'two-layers.ipynb'));
    expect(() => ex.train({ cell: 3, source: source(3), lr: 0.1, checkEvery: 10 })).toThrow(
      'your backward cell has no gradient for C: write dC before training with it',
    );
  }, 240_000);
});

describe('bad values in a gradient', () => {
  it('names NaN entries and where the first one is', async () => {
    const { ex, source } = await open(join(FIXTURES, 'two-layers.ipynb'));
    const src = source(3);
    const s = replace(src, 'dh2pre = (1 - h2**2) * dh2', 'dh2pre = (1 - h2**2) * dh2 / 0 * 0');
    const v = at(ex.check(3, s), s, 'dh2pre = ');
    expect(v.verdict).toBe('wrong');
    expect(v.message).toMatch(/^dh2pre has \d+ NaN entr(y|ies) \(the first at \[\d+, \d+\]\)/);

    // An absurd size is an error on its line, in words; os._exit stops the cell, not the interpreter.
    const huge = replace(src, 'dW3 = h2.T @ dlogits', 'dW3 = torch.zeros(100000, 100000)');
    const big = at(ex.check(3, huge), huge, 'dW3 = ');
    expect(big.verdict).toBe('error');
    expect(big.message).toContain('10,000,000,000 elements (37 GiB) is larger than the 268,435,456 elements');
    const exits = replace(src, 'dW3 = h2.T @ dlogits', 'dW3 = h2.T @ dlogits\nimport os\nos._exit(1)');
    expect(at(ex.check(3, exits), exits, 'dW3 = ').verdict).toBe('exact');
    expect(at(ex.check(3, src), src, 'dW3 = ').verdict).toBe('exact');
  }, 240_000);
});

describe('an endless loop in the cell', () => {
  it('is stopped after the time limit, on its own line; the lines before keep their verdicts', async () => {
    const { ex, source } = await open(join(FIXTURES, 'two-layers.ipynb'), false, 1);
    const src = source(3);
    const s = replace(src, 'dW3 = h2.T @ dlogits\n', 'dW3 = h2.T @ dlogits\nk = 0\nwhile k >= 0:\n  k += 1\n');
    const r = ex.check(3, s);
    const v = at(r, s, 'while k >= 0:');
    expect(v.verdict).toBe('error');
    expect(v.message).toContain('ran for more than 1 s and was stopped');
    expect(at(r, s, 'dW3 = ').verdict).toBe('exact');
    expect(r.elapsed).toBeLessThan(6000);
    // The session is still usable.
    expect(at(ex.check(3, src), src, 'dW3 = ').verdict).toBe('exact');
  }, 240_000);
});

describe('a notebook saved half-written', () => {
  it('opens with its broken backward cell as an exercise cell, and checks it line by line', async () => {
    const nb = JSON.parse(readFileSync(SAMPLE, 'utf8'));
    const broken = (nb.cells[9].source as string[])
      .join('')
      .replace('dprobs = (1.0 / probs) * dlogprobs', 'dprobs = (1.0 / probs) *');
    nb.cells[9].source = broken;
    const path = join(mkdtempSync(join(tmpdir(), 'bps-half-')), 'half.ipynb');
    writeFileSync(path, JSON.stringify(nb));
    const { ex } = await open(path);
    expect(ex.run.error?.type).toBe('SyntaxError');
    expect(ex.cells.map((c) => c.cell)).toEqual([9, 11, 13]);
    const r = ex.check(9, broken);
    expect(at(r, broken, 'dlogprobs[range(n), Yb]').verdict).toBe('exact');
    expect(at(r, broken, 'dprobs = ').verdict).toBe('error');
    const fixed = broken.replace('dprobs = (1.0 / probs) *', 'dprobs = (1.0 / probs) * dlogprobs');
    expect(at(ex.check(9, fixed), fixed, 'dprobs = ').verdict).toBe('exact');
    // Exercise 2 runs from exercise 1 as it is now.
    expect(
      ex
        .check(11, ex.cells[1].source)
        .lines.filter((l) => l.grad === 'dlogits')
        .pop()!.verdict,
    ).toBe('approx');
  }, 240_000);
});
