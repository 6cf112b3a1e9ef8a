/**
 * The float32 fused multiply-add as emulated in JavaScript (core/tensor/fma.ts), against an exact BigInt
 * computation, on random operands and on ones built so that rounding a·b + c to float64 first lands exactly on a
 * float32 midpoint (where rounding twice would go wrong).
 */
import { describe, expect, it } from 'vitest';
import { fmaF32 } from '../../../core/tensor/fma';
import { exactFmaF32, fmaCases } from './fma-reference';

const f = Math.fround;

describe('fmaF32', () => {
  const cases = fmaCases(50000);

  it('rounds a·b + c once, as an FMA instruction does', () => {
    let wrong = 0;
    for (const [a, b, c] of cases) {
      if (!Object.is(fmaF32(a, b, c), exactFmaF32(a, b, c)) && wrong++ < 5)
        expect.soft(fmaF32(a, b, c), `fma(${a}, ${b}, ${c})`).toBe(exactFmaF32(a, b, c));
    }
    expect(wrong).toBe(0);
  });

  it('the traps are real: rounding through float64 alone gets some of them wrong', () => {
    const twice = cases.filter(([a, b, c]) => f(a * b + c) !== exactFmaF32(a, b, c));
    expect(twice.length).toBeGreaterThan(1000);
  });
});
