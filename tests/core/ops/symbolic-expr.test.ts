/** Formula building: numbers as a reader writes them, parentheses only where Python needs them, shapes checked. */
import { describe, expect, it } from 'vitest';
import {
  add,
  alignedTex,
  div,
  expand,
  formatNumber,
  gradName,
  group,
  matmul,
  mul,
  name,
  neg,
  num,
  pow,
  sub,
  sum,
  transpose,
  unsqueeze,
  view,
  type Expr,
} from '../../../core/ops/symbolic/expr';

const a = name('a', [4, 5]);
const b = name('b', [4, 5]);
const c = name('c', [4, 1]);
const W = name('W', [5, 3]);

describe('formatNumber', () => {
  it.each([
    [2, '2', '2'],
    [-0.5, '-0.5', '-0.5'],
    [0.1, '0.1', '0.1'],
    [1e-5, '1e-5', '10^{-5}'],
    [2.5e-4, '2.5e-4', '2.5 \\times 10^{-4}'],
    [1 / 32, '1/32', '\\frac{1}{32}'],
    [1 / 31, '1/31', '\\frac{1}{31}'],
    [32 / 31, '32/31', '\\frac{32}{31}'],
    [-2 / 31, '-2/31', '-\\frac{2}{31}'],
  ])('%s → %s', (v, text, latex) => {
    expect(formatNumber(v)).toMatchObject({ text, latex });
  });
});

describe('expression text', () => {
  it.each<[string, Expr, string]>([
    ['left-assoc minus', sub(a, sub(b, a)), 'a - (b - a)'],
    ['sum in a product', mul(a, add(b, c)), 'a * (b + c)'],
    ['power binds tighter than minus', neg(pow(a, 2)), '-a**2'],
    ['minus inside a power', pow(neg(a), 2), '(-a)**2'],
    ['a sum as a base', pow(add(c, num(1e-5)), -0.5), '(c + 1e-5)**-0.5'],
    ['number times tensor', mul(num(2), a), '2*a'],
    ['rational times tensor', mul(num(1 / 32), a), '1/32 * a'],
    ['left-assoc product and quotient', div(mul(a, b), num(32)), 'a * b / 32'],
    ['quotient on the right', mul(a, div(b, c)), 'a * (b / c)'],
    ['matmul next to a product', matmul(mul(a, b), W), '(a * b) @ W'],
    ['product of a matmul', mul(matmul(a, W), num(2)), '(a @ W) * 2'],
    ['method on a product', sum(mul(a, c), [1], true), '(a * c).sum(1, keepdim=True)'],
    ['negated gradient summed', sum(neg(gradName('x', [4, 5])), [0], false), '(-dx).sum(0)'],
    ['transpose', matmul(gradName('y', [4, 3]), transpose(W)), 'dy @ W.T'],
    ['group keeps a local derivative together', mul(group(sub(num(1), pow(a, 2))), b), '(1 - a**2) * b'],
    ['unsqueeze then expand', expand(unsqueeze(name('m', [4]), 1), [4, 5]), 'm.unsqueeze(1).expand(4, 5)'],
    ['a stretched 0-d tensor divided', div(expand(name('s', []), [4]), num(4)), '(s / 4).expand(4)'],
    ['a stretched 0-d tensor unsqueezed', unsqueeze(expand(name('s', []), [4]), 1), 's.expand(4, 1)'],
    ['a product broadcasts a 0-d tensor by itself', mul(a, expand(name('s', []), [4, 1])), 'a * s'],
    ['but not a stretched tensor', mul(a, expand(c, [4, 5])), 'a * c.expand(4, 5)'],
  ])('%s', (_, e, text) => {
    expect(e.text).toBe(text);
  });
});

describe('expression LaTeX', () => {
  it('writes every elementwise product as ⊙, a 0-d operand too, and a number in front as a coefficient', () => {
    expect(mul(a, b).latex).toBe('\\mathrm{a} \\odot \\mathrm{b}');
    expect(mul(a, name('s', [])).latex).toBe('\\mathrm{a} \\odot \\mathrm{s}');
    expect(mul(num(2), a).latex).toBe('2\\,\\mathrm{a}');
    expect(matmul(a, W).latex).toBe('\\mathrm{a}\\,\\mathrm{W}');
  });
});

describe('expression lines, for a narrow panel', () => {
  const x = name('x', [4, 5]);
  const chain = sub(sub(a, b), mul(num(2), x));
  it('break a sum of three or more terms before each + and -, and not a shorter one', () => {
    expect(sub(a, b).lines).toBeUndefined();
    expect(chain.lines).toEqual(['\\mathrm{a}', '- \\mathrm{b}', '- 2\\,\\mathrm{x}']);
    expect(chain.lines!.join(' ')).toBe(chain.latex);
  });

  it('break a long sum in parentheses on the right of a product inside sizable parentheses', () => {
    expect(mul(c, group(chain)).lines).toEqual([
      '\\mathrm{c} \\odot \\Bigl(\\mathrm{a}',
      '- \\mathrm{b}',
      '- 2\\,\\mathrm{x}\\Bigr)',
    ]);
    expect(mul(c, group(sub(a, b))).lines).toBeUndefined();
  });

  it('align them under the head', () => {
    expect(alignedTex('d\\mathrm{y}', chain.lines)).toBe(
      '\\begin{aligned}&d\\mathrm{y}\\\\&= \\mathrm{a}\\\\&\\qquad - \\mathrm{b}\\\\&\\qquad - 2\\,\\mathrm{x}\\end{aligned}',
    );
    expect(alignedTex('d\\mathrm{y}', undefined)).toBeNull();
  });
});

describe('expression shapes', () => {
  it('follow broadcasting, matmul, sums, expand and view', () => {
    expect(mul(c, a).shape).toEqual([4, 5]);
    expect(matmul(a, W).shape).toEqual([4, 3]);
    expect(sum(a, [1], true).shape).toEqual([4, 1]);
    expect(sum(a, [0], false).shape).toEqual([5]);
    expect(sum(a, null, false).shape).toEqual([]);
    expect(expand(name('s', []), [4, 5]).shape).toEqual([4, 5]);
    expect(view(a, [2, 10], '2, 10').shape).toEqual([2, 10]);
  });

  it('refuse what PyTorch would refuse', () => {
    expect(() => add(a, name('z', [3]))).toThrow('does not broadcast (4×5 and 3)');
    expect(() => matmul(a, a)).toThrow('cannot multiply 4×5 by 4×5');
    expect(() => expand(a, [4, 1])).toThrow('cannot be expanded');
    expect(() => view(a, [3, 7], '3, 7')).toThrow('cannot be viewed');
  });
});
