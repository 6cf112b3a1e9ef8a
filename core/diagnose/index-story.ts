/**
 * `dC[Xb] += demb` with indices that repeat: PyTorch's indexing assignment (`index_put_` without accumulate)
 * writes each repeated index once, so a row picked k times gets one of its k contributions instead of their sum.
 * Recognised by the numbers: every row equals zero (not picked), its one contribution, or one of its several.
 */
import { graphIndexOf } from '../backprop/graph-index';
import type { Tensor } from '../tensor/tensor';
import { maxAbs } from './compare';
import type { GradientContext } from './consumer-terms';
import { gradNameOf, namingOf } from './grad-name';
import type { Diagnosis } from './types';

/** Ops that pick whole rows of their first input by the indices of their second (`C[Xb]`, `x[ix]`). */
const ROW_PICKS = new Set(['embedding', 'index']);

export function repeatedIndexDiagnosis(
  ctx: GradientContext,
  target: string,
  gradName: string,
  manual: Tensor,
): Diagnosis | null {
  const ix = graphIndexOf(ctx.graph);
  const x = ctx.tensors.get(target);
  if (!x || x.shape.length < 1) return null;
  const width = x.size / x.shape[0];
  const scale = maxAbs(manual.data) || 1;
  const close = (a: ArrayLike<number>, i: number, b: ArrayLike<number>, j: number) => {
    for (let k = 0; k < width; k++) if (!(Math.abs(a[i + k] - b[j + k]) <= 1e-4 * scale + 1e-9)) return false;
    return true;
  };
  for (const { node, input } of ix.uses(target)) {
    if (!ROW_PICKS.has(node.op ?? '') || input !== 0) continue;
    const idx = ctx.tensors.get(node.inputs[1])?.data;
    const g = ctx.grads.get(ctx.tensors.get(node.id)!)?.data;
    if (!idx || !g) continue;
    const picks = new Map<number, number[]>();
    for (let p = 0; p < idx.length; p++) picks.set(idx[p], [...(picks.get(idx[p]) ?? []), p]);
    const repeated = [...picks.values()].filter((ps) => ps.length > 1);
    if (repeated.length === 0) continue;
    const zero = new Float64Array(width);
    let fits = true;
    for (let r = 0; r < x.shape[0] && fits; r++) {
      const ps = picks.get(r) ?? [];
      fits =
        ps.length === 0
          ? close(manual.data, r * width, zero, 0)
          : ps.some((p) => close(manual.data, r * width, g, p * width));
    }
    if (!fits) continue;
    const extra = repeated.reduce((a, ps) => a + ps.length, 0);
    const idName = node.inputs[1];
    const flowing = gradNameOf(ix.head(node.id), namingOf(gradName, target));
    return {
      kind: 'repeated-index',
      message:
        `${repeated.length} rows of ${target} are picked more than once by ${idName} (${extra} of its ${idx.length} picks), ` +
        `but \`${gradName}[${idName}] += …\` writes a repeated index once: PyTorch's indexing assignment does not add up ` +
        `repeats, so each of those rows keeps one contribution instead of their sum. Add them with ` +
        `\`${gradName}.index_add_(0, ${idName}.view(-1), ${flowing}.view(-1, ${width}))\` or a loop over the picks`,
    };
  }
  return null;
}
