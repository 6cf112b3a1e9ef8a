/**
 * The two broadcasting lessons in words. A forward broadcast is undone by a sum in the backward
 * ("counts_sum_inv 32×1 was broadcast to 32×27 in ..., so its gradient sums over dim 1, keepdim"); a forward
 * reduction is undone by a broadcast ("counts_sum 32×1 is the sum of counts over dim 1, so dcounts_sum is
 * broadcast back to 32×27").
 */
import type { BroadcastInfo, GraphNode } from '../graph/types';
import '../ops';
import { opSpec } from '../ops/op';
import { sum, type Expr } from '../ops/symbolic/expr';
import { formatShape, reductionText, sumsOver } from './shape-words';
import { dimOf } from './forward-expr';
import { gradPhrase, subject, varFactor, type RuleInput } from './op-rules';
import type { Expansion, Reduction } from './types';

export function undoBroadcast(
  g: Expr,
  b: BroadcastInfo,
  node: GraphNode,
  operand: GraphNode,
  operandExpr: Expr,
): { expr: Expr; reduction: Omit<Reduction, 'contribution'> } {
  let expr = g;
  if (b.stretched.length > 0) expr = sum(expr, b.stretched, true);
  if (b.prepended.length > 0) expr = sum(expr, b.prepended, false);
  const text = reductionText(b);
  const sentence =
    `${subject(operand, operandExpr)} ${formatShape(b.from)} was broadcast to ${formatShape(b.to)} ` +
    `in \`${node.statement ?? node.id}\`, so its gradient sums over ${sumsOver(b, ', keepdim')}`;
  return {
    expr,
    reduction: {
      node: node.id,
      input: b.input,
      operand: operand.id,
      from: [...b.from],
      to: [...b.to],
      dims: [...b.dims],
      keepdim: b.prepended.length === 0,
      stretched: [...b.stretched],
      prepended: [...b.prepended],
      text,
      sentence,
    },
  };
}

/** The op's reduction word ("sum", "variance"), from the registry; undefined for an op that does not reduce. */
const reductionWord = (op: string | null): string | undefined => (op === null ? undefined : opSpec(op)?.reduction);

export const isReduction = (op: string | null): boolean => reductionWord(op) !== undefined;

/** The sentence for the backward of a reduction node, given the gradient arriving at it. */
export function expansionOf(r: RuleInput, g: Expr): Omit<Expansion, 'contribution'> {
  const { node } = r;
  const op = node.op ?? '';
  const x = r.inputs[0];
  const dim = dimOf(node.attrs, x.shape.length);
  const n = dim === null ? x.shape.reduce((a, b) => a * b, 1) : x.shape[dim];
  const over = dim === null ? 'all its elements' : `dim ${dim}`;
  const back =
    op === 'max' || op === 'min'
      ? `flows back to ${formatShape(x.shape)}, to the arg${op} along dim ${dim} only`
      : `is broadcast back to ${formatShape(x.shape)}` +
        (op === 'mean'
          ? `, divided by ${n}`
          : op === 'var'
            ? `, times \`${varFactor(x, dim!, node.attrs.unbiased === false ? n : n - 1).text}\``
            : '');
  return {
    node: node.id,
    op,
    dim,
    keepdim: Boolean(node.attrs.keepdim),
    from: [...node.shape],
    to: [...x.shape],
    sentence:
      `${subject(node, r.out)} ${formatShape(node.shape)} is the ${reductionWord(op)} of ` +
      `${subject(r.inputNodes[0], x)} over ${over}, so ${gradPhrase(g)} ${back}`,
  };
}
