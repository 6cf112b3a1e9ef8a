/**
 * The learner's manual backward, statement by statement, for the player's step panel: for every tensor a
 * check pairs with a gradient (`cmp('h', dh, h)`), the statements of the cells that ran which write that
 * gradient (`dh = dlogits @ W2.T`, a loop doing `dC[ix] += …`), in order, as the one reading of the source
 * (core/notebook/source-analysis.ts) found them. Statements that only read it don't count.
 */
import type { ManualLine } from '../../core/backprop/types';
import type { CellResult, Check } from '../../core/notebook/types';

export function manualLines(
  cells: readonly CellResult[],
  checks: readonly Check[],
): (ManualLine & { target: string })[] {
  const gradOf = new Map<string, string>();
  for (const c of checks) if (c.target && c.grad_name && !gradOf.has(c.target)) gradOf.set(c.target, c.grad_name);
  const statements = cells.filter((c) => c.kind === 'code' && c.ran).flatMap((c) => c.statements ?? []);
  const out: (ManualLine & { target: string })[] = [];
  for (const [target, grad] of gradOf) {
    const seen = new Set<string>();
    for (const st of statements) {
      const write = st.grads.find((g) => g.name === grad);
      if (!write || seen.has(st.text)) continue;
      seen.add(st.text);
      out.push({ target, source: st.text, accumulate: write.accumulate });
    }
  }
  return out;
}
