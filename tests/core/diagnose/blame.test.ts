/** The one blame: which gradients a gradient used (from the source's reads), and whether they are right. */
import { describe, expect, it } from 'vitest';
import { blame, rightForItsName, type GradientStatement, type JudgedGradient } from '../../../core/diagnose/blame';

const at = (line: number, cell = 0) => ({ cell, line });
const where = (p: { cell: number; line: number }) => `cell ${p.cell + 1}, line ${p.line}`;

// dh = dlogits @ W2.T (line 2); dhpreact = (1 - h**2) * dh (line 3); dhpreact += 0 (line 5, reads x).
const statements: GradientStatement[] = [
  { at: at(1), writes: ['dlogits'], reads: ['probs'] },
  { at: at(2), writes: ['dh'], reads: ['dlogits', 'W2'] },
  { at: at(3), writes: ['dhpreact'], reads: ['h', 'dh'] },
  { at: at(5), writes: ['dhpreact'], reads: ['dhpreact', 'x'] },
];

describe('blame', () => {
  it('names a wrong input with where it was written', () => {
    const judged: JudgedGradient[] = [{ name: 'dh', at: at(2), ok: false }];
    expect(blame('dhpreact', at(4), statements, judged, where)?.message).toBe(
      'dhpreact uses dh (cell 1, line 2), which is itself wrong: fix that first',
    );
  });

  it('blames nothing when the inputs are right, or were not judged yet', () => {
    expect(blame('dhpreact', at(4), statements, [{ name: 'dh', at: at(2), ok: true }], where)).toBeNull();
    expect(blame('dhpreact', at(4), statements, [], where)).toBeNull();
    // A judgement after the line does not count: the line used the value before it.
    expect(blame('dhpreact', at(4), statements, [{ name: 'dh', at: at(6), ok: false }], where)).toBeNull();
  });

  it('judges an input against the tensor its name stands for, not the one it was compared with', () => {
    // cmp('dh', dh, hpreact): dh is h's gradient, so it is right for what dhpreact reads it as.
    expect(rightForItsName('dh', 'wrong', { kind: 'wrong-tensor', tensor: 'h' })).toBe(true);
    expect(rightForItsName('dh', 'wrong', { kind: 'wrong-tensor', tensor: 'logits' })).toBe(false);
    expect(rightForItsName('dh', 'wrong', { kind: 'sign' })).toBe(false);
    expect(rightForItsName('dh', 'approx', null)).toBe(true);
  });
});

describe('blame names the first wrong gradient of those a line used', () => {
  // d_p (line 1) wrong; d_Z = f(d_p) (line 2); d_e = d_p / Z + d_Z (line 3).
  const softmax: GradientStatement[] = [
    { at: at(1), writes: ['d_p'], reads: ['p'] },
    { at: at(2), writes: ['d_Z'], reads: ['d_p', 'e', 'Z'] },
    { at: at(3), writes: ['d_e'], reads: ['d_p', 'Z', 'd_Z'] },
  ];

  it('not an input wrong only through another input it names (the live check judges both, a run one)', () => {
    const both: JudgedGradient[] = [
      { name: 'd_p', at: at(1), ok: false },
      { name: 'd_Z', at: at(2), ok: false },
    ];
    const once: JudgedGradient[] = [{ name: 'd_p', at: at(1), ok: false }];
    const said = 'd_e uses d_p (cell 1, line 1), which is itself wrong: fix that first';
    expect(blame('d_e', at(3), softmax, both, where)?.message).toBe(said);
    expect(blame('d_e', at(3), softmax, once, where)?.message).toBe(said);
  });

  it('an input wrong on its own is still named beside the other', () => {
    const judged: JudgedGradient[] = [
      { name: 'd_p', at: at(1), ok: true },
      { name: 'd_Z', at: at(2), ok: false },
    ];
    expect(blame('d_e', at(3), softmax, judged, where)?.message).toBe(
      'd_e uses d_Z (cell 1, line 2), which is itself wrong: fix that first',
    );
    const two: GradientStatement[] = [...softmax.slice(0, 1), { ...softmax[1], reads: ['e', 'Z'] }, softmax[2]];
    const bothWrong: JudgedGradient[] = [
      { name: 'd_p', at: at(1), ok: false },
      { name: 'd_Z', at: at(2), ok: false },
    ];
    expect(blame('d_e', at(3), two, bothWrong, where)?.message).toBe(
      'd_e uses d_p (cell 1, line 1) and d_Z (cell 1, line 2), which are themselves wrong: fix those first',
    );
  });
});
