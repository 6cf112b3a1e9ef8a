/** Exercise 4's panel, its pure parts table-driven: the fields' limits, chunk sizing, the rate and the check sentences. */
import { describe, expect, it } from 'vitest';
import { checkInputs, INPUT_DEFAULTS } from '../../../src-renderer/exercise-train/train-inputs';
import { CHUNK_MS, nextChunk } from '../../../src-renderer/exercise-train/chunking';
import { checkSentence, formatMaxdiff } from '../../../src-renderer/exercise-train/check-text';
import { startRate, updateRate } from '../../../src-renderer/exercise-train/rate';
import { etaSeconds } from '../../../src-renderer/train/progress';

describe('the fields', () => {
  it('accepts the defaults: 1000 steps at lr 0.1, checked every 100', () =>
    expect(checkInputs(INPUT_DEFAULTS)).toEqual({ ok: true, inputs: { steps: 1000, lr: 0.1, checkEvery: 100 } }));

  it.each([
    [
      { steps: '60', lr: '1e-2', checkEvery: '20' },
      { steps: 60, lr: 0.01, checkEvery: 20 },
    ],
    [
      { steps: ' 5 ', lr: '.5', checkEvery: '5' },
      { steps: 5, lr: 0.5, checkEvery: 5 },
    ],
    [
      { steps: '100000', lr: '10', checkEvery: '1' },
      { steps: 100000, lr: 10, checkEvery: 1 },
    ],
  ])('%o is fine', (draft, inputs) => expect(checkInputs(draft)).toEqual({ ok: true, inputs }));

  it.each([
    ['steps', '', 'whole number'],
    ['steps', '1.5', 'whole number'],
    ['steps', '-3', 'whole number'],
    ['steps', '0', 'at least 1 step'],
    ['steps', '100001', 'at most 100,000 steps'],
    ['lr', 'fast', 'must be a number'],
    ['lr', '0', 'above 0'],
    ['lr', '-0.1', 'must be a number'],
    ['lr', '11', 'diverge'],
    ['lr', 'Infinity', 'must be a number'],
    ['checkEvery', '0', 'at least every step'],
    ['checkEvery', '2000', 'never check a 1000-step run'],
    ['checkEvery', 'ten', 'whole number'],
  ] as const)('%s = %j: %s', (field, value, message) => {
    const r = checkInputs({ ...INPUT_DEFAULTS, [field]: value });
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.errors[field]).toContain(message);
      expect(Object.keys(r.errors)).toEqual([field]);
    }
  });

  it('gives every bad field its own message', () => {
    const r = checkInputs({ steps: 'x', lr: '0', checkEvery: '0' });
    expect(r.ok ? [] : Object.keys(r.errors).sort()).toEqual(['checkEvery', 'lr', 'steps']);
  });
});

describe('chunk sizing', () => {
  it.each([
    // A first step of 40 ms: grow 2× at most, towards CHUNK_MS / 40 ≈ 4 steps.
    [{ steps: 1, ms: 40, size: 1 }, 1000, 2],
    [{ steps: 2, ms: 80, size: 2 }, 1000, 4],
    [{ steps: 4, ms: 160, size: 4 }, 1000, 4],
    // Fast steps grow only 2× a chunk; slow ones shrink only 2×.
    [{ steps: 8, ms: 8, size: 8 }, 1000, 16],
    [{ steps: 16, ms: 1600, size: 16 }, 1000, 8],
    [{ steps: 1, ms: 2000, size: 1 }, 1000, 1],
    // Never past what is left; a chunk cut short by a check step is rated by the steps it ran.
    [{ steps: 4, ms: 40, size: 4 }, 3, 3],
    [{ steps: 2, ms: 20, size: 8 }, 1000, 15],
    [{ steps: 3, ms: 0, size: 3 }, 1000, 6],
  ])('after %o with %i left: %i', (last, left, size) => expect(nextChunk(last, left)).toBe(size));

  it('settles on about CHUNK_MS of work', () => {
    let size = 1;
    for (let i = 0; i < 20; i++) size = nextChunk({ steps: size, ms: size * 30, size }, 1e6);
    expect(size * 30).toBeGreaterThan(CHUNK_MS * 0.75);
    expect(size * 30).toBeLessThan(CHUNK_MS * 1.25);
  });
});

describe('rate and time left', () => {
  it('measures from the first progress message on', () => {
    let m = startRate(1000);
    let r = updateRate(m, 3000, 10); // 2 s for the notebook's setup and 10 steps
    expect(r.stepsPerSec).toBe(5);
    m = r.meter;
    r = updateRate(m, 4000, 50);
    expect(r.stepsPerSec).toBe(40);
    r = updateRate(r.meter, 5000, 90);
    expect(r.stepsPerSec).toBe(40);
    expect(etaSeconds(90, 1000, r.stepsPerSec)).toBeCloseTo(22.75);
  });

  it('is 0 (unknown) before any time has passed', () => {
    expect(updateRate(startRate(5), 5, 3).stepsPerSec).toBe(0);
    const { meter } = updateRate(startRate(0), 10, 1);
    expect(updateRate(meter, 10, 4).stepsPerSec).toBe(0);
  });
});

describe('check sentences', () => {
  const row = (grad: string, ok: boolean, maxdiff: number | null = ok ? 1e-9 : 0.0871) => ({
    grad,
    target: grad.slice(1),
    maxdiff,
    ok,
  });
  const all = Array.from({ length: 26 }, (_, i) => row(`dg${i}`, true));

  it.each([
    [{ step: 200, rows: all }, 'step 200: all 26 gradients agree with autograd'],
    [{ step: 5, rows: [row('dW', true)] }, 'step 5: the 1 gradient agrees with autograd'],
    [
      { step: 200, rows: [...all.slice(1), row('dbnbias', false)] },
      'step 200: dbnbias differs from autograd (maxdiff 0.087)',
    ],
    [
      { step: 40, rows: [row('dW1', false, 2.5e-5), row('db1', true), row('dW2', false, 1.234)] },
      'step 40: dW1 and dW2 differ from autograd (maxdiff 2.5e-5; maxdiff 1.2)',
    ],
    [
      { step: 20, rows: [row('dC', false, null)] },
      "step 20: dC differs from autograd (dC is not a tensor of C's shape)",
    ],
  ])('%#: %s', (check, text) => expect(checkSentence(check)).toBe(text));

  it.each([
    [0, '0'],
    [0.0871, '0.087'],
    [3.1e-5, '3.1e-5'],
    [12.5, '13'],
    [2e6, '2.0e+6'],
  ])('formatMaxdiff(%f) = %s', (x, text) => expect(formatMaxdiff(x)).toBe(text));
});
