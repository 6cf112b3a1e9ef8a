/**
 * What an op's symbolic readings are made of: the shape of a backward rule written as formulas (the step's
 * terms and TeX) and of its forward text, plus the helpers several ops' rules share. Each op writes its own
 * rule and text beside its forward and numeric backward (see op.ts); this file only gives them their words.
 */
import type { AttrValue, GraphNode } from '../../graph/types';
import { normalizeDim } from '../../tensor/shape';
import { call, div, expand, group, literal, method, mul, neg, num, pow, sub, unsqueeze, mean, type Expr } from './expr';

/** The remarks a step panel makes about an op's backward (a chip and a sentence). */
export type SpecialKind = 'argmax' | 'scatter-add' | 'view-back' | 'matmul-transpose' | 'fused';

/** What a rule sees of a node: the node, its operands' and its own forward expressions. */
export interface RuleInput {
  node: GraphNode;
  inputNodes: GraphNode[];
  /** Names for named tensors, the sub-expression for anonymous ones. */
  inputs: Expr[];
  out: Expr;
  /** The node's own computation as source (`h @ W2`), even when it is named. */
  source: Expr;
}

export interface Special {
  kind: SpecialKind;
  note: string;
}

interface PointwiseRule {
  kind: 'pointwise';
  /** ∂out/∂(input k), elementwise. */
  local(k: number, r: RuleInput): Expr;
}

interface StructuralRule {
  kind: 'structural';
  /** The gradient of input k (before any forward broadcast is undone); null where none flows (indices). */
  grad(k: number, r: RuleInput, g: Expr): Expr | null;
  special?(k: number, r: RuleInput, g: Expr): Special | null;
}

/** An op's backward as formulas: a local derivative for pointwise ops, the whole gradient otherwise. */
export type OpRule = PointwiseRule | StructuralRule;

/** An op's forward as source, from its operands' expressions (`bnvar + 1e-5`, `hprebn.sum(0, keepdim=True)`). */
export type ForwardText = (inputs: Expr[], node: GraphNode) => Expr;

export const ONE = literal('1.0', '1', 1);
export const scalarAttr = (n: GraphNode): number => Number(n.attrs.scalar);
export const pointwise = (local: PointwiseRule['local']): PointwiseRule => ({ kind: 'pointwise', local });
export const same = (e: Expr): PointwiseRule => pointwise(() => e);
export const keepText = (attrs: Record<string, AttrValue>): string => (attrs.keepdim ? ', keepdim=True' : '');

/** How the text refers to a node: its name, or its sub-expression in backticks. */
export const subject = (n: GraphNode, e: Expr): string => (n.kind === 'op' ? `\`${e.text}\`` : n.id);
/** How the text refers to a gradient: `dprobs`, or the formula in backticks. */
export const gradPhrase = (g: Expr): string => (/^d\w+$/.test(g.text) ? g.text : `\`${g.text}\``);

/** A dim attribute made non-negative for a tensor of the given rank (null: all dims). */
export function dimOf(attrs: Record<string, AttrValue>, rank: number): number | null {
  const d = attrs.dim;
  if (d === null || d === undefined) return null;
  const n = normalizeDim(Number(d), rank);
  if (n === null) throw new Error(`schedule: dim ${String(d)} is out of range for a ${rank}-D tensor`);
  return n;
}

/** d(x**e)/dx written as the lecture does: `2*bndiff`, `-counts_sum**-2`, `-0.5*(bnvar + 1e-5)**-1.5`. */
export function powLocal(x: Expr, e: number): Expr {
  if (e === 0) return num(0);
  if (e === 1) return num(1);
  if (e === 2) return mul(num(2), x);
  if (e === -1) return neg(pow(x, -2));
  return mul(num(e), pow(x, e - 1));
}

/** What var's backward multiplies the broadcast gradient by: `2/(n-1) * (x - x.mean(d, keepdim=True))`. */
export const varFactor = (x: Expr, dim: number, n: number): Expr =>
  mul(num(2 / n), group(sub(x, mean(x, [dim], true))));

/** The backward of every reduction: put the reduced dim back (unless kept) and expand to the input's shape. */
export function unreduce(g: Expr, node: GraphNode, x: Expr): Expr {
  const d = dimOf(node.attrs, x.shape.length);
  const kept = d === null || node.attrs.keepdim || x.shape.length === 0 ? g : unsqueeze(g, d);
  return expand(kept, x.shape);
}

export function oneHot(ix: Expr, classes: number): Expr {
  return call(
    `F.one_hot(${ix.text}, num_classes=${classes})`,
    `\\operatorname{onehot}_{${classes}}\\left(${ix.latex}\\right)`,
    [...ix.shape, classes],
  );
}

/** Exercise 2: dlogits = (softmax(logits) − onehot(Yb)) / n, times the incoming gradient. */
export function crossEntropyGrad(logits: Expr, targets: Expr, g: Expr): Expr {
  const [n, c] = logits.shape;
  const softmax = call(
    `F.softmax(${logits.text}, 1)`,
    `\\operatorname{softmax}\\left(${logits.latex}\\right)`,
    logits.shape,
  );
  return mul(div(group(sub(softmax, oneHot(targets, c))), num(n)), g);
}

/** max/min over a dim: the gradient reaches the arg-extremum only (a one-hot, or an equality mask off the last dim). */
export function argmaxGrad(r: RuleInput, g: Expr, which: 'max' | 'min'): Expr {
  const [x] = r.inputs;
  const d = dimOf(r.node.attrs, x.shape.length)!;
  const kept = r.node.attrs.keepdim ? g : unsqueeze(g, d);
  if (d === x.shape.length - 1) {
    const indices = method(x, `.${which}(${d}).indices`, (l) => l, x.shape.slice(0, -1));
    const hot = call(
      `F.one_hot(${indices.text}, num_classes=${x.shape[d]})`,
      `\\operatorname{onehot}\\left(\\operatorname{arg${which}}_{${d}} ${x.latex}\\right)`,
      x.shape,
    );
    return mul(hot, kept);
  }
  const maxima = method(x, `.${which}(${d}, keepdim=True).values`, (l) => l, x.shape);
  const hot = call(
    `(${x.text} == ${maxima.text})`,
    `\\mathbb{1}\\left[${x.latex} = \\${which}_{${d}} ${x.latex}\\right]`,
    x.shape,
  );
  return mul(hot, kept);
}

/** The step panel's remark on max/min: the gradient reaches one element per slice. */
export function argmaxSpecial(r: RuleInput, g: Expr, which: 'max' | 'min'): Special {
  return {
    kind: 'argmax',
    note:
      `${subject(r.node, r.out)} keeps one element along dim ${String(r.node.attrs.dim)}, so ${gradPhrase(g)} ` +
      `reaches ${subject(r.inputNodes[0], r.inputs[0])} only at the arg${which}; every other element gets 0`,
  };
}

/** The step panel's remark on a row gather (`C[Xb]`, `x[ix]`): rows read several times sum their gradients. */
export function rowsCopiedSpecial({ inputs: [table, ix], inputNodes: [nt], source }: RuleInput): Special {
  return {
    kind: 'scatter-add',
    note:
      `${source.text} copies a row of ${subject(nt, table)} for each of the ${ix.shape.reduce((a, b) => a * b, 1)} ` +
      `indices in ${ix.text}, so each row receives the sum of the gradients of all its copies (scatter-add)`,
  };
}
