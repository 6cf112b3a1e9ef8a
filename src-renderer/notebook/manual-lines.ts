/**
 * The learner's manual backward, line by line, for the player's step panel: for every tensor a check
 * pairs with a gradient (`cmp('h', dh, h)`), the lines of the notebook that assign that gradient
 * (`dh = dlogits @ W2.T`, `dC[...] += ...`), in the order they appear. Lines that only read it don't count.
 */
import type { ManualLine } from '../../core/backprop/types';
import type { CellResult, Check } from '../../core/notebook/types';

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

export function manualLines(
  cells: readonly CellResult[],
  checks: readonly Check[],
): (ManualLine & { target: string })[] {
  const gradOf = new Map<string, string>();
  for (const c of checks) if (c.target && c.grad_name && !gradOf.has(c.target)) gradOf.set(c.target, c.grad_name);
  const lines = cells.filter((c) => c.kind === 'code' && c.ran).flatMap((c) => c.source.split('\n'));
  const out: (ManualLine & { target: string })[] = [];
  for (const [target, grad] of gradOf) {
    // `dh = …`, `dh += …`, `dC[ix] += …`; not `dh == …` nor `dhx = …`.
    const assigns = new RegExp(`^\\s*${escape(grad)}\\s*(\\[[^\\]]*\\])?\\s*(\\+=|-=|\\*=|=)(?!=)`);
    const seen = new Set<string>();
    for (const line of lines) {
      const m = assigns.exec(line);
      const source = line.trim();
      if (!m || seen.has(source)) continue;
      seen.add(source);
      out.push({ target, source, accumulate: m[2] !== '=' || m[1] !== undefined });
    }
  }
  return out;
}
