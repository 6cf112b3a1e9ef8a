/**
 * The lecture's cmp line, as Python prints it, so a learner can hold the app next to the notebook:
 * `logprobs        | exact: True  | approximate: True  | maxdiff: 0.0`.
 */
import type { CmpResult } from '../../core/autograd/cmp';

/** A float as Python's repr writes it: `0.0`, `1e-05`, `5.122274160385132e-09`, `nan`. */
export function pyFloat(x: number): string {
  if (Number.isNaN(x)) return 'nan';
  if (!Number.isFinite(x)) return x > 0 ? 'inf' : '-inf';
  if (Number.isInteger(x) && Math.abs(x) < 1e16) return `${x}.0`;
  // Python switches to exponent notation below 1e-4; JS only below 1e-6.
  const s = Math.abs(x) < 1e-4 ? x.toExponential() : String(x);
  const m = /^(-?[\d.]+)e([+-])(\d+)$/.exec(s);
  if (!m) return s;
  const [, mantissa, sign, exp] = m;
  return `${mantissa.replace(/\.0+$/, '')}e${sign}${exp.padStart(2, '0')}`;
}

export const pyBool = (b: boolean) => (b ? 'True' : 'False');

export function cmpLine(name: string, c: CmpResult): string {
  return `${name.padEnd(15)} | exact: ${pyBool(c.exact).padEnd(5)} | approximate: ${pyBool(c.approx).padEnd(5)} | maxdiff: ${pyFloat(c.maxdiff)}`;
}

/** `exact`, `approximate` or `mismatch`: the badge's word. */
export function cmpVerdict(c: CmpResult): 'exact' | 'approximate' | 'mismatch' {
  return c.exact ? 'exact' : c.approx ? 'approximate' : 'mismatch';
}
