import { describe, expect, it } from 'vitest';
import { add, matmul, mul, pow, sum } from '../../../core/ops';
import { Recorder, statementTarget } from '../../../core/recorder/recorder';
import { tensor, zeros } from '../../../core/tensor/tensor';

function smallPass() {
  const rec = new Recorder();
  const x = rec.leaf(
    'x',
    tensor(
      [4, 3],
      Array.from({ length: 12 }, (_, i) => i),
    ),
    'data',
  );
  const W = rec.leaf('W', zeros([3, 5]).requireGrad(), 'parameter');
  const b = rec.leaf('b', zeros([5]).requireGrad(), 'parameter');
  const hpre = rec.statement('hpre = x @ W + b', () => add(matmul(x, W), b));
  const s = rec.statement('s = hpre.sum(1, keepdim=True)', () => sum(hpre, 1, true));
  const inv = rec.statement('inv = s**-1', () => pow(s, -1));
  rec.statement('p = hpre * inv', () => mul(hpre, inv));
  return rec.graph('p');
}

describe('Recorder', () => {
  it('makes a node per leaf, per op and per named tensor, with the statement each came from', () => {
    const g = smallPass();
    expect(g.source).toEqual(['hpre = x @ W + b', 's = hpre.sum(1, keepdim=True)', 'inv = s**-1', 'p = hpre * inv']);
    expect(g.nodes.map((n) => [n.id, n.kind, n.op])).toEqual([
      ['x', 'data', null],
      ['W', 'parameter', null],
      ['b', 'parameter', null],
      ['hpre/matmul#1', 'op', 'matmul'],
      ['hpre', 'tensor', 'add'],
      ['s', 'tensor', 'sum'],
      ['inv', 'tensor', 'pow'],
      ['p', 'tensor', 'mul'],
    ]);
    const mm = g.nodes[3];
    expect(mm.group).toBe('hpre');
    expect(mm.inputs).toEqual(['x', 'W']);
    expect(mm.statement).toBe('hpre = x @ W + b');
    expect(g.nodes.find((n) => n.id === 'hpre')!.inputs).toEqual(['hpre/matmul#1', 'b']);
    expect(g.nodes.find((n) => n.id === 's')!.attrs).toEqual({ dim: 1, keepdim: true });
    expect(g.nodes.find((n) => n.id === 'inv')!.attrs).toEqual({ exponent: -1 });
    expect(g.nodes.find((n) => n.id === 'inv')!.line).toBe(2);
  });

  it('marks every broadcast input with its shape, the output shape and the expanded dims', () => {
    const g = smallPass();
    const hpre = g.nodes.find((n) => n.id === 'hpre')!;
    expect(hpre.broadcasts).toEqual([
      { input: 1, inputId: 'b', from: [5], to: [4, 5], dims: [0], prepended: [0], stretched: [] },
    ]);
    const p = g.nodes.find((n) => n.id === 'p')!;
    expect(p.broadcasts).toEqual([
      { input: 1, inputId: 'inv', from: [4, 1], to: [4, 5], dims: [1], prepended: [], stretched: [1] },
    ]);
    expect(g.nodes.find((n) => n.id === 's')!.broadcasts).toEqual([]);
  });

  it('serialises to JSON and back unchanged', () => {
    const g = smallPass();
    expect(JSON.parse(JSON.stringify(g))).toEqual(g);
  });

  it('refuses operands it has not seen and duplicate names', () => {
    const rec = new Recorder();
    const stray = zeros([2]);
    expect(() => rec.statement('y = stray * 2', () => mul(stray, 2))).toThrow('operand 0 was not recorded');
    rec.leaf('a', zeros([2]), 'data');
    expect(() => rec.leaf('a', zeros([2]), 'data')).toThrow('a is recorded twice');
  });

  it.each([
    ['counts_sum_inv = counts_sum**-1', 'counts_sum_inv'],
    ['dcounts += x', 'dcounts'],
    ['  h = torch.tanh(hpreact)', 'h'],
  ])('statementTarget(%s) = %s', (text, target) => {
    expect(statementTarget(text)).toBe(target);
  });
});
