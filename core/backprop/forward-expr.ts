/**
 * How each recorded op reads as source (`bnvar + 1e-5`, `hprebn.sum(0, keepdim=True)`): gradient formulas
 * name anonymous intermediates by the sub-expression that computed them, as the lecture's formulas do.
 */
import type { AttrValue, GraphNode } from '../graph/types';
import { normalizeDim } from '../tensor/shape';
import { add, call, div, matmul, method, mul, neg, num, pow, sub, sum, mean, transpose, type Expr } from './expr';
import { sliceIndex } from './index-text';

type Attrs = Record<string, AttrValue>;

/** A dim attribute made non-negative for a tensor of the given rank (null: all dims). */
export function dimOf(attrs: Attrs, rank: number): number | null {
  const d = attrs.dim;
  if (d === null || d === undefined) return null;
  const n = normalizeDim(Number(d), rank);
  if (n === null) throw new Error(`schedule: dim ${String(d)} is out of range for a ${rank}-D tensor`);
  return n;
}

const keep = (attrs: Attrs): string => (attrs.keepdim ? ', keepdim=True' : '');
const scalar = (attrs: Attrs): number => Number(attrs.scalar);

const FORWARD: Record<string, (x: Expr[], n: GraphNode) => Expr> = {
  add: ([a, b]) => add(a, b),
  sub: ([a, b]) => sub(a, b),
  mul: ([a, b]) => mul(a, b),
  div: ([a, b]) => div(a, b),
  neg: ([a]) => neg(a),
  matmul: ([a, b]) => matmul(a, b),
  add_scalar: ([x], n) => add(x, num(scalar(n.attrs))),
  sub_scalar: ([x], n) => sub(x, num(scalar(n.attrs))),
  rsub_scalar: ([x], n) => sub(num(scalar(n.attrs)), x),
  // The recorded op does not say which side the scalar was on; the lecture puts it in front (`1/n*...`).
  mul_scalar: ([x], n) => mul(num(scalar(n.attrs)), x),
  div_scalar: ([x], n) => div(x, num(scalar(n.attrs))),
  rdiv_scalar: ([x], n) => div(num(scalar(n.attrs)), x),
  pow: ([x], n) => pow(x, Number(n.attrs.exponent)),
  exp: ([x], n) => method(x, '.exp()', (l) => `e^{${l}}`, n.shape),
  log: ([x], n) => method(x, '.log()', (l) => `\\log\\left(${l}\\right)`, n.shape),
  tanh: ([x], n) => call(`torch.tanh(${x.text})`, `\\tanh\\left(${x.latex}\\right)`, n.shape),
  sqrt: ([x], n) => method(x, '.sqrt()', (l) => `\\sqrt{${l}}`, n.shape),
  sum: ([x], n) => {
    const d = dimOf(n.attrs, x.shape.length);
    return sum(x, d === null ? null : [d], Boolean(n.attrs.keepdim));
  },
  mean: ([x], n) => {
    const d = dimOf(n.attrs, x.shape.length);
    return mean(x, d === null ? null : [d], Boolean(n.attrs.keepdim));
  },
  max: ([x], n) =>
    method(
      x,
      `.max(${String(n.attrs.dim)}${keep(n.attrs)}).values`,
      (l) => `\\max_{${String(n.attrs.dim)}}\\left(${l}\\right)`,
      n.shape,
    ),
  var: ([x], n) =>
    method(
      x,
      `.var(${String(n.attrs.dim)}${keep(n.attrs)}${n.attrs.unbiased === false ? ', unbiased=False' : ''})`,
      (l) => `\\operatorname{var}_{${String(n.attrs.dim)}}\\left(${l}\\right)`,
      n.shape,
    ),
  view: ([x], n) =>
    method(
      x,
      `.view(${(n.attrs.shape as number[]).join(', ')})`,
      (l) => `\\operatorname{view}\\left(${l}\\right)`,
      n.shape,
    ),
  transpose: ([x]) => transpose(x),
  clone: ([x], n) => method(x, '.clone()', (l) => l, n.shape),
  embedding: ([table, ix], n) => method(table, `[${ix.text}]`, (l) => `${l}[${ix.latex}]`, n.shape),
  pick: ([x, ix], n) => method(x, `[range(${n.shape[0]}), ${ix.text}]`, (l) => `${l}_{[i,\\,${ix.latex}_i]}`, n.shape),
  index_add: ([x, ix, src], n) =>
    method(
      x,
      `.index_add(0, ${ix.text}, ${src.text})`,
      (l) => `\\operatorname{index\\_add}\\left(${l}, ${ix.latex}, ${src.latex}\\right)`,
      n.shape,
    ),
  softmax: ([x], n) =>
    call(`F.softmax(${x.text}, ${String(n.attrs.dim)})`, `\\operatorname{softmax}\\left(${x.latex}\\right)`, n.shape),
  log_softmax: ([x], n) =>
    call(
      `F.log_softmax(${x.text}, ${String(n.attrs.dim)})`,
      `\\log\\operatorname{softmax}\\left(${x.latex}\\right)`,
      n.shape,
    ),
  log10: ([x], n) => method(x, '.log10()', (l) => `\\log_{10}\\left(${l}\\right)`, n.shape),
  abs: ([x], n) => method(x, '.abs()', (l) => `\\left|${l}\\right|`, n.shape),
  min: ([x], n) =>
    method(
      x,
      `.min(${String(n.attrs.dim)}${keep(n.attrs)}).values`,
      (l) => `\\min_{${String(n.attrs.dim)}}\\left(${l}\\right)`,
      n.shape,
    ),
  slice: ([x], n) => method(x, sliceIndex(n.attrs, x.shape), (l) => `${l}${sliceIndex(n.attrs, x.shape)}`, n.shape),
  index: ([x, ix], n) => method(x, `[${ix.text}]`, (l) => `${l}[${ix.latex}]`, n.shape),
  index_put: ([x, v], n) =>
    call(`${x.text}.index_put(…, ${v.text})`, `\\operatorname{put}\\left(${x.latex}, ${v.latex}\\right)`, n.shape),
  cat: (xs, n) =>
    call(
      `torch.cat([${xs.map((x) => x.text).join(', ')}], ${String(n.attrs.dim)})`,
      `\\operatorname{cat}\\left(${xs.map((x) => x.latex).join(', ')}\\right)`,
      n.shape,
    ),
  cross_entropy: ([a, b], n) =>
    call(
      `F.cross_entropy(${a.text}, ${b.text})`,
      `\\operatorname{cross\\_entropy}\\left(${a.latex}, ${b.latex}\\right)`,
      n.shape,
    ),
};

/** The node's computation as an expression of its operands' expressions, with the recorded shape. */
export function forwardExpr(node: GraphNode, inputs: Expr[]): Expr {
  const f = FORWARD[node.op ?? ''];
  if (!f) throw new Error(`schedule: no rule for op ${node.op ?? '(leaf)'} (node ${node.id})`);
  return { ...f(inputs, node), shape: [...node.shape] };
}
