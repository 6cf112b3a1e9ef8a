/**
 * The terms of one tensor's gradient. Every op slot reading the target contributes one term: the gradient
 * of that slot's statement (a named tensor) pushed down through the statement's anonymous intermediates by
 * each op's rule, with a forward broadcast undone by a sum wherever one was recorded.
 */
import { formatShape, sameShape } from '../tensor/shape';
import { alignedTex, atom, gradName, name, texName, type Expr } from '../ops/symbolic/expr';
import { forwardExpr } from './forward-expr';
import type { FusedRegion } from './fused-rules';
import { isNamed, type GraphIndex } from './graph-index';
import { gradThrough, ruleFor, type RuleInput } from './op-rules';
import { expansionOf, isReduction, undoBroadcast } from './sentences';
import type { Contribution, Expansion, Reduction, SpecialCase } from './types';

/** The gradient flows from `node` into its operand `input`. */
interface Hop {
  node: string;
  input: number;
}

/** A contribution with its notes, before its place in the `+=` order is known. */
export interface Term {
  contribution: Omit<Contribution, 'accumulate'>;
  reductions: Omit<Reduction, 'contribution'>[];
  expansions: Omit<Expansion, 'contribution'>[];
  special: Omit<SpecialCase, 'contribution'>[];
  /** Autograd adds terms from the latest consumer in the forward pass first (then by operand position). */
  order: [number, number];
  /** The term's LaTeX broken into lines (Expr.lines), for the step's whole gradient. */
  lines: readonly string[] | null;
}

export interface TermContext {
  ix: GraphIndex;
  /** Named tensors a fused rule skips: no term flows from them. */
  collapsed: ReadonlySet<string>;
}

/** Forward expressions by node id: names for named nodes, sub-expressions for anonymous ones. */
export function forwardExprs(ix: GraphIndex): (id: string) => Expr {
  const memo = new Map<string, Expr>();
  const get = (id: string): Expr => {
    let e = memo.get(id);
    if (!e) {
      const n = ix.node(id);
      e = isNamed(n) ? name(n.id, n.shape) : forwardExpr(n, n.inputs.map(get));
      memo.set(id, e);
    }
    return e;
  };
  return get;
}

/** The left side of every local derivative: the incoming gradient `(·)` times ∂head/∂target (expr.ts's notation). */
const localLeft = (head: string, target: string): string =>
  `(\\cdot)\\,\\frac{\\partial\\,${texName(head)}}{\\partial\\,${texName(target)}}`;

/** The term's fields that come from its formulas: g applied to d<head>, and to the placeholder. */
function formulas(head: string, target: string, g: Expr, local: Expr) {
  return {
    text: g.text,
    latex: g.latex,
    shape: [...g.shape],
    local: `${localLeft(head, target)} = ${local.latex}`,
    localAligned: alignedTex(localLeft(head, target), local.lines),
  };
}

/** Paths from a named head down to `id` through anonymous intermediates (one per way the gradient can go). */
function pathsFromHead(ix: GraphIndex, id: string): Hop[][] {
  if (isNamed(ix.node(id))) return [[]];
  return ix
    .uses(id)
    .filter((u) => ix.flows(u.node.id))
    .flatMap((u) => pathsFromHead(ix, u.node.id).map((p) => [...p, { node: u.node.id, input: u.input }]));
}

function walk(ix: GraphIndex, x: (id: string) => Expr, hops: Hop[], target: string): Term {
  const head = ix.node(hops[0].node);
  let g = gradName(head.id, head.shape);
  // The local derivative: the same walk applied to a placeholder for the incoming gradient.
  let placeholder = gradPlaceholder(head.shape);
  const term: Omit<Term, 'contribution' | 'order' | 'lines'> = { reductions: [], expansions: [], special: [] };
  const edges = hops.map((h) => ({ producer: ix.node(h.node).inputs[h.input], consumer: h.node }));
  for (const hop of hops) {
    const node = ix.node(hop.node);
    const rule = ruleFor(node);
    const inputs = node.inputs.map(x);
    const r: RuleInput = {
      node,
      inputNodes: node.inputs.map(ix.node),
      inputs,
      out: x(node.id),
      source: forwardExpr(node, inputs),
    };
    if (isReduction(node.op)) term.expansions.push(expansionOf(r, g));
    const special = rule.kind === 'structural' ? rule.special?.(hop.input, r, g) : null;
    if (special) term.special.push({ ...special, node: node.id, op: node.op! });
    let next = gradThrough(rule, hop.input, r, g);
    let nextLocal = gradThrough(rule, hop.input, r, placeholder);
    const operand = r.inputNodes[hop.input];
    if (!next || !nextLocal) throw new Error(`schedule: no gradient flows from ${node.id} into ${operand.id}`);
    const b = node.broadcasts.find((bc) => bc.input === hop.input);
    const expected = b ? b.to : operand.shape;
    if (!sameShape(next.shape, expected)) {
      throw new Error(
        `schedule: ${node.op} in ${node.id} gives the gradient of ${operand.id} shape ${formatShape(next.shape)}, ` +
          `expected ${formatShape(expected)}`,
      );
    }
    if (b) {
      const undone = undoBroadcast(next, b, node, operand, r.inputs[hop.input]);
      next = undone.expr;
      nextLocal = undoBroadcast(nextLocal, b, node, operand, r.inputs[hop.input]).expr;
      term.reductions.push(undone.reduction);
    }
    g = next;
    placeholder = nextLocal;
  }
  const last = hops[hops.length - 1];
  return {
    ...term,
    contribution: {
      consumer: head.id,
      statement: head.statement,
      edges,
      ...formulas(head.id, target, g, placeholder),
      fused: null,
    },
    order: [-ix.position(last.node), last.input],
    lines: g.lines ?? null,
  };
}

/** `(·)`, the incoming gradient in a local derivative; inside a function's own parentheses it is a bare `·`. */
function gradPlaceholder(shape: readonly number[]): Expr {
  return { ...atom('(·)', '(\\cdot)', shape), inner: atom('·', '\\cdot', shape) };
}

/** Every ordinary term of target's gradient (fused terms come from fusedTerm). */
export function termsFor(ctx: TermContext, x: (id: string) => Expr, target: string): Term[] {
  const { ix } = ctx;
  return ix
    .uses(target)
    .filter((u) => ix.flows(u.node.id) && !ctx.collapsed.has(ix.head(u.node.id)))
    .flatMap((u) =>
      pathsFromHead(ix, u.node.id).map((p) => walk(ix, x, [...p, { node: u.node.id, input: u.input }], target)),
    );
}

/** The single term a fused rule gives its `to` tensor. */
export function fusedTerm(ix: GraphIndex, x: (id: string) => Expr, region: FusedRegion): Term {
  const { rule } = region;
  const from = ix.node(rule.from);
  const g = rule.grad(x, gradName(from.id, from.shape));
  const local = rule.grad(x, gradPlaceholder(from.shape));
  const shape = ix.node(rule.to).shape;
  if (!sameShape(g.shape, shape)) {
    throw new Error(
      `schedule: ${rule.name} gives d${rule.to} shape ${formatShape(g.shape)}, expected ${formatShape(shape)}`,
    );
  }
  return {
    contribution: {
      consumer: from.id,
      statement: from.statement,
      edges: region.edges,
      ...formulas(from.id, rule.to, g, local),
      fused: rule.name,
    },
    reductions: [],
    expansions: [],
    special: [
      { kind: 'fused', node: from.id, op: rule.name, note: `${rule.note}, skipping ${region.collapsed.join(', ')}` },
    ],
    order: [-ix.position(from.id), 0],
    lines: g.lines ?? null,
  };
}
