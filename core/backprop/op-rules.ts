/**
 * The local backward rule of every recorded op, in one table keyed by op name, written as formulas (the
 * numeric rules live beside each op in core/ops). Pointwise ops give their local derivative ∂out/∂input,
 * which the chain rule multiplies by the incoming gradient; the others (products, reductions, indexing,
 * reshapes) give the whole gradient formula and, when worth a remark, a special-case tag.
 */
import type { GraphNode } from '../graph/types';
import {
  call,
  div,
  expand,
  group,
  literal,
  matmul,
  mean,
  method,
  mul,
  neg,
  num,
  pow,
  sub,
  sum,
  texArg,
  transpose,
  unsqueeze,
  view,
  type Expr,
} from './expr';
import { dimOf } from './forward-expr';
import { catIndex, sliceIndex } from './index-text';
import type { SpecialKind } from './types';

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

export type OpRule = PointwiseRule | StructuralRule;

const ONE = literal('1.0', '1', 1);
const scalar = (r: RuleInput): number => Number(r.node.attrs.scalar);
const pointwise = (local: PointwiseRule['local']): PointwiseRule => ({ kind: 'pointwise', local });
const same = (e: Expr): PointwiseRule => pointwise(() => e);

/** How the text refers to a node: its name, or its sub-expression in backticks. */
export const subject = (n: GraphNode, e: Expr): string => (n.kind === 'op' ? `\`${e.text}\`` : n.id);
/** How the text refers to a gradient: `dprobs`, or the formula in backticks. */
export const gradPhrase = (g: Expr): string => (/^d\w+$/.test(g.text) ? g.text : `\`${g.text}\``);

/** d(x**e)/dx written as the lecture does: `2*bndiff`, `-counts_sum**-2`, `-0.5*(bnvar + 1e-5)**-1.5`. */
function powLocal(x: Expr, e: number): Expr {
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
function unreduce(g: Expr, node: GraphNode, x: Expr): Expr {
  const d = dimOf(node.attrs, x.shape.length);
  const kept = d === null || node.attrs.keepdim ? g : unsqueeze(g, d);
  return expand(kept, x.shape);
}

function oneHot(ix: Expr, classes: number): Expr {
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

function argmaxGrad(r: RuleInput, g: Expr, which: 'max' | 'min' = 'max'): Expr {
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

export const OP_RULES: Record<string, OpRule> = {
  add: same(num(1)),
  sub: pointwise((k) => num(k === 0 ? 1 : -1)),
  mul: pointwise((k, r) => r.inputs[1 - k]),
  div: pointwise((k, { inputs: [a, b] }) => (k === 0 ? div(ONE, b) : div(neg(a), pow(b, 2)))),
  neg: same(num(-1)),
  add_scalar: same(num(1)),
  sub_scalar: same(num(1)),
  rsub_scalar: same(num(-1)),
  mul_scalar: pointwise((_, r) => num(scalar(r))),
  div_scalar: pointwise((_, r) => num(1 / scalar(r))),
  rdiv_scalar: pointwise((_, r) => div(num(-scalar(r)), pow(r.inputs[0], 2))),
  pow: pointwise((_, r) => powLocal(r.inputs[0], Number(r.node.attrs.exponent))),
  exp: pointwise((_, r) => r.out),
  log: pointwise((_, r) => div(ONE, r.inputs[0])),
  tanh: pointwise((_, r) => sub(ONE, pow(r.out, 2))),
  sqrt: pointwise((_, r) => div(ONE, mul(num(2), r.out))),
  clone: same(num(1)),
  matmul: {
    kind: 'structural',
    grad: (k, { inputs: [a, b] }, g) => (k === 0 ? matmul(g, transpose(b)) : matmul(transpose(a), g)),
    special: (_, { inputs: [a, b], inputNodes: [na, nb], source }, g) => ({
      kind: 'matmul-transpose',
      note:
        `${source.text} is a matrix product, so its gradients are the two transposed products: ` +
        `${na.kind === 'op' ? `d(${a.text})` : `d${na.id}`} = ${matmul(g, transpose(b)).text} and ` +
        `${nb.kind === 'op' ? `d(${b.text})` : `d${nb.id}`} = ${matmul(transpose(a), g).text}`,
    }),
  },
  sum: { kind: 'structural', grad: (_, r, g) => unreduce(g, r.node, r.inputs[0]) },
  mean: {
    kind: 'structural',
    grad: (_, r, g) => {
      const x = r.inputs[0];
      const d = dimOf(r.node.attrs, x.shape.length);
      return div(unreduce(g, r.node, x), num(d === null ? x.shape.reduce((a, b) => a * b, 1) : x.shape[d]));
    },
  },
  var: {
    kind: 'structural',
    grad: (_, r, g) => {
      const x = r.inputs[0];
      const d = dimOf(r.node.attrs, x.shape.length)!;
      const n = x.shape[d] - (r.node.attrs.unbiased === false ? 0 : 1);
      return mul(varFactor(x, d, n), unreduce(g, r.node, x));
    },
  },
  max: {
    kind: 'structural',
    grad: (_, r, g) => argmaxGrad(r, g),
    special: (_, r, g) => ({
      kind: 'argmax',
      note:
        `${subject(r.node, r.out)} keeps one element along dim ${String(r.node.attrs.dim)}, so ${gradPhrase(g)} ` +
        `reaches ${subject(r.inputNodes[0], r.inputs[0])} only at the argmax; every other element gets 0`,
    }),
  },
  view: {
    kind: 'structural',
    grad: (_, { inputs: [x], inputNodes: [nx] }, g) =>
      view(g, x.shape, nx.kind === 'op' ? x.shape.join(', ') : `${nx.id}.shape`),
    special: (_, r) => ({
      kind: 'view-back',
      note:
        `${subject(r.node, r.out)} is ${subject(r.inputNodes[0], r.inputs[0])} seen as ${r.node.shape.join('×')}, ` +
        `so its gradient is viewed back to ${r.inputs[0].shape.join('×')}`,
    }),
  },
  transpose: { kind: 'structural', grad: (_, __, g) => transpose(g) },
  embedding: {
    kind: 'structural',
    grad: (k, { inputs: [table, ix], inputNodes: [nt] }, g) => {
      if (k !== 0) return null;
      const width = table.shape[1];
      const rows = view(
        g,
        [g.shape.reduce((a, b) => a * b, 1) / width, width],
        `-1, ${nt.kind === 'op' ? width : `${nt.id}.shape[1]`}`,
      );
      const flat = method(ix, '.view(-1)', (l) => l, [ix.shape.reduce((p, q) => p * q, 1)]);
      return call(
        `torch.zeros_like(${table.text}).index_add(0, ${flat.text}, ${rows.text})`,
        `\\operatorname{scatter\\_add}_{${ix.latex}}${texArg(g)}`,
        table.shape,
      );
    },
    special: (k, { inputs: [table, ix], inputNodes: [nt], source }) =>
      k !== 0
        ? null
        : {
            kind: 'scatter-add',
            note:
              `${source.text} copies a row of ${subject(nt, table)} for each of the ${ix.shape.reduce((a, b) => a * b, 1)} ` +
              `indices in ${ix.text}, so each row receives the sum of the gradients of all its copies (scatter-add)`,
          },
  },
  pick: {
    kind: 'structural',
    grad: (k, { inputs: [x, ix] }, g) => (k === 0 ? mul(oneHot(ix, x.shape[1]), unsqueeze(g, 1)) : null),
    special: (k, { inputs: [x], inputNodes: [nx], node, source }) =>
      k !== 0
        ? null
        : {
            kind: 'scatter-add',
            note:
              `${source.text} reads one element per row, so the gradient is added back at ` +
              `those ${node.shape[0]} positions of ${subject(nx, x)} and is 0 everywhere else`,
          },
  },
  index_add: {
    kind: 'structural',
    grad: (k, { inputs: [, ix] }, g) =>
      k === 0
        ? g
        : k === 2
          ? method(g, `[${ix.text}]`, (l) => `${l}_{[${ix.latex}]}`, [ix.shape[0], g.shape[1]])
          : null,
  },
  softmax: {
    kind: 'structural',
    grad: (_, { out, node }, g) =>
      mul(out, group(sub(g, sum(mul(g, out), [dimOf(node.attrs, out.shape.length)!], true)))),
  },
  log_softmax: {
    kind: 'structural',
    grad: (_, { out, node }, g) =>
      sub(
        g,
        mul(
          method(out, '.exp()', (l) => `e^{${l}}`, out.shape),
          sum(g, [dimOf(node.attrs, out.shape.length)!], true),
        ),
      ),
  },
  log10: pointwise((_, r) => div(ONE, mul(r.inputs[0], num(Math.LN10)))),
  abs: pointwise((_, r) =>
    method(r.inputs[0], '.sign()', (l) => `\\operatorname{sign}\\left(${l}\\right)`, r.inputs[0].shape),
  ),
  min: {
    kind: 'structural',
    grad: (_, r, g) => argmaxGrad(r, g, 'min'),
    special: (_, r, g) => ({
      kind: 'argmax',
      note:
        `${subject(r.node, r.out)} keeps one element along dim ${String(r.node.attrs.dim)}, so ${gradPhrase(g)} ` +
        `reaches ${subject(r.inputNodes[0], r.inputs[0])} only at the argmin; every other element gets 0`,
    }),
  },
  slice: {
    kind: 'structural',
    grad: (_, { inputs: [x], node }, g) =>
      call(
        `torch.zeros_like(${x.text}).index_put(${sliceIndex(node.attrs, x.shape)}, ${g.text})`,
        `\\operatorname{scatter}_{${sliceIndex(node.attrs, x.shape)}}${texArg(g)}`,
        x.shape,
      ),
    special: (_, { inputs: [x], inputNodes: [nx], source }) => ({
      kind: 'scatter-add',
      note:
        `${source.text} reads part of ${subject(nx, x)}, so the gradient goes back to exactly those positions ` +
        'and is 0 everywhere else',
    }),
  },
  index: {
    kind: 'structural',
    grad: (k, { inputs: [x, ix] }, g) => {
      if (k !== 0) return null;
      const flat = method(ix, '.view(-1)', (l) => l, [ix.shape.reduce((p, q) => p * q, 1)]);
      return call(
        `torch.zeros_like(${x.text}).index_add(0, ${flat.text}, ${g.text}.view(-1, *${x.text}.shape[1:]))`,
        `\\operatorname{scatter\\_add}_{${ix.latex}}${texArg(g)}`,
        x.shape,
      );
    },
    special: (k, { inputs: [x, ix], inputNodes: [nx], source }) =>
      k !== 0
        ? null
        : {
            kind: 'scatter-add',
            note:
              `${source.text} copies a row of ${subject(nx, x)} for each of the ${ix.shape.reduce((a, b) => a * b, 1)} ` +
              `indices in ${ix.text}, so each row receives the sum of the gradients of all its copies (scatter-add)`,
          },
  },
  index_put: {
    kind: 'structural',
    grad: (k, { inputs: [x, v] }, g) =>
      k === 0
        ? call(`${g.text}.index_put(…, 0)`, `${g.latex}\\big|_{\\text{written}=0}`, x.shape)
        : call(`${g.text}[…]`, `${g.latex}\\big|_{\\text{written}}`, v.shape),
  },
  cat: {
    kind: 'structural',
    grad: (k, { inputs, node }, g) => {
      const dim = Number(node.attrs.dim);
      const start = inputs.slice(0, k).reduce((a, x) => a + x.shape[dim], 0);
      const idx = catIndex(dim, start, inputs[k].shape[dim]);
      return method(g, idx, (l) => `${l}${idx}`, inputs[k].shape);
    },
  },
  cross_entropy: {
    kind: 'structural',
    grad: (k, { inputs: [logits, targets] }, g) => (k === 0 ? crossEntropyGrad(logits, targets, g) : null),
  },
};

export function ruleFor(node: GraphNode): OpRule {
  const rule = OP_RULES[node.op ?? ''];
  if (!rule) throw new Error(`schedule: no backward rule for op ${node.op ?? '(leaf)'} (node ${node.id})`);
  return rule;
}

/** The gradient into input k: local derivative × incoming gradient for pointwise ops, the rule's formula otherwise. */
export function gradThrough(rule: OpRule, k: number, r: RuleInput, g: Expr): Expr | null {
  if (rule.kind === 'structural') return rule.grad(k, r, g);
  const local = rule.local(k, r);
  if (local.value === 1) return g;
  if (local.value === -1) return neg(g);
  return mul(local.value !== undefined ? local : group(local), g);
}
