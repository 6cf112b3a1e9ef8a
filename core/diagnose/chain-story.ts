/**
 * Mistakes of the chain rule, told by splitting autograd's gradient into the pieces a formula is made of:
 * - the local derivative without the gradient flowing in (`dprobs = 1.0 / probs`, no `* dlogprobs`): the value
 *   equals what the consumer statement sends back when its result's gradient is all ones;
 * - one wrong or missing term of a multi-term formula (exercise 3's one-line batchnorm backward): autograd's
 *   gradient from the upstream gradient the formula reads, split by the named tensors the paths go through.
 */
import { graphIndexOf, isNamed } from '../backprop/graph-index';
import { propagate } from '../autograd/propagate';
import { onesLike, type Tensor } from '../tensor/tensor';
import { bestFactor, maxAbs, roughlyEqual, sumOf } from './compare';
import type { GradientContext } from './consumer-terms';
import { gradNameOf, namingOf } from './grad-name';
import type { Diagnosis } from './types';

export interface ChainQuestion {
  ctx: GradientContext;
  target: string;
  gradName: string;
  manual: Tensor;
  autograd: Tensor;
  /** The tensors whose gradients the learner's statement reads (`hpreact` for `dhpreact`). */
  upstreamTensors?: readonly string[];
  /** A factor in words, with the notebook's constants (`(n − 1)/n`). */
  factorText(k: number): string;
}

export function chainFactorDiagnosis(q: ChainQuestion): Diagnosis | null {
  const ix = graphIndexOf(q.ctx.graph);
  const x = q.ctx.tensors.get(q.target);
  if (!x) return null;
  const stops = q.ctx.graph.nodes.filter(isNamed).map((n) => q.ctx.tensors.get(n.id)!);
  const heads = [...new Set(ix.uses(q.target).map((u) => ix.head(u.node.id)))];
  const locals: { head: string; value: Tensor }[] = [];
  for (const head of heads) {
    const y = q.ctx.tensors.get(head)!;
    const gy = q.ctx.grads.get(y);
    // Where the gradient flowing in is all ones (the loss), the local derivative is the whole term.
    if (!gy || gy.data.every((v) => v === 1)) return null;
    const value = propagate(new Map([[y, onesLike(y)]]), { stopAt: stops, targets: [x] }).get(x);
    if (value) locals.push({ head, value });
  }
  if (locals.length === 0) return null;
  // All consumers' local derivatives summed, or the one consumer's the learner started from.
  const all = roughlyEqual(
    q.manual.data,
    sumOf(
      locals.map((l) => l.value.data),
      q.manual.size,
    ),
  );
  const matched = all ? locals : locals.filter((l) => roughlyEqual(q.manual.data, l.value.data)).slice(0, 1);
  if (matched.length === 0) return null;
  const stmt = (h: string) => `\`${ix.node(h).statement ?? h}\``;
  const naming = namingOf(q.gradName, q.target);
  const fix = matched.map((l) => gradNameOf(l.head, naming)).join(' and ');
  return {
    kind: 'chain-factor',
    message:
      `${q.gradName} is only the local derivative of ${matched.map((l) => stmt(l.head)).join(' and ')}: ` +
      `the chain rule multiplies it by the gradient flowing into ${matched.map((l) => l.head).join(' and ')} ` +
      `(${fix}), so write \`${q.gradName} = (…) * ${matched.length === 1 ? fix : 'd…'}\``,
  };
}

const REDUCTIONS = new Set(['sum', 'mean', 'var']);

export function formulaTermDiagnosis(q: ChainQuestion): Diagnosis | null {
  const ix = graphIndexOf(q.ctx.graph);
  const x = q.ctx.tensors.get(q.target);
  if (!x) return null;
  const reduces = (id: string) =>
    [id, ...ix.node(id).inputs].some((i) => ix.head(i) === id && REDUCTIONS.has(ix.node(i).op ?? ''));
  for (const up of q.upstreamTensors ?? []) {
    const u = q.ctx.tensors.get(up);
    const gu = u ? q.ctx.grads.get(u) : undefined;
    if (!u || !gu || up === q.target) continue;
    const from = (stopAt: Tensor[]) =>
      propagate(new Map([[u, gu]]), { stopAt, targets: [x] }).get(x)?.data ?? new Float64Array(x.size);
    const total = from([]);
    // The formula's upstream gradient carries all of the target's: otherwise this is not a fused formula.
    if (!roughlyEqual(total, q.autograd.data)) continue;
    const between = q.ctx.graph.nodes.filter(
      (n) =>
        isNamed(n) &&
        n.id !== up &&
        n.id !== q.target &&
        ix.position(n.id) > ix.position(q.target) &&
        ix.position(n.id) < ix.position(up),
    );
    const scale = maxAbs(total);
    const branches: { id: string; value: Float64Array }[] = [];
    for (const n of between) {
      const without = from([q.ctx.tensors.get(n.id)!]);
      const through = Float64Array.from(total, (v, i) => v - without[i]);
      // A branch carries part of the gradient, not all of it (a tensor every path crosses is no term).
      if (maxAbs(through) <= 1e-4 * scale || maxAbs(without) <= 1e-4 * scale) continue;
      // A chain of tensors on one path (bndiff2 → bnvar → bnvar_inv) is one term: it is named by the
      // tensor whose statement reduces, where the formula's `.sum(…)` comes from.
      const same = branches.findIndex((b) => roughlyEqual(b.value, through));
      if (same < 0) branches.push({ id: n.id, value: through });
      else if (!reduces(branches[same].id) && reduces(n.id)) branches[same] = { id: n.id, value: through };
    }
    if (branches.length === 0) continue;
    const direct = from(branches.map((b) => q.ctx.tensors.get(b.id)!));
    const terms = [{ id: null as string | null, value: direct }, ...branches];
    if (
      !roughlyEqual(
        sumOf(
          terms.map((t) => t.value),
          x.size,
        ),
        total,
      )
    )
      continue;
    const name = (t: { id: string | null }) =>
      t.id === null
        ? `the direct term (the path through none of ${branches.map((b) => b.id).join(', ')})`
        : `the term through ${t.id} (\`${ix.node(t.id).statement ?? t.id}\`)`;
    for (const t of terms) {
      const rest = Float64Array.from(q.manual.data, (v, i) => v - (total[i] - t.value[i]));
      if (maxAbs(rest) <= 1e-4 * scale) {
        return {
          kind: 'formula-term',
          message: `${q.gradName}'s formula misses ${name(t)}; its other terms are right`,
        };
      }
      const k = bestFactor(rest, t.value);
      if (
        k !== null &&
        Math.abs(k - 1) > 1e-3 &&
        roughlyEqual(
          rest,
          Float64Array.from(t.value, (v) => k * v),
        )
      ) {
        return {
          kind: 'formula-term',
          message: `${q.gradName}'s formula gets ${name(t)} wrong: it is ${q.factorText(k)} × what autograd sends that way; its other terms are right`,
        };
      }
    }
  }
  return null;
}
