/**
 * Why a gradient of the right shape has the wrong values: another tensor's gradient, the sign, a constant
 * factor or offset, a transpose, the chain rule's missing factor, repeated indices written once, an
 * accumulation that misses some consumers, or one wrong term of a formula. Each is checked against autograd's numbers, so what is said is
 * what the numbers show.
 */
import type { Diagnosis } from './types';
import type { Tensor } from '../tensor/tensor';
import { bestFactor, maxAbs, roughlyEqual, scaled, sumOf, transposed } from './compare';
import { consumerTerms, type GradientContext } from './consumer-terms';
import { graphIndexOf } from '../backprop/graph-index';
import { formatDims } from '../backprop/shape-words';
import { broadcastsOf } from './broadcast-uses';
import { chainFactorDiagnosis, formulaTermDiagnosis } from './chain-story';
import { repeatedIndexDiagnosis } from './index-story';
import { wrongTensorDiagnosis } from './wrong-tensor';

export interface ValueQuestion {
  ctx: GradientContext;
  target: string;
  gradName: string;
  manual: Tensor;
  autograd: Tensor;
  /** The learner's name for an integer constant (`n` for 32), when they have one. */
  constantName?(value: number): string | null;
  /** The tensors whose gradients the learner's statement reads (`hpreact` for `dhpreact`). */
  upstreamTensors?: readonly string[];
}

export function valueDiagnosis(q: ValueQuestion): Diagnosis | null {
  const m = q.manual.data;
  const g = q.autograd.data;
  const shape = q.autograd.shape;
  const bad = nonFinite(m);
  if (bad) {
    return {
      kind: 'other',
      message: `${q.gradName} has ${bad.count} ${bad.what} entr${bad.count === 1 ? 'y' : 'ies'} (the first at [${indexOf(bad.first, shape).join(', ')}]): a division by zero or an overflow in its formula`,
    };
  }
  const pairing = wrongTensorDiagnosis(q);
  if (pairing) return pairing;
  if (roughlyEqual(m, scaled(g, -1)))
    return { kind: 'sign', message: `${q.gradName} is −1 × autograd's gradient of ${q.target}: the sign is flipped` };
  const factor = factorStory(q);
  if (factor) return factor;
  const offset = offsetStory(q);
  if (offset) return offset;
  if (shape.length === 2 && shape[0] === shape[1] && roughlyEqual(m, transposed(g, shape[0], shape[1])))
    return { kind: 'transpose', message: `${q.gradName} is the transpose of autograd's gradient of ${q.target}` };
  const chain = { ...q, factorText: (k: number) => factorText(q, k) };
  return (
    chainFactorDiagnosis(chain) ??
    repeatedIndexDiagnosis(q.ctx, q.target, q.gradName, q.manual) ??
    incompleteStory(q) ??
    formulaTermDiagnosis(chain)
  );
}

/** Sizes that appear in the graph and the constants made of them: where a stray factor comes from. */
function candidateFactors(
  q: Pick<ValueQuestion, 'ctx' | 'constantName'>,
): { value: number; text: string; size: number }[] {
  const sizes = new Set<number>([2]);
  for (const n of q.ctx.graph.nodes) for (const s of n.shape) if (s > 2) sizes.add(s);
  const out: { value: number; text: string; size: number }[] = [];
  for (const s of sizes) {
    const n = q.constantName?.(s) ?? null;
    const sym = n ?? String(s);
    out.push({ value: s, text: sym, size: s }, { value: 1 / s, text: `1/${sym}`, size: s });
    if (s <= 2) continue;
    const less = n ? `(${n} − 1)` : String(s - 1);
    out.push({ value: s - 1, text: less, size: s }, { value: 1 / (s - 1), text: `1/${less}`, size: s });
    out.push(
      { value: s / (s - 1), text: `${sym}/${less}`, size: s },
      { value: (s - 1) / s, text: `${less}/${sym}`, size: s },
    );
  }
  return out;
}

/** |k| in words, with the notebook's constant when it names the size it comes from: `1/n (n = 32)`. */
export function factorText(q: Pick<ValueQuestion, 'ctx' | 'constantName'>, k: number): string {
  const mag = Math.abs(k);
  const known = candidateFactors(q).find((c) => Math.abs(c.value - mag) <= 1e-3 * mag);
  const name = known ? q.constantName?.(known.size) : null;
  const what = known ? known.text : mag >= 1 ? mag.toPrecision(4) : `1/${(1 / mag).toPrecision(4)}`;
  return name ? `${what} (${name} = ${known!.size})` : what;
}

function factorStory(q: ValueQuestion): Diagnosis | null {
  const k = bestFactor(q.manual.data, q.autograd.data);
  if (k === null || !Number.isFinite(k) || Math.abs(k - 1) < 1e-3 || Math.abs(k) < 1e-12) return null;
  if (!roughlyEqual(q.manual.data, scaled(q.autograd.data, k))) return null;
  const sign = k < 0 ? ', with the opposite sign' : '';
  return {
    kind: 'factor',
    message: `${q.gradName} is autograd's gradient of ${q.target} times ${factorText(q, k)}${sign}: a stray constant factor`,
  };
}

/** manual − autograd is one constant everywhere: a start from ones (or any constant) instead of zeros. */
function offsetStory(q: ValueQuestion): Diagnosis | null {
  const m = q.manual.data;
  const g = q.autograd.data;
  if (m.length < 2) return null;
  const c = m[0] - g[0];
  const tol = 1e-4 * Math.max(maxAbs(m), maxAbs(g)) + 1e-9;
  if (!(Math.abs(c) > tol)) return null;
  for (let i = 1; i < m.length; i++) if (!(Math.abs(m[i] - g[i] - c) <= tol)) return null;
  const shown = Number(c.toPrecision(4));
  const start = shown === 1 ? `started from \`torch.ones_like(${q.target})\`?` : `a constant was added?`;
  return {
    kind: 'offset',
    message: `${q.gradName} is autograd's gradient of ${q.target} plus ${shown} in every entry: ${start} Start from \`torch.zeros_like(${q.target})\` and add the contributions`,
  };
}

/** The value holds the terms of some consumers only: name the missing ones and their statements. */
function incompleteStory(q: ValueQuestion): Diagnosis | null {
  const terms = consumerTerms(q.ctx, q.target);
  if (terms.length < 2 || terms.length > 10) return null;
  const size = q.manual.size;
  let best: number[] | null = null;
  for (let mask = 1; mask < (1 << terms.length) - 1; mask++) {
    const parts = terms.filter((_, i) => mask & (1 << i));
    if (
      roughlyEqual(
        q.manual.data,
        sumOf(
          parts.map((t) => t.value.data),
          size,
        ),
      )
    ) {
      best = terms.map((_, i) => i).filter((i) => mask & (1 << i));
      break;
    }
  }
  if (!best) return null;
  const have = terms.filter((_, i) => best!.includes(i));
  const missing = terms.filter((_, i) => !best!.includes(i));
  const quote = (t: { statement: string | null; consumer: string }) => `\`${t.statement ?? t.consumer}\``;
  return {
    kind: 'incomplete',
    message:
      `${q.gradName} has only the contribution through ${have.map(quote).join(' and ')}; ${q.target} is also used in ` +
      `${missing.map(quote).join(' and ')}: add ${missing.length > 1 ? 'those contributions' : 'that contribution'} with \`+=\``,
  };
}

/** A gradient that is ≈0 by design (a shift the loss ignores), said as the lecture says it. */
export function zeroByDesign(ctx: GradientContext, target: string, autograd: Tensor): Diagnosis | null {
  const big = largestGradient(ctx.grads);
  const own = maxAbs(autograd.data);
  if (!(big > 0) || own > 1e-6 * big) return null;
  const shift = broadcastsOf(graphIndexOf(ctx.graph), target).find((u) => u.node.op === 'add' || u.node.op === 'sub');
  const why = shift
    ? `${target} shifts every entry of \`${shift.statement}\` along ${formatDims(shift.info.dims)} together, and the loss does not change under that shift`
    : `the loss does not change when ${target} does`;
  return {
    kind: 'zero-by-design',
    message: `autograd's gradient of ${target} is ≈0 by design (largest entry ${own.toExponential(1)}, only rounding noise): ${why}`,
  };
}

const largest = new WeakMap<ReadonlyMap<Tensor, Tensor>, number>();

/** The largest |entry| of any gradient of the run: what "≈0" is measured against (computed once per run). */
function largestGradient(grads: ReadonlyMap<Tensor, Tensor>): number {
  let big = largest.get(grads);
  if (big === undefined) {
    big = 0;
    for (const g of grads.values()) big = Math.max(big, maxAbs(g.data));
    largest.set(grads, big);
  }
  return big;
}

function nonFinite(a: ArrayLike<number>): { count: number; first: number; what: string } | null {
  let count = 0;
  let first = -1;
  let nan = false;
  for (let i = 0; i < a.length; i++) {
    if (Number.isFinite(a[i])) continue;
    if (first < 0) first = i;
    nan ||= Number.isNaN(a[i]);
    count++;
  }
  return count === 0 ? null : { count, first, what: nan ? 'NaN' : 'infinite' };
}

/** A flat index as a multi-index of `shape`. */
function indexOf(flat: number, shape: readonly number[]): number[] {
  const out: number[] = [];
  for (let d = shape.length - 1; d >= 0; d--) {
    out.unshift(flat % shape[d]);
    flat = Math.floor(flat / shape[d]);
  }
  return out;
}
